"""Stopping phrases ("stop", "help", "I feel dizzy", ...) are heard at a low threshold so that a
hold stops even on a faint "stop"; between turns, where a false "stop" ends the session,
"stop", "pause" and "help" need the model's own threshold like every other phrase. What the
body says ("I feel dizzy") keeps the low one: a red flag beats everything."""
import numpy as np

from bench.speech_eval import Outcome, summarise
from bench.speech_sets import Clip
from speech.command_classifier import REJECT, CommandClassifier
from speech.recognizer import CommandRecognizer, Hearing

PHRASES = ["stop", "i feel dizzy", "five", REJECT]


def tiny_model() -> CommandClassifier:
    """A classifier whose input is its own log-probabilities (identity weights)."""
    size = len(PHRASES)
    return CommandClassifier(PHRASES, np.zeros(size), np.ones(size), [np.eye(size)], [np.zeros(size)],
                             threshold=0.58, stopping_threshold=0.05)


def heard(probabilities) -> Hearing:
    model = tiny_model()
    recognizer = CommandRecognizer({"stop": "stop", "i feel dizzy": "I feel dizzy", "five": "5"}, rejection=None,
                                   classifier=model, spotting=False)
    return recognizer.decide_vector(np.log(np.asarray(probabilities, dtype=np.float32)), model)


def test_a_faint_stop_stops_a_hold_but_is_no_answer():
    faint = heard([0.4, 0.2, 0.2, 0.2])
    assert faint.phrase == "stop" and faint.accepted and faint.mid_hold_only and not faint.answers
    sure = heard([0.7, 0.1, 0.1, 0.1])
    assert sure.accepted and sure.answers and not sure.mid_hold_only


def test_a_faint_red_flag_is_an_answer_too():
    dizzy = heard([0.2, 0.4, 0.2, 0.2])
    assert dizzy.phrase == "i feel dizzy" and dizzy.answers and not dizzy.mid_hold_only


def test_other_phrases_need_the_models_threshold_anywhere():
    assert not heard([0.2, 0.2, 0.4, 0.2]).accepted  # "five" at 0.4
    five = heard([0.1, 0.1, 0.7, 0.1])
    assert five.phrase == "five" and five.answers and not five.mid_hold_only


def clip(kind, expected, condition="clean"):
    return Clip("x.wav", kind, expected, expected, "speaker", condition, 0.5, 1.0)


def test_the_bench_counts_a_faint_stopping_phrase_where_it_acts():
    faint_help = Hearing("help", 0.3, True, mid_hold_only=True)
    faint_stop = Hearing("stop", 0.3, True, mid_hold_only=True)
    outcomes = [Outcome(clip("speech", None), [faint_help], [0.2]),  # chatter heard faintly as "help"
                Outcome(clip("speech", None), [Hearing("five", 0.9, True)], [0.2]),  # chatter taken for "five"
                Outcome(clip("command", "stop"), [faint_stop], [0.2]),
                Outcome(clip("command", "five"), [Hearing("five", 0.9, True)], [0.2])]
    rates = summarise(outcomes)
    assert rates["false_accepts_speech"] == 0.5  # between turns: only "five" acts
    assert rates["hold_false_stops_speech"] == 0.5  # during a hold: only "help" stops it
    assert rates["commands_clean"] == 0.5  # the faint "stop" is asked again between turns
    assert rates["hold_stops_right"] == 1.0  # ... and stops a hold
