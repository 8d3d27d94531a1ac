"""How the people's-questions evaluation scores a reply (the scoring itself can be wrong)."""
from scripts.eval_people import Outcome, ResponseNames, classify, verdict

DOMAIN = {"responses": {
    "utter_red_flag_chest_pain": [{"text": "Chest pain: call your emergency number now."}],
    "utter_red_flag_worsening": [{"text": "Symptoms getting worse should be checked by a doctor soon."}],
    "utter_faq/numb_at_night": [{"text": "Numb hands at night may come from the neck."}],
    "utter_faq_choices": [{"text": "Did you mean one of these?"}],
    "utter_ask_doctor_first": [{"text": "With {reason}, please check with your doctor first."}],
}}
NAMES = ResponseNames(DOMAIN)


def scored(item, *texts, buttons=()):
    messages = [{"text": t} for t in texts]
    if buttons:
        messages[-1]["buttons"] = [{"payload": f'/inform{{"faq_topic": "{b}"}}'} for b in buttons]
    return verdict(item, classify(messages, NAMES))


def test_an_alarm_alone_is_a_wrong_confident_answer_to_an_ordinary_question():
    assert scored({"topic": "numb_at_night"}, "Chest pain: call your emergency number now.") == "wrong_confident"


def test_see_a_doctor_advice_followed_by_the_right_answer_is_on_topic_and_still_an_alarm():
    messages = [{"text": "Symptoms getting worse should be checked by a doctor soon."},
                {"text": "Numb hands at night may come from the neck."}]
    outcome = classify(messages, NAMES)
    assert outcome.kind == "alarm" and verdict({"topic": "numb_at_night"}, outcome) == "on_topic_answer"


def test_see_a_doctor_advice_answers_when_to_see_a_doctor_but_an_emergency_does_not():
    assert scored({"topic": "when_see_doctor"}, "Symptoms getting worse should be checked by a doctor soon.") \
        == "on_topic_answer"
    assert scored({"topic": "when_see_doctor"}, "Chest pain: call your emergency number now.") == "wrong_confident"


def test_a_question_back_counts_only_when_its_choices_hold_the_topic():
    assert scored({"topic": "numb_at_night"}, "Did you mean one of these?", buttons=["numb_at_night", "why_wrist"]) \
        == "on_topic_asked"
    assert scored({"topic": "how_long"}, "Did you mean one of these?", buttons=["numb_at_night"]) == "asked_wrong"
    assert verdict({"topic": "x"}, Outcome("other")) == "other"


def test_the_ask_a_doctor_first_reply_naming_their_reason_answers_that_topic():
    reply = "With a past stroke or mini-stroke, please check with your doctor first."
    assert scored({"topic": "ask_doctor_first"}, reply) == "on_topic_answer"
    assert scored({"topic": "how_long"}, reply) == "wrong_confident"
