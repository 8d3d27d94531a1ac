"""The assistant's own voice is not a command: its countdown, played into the microphone
(mixed into the input as a loudspeaker would leak it), stops nothing, whether the listener
is told what is playing (echo removal) or not (gating alone); a person saying a stopping
phrase over it is heard, at once, when the listener knows what is playing."""
import subprocess

import numpy as np
import pytest

from speech.countdown import countdown_wav
from speech.echo import ALIGN_S, MAX_DELAY_S
from speech.listener import StreamListener
from speech.recognizer import RED_FLAGS, CommandRecognizer
from speech.wavtools import read_wav, resample
from talk import streamed
# What a session really plays: the hold payload's cues around the numbers (actions/holds.py).
CUES = {"start": "Press gently and hold.", "end": "And release."}


@pytest.fixture(scope="module")
def recognizer():
    return CommandRecognizer()


@pytest.fixture(scope="module")
def own_cache(tmp_path_factory):
    """This module's own synthesis cache, filled by a freshly started speech engine: espeak-ng
    keeps state between syntheses, so the same word came out a few samples different after
    other tests had used the engine, and "stop" was heard 4 of 8 times in the full run
    instead of 6 of 8 alone."""
    from speech.synth import worker

    worker().restart()
    return tmp_path_factory.mktemp("own-voice-cache")


@pytest.fixture(autouse=True)
def speech_cache(own_cache, monkeypatch):  # replaces the shared one from conftest.py
    monkeypatch.setenv("SCALENE_SPEECH_CACHE", str(own_cache))
    return own_cache


def through_a_sound_server(played, rate, starved_at_s=None, starved_s=0.25):
    """The played audio as a sound server brings it back: mixed at 48 kHz (a third of a
    16 kHz sample late) and captured at 16 kHz, so it no longer matches the file sample for
    sample; starved of data at `starved_at_s`, it plays `starved_s` of silence there and
    everything after comes that much later."""
    mixed = np.concatenate([np.zeros(1, dtype=np.float32), resample(played, rate, 48000)])
    if starved_at_s is not None:
        cut = int(starved_at_s * 48000)
        mixed = np.concatenate([mixed[:cut], np.zeros(int(starved_s * 48000), dtype=np.float32), mixed[cut:]])
    return resample(mixed, 48000, 16000)


def microphone_input(countdown_path, leak_gain, person=None, at_s=0.0, noise_db=-50.0, sound_server=False,
                     starved_at_s=None):
    """What the microphone hears: the countdown at `leak_gain` (as a sound server returns it,
    or the file's samples), a faint room noise, and the person's words starting `at_s` seconds in."""
    played, rate = read_wav(countdown_path)
    leak = through_a_sound_server(played, rate, starved_at_s) if sound_server else resample(played, rate, 16000)
    mix = leak * leak_gain
    if person is not None:
        words, words_rate = read_wav(person)
        words = resample(words, words_rate, 16000) * 0.5
        start = int(at_s * 16000)
        mix = np.concatenate([mix, np.zeros(max(0, start + len(words) - len(mix)), dtype=np.float32)])
        mix[start: start + len(words)] += words
    return mix + 10 ** (noise_db / 20) * np.random.default_rng(3).standard_normal(len(mix)).astype(np.float32)


def listen(recognizer, samples, played=None, clock_error_s=0.0):
    listener = StreamListener(recognizer)
    if played is not None:  # the session tells the microphone what it plays, from the start (by its clock)
        listener.playing(*read_wav(played), start_sample=int(clock_error_s * 16000))
    return streamed(listener.feed, samples) + listener.feed(np.zeros(16000, dtype=np.float32))


@pytest.mark.parametrize("seconds, kind, gain, echo_removal", [
    (12, "hold", 0.5, False), (12, "hold", 1.0, False), (30, "rest", 0.7, False),
    (12, "hold", 0.5, True), (30, "rest", 1.0, True)])
