"""Which command was said, from Google's speech embedding: a closed-set classifier with a
class for "not a command".

The embedding model (`speech_embedding`, trained by Google on a large amount of real speech)
and its mel front end ship as ONNX files in openWakeWord 0.4.0's wheel; openWakeWord's own
feature code (`openwakeword.utils.AudioFeatures`, ONNX Runtime) turns an utterance into one
96-number embedding per 80 ms. Each VAD utterance is normalised, placed at the end of a fixed
window (silence before it, so every command ends at the same place) and embedded; the frames
are pooled into one vector, and a small softmax network (`bench.train_commands` fits it on
the tuning side only) gives a probability for every grammar phrase and for "rejected".
The top phrase is heard when its probability reaches the saved threshold.
"""
from __future__ import annotations

import atexit
import json
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Collection, List, Optional, Sequence, Tuple

import numpy as np

from speech.vad import SAMPLE_RATE
from speech.wavtools import at_level, pcm16, seeded_noise

MODEL_FILE = Path(__file__).with_name("command_classifier.npz")
# For utterances cut out of talk in the room (`speech.room`): trained over talk as well.
OVER_TALK_MODEL_FILE = Path(__file__).with_name("command_classifier_over_talk.npz")
REJECT = "<reject>"
WINDOW_S = 3.0  # longer utterances keep their last WINDOW_S (a command ends them)
PEAK_LEVEL, DITHER = 0.5, 0.002
# openWakeWord's framing: a mel frame every 160 samples, an embedding for every 76 mel frames,
# one every 8. An embedding depends only on the audio under its 76 frames, so the last N
# embeddings of the full window come, identical to the bit, from its last stretch that holds
# them; that stretch is cut in steps of 8 mel frames (1,280 samples) so that the framing keeps
# its phase to the end. The classifier pools only the frames over the speech: a short command
# is embedded in ~1.4 s instead of 3 s (tuning clips: 70 -> 30 ms).
MEL_HOP, EMBEDDING_MELS, EMBEDDING_STEP = 160, 76, 8
MEL_EDGE = 3  # mel frames the front end loses at the edges of what it is given
_WINDOW = int(WINDOW_S * SAMPLE_RATE)
_CUT = EMBEDDING_STEP * MEL_HOP
WINDOW_FRAMES = (_WINDOW // MEL_HOP - MEL_EDGE - EMBEDDING_MELS) // EMBEDDING_STEP + 1  # 28, from 297 mel frames


def window_samples(frames: Optional[int]) -> int:
    """How much of the end of the window holds its last `frames` embeddings (None: all of it)."""
    if frames is None:
        return _WINDOW
    needed = ((frames - 1) * EMBEDDING_STEP + EMBEDDING_MELS + MEL_EDGE) * MEL_HOP
    return _WINDOW - max(0, (_WINDOW - needed) // _CUT) * _CUT


def speech_frames(speech_s: float, available: int) -> int:
    """The embedding frames that hold `speech_s` of speech at the window's end (a little more)."""
    return int(np.clip(np.ceil(speech_s / 0.08) + 2, 4, available))


def pooled_frames(speech_s: float, how: str) -> Optional[int]:
    """How many of the window's last frames `pool` reads (None: all of them, for "flat")."""
    return None if how == "flat" else speech_frames(speech_s, WINDOW_FRAMES)


class Embedder:
    """openWakeWord's mel + speech-embedding ONNX models; thread-safe."""

    def __init__(self):
        from openwakeword.utils import AudioFeatures

        with warnings.catch_warnings():  # it asks for CUDA first; CPU is what there is
            warnings.simplefilter("ignore")
            self._features = AudioFeatures(ncpu=1)
        self._lock = threading.Lock()
        # A daemon thread (the microphone's) still inside ONNX Runtime when the interpreter
        # stops it is unwound through C++ code, which aborts the process ("terminate called
        # without an active exception"): at exit, wait for the current call and allow no other.
        atexit.register(self._lock.acquire)

    @staticmethod
    def window(samples: np.ndarray, frames: Optional[int] = None) -> np.ndarray:
        """16-bit PCM of WINDOW_S: the utterance at a fixed level, end-aligned after silence;
        with `frames`, only the end of it that holds the last `frames` embeddings."""
        samples = at_level(np.asarray(samples, dtype=np.float64)[-_WINDOW:], PEAK_LEVEL)
        padded = np.zeros(_WINDOW)
        padded[len(padded) - len(samples):] = samples
        return pcm16((padded + seeded_noise(len(padded), DITHER))[-window_samples(frames):])

    def frames(self, samples: np.ndarray, frames: Optional[int] = None) -> np.ndarray:
        """(frames, 96) embeddings of one utterance: all of the window's, or its last `frames`."""
        with self._lock:
            return self._features._get_embeddings(self.window(samples, frames))

    def batch(self, utterances: Sequence[np.ndarray]) -> np.ndarray:
        """(n, frames, 96) for many utterances at once (training)."""
        windows = np.stack([self.window(u) for u in utterances])
        with self._lock:
            return self._features.embed_clips(windows, batch_size=64)


def pool(frames: np.ndarray, speech_s: float, how: str) -> np.ndarray:
    """One vector per utterance: "flat" keeps every frame (timing included), "stats" the mean,
    max and spread of the frames that hold speech and the last three frames, "halves" those and
    the mean of each half of the speech frames (a coarse order); all end with the speech's length."""
    frames = np.asarray(frames, dtype=np.float32)
    if how == "flat":
        body = frames.reshape(-1)
    else:
        speech = frames[-speech_frames(speech_s, len(frames)):]
        parts = [speech.mean(0), speech.max(0), speech.std(0), frames[-3:].reshape(-1)]
        if how == "halves":  # which sounds come first: "really" is not "three", "sorry" not "summary"
            half = len(speech) // 2
            parts += [speech[:half].mean(0), speech[half:].mean(0)]
        body = np.concatenate(parts)
    return np.concatenate([body, [np.log(max(speech_s, 0.05))]]).astype(np.float32)


@dataclass
class CommandClassifier:
    """A softmax network (no hidden layer: a multinomial logistic regression) over pooled
    embeddings; `weights`/`biases` per layer, ReLU between layers."""

    phrases: List[str]  # class names: the grammar phrases, then REJECT
    mean: np.ndarray
    scale: np.ndarray
    weights: List[np.ndarray]
    biases: List[np.ndarray]
    threshold: float
    stopping_threshold: float  # for the phrases that stop a countdown (lower: safety first)
    pooling: str = "stats"
    note: str = ""

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> Optional["CommandClassifier"]:
        if not path.exists():
            return None
        data = np.load(path, allow_pickle=False)
        meta = json.loads(str(data["meta"]))
        layers = meta["layers"]
        return cls(meta["phrases"], data["mean"], data["scale"], [data[f"w{i}"] for i in range(layers)],
                   [data[f"b{i}"] for i in range(layers)], float(meta["threshold"]),
                   float(meta["stopping_threshold"]), meta["pooling"], meta["note"])

    def save(self, path: Path = MODEL_FILE) -> None:
        meta = {"phrases": self.phrases, "threshold": self.threshold, "stopping_threshold": self.stopping_threshold,
                "pooling": self.pooling,
                "layers": len(self.weights), "note": self.note}
        arrays = {f"w{i}": w.astype(np.float32) for i, w in enumerate(self.weights)}
        arrays.update({f"b{i}": b.astype(np.float32) for i, b in enumerate(self.biases)})
        np.savez_compressed(path, meta=json.dumps(meta), mean=self.mean.astype(np.float32),
                            scale=self.scale.astype(np.float32), **arrays)

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """(n, classes) class probabilities for pooled vectors."""
        hidden = (np.atleast_2d(vectors) - self.mean) / self.scale
        for index, (weight, bias) in enumerate(zip(self.weights, self.biases)):
            hidden = hidden @ weight + bias
            if index < len(self.weights) - 1:
                hidden = np.maximum(hidden, 0.0)
        hidden -= hidden.max(axis=1, keepdims=True)
        exp = np.exp(hidden)
        return exp / exp.sum(axis=1, keepdims=True)

    def decide(self, vector: np.ndarray, stopping: Collection[str] = ()) -> Tuple[Optional[str], float, bool]:
        """(top phrase, its probability, accepted): None when "rejected" wins; not accepted
        when that, or the top phrase is below its threshold (`stopping` phrases: the lower one)."""
        probabilities = self.probabilities(vector)[0]
        best = int(np.argmax(probabilities))
        phrase = None if self.phrases[best] == REJECT else self.phrases[best]
        probability = float(probabilities[best])
        return phrase, probability, phrase is not None and self.accepts(probability, phrase in stopping)

    def accepts(self, probability: float, stopping: bool) -> bool:
        """Whether a phrase's probability reaches its threshold (a stopping phrase's: the lower one)."""
        return probability >= (min(self.threshold, self.stopping_threshold) if stopping else self.threshold)
