"""The room's steady noise taken out of an utterance before the command classifier hears it.

A fan, traffic or people talking in the next room are in every frame, the person's words only
in some. The segmenter keeps the room as heard just before each utterance
(`speech.vad.Utterance.room`, up to 1 s with no speech in it), and spectral gating
(`noisereduce`, stationary mode: a frequency bin is kept where it rises well above that
noise's mean, and attenuated where it does not) removes it from the utterance. The classifier's
models were fitted on utterances as cut (not denoised); measured on the tuning side this
still helped, most over talk (README, "Hearing commands in a real room").

A silent room (digital silence: a generated clip, a muted input) leaves the utterance as it is.
"""
from __future__ import annotations

import numpy as np
import noisereduce

from speech.vad import SAMPLE_RATE

# The recogniser's default (`CommandRecognizer(denoise=...)`). False: the classifier hears
# utterances as cut, room noise included, as before 2026-12-01.
DENOISE = True
MIN_ROOM_S = 0.1  # less of the room than this says too little about its noise
SILENT_POWER = 1e-10  # mean power under which the room is silent (-100 dBFS)
FFT_SAMPLES = 512  # 32 ms, the length of a VAD frame


def without_room_noise(samples: np.ndarray, room: np.ndarray) -> np.ndarray:
    """`samples` with the steady noise of `room` (audio with no speech, heard just before) taken out."""
    if len(room) < MIN_ROOM_S * SAMPLE_RATE or float(np.mean(np.square(room))) < SILENT_POWER:
        return samples
    cleaned = noisereduce.reduce_noise(y=samples, sr=SAMPLE_RATE, y_noise=room, stationary=True,
                                       n_fft=FFT_SAMPLES)
    return cleaned.astype(np.float32)
