"""rasa-sdk actions: a tracker goes in, events and response names come out."""
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.session_actions import (STATE_SLOTS, ActionAfterFaq, ActionGreet, ActionHandleRedFlag,
                                     ActionSessionStep)


def tracker(intent, text="", entities=(), **slots):
    all_slots = {name: None for name in STATE_SLOTS}
    all_slots["in_session"] = False  # its initial value in the domain
    all_slots.update(slots)
    message = {"intent": {"name": intent, "confidence": 1.0}, "text": text or intent,
               "entities": [{"entity": e, "value": v} for e, v in entities]}
    return Tracker("tester", all_slots, message, [], False, None, {}, "action_listen")


async def run(action, tracker_):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker_, {})
    return [m.get("response") or "custom" for m in dispatcher.messages], events, dispatcher.messages


async def test_session_step_starts_with_the_screen_and_sets_state_slots():
    responses, events, _ = await run(ActionSessionStep(), tracker("start_session"))
    assert responses == ["utter_screen_intro", "utter_screen_q1"]
    assert SlotSet("stage", "screen") in events and SlotSet("screen_step", 1) in events


async def test_session_step_sends_the_hold_as_a_custom_payload():
    slots = dict(stage="explore", side="left", position="sitting", spot_queue=["upper", "middle", "lower"],
                 spot_round=1, screen_status="passed")
    responses, events, messages = await run(ActionSessionStep(), tracker("continue_session", **slots))
    assert responses == ["utter_hold_start", "custom"]
    hold = messages[1]["custom"]["hold"]
    assert hold["seconds"] == 12 and hold["side"] == "left"
    assert SlotSet("stage", "holding") in events and SlotSet("hold_id", hold["id"]) in events


async def test_session_step_saves_changes_inside_the_session_log():
    log = {"released": [], "unreleased": [], "referral": [], "holds": {"left:upper": 1}}
    slots = dict(stage="check", side="left", spot_queue=["upper", "middle", "lower"], session_log=log)
    _, events, _ = await run(ActionSessionStep(), tracker("report_released", **slots))
    saved = [e["value"] for e in events if e["name"] == "session_log"]
    assert saved and saved[0]["released"] == ["left:upper"]
    assert log["released"] == []  # the tracker's own copy is untouched


async def test_session_step_only_emits_changed_slots():
    _, events, _ = await run(ActionSessionStep(), tracker("ask_help"))
    assert events == []


async def test_red_flag_mid_hold_stops_the_session_and_blocks_holds():
    slots = dict(stage="holding", hold_id="abc", side="left", screen_status="passed")
    responses, events, _ = await run(ActionHandleRedFlag(), tracker(
        "red_flag", "i feel dizzy", entities=[("red_flag", "dizziness")], **slots))
    assert responses == ["utter_red_flag_dizziness", "utter_session_halted"]
    assert SlotSet("stage", None) in events and SlotSet("hold_id", None) in events
    assert SlotSet("screen_status", "emergency") in events


async def test_red_flag_picks_the_most_serious_advice():
    responses, _, _ = await run(ActionHandleRedFlag(), tracker(
        "red_flag", entities=[("red_flag", "dizziness"), ("red_flag", "chest_pain")]))
    assert responses == ["utter_red_flag_chest_pain"]


async def test_red_flag_without_a_named_kind_still_gets_advice():
    responses, events, _ = await run(ActionHandleRedFlag(), tracker("red_flag", "something awful"))
    assert responses == ["utter_red_flag_general"]
    assert SlotSet("screen_status", "emergency") in events


async def test_red_flag_does_not_downgrade_an_earlier_emergency():
    _, events, _ = await run(ActionHandleRedFlag(), tracker(
        "red_flag", entities=[("red_flag", "fever")], screen_status="emergency"))
    assert SlotSet("screen_status", "emergency") in events


async def test_after_faq_offers_to_resume_a_running_session():
    responses, _, messages = await run(ActionAfterFaq(), tracker("faq", stage="check", side="left",
                                                                  spot_queue=["middle", "lower"]))
    assert responses == ["utter_after_faq_resume"]
    assert messages[0]["where"] == "the left side, spot 2 of 3"


async def test_after_faq_outside_a_session_says_nothing_more():
    responses, events, _ = await run(ActionAfterFaq(), tracker("faq"))
    assert responses == [] and events == []


async def test_yes_after_an_faq_offer_starts_a_session():
    faq_answer = {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_faq/how_long"}}
    tracker_ = tracker("affirm")
    tracker_.events.append(faq_answer)
    responses, _, _ = await run(ActionSessionStep(), tracker_)
    assert responses == ["utter_screen_intro", "utter_screen_q1"]


async def test_greet_tells_a_returning_person_about_last_time():
    past = [{"date": "2026-11-20", "pain_before": 6, "pain_after": 3, "released": 2, "spots": 3,
             "referral": False}]
    responses, _, messages = await run(ActionGreet(), tracker("greet", past_sessions=past))
    assert responses == ["utter_welcome_back"]
    assert "from 6 to 3" in messages[0]["history"]


async def test_greet_a_newcomer():
    responses, _, _ = await run(ActionGreet(), tracker("greet"))
    assert responses == ["utter_greet"]
