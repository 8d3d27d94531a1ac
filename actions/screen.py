"""The safety screen (three yes/no questions), and contraindications stated at any time.

A "yes", or a contraindication stated during the screen or at any other moment, is
remembered (`screen_status`, `screen_reason`) and blocks holds for the rest of the
conversation; a running session or hold stops at once.
"""
from __future__ import annotations

from typing import List

from actions import holds
from actions.contraindications import SCREEN_QUESTIONS, reason_for
from actions.session_state import ACTIVE_STAGES, NO, PAIN_BEFORE, SCREEN, YES, Session, Turn, stricter
from nlp.safety_kinds import DOCTOR_FIRST, contraindication_outcome

# What each question asks and what a "yes" means live with the kinds (nlp/safety_kinds.yml).
QUESTIONS = [q.question for q in SCREEN_QUESTIONS]


def begin(flow: Session) -> None:
    flow.say("utter_screen_intro")
    flow.state["screen_step"] = 1
    flow.go(SCREEN)


def ask(flow: Session) -> None:
    flow.say(QUESTIONS[int(flow.get("screen_step", 1)) - 1])


def answer(flow: Session, turn: Turn) -> None:
    step = int(flow.get("screen_step", 1))
    stated = turn.entities.get("contraindication") or []
    if stated:
        return note_contraindications(flow, stated)
    if turn.intent in YES:
        failed = SCREEN_QUESTIONS[step - 1]
        flow.state.update(screen_status=failed.status, screen_reason=failed.reason)
        flow.reset()
        return flow.say(failed.answer)
    if turn.intent in NO:
        if step < len(QUESTIONS):
            flow.state["screen_step"] = step + 1
            return ask(flow)
        flow.state["screen_status"] = "passed"
        flow.say("utter_screen_passed")
        return flow.go(PAIN_BEFORE)
    flow.say("utter_screen_reask")
    ask(flow)


def note_contraindications(flow: Session, kinds: List[str]) -> None:
    """Remember a reason to ask a doctor first, stop any session (and its hold), say why."""
    reason = reason_for(kinds)
    outcomes = {contraindication_outcome(str(kind)) for kind in kinds} or {DOCTOR_FIRST}
    outcome = DOCTOR_FIRST if DOCTOR_FIRST in outcomes else outcomes.pop()  # "doctor" or "ask_first"
    status = flow.state.get("screen_status")
    if status != "emergency":  # never downgrade an emergency
        flow.state.update(screen_status=stricter(status, outcome), screen_reason=reason)
    was_running = flow.stage in ACTIVE_STAGES and flow.stage != SCREEN
    flow.halt(holds.RED_FLAG)
    flow.say("utter_ask_doctor_first", reason=reason)
    if was_running:
        flow.say("utter_session_halted")
