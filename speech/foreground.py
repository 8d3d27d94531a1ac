"""Is this frame the person, or the room? The person speaking to the assistant is nearer the
microphone than a television or people talking in the room: louder than them.

`BackgroundLevel` keeps a running estimate of the room's level from the frames heard outside
utterances: a high percentile of their levels, because talk in a room rises and falls, and
only what rises above its usual peaks is someone speaking to us. A frame is foreground at
MARGIN_DB over it to start an utterance and HOLD_MARGIN_DB to go on (the ends of words are
quieter). `speech.room` decides when this applies: only while the room is talking.
Settings chosen on the tuning side only (`bench.endpoint_tune`, with its babble set).
"""
from __future__ import annotations

from collections import deque
from typing import List

import numpy as np

WINDOW_S = 4.0  # how far back the room is judged
PERCENTILE = 80  # the room's level: this percentile of the window's frame levels
MARGIN_DB = 4.0  # speech starts at least this much louder than the room,
HOLD_MARGIN_DB = 2.0  # and goes on while at least this much louder
WARM_UP_S = 0.25  # until this much is heard, no frame is foreground (the room is unknown)
# A frame joins the room's levels only this many frames later, once it is clear that no
# utterance began with it (the segmenter needs a few voiced frames to start one).
DELAY_FRAMES = 5
FLOOR_DB = -90.0  # the level of digital silence


def level_db(frame: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(np.square(frame, dtype=np.float64)) + 10 ** (FLOOR_DB / 10)))


class BackgroundLevel:
    def __init__(self, frame_s: float):
        self._levels: deque = deque(maxlen=max(1, round(WINDOW_S / frame_s)))
        self._warm_up = max(1, round(WARM_UP_S / frame_s))
        self._recent: deque = deque(maxlen=DELAY_FRAMES)
        self._utterance: List[float] = []  # levels heard inside the open utterance

    def reset(self) -> None:
        self._levels.clear()
        self._recent.clear()
        self._utterance.clear()

    @property
    def level(self) -> float:
        """The room's level in dB (FLOOR_DB before anything was heard)."""
        return float(np.percentile(self._levels, PERCENTILE)) if self._levels else FLOOR_DB

    def foreground(self, frame: np.ndarray, in_speech: bool = False) -> bool:
        """Hear `frame`; is it louder than the room by the margin (to start speech, or to go on)?"""
        level = level_db(frame)
        margin = HOLD_MARGIN_DB if in_speech else MARGIN_DB
        loud = len(self._levels) >= self._warm_up and level >= self.level + margin
        if in_speech:
            self._utterance.extend(self._recent)  # the utterance's first frames: not the room
            self._recent.clear()
            self._utterance.append(level)
        else:
            self._utterance.clear()
            if len(self._recent) == self._recent.maxlen:
                self._levels.append(self._recent.popleft())
            self._recent.append(level)
        return loud

    def was_the_room(self) -> None:
        """The open utterance was the room after all (talk that never paused): a TV turned on
        or up is the room's new level, not someone speaking without end."""
        self._levels.extend(self._utterance)
        self._utterance.clear()
