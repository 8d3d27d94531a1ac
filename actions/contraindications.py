"""Reasons to ask a doctor before pressing on the neck: the NLU's ids in, words for people out.

The one place that turns `contraindication` entity values (pattern ids from nlp/patterns.jsonl)
into the reason the bot names ("With blood thinners, ...", "Earlier you told me about ..."),
and that gives the safety screen its questions: both from nlp/safety_kinds.yml.
"""
from __future__ import annotations

from typing import Iterable, List

from nlp.safety_kinds import CONTRAINDICATIONS, SCREEN, UNNAMED_REASONS, ScreenQuestion

# The screen's questions in order, each with what a "yes" means (status, answer, reason).
SCREEN_QUESTIONS: List[ScreenQuestion] = SCREEN

# The reasons live with the kinds themselves (nlp/safety_kinds.yml), next to their outcome.
NAMES = {name: kind.reason for name, kind in CONTRAINDICATIONS.items()}
# When the classifier heard a contraindication that no pattern named.
UNNAMED = UNNAMED_REASONS["contraindication"]


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
