"""FAQ answers, and a question back when the topic is unsure.

Rasa's two-stage-fallback idea applied to the FAQ ResponseSelector: a confident topic gets
its answer; an unsure one gets the two or three likely topics to pick from (buttons, or a
numbered list on the voice channel, answerable with "one".."three", "yes" or "no").
Picking one gives that topic's answer. The topics' one-line titles live with their answers
(`metadata.choice` in data/responses/faq.yml), so the wording stays in the data.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

FAQ_PREFIX = "faq/"
CHOICES_SLOT = "faq_choices"
ASK_ACTION = "action_ask_faq_choice"
SESSION_ACTION = "action_session_step"
FALLBACK_INTENT = "nlu_fallback"


def _float_env(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


# Chosen on tests/eval/people_dev.yml (scripts/tune_faq_choice.py), never on the test set.
# A topic is answered outright when the ResponseSelector gives it at least CONFIDENT and
# leads the runner-up by MARGIN; a 1.0 selection (a button, or the safety component forcing
# `warning_signs`) is always confident.
CONFIDENT = _float_env("SCALENE_FAQ_CONFIDENT", 0.4)
MARGIN = _float_env("SCALENE_FAQ_MARGIN", 0.1)
# Topics below this share are not worth offering; at most MAX_CHOICES are offered.
CHOICE_FLOOR = _float_env("SCALENE_FAQ_CHOICE_FLOOR", 0.08)
MAX_CHOICES = 3

NUMBER_WORDS = {"one": 1, "two": 2, "three": 3}
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
SPOKEN_NUMBERS = ["one", "two", "three"]
# Outside a session these session reports are questions: "it won't release" (what now?),
# "pressing sent it into my wrist" (what does that mean?).
SESSION_REPORT_TOPICS = {"report_not_released": "not_releasing", "report_referral": "referral_sign"}


@dataclass
class FaqDecision:
    """Answer one topic, or ask between a few."""

    answer: Optional[str] = None
    choices: List[str] = field(default_factory=list)


def faq_ranking(message: Dict[str, Any]) -> List[Tuple[str, float]]:
    """(topic, confidence) pairs from the ResponseSelector's output for `faq`, best first."""
    selector = (message.get("response_selector") or {}).get("faq") or {}
    ranking = [(str(r.get("intent_response_key") or ""), float(r.get("confidence") or 0.0))
               for r in selector.get("ranking") or []]
    chosen = (selector.get("response") or {})
    key, confidence = chosen.get("intent_response_key"), chosen.get("confidence")
    if key and not any(k == key for k, _ in ranking):
        ranking.insert(0, (str(key), float(confidence or 0.0)))
    ranking = [(k[len(FAQ_PREFIX):], c) for k, c in ranking if k.startswith(FAQ_PREFIX)]
    return sorted(ranking, key=lambda pair: -pair[1])


def decide(ranking: Sequence[Tuple[str, float]], confident: float = CONFIDENT,
           margin: float = MARGIN, floor: float = CHOICE_FLOOR) -> FaqDecision:
    """Whether to answer the top topic or offer a few; pure, so it can be tuned offline."""
    if not ranking:
        return FaqDecision()
    top, top_confidence = ranking[0]
    runner_up = ranking[1][1] if len(ranking) > 1 else 0.0
    if (top_confidence >= 0.999 and confident <= 1.0) or (top_confidence >= confident and top_confidence - runner_up >= margin):
        return FaqDecision(answer=top)
    choices = [topic for topic, confidence in ranking[:MAX_CHOICES] if confidence >= floor]
    if len(choices) < 2 and len(ranking) > 1:  # never a one-sided "did you mean" for a weak guess
        choices = [topic for topic, _ in ranking[:2]]
    return FaqDecision(choices=choices)


def best_real_intent(message: Dict[str, Any]) -> Optional[str]:
    """The classifier's first guess under a `nlu_fallback` (which FallbackClassifier puts on top)."""
    for candidate in message.get("intent_ranking") or []:
        if candidate.get("name") not in (None, FALLBACK_INTENT):
            return candidate["name"]
    return None


def choice_title(domain: Dict[str, Any], topic: str) -> Optional[str]:
    """The one-line title of a topic (its answer's `metadata.choice`), None for unknown topics."""
    for variation in (domain.get("responses") or {}).get(f"utter_{FAQ_PREFIX}{topic}") or []:
        title = (variation.get("metadata") or {}).get("choice")
        if title:
            return title
    return None


