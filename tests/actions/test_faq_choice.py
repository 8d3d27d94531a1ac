"""The FAQ answer-or-ask actions: a tracker goes in, response names and events come out."""
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.faq_choice import (ActionAnswerFaq, ActionAskFaqChoice, ActionPickFaqChoice, choice_title,
                                decide, faq_ranking, picked_number)
from scripts.model_cache import ROOT

# The topics' titles live with their answers; the actions get them with the domain.
DOMAIN = {"responses": yaml.safe_load((ROOT / "data" / "responses" / "faq.yml").read_text())["responses"]}


def selector(*ranking):
    """ResponseSelector output for `faq`, in the format Rasa writes (best first)."""
    ranked = [{"intent_response_key": f"faq/{topic}", "confidence": confidence} for topic, confidence in ranking]
    return {"faq": {"response": {**ranked[0], "utter_action": f"utter_faq/{ranking[0][0]}"}, "ranking": ranked}}


def tracker(intent="faq", text="a question", ranking=(), entities=(), channel="rest", **slots):
    message = {"intent": {"name": intent, "confidence": 0.9}, "text": text,
               "entities": [{"entity": e, "value": v} for e, v in entities]}
    if ranking:
        message["response_selector"] = selector(*ranking)
    events = [{"event": "user", "text": text, "input_channel": channel, "parse_data": message}]
    return Tracker("tester", slots, message, events, False, None, {}, "action_listen")


async def run(action, tracker_):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker_, DOMAIN)
    return dispatcher.messages, events


def test_every_faq_answer_has_a_choice_title_and_a_short_voice_variation():
    for name, variations in DOMAIN["responses"].items():
        assert choice_title(DOMAIN, name.split("/", 1)[1]), name
        voice = [v for v in variations if v.get("channel") == "voice"]
        assert voice and len(voice[0]["text"].split()) <= 40, name
        assert len(variations[0]["text"].split()) <= 95, name


def test_a_clear_topic_is_answered():
    assert decide([("how_long", 0.9), ("how_often", 0.05)]).answer == "how_long"


def test_a_close_call_offers_the_likely_topics():
    decision = decide([("numb_at_desk", 0.41), ("why_wrist", 0.35), ("hurts_or_tingles", 0.12), ("evidence", 0.01)])
    assert decision.answer is None
    assert decision.choices == ["numb_at_desk", "why_wrist", "hurts_or_tingles"]


def test_a_forced_selection_is_always_confident():
    # The safety component forces warning_signs with 1.0 for hypothetical red flags.
    assert decide([("warning_signs", 1.0), ("hurts_or_tingles", 0.99)]).answer == "warning_signs"


def test_ranking_is_read_from_the_response_selector_output():
    message = {"response_selector": selector(("why_knot", 0.6), ("why_wrist", 0.3))}
    assert faq_ranking(message) == [("why_knot", 0.6), ("why_wrist", 0.3)]
    assert faq_ranking({}) == []


def test_numbers_are_read_from_words_and_digits():
    assert picked_number("2") == 2
    assert picked_number("the second one") == 2
    assert picked_number("number three please") == 3
    assert picked_number("left") is None
    assert picked_number("1 or 2") is None


async def test_answer_action_answers_when_sure():
    messages, events = await run(ActionAnswerFaq(), tracker(ranking=[("how_hard", 0.95), ("how_long", 0.02)]))
    assert [m["response"] for m in messages] == ["utter_faq/how_hard"]
    assert events == []


async def test_answer_action_hands_over_to_the_question_back_when_unsure():
    messages, events = await run(ActionAnswerFaq(), tracker(ranking=[("numb_at_night", 0.4), ("carpal_tunnel_or_neck", 0.35)]))
    assert messages == []
    assert SlotSet("faq_choices", ["numb_at_night", "carpal_tunnel_or_neck"]) in events
    assert FollowupAction("action_ask_faq_choice") in events


async def test_question_back_offers_buttons_with_titles():
    messages, events = await run(ActionAskFaqChoice(), tracker(faq_choices=["numb_at_night", "carpal_tunnel_or_neck"]))
    assert messages[0]["response"] == "utter_faq_choices"
    assert [b["title"] for b in messages[0]["buttons"]] == ["Hands going numb at night", "Carpal tunnel or the neck?"]
    assert messages[0]["buttons"][0]["payload"] == '/inform{"faq_topic": "numb_at_night"}'


async def test_question_back_is_a_numbered_list_when_spoken():
    messages, _ = await run(ActionAskFaqChoice(), tracker(channel="voice", faq_choices=["how_hard", "how_long"]))
    assert messages[0]["buttons"] == []
    assert messages[0]["choices"] == "one, How hard to press; or two, How long to hold a spot"


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
    messages, _ = await run(ActionAnswerFaq(), tracker("report_not_released", "it's not releasing"))
    assert [m["response"] for m in messages] == ["utter_faq/not_releasing"]


def fallback_tracker(first_guess, ranking):
    message = tracker("nlu_fallback", "hmm", ranking=ranking)
    message.latest_message["intent_ranking"] = [{"name": "nlu_fallback", "confidence": 0.45},
                                                {"name": first_guess, "confidence": 0.3}]
    return message


async def test_not_understood_but_likely_a_question_is_asked_back_never_answered():
    _, events = await run(ActionAnswerFaq(), fallback_tracker("faq", [("thoracic_outlet", 0.93), ("arm_overhead", 0.03)]))
    assert FollowupAction("action_ask_faq_choice") in events
    assert SlotSet("faq_choices", ["thoracic_outlet", "arm_overhead"]) in events


async def test_not_understood_and_not_a_question_goes_to_the_session_step():
    messages, events = await run(ActionAnswerFaq(), fallback_tracker("inform", [("how_long", 0.2), ("how_hard", 0.1)]))
    assert messages == [] and events == [FollowupAction("action_session_step")]
