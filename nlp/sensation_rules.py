"""Red flags that numbness, tingling or weakness make with where and how they are felt (DOMAIN.md §5):
the face and a limb together, the legs with both hands, numbness that never goes, a new numb face.

Each rule reads the mentions ConText annotated and counts only what the person states now (`stated`).
"""
from __future__ import annotations

import re
from typing import List

from nlp.context import Mention
from nlp.stated import BODY_PART, CUE, LIMBS, NUMB_OR_TINGLING, SYMPTOM, cue, stated

FACE_WORDS = re.compile(r"^(face|cheeks?|lips?|mouth|forehead|chin|facial)$")  # not the eyes ("tired eyes and tingling hands")
LEG_CUES = ("leg_place", "leg_trouble")
FACE_SIMILE = re.compile(r"\b(dentist|dentist's|injection|ants|clingfilm|cling|sherbet|fizz|fizzes|fizzing|crawling|creepy|zings|novocaine|anaesthetic|anesthetic)\b")  # "my chin fizzes like sherbet"
FACE_FEELING_CHARS = 30  # "my face on the left has gone fizzy"
LEG_FEELING_CHARS = 40  # "my legs feel strange, heavy and buzzy", not "my toes are cold and my fingers tingle"
FACE_LIMB_CHARS = 50  # the face named near the numbness ("my face and left arm went numb"), not "my face in the pillow all night, woke with a dead arm"
NUMB_WORDS = re.compile(r"numb|tingl|pins|fuzz|fizz|dead")
SUDDEN_ONLY = re.compile(r"^(sudden|suddenly|instantly|abruptly|instant|seconds|nowhere)$")


def _one_sided_stroke(mentions: List[Mention]) -> bool:
    """"numbness in my face and arm": the face and a limb numb or weak together (FAST)."""
    for symptom in mentions:
        if symptom.label == SYMPTOM and symptom.kind in ("numbness", "weakness") and stated([symptom], SYMPTOM, symptom.kind):
            places = {m.kind for m in mentions if m.label == BODY_PART and m.sentence == symptom.sentence
                      and stated([m], BODY_PART, m.kind) and (m.kind != "face" or abs(m.start - symptom.start) <= FACE_LIMB_CHARS)}
            if "face" in places and places & (LIMBS | {"leg"}):
                return True
    return False


def _numb_for_good(mentions: List[Mention]) -> bool:
    """"numb all the time", "constantly numb": numbness said to be constant (DOMAIN.md §5), in its
    own sentence or in the next ("numb since Christmas. It doesn't come and go, it's always there");
    tingling only when it never lets up ("never switches off"): "tingles all the time" is often just "often"."""
    numb = [m for m in mentions if m.label == SYMPTOM and m.kind == "numbness" and stated([m], SYMPTOM, "numbness")]
    tingling = any(m.unbroken and stated([m], SYMPTOM, m.kind) for m in mentions
                   if m.label == SYMPTOM and m.kind in NUMB_OR_TINGLING)
    return tingling or any(m.constant for m in numb) or (
        bool(numb) and not any(m.passing for m in numb) and cue(mentions, "constant"))


def _said_of(place: Mention, feeling: Mention, mentions: List[Mention], chars: int = FACE_FEELING_CHARS) -> bool:
    """"my face on the left has gone fizzy": the feeling is said of this place, with no other body
    part in between ("my mouth is dry and my hand tingles") and close by."""
    first, second = sorted((place, feeling), key=lambda m: m.start)
    between = any(m.label == BODY_PART and first.end <= m.start and m.end <= second.start for m in mentions)
    return place.sentence == feeling.sentence and second.start - first.end <= chars and not between


def _face_and_limb_tingling(mentions: List[Mention]) -> bool:
    """"cheek and lips prickly and my arm gone tingly", "my face has gone fizzy and now my foot too":
    face and a limb numb or tingling together (FAST; DOMAIN.md §5 "in face, arms or legs")."""
    feelings = [m for m in mentions if m.label == SYMPTOM and stated([m], SYMPTOM, m.kind) and m.kind in NUMB_OR_TINGLING]
    face = cue(mentions, "face_tingle") or any(
        m.label == BODY_PART and FACE_WORDS.match(m.text.lower()) and stated([m], BODY_PART, m.kind)
        and not cue(mentions, "pressing", sentence=m.sentence)  # tingling sent into the face by a press: referral
        and any(_said_of(m, feeling, mentions) for feeling in feelings) for m in mentions)
    limb = any(stated(mentions, BODY_PART, limb) for limb in LIMBS) or cue(mentions, *LEG_CUES)
    return face and limb and any(stated(mentions, SYMPTOM, feeling) for feeling in NUMB_OR_TINGLING)


