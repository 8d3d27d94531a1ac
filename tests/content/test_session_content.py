"""What the session must say, and say the same everywhere: one description per spot, red-flag
advice as DOMAIN.md §5 ranks it, and the content issue 9 asks for (points 2-6, 9, 10)."""
from __future__ import annotations

import re

import pytest

from nlp.safety_kinds import DOCTOR, EMERGENCY, RED_FLAGS
from wording_rules import cases, sentences
from wording_sources import Text, drawing_texts, every_text, response_texts, responses, widget_alt_texts, word_count

TEXTS = every_text()
EMERGENCY_KINDS = {name for name, kind in RED_FLAGS.items() if kind.severity == EMERGENCY}
DOCTOR_KINDS = {name for name, kind in RED_FLAGS.items() if kind.severity == DOCTOR}
RESPONSES = responses()


# --- one description of each spot -------------------------------------------------------------------
SPOTS = [("upper", 1, "first|top|upper"), ("middle", 2, "second|middle"), ("lower", 3, "third|lowest|bottom|lower")]
LOCATION = re.compile(r"jaw|collarbone|ear\b|neck|halfway|third of the way", re.I)
OLD_SPOT_PLACES = re.compile(r"angle of (?:your|the) jaw|(?:just )?below (?:your|the) jaw|from (?:your |the )?jaw to", re.I)


def normalised(text: str) -> str:
    text = re.sub(r"\b(your|the)\b", "the", text.lower())
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", text).split())


def spot_source(spot: str) -> str:
    variations = RESPONSES.get(f"utter_spot_{spot}") or []
    assert variations, f"utter_spot_{spot} is the single description of the {spot} spot and must exist"
    return variations[0].text


def landmark(spot: str) -> str:
    """The part of the single description that says where along the neck the spot is."""
    return normalised(spot_source(spot).split(",")[0])


@pytest.mark.parametrize("spot", [s for s, _, _ in SPOTS])
def test_each_spot_has_one_description(spot: str):
    """Point 2: one description per spot, in one response; its voice form says the same."""
    texts = {v.text for v in RESPONSES.get(f"utter_spot_{spot}", [])}
    assert len(texts) == 1, texts
    text = texts.pop()
    assert "behind the big diagonal muscle" in text and word_count(text) <= 20, text
    assert not OLD_SPOT_PLACES.search(text), text


def describes_spot(sentence: str, number: int, words: str) -> bool:
    mentions = re.search(rf"\bspots?\s+{number}\b|\({number}\)|\b(?:{words}) spot\b", sentence, re.I)
    return bool(mentions) and bool(LOCATION.search(sentence))


SPOT_TEXTS = [t for t in TEXTS if not t.name.startswith("utter_spot_") and t.name != "labels"]


@pytest.mark.parametrize("item", cases("spot_description", SPOT_TEXTS))
def test_spots_are_described_as_the_single_source_says(item: Text):
    """No text places a spot anywhere else than its single description (utter_spot_*)."""
    assert not OLD_SPOT_PLACES.search(item.text), item.text
    for spot, number, words in SPOTS:
        for sentence in sentences(item.text):
            if describes_spot(sentence, number, words):
                assert landmark(spot) in normalised(sentence), (spot, sentence)


@pytest.mark.parametrize("item", cases("spot_wording_in_code", [t for t in TEXTS if t.source.startswith("actions/")]))
def test_code_holds_no_spot_description(item: Text):
    """Where a spot is lives in the data (utter_spot_*), not in the action server's code."""
    assert not re.search(r"collarbone|\bjaw\b|diagonal muscle|halfway down", item.text, re.I), item.text


def test_the_drawing_and_the_widget_describe_the_spots_from_the_source():
    where = [t for t in list(drawing_texts()) + list(widget_alt_texts())
             if t.name in ("desc", "scalenes-where.svg") and "scalenes-where" in (t.source + t.name)]
    assert len(where) == 2, where
    for item in where:
        for spot, _, _ in SPOTS:
            assert landmark(spot) in normalised(item.text), (spot, item.text)


# --- red flags: advice as DOMAIN.md §5 ranks it ------------------------------------------------------
# DOMAIN.md §5 ranks these; new kinds added in nlp/signals.py are checked by their severity there.
DOMAIN_EMERGENCY = {"stroke_sign", "chest_pain", "breathless", "meningitis", "severe_headache", "vision_change",
                    "fainting", "dizziness", "droopy_eyelid", "ear_whoosh", "neck_injury_numbness", "arm_colour_change",
                    "bladder_bowel"}
# A neck injury alone: see a doctor soon (§5 "recent injury"); with numbness or weakness: 999.
DOMAIN_SEE_DOCTOR = {"new_weakness", "fever", "neck_injury"}
EMERGENCY_NUMBER = re.compile(r"999\D{1,3}911\D{1,5}112")
DOCTOR = re.compile(r"\b(doctor|GP|clinician)\b", re.I)


def test_red_flag_ranks_follow_domain():
    assert DOMAIN_EMERGENCY <= EMERGENCY_KINDS and DOMAIN_SEE_DOCTOR <= DOCTOR_KINDS
    assert not DOMAIN_EMERGENCY & DOCTOR_KINDS and not DOMAIN_SEE_DOCTOR & EMERGENCY_KINDS


RED_FLAG_KINDS = sorted(EMERGENCY_KINDS | DOCTOR_KINDS | {"general"})


