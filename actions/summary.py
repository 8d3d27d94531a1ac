"""The end of a session: pain after, the summary, after-care, the offers of what comes next
(strengthening, a summary for a clinician, a reminder), and what returning people hear."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from actions import holds
from actions.parsing import pain_score
from actions.preparation import SKIP_INTENTS
from actions.progress import session_record
from actions.session_state import PAIN_AFTER, SETUP_STAGES, Session, Turn

# Offers the routine (a "yes" after it starts it: session_flow.ROUTINE_OFFERS), the summary
# and the reminder, each a button.
OFFER_AFTER_SESSION = "utter_offer_after_session"


def finish(flow: Session, stopped: bool = False) -> None:
    """Stop asks nothing more; a finished session asks for the pain score first."""
    if stopped or flow.stage in SETUP_STAGES:
        flow.stop_timer(holds.STOP)
        flow.say("utter_session_stopped")
        return close(flow, pain_after=None)
    flow.go(PAIN_AFTER)


def on_pain_after(flow: Session, turn: Turn) -> None:
    score = pain_score(turn.entities.get("number") or [], turn.text)
    if score is None and turn.intent not in SKIP_INTENTS:
        return flow.not_understood()
    close(flow, pain_after=score)


def close(flow: Session, pain_after: Optional[int]) -> None:
    """The summary (if anything was held), after-care and when to see a doctor; then no session."""
    log = flow.log
    held = sum(log["holds"].values())
    if held:
        record = session_record(flow.now_iso, flow.state.get("pain_before"), pain_after, log)
        flow.say("utter_summary", summary=summarise(record))
        history = list(flow.get("past_sessions", [])) + [record]
        flow.state["past_sessions"] = history[-flow.config.history_length:]
    if flow.stage not in SETUP_STAGES or pain_after is not None:
        flow.say("utter_posture_tip")
        flow.say("utter_back_muscles")
    flow.say("utter_see_doctor")
    if held:
        offer_next_steps(flow)
    flow.reset()


def offer_next_steps(flow: Session) -> None:
    """After a session with holds: the strengthening routine, a summary to share, a reminder."""
    flow.say(OFFER_AFTER_SESSION)


def summarise(record: Dict[str, Any]) -> str:
    """One sentence about one session, for the summary and for returning people."""
    parts = [f"{record['released']} of {record['spots']} spots eased"]
    parts.append("a referral spot was found (pressing it reached your knot or wrist)"
                 if record.get("referral") else "no referral spot was found")
    before, after = record.get("pain_before"), record.get("pain_after")
    if before is not None and after is not None:
        parts.append(f"pain went from {before:g} to {after:g} out of 10")
    elif before is not None:
        parts.append(f"pain was {before:g} out of 10 at the start")
    return "; ".join(parts) + "."


def history_sentence(past_sessions: List[Dict[str, Any]]) -> Optional[str]:
    """What a returning person is told about their last sessions."""
    if not past_sessions:
        return None
    last = past_sessions[-1]
    count = len(past_sessions)
    when = f" on {last['date']}" if last.get("date") else ""
    intro = f"You've done {count} session{'s' if count != 1 else ''} with me. Last time{when}: "
    return intro + summarise(last)
