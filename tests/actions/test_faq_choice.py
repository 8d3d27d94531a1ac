"""The question back and the pick: a tracker goes in, response names and events come out."""
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.faq_choice import (ActionAnswerSessionReport, ActionAskFaqChoice, ActionPickFaqChoice,
                                choice_titles, picked_number)
from scripts.model_cache import ROOT
from actions.wording import PROMISES_MORE

RESPONSES = yaml.safe_load((ROOT / "data" / "responses" / "faq.yml").read_text())["responses"]


def selector(*ranking):
    """ResponseSelector output for `faq`, in the format Rasa writes (best first)."""
    ranked = [{"intent_response_key": f"faq/{topic}", "confidence": confidence} for topic, confidence in ranking]
    return {"faq": {"response": {**ranked[0], "utter_action": f"utter_faq/{ranking[0][0]}"}, "ranking": ranked}}


def tracker(intent="nlu_fallback", text="a question", ranking=(), entities=(), channel="rest",
            first_guess="faq", **slots):
    message = {"intent": {"name": intent, "confidence": 0.4}, "text": text,
               "intent_ranking": [{"name": intent, "confidence": 0.4}, {"name": first_guess, "confidence": 0.9}],
               "entities": [{"entity": e, "value": v} for e, v in entities]}
    if ranking:
        message["response_selector"] = selector(*ranking)
    events = [{"event": "user", "text": text, "input_channel": channel, "parse_data": message}]
    return Tracker("tester", slots, message, events, False, None, {}, "action_listen")


async def run(action, tracker_):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker_, {})
    return dispatcher.messages, events


def test_every_faq_answer_has_a_choice_title_and_a_short_voice_variation():
    for name, variations in RESPONSES.items():
        assert choice_titles()[name.split("/", 1)[1]], name
        voice = [v for v in variations if v.get("channel") == "voice"]
        spoken = PROMISES_MORE.split(voice[0]["text"])[0] if voice else ""  # "Say more for the rest." aside
        assert voice and len(spoken.split()) <= 40, name
        assert len(variations[0]["text"].split()) <= 95, name


def test_numbers_are_read_from_words_and_digits():
    assert picked_number("2") == 2
    assert picked_number("the second one") == 2
    assert picked_number("number three please") == 3
    assert picked_number("left") is None
    assert picked_number("1 or 2") is None


async def test_question_back_offers_the_likely_topics_as_buttons_with_titles():
    messages, events = await run(ActionAskFaqChoice(), tracker(
        ranking=[("numb_at_night", 0.35), ("carpal_tunnel_or_neck", 0.3), ("why_wrist", 0.1), ("evidence", 0.01)]))
    assert messages[0]["response"] == "utter_faq_choices"
    assert [b["title"] for b in messages[0]["buttons"]] == [
        "Hands going numb at night", "Carpal tunnel or the neck?", "How the neck may cause hand or wrist tingling"]
    assert messages[0]["buttons"][0]["payload"] == '/inform{"faq_topic": "numb_at_night"}'
    assert SlotSet("faq_choices", ["numb_at_night", "carpal_tunnel_or_neck", "why_wrist"]) in events


async def test_question_back_is_a_numbered_list_when_spoken():
    messages, _ = await run(ActionAskFaqChoice(), tracker(channel="voice", ranking=[("how_hard", 0.3), ("how_long", 0.3)]))
    assert messages[0]["buttons"] == []
    assert messages[0]["choices"] == "one, How hard to press; or two, How long to hold a spot"


async def test_a_fallback_that_is_no_question_goes_to_the_session_step():
    messages, events = await run(ActionAskFaqChoice(), tracker(first_guess="inform", ranking=[("how_long", 0.3), ("how_hard", 0.2)]))
    assert messages == [] and events == [FollowupAction("action_session_step")]


async def test_picking_a_number_gives_that_topics_answer():
    messages, events = await run(ActionPickFaqChoice(), tracker(
        "inform", "2", faq_choices=["numb_at_night", "carpal_tunnel_or_neck"]))
    assert [m["response"] for m in messages] == ["utter_faq/carpal_tunnel_or_neck"]
    assert SlotSet("faq_choices", None) in events


async def test_a_topic_button_works_without_an_open_question():
    messages, _ = await run(ActionPickFaqChoice(), tracker("inform", "/inform", entities=[("faq_topic", "desk_setup")]))
    assert [m["response"] for m in messages] == ["utter_faq/desk_setup"]


async def test_no_or_an_unknown_topic_asks_to_rephrase():
    for message in (tracker("deny", "no", faq_choices=["how_hard", "how_long"]),
                    tracker("inform", "/inform", entities=[("faq_topic", "no_such_topic")])):
        messages, _ = await run(ActionPickFaqChoice(), message)
        assert [m["response"] for m in messages] == ["utter_faq_choice_none"]


async def test_session_reports_outside_a_session_get_the_matching_answer():
    messages, _ = await run(ActionAnswerSessionReport(), tracker("report_not_released", "it's not releasing"))
    assert [m["response"] for m in messages] == ["utter_faq/not_releasing"]
    messages, _ = await run(ActionAnswerSessionReport(), tracker("report_referral", "i felt it in my wrist"))
    assert [m["response"] for m in messages] == ["utter_faq/referral_sign"]
