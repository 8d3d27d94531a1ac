"""Commands said over background speech (a TV, people talking): the VAD never hears an end,
so the command is heard from the stream as it ends (`speech.spotting`, switched on here), and
background speech alone is not taken for a command. (Chatter over it sometimes is: bench.speech.)"""
import numpy as np
import pytest

from bench.speech_sets import espeak
from speech.listener import StreamListener
from speech.recognizer import CommandRecognizer
from talk import RATE, SPEAKER, over_talk, streamed


@pytest.fixture(scope="module")
def recognizer():
    recognizer = CommandRecognizer(spotting=True)
    assert recognizer.spot_model is not None, "speech/spot_classifier.npz is missing (python -m bench.train_spotter)"
    return recognizer


def heard(recognizer, stream):
    listener = StreamListener(recognizer)
    return streamed(listener.feed, stream)


def test_a_command_over_background_speech_is_heard_soon_after_it_ends(recognizer, babble):
    hits = 0
    for seed, phrase in enumerate(("stop", "i feel dizzy", "next", "yes")):
        stream, _, speech_end = over_talk(espeak(phrase, SPEAKER), babble, seed, tail_s=0.8)
        results = heard(recognizer, stream)
        accepted = [r for r in results if not r.rejected]
        assert [r.phrase for r in accepted] in ([], [phrase]), results  # never another command first
        if accepted:
            hits += 1
            assert accepted[0].decided_s - speech_end < 0.6  # not at the end of the background
    assert hits >= 2  # over the tuning side's babble about half are heard (main without spotting: none)


def test_background_speech_alone_is_not_a_command(recognizer, babble):
    alone = (babble(20 * RATE, np.random.default_rng(10)) * 0.1).astype(np.float32)
    assert [r for r in heard(recognizer, alone) if not r.rejected] == []
