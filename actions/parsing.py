"""Pure readings of what a person typed: a pain score, entity lists."""
from __future__ import annotations

import re
from typing import Dict, List, Optional

NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten".split())}


def pain_score(numbers: List[str], text: str) -> Optional[int]:
    """A 0-10 score from the `number` entities, or from a bare number in the text."""
    for value in list(numbers) + re.findall(r"[a-z]+|\d+", text.lower()):
        if value in NUMBER_WORDS:
            return NUMBER_WORDS[value]
        if value.isdigit() and 0 <= int(value) <= 10:
            return int(value)
    return None


def entity_lists(entities: List[Dict]) -> Dict[str, List[str]]:
    """NLU entities as {entity name: [values, in order]}."""
    found: Dict[str, List[str]] = {}
    for entity in entities or []:
        found.setdefault(str(entity.get("entity")), []).append(str(entity.get("value")))
    return found
