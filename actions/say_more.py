""""More", "tell me more": the rest of an answer that was cut short for the ear.

A spoken answer is at most ~40 words (DESIGN.md); a voice variation that leaves something
out ends by offering the rest ("Say more to hear the rest."). On "more", the bot sends the
written form of each such answer in its last turn: the response's default text, filled with
the values it was sent with (Rasa keeps them in the bot event's metadata) and the slots. The
end of a session offers its after-care instead (`summary.AFTER_CARE`). Nothing was cut:
"That's all I have on that." Mid-session, a running hold pauses first, and the bot then
offers to carry on, as after any question.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action

from actions import holds
from actions.adapter import run_flow
from actions.session_flow import pause
from actions.session_state import Reply
from actions.summary import AFTER_CARE, OFFER_AFTER_SESSION
from actions.wording import fill, promises_more, responses, written

# A response whose rest is other responses rather than its own written form.
REST_OF = {"utter_session_end": AFTER_CARE, OFFER_AFTER_SESSION: AFTER_CARE}


def last_turn(events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The bot messages answering the message before the latest one ("more" itself)."""
    messages: List[Dict[str, Any]] = []
    users_seen = 0
    for event in reversed(events):
        if event.get("event") == "user":
            users_seen += 1
            if users_seen == 2:
                break
        elif event.get("event") == "bot" and users_seen == 1:
            messages.append(event)
    return messages[::-1]


def the_rest(bot_messages: List[Dict[str, Any]], slots: Dict[str, Any]) -> List[Reply]:
    """What each message that offered more leaves to say, in order."""
    rest: List[Reply] = []
    for message in bot_messages:
        values = message.get("metadata") or {}
        name = values.get("utter_action") or ""
        if not promises_more(message.get("text") or "") or name not in responses():
            continue
        if name in REST_OF:
            rest.extend(Reply(response) for response in REST_OF[name])
        else:
            rest.append(Reply(text=fill(written(name), {**slots, **values})))
    return rest


class ActionSayMore(Action):
    """The rest of the last answer, if it was cut; then, mid-session, the offer to carry on."""

    def name(self) -> Text:
        return "action_say_more"

    async def run(self, dispatcher, tracker, domain):
        rest = the_rest(last_turn(tracker.events), dict(tracker.slots))

        def more(flow):
            if flow.running_hold:
                pause(flow, holds.QUESTION)  # the hold's stop comes first in the turn
            if rest:
                flow.replies.extend(rest)
            else:
                flow.say("utter_no_more")
            flow.offer_to_resume()

        return run_flow(dispatcher, tracker, more)
