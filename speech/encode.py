"""Compressed copies of the spoken WAVs, for the web widget: Ogg Opus or MP3, cached.

A 16-bit 22 kHz WAV costs 44 kB per second; a two-minute rest countdown is over 5 MB, a
long wait on mobile data. Opus at 24 kbit/s (libsndfile through `soundfile`) is ~3 kB per
second of audio and keeps timing exact (Ogg's pre-skip tells the decoder where the audio
starts); MP3 at 32 kbit/s (LAME through `lameenc`) plays everywhere, Safari included. WAV
stays the fallback any browser can ask for. Encoded files sit next to their WAV, named by
its content hash, so a re-synthesised WAV never meets a stale copy.
"""
from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from typing import Dict

import numpy as np

from speech.wavtools import read_wav, resample, to_pcm16

FORMATS: Dict[str, str] = {"ogg": "audio/ogg; codecs=opus", "mp3": "audio/mpeg", "wav": "audio/wav"}
OPUS_RATE = 24000  # libsndfile's Opus takes 8/12/16/24/48 kHz; 24 kHz keeps all of espeak's band
OPUS_QUALITY = 0.95  # soundfile compression_level, 0 best .. 1 smallest: ~23 kbit/s for speech
MP3_KBPS = 32
_lock = threading.Lock()


def media_type(fmt: str) -> str:
    return FORMATS[fmt]


def encoded_path(wav: Path, fmt: str) -> Path:
    digest = hashlib.sha256(Path(wav).read_bytes()).hexdigest()[:16]
    return Path(wav).with_name(f"{Path(wav).stem}-{digest}.{fmt}")


def _write_opus(samples: np.ndarray, rate: int, path: Path) -> None:
    import soundfile

    soundfile.write(str(path), resample(samples, rate, OPUS_RATE), OPUS_RATE, format="OGG", subtype="OPUS",
                    compression_level=OPUS_QUALITY)


def _write_mp3(samples: np.ndarray, rate: int, path: Path) -> None:
    import lameenc

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(MP3_KBPS)
    encoder.set_in_sample_rate(rate)
    encoder.set_channels(1)
    encoder.set_quality(2)  # 2 = high quality, 7 = fastest
    path.write_bytes(bytes(encoder.encode(to_pcm16(samples))) + bytes(encoder.flush()))


def encode(wav: Path, fmt: str) -> Path:
    """`wav` itself for "wav"; otherwise its Ogg Opus or MP3 copy, made once."""
    if fmt not in FORMATS:
        raise ValueError(f"audio format must be one of {sorted(FORMATS)}, not {fmt!r}")
    if fmt == "wav":
        return Path(wav)
    path = encoded_path(wav, fmt)
    if path.exists():
        return path
    samples, rate = read_wav(wav)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.part")
    with _lock:  # libsndfile's and LAME's encoders are not known to be re-entrant
        (_write_opus if fmt == "ogg" else _write_mp3)(samples, rate, partial)
    os.replace(partial, path)
    return path
