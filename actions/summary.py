"""The end of a session: pain after, one short end message, the offers of what comes next
(strengthening, a summary for a clinician, a reminder), and what returning people hear.

The end is one message (`utter_session_end`: a short summary, the warning signs to watch for
later, "say more for tips"); the after-care it used to list is its rest, said on "more"
(actions/say_more.py). The summary is built from pieces in the data (`utter_summary_*`), so
the same words serve the end message and the welcome back.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from actions import holds
from actions.parsing import pain_score
from actions.preparation import SKIP_INTENTS
from actions.progress import session_record
from actions.session_state import PAIN_AFTER, SETUP_STAGES, Session, Turn
from actions.wording import fragment

# What "more" says after the end of a session: the after-care, one message each.
AFTER_CARE = ["utter_posture_tip", "utter_back_muscles", "utter_see_doctor"]

# After a session with holds the end message also offers what comes next (the routine: a
# "yes" after it starts it, session_flow.ROUTINE_OFFERS; a summary to share; a reminder), each
# a button, still one message.
OFFER_AFTER_SESSION = "utter_session_end_offers"


def finish(flow: Session, stopped: bool = False) -> None:
    """Stop asks nothing more; a finished session asks for the pain score first."""
    if stopped or flow.stage in SETUP_STAGES:
        flow.stop_timer(holds.STOP)
        return close(flow, pain_after=None)
    flow.go(PAIN_AFTER)


def on_pain_after(flow: Session, turn: Turn) -> None:
    score = pain_score(turn.entities.get("number") or [], turn.text)
    if score is None and turn.intent not in SKIP_INTENTS:
        return flow.not_understood()
    close(flow, pain_after=score)


def close(flow: Session, pain_after: Optional[int]) -> None:
    """One end message once pressing began (remembered if anything was held); then no session."""
    if flow.state.get("spot_queue") is None:  # stopped before the cautions: nothing was pressed
        flow.say("utter_session_stopped")
        return flow.reset()
    log = flow.log
    record = session_record(flow.now_iso, flow.state.get("pain_before"), pain_after, log)
    held = sum(log["holds"].values())
    if held:
        history = list(flow.get("past_sessions", [])) + [record]
        flow.state["past_sessions"] = history[-flow.config.history_length:]
    flow.say(OFFER_AFTER_SESSION if held else "utter_session_end", summary=summarise(record))
    flow.reset()


def summarise(record: Dict[str, Any]) -> str:
    """A short summary of one session: "2 of 3 spots eased, pain 6 to 3."."""
    if record.get("spots"):
        parts = [fragment("utter_summary_eased", released=record["released"], spots=record["spots"])]
    else:
        parts = [fragment("utter_summary_no_holds")]
    if record.get("referral"):
        parts.append(fragment("utter_summary_referral"))
    before, after = record.get("pain_before"), record.get("pain_after")
    if before is not None and after is not None:
        parts.append(fragment("utter_summary_pain", pain_before=f"{before:g}", pain_after=f"{after:g}"))
    elif before is not None:
        parts.append(fragment("utter_summary_pain_start", pain_before=f"{before:g}"))
    return ", ".join(parts) + "."


def history_sentence(past_sessions: List[Dict[str, Any]]) -> Optional[str]:
    """What a returning person is told about their last sessions (the same short summary)."""
    if not past_sessions:
        return None
    last = past_sessions[-1]
    count = len(past_sessions)
    return fragment("utter_history_one" if count == 1 else "utter_history_many",
                    count=count, date=last.get("date") or "", summary=summarise(last))
