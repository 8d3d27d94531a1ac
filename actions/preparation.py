"""Before the first press: pain score, side, position, then the cautions and warning signs."""
from __future__ import annotations

from actions.parsing import pain_score
from actions.session_state import EXPLORE, NO, POSITION, SIDE, Session, Turn
from actions.spots import SPOT_ORDER

# Answers that skip a pain score ("skip", "no", "next").
SKIP_INTENTS = NO | {"next_spot", "continue_session"}


def on_pain_before(flow: Session, turn: Turn) -> None:
    score = pain_score(turn.entities.get("number") or [], turn.text)
    if score is None and turn.intent not in SKIP_INTENTS:
        return flow.not_understood()
    flow.state["pain_before"] = score
    next_question(flow)


def next_question(flow: Session) -> None:
    """Ask what is still unknown (side, position); when all is known, the cautions and spot 1."""
    if flow.state.get("side") not in ("left", "right"):
        return flow.go(SIDE)
    if flow.state.get("position") not in ("sitting", "lying"):
        return flow.go(POSITION)
    flow.say("utter_cautions")
    flow.say("utter_warning_signs")
    flow.state.update(spot_queue=list(SPOT_ORDER), spot_round=1)
    flow.go(EXPLORE)


def on_side(flow: Session, turn: Turn) -> None:
    side = turn.first("side")
    if side == "both":
        return flow.say("utter_one_side_at_a_time")
    if side not in ("left", "right"):
        return flow.not_understood()
    flow.state["side"] = side
    next_question(flow)


def on_position(flow: Session, turn: Turn) -> None:
    if turn.first("position") not in ("sitting", "lying"):
        return flow.not_understood()
    next_question(flow)
