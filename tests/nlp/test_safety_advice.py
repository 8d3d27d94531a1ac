"""Every red flag has advice that says what to do and how soon; every safety term has a meaning."""
import json
from pathlib import Path

import pytest
import yaml

from actions.red_flags import choose_advice
from nlp.safety_kinds import CONTRAINDICATIONS, RED_FLAGS, contraindication_outcome, contraindication_reason

ROOT = Path(__file__).parents[2]
RESPONSES = yaml.safe_load((ROOT / "domain.yml").read_text())["responses"]
RESPONSES.update(yaml.safe_load((ROOT / "data" / "responses" / "faq.yml").read_text())["responses"])
PATTERN_KINDS = {(p["label"], p["id"]) for p in map(json.loads, (ROOT / "nlp" / "patterns.jsonl").open())}
VOICE_MAX_WORDS = 45


def variants(name):
    texts = {v.get("channel", "text"): v["text"] for v in RESPONSES[name]}
    assert set(texts) == {"text", "voice"}, f"{name} needs a text and a voice variation"
    return texts


@pytest.mark.parametrize("kind", list(RED_FLAGS))
def test_each_red_flag_has_advice_for_text_and_voice(kind):
    texts = variants(RED_FLAGS[kind].response)
    assert len(texts["voice"].split()) <= VOICE_MAX_WORDS
    for text in texts.values():
        if RED_FLAGS[kind].severity == "emergency":
            assert "emergency number" in text, f"{kind}: an emergency names the emergency number"
        else:
            assert "doctor" in text and any(w in text for w in ("today", "within")), \
                f"{kind}: see a doctor, and how soon"


def test_dizziness_advice_does_not_wait():
    for text in variants("utter_red_flag_dizziness").values():
        assert "few minutes" not in text and "at once" in text


def test_an_injury_without_new_numbness_is_a_doctor_today_not_an_ambulance():
    assert choose_advice(["neck_injury"])[:2] == ("utter_red_flag_neck_injury", "doctor")
    assert choose_advice(["neck_injury", "neck_injury_numbness"])[:2] == (
        "utter_red_flag_neck_injury_numbness", "emergency")
    assert "today" in variants("utter_red_flag_neck_injury")["text"]


def test_the_most_serious_kind_decides_the_advice():
    assert choose_advice(["fever", "dizziness", "stroke_sign"]) == (
        "utter_red_flag_stroke_sign", "emergency", "possible stroke signs")
    assert choose_advice([]) [0] == "utter_red_flag_general"


def test_every_pattern_kind_has_a_meaning():
    for label, kind in PATTERN_KINDS:
        if label == "red_flag":
            assert kind in RED_FLAGS, kind
        if label == "contraindication":
            assert kind in CONTRAINDICATIONS, kind


def test_every_past_or_recent_red_flag_maps_to_a_known_contraindication():
    for flag in RED_FLAGS.values():
        for target in (flag.past, flag.recent):
            assert target is None or target in CONTRAINDICATIONS


@pytest.mark.parametrize("kind", list(CONTRAINDICATIONS))
def test_each_contraindication_has_a_reason_and_an_outcome(kind):
    assert contraindication_outcome(kind) in ("doctor", "ask_first")
    assert contraindication_reason(kind) and "_" not in contraindication_reason(kind)


def test_the_warning_signs_answer_says_stop_and_when_to_call():
    texts = variants("utter_faq/warning_signs")
    assert len(texts["voice"].split()) <= VOICE_MAX_WORDS
    for text in texts.values():
        assert text.startswith("Stop") and "emergency number" in text
