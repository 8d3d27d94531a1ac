"""The gentle strengthening routine as a pure state machine: routine state + turn -> replies.

In the same style as the release session (actions/session_flow.py): the whole state is one
dict (the `routine` slot, None when no routine runs), replies name domain responses, and a
paced exercise count goes to clients as a timed step of kind "exercise" (actions/holds.py,
README "The hold contract"). Whenever a running count stops, a `hold_stop` message says so.
actions/routine_link.py runs it inside a conversation's state.

Safety, from the exercise notes: without an earlier safety screen, a short one comes first
(warning signs now, neck or artery history, later pregnancy); red flags stop it at once (the
red-flag action calls `halt`); "it hurts" eases off once, then skips the move; tingling
makes the range smaller once, then stops the routine; after the first trimester of
pregnancy nothing is done flat on the back.
"""
from __future__ import annotations

import copy
from typing import Any, Callable, Dict, List, Optional, Tuple

from actions import exercise_safety, exercise_screen, holds
from actions.exercise_moves import (BED, DESK, count_message, dose, instruction_response, move_name, plan_for,
                                    variant_from)
from actions.exercise_screen import BLOCKS_EXERCISE
from actions.session_state import Reply, Turn

# Stages of a routine (the `stage` key of the `routine` slot).
SCREEN, CHOOSE, READY, COUNTING, PAUSED = exercise_screen.SCREEN, "choose", "ready", "counting", "paused"
GO = {"affirm", "continue_session", "repeat"}
SKIP = {"next_spot", "deny"}
PROMPTS = {CHOOSE: "utter_routine_ask_variant", PAUSED: "utter_routine_paused",
           COUNTING: "utter_routine_counting_reminder"}


