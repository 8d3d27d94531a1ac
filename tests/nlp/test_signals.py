"""The project's spaCy pipeline: entities with normalised ids, red flags with negation."""
from pathlib import Path

import pytest
import yaml

from nlp import pipeline
from nlp.signals import contraindications, find_signals, red_flag_kinds, severity

CASES = yaml.safe_load((Path(__file__).parents[1] / "data" / "red_flag_cases.yml").read_text())


@pytest.fixture(scope="module")
def nlp():
    return pipeline.load()


def ents(doc):
    return {(e.label_, e.ent_id_) for e in doc.ents}


@pytest.mark.parametrize("case", CASES["positive"], ids=lambda c: c["text"][:40])
def test_red_flag_statements_are_caught(nlp, case):
    kinds = red_flag_kinds(nlp(case["text"].lower()))
    assert kinds, f"no red flag found in {case['text']!r}"
    assert set(case["kinds"]) & set(kinds), f"{case['text']!r}: got {kinds}"


@pytest.mark.parametrize("case", CASES["negative"], ids=lambda c: c["text"][:40])
def test_negated_or_ordinary_messages_are_not_red_flags(nlp, case):
    assert red_flag_kinds(nlp(case["text"].lower())) == []


def test_fever_with_stiff_neck_is_an_emergency(nlp):
    kinds = red_flag_kinds(nlp("i have a fever and a really stiff neck"))
    assert kinds[0] == "meningitis" and severity(kinds[0]) == "emergency"
    assert red_flag_kinds(nlp("i have a fever")) == ["fever"] and severity("fever") == "doctor"


def test_a_negated_list_stays_negated(nlp):
    assert red_flag_kinds(nlp("no chest pain, dizziness or fainting")) == []
    assert red_flag_kinds(nlp("no, but i do have chest pain")) == ["chest_pain"]


def test_contraindications_respect_negation(nlp):
    assert contraindications(find_signals(nlp("i take warfarin every day"))) == ["blood_thinner"]
    assert contraindications(find_signals(nlp("i never had a stroke and i'm not pregnant"))) == []


@pytest.mark.parametrize("text,expected", [
    ("my left wrist tingles at night", {("side", "left"), ("body_part", "wrist")}),
    ("a knot under my right shoulder blade", {("side", "right"), ("body_part", "shoulder_blade")}),
    ("lying on my back", {("position", "lying")}),
    ("pain is about a 7 out of 10", {("number", "7")}),
])
def test_entities_carry_normalised_ids(nlp, text, expected):
    assert expected <= ents(nlp(text))


def test_pipeline_is_rebuilt_when_patterns_change(tmp_path, monkeypatch):
    built = tmp_path / "scalene_en"
    pipeline.build(built)
    assert pipeline.is_current(built)
    (built / pipeline.STAMP_FILE.name).write_text("stale")
    assert not pipeline.is_current(built)
