"""The guided self-release session as a pure state machine: state + user turn -> replies.

Nothing here knows about Rasa: state is a dict of slot values, replies name responses from
the domain (so wording stays in the data). `actions/session_actions.py` adapts it to
rasa-sdk. Every step a person can take is handled in every stage, so a message never
falls through to silence.
"""
from __future__ import annotations

import copy
import re
import uuid
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from actions import settings
from actions.spots import DEFAULT_FOCUS_NAME, FOCUS_NAMES, SPOT_ORDER, SPOTS, focus_from, spot_key

# Stages of a session (the `stage` slot); None means no session is running.
SCREEN, PAIN_BEFORE, SIDE, POSITION = "screen", "pain_before", "side", "position"
EXPLORE, HOLDING, CHECK, REST_OFFER, RESTING = "explore", "holding", "check", "rest_offer", "resting"
PAIN_AFTER, PAUSED = "pain_after", "paused"
ACTIVE_STAGES = {SCREEN, PAIN_BEFORE, SIDE, POSITION, EXPLORE, HOLDING, CHECK, REST_OFFER,
                 RESTING, PAIN_AFTER, PAUSED}
PRESSING_STAGES = {EXPLORE, HOLDING, CHECK}

# What a "yes" to each screening question means, and the response that explains it.
SCREEN_QUESTIONS = ["utter_screen_q1", "utter_screen_q2", "utter_screen_q3"]
SCREEN_FAILURES = [
    ("emergency", "utter_screen_fail_emergency", "chest pain, stroke signs or dizziness"),
    ("doctor", "utter_screen_fail_doctor", "a neck injury or surgery, a past stroke or carotid disease"),
    ("doctor", "utter_screen_fail_ask_first", "blood thinners, pregnancy or a lump in the neck"),
]
CONTRAINDICATION_NAMES = {
    "blood_thinner": "blood thinners", "pregnancy": "pregnancy", "neck_lump": "a lump in the neck",
    "neck_surgery": "neck surgery", "past_stroke": "a past stroke", "carotid_disease": "carotid disease",
    "osteoporosis": "osteoporosis", "cancer": "cancer", "bleeding_disorder": "a bleeding disorder",
}
# Screening question that a stated contraindication answers "yes" to.
CONTRAINDICATION_QUESTION = {"neck_surgery": 1, "past_stroke": 1, "carotid_disease": 1}

# Responses that end with an offer to guide a session (FAQ answers, explanations, greetings).
SESSION_OFFERS = ("utter_faq/", "utter_explain_", "utter_greet", "utter_welcome_back", "utter_help")
YES = {"affirm"}
NO = {"deny"}
NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten".split())}


@dataclass
class Turn:
    """What the person just said, as NLU understood it."""

    intent: str
    entities: Dict[str, List[str]] = field(default_factory=dict)
    text: str = ""

    def first(self, entity: str) -> Optional[str]:
        values = self.entities.get(entity) or []
        return values[0] if values else None


@dataclass
class Reply:
    """One bot message: a domain response (with template values) or a custom payload."""

    response: Optional[str] = None
    values: Dict[str, Any] = field(default_factory=dict)
    custom: Optional[Dict[str, Any]] = None


def pain_score(turn: Turn) -> Optional[int]:
    """A 0-10 score from the `number` entity, or from a bare number in the text."""
    candidates = list(turn.entities.get("number") or [])
    candidates += re.findall(r"[a-z]+|\d+", turn.text.lower())
    for value in candidates:
        if value in NUMBER_WORDS:
            return NUMBER_WORDS[value]
        if value.isdigit() and 0 <= int(value) <= 10:
            return int(value)
    return None


