"""The project's spaCy pipeline + ConText: what safety terms mean in context."""
from pathlib import Path

import pytest
import yaml

from nlp import pipeline
from nlp.context import ContextAnnotator
from nlp.signals import read

CASES = yaml.safe_load((Path(__file__).parents[1] / "data" / "red_flag_cases.yml").read_text())


@pytest.fixture(scope="module")
def nlp():
    return pipeline.load()


@pytest.fixture(scope="module")
def judge(nlp):
    annotator = ContextAnnotator(nlp)
    return lambda text: read(annotator.mentions(nlp(text.lower())))


def ents(doc):
    return {(e.label_, e.ent_id_) for e in doc.ents}


@pytest.mark.parametrize("case", CASES["positive"], ids=lambda c: c["text"][:40])
def test_red_flags_stated_now_are_caught(judge, case):
    kinds = judge(case["text"]).red_flags
    assert set(case["kinds"]) & set(kinds), f"{case['text']!r}: got {kinds}"


@pytest.mark.parametrize("case", CASES["alarm_any"], ids=lambda c: c["text"][:40])
def test_everyday_phrasing_of_a_red_flag_now_is_caught(judge, case):
    assert judge(case["text"]).red_flags, case["text"]


@pytest.mark.parametrize("case", CASES["negative"] + CASES["calm"] + CASES["calm_any"], ids=lambda c: c["text"][:40])
def test_negated_ordinary_or_someone_elses_words_stay_calm(judge, case):
    reading = judge(case["text"])
    assert (reading.red_flags, reading.contraindications, reading.hypothetical) == ([], [], False)


@pytest.mark.parametrize("case", CASES["history"], ids=lambda c: c["text"][:40])
def test_a_past_condition_is_a_reason_to_ask_a_doctor_not_an_alarm(judge, case):
    reading = judge(case["text"])
    assert reading.red_flags == []
    assert reading.contraindications == sorted(case["contraindications"])


@pytest.mark.parametrize("case", CASES["hypothetical"], ids=lambda c: c["text"][:40])
def test_a_red_flag_asked_about_is_a_question(judge, case):
    reading = judge(case["text"])
    assert reading.red_flags == [] and reading.hypothetical


def test_fever_with_stiff_neck_is_an_emergency(judge):
    assert judge("i have a fever and a really stiff neck").red_flags[0] == "meningitis"
    assert judge("i have a fever").red_flags == ["fever"]
    assert judge("my neck is stiff but i have no fever").red_flags == []


def test_a_negated_list_stays_negated(judge):
    assert judge("no chest pain, dizziness or fainting").red_flags == []
    assert judge("no, but i do have chest pain").red_flags == ["chest_pain"]


def test_a_new_injury_with_numbness_is_an_emergency_an_old_one_is_not(judge):
    assert judge("i fell off my bike today and my arm is numb").red_flags[0] == "neck_injury_numbness"
    assert judge("i fell off my bike today").red_flags == ["neck_injury"]
    reading = judge("i had whiplash two weeks ago and my fingers tingle")
    assert (reading.red_flags, reading.contraindications) == ([], ["recent_neck_injury"])


def test_contraindications_respect_negation_and_who_has_them(judge):
    assert judge("i take warfarin every day").contraindications == ["blood_thinner"]
    assert judge("i never had a stroke and i'm not pregnant").contraindications == []
    assert judge("my mum has osteoporosis").contraindications == []


def test_a_contraindication_asked_about_is_left_to_the_faq(judge):
    reading = judge("can i do this if i'm on blood thinners?")
    assert (reading.red_flags, reading.contraindications, reading.hypothetical) == ([], [], False)


def test_every_judged_term_says_what_became_of_it(judge):
    outcomes = {d.kind: d.outcome for d in judge("my dad had a stroke and i feel dizzy now").decisions}
    assert outcomes == {"past_stroke": "other_person", "dizziness": "alarm"}


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
