"""What a person states now, for themselves: the test every combined red-flag rule uses.

A mention (`nlp.context.Mention`, annotated by ConText) counts when it is not denied, asked about,
past or someone else's; the labels name the entity ruler's kinds of words.
"""
from __future__ import annotations

from typing import List

from nlp.context import Mention

SYMPTOM = "symptom"
CUE = "safety_cue"  # words that count only together (spreading pain + sweat)
BODY_PART = "body_part"
LIMBS = {"arm", "forearm", "hand", "fingers", "thumb", "index_finger", "little_finger"}
NUMB_OR_TINGLING = {"numbness", "tingling", "pins_and_needles"}


def stated(mentions: List[Mention], label: str, kind: str, sentence: int = -1) -> bool:
    """Said now by the person, for themselves (not denied, asked about or past); in `sentence` if given."""
    return any(m.label == label and m.kind == kind and not m.negated and m.experiencer == "self"
               and not m.hypothetical and m.time not in ("past", "recent", "resolved")
               and sentence in (-1, m.sentence) for m in mentions)


def cue(mentions: List[Mention], *kinds: str, sentence: int = -1) -> bool:
    """A safety cue of one of `kinds` stated (see `stated`)."""
    return any(stated(mentions, CUE, kind, sentence) for kind in kinds)
