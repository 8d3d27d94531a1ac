"""Paced count for an exercise: reps and holds, each word on its whole second.

One rep of a move with a 5-second hold sounds like "one … hold, two, three, four, five,
release …", and the next rep begins after the relax: "two … hold, …". Rep k (from 0) starts
at `count_start + k * rep_seconds`; its number is said there, "hold" one second later, the
hold's seconds two..N on the following seconds, "release" when the hold ends. After the last
rep's relax comes the end cue. This matches the hold contract's exercise payload (`reps`,
`rep_seconds`, `hold_seconds`, total `seconds = reps * rep_seconds`), so a client's ring and
this audio count the same seconds.

Words are made and placed like the hold countdown's (`speech.countdown`): each word is
synthesized once, trimmed, shortened to fit its second, and copied onto its second's sample.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import numpy as np

from speech import settings
from speech.countdown import GAP_AFTER_CUE_S, _word_samples
from speech.speakable import number_words
from speech.wavtools import write_wav

LAYOUT_VERSION = 1  # bump when the layout changes, so cached counts are rebuilt
CUES = ("Get ready.", "And relax. That's the set.")
HOLD_WORD, RELEASE_WORD = "hold", "release"
MAX_REPS = 30
MAX_HOLD_SECONDS = 60


@dataclass
class ExerciseCountAudio:
    path: Path
    reps: int
    hold_seconds: int
    rep_seconds: int
    duration_s: float
    count_start_s: float  # when the first rep's number starts (the clock starts here)
    onsets_s: List[float]  # when each counted word starts (seconds from the file's start)
    words: List[str]  # the counted words, in order
    end_onset_s: float  # when the end cue starts
    extra: Dict[str, float] = field(default_factory=dict)


def count_marks(reps: int, hold_seconds: int, rep_seconds: int) -> List[Tuple[int, str]]:
    """(second after the count starts, word) for every counted word."""
    marks: List[Tuple[int, str]] = []
    for rep in range(reps):
        start = rep * rep_seconds
        marks.append((start, number_words(rep + 1)))
        marks.append((start + 1, HOLD_WORD))
        marks += [(start + 1 + second, number_words(second + 1)) for second in range(1, hold_seconds)]
        marks.append((start + 1 + hold_seconds, RELEASE_WORD))
    return marks


def check_dose(reps: int, hold_seconds: int, rep_seconds: int) -> None:
    if not 1 <= reps <= MAX_REPS:
        raise ValueError(f"an exercise has 1 to {MAX_REPS} reps, not {reps}")
    if not 1 <= hold_seconds <= MAX_HOLD_SECONDS:
        raise ValueError(f"a hold lasts 1 to {MAX_HOLD_SECONDS} seconds, not {hold_seconds}")
    if rep_seconds < hold_seconds + 2:
        raise ValueError("a rep needs a second for its number and one for 'release' around the hold")


def _cache_file(key_parts: list) -> Path:
    key = hashlib.sha256(json.dumps([LAYOUT_VERSION] + key_parts).encode()).hexdigest()
    return settings.load().cache_dir / "exercise-counts" / f"exercise-{key[:24]}.wav"


def exercise_count_wav(reps: int, hold_seconds: int, rep_seconds: int, rate: Optional[int] = None,
                       voice: Optional[str] = None, cues: Optional[Tuple[str, str]] = None) -> ExerciseCountAudio:
    """The paced count of one exercise, built once and cached."""
    reps, hold_seconds, rep_seconds = int(reps), int(hold_seconds), int(rep_seconds)
    check_dose(reps, hold_seconds, rep_seconds)
    config = settings.load()
    rate, voice = int(rate or config.rate), voice or config.voice
    cues = tuple(cues or CUES)
    path = _cache_file([reps, hold_seconds, rep_seconds, rate, voice, cues])
    sidecar = path.with_suffix(".json")
    if path.exists() and sidecar.exists():
        return ExerciseCountAudio(path=path, **json.loads(sidecar.read_text()))

    start_cue, sample_rate = _word_samples(cues[0], rate, voice, max_s=60)
    end_cue, _ = _word_samples(cues[1], rate, voice, max_s=60)
    marks = count_marks(reps, hold_seconds, rep_seconds)
    samples = {word: _word_samples(word, rate, voice)[0] for _, word in marks}
    count_start = round(len(start_cue) / sample_rate + GAP_AFTER_CUE_S, 3)
    seconds = reps * rep_seconds

    def at(t: float) -> int:
        return int(round(t * sample_rate))

    buffer = np.zeros(at(count_start + seconds) + len(end_cue), dtype=np.float32)
    placed = [(0.0, start_cue)] + [(count_start + s, samples[w]) for s, w in marks]
    placed.append((count_start + seconds, end_cue))
    for t, word in placed:
        buffer[at(t): at(t) + len(word)] = word
    write_wav(path, buffer, sample_rate)
    audio = ExerciseCountAudio(
        path=path, reps=reps, hold_seconds=hold_seconds, rep_seconds=rep_seconds,
        duration_s=len(buffer) / sample_rate, count_start_s=count_start,
        onsets_s=[at(count_start + s) / sample_rate for s, _ in marks], words=[w for _, w in marks],
        end_onset_s=at(count_start + seconds) / sample_rate,
        extra={"start_cue_s": len(start_cue) / sample_rate, "end_cue_s": len(end_cue) / sample_rate})
    meta = asdict(audio)
    meta.pop("path")
    sidecar.write_text(json.dumps(meta))
    return audio


def exercise_count_for(hold: Dict, rate: Optional[int] = None, voice: Optional[str] = None) -> ExerciseCountAudio:
    """The count for an exercise hold payload (`reps`, `hold_seconds`, `rep_seconds`, `cues`)."""
    cues = hold.get("cues") or {}
    start = cues.get("start") or CUES[0]
    end = cues.get("end") or CUES[1]
    return exercise_count_wav(hold["reps"], hold["hold_seconds"], hold["rep_seconds"], rate=rate,
                              voice=voice, cues=(start, end))