class RoutineFlow:
    """Advances one conversation's strengthening routine by one turn.

    `context` holds what the routine reads but does not own: `screen_status`,
    `screen_reason`, `pregnant` (stated pregnancy), `after_session` (offered after a release).
    After a turn, `state` is the new `routine` slot, `record` (when the routine ended) what
    to keep in `past_routines`, and `screen` a new (status, reason) when its screen was answered.
    """

    def __init__(self, state: Optional[Dict[str, Any]], context: Optional[Dict[str, Any]] = None,
                 today: str = "", new_id: Optional[Callable[[], str]] = None):
        self.state: Optional[Dict[str, Any]] = copy.deepcopy(state) if isinstance(state, dict) else None
        self.context = dict(context or {})
        self.today = today
        self.new_id = new_id or holds.new_hold_id
        self.replies: List[Reply] = []
        self.record: Optional[Dict[str, Any]] = None
        self.screen: Optional[Tuple[str, Optional[str]]] = None

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
        if self.state["stage"] == SCREEN:
            return exercise_screen.where(self.state)
        if self.state["stage"] == CHOOSE:
            return "choosing where to do the exercises"
        return f"move {self.state['index'] + 1} of {len(self.state['plan'])}"

    # -- entry points ----------------------------------------------------------------------
    def start(self, variant: Optional[str] = None) -> List[Reply]:
        """Begin a routine (or say why not); `variant` skips the question where it is known."""
        status = self.context.get("screen_status")
        if status in BLOCKS_EXERCISE:
            self.say("utter_routine_blocked", reason=self.context.get("screen_reason") or "a safety concern")
            self.state = None
            return self.replies
        self.state = {"stage": CHOOSE, "variant": None, "plan": [], "index": 0, "hold_id": None,
                      "done": [], "skipped": [], "eased": [], "tingling": 0, "wanted": variant, "screen_step": 0,
                      "pregnant": bool(self.context.get("pregnant")),
                      "after_session": bool(self.context.get("after_session")), "date": self.today[:10]}
        self.say("utter_routine_intro")
        if status is None:  # no safety screen yet in this conversation
            exercise_screen.begin(self)
        else:
            self.choose_or_ask()
        return self.replies

    def step(self, turn: Turn) -> List[Reply]:
        """Handle one turn of a running routine."""
        if turn.first("contraindication") == "pregnancy":
            self.state["pregnant"] = True
        if turn.intent == "stop_session":
            self._stop_count(holds.STOP)
            self.say("utter_routine_stopped")
            return self.end(quiet=True)
        if turn.intent in ("ask_help", "start_routine", "start_session"):
            self.say("utter_routine_help", where=self.where())
            return self._reprompt()
        handlers = {SCREEN: self._on_screen, CHOOSE: self._on_choose, READY: self._on_ready,
                    COUNTING: self._on_counting, PAUSED: self._on_paused}
        handlers[self.state["stage"]](turn)
        return self.replies

    def halt(self, reason: str = holds.RED_FLAG) -> List[Reply]:
        """Stop at once (a red flag): the count stops and the routine ends with one line, "I've
        stopped the exercises"; the red-flag advice itself comes from the red-flag action."""
        if self.running:
            self._stop_count(reason)
            self.say("utter_routine_halted")
            self.end(quiet=True)
        return self.replies

    def pause_for_question(self) -> List[Reply]:
        """An aside (a question, a greeting): a running count stops; offer to carry on."""
        if self.running:
            if self.state["stage"] == COUNTING:
                self._stop_count(holds.QUESTION)
                self.state["stage"] = PAUSED
            self.say("utter_routine_resume_offer", where=self.where())
        return self.replies

    def carry_on(self, pregnant: bool) -> List[Reply]:
        """After a safety note that does not rule out gentle exercise (blood thinners, a lump,
        pregnancy): say so and go on; pregnancy moves a routine in bed to the sitting versions."""
        if not self.running:
            return self.replies
        if pregnant and not self.state["pregnant"]:
            self.state["pregnant"] = True
            if self.state["variant"] == BED:
                self._stop_count(holds.SWITCH)
                done = {entry["move"] for entry in self.state["done"]}
                self.say("utter_routine_pregnancy_sitting")
                self.state.update(variant=DESK, index=0, stage=READY,
                                  plan=[m for m in plan_for(DESK, pregnant=True) if m not in done])
                return self._present_or_end()
        self.say("utter_routine_carry_on")
        return self._reprompt()

    # -- stages ----------------------------------------------------------------------------
    def _on_screen(self, turn: Turn) -> None:
        exercise_screen.answer(self, turn)

    def choose_or_ask(self) -> None:
        if self.state.get("wanted"):
            self._choose(self.state["wanted"])
        else:
            self.state["stage"] = CHOOSE
            self.say("utter_routine_ask_variant")

    def _on_choose(self, turn: Turn) -> None:
        if turn.intent == "deny":
            self.say("utter_routine_stopped")
            self.end(quiet=True)
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
        self._present_or_end()

    def _present_or_end(self) -> List[Reply]:
        if self.move is None:
            return self.end()
        self.say(instruction_response(self.move, self.state["variant"]))
        return self.replies

    def _on_ready(self, turn: Turn) -> None:
        if turn.intent == "hold_finished":
            return self.say("utter_hold_already_done")  # a repeated finish changes nothing
        if turn.intent in GO:
            return self._start_count()
        if turn.intent in SKIP:
            return self.skip()
        if exercise_safety.tingles(turn):
            return exercise_safety.tingling(self)
        if exercise_safety.hurts(turn):
            return exercise_safety.ease_off(self)
        self.say("utter_not_understood_in_session")
        self._reprompt()

    def _start_count(self) -> None:
        move, variant = self.move, self.state["variant"]
        amount = dose(move, variant)
        hold_id = self.new_id()
        self.state.update(stage=COUNTING, hold_id=hold_id)
        gentler = move in self.state["eased"]
        self.say("utter_routine_counting_gently" if gentler else "utter_routine_counting",
                 reps=amount.reps, hold_seconds=amount.hold_seconds)
        self.send(count_message(hold_id, move, variant))

    def _on_counting(self, turn: Turn) -> None:
        intent = turn.intent
        if intent == "hold_finished":
            sent = turn.first("hold_id")
            if sent is not None and sent != self.state["hold_id"]:
                return self.say("utter_hold_already_done")
            amount = dose(self.move, self.state["variant"])
            self.state["done"].append({"move": self.move, "name": move_name(self.move, self.state["variant"]),
                                       "reps": amount.reps, "hold_seconds": amount.hold_seconds,
                                       "gently": self.move in self.state["eased"]})
            self.state["hold_id"] = None
            self.say("utter_routine_move_done")
            return self._next()
        if exercise_safety.tingles(turn):
            self._stop_count(holds.TINGLING)
            return exercise_safety.tingling(self)
        if exercise_safety.hurts(turn):
            self._stop_count(holds.HURTS)
            return exercise_safety.ease_off(self)
        if intent == "pause":
            self._stop_count(holds.PAUSE)
            self.state["stage"] = PAUSED
            return self.say("utter_routine_paused")
        if intent in SKIP:
            self._stop_count(holds.SKIP)
            return self.skip()
        self.say("utter_routine_counting_reminder")

    def _on_paused(self, turn: Turn) -> None:
        if turn.intent in GO:
            self.say("utter_resume")
            return self._start_count()  # every resume sends the count again
        if turn.intent in SKIP:
            return self.skip()
        self.say("utter_routine_paused")

    def _stop_count(self, reason: str) -> None:
        if self.state and self.state.get("hold_id"):
            self.send(holds.stop_message(self.state["hold_id"], reason))
            self.state["hold_id"] = None

    # -- moving on -------------------------------------------------------------------------
    def skip(self, response: str = "utter_routine_skipped") -> None:
        self.state["skipped"].append(self.move)
        self.say(response)
        self._next()

    def back_to_ready(self) -> None:
        self.state.update(stage=READY, hold_id=None)

    def _next(self) -> None:
        self.state.update(index=self.state["index"] + 1, stage=READY, hold_id=None)
        self._present_or_end()

    def _reprompt(self) -> List[Reply]:
        stage = self.state["stage"] if self.state else None
        if stage == SCREEN:
            exercise_screen.ask(self)
        elif stage == READY:
            self._present_or_end()
        elif stage in PROMPTS:
            self.say(PROMPTS[stage])
        return self.replies

    def end(self, quiet: bool = False) -> List[Reply]:
        """Close the routine: what was done goes to `record`, the routine slot is cleared."""
        state = self.state
        if state["done"]:
            self.record = {"date": state["date"], "variant": state["variant"], "moves": state["done"],
                           "skipped": [move_name(m, state["variant"]) for m in state["skipped"]],
                           "after_session": state["after_session"]}
        if not quiet and state["done"]:
            self.say("utter_routine_done", done_count=len(state["done"]), planned_count=len(state["plan"]))
            self.say("utter_routine_keep_going")
            self.say("utter_offer_documents")
        elif not quiet:
            self.say("utter_routine_none_done")
        self.state = None
        return self.replies
