"""Deciding from the stream when the VAD hears no end: commands said over background speech.

Silero calls a television or other people talking speech, so over them an utterance never
ends and the command in it would be classified only when the stream stops (with the
background after it, so misplaced in the classifier's window). When the VAD has heard speech
for longer than a command lasts (SPOT_AFTER_S), the segmenter (`speech.vad.Segmenter`) asks a
`Spotter` every SPOT_EVERY_FRAMES frames about the recent audio ending now: has a command just
ended here? The spotting model (`spot_classifier.npz`: the command classifier's embedding and
kind of softmax, fitted by `bench.train_spotter` on tuning-side windows over babble that end
just after a command, or inside it, well after it, in chatter or in background alone)
answers. A phrase is heard when it is the top class at SPOT_STEPS steps in a row, sure enough
(SPOT_CONFIDENCE on average, SPOT_FLOOR at least). Settings chosen on the tuning side only (`bench.endpoint_tune` and its babble set).
"""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import numpy as np

SPOT_MODEL_FILE = Path(__file__).with_name("spot_classifier.npz")
# Off unless asked for (`CommandRecognizer(spotting=True)`): on the test set it took commands
# over babble from 1.5% to 50% (and pink noise and echo up a little), but false accepts on
# out-of-grammar speech from 8.2% to 13.1% (chatter over babble, which nothing heard before,
# and long chatter in noise), further from the 3% bar. README, "Hearing commands in a real room".
SPOTTING = False
# How the embeddings of the audio ending now become one vector (the speech's length is
# unknown): "stats" mean, max and spread over the last 12 frames (~1 s) and the last three
# frames; "scales" the same over the last 6 and the last 16 frames; "flat" the last 12 frames.
POOLINGS = ("stats", "scales", "flat")
SPOT_POOLING = "scales"
SPOT_AFTER_S = 0.8  # speech heard without a pause this long: background speech, or a long phrase
SPOT_EVERY_FRAMES = 2  # how often to ask (VAD frames: 64 ms with Silero)
SPOT_STEPS = 2  # the same phrase on top at this many steps in a row,
SPOT_CONFIDENCE = 0.8  # with this mean probability over them,
SPOT_FLOOR = 0.5  # and none below this
SPOT_FRAMES = 16  # the most any pooling reads: the last 16 frames ("scales")


def spot_vector(frames: np.ndarray, how: str = SPOT_POOLING) -> np.ndarray:
    frames = np.asarray(frames, dtype=np.float32)

    def stats(count: int) -> np.ndarray:
        recent = frames[-count:]
        return np.concatenate([recent.mean(0), recent.max(0), recent.std(0)])

    if how == "flat":
        return frames[-12:].reshape(-1)
    body = [stats(12)] if how == "stats" else [stats(6), stats(16)]
    return np.concatenate(body + [frames[-3:].reshape(-1)])


class Spotter:
    """Per-stream state: the phrase on top at the previous steps, and how sure each was. `recognizer` embeds the
    audio (`embed`) and decides on its frames with a given model (`decide`)."""

    def __init__(self, recognizer, model):
        self.recognizer = recognizer
        self.model = model
        self.reset()

    def reset(self) -> None:
        self._phrase: Optional[str] = None
        self._run: List[float] = []

    @staticmethod
    def due(speech_s: float, frame_index: int) -> bool:
        """Is it time to ask (after `speech_s` of speech without a pause, at this VAD frame)?"""
        return speech_s >= SPOT_AFTER_S and frame_index % SPOT_EVERY_FRAMES == 0

    def step(self, samples: np.ndarray):
        """The hearing when a command is heard ending now, else None."""
        frames = self.recognizer.embed(samples, SPOT_FRAMES)
        best = self.recognizer.decide_vector(spot_vector(frames, self.model.pooling), self.model)
        if not best.accepted or best.confidence < SPOT_FLOOR:
            self.reset()
            return None
        if best.phrase != self._phrase:
            self._phrase, self._run = best.phrase, []
        self._run.append(best.confidence)
        if len(self._run) < SPOT_STEPS or np.mean(self._run[-SPOT_STEPS:]) < SPOT_CONFIDENCE:
            return None
        self.reset()
        return best
