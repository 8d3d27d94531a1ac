"""A question back when the FAQ topic is unsure, and the answer to the topic picked.

Rasa's two-stage-fallback idea applied to the FAQ ResponseSelector: `nlp/faq_fallback.py`
turns an unsure topic into `nlu_fallback`; `action_ask_faq_choice` then offers the two or
three likely topics (buttons on screens, a numbered list on the voice channel, answerable with
"one".."three" or "no"), and `action_pick_faq_choice` gives the picked topic's answer. A
fallback that is not about an FAQ at all goes on to the session step, as before.

The topics' one-line titles live with their answers (`metadata.choice` in
data/responses/faq.yml), so the wording stays in the data.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from nlp.faq_topics import FAQ, FAQ_PREFIX, best_real_intent, faq_ranking, likely_topics

FAQ_RESPONSES = Path(__file__).resolve().parents[1] / "data" / "responses" / "faq.yml"
CHOICES_SLOT = "faq_choices"
SESSION_ACTION = "action_session_step"
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3}
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
SPOKEN_NUMBERS = ["one", "two", "three"]
# Outside a session these session reports are questions: "it won't release" (what now?),
# "pressing sent it into my wrist" (what does that mean?).
SESSION_REPORT_TOPICS = {"report_not_released": "not_releasing", "report_referral": "referral_sign"}


@lru_cache(maxsize=1)
def choice_titles() -> Dict[str, str]:
    """topic -> its one-line title, read once from the answers' `metadata.choice`."""
    responses = yaml.safe_load(FAQ_RESPONSES.read_text())["responses"]
    titles = {}
    for name, variations in responses.items():
        title = next(((v.get("metadata") or {}).get("choice") for v in variations
                      if (v.get("metadata") or {}).get("choice")), None)
        if title:
            titles[name[len(f"utter_{FAQ_PREFIX}"):]] = title
    return titles


def picked_number(text: str) -> Optional[int]:
    """1-based choice in "2", "the second one", "number three"; None if there is none."""
    words = re.findall(r"[a-z0-9]+", (text or "").lower())
    ordinals = [ORDINALS[w] for w in words if w in ORDINALS]
    if ordinals:  # "the second one"
        return ordinals[0] if len(ordinals) == 1 else None
    numbers = [NUMBER_WORDS.get(w) or (int(w) if w.isdigit() else None) for w in words]
    numbers = [n for n in numbers if n is not None]
    return numbers[0] if len(numbers) == 1 else None


def _answer(dispatcher: CollectingDispatcher, topic: str) -> None:
    dispatcher.utter_message(response=f"utter_{FAQ_PREFIX}{topic}")


class ActionAskFaqChoice(Action):
    """After `nlu_fallback`: offers the likely FAQ topics, or hands over to the session step."""

    def name(self) -> Text:
        return "action_ask_faq_choice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        message = tracker.latest_message or {}
        titles = choice_titles()
        topics = [t for t in likely_topics(faq_ranking(message)) if t in titles]
        if best_real_intent(message) != FAQ or not topics:
            return [FollowupAction(SESSION_ACTION)]  # not understood, and not a question
        spoken = tracker.get_latest_input_channel() == "voice"
        numbered = [f"{SPOKEN_NUMBERS[i]}, {titles[t]}" for i, t in enumerate(topics)]
        buttons = [] if spoken else [{"title": titles[t], "payload": "/inform" + json.dumps({"faq_topic": t})}
                                     for t in topics]
        dispatcher.utter_message(response="utter_faq_choices", buttons=buttons,
                                 choices="; ".join(numbered[:-1]) + f"; or {numbered[-1]}")
        return [SlotSet(CHOICES_SLOT, topics)]


class ActionPickFaqChoice(Action):
    """A pick (a topic button, or a number or "no" after the question back) gets its answer."""

    def name(self) -> Text:
        return "action_pick_faq_choice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        offered = tracker.get_slot(CHOICES_SLOT) or []
        named = [e.get("value") for e in message.get("entities") or [] if e.get("entity") == "faq_topic"]
        topic = named[0] if named else None
        if not topic and intent != "deny":
            number = picked_number(message.get("text") or "")
            if number and 1 <= number <= len(offered):
                topic = offered[number - 1]
        if topic in choice_titles():
            _answer(dispatcher, topic)
        else:
            dispatcher.utter_message(response="utter_faq_choice_none")
        return [SlotSet(CHOICES_SLOT, None)] if offered else []


class ActionAnswerSessionReport(Action):
    """Outside a session, "it won't release" or "I felt it in my wrist" get the FAQ answer."""

    def name(self) -> Text:
        return "action_answer_session_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        _answer(dispatcher, SESSION_REPORT_TOPICS.get(intent, "not_releasing"))
        return []
