"""Is this frame the person, or the room? The person speaking to the assistant is nearer the
microphone than a television or people talking in the room: louder than them.

`BackgroundLevel` keeps a running estimate of the room's level from the frames heard outside
utterances: a high percentile of their levels, because talk in a room rises and falls, and
only what rises above its usual peaks is someone speaking to us. A frame is foreground at
MARGIN_DB over it to start an utterance and HOLD_MARGIN_DB to go on (the ends of words are
quieter). `speech.room` decides when this applies: only while the room is talking.

In steady noise (a fan, hiss: frame levels that hardly spread) the same estimate says when the
person has stopped: a frame back at the room's level is `quiet`. The VAD's network takes
100-200 ms to let go of a word's end in such noise; the level falls at once.
Settings chosen on the tuning side only (`bench.endpoint_tune`, with its babble set).
"""
from __future__ import annotations

from collections import deque
from typing import List, Optional

import numpy as np

WINDOW_S = 4.0  # how far back the room is judged
PERCENTILE = 80  # the room's level: this percentile of the window's frame levels
MARGIN_DB = 4.0  # speech starts at least this much louder than the room,
HOLD_MARGIN_DB = 2.0  # and goes on while at least this much louder
# Steady noise: its frame levels spread less than this between the STEADY_LOW percentile and
# PERCENTILE (talk rises and falls by far more).
STEADY_SPREAD_DB = 6.0
STEADY_LOW = 20
# In steady noise a frame is quiet when no band of its spectrum is this far above the room's in
# that band: bands, because a fricative ("s", "ch") is faint next to a rumble's power but stands
# out above it at high frequencies.
QUIET_MARGIN_DB = 3.0
BAND_EDGES_HZ = (0, 250, 500, 1000, 2000, 3000, 4000, 6000, 8001)
WARM_UP_S = 0.25  # until this much is heard, no frame is foreground (the room is unknown)
# A frame joins the room's levels only this many frames later, once it is clear that no
# utterance began with it (the segmenter needs a few voiced frames to start one).
DELAY_FRAMES = 5
FLOOR_DB = -90.0  # the level of digital silence


def level_db(frame: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(np.square(frame, dtype=np.float64)) + 10 ** (FLOOR_DB / 10)))


def band_levels_db(frame: np.ndarray, rate: int = 16000) -> np.ndarray:
    """The frame's mean power per band of BAND_EDGES_HZ, in dB."""
    power = np.abs(np.fft.rfft(frame * np.hanning(len(frame)))) ** 2 / len(frame)
    bins = np.searchsorted(np.fft.rfftfreq(len(frame), 1 / rate), BAND_EDGES_HZ)
    bands = np.add.reduceat(power, bins[:-1]) / np.diff(bins)
    return 10 * np.log10(bands + 10 ** (FLOOR_DB / 10))


class BackgroundLevel:
    def __init__(self, frame_s: float):
        window = max(1, round(WINDOW_S / frame_s))
        self._levels: deque = deque(maxlen=window)
        self._bands: deque = deque(maxlen=window)  # the same frames' band levels
        self._warm_up = max(1, round(WARM_UP_S / frame_s))
        self._recent: deque = deque(maxlen=DELAY_FRAMES)
        self._utterance: List[float] = []  # levels heard inside the open utterance
        self._profile: Optional[tuple] = None  # (the steady room's band levels or None), cached

    def reset(self) -> None:
        self._levels.clear()
        self._bands.clear()
        self._recent.clear()
        self._utterance.clear()
        self._profile = None

    @property
    def level(self) -> float:
        """The room's level in dB (FLOOR_DB before anything was heard)."""
        return float(np.percentile(self._levels, PERCENTILE)) if self._levels else FLOOR_DB

    @property
    def known(self) -> bool:
        return len(self._levels) >= self._warm_up

    @property
    def steady(self) -> bool:
        """Is the room steady noise (or silence) rather than talk?"""
        if not self.known:
            return False
        low, high = np.percentile(self._levels, [STEADY_LOW, PERCENTILE])
        return high - low < STEADY_SPREAD_DB

    def louder(self, level: float, in_speech: bool) -> bool:
        """Is a frame at `level` louder than the room by the margin (to start speech, or to go on)?"""
        margin = HOLD_MARGIN_DB if in_speech else MARGIN_DB
        return self.known and level >= self.level + margin

    def quiet(self, bands: np.ndarray) -> bool:
        """Is a frame with these band levels back at a steady room's (the person has stopped)?"""
        room = self._room_bands()
        return room is not None and bool(np.all(bands < room + QUIET_MARGIN_DB))

    def _room_bands(self) -> Optional[np.ndarray]:
        """A steady room's level per band (None: not steady, or unknown); the room only changes
        between utterances, so it is worked out once for each."""
        if self._profile is None:
            steady = self.steady and len(self._bands) == len(self._levels)
            self._profile = (np.percentile(np.stack(self._bands), PERCENTILE, axis=0) if steady else None,)
        return self._profile[0]

    def learn(self, level: float, bands: Optional[np.ndarray], in_speech: bool) -> None:
        """A frame outside an utterance joins the room's levels (DELAY_FRAMES later)."""
        if in_speech:
            self._utterance.extend(level for level, _ in self._recent)  # its first frames: not the room
            self._recent.clear()
            self._utterance.append(level)
        else:
            self._utterance.clear()
            if len(self._recent) == self._recent.maxlen:
                level_then, bands_then = self._recent.popleft()
                self._levels.append(level_then)
                if bands_then is not None:
                    self._bands.append(bands_then)
                self._profile = None
            self._recent.append((level, bands))

    def was_the_room(self) -> None:
        """The open utterance was the room after all (talk that never paused): a TV turned on
        or up is the room's new level, not someone speaking without end."""
        self._levels.extend(self._utterance)
        self._utterance.clear()
        self._profile = None
