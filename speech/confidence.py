"""Is what the grammar heard really a command? Confidence from the decoder, and the rejection model.

A closed grammar always finds its nearest phrase, so the recogniser decodes each utterance
twice: once through the command grammar and once through a free phone loop (pocketsphinx's
allphone search, which can follow any speech). From the two paths and the VAD's speech
bounds come a few numbers that tell a real command from chatter or noise:

- how much better the free phone loop explains the speech than the grammar path does (per frame);
- how far the phones the loop heard are from the command's pronunciation (edit distance);
- how much of the speech the grammar's words cover, how much silence it had to put inside
  them and how far its words start and end from the speech (a short command "heard" inside
  a long sentence leaves most of it to silence);
- the worst single word's score against the loop, the length of the command in phones and
  how long each phone lasted.

A logistic regression over these and their pairwise products (a short command in noise
looks unlike a long one in noise; the products let one model tell both), fitted by `bench.speech_tune` on the *tuning* set only
(voices, noises and out-of-grammar phrases the test set never uses), gives the probability
that the heard phrase is what was said; below the tuned threshold the utterance is rejected.
Its coefficients and threshold live in `speech/rejection.json`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

MODEL_FILE = Path(__file__).with_name("rejection.json")
FEATURES = ["grammar_vs_loop", "phone_distance", "frames_per_phone", "phones", "worst_word",
            "loop_phone_ratio", "coverage", "inner_silence", "edge_offset"]

# (word, log acoustic score, first frame, last frame) for each segment of a decoded path.
Segment = Tuple[str, int, int, int]


def is_filler(word: str) -> bool:
    return word.startswith("<") or word.startswith("[") or word == "(NULL)" or word == "SIL" \
        or word.startswith("+")


def edit_distance(a: Sequence[str], b: Sequence[str]) -> int:
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        previous, row[0] = row[:], i
        for j in range(1, len(b) + 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] != b[j - 1]))
    return row[len(b)]


def features(words: List[Segment], loop: List[Segment], pronunciation: List[str],
             speech_first: int, speech_last: int) -> Optional[Dict[str, float]]:
    """The confidence features of one decoded utterance (None when the grammar heard no word).

    `words`: the grammar path's segments (fillers included); `loop`: the phone loop's;
    `speech_first`/`speech_last`: the frames where the VAD found speech.
    """
    spoken = [s for s in words if not is_filler(s[0])]
    if not spoken or not pronunciation:
        return None
    first, last = spoken[0][2], spoken[-1][3]
    frames = max(1, last - first + 1)
    grammar_score = sum(s[1] for s in spoken)
    loop_score = sum(p[1] for p in loop if p[2] >= first and p[3] <= last)
    loop_phones = [p[0] for p in loop if p[2] >= first - 3 and p[3] <= last + 3 and not is_filler(p[0])]
    worst = 0.0
    for word, score, start, end in spoken:
        against = sum(p[1] for p in loop if p[2] >= start and p[3] <= end)
        worst = min(worst, (score - against) / max(1, end - start + 1))
    speech_frames = max(1, speech_last - speech_first + 1)
    inner_silence = sum(s[3] - s[2] + 1 for s in words if is_filler(s[0]) and s[2] > first and s[3] < last)
    return {
        "grammar_vs_loop": (grammar_score - loop_score) / frames,
        "phone_distance": edit_distance(loop_phones, pronunciation) / len(pronunciation),
        "frames_per_phone": frames / len(pronunciation),
        "phones": float(len(pronunciation)),
        "worst_word": worst,
        "loop_phone_ratio": len(loop_phones) / len(pronunciation),
        "coverage": sum(s[3] - s[2] + 1 for s in spoken) / speech_frames,
        "inner_silence": float(inner_silence),
        "edge_offset": float(abs(first - speech_first) + abs(speech_last - last)),
    }


@dataclass
class RejectionModel:
    """Logistic regression over standardised features (and, at degree 2, every product of two
    of them: x1, ..., x1*x1, x1*x2, ...); accept when p >= threshold."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float
    stopping_threshold: float = 1.0  # for the phrases that stop a countdown (lower: safety first)
    note: str = ""
    degree: int = 1

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> Optional["RejectionModel"]:
        if not path.exists():
            return None
        data = json.loads(path.read_text())
        if data.get("features") != FEATURES:
            raise ValueError(f"{path} was fitted on other features; run python -m bench.speech_tune")
        return cls(np.array(data["mean"]), np.array(data["scale"]), np.array(data["coef"]),
                   float(data["intercept"]), float(data["threshold"]),
                   float(data.get("stopping_threshold", data["threshold"])), data.get("note", ""),
                   int(data.get("degree", 1)))

    def save(self, path: Path = MODEL_FILE) -> None:
        path.write_text(json.dumps({
            "features": FEATURES, "mean": self.mean.round(6).tolist(), "scale": self.scale.round(6).tolist(),
            "coef": self.coef.round(6).tolist(), "intercept": round(self.intercept, 6),
            "threshold": self.threshold, "stopping_threshold": self.stopping_threshold,
            "degree": self.degree, "note": self.note}, indent=1) + "\n")

    def accepts(self, phrase: str, probability: float, stopping: bool) -> bool:
        return probability >= (min(self.threshold, self.stopping_threshold) if stopping else self.threshold)

    def probability(self, values: Dict[str, float]) -> float:
        x = (np.array([values[name] for name in FEATURES]) - self.mean) / self.scale
        return float(1.0 / (1.0 + np.exp(-(expand(x, self.degree) @ self.coef + self.intercept))))


def expand(x: np.ndarray, degree: int) -> np.ndarray:
    """The standardised features, then (degree 2) their pairwise products in
    scikit-learn's PolynomialFeatures order, so a fitted regression's coefficients apply."""
    if degree == 1:
        return x
    rows = np.atleast_2d(x)
    upper = np.triu_indices(rows.shape[1])
    products = rows[:, upper[0]] * rows[:, upper[1]]
    out = np.concatenate([rows, products], axis=1)
    return out[0] if x.ndim == 1 else out
