"""rasa-sdk actions: a tracker goes in; the exact events and messages (response names) come out."""
import itertools

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import holds
from actions.adapter import STATE_SLOTS
from actions.safety_actions import ActionHandleRedFlag, ActionNoteContraindication
from actions.session_actions import ActionAfterFaq, ActionGreet, ActionSessionStep

LOG = {"released": [], "unreleased": [], "referral": [], "holds": {"left:upper": 1}}
HOLDING = dict(stage="holding", hold_id="h0", side="left", position="sitting", spot_queue=["upper", "middle", "lower"],
               spot_round=1, screen_status="passed", session_log=LOG, pain_before=6, in_session=True)
HOLD_CUES = {"start": "Press gently and hold.", "end": "And release."}


@pytest.fixture(autouse=True)
def numbered_holds(monkeypatch):
    ids = (f"h{n}" for n in itertools.count(1))
    monkeypatch.setattr(holds, "new_hold_id", lambda: next(ids))


def tracker(intent, text="", entities=(), events=(), message_extra=None, **slots):
    all_slots = {name: None for name in STATE_SLOTS}
    all_slots["in_session"] = False  # its initial value in the domain
    all_slots.update(slots)
    message = {"intent": {"name": intent, "confidence": 1.0}, "text": text or intent,
               "entities": [{"entity": e, "value": v} for e, v in entities], **(message_extra or {})}
    return Tracker("tester", all_slots, message, list(events), False, None, {}, "action_listen")


async def run(action, tracker_):
    """(messages as response names or custom payloads, events)."""
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker_, {})
    return [m.get("response") or m.get("custom") for m in dispatcher.messages], events


def stop(reason, hold_id="h0"):
    return {"hold_stop": {"id": hold_id, "reason": reason}}


async def test_start_asks_the_first_screen_question():
    messages, events = await run(ActionSessionStep(), tracker("start_session"))
    assert messages == ["utter_screen_intro", "utter_screen_q1"]
    assert events == [SlotSet("stage", "screen"), SlotSet("screen_step", 1), SlotSet("spot_round", 1),
                      SlotSet("in_session", True)]


async def test_ready_sends_the_hold_and_counts_it():
    slots = {**HOLDING, "stage": "explore", "hold_id": None, "session_log": None}
    messages, events = await run(ActionSessionStep(), tracker("continue_session", **slots))
    hold = {"hold": {"id": "h1", "kind": "hold", "seconds": 12, "cues": HOLD_CUES, "side": "left", "spot": "upper",
                     "round": 1, "finish_payload": '/hold_finished{"hold_id": "h1"}'}}
    assert messages == ["utter_hold_start", hold]
    assert events == [SlotSet("stage", "holding"), SlotSet("session_log", LOG), SlotSet("hold_id", "h1")]


async def test_finished_hold_is_announced_over_and_checked():
    messages, events = await run(ActionSessionStep(), tracker(
        "hold_finished", entities=[("hold_id", "h0")], **HOLDING))
    assert messages == [stop("done"), "utter_check"]
    assert events == [SlotSet("stage", "check"), SlotSet("hold_id", None)]


async def test_a_stale_finish_changes_nothing():
    messages, events = await run(ActionSessionStep(), tracker(
        "hold_finished", entities=[("hold_id", "old")], **HOLDING))
    assert messages == ["utter_hold_already_done"] and events == []


async def test_pause_mid_hold_stops_it_and_yes_sends_it_again():
    messages, events = await run(ActionSessionStep(), tracker("pause", **HOLDING))
    assert messages == [stop("pause"), "utter_paused"]
    assert events == [SlotSet("stage", "paused"), SlotSet("hold_id", None), SlotSet("paused_stage", "holding")]
    paused = {**HOLDING, "stage": "paused", "hold_id": None, "paused_stage": "holding"}
    messages, events = await run(ActionSessionStep(), tracker("affirm", **paused))
    assert messages[:2] == ["utter_resume", "utter_hold_start"] and messages[2]["hold"]["id"] == "h1"
    assert events == [SlotSet("stage", "holding"), SlotSet("hold_id", "h1"), SlotSet("paused_stage", None)]


