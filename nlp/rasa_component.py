"""Rasa NLU component: normalised entity values, and safety terms judged in context.

Runs last in the NLU pipeline. It (1) replaces the surface text of entities found by
`SpacyEntityExtractor` with the pattern id ("left-hand side" -> "left"), (2) reads every
red-flag and contraindication term in context (`nlp.context`: ConText) and decides what it
means (`nlp.signals`), then sets the intent:
- a red flag stated now              -> `red_flag` (1.0) with `red_flag` entities (kind ids);
- a contraindication about oneself   -> `report_contraindication` (1.0) with `contraindication`
                                        entities; the FAQ selector's output is left as it is;
- a red flag asked about             -> `faq` (1.0) with the selector set to `faq/warning_signs`;
- another script (Chinese, Arabic...) -> `nlu_fallback`, whatever the classifiers guessed;
- otherwise the classifiers' intent stands (a `red_flag` or `report_contraindication` guess
  without such words in context becomes the next-best intent).
Every judged term is listed in the output under `safety_context`.
"""
from __future__ import annotations

import re
from dataclasses import asdict
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
from nlp.context import ContextAnnotator
from nlp.language import looks_non_english
from nlp.safety_kinds import CONTRAINDICATION_INTENT, RED_FLAG_INTENT, SAFETY_INTENTS

DENY_INTENT = "deny"
FALLBACK_INTENT = "nlu_fallback"
YES_NO_INTENTS = {"affirm", "deny"}
YES_NO_OPENERS = {"yes", "yeah", "yep", "yup", "y", "ya", "yea", "sure", "no", "nope", "nah", "n", "correct"}
FAQ_INTENT, WARNING_SIGNS = "faq", "faq/warning_signs"
SAFETY_CONTEXT = "safety_context"
PRESSING_IN_VIEW = re.compile(r"\b(press\w*|push\w*|hold\w*|massag\w*|releas\w*|rub\w*|dig\w*|stretch\w*|"
                              r"exercis\w*|session|while|during|stop\w*|doing (this|it|that))\b", re.I)
EXTRACTOR = "SafetySignals"


