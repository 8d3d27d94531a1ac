"""Rasa NLU component: normalised entity values and red flags that beat any intent.

Runs last in the NLU pipeline. It (1) replaces the surface text of entities found by
`SpacyEntityExtractor` with the pattern id ("left-hand side" -> "left"), (2) drops
negated red-flag and contraindication entities, and (3) turns any message that states a
red flag into the `red_flag` intent, whatever the classifiers thought — and undoes a
`red_flag` guess when every red-flag term in the message was negated.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text, Type

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlp import signals as safety

RED_FLAG_INTENT = "red_flag"
DENY_INTENT = "deny"
EXTRACTOR = "SafetySignals"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=False,
    model_from="SpacyNLP",
)
class SafetySignals(GraphComponent):
    """Normalises spaCy entities and enforces red flags from the words themselves."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [SpacyNLP]

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage,
               resource: Resource, execution_context: ExecutionContext) -> "SafetySignals":
        return cls()

    def process_training_data(self, training_data: TrainingData, model: SpacyModel) -> TrainingData:
        return training_data

    def process(self, messages: List[Message], model: SpacyModel) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.strip():
                self._process_one(message, model.model(text))
        return messages

    def _process_one(self, message: Message, doc) -> None:
        found = safety.find_signals(doc)
        negated_spans = {(s.start, s.end) for s in found if s.negated}
        ids_by_span = {(e.start_char, e.end_char): e.ent_id_ for e in doc.ents if e.ent_id_}

        entities = []
        for entity in message.get(ENTITIES, []):
            span = (entity.get("start"), entity.get("end"))
            if span in negated_spans:
                continue
            if entity.get("extractor") == "SpacyEntityExtractor" and span in ids_by_span:
                entity = {**entity, "value": ids_by_span[span]}
            entities.append(entity)

        kinds = safety.red_flag_kinds(doc, found)
        stated = {e["value"] for e in entities if e.get("entity") == safety.RED_FLAG}
        for kind in kinds:
            if kind not in stated:  # derived kinds such as meningitis
                entities.append({"entity": safety.RED_FLAG, "value": kind, "start": 0,
                                 "end": len(doc.text), "extractor": EXTRACTOR})
        message.set(ENTITIES, entities, add_to_output=True)

        intent = (message.get(INTENT) or {}).get("name")
        if kinds:
            self._set_intent(message, RED_FLAG_INTENT)
        elif found and all(s.negated for s in found) and safety.opens_with_denial(doc):
            # "no chest pain or dizziness" answers a safety question with a no.
            self._set_intent(message, DENY_INTENT)
        elif intent == RED_FLAG_INTENT and any(s.label == safety.RED_FLAG for s in found):
            # Every red-flag term was negated ("no chest pain"): take the next best guess.
            self._demote_red_flag(message)

    @staticmethod
    def _set_intent(message: Message, name: str) -> None:
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != name]
        top = {"name": name, "confidence": 1.0}
        message.set(INTENT, top, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [top] + ranking, add_to_output=True)

    @classmethod
    def _demote_red_flag(cls, message: Message) -> None:
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != RED_FLAG_INTENT]
        fallback = ranking[0]["name"] if ranking else DENY_INTENT
        cls._set_intent(message, fallback if fallback != "nlu_fallback" else DENY_INTENT)
