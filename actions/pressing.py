"""Pressing the spots: explore, hold (a timed step), check, and moving on or aside."""
from __future__ import annotations

from typing import List

from actions import holds, summary
from actions.session_state import CHECK, EXPLORE, HOLDING, NO, REFERRAL, REST_OFFER, YES, Session, Turn
from actions.spots import SPOT_ORDER, focus_name, spot_key, spot_where

REPORTS = {"report_released", "report_not_released", "report_referral"}


def explore_prompt(flow: Session) -> None:
    spot = flow.current_spot or SPOT_ORDER[0]
    flow.say("utter_explore", side_title=flow.side.capitalize(), spot_number=flow.spot_number(spot),
             spot_total=len(SPOT_ORDER), spot_where=spot_where(spot), spot=spot)


def hold_prompt(flow: Session) -> None:
    flow.say("utter_hold_reminder", seconds=flow.config.hold_seconds)


def on_explore(flow: Session, turn: Turn) -> None:
    if turn.intent in {"continue_session", "repeat", "hold_finished"} | YES:
        return start_hold(flow)
    if turn.intent == "next_spot":
        return advance(flow)
    flow.not_understood()


def start_hold(flow: Session, counted: bool = True) -> None:
    """How to hold, then the hold itself; a resumed hold (`counted=False`) does not count again."""
    spot = flow.current_spot or SPOT_ORDER[0]
    if counted:
        held = flow.log["holds"]
        key = spot_key(flow.side, spot)
        held[key] = held.get(key, 0) + 1
    seconds = flow.config.hold_seconds
    flow.say("utter_hold_start", seconds=seconds)
    flow.start_timer(HOLDING, "hold", seconds, side=flow.side, spot=spot, round=int(flow.get("spot_round", 1)))


def hold_matches(flow: Session, turn: Turn) -> bool:
    """A finished hold counts once, and only for the hold that is running."""
    sent_id = turn.first("hold_id")
    return sent_id is None or sent_id == flow.state.get("hold_id")


def on_holding(flow: Session, turn: Turn) -> None:
    if turn.intent == "hold_finished":
        if not hold_matches(flow, turn):
            return flow.say("utter_hold_already_done")
        flow.stop_timer(holds.DONE)
        flow.state["stage"] = CHECK
        return flow.say("utter_check")
    if turn.intent == "next_spot":
        flow.stop_timer(holds.SKIP)
        return advance(flow)
    if turn.intent in REPORTS:
        flow.stop_timer(holds.SKIP)
        flow.state["stage"] = CHECK
        return on_check(flow, turn)
    flow.reprompt()


def _held_enough(flow: Session, key: str) -> bool:
    if flow.log["holds"].get(key, 0) < flow.config.max_holds_per_spot:
        return False
    flow.say("utter_spot_limit")
    advance(flow)
    return True


def on_check(flow: Session, turn: Turn) -> None:
    intent = turn.intent
    key = spot_key(flow.side, flow.current_spot)
    log = flow.log
    if intent == "hold_finished":
        return flow.say("utter_hold_already_done")
    if intent == "report_referral":
        if key not in log["referral"]:
            log["referral"].append(key)
        if _held_enough(flow, key):
            return
        # No hold straight away: first, has the feeling settled? (actions/referral.py)
        flow.say("utter_referral_found", focus_name=focus_name(flow.state.get("focus")))
        return flow.go(REFERRAL)
    if intent in {"report_released"} | YES:
        record(flow, key, released=True)
        flow.say("utter_released")
        return advance(flow)
    if intent in {"report_not_released"} | NO:
        record(flow, key, released=False)
        flow.say("utter_not_released")
        return advance(flow)
    if intent == "repeat":
        return None if _held_enough(flow, key) else start_hold(flow)
    if intent == "next_spot":
        return advance(flow)
    flow.not_understood()


def record(flow: Session, key: str, released: bool) -> None:
    log = flow.log
    for name in ("released", "unreleased"):
        if key in log[name]:
            log[name].remove(key)
    log["released" if released else "unreleased"].append(key)


def unreleased_here(flow: Session) -> List[str]:
    """Spots on the current side that did not ease, top to bottom."""
    return [s for s in SPOT_ORDER if spot_key(flow.side, s) in flow.log["unreleased"]]


def advance(flow: Session) -> None:
    """Move to the next spot, to a rest before another round, or to the end."""
    queue = list(flow.get("spot_queue", []))[1:]
    flow.state["spot_queue"] = queue
    if queue:
        return flow.go(EXPLORE)
    if unreleased_here(flow) and int(flow.get("spot_round", 1)) < flow.config.max_rounds:
        return flow.go(REST_OFFER)
    summary.finish(flow)


# -- asides: the same in every pressing or resting stage -----------------------------------
def pulse(flow: Session) -> None:
    flow.stop_timer(holds.PULSE)
    flow.state["stage"] = EXPLORE
    flow.say("utter_pulse_move_off")


def ease_off(flow: Session) -> None:
    flow.log["eased_off"] = flow.log.get("eased_off", 0) + 1
    flow.stop_timer(holds.HURTS)
    flow.state["stage"] = EXPLORE
    flow.say("utter_ease_off")


def switch_sides(flow: Session, turn: Turn) -> None:
    asked = turn.first("side")
    other = "right" if flow.side == "left" else "left"
    new_side = asked if asked in ("left", "right") and asked != flow.side else other
    flow.stop_timer(holds.SWITCH)
    flow.state.update(side=new_side, spot_queue=list(SPOT_ORDER), spot_round=1)
    flow.say("utter_switch_sides", side=new_side)
    flow.go(EXPLORE)
