"""rasa-sdk actions for safety: red flags, and contraindications stated at any time.

Both end a running session at once (a running hold gets `hold_stop` with reason `red_flag`)
and are remembered, so holds stay off for the rest of the conversation; a running
strengthening routine stops too, unless what was said still allows gentle exercise.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa_sdk import Action

from actions import holds, routine_link
from actions.adapter import read_turn, run_flow
from actions.red_flags import choose_advice
from actions.screen import note_contraindications
from actions.session_state import ACTIVE_STAGES, stricter
from nlp.safety_kinds import DOCTOR, SAFETY_INTENTS

# "I'm on warfarin, how long do I hold?" and "no better after three weeks: what helps at night?"
# also get their FAQ answer, after the advice, when the classifier's next guess after the safety
# intent is the FAQ and the response selector is this sure of the topic.
FAQ_MIN_CONFIDENCE = 0.5


def confident_faq(message: Dict[str, Any]) -> Optional[str]:
    """The FAQ answer (response name) a message asked for besides stating a safety term."""
    ranking = [r for r in message.get("intent_ranking") or [] if r.get("name") not in SAFETY_INTENTS]
    if not ranking or ranking[0].get("name") != "faq" or (ranking[0].get("confidence") or 0) < FAQ_MIN_CONFIDENCE:
        return None
    response = ((message.get("response_selector") or {}).get("faq") or {}).get("response") or {}
    if (response.get("confidence") or 0) < FAQ_MIN_CONFIDENCE:
        return None
    return response.get("utter_action") or None


class ActionHandleRedFlag(Action):
    """A red flag beats everything: advice now, session stopped, holds off from here on.

    A see-a-doctor-soon flag outside a session is followed by the answer to the question the
    person also asked (they still deserve it); an emergency gets the emergency advice alone.
    """

    def name(self) -> Text:
        return "action_handle_red_flag"

    async def run(self, dispatcher, tracker, domain):
        response, status, reason = choose_advice(read_turn(tracker).entities.get("red_flag") or [])
        faq = confident_faq(tracker.latest_message or {}) if status == DOCTOR else None

        def handle(flow):
            was_running = flow.stage in ACTIVE_STAGES
            # Remembered first: halting a strengthening routine depends on it.
            flow.state.update(screen_status=stricter(flow.state.get("screen_status"), status), screen_reason=reason)
            flow.halt(holds.RED_FLAG)
            flow.say(response)
            if was_running:
                flow.say("utter_session_halted")
            elif faq:
                flow.say(faq)

        return run_flow(dispatcher, tracker, handle)


class ActionNoteContraindication(Action):
    """"I'm on warfarin", "I had a TIA": ask a doctor first, remembered; a running session stops."""

    def name(self) -> Text:
        return "action_note_contraindication"

    async def run(self, dispatcher, tracker, domain):
        kinds = read_turn(tracker).entities.get("contraindication") or []
        faq = confident_faq(tracker.latest_message or {})

        def note(flow):
            note_contraindications(flow, kinds)
            routine_link.carry_on(flow)  # unless it ruled exercise out too (then it stopped)
            if faq:
                flow.say(faq)

        return run_flow(dispatcher, tracker, note)
