"""After pressing sent feeling into the knot or wrist: has it settled, before holding again?

DOMAIN.md §7: a referred ache or tingle is expected, but symptoms that spread and stay are a
reason to stop. So the spot is not held again at once (docs/content-review.md, point 4): "yes,
it settled" holds it once more, gently; "no", "it's spreading", "it hurts" or "next" stops
pressing for today and ends the session with its summary. No hold runs in this stage; a pulse
gets its advice and the question again, and pause, stop, help, questions and red flags work
as everywhere (actions/session_flow.py).
"""
from __future__ import annotations

from actions import pressing, summary
from actions.session_state import NO, YES, Session, Turn

SETTLED = YES | {"report_released"}
NOT_SETTLED = NO | {"report_not_released", "report_referral", "too_much_pain", "next_spot"}
# Words that would carry a session on elsewhere; here the question comes first.
ASK_FIRST = {"continue_session", "repeat", "switch_sides"}


def on_referral_check(flow: Session, turn: Turn) -> None:
    intent = turn.intent
    if intent in SETTLED:
        flow.say("utter_referral_hold_again")
        return pressing.start_hold(flow)
    if intent in NOT_SETTLED:
        flow.say("utter_referral_not_settled")
        return summary.close(flow, pain_after=None)
    if intent == "feel_pulse":
        flow.say("utter_pulse_let_go")
    elif intent == "hold_finished":
        flow.say("utter_hold_already_done")
    elif intent not in ASK_FIRST:
        return flow.not_understood()
    flow.reprompt()
