"""The gentle strengthening routine as a pure state machine: routine state + turn -> replies.

Independent of the release session (actions/session_flow.py), in the same style: the whole
state is one dict (the `routine` slot, None when no routine runs), replies name domain
responses, and a paced exercise count goes to clients as a hold with `"kind": "exercise"`
(README "hold contract"). Whenever a running count stops, a `hold_stop` message says so.

Safety, from the exercise notes: red flags (dizziness among them) stop it at once; "it
hurts" eases off once, then skips the move; tingling makes the range smaller once, then
stops the routine; after the first trimester of pregnancy nothing is done flat on the back.
"""
from __future__ import annotations

import copy
import uuid
from typing import Any, Dict, List, Optional

from actions.exercise_moves import (BED, DESK, END_CUE, MOVES, dose, instruction_response, move_name,
                                    plan_for, variant_from)
from actions.session_state import Reply, Turn

# Stages of a routine (the `stage` key of the `routine` slot).
CHOOSE, READY, COUNTING, PAUSED = "choose", "ready", "counting", "paused"
GO = {"affirm", "continue_session", "repeat"}
SKIP = {"next_spot", "deny"}
TINGLING = {"tingling", "numbness", "pins_and_needles"}
# A failed safety screen or an earlier red flag: no exercise in this conversation.
BLOCKING_SCREEN = {"emergency", "doctor"}


def hold_payload(hold_id: str, move: str, variant: str) -> Dict[str, Any]:
    """The paced count of one move, in the hold contract's shape."""
    amount = dose(move, variant)
    return {"hold": {
        "seconds": amount.total_seconds, "kind": "exercise", "id": hold_id, "move": move,
        "variant": variant, "reps": amount.reps, "rep_seconds": amount.rep_seconds,
        "hold_seconds": amount.hold_seconds,
        "cues": {"start": MOVES[move].cue, "end": END_CUE},
        "finish_payload": f'/hold_finished{{"hold_id": "{hold_id}"}}',
    }}


def stop_payload(hold_id: str, reason: str) -> Dict[str, Any]:
    return {"hold_stop": {"id": hold_id, "reason": reason}}


