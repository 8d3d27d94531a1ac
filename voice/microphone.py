"""Live commands from a microphone: sounddevice input, a simple energy gate, pocketsphinx.

Audio is read at 16 kHz mono in 30 ms blocks. An utterance starts when a block is clearly
louder than the room's noise floor (tracked while quiet) and ends after 0.6 s of quiet or
at 4 s; it is then recognised against the command grammar. What the microphone hears while
the session itself is speaking (not counting) is dropped, so the bot never answers itself.
Needs `sounddevice` and PortAudio (Debian `libportaudio2`).
"""
from __future__ import annotations

import threading
from typing import Callable, List, Optional

import numpy as np

from speech.recognizer import SAMPLE_RATE, CommandRecognizer
from voice.listen import Heard

BLOCK_S = 0.03
START_RATIO = 4.0  # block RMS over the noise floor that starts an utterance
END_QUIET_S = 0.6
MAX_UTTERANCE_S = 4.0
MIN_UTTERANCE_S = 0.2


class Microphone:
    def __init__(self, recognizer: CommandRecognizer, muted: Optional[threading.Event] = None):
        import sounddevice

        self.sd = sounddevice
        self.recognizer = recognizer
        self.muted = muted or threading.Event()
        self.noise_floor = 0.005
        self._blocks: List[np.ndarray] = []
        self._quiet_s = 0.0
        self._stream = None
        self._deliver: Optional[Callable] = None

    def start(self, deliver: Callable) -> None:
        """Start listening; `deliver(Heard)` is called for every recognised command."""
        self._deliver = deliver
        self._stream = self.sd.InputStream(samplerate=SAMPLE_RATE, channels=1, dtype="float32",
                                           blocksize=int(SAMPLE_RATE * BLOCK_S), callback=self._on_block)
        self._stream.start()

    def stop(self) -> None:
        if self._stream is not None:
            self._stream.stop()
            self._stream.close()
            self._stream = None

    def _on_block(self, indata, frames, time_info, status) -> None:
        block = indata[:, 0].copy()
        if self.muted.is_set():
            self._blocks, self._quiet_s = [], 0.0
            return
        rms = float(np.sqrt(np.mean(block ** 2)) + 1e-9)
        loud = rms > self.noise_floor * START_RATIO
        if not self._blocks:
            if loud:
                self._blocks, self._quiet_s = [block], 0.0
            else:  # follow the room's noise slowly
                self.noise_floor = 0.95 * self.noise_floor + 0.05 * rms
            return
        self._blocks.append(block)
        self._quiet_s = 0.0 if loud else self._quiet_s + BLOCK_S
        length = len(self._blocks) * BLOCK_S
        if self._quiet_s >= END_QUIET_S or length >= MAX_UTTERANCE_S:
            utterance, self._blocks = np.concatenate(self._blocks), []
            if length - self._quiet_s >= MIN_UTTERANCE_S:
                # Recognise off the audio callback thread (it must return quickly).
                threading.Thread(target=self._recognise, args=(utterance,), daemon=True).start()

    def _recognise(self, utterance: np.ndarray) -> None:
        recognition = self.recognizer.recognize(utterance, SAMPLE_RATE)
        if recognition is not None and self._deliver is not None:
            self._deliver(Heard(recognition.phrase, recognition.message, "microphone",
                                interrupts=recognition.interrupts))