def picked_number(text: str) -> Optional[int]:
    """1-based choice in "2", "the second one", "number three"; None if there is none."""
    words = re.findall(r"[a-z0-9]+", (text or "").lower())
    ordinals = [ORDINALS[w] for w in words if w in ORDINALS]
    if ordinals:  # "the second one"
        return ordinals[0] if len(ordinals) == 1 else None
    numbers = [NUMBER_WORDS.get(w) or (int(w) if w.isdigit() else None) for w in words]
    numbers = [n for n in numbers if n is not None]
    return numbers[0] if len(numbers) == 1 else None


def _pick_payload(topic: str) -> str:
    return "/inform" + json.dumps({"faq_topic": topic})


class ActionAnswerFaq(Action):
    """Answers the FAQ topic when sure; otherwise hands over to the question back."""

    def name(self) -> Text:
        return "action_answer_faq"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        if intent == FALLBACK_INTENT:
            if best_real_intent(message) != "faq":  # not understood, and not a question: as before
                return [FollowupAction(SESSION_ACTION)]
            # An unsure intent with a likely FAQ topic: ask, never answer outright.
            decision = FaqDecision(choices=decide(faq_ranking(message), confident=1.01).choices)
        elif intent in SESSION_REPORT_TOPICS:
            decision = FaqDecision(answer=SESSION_REPORT_TOPICS[intent])
        else:
            decision = decide(faq_ranking(message))
        if decision.answer:
            dispatcher.utter_message(response=f"utter_{FAQ_PREFIX}{decision.answer}")
            return [SlotSet(CHOICES_SLOT, None)] if tracker.get_slot(CHOICES_SLOT) else []
        if not decision.choices:
            dispatcher.utter_message(response="utter_default")
            return []
        # The question back is its own action, so rules can wait for its answer.
        return [SlotSet(CHOICES_SLOT, decision.choices), FollowupAction(ASK_ACTION)]


class ActionAskFaqChoice(Action):
    """Offers the likely topics: buttons on screens, a numbered list when spoken."""

    def name(self) -> Text:
        return ASK_ACTION

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        topics = [t for t in tracker.get_slot(CHOICES_SLOT) or [] if choice_title(domain, t)]
        titles = [choice_title(domain, t) for t in topics]
        if not topics:
            dispatcher.utter_message(response="utter_default")
            return [SlotSet(CHOICES_SLOT, None)]
        spoken = tracker.get_latest_input_channel() == "voice"
        if len(topics) == 1:
            buttons = [] if spoken else [{"title": "Yes", "payload": _pick_payload(topics[0])},
                                         {"title": "No", "payload": "/deny"}]
            dispatcher.utter_message(response="utter_faq_choice_one", title=titles[0], buttons=buttons)
        else:
            numbered = [f"{SPOKEN_NUMBERS[i]}, {title}" for i, title in enumerate(titles)]
            listed = "; ".join(numbered[:-1]) + f"; or {numbered[-1]}"
            buttons = [] if spoken else [{"title": title, "payload": _pick_payload(topic)}
                                         for topic, title in zip(topics, titles)]
            dispatcher.utter_message(response="utter_faq_choices", choices=listed, buttons=buttons)
        return [SlotSet(CHOICES_SLOT, topics)]


class ActionPickFaqChoice(Action):
    """A pick (button, number, yes or no) after the question back gets that topic's answer."""

    def name(self) -> Text:
        return "action_pick_faq_choice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        offered = tracker.get_slot(CHOICES_SLOT) or []
        named = [e.get("value") for e in message.get("entities") or [] if e.get("entity") == "faq_topic"]
        topic = None
        if named:
            topic = named[0]
        elif intent == "affirm" and len(offered) == 1:
            topic = offered[0]
        elif intent != "deny":
            number = picked_number(message.get("text") or "")
            if number and 1 <= number <= len(offered):
                topic = offered[number - 1]
        if topic and choice_title(domain, topic):
            dispatcher.utter_message(response=f"utter_{FAQ_PREFIX}{topic}")
        else:
            dispatcher.utter_message(response="utter_faq_choice_none")
        return [SlotSet(CHOICES_SLOT, None)]
