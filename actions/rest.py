"""A timed rest before a second round over the spots that did not ease."""
from __future__ import annotations

from actions import holds, summary
from actions.pressing import hold_matches, unreleased_here
from actions.session_state import EXPLORE, NO, RESTING, YES, Session, Turn

GO_ON = {"continue_session", "next_spot"} | YES


def rest_minutes(flow: Session) -> str:
    return f"{flow.config.rest_seconds / 60:g}"


def offer_prompt(flow: Session) -> None:
    flow.say("utter_offer_rest", rest_minutes=rest_minutes(flow))


def rest_prompt(flow: Session) -> None:
    flow.say("utter_rest_start", rest_minutes=rest_minutes(flow))


def start_rest(flow: Session) -> None:
    rest_prompt(flow)
    flow.start_timer(RESTING, "rest", flow.config.rest_seconds)


def on_rest_offer(flow: Session, turn: Turn) -> None:
    if turn.intent in YES | {"continue_session", "repeat"}:
        return start_rest(flow)
    if turn.intent in NO | {"next_spot"}:
        return summary.finish(flow)
    flow.not_understood()


def on_resting(flow: Session, turn: Turn) -> None:
    if turn.intent == "hold_finished":
        if not hold_matches(flow, turn):
            return flow.say("utter_hold_already_done")
        flow.stop_timer(holds.DONE)
    elif turn.intent in GO_ON:
        flow.stop_timer(holds.SKIP)
    else:
        return flow.reprompt()
    flow.state.update(spot_queue=unreleased_here(flow), spot_round=int(flow.get("spot_round", 1)) + 1)
    flow.say("utter_rest_over")
    flow.go(EXPLORE)