def test_the_countdown_leaking_into_the_microphone_stops_nothing(recognizer, seconds, kind, gain, echo_removal):
    audio = countdown_wav(seconds, kind, cues=CUES if kind == "hold" else None)
    heard = listen(recognizer, microphone_input(audio.path, gain), played=audio.path if echo_removal else None)
    assert not [h for h in heard if h.interrupts], [(h.phrase, round(h.start_s, 2)) for h in heard]


@pytest.mark.parametrize("clock_error_s", [-0.2, 0.0, 0.1, 0.25])
def test_a_countdown_returned_by_a_sound_server_is_not_heard_at_all(recognizer, clock_error_s):
    """Played through a sound server and leaking back at full level, with the session's clock
    for when it started early or late: once the echo is aligned (ALIGN_S + MAX_DELAY_S after
    the start), not one of the numbers reaches the classifier. Without silencing what is left
    of the echo every number was still heard (level-normalised), "twelve" once as "help"."""
    audio = countdown_wav(12, "hold", cues=CUES)
    samples = microphone_input(audio.path, 1.0, noise_db=-90.0, sound_server=True)
    heard = listen(recognizer, samples, played=audio.path, clock_error_s=clock_error_s)
    aligned_s = ALIGN_S + MAX_DELAY_S + max(0.0, clock_error_s)
    assert not [h for h in heard if h.interrupts], [(h.phrase, round(h.start_s, 2)) for h in heard]
    assert not [h for h in heard if h.start_s > aligned_s], [(h.phrase, round(h.start_s, 2)) for h in heard]


def test_a_countdown_delayed_by_a_starved_sound_server_is_followed(recognizer):
    """The sound server runs dry 6.2 s in and plays 0.25 s of silence: the echo is found again
    at its new delay, and the numbers after it are not heard either (without finding it again,
    every one of them was)."""
    audio = countdown_wav(12, "hold", cues=CUES)
    samples = microphone_input(audio.path, 1.0, noise_db=-90.0, sound_server=True, starved_at_s=6.2)
    heard = listen(recognizer, samples, played=audio.path)
    assert not [h for h in heard if h.interrupts], [(h.phrase, round(h.start_s, 2)) for h in heard]
    late = [h for h in heard if h.start_s > ALIGN_S + MAX_DELAY_S]
    assert len(late) <= 1, [(h.phrase, round(h.start_s, 2)) for h in late]  # at most the number the jump cut


@pytest.mark.parametrize("phrase", ["stop", "pause", "i feel dizzy"])
@pytest.mark.parametrize("sound_server, clock_error_s", [(False, 0.0), (True, 0.15)])
def test_a_stopping_phrase_said_over_the_countdown_is_heard_at_once(recognizer, tmp_path, phrase, sound_server,
                                                                  clock_error_s):
    person = tmp_path / "person.wav"
    subprocess.run(["espeak-ng", "-v", "en-us+f3", "-s", "150", "-w", str(person), phrase], check=True)
    audio = countdown_wav(12, "hold", cues=CUES)
    heard_at = []
    for second in range(2, 10):  # said at different moments, over and between the numbers
        at_s = audio.count_start_s + second + 0.15 * (second % 4)
        heard = listen(recognizer, microphone_input(audio.path, 0.5, person, at_s, sound_server=sound_server),
                       played=audio.path, clock_error_s=clock_error_s)
        stops = [h for h in heard if h.interrupts]
        if phrase in RED_FLAGS:  # a red flag must be heard as itself: its advice differs
            stops = [h for h in stops if h.phrase == phrase]
        if stops:  # any stopping phrase stops the countdown at once
            assert at_s - 0.1 <= stops[0].start_s <= at_s + 0.6
            assert stops[0].decided_s - stops[0].end_s < 0.5  # closed and decided within half a second
            heard_at.append(at_s)
    print(f"{phrase!r} stopped the countdown {len(heard_at)} times of 8")
    assert len(heard_at) >= 6, heard_at  # the countdown rarely hides it
