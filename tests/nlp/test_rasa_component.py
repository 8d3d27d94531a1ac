"""The NLU component: the intent and entities a message leaves with, as the rest of Rasa reads them."""
import pytest
from rasa.nlu.utils.spacy_utils import SpacyModel
from rasa.shared.nlu.training_data.message import Message

from nlp import pipeline
from nlp.rasa_component import SafetySignals


@pytest.fixture(scope="module")
def component():
    return SafetySignals()


@pytest.fixture(scope="module")
def model():
    return SpacyModel(model=pipeline.load(), model_name="scalene_en")


def parse(component, model, text, *ranking):
    """A message as the classifiers left it (`ranking`: (intent, confidence), best first)."""
    names = [{"name": name, "confidence": conf} for name, conf in ranking] or [{"name": "faq", "confidence": 0.9}]
    faq = {"response": {"intent_response_key": "faq/why_wrist", "utter_action": "utter_faq/why_wrist",
                        "confidence": 0.8, "responses": []}, "ranking": []}
    message = Message(data={"text": text, "intent": names[0], "intent_ranking": names, "entities": [],
                            "response_selector": {"all_retrieval_intents": ["faq"], "faq": faq}})
    component.process([message], model)
    return message


def values(message, entity):
    return [e["value"] for e in message.get("entities") if e["entity"] == entity]


def test_a_red_flag_stated_now_beats_every_classifier(component, model):
    message = parse(component, model, "my face is drooping and my speech is slurred", ("greet", 0.99))
    assert message.get("intent") == {"name": "red_flag", "confidence": 1.0}
    assert values(message, "red_flag") == ["stroke_sign"]


def test_a_past_stroke_reports_a_contraindication_and_keeps_the_faq_answer(component, model):
    message = parse(component, model, "i had a stroke two years ago, does this still work?", ("faq", 0.8))
    assert message.get("intent") == {"name": "report_contraindication", "confidence": 1.0}
    assert values(message, "contraindication") == ["past_stroke"] and values(message, "red_flag") == []
    assert message.get("response_selector")["faq"]["response"]["utter_action"] == "utter_faq/why_wrist"


def test_a_red_flag_asked_about_gets_the_warning_signs_answer(component, model):
    message = parse(component, model, "what if i feel dizzy while pressing?", ("red_flag", 0.7), ("faq", 0.2))
    assert message.get("intent") == {"name": "faq", "confidence": 1.0}
    selected = message.get("response_selector")["faq"]
    assert selected["response"]["intent_response_key"] == "faq/warning_signs"
    assert selected["response"]["utter_action"] == "utter_faq/warning_signs"
    assert selected["response"]["confidence"] == 1.0
    assert selected["ranking"][0]["intent_response_key"] == "faq/warning_signs"
    assert values(message, "red_flag") == []


@pytest.mark.parametrize("text", ["if my fingertips ever turned purplish, would that matter?",
                                  "should my fingers ever go bluish, what then?"])
def test_a_limb_changing_colour_asked_about_gets_the_warning_signs_answer(component, model, text):
    message = parse(component, model, text, ("nlu_fallback", 0.5))
    assert message.get("intent") == {"name": "faq", "confidence": 1.0}
    assert message.get("response_selector")["faq"]["response"]["intent_response_key"] == "faq/warning_signs"
    assert values(message, "red_flag") == []


@pytest.mark.parametrize("text,warning_signs", [
    ("what if i get a headache while pressing?", True),
    ("should i stop if i feel sick?", True),
    ("can tight neck muscles give you headaches?", False),  # a cause asked about: the classifiers answer
    ("can neck tension make you feel sick?", False),
])
def test_a_plain_headache_asked_about_is_a_warning_sign_only_with_pressing_in_view(component, model, text,
                                                                                   warning_signs):
    message = parse(component, model, text, ("faq", 0.9))
    selected = message.get("response_selector")["faq"]["response"]["intent_response_key"]
    assert (selected == "faq/warning_signs") is warning_signs


def test_someone_elses_red_flag_leaves_the_persons_question(component, model):
    message = parse(component, model, "my uncle had a stroke; why do my fingers tingle?",
                    ("red_flag", 0.6), ("faq", 0.3), ("describe_symptoms", 0.1))
    assert message.get("intent")["name"] == "faq"
    assert values(message, "red_flag") == [] and values(message, "contraindication") == []
    assert [c["outcome"] for c in message.get("safety_context")] == ["other_person"]


def test_a_safety_guess_without_the_words_becomes_the_next_best_intent(component, model):
    message = parse(component, model, "my wrist tingles after a long day of typing",
                    ("red_flag", 0.9), ("report_contraindication", 0.05), ("describe_symptoms", 0.04))
    assert message.get("intent")["name"] == "describe_symptoms"
    assert [r["name"] for r in message.get("intent_ranking")] == ["describe_symptoms"]


def test_a_plain_yes_in_the_screen_keeps_its_intent_and_carries_the_reason(component, model):
    message = parse(component, model, "yes, i take warfarin", ("affirm", 0.95))
    assert message.get("intent")["name"] == "affirm"
    assert values(message, "contraindication") == ["blood_thinner"]


def test_a_negated_answer_is_a_no(component, model):
    message = parse(component, model, "no chest pain or dizziness", ("red_flag", 0.6), ("deny", 0.3))
    assert message.get("intent") == {"name": "deny", "confidence": 1.0}
    assert values(message, "red_flag") == []


def test_entity_values_are_pattern_ids(component, model):
    message = Message(data={"text": "my left-hand side wrist", "intent": {"name": "inform", "confidence": 0.9},
                            "entities": [{"entity": "side", "value": "left-hand side", "start": 3, "end": 17,
                                          "extractor": "SpacyEntityExtractor"}]})
    component.process([message], model)
    assert values(message, "side") == ["left"]


@pytest.mark.parametrize("text,intent", [("这是什么", "nlu_fallback"), ("مرحبا كيف حالك", "nlu_fallback"),
                                         ("no", "deny"), ("¿Por qué me duele la muñeca?", "deny")])
def test_another_script_is_not_understood_whatever_the_classifiers_guessed(component, model, text, intent):
    # Spanish is Latin script: the action server's own check and the classifiers handle it.
    assert parse(component, model, text, ("deny", 0.47)).get("intent")["name"] == intent
