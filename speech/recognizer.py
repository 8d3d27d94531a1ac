"""Offline command recognition: pocketsphinx with a grammar of the session's words.

Only the phrases below can be heard, each mapped to the message the bot understands
("i feel dizzy" -> "I feel dizzy", "seven" -> "7", "start" -> "start a session"). A closed
grammar is what makes a small offline model reliable for a few dozen commands. Audio of
any rate or channel count is resampled to 16 kHz mono first.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional, Union

import numpy as np

from speech.speakable import ONES
from speech.wavtools import read_wav, resample

SAMPLE_RATE = 16000
# Clean synthetic audio has runs of exact digital zero that the acoustic model never saw in
# training (log energy of nothing); a fixed, seeded noise floor under a normalised level and
# a little silence around the words brought espeak-ng commands from 44% to about 94%.
PEAK_LEVEL, NOISE_FLOOR, PADDING_S = 0.5, 0.002, 0.3

# Spoken phrase (lower case, grammar words) -> message sent to the bot.
COMMANDS: Dict[str, str] = {
    "start": "start a session",
    "start a guided session": "start a session",
    "what can you do": "what can you do?",
    "guide me": "guide me",
    "ready": "ready",
    "next": "next spot",
    "repeat": "repeat",
    "pause": "pause",
    "continue": "continue",
    "stop": "stop",
    "yes": "yes",
    "no": "no",
    "left": "left",
    "right": "right",
    "sitting": "sitting",
    "lying down": "lying down",
    "skip": "skip",
    "switch sides": "switch sides",
    "it eased": "it eased",
    "no change": "no change",
    "i felt it in my wrist": "I felt it in my wrist",
    "i felt it in my knot": "I felt it in my knot",
    "i feel a pulse": "I feel a pulse",
    "it hurts": "it hurts",
    "i feel dizzy": "I feel dizzy",
    "help": "help",
    "more": "more",
    "tell me more": "tell me more",
    **{word: str(value) for value, word in enumerate(ONES[:11])},
}
# Heard while a countdown runs, these stop it at once; anything else waits for the end
# (the microphone also hears the countdown's own numbers).
# Extra pronunciations: espeak-ng and many speakers vocalise the dark L in "help" ("heowp").
ALTERNATE_PRONUNCIATIONS = {"help(2)": "HH EH OW P"}
INTERRUPTING = {"i feel dizzy", "i feel a pulse", "it hurts", "stop", "pause", "help"}
RED_FLAGS = {"i feel dizzy"}


@dataclass
class Recognition:
    phrase: str  # what was heard, as a grammar phrase
    message: str  # what the bot is sent
    latency_s: float

    @property
    def interrupts(self) -> bool:
        return self.phrase in INTERRUPTING


def jsgf_grammar(commands: Dict[str, str] = COMMANDS) -> str:
    alternatives = " | ".join(sorted(commands, key=len, reverse=True))
    return f"#JSGF V1.0;\ngrammar scalene;\npublic <command> = {alternatives};\n"


class CommandRecognizer:
    """Hears one command per utterance. Thread-safe (one decoder, used under a lock)."""

    def __init__(self, commands: Dict[str, str] = COMMANDS):
        from pocketsphinx import Config, Decoder

        self.commands = dict(commands)
        config = Config(lm=None, loglevel="FATAL")
        config["samprate"] = SAMPLE_RATE
        # The lattice rescoring pass only ever turned right answers into near misses here.
        config["bestpath"] = False
        self._decoder = Decoder(config)
        for word, phones in ALTERNATE_PRONUNCIATIONS.items():
            self._decoder.add_word(word, phones, False)  # before the grammar, which compiles them in
        self._decoder.add_jsgf_string("commands", jsgf_grammar(self.commands))
        self._decoder.activate_search("commands")
        self._lock = threading.Lock()

    @staticmethod
    def prepare(samples: np.ndarray, rate: int) -> bytes:
        """16 kHz mono 16-bit PCM at a normal level, padded, over a faint noise floor."""
        samples = resample(samples, rate, SAMPLE_RATE)
        samples = samples / np.max(np.abs(samples)) * PEAK_LEVEL
        padding = np.zeros(int(PADDING_S * SAMPLE_RATE), dtype=np.float32)
        samples = np.concatenate([padding, samples, padding])
        samples = samples + NOISE_FLOOR * np.random.default_rng(0).standard_normal(len(samples))
        return (np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes()

    def recognize(self, samples: np.ndarray, rate: int) -> Optional[Recognition]:
        """The command in `samples` (float mono or 2-D frames x channels), or None."""
        started = time.perf_counter()
        samples = np.asarray(samples, dtype=np.float32)
        if samples.ndim == 2:
            samples = samples.mean(axis=1)
        if len(samples) == 0 or not np.any(samples):
            return None
        pcm = self.prepare(samples, rate)
        with self._lock:
            self._decoder.start_utt()
            self._decoder.process_raw(pcm, full_utt=True)
            self._decoder.end_utt()
            hypothesis = self._decoder.hyp()
        words = hypothesis.hypstr.split() if hypothesis else []
        phrase = " ".join(word.split("(")[0] for word in words)  # "help(2)" -> "help"
        if phrase not in self.commands:
            return None
        return Recognition(phrase, self.commands[phrase], time.perf_counter() - started)

    def recognize_file(self, path: Union[str, Path]) -> Optional[Recognition]:
        samples, rate = read_wav(path)
        return self.recognize(samples, rate)
