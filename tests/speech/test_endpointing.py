"""When an utterance ends: after the words even under other people talking (a VAD calls
background speech speech, so only loudness can tell), and sooner for a sure command that
nothing longer begins with."""
import numpy as np
import pytest

import speech.vad as vad_module
from bench.speech_sets import TEST, Babble, Speaker, espeak, scaled
from speech.recognizer import COMMANDS, CommandRecognizer, unambiguous_early
from speech.vad import Segmenter, SileroVad

SPEAKER = Speaker("en-gb-x-rp", 150, 50)  # a test-side voice; the babble is the test set's too
RATE, BLOCK = 16000, 480


@pytest.fixture(scope="module")
def recognizer():
    return CommandRecognizer()


@pytest.fixture(scope="module")
def babble():
    return Babble(TEST.babble_voices)


def over_babble(babble, phrase, seed):
    """The phrase 0.8 s into 3 s of babble 10 dB under it; (stream, speech start, speech end)."""
    speech = espeak(phrase, SPEAKER)
    clean = np.concatenate([np.zeros(int(0.8 * RATE)), speech, np.zeros(3 * RATE - int(0.8 * RATE) - len(speech))])
    noise = scaled(babble(len(clean), np.random.default_rng(seed)), speech, 10.0)
    return (clean + noise).astype(np.float32), 0.8, 0.8 + len(speech) / RATE


def cut(segmenter, stream):
    return [u for start in range(0, len(stream), BLOCK) for u in segmenter.feed(stream[start: start + BLOCK]) if u]


@pytest.mark.parametrize("phrase", ["switch sides", "i feel dizzy", "yes"])
def test_an_utterance_over_babble_ends_after_its_words(babble, phrase, monkeypatch):
    stream, start, end = over_babble(babble, phrase, seed=len(phrase))
    found = cut(Segmenter(SileroVad()), stream)
    assert found, "nothing closed before the babble stopped"
    first = found[0]
    assert abs(first.end_s - end) < 0.25 and first.closed_s < end + 0.4, (first.start_s, first.end_s, end)
    assert abs(first.start_s - start) < 0.25, (first.start_s, start)
    # Without the loudness rule the VAD hears the babble as speech to the very end.
    monkeypatch.setattr(vad_module, "CONTRAST_DB", 1e9)
    assert cut(Segmenter(SileroVad()), stream) == []


def test_commands_said_over_babble_are_heard(recognizer, babble):
    said = ["stop", "yes", "switch sides", "i feel dizzy", "lying down", "seven", "next", "it hurts"]
    heard = []
    for seed, phrase in enumerate(said):
        stream, _, _ = over_babble(babble, phrase, seed)
        segmenter = recognizer.segmenter()
        accepted = [h.phrase for h in map(recognizer.hear_utterance, cut(segmenter, stream) + segmenter.flush())
                    if h.accepted]
        heard.append((phrase, accepted))
    assert sum(accepted == [phrase] for phrase, accepted in heard) >= 6, heard
    assert ("i feel dizzy", ["i feel dizzy"]) in heard, heard  # the red flag


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
