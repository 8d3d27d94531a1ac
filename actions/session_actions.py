"""rasa-sdk actions: thin adapters between the tracker and the session state machine."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.red_flags import choose_advice
from actions.session_flow import ACTIVE_STAGES, Reply, SessionFlow, Turn, history_sentence

# Slots the state machine reads and writes; everything a session knows lives here, so a
# restarted server (or another instance) continues the same conversation.
STATE_SLOTS = [
    "stage", "screen_step", "screen_status", "screen_reason", "side", "position", "focus",
    "spot_round", "spot_queue", "session_log", "pain_before", "hold_id", "paused_stage",
    "in_session", "past_sessions",
]


def read_turn(tracker: Tracker) -> Turn:
    message = tracker.latest_message or {}
    entities: Dict[str, List[str]] = {}
    for entity in message.get("entities") or []:
        entities.setdefault(entity.get("entity"), []).append(str(entity.get("value")))
    intent = (message.get("intent") or {}).get("name") or ""
    return Turn(intent=intent, entities=entities, text=message.get("text") or "")


def last_bot_response(tracker: Tracker) -> str:
    """Name of the response the bot sent last (Rasa keeps it in the event's metadata)."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            return (event.get("metadata") or {}).get("utter_action") or ""
    return ""


def read_state(tracker: Tracker) -> Dict[str, Any]:
    return {name: tracker.get_slot(name) for name in STATE_SLOTS}


def send(dispatcher: CollectingDispatcher, replies: List[Reply]) -> None:
    for reply in replies:
        if reply.custom is not None:
            dispatcher.utter_message(json_message=reply.custom)
        else:
            dispatcher.utter_message(response=reply.response, **reply.values)


def changed_slots(before: Dict[str, Any], after: Dict[str, Any]) -> List[Dict[Text, Any]]:
    return [SlotSet(name, after.get(name)) for name in STATE_SLOTS if after.get(name) != before.get(name)]


def offer_to_resume(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """If a session is running, say where it was and offer to carry on."""
    if tracker.get_slot("stage") in ACTIVE_STAGES:
        where = SessionFlow(read_state(tracker)).where()
        dispatcher.utter_message(response="utter_after_faq_resume", where=where)


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class ActionSessionStep(Action):
    """Every session word (yes, next, pulse, 7, left...) goes through here."""

    def name(self) -> Text:
        return "action_session_step"

    async def run(self, dispatcher, tracker, domain):
        before = read_state(tracker)
        flow = SessionFlow(before, now_iso=now_iso(), last_bot_response=last_bot_response(tracker))
        send(dispatcher, flow.step(read_turn(tracker)))
        return changed_slots(before, flow.state)


class ActionGreet(Action):
    """Greets newcomers; tells returning people how their last sessions went."""

    def name(self) -> Text:
        return "action_greet"

    async def run(self, dispatcher, tracker, domain):
        history = history_sentence(tracker.get_slot("past_sessions") or [])
        if history:
            dispatcher.utter_message(response="utter_welcome_back", history=history)
        else:
            dispatcher.utter_message(response="utter_greet")
        offer_to_resume(dispatcher, tracker)
        return []


class ActionAfterFaq(Action):
    """After an FAQ answer mid-session: offer to carry on where we were."""

    def name(self) -> Text:
        return "action_after_faq"

    async def run(self, dispatcher, tracker, domain):
        offer_to_resume(dispatcher, tracker)
        return []


class ActionHandleRedFlag(Action):
    """A red flag beats everything: advice now, session stopped, holds off from here on."""

    def name(self) -> Text:
        return "action_handle_red_flag"

    async def run(self, dispatcher, tracker, domain):
        kinds = [e.get("value") for e in tracker.latest_message.get("entities") or []
                 if e.get("entity") == "red_flag"]
        response, status, reason = choose_advice(kinds)
        if tracker.get_slot("screen_status") == "emergency":
            status = "emergency"  # never downgrade an earlier emergency
        dispatcher.utter_message(response=response)
        events = [SlotSet("screen_status", status), SlotSet("screen_reason", reason)]
        if tracker.get_slot("stage") in ACTIVE_STAGES:
            dispatcher.utter_message(response="utter_session_halted")
            events += [SlotSet(name, None) for name in
                       ("stage", "hold_id", "paused_stage", "spot_queue", "screen_step", "session_log")]
            events.append(SlotSet("in_session", False))
        return events
