"""rasa-sdk actions for the strengthening routine: thin adapters to actions/exercise_routine.py.

The routine's state is the `routine` slot; `in_routine` (featurised) lets the rules send
session words to the routine while one runs; finished routines go to `past_routines`.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet

import settings
from actions.exercise_routine import RoutineFlow
from actions.progress import attach_routine
from actions.adapter import now_iso, read_turn, send


def stated_pregnancy(events: List[Dict[str, Any]]) -> bool:
    """Whether the person said they are pregnant in this conversation (negations are dropped
    by the NLU before entities reach here)."""
    for event in events or []:
        if event.get("event") == "user":
            entities = (event.get("parse_data") or {}).get("entities") or []
            if any(e.get("entity") == "contraindication" and e.get("value") == "pregnancy" for e in entities):
                return True
    return False


def routine_context(tracker: Tracker, today: str) -> Dict[str, Any]:
    past = tracker.get_slot("past_sessions") or []
    return {
        "screen_status": tracker.get_slot("screen_status"),
        "screen_reason": tracker.get_slot("screen_reason"),
        "pregnant": stated_pregnancy(tracker.events),
        "after_session": bool(past) and isinstance(past[-1], dict) and past[-1].get("date") == today[:10],
    }


def routine_events(tracker: Tracker, flow: RoutineFlow) -> List[Dict[Text, Any]]:
    """Slot changes after a routine turn: its state, and its record once it ended."""
    events = [SlotSet("routine", flow.state), SlotSet("in_routine", flow.state is not None)]
    if flow.record:
        routines = list(tracker.get_slot("past_routines") or []) + [flow.record]
        events.append(SlotSet("past_routines", routines[-settings.current().session.history_length:]))
        sessions = tracker.get_slot("past_sessions") or []
        noted = attach_routine(sessions, flow.record)
        if noted != sessions:
            events.append(SlotSet("past_sessions", noted))
    return events


class ActionRoutineStep(Action):
    """Starts the routine, and takes every session word while it runs."""

    def name(self) -> Text:
        return "action_routine_step"

    async def run(self, dispatcher, tracker, domain):
        if tracker.get_slot("in_session") and not tracker.get_slot("routine"):
            dispatcher.utter_message(response="utter_routine_after_release")
            return []
        today = now_iso()
        flow = RoutineFlow(tracker.get_slot("routine"), routine_context(tracker, today), today=today)
        send(dispatcher, flow.step(read_turn(tracker)))
        return routine_events(tracker, flow)


class ActionRoutineHalt(Action):
    """A red flag mid-routine: the count stops at once (the red-flag advice follows)."""

    def name(self) -> Text:
        return "action_routine_halt"

    async def run(self, dispatcher, tracker, domain):
        today = now_iso()
        flow = RoutineFlow(tracker.get_slot("routine"), routine_context(tracker, today), today=today)
        send(dispatcher, flow.halt("red_flag"))
        return routine_events(tracker, flow)
