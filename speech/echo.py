"""Takes the assistant's own, known audio out of the microphone signal.

While a countdown plays, the microphone hears it too, and a person's "stop" said over it
merges with the numbers into one utterance that no command fits. But the session knows
exactly what it plays and when it started, so it can subtract it: the echo is modelled as
the played samples delayed and filtered (a loudspeaker a little away from the microphone, a
sound server resampling on the way).
- The delay is found by cross-correlating the last second heard with the reference within
  `MAX_DELAY_S` either side of where the clock says it should be (a playback clock stamped a
  little late puts the sound in the microphone before it), and found again every
  `REALIGN_S` around the last estimate: a sound server starved of data (a loaded machine)
  plays silence until it comes, and everything after is heard later.
- A short filter around that delay (`TAPS`: a fraction of a sample, a gain) is fitted by
  least squares over a sliding window, and the filtered reference is removed from each block.
- Subtraction leaves the countdown ~25 dB down, and with nothing to mask it (a quiet room,
  virtual devices) the VAD and the level-normalising classifier still heard every number in
  it, "twelve" once as "help". So a block whose remainder is far below the echo removed from
  it (`RESIDUAL_DB`) holds nothing but leftover echo and is silenced; a person talking over
  the countdown is within a few dB of it, not 15 below.
A room's reverberation is not modelled (a real acoustic echo canceller, e.g. PulseAudio's
`module-echo-cancel`, does that).
"""
from __future__ import annotations

from typing import Optional

import numpy as np

SAMPLE_RATE = 16000
MAX_DELAY_S = 0.3
ALIGN_S = 1.0  # the stretch of sound the delay is estimated on
REALIGN_S = 0.5  # how often it is estimated again
# An estimate is taken only when the echo explains the stretch this well (normalised
# correlation): not over silence, nor while the person's voice dominates; and it replaces the
# last one only when it explains it clearly better.
MIN_CORRELATION, BETTER_BY = 0.3, 0.1
FILTER_WINDOW_S = 0.5  # the filter follows the echo over about this long
# Samples of the reference around the delay the filter may mix: a sound server resampling
# (22.05 -> 48 -> 16 kHz) shifts it by a fraction of a sample, which one tap cannot follow
# in the sibilants (a third of a sample is 50 degrees at 7 kHz).
TAPS = 9
# A block whose remainder after subtraction is at least this far below the echo taken out of
# it is leftover echo, and silenced. Through PulseAudio the countdown's remainder sat 20-30 dB
# down; a person speaking over it at the same level is ~0 dB.
RESIDUAL_DB = -15.0
_LAG, _SPAN = int(MAX_DELAY_S * SAMPLE_RATE), int(ALIGN_S * SAMPLE_RATE)


class EchoCanceller:
    def __init__(self):
        self.reference: Optional[np.ndarray] = None
        self.start = 0  # stream sample at which the reference started playing (by the clock)
        self.delay: Optional[int] = None  # samples after `start` the microphone hears it (may be < 0)
        self._recent = np.zeros(0, dtype=np.float32)  # the last samples heard, for alignment
        self._recent_end = 0  # stream sample just after them
        self._next_align = 0
        self._reset_filter()

    def _reset_filter(self) -> None:
        self._correlation = np.zeros((TAPS, TAPS))  # of the reference's taps, decayed over FILTER_WINDOW_S
        self._cross = np.zeros(TAPS)  # of the taps with the microphone

    def play(self, samples: np.ndarray, start_sample: int) -> None:
        """The session starts playing `samples` (16 kHz) at stream sample `start_sample`."""
        self.reference = np.asarray(samples, dtype=np.float32)
        self.start, self.delay = int(start_sample), None
        self._next_align = self.start + _SPAN + _LAG  # a second of echo heard, however early it came
        self._reset_filter()

    def stop(self) -> None:
        self.reference = None

    def _reference_from(self, index: int, length: int) -> np.ndarray:
        """reference[index: index + length], silence outside it."""
        out = np.zeros(length, dtype=np.float32)
        lo, hi = max(0, index), min(len(self.reference), index + length)
        if hi > lo:
            out[lo - index: hi - index] = self.reference[lo:hi]
        return out

    def _align(self) -> None:
        """Estimate the delay on the last ALIGN_S heard (kept when the echo does not explain it)."""
        heard = self._recent[-_SPAN:]
        first = self._recent_end - len(heard)
        around = self.delay or 0
        low, high = around - _LAG, around + _LAG
        # reference[first - start - delay + i] is heard at stream sample first + i
        candidates = self._reference_from(first - self.start - high, len(heard) + high - low)
        if float(heard @ heard) < 1e-8 or float(candidates @ candidates) < 1e-6:
            return
        from scipy.signal import fftconvolve

        scores = fftconvolve(candidates, heard[::-1], mode="valid")  # index j: delay high - j
        energy = fftconvolve(candidates ** 2, np.ones(len(heard)), mode="valid")
        normalised = np.abs(scores) / np.sqrt(np.maximum(energy, 1e-12) * float(heard @ heard))
        best = int(np.argmax(normalised))
        current = normalised[high - self.delay] if self.delay is not None else 0.0
        if normalised[best] >= max(MIN_CORRELATION, current + BETTER_BY):
            self.delay = high - best
            self._reset_filter()

    def process(self, block: np.ndarray, first_sample: int) -> np.ndarray:
        """The microphone block starting at stream sample `first_sample`, echo removed."""
        block = np.asarray(block, dtype=np.float32)
        self._recent = np.concatenate([self._recent, block])[-_SPAN:]
        self._recent_end = first_sample + len(block)
        if self.reference is None:
            return block
        if self._recent_end >= self._next_align:
            self._align()
            self._next_align = self._recent_end + int(REALIGN_S * SAMPLE_RATE)
        if self.delay is None:
            return block
        if first_sample - self.start - self.delay > len(self.reference):
            self.stop()
            return block
        half = TAPS // 2
        around = self._reference_from(first_sample - self.start - self.delay - half, len(block) + 2 * half)
        if float(around @ around) <= 1e-6:
            return block
        taps = np.lib.stride_tricks.sliding_window_view(around, TAPS)  # (samples, TAPS)
        keep = 1.0 - len(block) / (FILTER_WINDOW_S * SAMPLE_RATE)
        self._correlation = keep * self._correlation + taps.T @ taps
        self._cross = keep * self._cross + taps.T @ block
        ridge = 1e-3 * np.trace(self._correlation) / TAPS + 1e-9
        echo = (taps @ np.linalg.solve(self._correlation + ridge * np.eye(TAPS), self._cross)).astype(np.float32)
        residual = block - echo
        if float(residual @ residual) < float(echo @ echo) * 10 ** (RESIDUAL_DB / 10):
            return np.zeros_like(residual)  # nothing but what is left of the echo
        return residual
