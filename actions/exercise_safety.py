"""What the strengthening routine does when a move hurts or makes the arm tingle.

From the exercise notes (DOMAIN-exercises.md): "it hurts" eases off once and offers the move
gentler, then skips it; tingling makes the range smaller once, then stops the routine for
today. Red flags are not here: they stop everything (RoutineFlow.halt).
"""
from __future__ import annotations

from actions.session_state import Turn

TINGLING = {"tingling", "numbness", "pins_and_needles"}


def tingles(turn: Turn) -> bool:
    return any(s in TINGLING for s in turn.entities.get("symptom", []))


def hurts(turn: Turn) -> bool:
    """"It hurts", or any mention of pain mid-exercise ("it still hurts", "sore now")."""
    return turn.intent == "too_much_pain" or "pain" in turn.entities.get("symptom", [])


def ease_off(routine) -> None:
    """First time: ease off and offer it gentler; second time on the same move: skip it.
    `routine` is a RoutineFlow whose running count (if any) was already stopped."""
    move = routine.move
    routine.back_to_ready()
    if move in routine.state["eased"]:
        return routine.skip("utter_routine_skip_hurts")
    routine.state["eased"].append(move)
    routine.say("utter_routine_ease_off")


def tingling(routine) -> None:
    """First time: smaller range; tingling again (it lasts or comes back): stop for today."""
    routine.state["tingling"] += 1
    routine.back_to_ready()
    if routine.state["tingling"] > 1:
        routine.say("utter_routine_stop_tingling")
        routine.end(quiet=True)
        return
    if routine.move not in routine.state["eased"]:
        routine.state["eased"].append(routine.move)
    routine.say("utter_routine_tingling")
