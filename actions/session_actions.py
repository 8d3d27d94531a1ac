"""rasa-sdk actions of the guided session: every session word, greetings, the offer to resume."""
from __future__ import annotations

from typing import Text

from rasa_sdk import Action

from actions.adapter import read_turn, run_flow
from actions.progress import chart_payload, rated, trend_values
from actions.summary import history_sentence


class ActionSessionStep(Action):
    """Every session word (yes, next, pulse, 7, left...) goes through here."""

    def name(self) -> Text:
        return "action_session_step"

    async def run(self, dispatcher, tracker, domain):
        turn = read_turn(tracker)
        return run_flow(dispatcher, tracker, lambda flow: flow.step(turn))


class ActionGreet(Action):
    """Greets newcomers; tells returning people how their last sessions went: the trend in pain
    over two or more rated sessions (with the chart for screens), else the last session."""

    def name(self) -> Text:
        return "action_greet"

    async def run(self, dispatcher, tracker, domain):
        past = tracker.get_slot("past_sessions") or []
        trend = trend_values(past) if len(rated(past)) > 1 else None
        history = history_sentence(past)

        def greet(flow):
            if trend:
                flow.say("utter_welcome_back_trend", **trend)
                flow.send(chart_payload(past))
            elif history:
                flow.say("utter_welcome_back", history=history)
            else:
                flow.say("utter_greet")
            flow.offer_to_resume()

        return run_flow(dispatcher, tracker, greet)


class ActionAfterFaq(Action):
    """After an FAQ answer mid-session: pause a running hold, offer to carry on where we were."""

    def name(self) -> Text:
        return "action_after_faq"

    async def run(self, dispatcher, tracker, domain):
        return run_flow(dispatcher, tracker, lambda flow: flow.offer_to_resume())
