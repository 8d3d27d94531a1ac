"""Cutting utterances in a room that may be talking: two segmenters over one VAD.

The VAD's own segmenter (`speech.vad.Segmenter`) cuts utterances at pauses. Over a TV or
people talking it hears no pause, so the person's command never ends. A second segmenter
counts only frames louder than the room (`speech.foreground`); it finds the person's words
over the talk, but in steady noise it cuts the quiet ends of words. So each is trusted where
it is right: an utterance the loudness cut is taken when the VAD had already been hearing
speech OVER_TALK_S before it began and still is (it was said over talk), and the VAD's own
long utterance around it is then dropped; every other utterance is the VAD segmenter's, as
without the room.
"""
from __future__ import annotations

from typing import Any, Callable, List, Optional

import numpy as np

from speech.vad import Frames, Segmenter, Utterance

# The VAD heard speech at least this long before the loud utterance began: it began over talk.
OVER_TALK_S = 0.2
# True: every live stream gets the room's segmenter. False: the VAD's alone (deaf over a TV).
LISTEN_TO_ROOM = True


def make_segmenter(vad, decide_early: Optional[Callable[[Utterance], Any]] = None, spotter=None):
    """The segmenter a live stream gets: the room's (LISTEN_TO_ROOM), else the VAD's alone."""
    if LISTEN_TO_ROOM:
        return RoomSegmenter(vad, decide_early, spotter)
    return Segmenter(vad, decide_early=decide_early, spotter=spotter)


class _SharedProbability:
    """The VAD's answer for the current frame, asked once for both segmenters."""

    def __init__(self, vad):
        self.frame_samples, self.value = vad.frame_samples, 0.0

    def speech_probability(self, frame: np.ndarray) -> float:
        return self.value

    def reset(self) -> None:
        pass


class RoomSegmenter:
    """`Segmenter`'s interface (feed, flush, reset, in_speech) over both segmenters."""

    def __init__(self, vad, decide_early: Optional[Callable[[Utterance], Any]] = None, spotter=None):
        self.vad = vad
        shared = self._shared = _SharedProbability(vad)
        self.pauses = Segmenter(shared, decide_early=decide_early, spotter=spotter)
        self.loudness = Segmenter(shared, foreground=True,
                                  decide_early=self._early_over_talk(decide_early) if decide_early else None)
        self._frames = Frames(vad.frame_samples)
        self.reset()

    def reset(self) -> None:
        self.vad.reset()
        self.pauses.reset()
        self.loudness.reset()
        self._frames.reset()
        self._superseded = False  # the VAD's open utterance held a command cut by loudness

    @property
    def in_speech(self) -> bool:
        return self.pauses.in_speech or self.loudness.in_speech

    def _early_over_talk(self, decide_early):
        """Early decisions on the loudness segmenter's utterances said over talk only (the
        others are not taken, so they need no classifier)."""
        def decide(utterance: Utterance):
            if not self._over_talk(utterance):
                return None
            utterance.over_talk = True
            return decide_early(utterance)

        return decide

    def _over_talk(self, utterance: Utterance) -> bool:
        start = self.pauses.speech_start_s
        return start is not None and start <= utterance.start_s - OVER_TALK_S

    def feed(self, samples: np.ndarray) -> List[Utterance]:
        done: List[Utterance] = []
        for frame in self._frames(samples):
            self._shared.value = self.vad.speech_probability(frame)
            done += self._choose(self.pauses.step(frame), self.loudness.step(frame))
        return done

    def flush(self) -> List[Utterance]:
        """End of stream: the loud utterance if it was said over talk, else the VAD's."""
        by_loudness = next(iter(self.loudness.flush()), None)
        return self._choose(None, by_loudness) + self._choose(next(iter(self.pauses.flush()), None), None)

    def _choose(self, by_pause: Optional[Utterance], by_loudness: Optional[Utterance]) -> List[Utterance]:
        chosen = []
        if by_loudness is not None and not by_loudness.background and self._over_talk(by_loudness):
            by_loudness.over_talk = True
            self._superseded = True
            chosen.append(by_loudness)
        if by_pause is not None and not self._superseded:
            chosen.append(by_pause)
        if not self.pauses.in_speech:  # the VAD's utterance is over (returned, dropped or cut short)
            self._superseded = False
        return chosen
