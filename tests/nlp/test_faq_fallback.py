"""An unsure FAQ topic becomes `nlu_fallback`; a sure one (or a forced 1.0) stays `faq`."""
from rasa.shared.nlu.training_data.message import Message

from nlp.faq_fallback import FaqFallbackClassifier
from nlp.faq_topics import decide, faq_ranking


def message(intent, *ranking):
    ranked = [{"intent_response_key": f"faq/{topic}", "confidence": confidence} for topic, confidence in ranking]
    return Message(data={"text": "x", "intent": {"name": intent, "confidence": 0.9},
                         "intent_ranking": [{"name": intent, "confidence": 0.9}],
                         "response_selector": {"faq": {"response": ranked[0], "ranking": ranked}}})


def classified(msg):
    FaqFallbackClassifier({"threshold": 0.4, "margin": 0.1}).process([msg])
    return msg.get("intent")["name"], [r["name"] for r in msg.get("intent_ranking")]


def test_a_clear_topic_is_answered():
    assert decide([("how_long", 0.9), ("how_often", 0.05)]).answer == "how_long"
    assert classified(message("faq", ("how_long", 0.9), ("how_often", 0.05)))[0] == "faq"


def test_a_close_call_becomes_a_fallback_with_the_guess_underneath():
    intent, ranking = classified(message("faq", ("numb_at_desk", 0.41), ("why_wrist", 0.35)))
    assert intent == "nlu_fallback" and ranking == ["nlu_fallback", "faq"]
    assert decide([("numb_at_desk", 0.41), ("why_wrist", 0.35), ("hurts_or_tingles", 0.12), ("evidence", 0.01)]).choices \
        == ["numb_at_desk", "why_wrist", "hurts_or_tingles"]


def test_a_forced_selection_is_always_sure():
    # The safety component forces warning_signs with 1.0 for hypothetical red flags.
    assert classified(message("faq", ("warning_signs", 1.0), ("hurts_or_tingles", 0.99)))[0] == "faq"


def test_other_intents_are_left_alone():
    assert classified(message("start_session", ("how_long", 0.1), ("how_hard", 0.1)))[0] == "start_session"


def test_ranking_is_read_from_the_response_selector_output():
    assert faq_ranking({"response_selector": {"faq": {"ranking": [
        {"intent_response_key": "faq/why_knot", "confidence": 0.6},
        {"intent_response_key": "faq/why_wrist", "confidence": 0.3}]}}}) == [("why_knot", 0.6), ("why_wrist", 0.3)]
    assert faq_ranking({}) == []
