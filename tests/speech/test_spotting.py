"""Commands said over background speech (a TV, people talking): the VAD never hears an end,
so the command is heard from the stream as it ends (`speech.spotting`, switched on here), and
background speech alone is not taken for a command. (Chatter over it sometimes is: bench.speech.)"""
import numpy as np
import pytest

from bench.speech_sets import TEST, Babble, Speaker, espeak, scaled
from speech.listener import StreamListener
from speech.recognizer import CommandRecognizer

SPEAKER = Speaker("en-gb-x-rp", 150, 50)  # a test-side voice
RATE, BLOCK = 16000, 480


@pytest.fixture(scope="module")
def recognizer():
    recognizer = CommandRecognizer(spotting=True)
    assert recognizer.spot_model is not None, "speech/spot_classifier.npz is missing (python -m bench.train_spotter)"
    return recognizer


@pytest.fixture(scope="module")
def babble():
    return Babble(TEST.babble_voices)  # the test side's babble: voices and sentences tuning never used


def over_background(speech, babble, seed, lead_s=2.0, tail_s=0.8):
    """`speech` after `lead_s` of background talk at 10 dB below it, which goes on after it."""
    rng = np.random.default_rng(seed)
    clean = np.concatenate([np.zeros(int(lead_s * RATE)), speech, np.zeros(int(tail_s * RATE))])
    return (clean + scaled(babble(len(clean), rng), speech, 10.0)).astype(np.float32), lead_s + len(speech) / RATE


def heard(recognizer, stream):
    listener = StreamListener(recognizer)
    results = []
    for start in range(0, len(stream), BLOCK):
        results += listener.feed(stream[start: start + BLOCK])
    return results


def test_a_command_over_background_speech_is_heard_soon_after_it_ends(recognizer, babble):
    hits = 0
    for seed, phrase in enumerate(("stop", "i feel dizzy", "next", "yes")):
        stream, speech_end = over_background(espeak(phrase, SPEAKER), babble, seed)
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
