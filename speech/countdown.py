"""Paced countdown audio: each number starts exactly on its one-second mark.

A hold of N seconds sounds like: its start cue ("Press gently and hold."), then "N", "N-1",
... "one", each starting on a whole second after the countdown start, then its end cue ("And
release.") at N s. The cues are the hold payload's (`cues.start`, `cues.end`; their wording
lives in domain.yml): this module has no wording of its own, and without cues it counts
the numbers only. Speech engines do not keep time, so the audio is assembled: every word
is synthesized once (cached), trimmed to its sound, and copied into a silent buffer at the
sample where its second begins. A word too long for its second is
re-synthesized faster (pitch stays natural), and only squeezed as a last resort.
Long rests (over 30 s) are announced every 30 s and counted each second for the last 10.
The finished countdown is cached too.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Tuple, Union

import numpy as np

from speech import settings
from speech.speakable import number_words
from speech.synth import synthesize
from speech.wavtools import read_wav, speed_up, trim_silence, write_wav

LAYOUT_VERSION = 3  # bump when the layout changes, so cached countdowns are rebuilt
Cues = Union[Mapping[str, str], Tuple[str, str], None]
# A word may fill at most this much of its second, so a silence always separates numbers.
MAX_WORD_S = 0.8
GAP_AFTER_CUE_S = 0.4
EVERY_SECOND_UP_TO = 30
LAST_SECONDS_COUNTED = 10


@dataclass
class CountdownAudio:
    path: Path
    seconds: int
    kind: str
    duration_s: float
    count_start_s: float  # when the first number starts (the countdown's clock starts here)
    onsets_s: List[float]  # when each spoken number starts (seconds from the file's start)
    words: List[str]  # the number words, in the order spoken
    release_onset_s: float  # when the end cue starts (N s after the first number)
    cue_s: float = 0.0  # when the start cue starts
    extra: Dict[str, float] = field(default_factory=dict)


def spoken_marks(seconds: int) -> List[Tuple[int, str]]:
    """(second after the countdown start, word) for each number that is said."""
    marks = []
    for elapsed in range(seconds):
        remaining = seconds - elapsed
        if seconds <= EVERY_SECOND_UP_TO or remaining <= LAST_SECONDS_COUNTED:
            marks.append((elapsed, number_words(remaining)))
        elif remaining % 30 == 0:
            minutes, _ = divmod(remaining, 60)
            word = ("one minute" if remaining == 60 else f"{number_words(minutes)} minutes"
                    if remaining % 60 == 0 else f"{number_words(remaining)} seconds")
            marks.append((elapsed, word))
    return marks


def _word_samples(word: str, rate: int, voice: str, target_rate: Optional[int] = None,
                  max_s: float = MAX_WORD_S) -> Tuple[np.ndarray, int]:
    """A word's trimmed samples, no longer than `max_s` (re-synthesized faster if needed)."""
    speak_rate = rate
    for _ in range(3):
        samples, sample_rate = read_wav(synthesize(word, rate=speak_rate, voice=voice, make_speakable=False))
        samples = trim_silence(samples, sample_rate)
        length = len(samples) / sample_rate
        if length <= max_s:
            return samples, sample_rate
        speak_rate = min(settings.MAX_RATE, int(speak_rate * length / max_s * 1.05) + 1)
    return speed_up(samples, length / max_s * 1.01), sample_rate


def _cache_file(seconds: int, kind: str, rate: int, voice: str, cues: Tuple[str, str]) -> Path:
    key = hashlib.sha256(json.dumps([LAYOUT_VERSION, seconds, kind, rate, voice, cues]).encode()).hexdigest()
    return settings.load().cache_dir / "countdowns" / f"{kind}-{seconds}s-{key[:20]}.wav"


def cue_pair(cues: Cues) -> Tuple[str, str]:
    """(start, end) from a payload's `{"start", "end"}` or a pair; blanks where there is none."""
    if isinstance(cues, Mapping):
        cues = (cues.get("start"), cues.get("end"))
    start, end = cues or ("", "")
    return str(start or "").strip(), str(end or "").strip()


def _cue_samples(cue: str, rate: int, voice: str) -> Tuple[np.ndarray, Optional[int]]:
    if not cue:
        return np.zeros(0, dtype=np.float32), None
    return _word_samples(cue, rate, voice, max_s=60)


def countdown_wav(seconds: int, kind: str = "hold", rate: Optional[int] = None,
                  voice: Optional[str] = None, cues: Cues = None) -> CountdownAudio:
    """The countdown for a timed step (`kind`: hold, rest, ...) of `seconds`, built once and cached.

    `cues` are said before the first number and at the end (a hold payload's `cues`).
    """
    if not kind.isidentifier():
        raise ValueError(f"kind must be a plain word, not {kind!r}")
    if not 1 <= int(seconds) <= 3600:
        raise ValueError(f"a countdown lasts 1 to 3600 seconds, not {seconds}")
    config = settings.load()
    seconds, rate, voice = int(seconds), int(rate or config.rate), voice or config.voice
    cues = cue_pair(cues)
    path = _cache_file(seconds, kind, rate, voice, cues)
    sidecar = path.with_suffix(".json")
    if path.exists() and sidecar.exists():
        meta = json.loads(sidecar.read_text())
        return CountdownAudio(path=path, **meta)

    marks = spoken_marks(seconds)
    words = {}
    for _, word in marks:
        words[word], sample_rate = _word_samples(word, rate, voice)
    start_cue, _ = _cue_samples(cues[0], rate, voice)
    end_cue, _ = _cue_samples(cues[1], rate, voice)

    count_start = round(len(start_cue) / sample_rate + GAP_AFTER_CUE_S, 3)

    def at(t: float) -> int:  # seconds -> sample index
        return int(round(t * sample_rate))

    total = at(count_start + seconds) + len(end_cue)
    buffer = np.zeros(total, dtype=np.float32)
    buffer[: len(start_cue)] = start_cue
    onsets = []
    for elapsed, word in marks:
        begin = at(count_start + elapsed)
        buffer[begin: begin + len(words[word])] = words[word]
        onsets.append(begin / sample_rate)
    release = at(count_start + seconds)
    buffer[release: release + len(end_cue)] = end_cue

    write_wav(path, buffer, sample_rate)
    audio = CountdownAudio(path=path, seconds=seconds, kind=kind, duration_s=total / sample_rate,
                           count_start_s=count_start, onsets_s=onsets, words=[w for _, w in marks],
                           release_onset_s=release / sample_rate,
                           extra={"start_cue_s": len(start_cue) / sample_rate,
                                  "end_cue_s": len(end_cue) / sample_rate})
    meta = asdict(audio)
    meta.pop("path")
    sidecar.write_text(json.dumps(meta))
    return audio
