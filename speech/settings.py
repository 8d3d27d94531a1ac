"""Speech settings read from the environment: voice, rate, cache folder, worker timeout.

| variable | default | what |
|---|---|---|
| SCALENE_VOICE | gmw/en-us | espeak-ng voice id (an English one; `espeak-ng --voices=en` lists them) |
| SCALENE_SPEECH_RATE | 160 | words per minute |
| SCALENE_SPEECH_CACHE | ROOT/var/speech-cache | synthesized WAVs, keyed by text, voice and rate |
| SCALENE_SPEECH_TIMEOUT | 20 | seconds one synthesis may take before the engine is restarted |
| SCALENE_VAD | silero | voice activity detector in front of the recogniser: silero or webrtcvad |
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Chosen explicitly: espeak-ng's own default depends on the machine's locale, not always English.
DEFAULT_VOICE = "gmw/en-us"
# A little slower than espeak's 175 wpm: instructions are followed with hands on the neck.
DEFAULT_RATE = 160
MIN_RATE, MAX_RATE = 80, 450


def _number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class SpeechSettings:
    voice: str
    rate: int
    cache_dir: Path
    timeout_s: float
    vad: str = "silero"


def load() -> SpeechSettings:
    """Current settings (read each time, so tests and tools can change the environment)."""
    rate = int(_number("SCALENE_SPEECH_RATE", DEFAULT_RATE))
    return SpeechSettings(
        voice=os.environ.get("SCALENE_VOICE", "").strip() or DEFAULT_VOICE,
        rate=min(max(rate, MIN_RATE), MAX_RATE),
        cache_dir=Path(os.environ.get("SCALENE_SPEECH_CACHE", ROOT / "var" / "speech-cache")),
        timeout_s=_number("SCALENE_SPEECH_TIMEOUT", 20.0),
        vad=os.environ.get("SCALENE_VAD", "").strip().lower() or "silero",
    )
