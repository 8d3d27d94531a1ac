"""What goes on the one-page summary for a doctor or physio, from a conversation's record.

Input: the conversation's slots and its events as Rasa's event dicts (what a tracker store
keeps). Output: a plain dict the PDF and the HTML page both render, so they always agree.
Only what the person told the assistant and what it guided is listed; nothing is inferred.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional

from actions.wording import written
from nlp.safety_kinds import SCREEN

# Fixed wording of the page; the person's data fills the rest.
TEXT = {
    "title": "Neck self-care summary",
    "subtitle": "From Scalene Coach, a self-care guide. Not a diagnosis.",
    "sessions": "Guided release sessions",
    "pain_note": "Pain or tingling as the person rated it, 0 (none) to 10 (worst), before and after.",
    "screen": "Safety questions",
    "red_flags": "Warning signs mentioned",
    "no_red_flags": "None mentioned in this conversation.",
    "strengthening": "Strengthening exercises done",
    "no_strengthening": "None recorded.",
    "no_sessions": "No guided session finished yet.",
    "footer": "Self-reported in a chat with an automated self-care guide. The guide gives general "
              "information and does not examine or diagnose.",
}
VARIANT_NAMES = {"bed": "in bed", "desk": "sitting", "standing": "standing"}
# `screen_status` values that mean the questions were answered "no" (actions/exercise_screen.py
# asks only the first two before a routine done on its own).
SCREEN_PASSED = {"passed": "all three answered no",
                 "passed_for_exercise": "questions 1 and 2 answered no (before the strengthening exercises)"}


def screen_questions() -> List[str]:
    """The safety questions exactly as the person was asked them (without "1 of 3: ")."""
    return [re.sub(r"^\d+ of \d+:\s*", "", written(q.question)) for q in SCREEN]


def _date(timestamp: Any) -> str:
    try:
        return datetime.fromtimestamp(float(timestamp), tz=timezone.utc).strftime("%Y-%m-%d")
    except (TypeError, ValueError, OverflowError, OSError):
        return ""


def _score(value: Any) -> str:
    try:
        return f"{float(value):g}"
    except (TypeError, ValueError):
        return "–"


def eased_spots(record: Dict[str, Any]) -> str:
    """Which spots eased ("left: upper, middle"), or a count for older records."""
    keys = record.get("eased")
    if isinstance(keys, list) and keys:
        by_side: Dict[str, List[str]] = {}
        for key in keys:
            # Spots by name only: where each one is lives in one place (utter_spot_* in domain.yml).
            side, _, spot = str(key).partition(":")
            by_side.setdefault(side, []).append(spot)
        return "; ".join(f"{side}: {', '.join(spots)}" for side, spots in by_side.items())
    released, spots = record.get("released"), record.get("spots")
    if isinstance(released, int) and isinstance(spots, int) and spots:
        return f"{released} of {spots}"
    return "none"


def session_rows(past_sessions: List[Any]) -> List[Dict[str, str]]:
    rows = []
    for record in past_sessions or []:
        if not isinstance(record, dict):
            continue
        rows.append({
            "date": str(record.get("date") or ""),
            "pain_before": _score(record.get("pain_before")), "pain_after": _score(record.get("pain_after")),
            "eased": eased_spots(record),
            "referral": "yes" if record.get("referral") else "no",
        })
    return rows


def screen_and_flags(events: List[Dict[str, Any]]) -> Dict[str, List[Dict[str, str]]]:
    """The safety screen's outcomes and the warning signs met, from the slot changes.

    A `screen_reason` set right after a `red_flag` message is a warning sign; otherwise it
    is the reason a screening answer was "yes" (or a condition mentioned). `screen_status:
    passed` means three "no"s.
    """
    screens: List[Dict[str, str]] = []
    flags: List[Dict[str, str]] = []
    last_intent = ""
    status = None
    for event in events or []:
        kind = event.get("event")
        if kind == "user":
            last_intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name") or ""
        elif kind == "slot" and event.get("name") == "screen_status":
            status = event.get("value")
            if status in SCREEN_PASSED:
                screens.append({"date": _date(event.get("timestamp")), "answer": SCREEN_PASSED[status]})
        elif kind == "slot" and event.get("name") == "screen_reason" and event.get("value"):
            entry = {"date": _date(event.get("timestamp")), "reason": str(event["value"]),
                     "advice": "emergency" if status == "emergency" else "see a doctor"}
            if last_intent == "red_flag":
                flags.append(entry)
            else:
                screens.append({"date": entry["date"], "answer": f"answered yes: {entry['reason']}"})
    return {"screens": screens, "red_flags": flags}


def strengthening_rows(past_routines: List[Any]) -> List[Dict[str, str]]:
    rows = []
    for routine in past_routines or []:
        if not isinstance(routine, dict):
            continue
        moves = []
        for move in routine.get("moves") or []:
            if isinstance(move, dict):
                name = move.get("name") or str(move.get("move", "")).replace("_", " ").capitalize()
                moves.append(f"{name} {move.get('reps')} × {move.get('hold_seconds')} s"
                             + (" (gently)" if move.get("gently") else ""))
        rows.append({"date": str(routine.get("date") or ""),
                     "where": VARIANT_NAMES.get(routine.get("variant"), ""),
                     "moves": "; ".join(moves) or "none",
                     "skipped": ", ".join(str(s) for s in routine.get("skipped") or [])})
    return rows


def build_summary(slots: Dict[str, Any], events: List[Dict[str, Any]], today: Optional[str] = None) -> Dict[str, Any]:
    """Everything the page shows, as plain strings and lists."""
    checks = screen_and_flags(events)
    return {
        "text": TEXT,
        "made": today or datetime.now(timezone.utc).strftime("%Y-%m-%d"),
        "sessions": session_rows(slots.get("past_sessions") or []),
        "screen_questions": screen_questions(),
        "screens": checks["screens"],
        "red_flags": checks["red_flags"],
        "strengthening": strengthening_rows(slots.get("past_routines") or []),
    }


def has_content(summary: Dict[str, Any]) -> bool:
    return bool(summary["sessions"] or summary["strengthening"] or summary["screens"] or summary["red_flags"])
