"""When an utterance is decided: sooner than the full end-of-speech wait for a sure command
that nothing longer begins with, never early for one that could still grow ("no" -> "no change")."""
import numpy as np
import pytest

import speech.vad as vad_module
from bench.speech_sets import espeak
from speech.recognizer import COMMANDS, CommandRecognizer, unambiguous_early
from talk import RATE, SPEAKER

BLOCK = 480


@pytest.fixture(scope="module")
def recognizer():
    return CommandRecognizer()


def cut(segmenter, stream):
    return [u for start in range(0, len(stream), BLOCK) for u in segmenter.feed(stream[start: start + BLOCK]) if u]


def test_a_sure_command_is_decided_before_the_full_silence(recognizer):
    assert unambiguous_early(COMMANDS) >= {"stop", "i feel dizzy", "no change", "yes"}
    assert "no" not in unambiguous_early(COMMANDS)  # "no" may yet become "no change"
    waits = {}
    for phrase in ("stop", "no"):
        speech = espeak(phrase, SPEAKER)
        stream = np.concatenate([np.zeros(RATE // 2), speech, np.zeros(RATE)]).astype(np.float32)
        found = cut(recognizer.segmenter(), stream)
        assert [recognizer.hear_utterance(u).phrase for u in found] == [phrase]
        waits[phrase] = found[0].closed_s - (0.5 + len(speech) / RATE)
    assert waits["stop"] < vad_module.END_SILENCE_S - 0.05 <= waits["no"], waits
