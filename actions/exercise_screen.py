"""The safety questions before a strengthening routine done on its own (no release screen yet).

Gentle moves ask less than pressing on the neck: warning signs right now (the release screen's
question 1) and neck or artery history (question 2) rule exercise out; being more than three
months pregnant only means the sitting versions (DOMAIN-exercises.md §3). Blood thinners, a
lump or a bleeding disorder matter for *pressing*, so they are not asked here and do not block
exercise. The outcome is remembered in `screen_status` like the release screen's; after only
these questions it is `passed_for_exercise`, so a later release session still asks all three.
"""
from __future__ import annotations

from typing import Any, Dict

from actions.contraindications import SCREEN_QUESTIONS
from actions.session_state import NO, YES, Turn

SCREEN = "screen"  # the routine's stage while these questions are asked
QUESTIONS = ["utter_screen_q1", "utter_screen_q2", "utter_routine_screen_q3"]  # the release screen's first two
# What a "yes" to question 1 or 2 means: (response, screen status, reason), as in the release screen.
FAILURE_RESPONSES = ("utter_routine_screen_fail_emergency", "utter_routine_screen_fail_doctor")
BLOCKS = [(response, q.status, q.reason) for response, q in zip(FAILURE_RESPONSES, SCREEN_QUESTIONS)]
# A red flag, or a "yes" to those two questions (here or in the release screen): no exercise.
BLOCKS_EXERCISE = {"emergency", "doctor"}
PASSED = "passed_for_exercise"


def where(state: Dict[str, Any]) -> str:
    return f"the safety check, question {state['screen_step']} of {len(QUESTIONS)}"


def begin(routine) -> None:
    """`routine` is a RoutineFlow whose state was just made."""
    routine.state.update(stage=SCREEN, screen_step=1)
    routine.say("utter_routine_screen_intro")
    ask(routine)


def ask(routine) -> None:
    routine.say(QUESTIONS[routine.state["screen_step"] - 1])


def answer(routine, turn: Turn) -> None:
    step = routine.state["screen_step"]
    if turn.intent not in YES | NO:
        routine.say("utter_screen_reask")
        return ask(routine)
    if turn.intent in YES and step <= len(BLOCKS):
        response, status, reason = BLOCKS[step - 1]
        routine.screen = (status, reason)
        routine.say(response)
        routine.end(quiet=True)
        return None
    if turn.intent in YES:  # more than three months pregnant
        routine.state["pregnant"] = True
    if step < len(QUESTIONS):
        routine.state["screen_step"] = step + 1
        return ask(routine)
    routine.screen = (PASSED, None)
    routine.say("utter_screen_passed")
    return routine.choose_or_ask()
