"""Between rasa-sdk and the session flow: slots in, flow moves, messages and slot events out."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Callable, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.parsing import entity_lists
from actions.session_flow import SessionFlow
from actions.session_state import ACTIVE_STAGES, Reply, Turn

# Slots the flow reads and writes; everything a session knows lives here, so a restarted
# server (or another instance) continues the same conversation.
STATE_SLOTS = [
    "stage", "screen_step", "screen_status", "screen_reason", "side", "position", "focus",
    "spot_round", "spot_queue", "session_log", "pain_before", "hold_id", "paused_stage",
    "in_session", "past_sessions", "routine", "past_routines",
]


def read_turn(tracker: Tracker) -> Turn:
    message = tracker.latest_message or {}
    intent = (message.get("intent") or {}).get("name") or ""
    return Turn(intent=intent, entities=entity_lists(message.get("entities")), text=message.get("text") or "")


def last_bot_response(tracker: Tracker) -> str:
    """Name of the response the bot sent last (Rasa keeps it in the event's metadata)."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            return (event.get("metadata") or {}).get("utter_action") or ""
    return ""


def stated_pregnancy(events: List[Dict[str, Any]]) -> bool:
    """Whether the person said they are pregnant in this conversation (negations are dropped
    by the NLU before entities reach here)."""
    for event in events or []:
        if event.get("event") == "user":
            entities = (event.get("parse_data") or {}).get("entities") or []
            if any(e.get("entity") == "contraindication" and e.get("value") == "pregnancy" for e in entities):
                return True
    return False


def read_state(tracker: Tracker) -> Dict[str, Any]:
    """The slots, plus `pregnant`, read from what was said (not a slot: never written back)."""
    state = {name: tracker.get_slot(name) for name in STATE_SLOTS}
    state["pregnant"] = stated_pregnancy(tracker.events)
    return state


def send(dispatcher: CollectingDispatcher, replies: List[Reply]) -> None:
    for reply in replies:
        if reply.custom is not None:
            dispatcher.utter_message(json_message=reply.custom)
        elif reply.text is not None:
            dispatcher.utter_message(text=reply.text)
        else:
            dispatcher.utter_message(response=reply.response, **reply.values)


def changed_slots(before: Dict[str, Any], after: Dict[str, Any]) -> List[Dict[Text, Any]]:
    return [SlotSet(name, after.get(name)) for name in STATE_SLOTS if after.get(name) != before.get(name)]


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def run_flow(dispatcher: CollectingDispatcher, tracker: Tracker,
             move: Callable[[SessionFlow], None]) -> List[Dict[Text, Any]]:
    """Load the session from the slots, make `move`, send its messages; returns the changed slots."""
    before = read_state(tracker)
    flow = SessionFlow(before, now_iso=now_iso(), last_bot_response=last_bot_response(tracker))
    move(flow)
    send(dispatcher, flow.replies)
    # Featurised for the rules: an FAQ mid-session (or mid-routine) is followed by an offer to resume.
    after = {**flow.state, "in_session": flow.stage in ACTIVE_STAGES or flow.state.get("routine") is not None}
    return changed_slots(before, after)
