"""Safety signals read from a spaCy doc: red flags and reasons to ask a doctor first.

The entity ruler tags the words; this module decides what they mean. A term counts only
when it is not negated ("no chest pain", "I don't feel dizzy", "never had a stroke").
Negation is deliberately simple: a cue a few tokens before the term, inside the same
clause, or a list that continues a negated term ("no chest pain, dizziness or fainting").
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, List

RED_FLAG = "red_flag"
CONTRAINDICATION = "contraindication"

NEGATION_CUES = {
    "no", "not", "n't", "never", "without", "none", "nor", "neither", "deny", "denies",
    "nothing", "nt", "dont", "don't", "didnt", "didn't", "havent", "haven't", "isnt",
    "isn't", "wasnt", "wasn't", "arent", "aren't", "cant", "free",
}
# Tokens that end a clause: a negation before them does not reach past them.
CLAUSE_BREAKS = {".", ",", ";", "!", "?", "but", "though", "although", "however", "except", "yet", ":"}
# Tokens that may sit between two terms of one negated list.
LIST_JOINERS = {",", "or", "and", "nor", "any", "a", "an", "/", "-", "my", "the", "of", "some"}
NEGATION_WINDOW = 4

# Which red flags call for emergency help now, and which for a doctor soon.
EMERGENCY_KINDS = {
    "chest_pain", "stroke_sign", "dizziness", "fainting", "vision_change", "neck_injury",
    "severe_headache", "arm_colour_change", "bladder_bowel", "breathless", "ear_whoosh",
    "droopy_eyelid", "meningitis",
}
DOCTOR_KINDS = {"new_weakness", "fever"}
# More specific (and more serious) kinds first: the first one decides the advice.
SEVERITY_ORDER = [
    "stroke_sign", "chest_pain", "breathless", "meningitis", "severe_headache",
    "vision_change", "fainting", "dizziness", "droopy_eyelid", "ear_whoosh", "neck_injury",
    "arm_colour_change", "bladder_bowel", "new_weakness", "fever",
]


@dataclass(frozen=True)
class Signal:
    """One safety-relevant term in a message."""

    label: str  # red_flag | contraindication
    kind: str  # the pattern id, e.g. chest_pain, blood_thinner
    text: str
    start: int  # character offsets in the message
    end: int
    negated: bool


def _negated(doc, ent_start: int, previous_negated_end: int | None) -> bool:
    """True when a negation cue governs the token span starting at `ent_start`."""
    for index in range(ent_start - 1, max(-1, ent_start - 1 - NEGATION_WINDOW), -1):
        word = doc[index].lower_
        if word in CLAUSE_BREAKS:
            break
        if word in NEGATION_CUES:
            return True
    # "no chest pain, dizziness or fainting": the list carries the first negation on.
    if previous_negated_end is not None:
        between = [t.lower_ for t in doc[previous_negated_end:ent_start]]
        if all(word in LIST_JOINERS for word in between):
            return True
    return False


DENIAL_OPENERS = {"no", "nope", "nah", "none", "never", "not", "neither", "nothing", "nor"}


def opens_with_denial(doc) -> bool:
    """True for answers like "no chest pain" or "none of those, no dizziness"."""
    return len(doc) > 0 and doc[0].lower_ in DENIAL_OPENERS


def find_signals(doc) -> List[Signal]:
    """All red-flag and contraindication terms in `doc`, each marked negated or not."""
    signals: List[Signal] = []
    previous_negated_end = None
    for ent in doc.ents:
        if ent.label_ not in (RED_FLAG, CONTRAINDICATION):
            # Other terms (body parts, symptoms) may still sit inside a negated list.
            continue
        negated = _negated(doc, ent.start, previous_negated_end)
        previous_negated_end = ent.end if negated else None
        signals.append(
            Signal(ent.label_, ent.ent_id_ or ent.text.lower(), ent.text,
                   ent.start_char, ent.end_char, negated)
        )
    return signals


def _mentions_stiff_neck(doc) -> bool:
    return any(e.label_ == "symptom" and e.ent_id_ == "stiffness" for e in doc.ents) and any(
        e.label_ == "body_part" and e.ent_id_ == "neck" for e in doc.ents
    )


def red_flag_kinds(doc, signals: Iterable[Signal] | None = None) -> List[str]:
    """Kinds of red flag stated (not negated) in `doc`, most serious first."""
    signals = find_signals(doc) if signals is None else signals
    kinds = {s.kind for s in signals if s.label == RED_FLAG and not s.negated}
    # Fever alone means "see a doctor"; fever with a stiff neck may be meningitis.
    if "fever" in kinds and _mentions_stiff_neck(doc):
        kinds.add("meningitis")
    return sorted(kinds, key=lambda k: SEVERITY_ORDER.index(k) if k in SEVERITY_ORDER else 99)


def contraindications(signals: Iterable[Signal]) -> List[str]:
    """Reasons to ask a doctor first that the person stated (not negated)."""
    return sorted({s.kind for s in signals if s.label == CONTRAINDICATION and not s.negated})


def severity(kind: str) -> str:
    """'emergency' or 'doctor' for a red-flag kind (unknown kinds are treated as emergency)."""
    return "doctor" if kind in DOCTOR_KINDS else "emergency"