@pytest.mark.parametrize("kind", cases("red_flag_advice", RED_FLAG_KINDS, key=lambda kind: kind))
def test_red_flag_advice_names_the_right_help(kind: str):
    """Every emergency kind names an emergency number; every see-a-doctor kind says so."""
    variations = RESPONSES.get(f"utter_red_flag_{kind}")
    assert variations, f"no advice for the red flag {kind}"
    for variation in variations:
        if kind in DOCTOR_KINDS:
            assert DOCTOR.search(variation.text), variation.label
        else:
            assert EMERGENCY_NUMBER.search(variation.text), variation.label


@pytest.mark.parametrize("item", cases("neck_injury_calm", [t for t in response_texts() if t.name == "utter_red_flag_neck_injury"]))
def test_neck_injury_advice_separates_a_new_injury_from_old_tingling(item: Text):
    """Point 9: everyone here has arm tingling; only a new injury with new weakness or numbness is 999."""
    for sentence in sentences(item.text):
        if EMERGENCY_NUMBER.search(sentence) and re.search(r"numb|tingl|weak", sentence, re.I):
            assert re.search(r"\bnew\b|\bsudden", sentence, re.I), sentence


# --- what the session must say (points 3-6, 10) -----------------------------------------------------
def said(name: str) -> str:
    variations = RESPONSES.get(name)
    assert variations, f"{name} is missing"
    return " ".join(v.text for v in variations)


def every_variation(name: str):
    variations = RESPONSES.get(name)
    assert variations, f"{name} is missing"
    return variations


AFTER_PRESS_SIGNS = {
    "dizziness": r"dizz", "vision": r"vision|see\b|seeing", "speech": r"speech|speak",
    "headache": r"sudden[^.]{0,20}headache|headache[^.]{0,20}sudden", "nausea or vomiting": r"sick|nause|vomit",
}


@pytest.mark.parametrize("name", ["utter_warning_signs", "utter_session_end"])
def test_after_press_warning_signs_at_the_start_and_the_end(name: str):
    """Point 5: dizziness, vision or speech change, sudden severe headache, nausea → help now."""
    for variation in every_variation(name):
        missing = [sign for sign, pattern in AFTER_PRESS_SIGNS.items() if not re.search(pattern, variation.text, re.I)]
        assert not missing and EMERGENCY_NUMBER.search(variation.text), (variation.label, missing)


def test_screen_question_one_asks_about_vision_and_sudden_headache():
    for variation in every_variation("utter_screen_q1"):
        assert re.search(r"vision", variation.text) and re.search(r"sudden[^.?]{0,12}headache", variation.text), variation.label


CONTRAINDICATIONS = {  # DOMAIN.md §6, compactly
    "blood thinners": r"blood thinner", "bleeding disorder": r"bleed", "pregnancy": r"pregnan",
    "cancer": r"cancer", "osteoporosis": r"osteoporosis", "inflammatory arthritis": r"arthritis",
    "clot / DVT": r"clot", "lump or swollen gland": r"lump", "neck infection": r"infection",
}
HISTORY = {"neck injury": r"hurt your neck|neck injury|injur", "neck surgery": r"surgery", "stroke or TIA": r"stroke",
           "carotid disease": r"carotid", "carotid sinus fainting": r"faint\w* (?:from|with|when)[^.?]{0,40}collar"}


@pytest.mark.parametrize("name,expected", [("utter_screen_q3", CONTRAINDICATIONS),
                                           ("utter_screen_fail_ask_first", CONTRAINDICATIONS),
                                           ("utter_screen_q2", HISTORY)])
def test_screen_asks_every_contraindication(name, expected):
    """Point 6: the screen and its answer name what DOMAIN.md §6 lists."""
    for variation in every_variation(name):
        if variation.channel == "voice" and name.startswith("utter_screen_fail"):
            continue  # the spoken answer may say it shortly; the written one names them
        missing = [what for what, pattern in expected.items() if not re.search(pattern, variation.text, re.I)]
        assert not missing, (variation.label, missing)


def test_pulse_advice_fits_every_spot():
    """Point 3: the lowest spot's pulse is the subclavian artery, already behind the big muscle."""
    for variation in every_variation("utter_pulse_move_off"):
        assert "away from" in variation.text and "lighter" in variation.text, variation.label
        assert "behind the big diagonal muscle" not in variation.text, variation.label
    for variation in every_variation("utter_explore"):
        assert re.search(r"pulse", variation.text, re.I), f"{variation.label} must repeat the pulse caution"


def test_referral_asks_whether_the_feeling_settled():
    """Point 4: ask first whether the feeling settled; tingling that spreads or stays means stop."""
    assert "?" in said("utter_ask_referral_settled")
    assert re.search(r"\bstop", said("utter_referral_not_settled"), re.I)
    assert not re.search(r"hold it once more", said("utter_referral_found"), re.I)


def test_what_the_article_adds_is_said():
    """Point 10: the article's surprise at the sensations, other muscles, a massage therapist, posture."""
    assert re.search(r"surprised", said("utter_cautions"), re.I)
    assert re.search(r"head", said("utter_explain_general")) and re.search(r"other upper-body muscles", said("utter_explain_general"))
    assert re.search(r"massage therapist", said("utter_see_doctor"))
    tip = said("utter_posture_tip")
    assert re.search(r"chest", tip) and re.search(r"cycl|bike", tip), tip
