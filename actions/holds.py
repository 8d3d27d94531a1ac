"""The hold contract: one builder for every timed step a client runs, and one for its stop.

A timed step (a hold on a spot, a rest between rounds, a paced exercise) is a bot message
whose custom payload is `hold_message(...)`; the client runs the clock and sends the step's
`finish_payload` when it runs out. When the bot stops waiting on a running step for any
other reason it says so with `stop_message(...)`, and a resumed step is sent again as a new
hold with a new id. Clients follow these messages only. README "The hold contract" is the
reference for client authors; the cue wording lives in domain.yml (`utter_cue_<kind>_start`
and `_end`; an exercise move may have its own start cue, `utter_cue_exercise_<move>_start`),
so it is written once and spoken by every client's countdown.
"""
from __future__ import annotations

import uuid
from typing import Any, Dict

from actions import wording

KINDS = ("hold", "rest", "exercise")

# Why a running hold or rest stopped: the `reason` of a `hold_stop` message.
PAUSE = "pause"  # the person paused; any resume word sends the step again
PULSE = "pulse"  # they felt a pulse under their fingers
HURTS = "hurts"  # pressing (or a move) hurt
TINGLING = "tingling"  # an exercise brought on tingling or numbness
RED_FLAG = "red_flag"  # a red flag or a contraindication: the session is over
STOP = "stop"  # they stopped the session
SWITCH = "switch"  # they switched sides
SKIP = "skip"  # they moved on before the timer ran out ("next", "it eased", "let's go on")
QUESTION = "question"  # they turned to something else (a question, a greeting); the bot offers to carry on
DONE = "done"  # the client reported the timer ran out: the step is over, as planned
STOP_REASONS = (PAUSE, PULSE, HURTS, TINGLING, RED_FLAG, STOP, SWITCH, SKIP, QUESTION, DONE)


def new_hold_id() -> str:
    return uuid.uuid4().hex[:12]


def finish_payload(hold_id: str) -> str:
    """What the client sends when the step's time is up (a stale or repeated one changes nothing)."""
    return f'/hold_finished{{"hold_id": "{hold_id}"}}'


def _cue_texts() -> Dict[str, str]:
    """`utter_cue_*` responses from domain.yml: their text meant for every channel."""
    return {name: wording.written(name) for name in wording.responses() if name.startswith("utter_cue_")}


def cues_for(kind: str, topic: str = "") -> Dict[str, str]:
    """What a client says when a step of `kind` starts and when its time is up; a `topic`
    (an exercise move) with its own `utter_cue_<kind>_<topic>_start` starts with that."""
    texts = _cue_texts()
    try:
        start = texts.get(f"utter_cue_{kind}_{topic}_start") if topic else None
        return {"start": start or texts[f"utter_cue_{kind}_start"], "end": texts[f"utter_cue_{kind}_end"]}
    except KeyError:
        raise ValueError(f"no cues for {kind!r}: add utter_cue_{kind}_start and _end to domain.yml") from None


def hold_message(kind: str, seconds: int, hold_id: str, topic: str = "", **details: Any) -> Dict[str, Any]:
    """The custom payload that starts a timed step on every client.

    `details` (side, spot, round; an exercise's move, name, reps...) are passed on for clients
    to show; `topic` picks a more specific start cue (see `cues_for`).
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    return {"hold": {"id": hold_id, "kind": kind, "seconds": int(seconds), "cues": cues_for(kind, topic),
                     "finish_payload": finish_payload(hold_id), **details}}


def stop_message(hold_id: str, reason: str) -> Dict[str, Any]:
    """The custom payload that tells every client the step `hold_id` is over, and why."""
    if reason not in STOP_REASONS:
        raise ValueError(f"reason must be one of {STOP_REASONS}, not {reason!r}")
    return {"hold_stop": {"id": hold_id, "reason": reason}}
