"""The strengthening routine inside a conversation: `RoutineFlow` run on a session's slots.

The session flow (actions/session_flow.py) hands a turn here when a routine is asked for or
runs. The routine's state is the `routine` slot; its own safety questions set `screen_status`
like the release screen; a finished routine is kept in `past_routines` and noted on the same
day's release session in `past_sessions`.
"""
from __future__ import annotations

from typing import Callable

from actions.exercise_moves import variant_from
from actions.exercise_routine import RoutineFlow
from actions.exercise_screen import BLOCKS_EXERCISE
from actions.progress import attach_routine
from actions.session_state import Session, Turn


def running(flow: Session) -> bool:
    return flow.state.get("routine") is not None


def _run(flow: Session, move: Callable[[RoutineFlow], object]) -> None:
    """Build the routine from the slots, make `move`, keep its replies, state and record."""
    past = flow.get("past_sessions", [])
    today = flow.now_iso[:10]
    context = {"screen_status": flow.state.get("screen_status"), "screen_reason": flow.state.get("screen_reason"),
               "pregnant": bool(flow.state.get("pregnant")),
               "after_session": bool(past) and isinstance(past[-1], dict) and past[-1].get("date") == today}
    routine = RoutineFlow(flow.state.get("routine"), context, today=flow.now_iso, new_id=flow.new_id)
    move(routine)
    flow.replies.extend(routine.replies)
    flow.state["routine"] = routine.state
    if routine.screen:
        flow.state.update(screen_status=routine.screen[0], screen_reason=routine.screen[1])
    if routine.record:
        kept = list(flow.get("past_routines", [])) + [routine.record]
        flow.state["past_routines"] = kept[-flow.config.history_length:]
        noted = attach_routine(past, routine.record)
        if noted != past:
            flow.state["past_sessions"] = noted


def start(flow: Session, turn: Turn) -> None:
    """"Strengthening", "exercises in bed", or a yes to the offer: begin (or say why not)."""
    pregnant = turn.first("contraindication") == "pregnancy"
    variant = variant_from(turn.text, turn.entities.get("position", []))

    def begin(routine: RoutineFlow) -> None:
        routine.context["pregnant"] = routine.context["pregnant"] or pregnant
        routine.start(variant)

    _run(flow, begin)


def step(flow: Session, turn: Turn) -> None:
    _run(flow, lambda routine: routine.step(turn))


def pause_for_question(flow: Session) -> None:
    _run(flow, lambda routine: routine.pause_for_question())


def stop_if_ruled_out(flow: Session, reason: str) -> None:
    """A red flag or a contraindication was just remembered in `screen_status`: a running
    routine stops at once if that rules out exercise."""
    if running(flow) and flow.state.get("screen_status") in BLOCKS_EXERCISE:
        _run(flow, lambda routine: routine.halt(reason))


def carry_on(flow: Session) -> None:
    """After a contraindication that still allows gentle exercise (blood thinners, a lump,
    pregnancy): a running routine says so and goes on (pregnancy: the sitting versions)."""
    if running(flow):
        _run(flow, lambda routine: routine.carry_on(bool(flow.state.get("pregnant"))))
