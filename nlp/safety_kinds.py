"""What each red flag and contraindication means, read from `safety_kinds.yml`.

Light on purpose (no spaCy): the action server imports it for advice and reasons.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Tuple, Union

import yaml

KINDS_FILE = Path(__file__).resolve().parent / "safety_kinds.yml"
EMERGENCY, DOCTOR = "emergency", "doctor"
# The intents the NLU component sets for safety terms stated in context (nlp/rasa_component.py),
# read by the actions that answer them.
RED_FLAG_INTENT, CONTRAINDICATION_INTENT = "red_flag", "report_contraindication"
SAFETY_INTENTS = {RED_FLAG_INTENT, CONTRAINDICATION_INTENT}
DOCTOR_FIRST, ASK_FIRST = "doctor", "ask_first"


@dataclass(frozen=True)
class RedFlagKind:
    name: str
    severity: str  # emergency | doctor
    reason: str
    past: Optional[str] = None  # contraindication a distant-past mention becomes (None: calm)
    recent: Optional[str] = None  # the same for the recent past (None: treated as now)
    resolved: bool = False  # "it healed" makes it past
    recent_is_now: Optional[bool] = None  # a mention weeks ago still counts (default: see-a-doctor kinds)
    passing: Union[bool, List[str]] = False  # "comes and goes" makes it ordinary (always, or with these words)

    @property
    def response(self) -> str:
        return f"utter_red_flag_{self.name}"

    @property
    def recent_counts(self) -> bool:
        """A mention in the recent past still counts as now ("numb for weeks"), not for a fever last month."""
        return self.severity == DOCTOR if self.recent_is_now is None else self.recent_is_now

    def passes(self, text: str) -> bool:
        """Whether `text` of this kind, said to come and go, is the ordinary kind."""
        if isinstance(self.passing, list):
            return any(word in text.lower() for word in self.passing)
        return self.passing


@dataclass(frozen=True)
class ContraindicationKind:
    name: str
    outcome: str  # doctor | ask_first
    reason: str
    past: str = "keep"  # keep | calm
    needs_recent: bool = False
    now_red_flag: Optional[str] = None


@dataclass(frozen=True)
class ScreenQuestion:
    """One question of the safety screen and what a "yes" to it means."""

    question: str  # response that asks it
    answer: str  # response that answers a "yes"
    status: str  # screen status a "yes" leaves: emergency | doctor | ask_first
    reason: str  # remembered: "Earlier you told me about <reason>"
    red_flags: Tuple[str, ...] = ()  # red-flag kinds it asks about (happening now)
    outcome: Optional[str] = None  # it asks about every contraindication with this outcome

    @property
    def kinds(self) -> List[str]:
        """Every red-flag or contraindication kind this question asks about."""
        return list(self.red_flags) + [n for n, c in CONTRAINDICATIONS.items() if c.outcome == self.outcome]


def _load():
    data = yaml.safe_load(KINDS_FILE.read_text())
    flags = {name: RedFlagKind(name, **fields) for name, fields in data["red_flags"].items()}
    contras = {name: ContraindicationKind(name, **fields)
               for name, fields in data["contraindications"].items()}
    screen = [ScreenQuestion(**{**fields, "red_flags": tuple(fields.get("red_flags") or ())})
              for fields in data["screen"]]
    return flags, contras, screen, dict(data["unnamed_reasons"])


RED_FLAGS: Dict[str, RedFlagKind]
CONTRAINDICATIONS: Dict[str, ContraindicationKind]
SCREEN: List[ScreenQuestion]
UNNAMED_REASONS: Dict[str, str]  # contraindication | red_flag | block -> the reason to name
RED_FLAGS, CONTRAINDICATIONS, SCREEN, UNNAMED_REASONS = _load()
# Most serious first: the order of the data file.
SEVERITY_ORDER: List[str] = list(RED_FLAGS)


def by_severity(kinds) -> List[str]:
    """Known red-flag kinds, most serious first, without repeats."""
    return sorted({k for k in kinds if k in RED_FLAGS}, key=SEVERITY_ORDER.index)


def severity(kind: str) -> str:
    """'emergency' or 'doctor' for a red-flag kind (unknown kinds are treated as emergency)."""
    flag = RED_FLAGS.get(kind)
    return flag.severity if flag else EMERGENCY


def contraindication_reason(kind: str) -> str:
    """Human-readable reason for a contraindication kind ("a past stroke or mini-stroke")."""
    contra = CONTRAINDICATIONS.get(kind)
    return contra.reason if contra else kind.replace("_", " ")


def contraindication_outcome(kind: str) -> str:
    """'doctor' (don't press; ask your doctor) or 'ask_first' (check with your doctor first)."""
    contra = CONTRAINDICATIONS.get(kind)
    return contra.outcome if contra else DOCTOR_FIRST
