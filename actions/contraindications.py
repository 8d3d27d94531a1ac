"""Reasons to ask a doctor before pressing on the neck: the NLU's ids in, words for people out.

The one place that turns `contraindication` entity values (pattern ids from nlp/patterns.jsonl)
into the reason the bot names ("With blood thinners, ...", "Earlier you told me about ...").
"""
from __future__ import annotations

from typing import Iterable, List

NAMES = {
    "blood_thinner": "blood thinners", "pregnancy": "pregnancy", "neck_lump": "a lump in the neck",
    "neck_surgery": "neck surgery", "past_stroke": "a past stroke", "carotid_disease": "carotid disease",
    "osteoporosis": "osteoporosis", "cancer": "cancer", "bleeding_disorder": "a bleeding disorder",
}
# When the classifier heard a contraindication that no pattern named.
UNNAMED = "a health condition you mentioned"


def name_of(kind: str) -> str:
    """Words for one id; an id added to the patterns but not here still reads sensibly."""
    return NAMES.get(kind) or kind.replace("_", " ")


def reason_for(kinds: Iterable[str]) -> str:
    """'blood thinners', 'blood thinners and pregnancy', 'a, b and c'; UNNAMED for none."""
    names: List[str] = []
    for kind in kinds:
        name = name_of(str(kind))
        if name and name not in names:
            names.append(name)
    if not names:
        return UNNAMED
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
