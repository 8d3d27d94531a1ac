"""The question sentence is found after a story, and featurised apart from it."""
from unittest.mock import MagicMock

from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlp.question_focus import QuestionFocusFeaturizer, question_sentence, question_terms


def test_the_asking_sentence_is_found_after_the_story():
    story = "I changed jobs last year. My right hand goes numb by the afternoon... is this my neck? thanks"
    assert question_sentence(story) == "is this my neck?"
    assert question_sentence("my hands go numb at night") == "my hands go numb at night"
    assert question_terms("Any tips? sorry") == ["any", "tips", "any tips"]
    assert question_sentence("🙃") == "" and question_terms("") == []


def tokenized(text):
    message = Message(data={TEXT: text})
    message.set(TOKENS_NAMES[TEXT], [Token(w, 0) for w in text.split()])
    return message


def test_features_for_the_question_words_only_and_none_for_an_empty_message(tmp_path):
    storage = MagicMock()
    storage.write_to.return_value.__enter__.return_value = tmp_path
    featurizer = QuestionFocusFeaturizer({"alias": None, "min_df": 1}, storage, MagicMock(), MagicMock(node_name="qf"))
    featurizer.train(TrainingData([tokenized("where do i press?"), tokenized("how long do i hold?")]))
    story, empty = tokenized("My knot is back. How long do I hold?"), tokenized("")
    featurizer.process([story, empty])
    features = story.get_sparse_features(TEXT)[1]  # (sequence, sentence)
    words = {term for term, column in featurizer.vocabulary.items() if features.features.tocsr()[0, column]}
    assert words == {"how", "long", "do", "i", "hold", "how long", "long do", "do i", "i hold"}
    assert empty.get_sparse_features(TEXT) == (None, None)