def _face_feeling_stays(mentions: List[Mention]) -> bool:
    """"my chin has fizzed like sherbet since last week", "pressed above my collarbone and my face went
    pins and needles and it hasn't gone away": a new odd feeling in the face that stays, even one a
    press set off (DOMAIN.md §5: new tingling or numbness in the face is checked soon)."""
    simile = any(stated([m], CUE, "face_tingle") and not m.passing and FACE_SIMILE.search(m.text.lower())
                 and not cue(mentions, "pressing", sentence=m.sentence) for m in mentions)
    feelings = [m for m in mentions if m.label == SYMPTOM and m.kind in NUMB_OR_TINGLING and m.constant
                and stated([m], SYMPTOM, m.kind)]
    stays = any(m.label == BODY_PART and FACE_WORDS.match(m.text.lower()) and stated([m], BODY_PART, m.kind)
                and any(_said_of(m, feeling, mentions) for feeling in feelings) for m in mentions)
    return simile or stays


def _legs_and_both_hands(mentions: List[Mention]) -> bool:
    """"now it's both hands, and my legs feel stiff and heavy on the stairs": both arms and the legs
    (DOMAIN.md §5, a possible squeeze on the spinal cord); legs heavy after leg day pass."""
    legs = any(stated([m], CUE, "leg_trouble") and not m.passing for m in mentions)
    both = stated(mentions, "side", "both") or any(
        m.label == BODY_PART and m.kind in ("hand", "arm") and m.text.lower().endswith("s")
        and stated([m], BODY_PART, m.kind) for m in mentions)
    return legs and both


def _sudden_numb_limb(mentions: List[Mention]) -> bool:
    """"out of nowhere my left arm has gone numb": a limb numb or weak, said to have come on
    suddenly in the same sentence (FAST), unless it passes ("wakes me", "shake it out")."""
    return any(m.label == SYMPTOM and m.kind in ("numbness", "weakness") and stated([m], SYMPTOM, m.kind)
               and not m.passing and stated(mentions, CUE, "extreme", m.sentence)
               and any(s.label == CUE and s.kind == "extreme" and s.sentence == m.sentence and SUDDEN_ONLY.match(s.text.lower())
                       for s in mentions)
               and any(stated(mentions, BODY_PART, limb, m.sentence) for limb in LIMBS) for m in mentions)


def _no_longer_comes_and_goes(mentions: List[Mention]) -> bool:
    """"it used to come and go at night; now it's just there": numbness that has become constant."""
    return cue(mentions, "was_passing") and any(  # "now it's constant" sits in the scope of "used to"
        m.label == CUE and m.kind == "constant" and not m.negated and not m.hypothetical and m.experiencer == "self"
        for m in mentions)


def _legs_numb_and_jumpy(mentions: List[Mention]) -> bool:
    """"my feet feel wrapped in cotton wool and my legs go stiff and jumpy": symptoms in the legs (DOMAIN.md §5)."""
    legs_numb = any(stated([m], SYMPTOM, "numbness") and cue(mentions, "leg_place", sentence=m.sentence) for m in mentions)
    return legs_numb and any(stated([m], CUE, "leg_trouble") and not m.passing for m in mentions)


def _legs_tingling_with_the_hands(mentions: List[Mention]) -> bool:
    """"pins and needles in my feet and legs now as well, not just the hands": tingling or numbness
    in the legs together with both hands (DOMAIN.md §5: symptoms in the legs)."""
    legs = any(stated([m], SYMPTOM, m.kind) and not m.passing and any(
        stated([place], CUE, "leg_place") and _said_of(place, m, mentions, LEG_FEELING_CHARS) for place in mentions)
        for m in mentions if m.label == SYMPTOM and m.kind in NUMB_OR_TINGLING)
    both = stated(mentions, "side", "both") or any(
        m.label == BODY_PART and m.kind in ("hand", "arm", "fingers") and m.text.lower().endswith("s")
        and stated([m], BODY_PART, m.kind) for m in mentions)
    return legs and both


def _new_numb_face(mentions: List[Mention]) -> bool:
    """"a new numb patch on my cheek": new numbness or tingling said of the face (DOMAIN.md §5)."""
    new = [m for m in mentions if stated([m], CUE, "new_change") and NUMB_WORDS.search(m.text.lower())]
    return any(m.label == BODY_PART and FACE_WORDS.match(m.text.lower()) and stated([m], BODY_PART, m.kind)
               and any(_said_of(m, feeling, mentions) for feeling in new) for m in mentions)


# Kinds these rules make, in the order they are checked.
SENSATION_RULES = (
    (_one_sided_stroke, "stroke_sign"),
    (_numb_for_good, "constant_numbness"),
    (_face_and_limb_tingling, "stroke_sign"),
    (_legs_and_both_hands, "new_weakness"),
    (_face_feeling_stays, "constant_numbness"),
    (_sudden_numb_limb, "stroke_sign"),
    (_no_longer_comes_and_goes, "constant_numbness"),
    (_legs_numb_and_jumpy, "new_weakness"),
    (_legs_tingling_with_the_hands, "new_weakness"),
    (_new_numb_face, "constant_numbness"),
)
