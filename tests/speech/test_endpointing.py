"""When an utterance is decided: sooner than the full end-of-speech wait for a sure command
that nothing longer (and meaning otherwise) begins with, never early for one that could still grow;
in steady noise, as soon as the sound is back at the room's level."""
import numpy as np
import pytest

import speech.vad as vad_module
from bench.speech_sets import colored_noise, espeak, scaled
from speech.recognizer import COMMANDS, CommandRecognizer, unambiguous_early
from speech.vad import Segmenter, make_vad
from talk import RATE, SPEAKER, streamed


@pytest.fixture(scope="module")
def recognizer():
    return CommandRecognizer()


def cut(segmenter, stream):
    return streamed(segmenter.feed, stream)


def in_steady_noise(phrase, noise, rng):
    """`phrase` said 1 s into `noise` 10 dB below it, which goes on 1 s after: (the stream, where
    the speech ends in seconds)."""
    speech = espeak(phrase, SPEAKER)
    clean = np.concatenate([np.zeros(RATE), speech, np.zeros(RATE)])
    stream = (clean + scaled(colored_noise(noise, len(clean), rng), speech, 10.0)).astype(np.float32)
    return stream, 1 + len(speech) / RATE


def test_a_sure_command_is_decided_before_the_full_silence(recognizer, monkeypatch):
    # "no" and "start" may yet become "no change" and "start a guided session", which mean the same
    assert unambiguous_early(COMMANDS) >= {"stop", "i feel dizzy", "no change", "yes", "no", "start"}
    assert unambiguous_early({"stop": "stop", "stop it": "stop", "no": "no", "no change": "no change"}) == \
        {"stop", "stop it", "no", "no change"}
    assert "stop" not in unambiguous_early({"stop": "stop", "stop after this": "finish the hold"})
    waits = {}
    for phrase, grows in (("stop", False), ("no", False), ("no", True)):
        # As if "no change" meant something else: then "no" must wait to hear whether "change" follows.
        monkeypatch.setattr(recognizer, "_early", recognizer._early - ({"no"} if grows else set()))
        speech = espeak(phrase, SPEAKER)
        stream = np.concatenate([np.zeros(RATE // 2), speech, np.zeros(RATE)]).astype(np.float32)
        found = cut(recognizer.segmenter(), stream)
        assert [recognizer.hear_utterance(u).phrase for u in found] == [phrase]
        waits[phrase, grows] = found[0].closed_s - (0.5 + len(speech) / RATE)
        monkeypatch.undo()
    assert waits["stop", False] < vad_module.END_SILENCE_S - 0.05 <= waits["no", True], waits
    assert waits["no", False] < vad_module.END_SILENCE_S - 0.05, waits


@pytest.mark.parametrize("noise", ["brown", "white"])
def test_in_steady_noise_speech_ends_when_the_sound_falls_back_to_the_room(noise, monkeypatch):
    """The VAD's network hangs on to a word's end in steady noise for 100-200 ms; the sound
    falling back to the room's level ends it sooner, and no command is split at its gaps."""
    rng = np.random.default_rng(7)
    waits = {True: [], False: []}
    for phrase in ("switch sides", "pause", "start", "lying down", "i feel dizzy"):
        stream, end_s = in_steady_noise(phrase, noise, rng)
        for quiet_ends in (True, False):
            monkeypatch.setattr(vad_module, "QUIET_ENDS", quiet_ends)
            found = cut(Segmenter(make_vad("silero")), stream)
            assert len(found) == 1, (phrase, quiet_ends, found)
            if quiet_ends:  # the VAD's own end lags by up to 0.2 s
                assert abs(found[0].end_s - end_s) < 0.1, (phrase, found[0].end_s, end_s)
            waits[quiet_ends].append(found[0].closed_s - end_s)
    assert np.mean(waits[True]) <= vad_module.END_SILENCE_S + 0.04, waits
    assert np.mean(waits[True]) <= np.mean(waits[False]) - 0.05, waits


@pytest.mark.parametrize("noise", ["brown", "white"])
def test_in_steady_noise_a_sure_command_is_decided_where_the_sound_falls_back(noise, recognizer, monkeypatch):
    """With QUIET_EARLY a sure, unambiguous command is final once the sound is back at the room's
    level, before the VAD lets go of it; the VAD's hang-over after it starts no second utterance,
    and a phrase that could still grow (here "no", as if "no change" meant otherwise) waits for
    the VAD as before."""
    monkeypatch.setattr(recognizer, "_early", recognizer._early - {"no"})
    rng = np.random.default_rng(11)
    waits = {True: [], False: []}
    for phrase in ("switch sides", "lying down", "continue", "yes", "no"):
        stream, end_s = in_steady_noise(phrase, noise, rng)
        found = {}
        for quiet_early in (False, True):
            monkeypatch.setattr(vad_module, "QUIET_EARLY", quiet_early)
            found[quiet_early] = cut(recognizer.segmenter(), stream)
            assert [recognizer.hear_utterance(u).phrase for u in found[quiet_early]] == [phrase], (phrase, quiet_early)
            if phrase != "no":
                waits[quiet_early].append(found[quiet_early][0].closed_s - end_s)
        if phrase == "no":
            assert found[True][0].closed_s == found[False][0].closed_s
    assert np.mean(waits[True]) <= np.mean(waits[False]) - 0.05, waits
    assert all(sooner <= later for sooner, later in zip(waits[True], waits[False])), waits  # never later