def warning_signs_selection(previous: Dict[str, Any]) -> Dict[str, Any]:
    """The selector output Rasa's ResponseSelector writes, pointing at `faq/warning_signs`."""
    chosen = {"responses": [], "confidence": 1.0, "intent_response_key": WARNING_SIGNS,
              "utter_action": f"utter_{WARNING_SIGNS}"}
    ranking = [r for r in (previous.get(FAQ_INTENT) or {}).get("ranking", [])
               if r.get("intent_response_key") != WARNING_SIGNS]
    selection = dict(previous)
    selection[FAQ_INTENT] = {"response": chosen,
                             "ranking": [{"id": None, "confidence": 1.0, "intent_response_key": WARNING_SIGNS}] + ranking}
    selection.setdefault("all_retrieval_intents", [FAQ_INTENT])
    return selection


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=False,
    model_from="SpacyNLP",
)
class SafetySignals(GraphComponent):
    """Normalises spaCy entities and decides what safety terms mean in context."""

    def __init__(self) -> None:
        self._annotator = None
        self._annotated_nlp = None

    @classmethod
    def required_components(cls) -> List[Type]:
        return [SpacyNLP]

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage,
               resource: Resource, execution_context: ExecutionContext) -> "SafetySignals":
        return cls()

    def process_training_data(self, training_data: TrainingData, model: SpacyModel) -> TrainingData:
        return training_data

    def _context_for(self, nlp) -> ContextAnnotator:
        if self._annotated_nlp is not nlp:  # built once per loaded spaCy pipeline
            self._annotator, self._annotated_nlp = ContextAnnotator(nlp), nlp
        return self._annotator

    def process(self, messages: List[Message], model: SpacyModel) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.strip():
                doc = model.model(text)
                self._process_one(message, doc, self._context_for(model.model).mentions(doc))
        return messages

    def _process_one(self, message: Message, doc, mentions) -> None:
        reading = safety.read(mentions)
        ids_by_span = {(e.start_char, e.end_char): e.ent_id_ for e in doc.ents if e.ent_id_}
        entities = []
        for entity in message.get(ENTITIES, []):
            if entity.get("entity") in (safety.RED_FLAG, safety.CONTRAINDICATION):
                continue  # re-added below, as judged in context
            span = (entity.get("start"), entity.get("end"))
            if entity.get("extractor") == "SpacyEntityExtractor" and span in ids_by_span:
                entity = {**entity, "value": ids_by_span[span]}
            entities.append(entity)
        entities += self._judged_entities(reading, len(doc.text))
        message.set(ENTITIES, entities, add_to_output=True)
        message.set(SAFETY_CONTEXT, [{**asdict(d.mention), "outcome": d.outcome, "counts_as": d.kind}
                                     for d in reading.decisions], add_to_output=True)
        self._set_intent_for(message, doc, reading)

    @staticmethod
    def _judged_entities(reading: safety.SafetyReading, text_length: int) -> List[Dict[str, Any]]:
        spans = {}
        for decision in reading.decisions:
            spans.setdefault(decision.kind, (decision.mention.start, decision.mention.end))
        entities = []
        for label, kinds in ((safety.RED_FLAG, reading.red_flags),
                             (safety.CONTRAINDICATION, reading.contraindications)):
            for kind in kinds:
                start, end = spans.get(kind, (0, text_length))  # derived kinds span the message
                entities.append({"entity": label, "value": kind, "start": start, "end": end,
                                 "confidence_entity": 1.0, "extractor": EXTRACTOR})
        return entities

    def _set_intent_for(self, message: Message, doc, reading: safety.SafetyReading) -> None:
        intent = (message.get(INTENT) or {}).get("name")
        plain_yes_no = intent in YES_NO_INTENTS and len(doc) > 0 and doc[0].lower_ in YES_NO_OPENERS
        if reading.red_flags:
            self._set_intent(message, RED_FLAG_INTENT)
        elif reading.contraindications and not plain_yes_no:
            # A plain "yes/no, ..." keeps its intent: the safety screen reads the entities.
            self._set_intent(message, CONTRAINDICATION_INTENT)
        elif reading.hypothetical and self._asks_about_warning_signs(doc, reading):
            self._set_intent(message, FAQ_INTENT)
            message.set("response_selector", warning_signs_selection(message.get("response_selector") or {}),
                        add_to_output=True)
        elif reading.all_negated and safety.opens_with_denial(doc):
            # "no chest pain or dizziness" answers a safety question with a no.
            self._set_intent(message, DENY_INTENT)
        elif intent in SAFETY_INTENTS:
            self._demote(message)
        elif looks_non_english(doc.text):
            # The classifiers never saw this script: their guess ("deny" at 0.47) means nothing.
            self._set_intent(message, FALLBACK_INTENT)

    @staticmethod
    def _asks_about_warning_signs(doc, reading: safety.SafetyReading) -> bool:
        """A red flag asked about always is; a plain headache or sickness asked about only with
        pressing in view ("what if I get a headache while pressing?"), not as a cause ("can a
        tight neck give you headaches?", which the classifiers answer)."""
        if any(d.outcome == "hypothetical" for d in reading.decisions):
            return True
        return bool(PRESSING_IN_VIEW.search(doc.text))

    @staticmethod
    def _set_intent(message: Message, name: str) -> None:
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != name]
        top = {"name": name, "confidence": 1.0}
        message.set(INTENT, top, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [top] + ranking, add_to_output=True)

    @classmethod
    def _demote(cls, message: Message) -> None:
        """The classifiers guessed a safety intent the words in context do not support: next best."""
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or []
                   if r.get("name") not in SAFETY_INTENTS | {FALLBACK_INTENT}]
        if not ranking:
            return cls._set_intent(message, FALLBACK_INTENT)
        message.set(INTENT, ranking[0], add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
