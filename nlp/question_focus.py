"""Rasa featurizer: the words of a message's question, apart from the story around it.

People write two to six sentences of background and ask last ("...my right hand goes numb
by the afternoon. Is this my neck?"). A bag of words over the whole message is dominated by
the story; sending only the question loses the context (measured: 64 vs 66 of 87). This
featurizer keeps both: it adds *sentence* features for the words and word pairs of the
question sentence (the last one ending in "?", else the last sentence), next to the usual
features of the whole text, so the classifiers can learn which part decides the topic.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any, Dict, List, Optional, Text, Type

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
import rasa.shared.utils.io

SENTENCES = re.compile(r"[^.!?\n]+[.!?\n]*")
WORDS = re.compile(r"[a-z0-9']+")


def question_sentence(text: str) -> str:
    """The sentence that asks: the last one ending in "?", otherwise the last one."""
    sentences = [s.strip() for s in SENTENCES.findall(text or "") if WORDS.search(s.lower())]
    if not sentences:
        return ""
    asking = [s for s in sentences if s.endswith("?")]
    return (asking or sentences)[-1]


def question_terms(text: str) -> List[str]:
    """Words and neighbouring word pairs of the question sentence, lower case."""
    words = WORDS.findall(question_sentence(text).lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class QuestionFocusFeaturizer(SparseFeaturizer, GraphComponent):
    """Sentence features: a bag of the question sentence's words and word pairs."""

    FILENAME = "question_vocabulary.json"

    @classmethod
    def required_components(cls) -> List[Type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # Terms seen in fewer training questions than this are noise (names, typos).
        return {**SparseFeaturizer.get_default_config(), "min_df": 2}

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        if int(config.get("min_df", 1)) < 1:
            raise ValueError("min_df must be at least 1")

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 execution_context: ExecutionContext, vocabulary: Optional[Dict[str, int]] = None) -> None:
        super().__init__(execution_context.node_name, config)
        self._model_storage = model_storage
        self._resource = resource
        self.vocabulary = vocabulary or {}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "QuestionFocusFeaturizer":
        return cls(config, model_storage, resource, execution_context)

    def train(self, training_data: TrainingData) -> Resource:
        counts: Counter = Counter()
        for message in training_data.training_examples:
            counts.update(set(question_terms(message.get(TEXT) or "")))
        terms = sorted(term for term, count in counts.items() if count >= self._config["min_df"])
        self.vocabulary = {term: index for index, term in enumerate(terms)}
        with self._model_storage.write_to(self._resource) as path:
            rasa.shared.utils.io.dump_obj_as_json_to_file(path / self.FILENAME, self.vocabulary)
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "QuestionFocusFeaturizer":
        with model_storage.read_from(resource) as path:
            vocabulary = rasa.shared.utils.io.read_json_file(path / cls.FILENAME)
        return cls(config, model_storage, resource, execution_context, vocabulary)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            # Like the other featurizers, nothing for a message without tokens (an empty one):
            # features for it alone would not match theirs.
            if not message.get(TOKENS_NAMES[TEXT]) or not self.vocabulary:
                continue
            columns = sorted({self.vocabulary[t] for t in question_terms(text) if t in self.vocabulary})
            sentence = scipy.sparse.coo_matrix(
                (np.ones(len(columns)), (np.zeros(len(columns), dtype=int), np.array(columns, dtype=int))),
                shape=(1, len(self.vocabulary)))
            self.add_features_to_message(sequence=None, sentence=sentence, attribute=TEXT, message=message)
        return messages