class RoutineFlow:
    """Advances one conversation's strengthening routine by one turn.

    `context` holds what the routine reads but does not own: `screen_status`,
    `screen_reason`, `pregnant` (stated pregnancy), `after_session` (offered after a release).
    After a turn, `state` is the new `routine` slot and `record` (when the routine ended)
    what to keep in `past_routines`.
    """

    def __init__(self, state: Optional[Dict[str, Any]], context: Optional[Dict[str, Any]] = None,
                 today: str = ""):
        self.state: Optional[Dict[str, Any]] = copy.deepcopy(state) if isinstance(state, dict) else None
        self.context = dict(context or {})
        self.today = today
        self.replies: List[Reply] = []
        self.record: Optional[Dict[str, Any]] = None

    # -- helpers ---------------------------------------------------------------------------
    def say(self, response: str, **values: Any) -> None:
        self.replies.append(Reply(response, values))

    def send(self, custom: Dict[str, Any]) -> None:
        self.replies.append(Reply(custom=custom))

    @property
    def running(self) -> bool:
        return self.state is not None

    @property
    def move(self) -> Optional[str]:
        plan, index = self.state["plan"], self.state["index"]
        return plan[index] if index < len(plan) else None

    def where(self) -> str:
        """Where the routine is, for help and resume messages."""
        if self.state["stage"] == CHOOSE:
            return "choosing where to do the exercises"
        return f"move {self.state['index'] + 1} of {len(self.state['plan'])}"

    # -- entry points ----------------------------------------------------------------------
    def start(self, variant: Optional[str] = None) -> List[Reply]:
        """Begin a routine (or say why not); `variant` skips the question where it is known."""
        status = self.context.get("screen_status")
        if status in BLOCKING_SCREEN:
            self.say("utter_routine_blocked", reason=self.context.get("screen_reason") or "a safety concern")
            self.state = None
            return self.replies
        self.state = {"stage": CHOOSE, "variant": None, "plan": [], "index": 0, "hold_id": None,
                      "done": [], "skipped": [], "eased": [], "tingling": 0,
                      "pregnant": bool(self.context.get("pregnant")),
                      "after_session": bool(self.context.get("after_session")), "date": self.today[:10]}
        self.say("utter_routine_intro")
        if variant:
            self._choose(variant)
        else:
            self.say("utter_routine_ask_variant")
        return self.replies

    def step(self, turn: Turn) -> List[Reply]:
        """Handle one turn of a running routine (a start request starts one)."""
        if turn.first("contraindication") == "pregnancy" and self.state:
            self.state["pregnant"] = True
        if not self.running:
            if turn.intent == "start_routine":
                self.context["pregnant"] = self.context.get("pregnant") or turn.first("contraindication") == "pregnancy"
                return self.start(variant_from(turn.text, turn.entities.get("position", [])))
            self.say("utter_routine_none")
            return self.replies
        if turn.intent == "red_flag" or turn.entities.get("red_flag"):
            return self.halt("red_flag")
        stage = self.state["stage"]
        if turn.intent == "stop_session":
            self._stop_count("stop")
            self.say("utter_routine_stopped")
            return self._end(quiet=True)
        if turn.intent in ("ask_help", "start_routine", "start_session"):
            self.say("utter_routine_help", where=self.where())
            return self._reprompt()
        getattr(self, f"_on_{stage}")(turn)
        return self.replies

    def halt(self, reason: str = "red_flag") -> List[Reply]:
        """Stop at once (a red flag): the count stops and the routine ends with one line, "I've
        stopped the exercises"; the red-flag advice itself comes from the red-flag action."""
        if self.running:
            self._stop_count(reason)
            self.say("utter_routine_halted")
            self._end(quiet=True)
        return self.replies

    # -- stages ----------------------------------------------------------------------------
    def _on_choose(self, turn: Turn) -> None:
        if turn.intent == "deny":
            self.say("utter_routine_stopped")
            self._end(quiet=True)
            return
        variant = variant_from(turn.text, turn.entities.get("position", []))
        if variant is None:
            self.say("utter_routine_variant_reask")
            return
        self._choose(variant)

    def _choose(self, variant: str) -> None:
        if variant == BED and self.state["pregnant"]:
            self.say("utter_routine_pregnancy_sitting")
            variant = DESK
        self.state.update(variant=variant, plan=plan_for(variant, pregnant=self.state["pregnant"]),
                          index=0, stage=READY)
        self._present()

    def _present(self) -> None:
        self.say(instruction_response(self.move, self.state["variant"]))

    def _on_ready(self, turn: Turn) -> None:
        if turn.intent == "hold_finished":
            return self.say("utter_hold_already_done")  # a repeated finish changes nothing
        if turn.intent in GO:
            return self._start_count()
        if turn.intent in SKIP:
            self.state["skipped"].append(self.move)
            self.say("utter_routine_skipped")
            return self._next()
        if self._tingles(turn):
            return self._tingling()
        if self._hurts_said(turn):
            return self._hurts()
        self.say("utter_not_understood_in_session")
        self._reprompt()

    def _start_count(self) -> None:
        move, variant = self.move, self.state["variant"]
        amount = dose(move, variant)
        hold_id = uuid.uuid4().hex[:12]
        self.state.update(stage=COUNTING, hold_id=hold_id)
        gentler = move in self.state["eased"]
        self.say("utter_routine_counting_gently" if gentler else "utter_routine_counting",
                 reps=amount.reps, hold_seconds=amount.hold_seconds)
        self.send(hold_payload(hold_id, move, variant))

    def _on_counting(self, turn: Turn) -> None:
        intent = turn.intent
        if intent == "hold_finished":
            sent = turn.first("hold_id")
            if sent is not None and sent != self.state["hold_id"]:
                return self.say("utter_hold_already_done")
            amount = dose(self.move, self.state["variant"])
            self.state["done"].append({"move": self.move, "name": move_name(self.move, self.state["variant"]),
                                       "reps": amount.reps,
                                       "hold_seconds": amount.hold_seconds,
                                       "gently": self.move in self.state["eased"]})
            self.state["hold_id"] = None
            self.say("utter_routine_move_done")
            return self._next()
        if self._tingles(turn):
            self._stop_count("tingling")
            return self._tingling()
        if self._hurts_said(turn):
            self._stop_count("hurts")
            return self._hurts()
        if intent == "pause":
            self._stop_count("pause")
            self.state["stage"] = PAUSED
            return self.say("utter_routine_paused")
        if intent in SKIP:
            self._stop_count("skip")
            self.state["skipped"].append(self.move)
            self.say("utter_routine_skipped")
            return self._next()
        self.say("utter_routine_counting_reminder")

    def _on_paused(self, turn: Turn) -> None:
        if turn.intent in GO:
            self.say("utter_resume")
            return self._start_count()  # every resume sends the count again
        if turn.intent in SKIP:
            self.state["skipped"].append(self.move)
            self.say("utter_routine_skipped")
            return self._next()
        self.say("utter_routine_paused")

    # -- safety ----------------------------------------------------------------------------
    @staticmethod
    def _tingles(turn: Turn) -> bool:
        return any(s in TINGLING for s in turn.entities.get("symptom", []))

    @staticmethod
    def _hurts_said(turn: Turn) -> bool:
        """"It hurts", or any mention of pain mid-exercise ("it still hurts", "sore now")."""
        return turn.intent == "too_much_pain" or "pain" in turn.entities.get("symptom", [])

    def _hurts(self) -> None:
        """First time: ease off and offer it gentler; second time on the same move: skip it."""
        move = self.move
        self.state.update(stage=READY, hold_id=None)
        if move in self.state["eased"]:
            self.state["skipped"].append(move)
            self.say("utter_routine_skip_hurts")
            return self._next()
        self.state["eased"].append(move)
        self.say("utter_routine_ease_off")

    def _tingling(self) -> None:
        """First time: smaller range; tingling again (it lasts or comes back): stop for today."""
        self.state["tingling"] += 1
        self.state.update(stage=READY, hold_id=None)
        if self.state["tingling"] > 1:
            self.say("utter_routine_stop_tingling")
            self._end(quiet=True)
            return
        if self.move not in self.state["eased"]:
            self.state["eased"].append(self.move)
        self.say("utter_routine_tingling")

    def _stop_count(self, reason: str) -> None:
        if self.state and self.state.get("hold_id"):
            self.send(stop_payload(self.state["hold_id"], reason))
            self.state["hold_id"] = None

    # -- moving on -------------------------------------------------------------------------
    def _next(self) -> None:
        self.state.update(index=self.state["index"] + 1, stage=READY, hold_id=None)
        if self.move is None:
            self._end()
        else:
            self._present()

    def _reprompt(self) -> List[Reply]:
        stage = self.state["stage"] if self.state else None
        if stage == CHOOSE:
            self.say("utter_routine_ask_variant")
        elif stage == READY:
            self._present()
        elif stage == PAUSED:
            self.say("utter_routine_paused")
        elif stage == COUNTING:
            self.say("utter_routine_counting_reminder")
        return self.replies

    def _end(self, quiet: bool = False) -> List[Reply]:
        """Close the routine: what was done goes to `record`, the routine slot is cleared."""
        state = self.state
        if state["done"]:
            self.record = {"date": state["date"], "variant": state["variant"], "moves": state["done"],
                           "skipped": [move_name(m, state["variant"]) for m in state["skipped"]],
                           "after_session": state["after_session"]}
        if not quiet and state["done"]:
            self.say("utter_routine_done", done_count=len(state["done"]), planned_count=len(state["plan"]))
            self.say("utter_routine_keep_going")
        elif not quiet:
            self.say("utter_routine_none_done")
        self.state = None
        return self.replies
