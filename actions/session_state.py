"""A session's state and the moves every phase shares: say, go to a stage, time a step, halt.

Nothing here knows about Rasa: the state is a dict of slot values, replies name domain
responses (so wording stays in the data) or carry a hold-contract payload (actions/holds.py).
`SessionFlow` (session_flow.py) adds the turn dispatch; the phases (screen.py,
preparation.py, pressing.py, rest.py, summary.py) are plain functions of a `Session`.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

import settings
from actions import holds
from actions.spots import SPOT_ORDER

# Stages of a session (the `stage` slot); None means no session is running.
SCREEN, PAIN_BEFORE, SIDE, POSITION = "screen", "pain_before", "side", "position"
EXPLORE, HOLDING, CHECK, REST_OFFER, RESTING = "explore", "holding", "check", "rest_offer", "resting"
REFERRAL = "referral_check"  # pressing sent feeling into the knot or wrist: has it settled?
PAIN_AFTER, PAUSED = "pain_after", "paused"
ACTIVE_STAGES = {SCREEN, PAIN_BEFORE, SIDE, POSITION, EXPLORE, HOLDING, CHECK, REFERRAL, REST_OFFER,
                 RESTING, PAIN_AFTER, PAUSED}
SETUP_STAGES = {SCREEN, PAIN_BEFORE, SIDE, POSITION}
PRESSING_STAGES = {EXPLORE, HOLDING, CHECK, REFERRAL}
# Stages in which the client runs a clock: the `hold_id` slot names the step it runs.
TIMED_STAGES = {HOLDING, RESTING}
# Slots that belong to one session; cleared when it ends (screen results and history stay).
SESSION_SLOTS = ("stage", "paused_stage", "screen_step", "spot_queue", "spot_round", "hold_id",
                 "session_log", "pain_before")

YES = {"affirm"}
NO = {"deny"}
# `screen_status`: None (not asked yet), "passed", "passed_for_exercise" (the strengthening
# routine's shorter screen), or what rules pressing out, least to most serious. Each of these
# blocks holds; a later answer never lowers it. (Only "doctor" and "emergency" rule out the
# gentle exercises: actions/exercise_screen.py.)
BLOCKING_STATUSES = ("ask_first", "doctor", "emergency")


def stricter(current: Optional[str], new: str) -> str:
    """The more serious of two screen statuses."""
    def rank(status: Optional[str]) -> int:
        return BLOCKING_STATUSES.index(status) + 1 if status in BLOCKING_STATUSES else 0
    return new if rank(new) >= rank(current) else current


@dataclass
class Turn:
    """What the person just said, as NLU understood it."""

    intent: str
    entities: Dict[str, List[str]] = field(default_factory=dict)
    text: str = ""

    def first(self, entity: str) -> Optional[str]:
        values = self.entities.get(entity) or []
        return values[0] if values else None


@dataclass
class Reply:
    """One bot message: a domain response (with template values), a custom payload, or a text
    already read from the data (the written form of an answer that was cut for the ear)."""

    response: Optional[str] = None
    values: Dict[str, Any] = field(default_factory=dict)
    custom: Optional[Dict[str, Any]] = None
    text: Optional[str] = None


class Session:
    """One conversation's session state, and the replies one turn produced."""

    def __init__(self, state: Dict[str, Any], now_iso: str = "", last_bot_response: str = "",
                 new_id: Optional[Callable[[], str]] = None):
        # A deep copy, so changes to lists and dicts inside slots show up as changed slots.
        self.state = copy.deepcopy(dict(state))
        self.replies: List[Reply] = []
        self.now_iso = now_iso
        # The response the bot last sent: a "yes" after an offer to guide starts a session.
        self.last_bot_response = last_bot_response or ""
        self.new_id = new_id or holds.new_hold_id
        self.config = settings.current().session

    # -- replies ----------------------------------------------------------------------
    def say(self, response: str, **values: Any) -> None:
        self.replies.append(Reply(response, values))

    def send(self, custom: Dict[str, Any]) -> None:
        self.replies.append(Reply(custom=custom))

    def reprompt(self) -> None:
        """Say again what the current stage is waiting for (SessionFlow knows every stage)."""
        raise NotImplementedError

    def go(self, stage: str) -> None:
        self.state["stage"] = stage
        self.reprompt()

    def not_understood(self) -> None:
        self.say("utter_not_understood_in_session")
        self.reprompt()

    # -- state --------------------------------------------------------------------------
    def get(self, key: str, default: Any = None) -> Any:
        value = self.state.get(key)
        return default if value is None else value

    @property
    def stage(self) -> Optional[str]:
        return self.state.get("stage")

    @property
    def side(self) -> str:
        return self.get("side", "left")

    @property
    def log(self) -> Dict[str, Any]:
        log = self.state.get("session_log")
        if not isinstance(log, dict):
            log = {"released": [], "unreleased": [], "referral": [], "holds": {}}
            self.state["session_log"] = log
        return log

    @property
    def current_spot(self) -> Optional[str]:
        queue = self.get("spot_queue", [])
        return queue[0] if queue else None

    def spot_number(self, spot: Optional[str] = None) -> int:
        return SPOT_ORDER.index(spot or self.current_spot or SPOT_ORDER[0]) + 1

    # -- timed steps (the hold contract) ----------------------------------------------------
    @property
    def running_hold(self) -> Optional[str]:
        """Id of the hold or rest whose clock the client runs now, if any."""
        return self.state.get("hold_id") if self.stage in TIMED_STAGES else None

    def start_timer(self, stage: str, kind: str, seconds: int, **details: Any) -> str:
        """Enter `stage` and send a new timed step of `kind`; returns its id."""
        hold_id = self.new_id()
        self.state.update(stage=stage, hold_id=hold_id)
        self.send(holds.hold_message(kind, seconds, hold_id, **details))
        return hold_id

    def stop_timer(self, reason: str) -> None:
        """The running step (if any) is over: tell every client why. The stage is the caller's."""
        running = self.running_hold
        if running:
            self.send(holds.stop_message(running, reason))
        self.state["hold_id"] = None

    # -- ending --------------------------------------------------------------------------------
    def reset(self) -> None:
        """No session from here on (the screen's result, side, focus and history are kept)."""
        self.state.update({name: None for name in SESSION_SLOTS})

    def halt(self, reason: str) -> None:
        """End the session now (a red flag, a contraindication): stop a running step, clear it."""
        self.stop_timer(reason)
        self.reset()
