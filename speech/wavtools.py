"""WAV files as numpy arrays: read, write, trim silence, find where sounds start, resample.

Samples are mono float32 in [-1, 1]. Onset detection is what the countdown tests and the
benchmark use to measure, from the audio itself, when each spoken number starts.
"""
from __future__ import annotations

import os
import wave
from math import gcd
from pathlib import Path
from typing import List, Tuple, Union

import numpy as np

PathLike = Union[str, Path]
# Quieter than this, relative to the loudest sample, counts as silence (espeak's speech
# sits 30-40 dB above its own noise floor, which is digital zero).
SILENCE_DB = -40.0


def read_wav(path: PathLike) -> Tuple[np.ndarray, int]:
    """Mono float32 samples and the sample rate of a 16-bit PCM WAV (channels are averaged)."""
    with wave.open(str(path), "rb") as wav:
        rate, channels, width = wav.getframerate(), wav.getnchannels(), wav.getsampwidth()
        frames = wav.readframes(wav.getnframes())
    if width != 2:
        raise ValueError(f"{path}: only 16-bit PCM is supported, got {8 * width}-bit")
    samples = np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768.0
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    return samples, rate


def pcm16(samples: np.ndarray) -> np.ndarray:
    """Samples in [-1, 1] as 16-bit PCM values (clipped)."""
    return (np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2")


def to_pcm16(samples: np.ndarray) -> bytes:
    return pcm16(samples).tobytes()


def at_level(samples: np.ndarray, peak: float) -> np.ndarray:
    """Scaled so the loudest sample is `peak` (silence stays silence)."""
    return samples / (np.max(np.abs(samples)) or 1.0) * peak


def seeded_noise(length: int, level: float) -> np.ndarray:
    """The same faint hiss every time (seeded), for decoders that never saw digital zero."""
    return level * np.random.default_rng(0).standard_normal(length)


def write_wav(path: PathLike, samples: np.ndarray, rate: int) -> Path:
    """Write mono 16-bit PCM atomically (a reader never sees half a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    with wave.open(str(partial), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(to_pcm16(samples))
    os.replace(partial, path)
    return path


def duration_s(path: PathLike) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


def envelope(samples: np.ndarray, rate: int, window_ms: float = 5.0) -> np.ndarray:
    """Peak amplitude over a short trailing window: rises on the first loud sample."""
    from scipy.ndimage import maximum_filter1d

    width = max(1, int(rate * window_ms / 1000))
    # origin shifts the window to end at each sample, so the envelope never rises early.
    return maximum_filter1d(np.abs(samples), size=width, origin=(width - 1) // 2, mode="constant")


def loud_mask(samples: np.ndarray, rate: int, reference: float = 0.0,
              threshold_db: float = SILENCE_DB) -> np.ndarray:
    """True where the sound is louder than `threshold_db` below `reference` (default: the peak)."""
    peak = reference or float(np.max(np.abs(samples), initial=0.0))
    if peak <= 0:
        return np.zeros(len(samples), dtype=bool)
    return envelope(samples, rate) > peak * 10 ** (threshold_db / 20)


def trim_silence(samples: np.ndarray, rate: int, threshold_db: float = SILENCE_DB) -> np.ndarray:
    """The samples from the first to the last one louder than the threshold."""
    loud = np.flatnonzero(np.abs(samples) > np.max(np.abs(samples), initial=0.0) * 10 ** (threshold_db / 20))
    if len(loud) == 0:
        return samples[:0]
    return samples[loud[0]: loud[-1] + 1]


def onsets(samples: np.ndarray, rate: int, threshold_db: float = SILENCE_DB,
           min_silence_ms: float = 150.0) -> List[float]:
    """Seconds at which a sound starts after at least `min_silence_ms` of silence.

    Gaps inside a word (a stop consonant, a comma) are shorter than the default, so each
    word or phrase counts once.
    """
    loud = loud_mask(samples, rate, threshold_db=threshold_db)
    starts = np.flatnonzero(loud[1:] & ~loud[:-1]) + 1
    if len(loud) and loud[0]:
        starts = np.concatenate([[0], starts])
    ends = np.flatnonzero(~loud[1:] & loud[:-1]) + 1
    min_gap = int(rate * min_silence_ms / 1000)
    found: List[float] = []
    last_end = None
    for start in starts:
        if last_end is None or start - last_end >= min_gap:
            found.append(start / rate)
        later_ends = ends[ends > start]
        last_end = later_ends[0] if len(later_ends) else len(loud)
    return found


def sound_end(samples: np.ndarray, rate: int, threshold_db: float = SILENCE_DB) -> float:
    """Seconds at which the last sound ends."""
    loud = np.flatnonzero(loud_mask(samples, rate, threshold_db=threshold_db))
    return (loud[-1] + 1) / rate if len(loud) else 0.0


def resample(samples: np.ndarray, rate: int, target_rate: int) -> np.ndarray:
    """Band-limited resampling (scipy's polyphase filter; scipy comes with Rasa)."""
    if rate == target_rate:
        return samples
    from scipy.signal import resample_poly

    common = gcd(rate, target_rate)
    return resample_poly(samples, target_rate // common, rate // common).astype(np.float32)


def speed_up(samples: np.ndarray, factor: float) -> np.ndarray:
    """Shorten by `factor` (> 1) by resampling; raises the pitch a little, used only as a
    last resort when re-synthesizing faster was not enough."""
    if factor <= 1.0:
        return samples
    positions = np.arange(0, len(samples) - 1, factor)
    return np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)
