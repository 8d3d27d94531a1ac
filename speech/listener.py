"""Commands from a live stream: the VAD cuts utterances, the recogniser decides on each.

`StreamListener.feed(samples, rate)` takes audio as it arrives (any block size, any rate)
and returns what each completed utterance was: a command, or a rejection (speech that was
not one; the caller may ask "say that again?"). A "stop", "pause" or "help" heard only at the
stopping phrases' low threshold (`Heard.mid_hold_only`) stops a running hold, but between
turns it is no answer. Speech cut at the VAD's maximum length
(background talk that never pauses) is ignored silently, and so is speech cut out of the
room's talk (`speech.room`) that is not a command. Noise the VAD does not call speech never
reaches the decoder, and what the session itself is playing is subtracted first
(`speech.echo`). With `record_to` (SCALENE_MIC_RECORD) the stream and what was played are
written down for replaying (`speech.recording`). Used by the sound-card microphone
(`voice.microphone`) and the web widget's microphone socket (`channels.web_voice`).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

import numpy as np

from speech.echo import EchoCanceller
from speech.recording import MicRecording
from speech.recognizer import INTERRUPTING, CommandRecognizer
from speech.vad import SAMPLE_RATE, Segmenter
from speech.wavtools import resample


@dataclass
class Heard:
    phrase: Optional[str]  # the grammar phrase, None when the utterance was rejected
    message: Optional[str]  # what the bot is sent
    confidence: float
    start_s: float  # stream time of the speech
    end_s: float
    decided_s: float  # stream time at which the utterance was closed and decided
    mid_hold_only: bool = False  # only sure enough to stop a hold (`speech.recognizer.Hearing`)
    over_talk: bool = False  # cut out of the room's talk: when it is no answer, nobody is asked again

    @property
    def rejected(self) -> bool:
        return self.phrase is None

    @property
    def answers(self) -> bool:
        """A command to act on between turns (while no hold runs)."""
        return not self.rejected and not self.mid_hold_only

    @property
    def ask_again(self) -> bool:
        """Between turns, worth a "say that again?"."""
        return not self.answers and not self.over_talk

    @property
    def interrupts(self) -> bool:
        return self.phrase in INTERRUPTING


class StreamListener:
    def __init__(self, recognizer: CommandRecognizer, segmenter: Optional[Segmenter] = None,
                 record_to: Optional[Path] = None):
        self.recognizer = recognizer
        self.segmenter = segmenter or recognizer.segmenter()
        self.echo = EchoCanceller()  # told by the session what it plays (`playing`)
        self.recording = MicRecording(record_to) if record_to else None
        self.position = 0  # stream samples heard so far (16 kHz)
        self._lock = threading.Lock()

    def playing(self, samples: np.ndarray, rate: int, start_sample: Optional[int] = None) -> None:
        """The session starts playing `samples` now (or at stream sample `start_sample`):
        take it out of what the microphone hears."""
        samples = resample(np.asarray(samples, dtype=np.float32), rate, SAMPLE_RATE)
        start = self.position if start_sample is None else start_sample
        if self.recording is not None:
            self.recording.played(samples, start)
        self.echo.play(samples, start)

    def close(self) -> None:
        """The stream is over (a recording is finished)."""
        if self.recording is not None:
            self.recording.close()

    def stopped_playing(self) -> None:
        if self.recording is not None:
            self.recording.stopped(self.position)
        self.echo.stop()

    def reset(self) -> None:
        """Forget any half-heard utterance (after the assistant spoke, or a new stream)."""
        with self._lock:
            self.segmenter.reset()

    @property
    def in_speech(self) -> bool:
        return self.segmenter.in_speech

    def feed(self, samples: np.ndarray, rate: int = SAMPLE_RATE) -> List[Heard]:
        samples = np.asarray(samples, dtype=np.float32)
        if samples.ndim == 2:
            samples = samples.mean(axis=1)
        with self._lock:
            samples = resample(samples, rate, SAMPLE_RATE)
            if self.recording is not None:
                self.recording.heard(samples)
            samples = self.echo.process(samples, self.position)
            self.position += len(samples)
            utterances = [u for u in self.segmenter.feed(samples) if u is not None]
        heard = []
        for utterance in utterances:
            if utterance.background:
                continue  # a TV or people talking without a pause: not said to us, never "say that again"
            hearing = self.recognizer.hear_utterance(utterance)
            if (utterance.after_spot or utterance.over_talk) and not hearing.accepted:
                continue  # said over the room's talk (or its rest after a command): nothing to ask again about
            phrase = hearing.phrase if hearing.accepted else None
            heard.append(Heard(phrase, self.recognizer.commands.get(phrase) if phrase else None,
                               hearing.confidence, utterance.start_s, utterance.end_s, utterance.closed_s,
                               hearing.mid_hold_only, bool(utterance.after_spot or utterance.over_talk)))
        return heard