def looks_non_english(text: str) -> bool:
    """Mostly letters outside ASCII: another script, so surely not English."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(not c.isascii() for c in letters) / len(letters) > 0.5


class SessionFlow:
    """Advances one conversation's session by one user turn."""

    def __init__(self, state: Dict[str, Any], now_iso: str = "", last_bot_response: str = ""):
        # A deep copy, so changes to lists and dicts inside slots show up as changed slots.
        self.state = copy.deepcopy(dict(state))
        self.replies: List[Reply] = []
        self.now_iso = now_iso
        # The response the bot last sent: a "yes" after an offer to guide starts a session.
        self.last_bot_response = last_bot_response or ""

    # -- helpers -----------------------------------------------------------------------
    def say(self, response: str, **values: Any) -> None:
        self.replies.append(Reply(response, values))

    def get(self, key: str, default: Any = None) -> Any:
        value = self.state.get(key)
        return default if value is None else value

    @property
    def stage(self) -> Optional[str]:
        return self.state.get("stage")

    @property
    def log(self) -> Dict[str, Any]:
        log = self.state.get("session_log")
        if not isinstance(log, dict):
            log = {"released": [], "unreleased": [], "referral": [], "holds": {}}
            self.state["session_log"] = log
        return log

    @property
    def current_spot(self) -> Optional[str]:
        queue = self.get("spot_queue", [])
        return queue[0] if queue else None

    def where(self) -> str:
        """A short description of where the session is, for resuming."""
        stage = self.get("paused_stage") if self.stage == PAUSED else self.stage
        if stage == SCREEN:
            return f"the safety check, question {int(self.get('screen_step', 1))} of 3"
        if stage in (PAIN_BEFORE, PAIN_AFTER):
            return "rating your pain from 0 to 10"
        if stage in (SIDE, POSITION):
            return "choosing the side and position"
        if stage in (REST_OFFER, RESTING):
            return "resting before we come back to the spots that didn't ease"
        spot = self.current_spot
        if spot:
            number = SPOT_ORDER.index(spot) + 1
            return f"the {self.get('side', 'chosen')} side, spot {number} of {len(SPOT_ORDER)}"
        return "the guided session"

    # -- entry point --------------------------------------------------------------------
    def step(self, turn: Turn) -> List[Reply]:
        """Handle one turn; returns the replies and leaves the new state in `self.state`."""
        self._remember_entities(turn)
        if not turn.text.strip():
            self.say("utter_empty_message")
            self._reprompt()
            return self.replies
        if turn.intent in ("out_of_scope", "nlu_fallback") and looks_non_english(turn.text):
            turn.intent = "non_english"  # e.g. Chinese or Arabic script the classifier never saw
        if self.stage not in ACTIVE_STAGES:
            self._outside_session(turn)
        else:
            self._inside_session(turn)
        # Featurised for the rules: an FAQ mid-session is followed by an offer to resume.
        self.state["in_session"] = self.stage in ACTIVE_STAGES
        return self.replies

    def _remember_entities(self, turn: Turn) -> None:
        focus = focus_from(turn.entities.get("body_part", []), turn.entities.get("symptom", []))
        if focus:
            self.state["focus"] = focus
        side = turn.first("side")
        if side in ("left", "right") and self.stage not in PRESSING_STAGES:
            self.state["side"] = side
        position = turn.first("position")
        if position in ("sitting", "lying"):
            self.state["position"] = position

    # -- outside a session ----------------------------------------------------------------
    def _outside_session(self, turn: Turn) -> None:
        intent = turn.intent
        offered = self.last_bot_response.startswith(SESSION_OFFERS)
        if intent == "start_session" or (intent in YES | {"continue_session"} and offered):
            self.start()
        elif intent == "describe_symptoms":
            self._explain_symptoms()
        elif intent == "ask_help":
            self.say("utter_help")
        elif intent == "feel_pulse":
            self.say("utter_pulse_info")
        elif intent == "too_much_pain":
            self.say("utter_ease_off_outside")
        elif intent in NO:
            self.say("utter_no_problem")
        elif intent == "hold_finished":
            self.say("utter_hold_already_done")
        elif intent in {"continue_session", "next_spot", "repeat", "pause", "stop_session",
                        "switch_sides", "report_released", "report_not_released", "report_referral"}:
            self.say("utter_no_session")
        elif intent == "non_english":
            self.say("utter_non_english")
        elif intent == "out_of_scope":
            self.say("utter_out_of_scope")
        elif intent in YES:
            self.say("utter_help")
        else:  # nlu_fallback, inform out of context, anything unexpected
            self.say("utter_default")

    def _explain_symptoms(self) -> None:
        focus = self.state.get("focus")
        response = {"wrist": "utter_explain_wrist", "upper_back": "utter_explain_knot"}.get(
            focus, "utter_explain_general")
        self.say(response)

    def start(self) -> None:
        """Begin a session: the screen first, unless it was answered in this conversation."""
        status = self.state.get("screen_status")
        if status in ("emergency", "doctor"):
            self.say("utter_session_blocked", reason=self.get("screen_reason", "a safety concern"))
            return
        self.state["session_log"] = None
        self.state.update(spot_queue=None, spot_round=1, hold_id=None, pain_before=None,
                          paused_stage=None)
        if status == "passed":
            self.say("utter_screen_remembered")
            self._go(PAIN_BEFORE)
        else:
            self.say("utter_screen_intro")
            self.state["screen_step"] = 1
            self._go(SCREEN)

    # -- inside a session ------------------------------------------------------------------
    def _inside_session(self, turn: Turn) -> None:
        intent = turn.intent
        if intent == "stop_session":
            return self.finish(stopped=True)
        if intent == "pause":
            if self.stage != PAUSED:
                self.state["paused_stage"] = self.stage
                self.state["stage"] = PAUSED
            return self.say("utter_paused")
        if self.stage == PAUSED:
            if intent in {"continue_session", "start_session", "repeat"} | YES:
                self.state["stage"] = self.state.pop("paused_stage", None) or EXPLORE
                self.state["paused_stage"] = None
                self.say("utter_resume")
                return self._reprompt()
            return self.say("utter_paused")
        if intent == "ask_help":
            self.say("utter_session_help", where=self.where())
            return self._reprompt()
        if intent == "start_session":
            self.say("utter_resume")
            return self._reprompt()
        if intent == "non_english":
            self.say("utter_non_english")
            return self._reprompt()
        if self.stage in PRESSING_STAGES or self.stage in (REST_OFFER, RESTING):
            if intent == "feel_pulse":
                return self._pulse()
            if intent == "too_much_pain":
                return self._ease_off()
            if intent == "switch_sides":
                return self._switch_sides(turn)
        handler = getattr(self, f"_on_{self.stage}")
        handler(turn)

    def _reprompt(self) -> None:
        """Say again what the current stage is waiting for."""
        stage = self.stage
        if stage == SCREEN:
            self.say(SCREEN_QUESTIONS[int(self.get("screen_step", 1)) - 1])
        elif stage == PAIN_BEFORE:
            self.say("utter_ask_pain_before")
        elif stage == PAIN_AFTER:
            self.say("utter_ask_pain_after")
        elif stage == SIDE:
            self.say("utter_ask_side")
        elif stage == POSITION:
            self.say("utter_ask_position")
        elif stage == EXPLORE:
            self._explore_prompt()
        elif stage == HOLDING:
            self.say("utter_hold_reminder", seconds=settings.HOLD_SECONDS)
        elif stage == CHECK:
            self.say("utter_check_reask")
        elif stage == REST_OFFER:
            self.say("utter_offer_rest", rest_minutes=self._rest_minutes())
        elif stage == RESTING:
            self.say("utter_rest_start", rest_minutes=self._rest_minutes())
        elif stage == PAUSED:
            self.say("utter_paused")

    def _not_understood(self) -> None:
        self.say("utter_not_understood_in_session")
        self._reprompt()

    def _go(self, stage: str) -> None:
        self.state["stage"] = stage
        self._reprompt()

    # -- screen -------------------------------------------------------------------------------
    def _on_screen(self, turn: Turn) -> None:
        step = int(self.get("screen_step", 1))
        stated = [c for c in turn.entities.get("contraindication", []) if c in CONTRAINDICATION_NAMES]
        if stated:
            question = max(CONTRAINDICATION_QUESTION.get(c, 2) for c in stated)
            status, response, _ = SCREEN_FAILURES[question]
            return self._fail_screen(status, response, ", ".join(CONTRAINDICATION_NAMES[c] for c in stated))
        if turn.intent in YES:
            status, response, reason = SCREEN_FAILURES[step - 1]
            return self._fail_screen(status, response, reason)
        if turn.intent in NO:
            if step < len(SCREEN_QUESTIONS):
                self.state["screen_step"] = step + 1
                return self._reprompt()
            self.state["screen_status"] = "passed"
            self.say("utter_screen_passed")
            return self._go(PAIN_BEFORE)
        self.say("utter_screen_reask")
        self._reprompt()

    def _fail_screen(self, status: str, response: str, reason: str) -> None:
        self.state.update(screen_status=status, screen_reason=reason, stage=None, screen_step=None)
        self.say(response)

    # -- setup -------------------------------------------------------------------------------
    def _on_pain_before(self, turn: Turn) -> None:
        score = pain_score(turn)
        if score is None and turn.intent not in NO | {"next_spot", "continue_session"}:
            return self._not_understood()
        self.state["pain_before"] = score
        self._setup_next()

    def _setup_next(self) -> None:
        if self.state.get("side") not in ("left", "right"):
            return self._go(SIDE)
        if self.state.get("position") not in ("sitting", "lying"):
            return self._go(POSITION)
        self.say("utter_cautions")
        self.state["spot_queue"] = list(SPOT_ORDER)
        self.state["spot_round"] = 1
        self._go(EXPLORE)

    def _on_side(self, turn: Turn) -> None:
        side = turn.first("side")
        if side == "both":
            return self.say("utter_one_side_at_a_time")
        if side not in ("left", "right"):
            return self._not_understood()
        self.state["side"] = side
        self._setup_next()

    def _on_position(self, turn: Turn) -> None:
        if turn.first("position") not in ("sitting", "lying"):
            return self._not_understood()
        self._setup_next()

    # -- pressing -----------------------------------------------------------------------------
    def _explore_prompt(self) -> None:
        spot = self.current_spot or SPOT_ORDER[0]
        side = self.get("side", "left")
        self.say("utter_explore", side_title=side.capitalize(), spot_number=SPOT_ORDER.index(spot) + 1,
                 spot_total=len(SPOT_ORDER), spot_where=SPOTS[spot], spot=spot)

    def _on_explore(self, turn: Turn) -> None:
        if turn.intent in {"continue_session", "repeat", "hold_finished"} | YES:
            return self._start_hold()
        if turn.intent == "next_spot":
            return self._advance()
        self._not_understood()

    def _start_hold(self) -> None:
        spot = self.current_spot
        side = self.get("side", "left")
        holds = self.log["holds"]
        key = spot_key(side, spot)
        holds[key] = holds.get(key, 0) + 1
        hold_id = uuid.uuid4().hex[:12]
        self.state.update(stage=HOLDING, hold_id=hold_id)
        self.say("utter_hold_start", seconds=settings.HOLD_SECONDS)
        self.replies.append(Reply(custom={"hold": {
            "seconds": settings.HOLD_SECONDS, "kind": "hold", "id": hold_id, "side": side,
            "spot": spot, "round": int(self.get("spot_round", 1)),
            "cues": {"start": "Press gently and hold.", "end": "And release."},
            "finish_payload": f'/hold_finished{{"hold_id": "{hold_id}"}}',
        }}))

    def _hold_matches(self, turn: Turn) -> bool:
        """A finished hold counts once, and only for the hold that is running."""
        sent_id = turn.first("hold_id")
        return sent_id is None or sent_id == self.state.get("hold_id")

    def _on_holding(self, turn: Turn) -> None:
        if turn.intent == "hold_finished":
            if not self._hold_matches(turn):
                return self.say("utter_hold_already_done")
            self.state.update(stage=CHECK, hold_id=None)
            return self.say("utter_check")
        if turn.intent == "next_spot":
            self.state["hold_id"] = None
            return self._advance()
        if turn.intent in {"report_released", "report_not_released", "report_referral"}:
            self.state.update(stage=CHECK, hold_id=None)
            return self._on_check(turn)
        self._reprompt()

    def _on_check(self, turn: Turn) -> None:
        intent = turn.intent
        key = spot_key(self.get("side", "left"), self.current_spot)
        log = self.log
        if intent == "hold_finished":
            return self.say("utter_hold_already_done")
        if intent == "report_referral":
            if key not in log["referral"]:
                log["referral"].append(key)
            if log["holds"].get(key, 0) >= settings.MAX_HOLDS_PER_SPOT:
                self.say("utter_spot_limit")
                return self._advance()
            focus = FOCUS_NAMES.get(self.state.get("focus"), DEFAULT_FOCUS_NAME)
            self.say("utter_referral_found", focus_name=focus)
            return self._start_hold()
        if intent in {"report_released"} | YES:
            self._record(key, released=True)
            self.say("utter_released")
            return self._advance()
        if intent in {"report_not_released"} | NO:
            self._record(key, released=False)
            self.say("utter_not_released")
            return self._advance()
        if intent == "repeat":
            if log["holds"].get(key, 0) >= settings.MAX_HOLDS_PER_SPOT:
                self.say("utter_spot_limit")
                return self._advance()
            return self._start_hold()
        if intent == "next_spot":
            return self._advance()
        self._not_understood()

    def _record(self, key: str, released: bool) -> None:
        log = self.log
        for name in ("released", "unreleased"):
            if key in log[name]:
                log[name].remove(key)
        log["released" if released else "unreleased"].append(key)

    def _advance(self) -> None:
        """Move to the next spot, to a rest before another round, or to the end."""
        queue = list(self.get("spot_queue", []))[1:]
        self.state["spot_queue"] = queue
        if queue:
            return self._go(EXPLORE)
        if self._unreleased_here() and int(self.get("spot_round", 1)) < settings.MAX_ROUNDS:
            return self._go(REST_OFFER)
        self.finish()

    def _unreleased_here(self) -> List[str]:
        side = self.get("side", "left")
        return [s for s in SPOT_ORDER if spot_key(side, s) in self.log["unreleased"]]

    def _rest_minutes(self) -> str:
        minutes = settings.REST_SECONDS / 60
        return f"{minutes:g}"

    def _on_rest_offer(self, turn: Turn) -> None:
        if turn.intent in YES | {"continue_session", "repeat"}:
            self.state.update(stage=RESTING, hold_id=uuid.uuid4().hex[:12])
            self.say("utter_rest_start", rest_minutes=self._rest_minutes())
            self.replies.append(Reply(custom={"hold": {
                "seconds": settings.REST_SECONDS, "kind": "rest", "id": self.state["hold_id"],
                "cues": {"start": "Rest.", "end": "Rest is over."},
                "finish_payload": f'/hold_finished{{"hold_id": "{self.state["hold_id"]}"}}',
            }}))
            return
        if turn.intent in NO | {"next_spot"}:
            return self.finish()
        self._not_understood()

    def _on_resting(self, turn: Turn) -> None:
        if turn.intent == "hold_finished" and not self._hold_matches(turn):
            return self.say("utter_hold_already_done")
        if turn.intent in {"hold_finished", "continue_session", "next_spot"} | YES:
            self.state.update(spot_queue=self._unreleased_here(), hold_id=None,
                              spot_round=int(self.get("spot_round", 1)) + 1)
            self.say("utter_rest_over")
            return self._go(EXPLORE)
        self._reprompt()

    def _pulse(self) -> None:
        self.state.update(stage=EXPLORE, hold_id=None)
        self.say("utter_pulse_move_off")

    def _ease_off(self) -> None:
        self.log["eased_off"] = self.log.get("eased_off", 0) + 1
        self.state.update(stage=EXPLORE, hold_id=None)
        self.say("utter_ease_off")

    def _switch_sides(self, turn: Turn) -> None:
        asked = turn.first("side")
        current = self.get("side", "left")
        other = "right" if current == "left" else "left"
        new_side = asked if asked in ("left", "right") and asked != current else other
        self.state.update(side=new_side, spot_queue=list(SPOT_ORDER), spot_round=1,
                          stage=EXPLORE, hold_id=None)
        self.say("utter_switch_sides", side=new_side)
        self._reprompt()

    # -- finish ---------------------------------------------------------------------------------
    def finish(self, stopped: bool = False) -> None:
        """Stop asks nothing more; a finished session asks for the pain score first."""
        if stopped or self.stage in (SCREEN, PAIN_BEFORE, SIDE, POSITION):
            self.say("utter_session_stopped")
            return self._close(pain_after=None)
        self.state["hold_id"] = None
        self._go(PAIN_AFTER)

    def _on_pain_after(self, turn: Turn) -> None:
        score = pain_score(turn)
        if score is None and turn.intent not in NO | {"next_spot", "continue_session"}:
            return self._not_understood()
        self._close(pain_after=score)

    def _close(self, pain_after: Optional[int]) -> None:
        log = self.log
        if sum(log["holds"].values()):
            record = {
                "date": self.now_iso[:10], "pain_before": self.state.get("pain_before"),
                "pain_after": pain_after, "released": len(log["released"]),
                "spots": len(log["holds"]), "referral": bool(log["referral"]),
            }
            self.say("utter_summary", summary=summarise(record))
            history = list(self.get("past_sessions", [])) + [record]
            self.state["past_sessions"] = history[-settings.HISTORY_LENGTH:]
        if self.stage not in (SCREEN, PAIN_BEFORE, SIDE, POSITION) or pain_after is not None:
            self.say("utter_posture_tip")
            self.say("utter_back_muscles")
        self.say("utter_see_doctor")
        self.state.update(stage=None, paused_stage=None, spot_queue=None, hold_id=None,
                          session_log=None, screen_step=None)


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
