"""Progress a returning person can see and hear: pure functions over the `past_sessions` slot.

A session record (kept by the session flow when a session closes) looks like
    {"date": "2026-11-26", "pain_before": 6, "pain_after": 4, "released": 2, "spots": 3,
     "referral": true, "eased": ["left:upper", "left:middle"], "strengthening": ["chin_tuck"]}
`eased` and `strengthening` are newer fields (`session_record` builds them); older records
without them still work everywhere here.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from speech.speakable import number_words

# The spoken and written trend name this many recent sessions; the chart shows all kept.
TREND_SESSIONS = 3


def session_record(date: str, pain_before: Optional[float], pain_after: Optional[float],
                   log: Dict[str, Any], strengthening: Optional[List[str]] = None) -> Dict[str, Any]:
    """One closed session, for `past_sessions`: the old fields plus which spots eased."""
    holds = log.get("holds") or {}
    return {
        "date": date[:10], "pain_before": pain_before, "pain_after": pain_after,
        "released": len(log.get("released") or []), "spots": len(holds),
        "referral": bool(log.get("referral")), "eased": list(log.get("released") or []),
        "strengthening": list(strengthening or []),
    }


def attach_routine(past_sessions: List[Dict[str, Any]], routine: Dict[str, Any]) -> List[Dict[str, Any]]:
    """Past sessions with a routine done after the last one (same day) noted on that session."""
    sessions = [dict(s) for s in past_sessions or []]
    if sessions and routine.get("after_session") and sessions[-1].get("date") == routine.get("date"):
        done = [m["move"] for m in routine.get("moves") or []]
        sessions[-1]["strengthening"] = list(sessions[-1].get("strengthening") or []) + done
    return sessions


def _score(value: Any) -> Optional[float]:
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _fmt(value: float) -> str:
    return f"{value:g}"


def rated(past_sessions: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Sessions with both pain scores (only those can show a change)."""
    return [s for s in past_sessions or []
            if isinstance(s, dict) and _score(s.get("pain_before")) is not None
            and _score(s.get("pain_after")) is not None]


def trend_values(past_sessions: List[Dict[str, Any]]) -> Optional[Dict[str, str]]:
    """Template values for the trend ("three sessions: pain 6 → 4, 5 → 3, 4 → 2"), or None.

    `sessions` ("three sessions"), `trend` with arrows for the screen, `trend_spoken` with
    "to" for the voice; the response in the domain wraps them in words.
    """
    recent = rated(past_sessions)[-TREND_SESSIONS:]
    if not recent:
        return None
    pairs = [(_fmt(_score(s["pain_before"])), _fmt(_score(s["pain_after"]))) for s in recent]
    spoken = [f"{before} to {after}" for before, after in pairs]
    if len(spoken) > 1:
        spoken[-1] = "and " + spoken[-1]
    count = len(recent)
    return {
        "sessions": f"{number_words(count)} session{'s' if count != 1 else ''}",
        "count": str(count),
        "trend": ", ".join(f"{before} → {after}" for before, after in pairs),
        "trend_spoken": ", ".join(spoken),
    }


def trend_sentence(past_sessions: List[Dict[str, Any]]) -> Optional[str]:
    """The trend as one plain line (for the summary page and logs)."""
    values = trend_values(past_sessions)
    if values is None:
        return None
    return f"{values['sessions']}: pain {values['trend']}"


def chart_payload(past_sessions: List[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """`custom` payload for the widget's progress chart: pain before/after per session."""
    sessions = []
    for record in past_sessions or []:
        if not isinstance(record, dict):
            continue
        sessions.append({
            "date": str(record.get("date") or ""),
            "before": _score(record.get("pain_before")), "after": _score(record.get("pain_after")),
            "eased": [str(k) for k in record.get("eased") or []],
            "released": int(record.get("released") or 0), "spots": int(record.get("spots") or 0),
        })
    if not any(s["before"] is not None or s["after"] is not None for s in sessions):
        return None
    return {"progress": {"scale_max": 10, "sessions": sessions, "trend": trend_sentence(past_sessions)}}
