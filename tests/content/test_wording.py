"""Says only what is true and safe: every text a person reads or hears (responses and their
voice variations, drawings, alt texts, the README's "What you can ask", strings in actions/),
checked against the wording rules. One case per text, named after it; texts other work is
rewriting are listed in `pending_phase2.yml` and expected to fail until phase 2."""
from __future__ import annotations

import re

import pytest

from wording_rules import (CAUSES_CTS, CERTAINTY, CURE, HEDGE, MAX_SPOKEN_WORDS, OPINION_AS_FACT, PROMISE,
                           STRONG_PRESSURE, UNHEDGED_SOURCE, cases, diagnoses, sentences)
from wording_sources import Text, every_text, fill, responses, spoken, word_count

TEXTS = every_text()
RESPONSES = responses()


@pytest.mark.parametrize("item", cases("promise", TEXTS))
def test_no_promise_of_relief(item: Text):
    """DOMAIN.md §9: say "may", not "will" — no text promises that pain or tingling goes."""
    assert not PROMISE.search(item.text) and not CERTAINTY.search(item.text), item.text


@pytest.mark.parametrize("item", cases("cure", TEXTS))
def test_no_cure_word(item: Text):
    assert not CURE.search(item.text), item.text


@pytest.mark.parametrize("item", cases("causes_carpal_tunnel", TEXTS))
def test_scalenes_never_cause_carpal_tunnel(item: Text):
    """DOMAIN.md §9: they may cause symptoms that feel like it, never "cause carpal tunnel"."""
    assert not CAUSES_CTS.search(item.text), item.text


@pytest.mark.parametrize("item", cases("diagnosis", TEXTS))
def test_no_diagnosis(item: Text):
    """Never diagnose: no "you have (found) a trigger point / carpal tunnel / ...", no "this is..."."""
    assert not diagnoses(item.text), diagnoses(item.text)


@pytest.mark.parametrize("item", cases("opinion_as_fact", TEXTS))
def test_opinion_is_hedged(item: Text):
    """Clinical opinion is said as opinion (DOMAIN.md labels): no unhedged "the source", "it helps to"."""
    unhedged = [s for s in sentences(item.text) if UNHEDGED_SOURCE.search(s) and not HEDGE.search(s)]
    assert not unhedged and not OPINION_AS_FACT.search(item.text), unhedged or item.text


@pytest.mark.parametrize("item", cases("knobs_hedged", [t for t in TEXTS if re.search(r"knob|bony bump|hard bump", t.text, re.I)]))
def test_hard_knobs_are_probably_bone(item: Text):
    """The article says the hard knobs are *probably* the edges of the neck bones."""
    for sentence in sentences(item.text):
        if re.search(r"knob|bump", sentence, re.I) and re.search(r"bone|vertebra", sentence, re.I):
            assert re.search(r"\b(probabl\w*|most likely|likely|may)\b", sentence, re.I), sentence


@pytest.mark.parametrize("item", cases("pressure", TEXTS))
def test_neck_pressure_is_gentle(item: Text):
    """Point 1: the neck needs gentle pressure, lighter than the back — never "strong"."""
    assert not STRONG_PRESSURE.search(item.text), item.text


# --- answers sized for the ear -----------------------------------------------------------------
@pytest.mark.parametrize("name", cases("voice_length", sorted(RESPONSES), key=lambda name: name))
def test_spoken_answer_is_short(name: str):
    """A spoken answer is at most ~40 words (45 allowed for placeholders); more on request."""
    for variation in spoken(RESPONSES[name]):
        words = word_count(fill(variation.text))
        assert words <= MAX_SPOKEN_WORDS, f"{variation.label}: {words} words: {fill(variation.text)}"


# --- the rules themselves catch what they are for -----------------------------------------------------
@pytest.mark.parametrize("bad", [
    "Hold it and your pain will go away.", "This will ease the tingling for good.", "It'll release in a minute.",
    "The knot is going to loosen.", "You'll feel better straight away.", "This technique is guaranteed to work.",
])
def test_promise_rule_catches_promises(bad):
    assert PROMISE.search(bad) or CERTAINTY.search(bad)


@pytest.mark.parametrize("fine", [
    "I'll guide you through a gentle self-release.", "It may ease after a few holds.", "We'll come back to it.",
    "I won't guide you through holds.", "It won't help to press harder.",
])
def test_promise_rule_lets_hedged_text_pass(fine):
    assert not PROMISE.search(fine) and not CERTAINTY.search(fine)


@pytest.mark.parametrize("bad", [
    "If pressing sends pain into your knot, you have likely found a trigger point.",
    "You have found the trigger point that is causing your pain!", "This is carpal tunnel syndrome.",
    "You've got thoracic outlet syndrome.",
])
def test_diagnosis_rule_catches_diagnoses(bad):
    assert diagnoses(bad)


@pytest.mark.parametrize("fine", [
    "Do you have chest pain?", "If you have a lump in your neck, leave it alone.",
    "I can't tell you whether you have carpal tunnel syndrome.", "If your wrist tingles, or you have a knot, read on.",
])
def test_diagnosis_rule_lets_questions_and_conditions_pass(fine):
    assert not diagnoses(fine)


@pytest.mark.parametrize("bad,rule", [
    ("Tight scalenes cause carpal tunnel syndrome.", CAUSES_CTS), ("The cause of your carpal tunnel is the neck.", CAUSES_CTS),
    ("Massage can cure it.", CURE), ("It should feel strong but easy to live with.", STRONG_PRESSURE),
])
def test_wording_rules_catch_banned_claims(bad, rule):
    assert rule.search(bad)
