"""Rasa NLU component: an unsure FAQ topic becomes `nlu_fallback`, as an unsure intent does.

Rasa's FallbackClassifier looks at the intent's confidence only. Here the intent may be a
sure `faq` while the ResponseSelector is torn between topics (a story about numb hands at the
desk: why_wrist 0.35, numb_at_desk 0.33...). Answering the top topic then is a guess. This
component does for the topic what FallbackClassifier does for the intent: below the threshold
(or with a runner-up too close) it predicts `nlu_fallback` and keeps the ranking underneath,
so the dialogue can offer the likely topics (actions/faq_choice.py). A sure topic keeps the
cheap path: `faq` -> `utter_faq`, no action call.

A selection of 1.0 (the safety component forcing `warning_signs`, or a button) is always sure.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Text, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

FAQ = "faq"
FALLBACK_INTENT = "nlu_fallback"
FAQ_PREFIX = "faq/"
MAX_CHOICES = 3
# Chosen on tests/eval/people_dev.yml (scripts/tune_faq_choice.py), never on the test set.
DEFAULTS = {"threshold": 0.4, "margin": 0.1, "choice_floor": 0.08}


@dataclass
class FaqDecision:
    """Answer one topic, or ask between a few."""

    answer: Optional[str] = None
    choices: List[str] = field(default_factory=list)


def faq_ranking(message: Dict[str, Any]) -> List[Tuple[str, float]]:
    """(topic, confidence) pairs from the ResponseSelector's output for `faq`, best first."""
    selector = (message.get("response_selector") or {}).get(FAQ) or {}
    ranking = [(str(r.get("intent_response_key") or ""), float(r.get("confidence") or 0.0))
               for r in selector.get("ranking") or []]
    chosen = selector.get("response") or {}
    key, confidence = chosen.get("intent_response_key"), chosen.get("confidence")
    if key and not any(k == key for k, _ in ranking):
        ranking.insert(0, (str(key), float(confidence or 0.0)))
    ranking = [(k[len(FAQ_PREFIX):], c) for k, c in ranking if k.startswith(FAQ_PREFIX)]
    return sorted(ranking, key=lambda pair: -pair[1])


def decide(ranking: Sequence[Tuple[str, float]], threshold: float = DEFAULTS["threshold"],
           margin: float = DEFAULTS["margin"], floor: float = DEFAULTS["choice_floor"]) -> FaqDecision:
    """Answer the top topic, or the two or three likely ones to offer; pure, tuned offline."""
    if not ranking:
        return FaqDecision()
    top, top_confidence = ranking[0]
    runner_up = ranking[1][1] if len(ranking) > 1 else 0.0
    if top_confidence >= 0.999 or (top_confidence >= threshold and top_confidence - runner_up >= margin):
        return FaqDecision(answer=top)
    return FaqDecision(choices=likely_topics(ranking, floor))


def likely_topics(ranking: Sequence[Tuple[str, float]], floor: float = DEFAULTS["choice_floor"]) -> List[str]:
    """The topics worth offering: up to three above the floor, never fewer than two."""
    choices = [topic for topic, confidence in ranking[:MAX_CHOICES] if confidence >= floor]
    if len(choices) < 2:
        choices = [topic for topic, _ in ranking[:2]]
    return choices


def best_real_intent(message: Dict[str, Any]) -> Optional[str]:
    """The classifiers' first guess under a `nlu_fallback`."""
    for candidate in message.get(INTENT_RANKING_KEY) or []:
        if candidate.get("name") not in (None, FALLBACK_INTENT):
            return candidate["name"]
    return None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class FaqFallbackClassifier(GraphComponent):
    """Predicts `nlu_fallback` when the FAQ topic is unsure (after the ResponseSelector)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return dict(DEFAULTS)

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._config = {**DEFAULTS, **config}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "FaqFallbackClassifier":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            if intent.get("name") != FAQ:
                continue
            ranking = faq_ranking({"response_selector": message.get("response_selector")})
            if decide(ranking, self._config["threshold"], self._config["margin"]).answer:
                continue
            # The same shape FallbackClassifier writes: the fallback on top, the guesses below.
            fallback = {"name": FALLBACK_INTENT, "confidence": self._config["threshold"]}
            others = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != FALLBACK_INTENT]
            message.set(INTENT, fallback, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [fallback] + others, add_to_output=True)
        return messages
