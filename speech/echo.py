"""Takes the assistant's own, known audio out of the microphone signal.

While a countdown plays, the microphone hears it too, and a person's "stop" said over it
merges with the numbers into one utterance that no command fits. But the session knows
exactly what it plays and when it started, so it can subtract it: the echo is modelled as
the played samples delayed and scaled (a loudspeaker a little away from the microphone).
The delay is found once by cross-correlation over the first second of played sound (within
`MAX_DELAY_S` of where the clock says it should be), the gain by least squares over a sliding
window, and `gain x reference` is removed from every block. A room's reverberation is not
modelled (a real acoustic echo canceller, e.g. PulseAudio's `module-echo-cancel`, does that).
"""
from __future__ import annotations

from typing import Optional

import numpy as np

SAMPLE_RATE = 16000
MAX_DELAY_S = 0.3
ALIGN_S = 1.0  # played sound needed before the delay is estimated
GAIN_WINDOW_S = 0.5


class EchoCanceller:
    def __init__(self):
        self.reference: Optional[np.ndarray] = None
        self.start = 0  # stream sample at which the reference started playing (by the clock)
        self.delay: Optional[int] = None
        self._mic = np.zeros(0, dtype=np.float32)  # recent microphone samples, for alignment
        self._mic_start = 0
        self._gain = 0.0

    def play(self, samples: np.ndarray, start_sample: int) -> None:
        """The session starts playing `samples` (16 kHz) at stream sample `start_sample`."""
        self.reference = np.asarray(samples, dtype=np.float32)
        self.start, self.delay, self._gain = int(start_sample), None, 0.0
        self._mic, self._mic_start = np.zeros(0, dtype=np.float32), int(start_sample)

    def stop(self) -> None:
        self.reference = None

    def _reference_at(self, first: int, length: int) -> np.ndarray:
        """The reference as heard at stream samples [first, first + length)."""
        out = np.zeros(length, dtype=np.float32)
        begin = first - self.start - (self.delay or 0)
        lo, hi = max(0, begin), min(len(self.reference), begin + length)
        if hi > lo:
            out[lo - begin: hi - begin] = self.reference[lo:hi]
        return out

    def _align(self) -> None:
        lag = int(MAX_DELAY_S * SAMPLE_RATE)
        span = int(ALIGN_S * SAMPLE_RATE)
        reference = self.reference[:span]
        if np.max(np.abs(reference), initial=0) < 1e-3:
            return  # nothing audible played yet
        from scipy.signal import fftconvolve

        heard = self._mic[: span + lag]
        scores = fftconvolve(heard, reference[::-1], mode="valid")
        self.delay = max(0, int(np.argmax(np.abs(scores))) + self._mic_start - self.start)

    def process(self, block: np.ndarray, first_sample: int) -> np.ndarray:
        """The microphone block starting at stream sample `first_sample`, echo removed."""
        block = np.asarray(block, dtype=np.float32)
        if self.reference is None or first_sample + len(block) <= self.start:
            return block
        if self.delay is None:
            if not len(self._mic):
                self._mic_start = first_sample
            self._mic = np.concatenate([self._mic, block])
            if len(self._mic) >= int((ALIGN_S + MAX_DELAY_S) * SAMPLE_RATE):
                self._align()
            if self.delay is None:
                return block
        if first_sample - self.start - self.delay > len(self.reference):
            self.stop()
            return block
        echo = self._reference_at(first_sample, len(block))
        power = float(echo @ echo)
        if power > 1e-6:
            window = GAIN_WINDOW_S * SAMPLE_RATE / len(block)
            estimate = float(block @ echo) / power
            self._gain += (min(max(estimate, 0.0), 4.0) - self._gain) / max(1.0, window / 4)
        return block - self._gain * echo