async def test_check_answer_writes_the_session_log_and_nothing_else():
    slots = {**HOLDING, "stage": "check", "hold_id": None}
    messages, events = await run(ActionSessionStep(), tracker("report_released", **slots))
    assert messages == ["utter_released", "utter_explore"]
    assert events == [SlotSet("stage", "explore"), SlotSet("spot_queue", ["middle", "lower"]),
                      SlotSet("session_log", {**LOG, "released": ["left:upper"]})]
    assert LOG["released"] == []  # the tracker's own copy is untouched


async def test_help_outside_a_session_changes_no_slot():
    messages, events = await run(ActionSessionStep(), tracker("ask_help"))
    assert messages == ["utter_help"] and events == []


async def test_red_flag_mid_hold_stops_the_hold_and_the_session_and_blocks_holds():
    messages, events = await run(ActionHandleRedFlag(), tracker(
        "red_flag", "i feel dizzy", entities=[("red_flag", "dizziness")], **HOLDING))
    assert messages == [stop("red_flag"), "utter_red_flag_dizziness", "utter_session_halted"]
    assert events == [SlotSet("stage", None), SlotSet("screen_status", "emergency"),
                      SlotSet("screen_reason", "dizziness"), SlotSet("spot_round", None),
                      SlotSet("spot_queue", None), SlotSet("session_log", None), SlotSet("pain_before", None),
                      SlotSet("hold_id", None), SlotSet("in_session", False)]


async def test_red_flag_outside_a_session_picks_the_most_serious_advice():
    messages, events = await run(ActionHandleRedFlag(), tracker(
        "red_flag", entities=[("red_flag", "dizziness"), ("red_flag", "chest_pain")]))
    assert messages == ["utter_red_flag_chest_pain"]
    assert events == [SlotSet("screen_status", "emergency"), SlotSet("screen_reason", "chest pain")]


async def test_red_flag_without_a_named_kind_still_gets_advice():
    messages, events = await run(ActionHandleRedFlag(), tracker("red_flag", "something awful"))
    assert messages == ["utter_red_flag_general"]
    assert events == [SlotSet("screen_status", "emergency"), SlotSet("screen_reason", "a warning sign you described")]


def asked_faq(topic, confidence=0.88, flag_intent="red_flag"):
    """Parse data of a message that stated a safety term and also asked an FAQ question."""
    return {"intent_ranking": [{"name": flag_intent, "confidence": 1.0}, {"name": "faq", "confidence": 0.91}],
            "response_selector": {"faq": {"response": {"confidence": confidence, "utter_action": f"utter_faq/{topic}",
                                                       "intent_response_key": f"faq/{topic}"}}}}


async def test_see_a_doctor_flag_with_a_confident_question_answers_it_after_the_advice():
    messages, events = await run(ActionHandleRedFlag(), tracker(
        "red_flag", entities=[("red_flag", "worsening")], message_extra=asked_faq("numb_at_night")))
    assert messages == ["utter_red_flag_worsening", "utter_faq/numb_at_night"]
    assert events == [SlotSet("screen_status", "doctor"), SlotSet("screen_reason", "symptoms getting worse quickly")]


@pytest.mark.parametrize("kinds,confidence,slots", [
    (["chest_pain"], 0.88, {}),  # an emergency gets its advice alone
    (["worsening", "dizziness"], 0.88, {}),  # the most serious kind decides
    (["worsening"], 0.2, {}),  # unsure which answer
    (["worsening"], 0.88, HOLDING),  # mid-session: the session stops, nothing else is said
])
async def test_red_flag_answers_no_faq_when_urgent_unsure_or_mid_session(kinds, confidence, slots):
    messages, _ = await run(ActionHandleRedFlag(), tracker(
        "red_flag", entities=[("red_flag", k) for k in kinds], message_extra=asked_faq("how_long", confidence),
        **slots))
    assert not any(str(m).startswith("utter_faq/") for m in messages)


async def test_red_flag_does_not_downgrade_an_earlier_emergency():
    _, events = await run(ActionHandleRedFlag(), tracker(
        "red_flag", entities=[("red_flag", "fever")], screen_status="emergency", screen_reason="chest pain"))
    assert events == [SlotSet("screen_reason", "a fever")]


