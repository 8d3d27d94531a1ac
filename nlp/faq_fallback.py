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

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

from nlp.faq_topics import DEFAULTS, FALLBACK_INTENT, FAQ, decide, faq_ranking


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
