"""Closed loop: espeak-ng says every session command into a WAV, the offline recogniser
hears it, and the command maps to the message the bot is sent."""
import subprocess

import numpy as np
import pytest

from speech.recognizer import COMMANDS, CommandRecognizer, jsgf_grammar
from speech.wavtools import read_wav, write_wav

# Two accents and three speeds, none of them the speech module's own settings.
SPEAKERS = [("en-us", 140), ("en-us", 175), ("en", 150)]


@pytest.fixture(scope="module")
def recognizer():
    return CommandRecognizer()


def espeak_to_wav(text, voice, rate, path):
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(path), text], check=True)
    return path


@pytest.mark.slow  # synthesises and decodes many clips: left out of `make test-fast`
def test_recognition_accuracy_over_all_commands(recognizer, tmp_path):
    results = []
    for voice, rate in SPEAKERS:
        for number, (phrase, message) in enumerate(COMMANDS.items()):
            wav = espeak_to_wav(phrase, voice, rate, tmp_path / f"{voice}-{rate}-{number}.wav")
            heard = recognizer.recognize_file(wav)
            results.append((voice, rate, phrase, heard.message if heard else None, message))
    correct = [r for r in results if r[3] == r[4]]
    accuracy = len(correct) / len(results)
    misses = [f"{v}@{r}: {p!r} -> {got!r}" for v, r, p, got, want in results if got != want]
    print(f"\nrecognition accuracy: {accuracy:.1%} ({len(correct)}/{len(results)} commands); "
          f"misses: {misses}")
    assert accuracy >= 0.90, misses
    # The red flag is never missed.
    assert all(got == want for _, _, phrase, got, want in results if phrase == "i feel dizzy")


def test_commands_map_to_messages_the_bot_understands():
    assert COMMANDS["ready"] == "ready"
    assert COMMANDS["i feel a pulse"] == "I feel a pulse"
    assert COMMANDS["i feel dizzy"] == "I feel dizzy"
    assert COMMANDS["start"] == "start a session"
    assert [COMMANDS[w] for w in "zero one two three four five six seven eight nine ten".split()] == \
        [str(n) for n in range(11)]


def test_any_sample_rate_and_stereo_are_accepted(recognizer, tmp_path):
    wav = espeak_to_wav("i feel a pulse", "en-us", 150, tmp_path / "pulse.wav")
    samples, rate = read_wav(wav)
    from speech.wavtools import resample

    at_48k = resample(samples, rate, 48000)
    stereo = np.stack([at_48k, at_48k], axis=1)
    heard = recognizer.recognize(stereo, 48000)
    assert heard is not None and heard.message == "I feel a pulse" and heard.interrupts


def test_silence_is_not_a_command(recognizer, tmp_path):
    path = write_wav(tmp_path / "silence.wav", np.zeros(16000, dtype=np.float32), 16000)
    assert recognizer.recognize_file(path) is None


def test_grammar_lists_every_command():
    grammar = jsgf_grammar()
    assert grammar.startswith("#JSGF V1.0;")
    for phrase in COMMANDS:
        assert phrase in grammar
