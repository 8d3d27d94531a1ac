"""What a turn's bot messages mean for a voice session: things to say and holds to run.

Every text is spoken (with its buttons read as choices); images are for screens and are
skipped; a `custom.hold` payload (README "hold contract") becomes a paced countdown.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Union

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


Step = Union[Say, Hold]


def hold_from(payload: dict) -> Optional[Hold]:
    hold = payload.get("hold") if isinstance(payload, dict) else None
    if not isinstance(hold, dict) or not isinstance(hold.get("seconds"), (int, float)):
        return None
    kind = hold.get("kind") if hold.get("kind") in ("hold", "rest") else "hold"
    return Hold(seconds=int(hold["seconds"]), kind=kind, hold_id=str(hold.get("id", "")),
                finish_payload=hold.get("finish_payload") or "/hold_finished")


def plan(messages: List[dict]) -> List[Step]:
    """The steps for one turn, in the order the bot sent them."""
    steps: List[Step] = []
    for message in messages:
        spoken = speakable_message(message)
        if spoken:
            steps.append(Say(spoken))
        hold = hold_from(message.get("custom"))
        if hold:
            steps.append(hold)
    return steps
