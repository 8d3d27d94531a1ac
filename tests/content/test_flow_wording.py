"""Wording the session flow builds on (issue 9, phase 2): answers cut for the ear offer their
rest, the safety screen asks about every kind nlp/safety_kinds.yml sends to it, and the
release session's code holds no sentence of its own."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from actions.say_more import REST_OF
from actions.wording import promises_more
from nlp.safety_kinds import CONTRAINDICATIONS, SCREEN
from wording_rules import MAX_SPOKEN_WORDS, cases
from wording_sources import ROOT, Text, responses, word_count

RESPONSES = responses()
SLOTS = set(yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["slots"])
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def voice_of(name: str):
    return [v for v in RESPONSES.get(name, []) if v.channel == "voice"]


def written_of(name: str):
    return [v for v in RESPONSES.get(name, []) if v.channel is None]


# --- answers sized for the ear: the rest on request (point 11) --------------------------------------
# Spoken answers that leave out what a person may need (the written form says more).
CUT_FOR_THE_EAR = ["utter_help", "utter_explain_wrist", "utter_explain_general",
                   "utter_cautions", "utter_pulse_info", "utter_see_doctor", "utter_posture_tip",
                   "utter_screen_fail_doctor", "utter_screen_fail_ask_first", "utter_session_end"]


@pytest.mark.parametrize("name", CUT_FOR_THE_EAR)
def test_a_spoken_answer_cut_short_offers_the_rest(name):
    voice = voice_of(name)
    assert voice and all(promises_more(v.text) for v in voice), f"{name}: its voice form must end 'Say more ...'"


FAQ_WITH_VOICE = sorted(name for name in RESPONSES if name.startswith("utter_faq/") and voice_of(name))


@pytest.mark.parametrize("name", cases("says_more", FAQ_WITH_VOICE, key=lambda name: name))
def test_a_long_faq_answer_offers_the_rest_when_spoken(name):
    """An FAQ answer too long for the ear is cut in its voice form, which offers the rest."""
    if all(word_count(v.text) <= MAX_SPOKEN_WORDS for v in written_of(name)):
        return
    assert all(promises_more(v.text) for v in voice_of(name)), name


OFFERS = sorted(name for name in RESPONSES if any(promises_more(v.text) for v in voice_of(name)))


@pytest.mark.parametrize("name", OFFERS)
def test_an_offer_of_more_has_a_rest_that_can_be_filled(name):
    """What "more" sends: its after-care, or the written form, longer, with values it was sent with."""
    if name in REST_OF:
        assert all(rest in RESPONSES for rest in REST_OF[name]), REST_OF[name]
        return
    voice, written = voice_of(name)[0], written_of(name)
    assert written, f"{name} offers more but has no written form"
    assert word_count(written[0].text) >= word_count(voice.text) + 10, f"{name}: the rest adds too little"
    known = set(PLACEHOLDER.findall(voice.text)) | SLOTS
    assert set(PLACEHOLDER.findall(written[0].text)) <= known, f"{name}: the written form needs values 'more' lacks"


def test_more_has_a_reply_when_nothing_was_cut():
    assert written_of("utter_no_more")[0].text == "That's all I have on that."


# --- the safety screen asks about what nlp/safety_kinds.yml sends to each question (point 6) -----------
# How each kind is named in the questions; a kind added to the data needs its words here.
KIND_WORDS = {
    "chest_pain": r"chest pain", "breathless": r"breathing", "stroke_sign": r"stroke signs|drooping face|face drooping",
    "vision_change": r"vision", "severe_headache": r"sudden severe headache", "dizziness": r"dizzy",
    "fainting": r"faint", "past_stroke": r"stroke", "carotid_disease": r"carotid artery disease",
    "carotid_sinus": r"fainted from a tight collar", "neck_surgery": r"neck surgery",
    "recent_neck_injury": r"hurt your neck", "inflammatory_arthritis": r"arthritis", "blood_clot": r"blood clot",
    "blood_thinner": r"blood thinners", "bleeding_disorder": r"bleeding disorder|bleed easily",
    "pregnancy": r"pregnant", "neck_lump": r"lump", "neck_infection": r"infection", "osteoporosis": r"osteoporosis",
    "cancer": r"cancer", "recent_surgery": r"recent surgery", "neck_instability": r"unstable",
    "immune_suppression": r"immune system", "neck_wound": r"wound",
}


def test_every_contraindication_is_asked_by_one_question():
    asked = [kind for question in SCREEN for kind in question.kinds if kind in CONTRAINDICATIONS]
    assert sorted(asked) == sorted(CONTRAINDICATIONS), "each contraindication belongs to exactly one question"


@pytest.mark.parametrize("question", SCREEN, ids=[q.question for q in SCREEN])
def test_each_screen_question_names_every_kind_it_asks_about(question):
    assert question.question in RESPONSES and question.answer in RESPONSES
    for kind in question.kinds:
        assert kind in KIND_WORDS, f"say in KIND_WORDS how the screen names {kind}"
        for variation in RESPONSES[question.question]:
            assert re.search(KIND_WORDS[kind], variation.text, re.I), (variation.label, kind)


def test_neck_and_artery_history_is_question_two_and_the_rest_question_three():
    history = {"past_stroke", "carotid_disease", "carotid_sinus", "neck_surgery", "recent_neck_injury", "neck_instability"}
    q2, q3 = SCREEN[1], SCREEN[2]
    assert set(q2.kinds) == history and q2.answer == "utter_screen_fail_doctor"
    assert set(q3.kinds) == set(CONTRAINDICATIONS) - history and q3.answer == "utter_screen_fail_ask_first"


# --- wording out of the code of the release session (point 7) -------------------------------------
SESSION_MODULES = ["adapter", "contraindications", "holds", "parsing", "preparation", "pressing", "red_flags",
                   "referral", "rest", "safety_actions", "say_more", "screen", "session_actions", "session_flow",
                   "session_state", "spots", "summary", "wording"]


def literals_for_people(path: Path, root: Path = ROOT):
    """String literals of three words or more that are not docstrings, errors or word lists."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Raise, ast.Assert)):
            skip |= {id(n) for n in ast.walk(node)}
        elif isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body \
                and isinstance(node.body[0], ast.Expr):
            skip.add(id(node.body[0].value))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split":
            skip.add(id(node.func.value))  # "zero one two ...".split(): words read, not said
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip \
                and len(node.value.split()) >= 3:
            yield Text(str(path.relative_to(root)), " ".join(node.value.split()[:4]), None, node.value)


def test_the_session_code_says_nothing_of_its_own():
    """Words a person reads or hears live in domain.yml, data/responses or nlp/safety_kinds.yml."""
    found = [text for module in SESSION_MODULES for text in literals_for_people(ROOT / "actions" / f"{module}.py")]
    assert [t.label for t in found if re.search(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+", t.text)] == []


def test_the_wording_check_sees_sentences_in_code(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text('"""Doc string here."""\nA = "the guided session"\nB = "one two three four".split()\n'
                      'raise ValueError("no cues for it")\n')
    assert [t.text for t in literals_for_people(module, tmp_path)] == ["the guided session"]
