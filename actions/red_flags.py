"""How the assistant answers a red flag: which advice, and what it remembers.

Severities, reasons and the order of seriousness live in `nlp/safety_kinds.yml`; the
wording lives in the domain (`utter_red_flag_<kind>`).
"""
from typing import List, Tuple

from nlp.safety_kinds import RED_FLAGS, UNNAMED_REASONS, by_severity


def choose_advice(kinds: List[str]) -> Tuple[str, str, str]:
    """(response name, screen status, reason) for the most serious kind stated."""
    known = by_severity(kinds)
    if not known:
        # Only the NLU component sets `red_flag`, always with a kind; kept as a safe default.
        return "utter_red_flag_general", "emergency", UNNAMED_REASONS["red_flag"]
    flag = RED_FLAGS[known[0]]
    return flag.response, flag.severity, flag.reason
