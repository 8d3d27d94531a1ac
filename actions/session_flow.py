"""The guided self-release session as a state machine: state + one user turn -> replies.

`SessionFlow.step` routes a turn. While a strengthening routine runs, to the routine
(actions/routine_link.py). Outside a session: start one (or a routine), explain, or say what
is possible. Inside: first the words that mean the same in every stage (stop, pause, help,
pulse, "it hurts", switch sides), then the stage's own handler from `STAGES`, the one table
from stage to handler and prompt. Every step a person can take is handled in every stage,
so a message never falls through to silence. `actions/session_actions.py` adapts this to
rasa-sdk; the phases live in screen.py, preparation.py, pressing.py, rest.py, summary.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, List

from actions import holds, pressing, preparation, referral, rest, routine_link, screen, summary
from nlp.language import looks_non_english
from actions.session_state import (ACTIVE_STAGES, BLOCKING_STATUSES, CHECK, EXPLORE, HOLDING, PAIN_AFTER,
                                   PAIN_BEFORE, PAUSED, POSITION, PRESSING_STAGES, REFERRAL, REST_OFFER,
                                   RESTING, SCREEN, SIDE, YES, Reply, Session, Turn)
from actions.spots import SPOT_ORDER, focus_from
from actions.wording import fragment
from nlp.safety_kinds import UNNAMED_REASONS

# Responses that end with an offer to guide a session (FAQ answers, explanations, greetings).
SESSION_OFFERS = ("utter_faq/", "utter_explain_", "utter_greet", "utter_welcome_back", "utter_help")
# Responses that offer the strengthening routine: a "yes" after them starts it (checked first).
ROUTINE_OFFERS = (summary.OFFER_AFTER_SESSION, "utter_faq/strengthen_after")
RESUME_WORDS = {"continue_session", "start_session", "repeat"} | YES
SESSION_WORDS = {"continue_session", "next_spot", "repeat", "pause", "stop_session", "switch_sides",
                 "report_released", "report_not_released", "report_referral"}
# Where pulse, "it hurts" and switch sides mean the same; the referral question answers them itself.
ASIDE_STAGES = (PRESSING_STAGES - {REFERRAL}) | {REST_OFFER, RESTING}
# Where the session is, for "help" and the offer to resume: `utter_where_<place>` in the data.
WHERE = {SCREEN: "screen", PAIN_BEFORE: "pain", PAIN_AFTER: "pain", SIDE: "setup", POSITION: "setup",
         REST_OFFER: "rest", RESTING: "rest", REFERRAL: "referral"}


def pause(flow: Session, reason: str = holds.PAUSE) -> None:
    """Hold everything where it is; a running hold or rest stops (and is sent again on resume)."""
    if flow.stage != PAUSED:
        flow.stop_timer(reason)
        flow.state.update(paused_stage=flow.stage, stage=PAUSED)


def on_paused(flow: Session, turn: Turn) -> None:
    """Any resume word carries on where the session paused, sending a paused hold again."""
    if turn.intent not in RESUME_WORDS:
        return flow.reprompt()
    stage = flow.get("paused_stage", EXPLORE)
    flow.state.update(stage=stage, paused_stage=None)
    flow.say("utter_resume")
    if stage == HOLDING:
        return pressing.start_hold(flow, counted=False)
    if stage == RESTING:
        return rest.start_rest(flow)
    flow.reprompt()


@dataclass(frozen=True)
class Stage:
    handle: Callable[[Session, Turn], None]  # the person's answer in this stage
    prompt: Callable[[Session], None]  # what this stage asks (again)


def _says(response: str) -> Callable[[Session], None]:
    return lambda flow: flow.say(response)


STAGES: Dict[str, Stage] = {
    SCREEN: Stage(screen.answer, screen.ask),
    PAIN_BEFORE: Stage(preparation.on_pain_before, _says("utter_ask_pain_before")),
    SIDE: Stage(preparation.on_side, _says("utter_ask_side")),
    POSITION: Stage(preparation.on_position, _says("utter_ask_position")),
    EXPLORE: Stage(pressing.on_explore, pressing.explore_prompt),
    HOLDING: Stage(pressing.on_holding, pressing.hold_prompt),
    CHECK: Stage(pressing.on_check, _says("utter_check_reask")),
    REFERRAL: Stage(referral.on_referral_check, _says("utter_ask_referral_settled")),
    REST_OFFER: Stage(rest.on_rest_offer, rest.offer_prompt),
    RESTING: Stage(rest.on_resting, rest.rest_prompt),
    PAIN_AFTER: Stage(summary.on_pain_after, _says("utter_ask_pain_after")),
    PAUSED: Stage(on_paused, _says("utter_paused")),
}
assert set(STAGES) == ACTIVE_STAGES, "every stage needs a handler and a prompt"

OUTSIDE_ANSWERS = {
    "ask_help": "utter_help", "feel_pulse": "utter_pulse_info", "too_much_pain": "utter_ease_off_outside",
    "deny": "utter_no_problem", "hold_finished": "utter_hold_already_done", "non_english": "utter_non_english",
    "out_of_scope": "utter_out_of_scope", "affirm": "utter_help",
}


class SessionFlow(Session):
    """Advances one conversation's session by one user turn."""

    def step(self, turn: Turn) -> List[Reply]:
        """Handle one turn; returns the replies and leaves the new state in `self.state`."""
        self._remember_entities(turn)
        if routine_link.running(self):
            routine_link.step(self, turn)
            return self.replies
        if not turn.text.strip():
            self.say("utter_empty_message")
            self.reprompt()
            return self.replies
        if turn.intent in ("out_of_scope", "nlu_fallback") and looks_non_english(turn.text):
            turn.intent = "non_english"  # e.g. Chinese or Arabic script the classifier never saw
        if self.stage in ACTIVE_STAGES:
            self._inside_session(turn)
        else:
            self._outside_session(turn)
        return self.replies

    def reprompt(self) -> None:
        if self.stage in STAGES:
            STAGES[self.stage].prompt(self)

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

    # -- outside a session ------------------------------------------------------------------
    def _outside_session(self, turn: Turn) -> None:
        intent = turn.intent
        offered = self.last_bot_response.startswith(SESSION_OFFERS)
        if intent == "start_routine" or (intent in YES | {"continue_session"}
                                         and self.last_bot_response in ROUTINE_OFFERS):
            routine_link.start(self, turn)
        elif intent == "start_session" or (intent in YES | {"continue_session"} and offered):
            self.start()
        elif intent == "describe_symptoms":
            focus = self.state.get("focus")
            self.say({"wrist": "utter_explain_wrist", "upper_back": "utter_explain_knot"}.get(
                focus, "utter_explain_general"))
        elif intent in SESSION_WORDS:
            self.say("utter_no_session")
        else:  # nlu_fallback, inform out of context, anything unexpected
            self.say(OUTSIDE_ANSWERS.get(intent, "utter_default"))

    def start(self) -> None:
        """Begin a session: the screen first, unless it was answered in this conversation."""
        status = self.state.get("screen_status")
        if status in BLOCKING_STATUSES:
            self.say("utter_session_blocked", reason=self.get("screen_reason", UNNAMED_REASONS["block"]))
            return
        self.reset()
        self.state["spot_round"] = 1
        if status == "passed":
            self.say("utter_screen_remembered")
            self.go(PAIN_BEFORE)
        else:
            screen.begin(self)

    # -- inside a session --------------------------------------------------------------------
    def _inside_session(self, turn: Turn) -> None:
        intent = turn.intent
        if intent == "stop_session":
            return summary.finish(self, stopped=True)
        if intent == "pause":
            pause(self)
            return self.say("utter_paused")
        if self.stage == PAUSED:
            return on_paused(self, turn)
        if intent == "ask_help":
            self.say("utter_session_help", where=self.where())
            return self.reprompt()
        if intent == "start_session":
            self.say("utter_resume")
            return self.reprompt()
        if intent == "start_routine":
            self.say("utter_routine_after_release")
            return self.reprompt()
        if intent == "non_english":
            self.say("utter_non_english")
            return self.reprompt()
        if self.stage in ASIDE_STAGES:
            if intent == "feel_pulse":
                return pressing.pulse(self)
            if intent == "too_much_pain":
                return pressing.ease_off(self)
            if intent == "switch_sides":
                return pressing.switch_sides(self, turn)
        STAGES[self.stage].handle(self, turn)

    def where(self) -> str:
        """A short description of where the session is, for resuming."""
        stage = self.get("paused_stage") if self.stage == PAUSED else self.stage
        place = WHERE.get(stage) or ("spot" if self.current_spot else "session")
        return fragment(f"utter_where_{place}", screen_step=int(self.get("screen_step", 1)),
                        screen_total=len(screen.QUESTIONS), side=self.side,
                        spot_number=self.spot_number(), spot_total=len(SPOT_ORDER))

    def halt(self, reason: str) -> None:
        """End the session now (a red flag, a contraindication, already remembered in
        `screen_status`); a running routine stops too if exercise is now ruled out."""
        super().halt(reason)
        routine_link.stop_if_ruled_out(self, reason)

    def offer_to_resume(self) -> None:
        """After an aside (an FAQ, a greeting) mid-session or mid-routine: pause a running
        hold or count, offer to carry on."""
        if routine_link.running(self):
            return routine_link.pause_for_question(self)
        if self.stage not in ACTIVE_STAGES:
            return
        if self.running_hold:
            pause(self, holds.QUESTION)
        self.say("utter_after_faq_resume", where=self.where())
