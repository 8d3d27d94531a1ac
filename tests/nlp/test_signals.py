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


def test_the_side_of_an_arm_is_read_for_the_heart_rule(judge):
    # "left arm" + pain + sweat is the heart pattern only if the side word is read at all
    assert "heart_attack_sign" in judge("my chest hurts and the pain is going down my left arm").red_flags


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


def test_numbness_that_comes_and_goes_is_ordinary_but_a_colour_change_is_not(judge):
    reading = judge("i wake up with my hand totally numb but it goes away when i shake it")
    assert reading.red_flags == [] and [d.outcome for d in reading.decisions] == ["passing"]
    assert judge("i wake up with a numb arm and now it's gone blue").red_flags == ["arm_colour_change"]
    assert judge("my arm went completely numb an hour ago and it isn't coming back").red_flags == ["arm_colour_change"]


def test_counted_events_are_past_or_someone_elses(judge):
    assert judge("i'm a paramedic and saw two strokes on shift today").red_flags == []
    assert judge("i think i'm having a heart attack").red_flags == ["chest_pain"]


def test_a_yes_no_question_about_a_sign_asks_but_a_statement_with_a_question_tag_does_not(judge):
    assert judge("would blurry vision be a reason to stop?").hypothetical
    assert judge("would blurry vision be a reason to stop?").red_flags == []
    assert judge("my arm has gone blue, a warning sign?").red_flags == ["arm_colour_change"]
    assert judge("i feel dizzy, is that a warning sign?").red_flags == ["dizziness"]


def test_asked_about_counts_whoever_it_is_for(judge):
    reading = judge("if my friend felt faint while pressing, what should she do?")
    assert (reading.red_flags, reading.hypothetical) == ([], True)


def test_a_negation_inside_a_symptom_denies_nothing_else(judge):
    assert judge("i can't feel my fingers and they've gone white").red_flags == ["arm_colour_change"]


def test_the_writers_own_role_is_not_someone_else(judge):
    assert judge("i'm a teacher and i've got chest pain right now").red_flags == ["chest_pain"]
    assert judge("a patient of mine had slurred speech today").red_flags == []


def test_a_medicine_taken_now_counts_beside_a_past_event(judge):
    assert judge("i had a stroke in 2020 and take blood thinners").contraindications == ["blood_thinner", "past_stroke"]
    assert judge("i used to take blood thinners, not anymore").contraindications == []


def test_a_fever_that_cleared_up_is_over(judge):
    assert judge("had flu with a fever last month, all better now").red_flags == []
    assert judge("i've had a fever since yesterday").red_flags == ["fever"]


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
