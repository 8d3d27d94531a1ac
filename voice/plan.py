"""What a turn's bot messages mean for a voice session: things to say, holds to run, holds stopped.

Every text is spoken (with its buttons read as choices); images are for screens and are
skipped; a `custom.hold` payload becomes a paced countdown spoken with the payload's cues, and
a `custom.hold_stop` payload says the bot no longer waits on that hold (README "The hold
contract"). Nothing here guesses from words.
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


@dataclass
class HoldStop:
    hold_id: str
    reason: str


Step = Union[Say, Hold, HoldStop]


def hold_from(payload: dict) -> Optional[Hold]:
    hold = payload.get("hold") if isinstance(payload, dict) else None
    if not isinstance(hold, dict) or not isinstance(hold.get("seconds"), (int, float)):
        return None
    kind = hold.get("kind") if isinstance(hold.get("kind"), str) and hold["kind"].isidentifier() else "hold"
    cues = hold.get("cues") if isinstance(hold.get("cues"), dict) else {}
    return Hold(seconds=int(hold["seconds"]), kind=kind, hold_id=str(hold.get("id", "")),
                finish_payload=hold.get("finish_payload") or "/hold_finished",
                cues={k: v for k, v in cues.items() if k in ("start", "end") and isinstance(v, str)})


def hold_stop_from(payload: dict) -> Optional[HoldStop]:
    stop = payload.get("hold_stop") if isinstance(payload, dict) else None
    if not isinstance(stop, dict) or "id" not in stop:
        return None
    return HoldStop(hold_id=str(stop["id"]), reason=str(stop.get("reason") or ""))


def plan(messages: List[dict]) -> List[Step]:
    """The steps for one turn, in the order the bot sent them."""
    steps: List[Step] = []
    for message in messages:
        spoken = speakable_message(message)
        if spoken:
            steps.append(Say(spoken))
        for parse in (hold_stop_from, hold_from):
            step = parse(message.get("custom"))
            if step:
                steps.append(step)
    return steps