async def test_contraindication_mid_hold_halts_names_the_reason_and_blocks_holds():
    messages, events = await run(ActionNoteContraindication(), tracker(
        "report_contraindication", "i'm on warfarin", entities=[("contraindication", "blood_thinner")], **HOLDING))
    assert messages == [stop("red_flag"), "utter_ask_doctor_first", "utter_session_halted"]
    assert events == [SlotSet("stage", None), SlotSet("screen_status", "ask_first"),
                      SlotSet("screen_reason", "blood thinners"), SlotSet("spot_round", None),
                      SlotSet("spot_queue", None), SlotSet("session_log", None), SlotSet("pain_before", None),
                      SlotSet("hold_id", None), SlotSet("in_session", False)]
    blocked = tracker("start_session", screen_status="ask_first", screen_reason="blood thinners")
    assert await run(ActionSessionStep(), blocked) == (["utter_session_blocked"], [])


async def test_contraindication_with_a_confident_question_answers_it_too():
    parse = asked_faq("how_long", flag_intent="report_contraindication")
    messages, events = await run(ActionNoteContraindication(), tracker(
        "report_contraindication", entities=[("contraindication", "pregnancy"), ("contraindication", "past_stroke")],
        message_extra=parse))
    assert messages == ["utter_ask_doctor_first", "utter_faq/how_long"]
    assert events == [SlotSet("screen_status", "doctor"), SlotSet("screen_reason", "pregnancy and a past stroke or mini-stroke")]


@pytest.mark.parametrize("ranking,selector_confidence", [
    ([{"name": "inform", "confidence": 0.7}, {"name": "faq", "confidence": 0.2}], 0.9),  # not asked
    ([{"name": "faq", "confidence": 0.3}], 0.9),  # a weak guess
    ([{"name": "faq", "confidence": 0.9}], 0.2),  # unsure which answer
])
async def test_contraindication_without_a_confident_question_answers_no_faq(ranking, selector_confidence):
    parse = {"intent_ranking": [{"name": "report_contraindication", "confidence": 1.0}] + ranking,
             "response_selector": {"faq": {"response": {"confidence": selector_confidence,
                                                        "utter_action": "utter_faq/how_long"}}}}
    messages, _ = await run(ActionNoteContraindication(), tracker(
        "report_contraindication", entities=[("contraindication", "cancer")], message_extra=parse))
    assert messages == ["utter_ask_doctor_first"]


async def test_faq_mid_hold_pauses_it_and_offers_to_carry_on():
    messages, events = await run(ActionAfterFaq(), tracker("faq", **HOLDING))
    assert messages == [stop("question"), "utter_after_faq_resume"]
    assert events == [SlotSet("stage", "paused"), SlotSet("hold_id", None), SlotSet("paused_stage", "holding")]


async def test_faq_mid_check_offers_to_carry_on_where_we_were():
    dispatcher = CollectingDispatcher()
    events = await ActionAfterFaq().run(dispatcher, tracker("faq", **{**HOLDING, "stage": "check", "hold_id": None,
                                                                      "spot_queue": ["middle", "lower"]}), {})
    assert [(m["response"], m["where"]) for m in dispatcher.messages] == [
        ("utter_after_faq_resume", "the left side, spot 2 of 3")]
    assert events == []


async def test_after_faq_outside_a_session_says_nothing_more():
    assert await run(ActionAfterFaq(), tracker("faq")) == ([], [])


async def test_yes_after_an_faq_offer_starts_a_session():
    faq_answer = {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_faq/how_long"}}
    messages, _ = await run(ActionSessionStep(), tracker("affirm", events=[faq_answer]))
    assert messages == ["utter_screen_intro", "utter_screen_q1"]


async def test_greet_tells_a_returning_person_about_last_time():
    past = [{"date": "2026-11-20", "pain_before": 6, "pain_after": 3, "released": 2, "spots": 3, "referral": False}]
    dispatcher = CollectingDispatcher()
    events = await ActionGreet().run(dispatcher, tracker("greet", past_sessions=past), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_welcome_back"] and events == []
    assert dispatcher.messages[0]["history"] == "One session with me so far, on 2026-11-20: 2 of 3 spots eased, pain 6 to 3."


async def test_greet_a_newcomer():
    assert await run(ActionGreet(), tracker("greet")) == (["utter_greet"], [])
