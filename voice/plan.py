"""What a turn's bot messages mean for a voice session: things to say, holds to run, holds
stopped, documents to save.

Every text is spoken (with its buttons read as choices); images are for screens and are
skipped; a `custom.hold` payload becomes a paced countdown spoken with the payload's cues (an
exercise: its paced rep count), and a `custom.hold_stop` payload says the bot no longer waits
on that hold (README "The hold contract"); `custom.documents` (a summary, a reminder) are
links to save. Nothing here guesses from words.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Union

from speech.speakable import speakable_message


@dataclass
class Say:
    text: str


@dataclass
class Hold:
    seconds: int
    kind: str
    hold_id: str
    finish_payload: str
    cues: Dict[str, str] = field(default_factory=dict)
    # An exercise's dose ("reps", "hold_seconds", "rep_seconds"), for its paced rep count.
    exercise: Dict[str, int] = field(default_factory=dict)


@dataclass
class HoldStop:
    hold_id: str
    reason: str


@dataclass
class SaveDocuments:
    documents: List[Dict[str, str]]  # {"title", "url" (on the assistant's server), "type"}


Step = Union[Say, Hold, HoldStop, SaveDocuments]
EXERCISE_DOSE = ("reps", "hold_seconds", "rep_seconds")


def hold_from(payload: dict) -> Optional[Hold]:
    hold = payload.get("hold") if isinstance(payload, dict) else None
    if not isinstance(hold, dict) or not isinstance(hold.get("seconds"), (int, float)):
        return None
    kind = hold.get("kind") if isinstance(hold.get("kind"), str) and hold["kind"].isidentifier() else "hold"
    cues = hold.get("cues") if isinstance(hold.get("cues"), dict) else {}
    dose = {key: hold.get(key) for key in EXERCISE_DOSE}
    exercise = dose if kind == "exercise" and all(isinstance(n, int) for n in dose.values()) else {}
    return Hold(seconds=int(hold["seconds"]), kind=kind, hold_id=str(hold.get("id", "")),
                finish_payload=hold.get("finish_payload") or "/hold_finished",
                cues={k: v for k, v in cues.items() if k in ("start", "end") and isinstance(v, str)},
                exercise=exercise)


def hold_stop_from(payload: dict) -> Optional[HoldStop]:
    stop = payload.get("hold_stop") if isinstance(payload, dict) else None
    if not isinstance(stop, dict) or "id" not in stop:
        return None
    return HoldStop(hold_id=str(stop["id"]), reason=str(stop.get("reason") or ""))


def documents_from(payload: dict) -> Optional[SaveDocuments]:
    documents = payload.get("documents") if isinstance(payload, dict) else None
    if not isinstance(documents, list):
        return None
    kept = [d for d in documents if isinstance(d, dict) and isinstance(d.get("url"), str)
            and d["url"].startswith("/")]  # only the assistant's own links
    return SaveDocuments(kept) if kept else None


def plan(messages: List[dict]) -> List[Step]:
    """The steps for one turn, in the order the bot sent them."""
    steps: List[Step] = []
    for message in messages:
        spoken = speakable_message(message)
        if spoken:
            steps.append(Say(spoken))
        for parse in (hold_stop_from, hold_from, documents_from):
            step = parse(message.get("custom"))
            if step:
                steps.append(step)
    return steps
