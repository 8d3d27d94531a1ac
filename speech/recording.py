"""A recording of what a live listener heard, to replay a fault that only happens live.

With SCALENE_MIC_RECORD set to a folder, every `speech.listener.StreamListener` writes there,
per stream (`<stamp>` is the time it started and the process):

- `<stamp>-mic.wav`: the microphone as it arrived, 16 kHz mono, before the session's own
  playback was taken out (its header is kept up to date, so a killed process leaves a
  readable file);
- `<stamp>-played-<sample>.wav`: each sound the session played, named by the stream sample
  at which the session said it started;
- `<stamp>-stopped-<sample>`: an empty file where the session said it stopped playing early.

`python -m bench.replay_mic <stamp>-mic.wav` feeds both through a new listener and prints
what it hears. Off by default: it records the person's microphone, on this machine only.
"""
from __future__ import annotations

import os
import re
import time
import wave
from pathlib import Path
from typing import List, Optional, Tuple

import numpy as np

from speech.vad import SAMPLE_RATE
from speech.wavtools import read_wav, to_pcm16, write_wav

PLAYED = re.compile(r"-played-(\d+)\.wav$")
STOPPED = re.compile(r"-stopped-(\d+)$")


class MicRecording:
    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.stamp = folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{id(self) % 10000:04d}"
        self._file = open(self.mic_path, "wb")
        self._mic = wave.open(self._file, "wb")
        self._mic.setnchannels(1)
        self._mic.setsampwidth(2)
        self._mic.setframerate(SAMPLE_RATE)

    @property
    def mic_path(self) -> Path:
        return Path(f"{self.stamp}-mic.wav")

    def heard(self, samples: np.ndarray) -> None:
        """Microphone samples (16 kHz), in stream order."""
        self._mic.writeframes(to_pcm16(samples))
        self._file.flush()  # on disk as it comes, for a process that is killed

    def played(self, samples: np.ndarray, start_sample: int) -> None:
        """A sound the session plays (16 kHz) from stream sample `start_sample`."""
        write_wav(f"{self.stamp}-played-{start_sample}.wav", samples, SAMPLE_RATE)

    def stopped(self, at_sample: int) -> None:
        """The session stopped playing at stream sample `at_sample`."""
        Path(f"{self.stamp}-stopped-{at_sample}").touch()

    def close(self) -> None:
        self._mic.close()
        self._file.close()


def load(mic_path: Path) -> Tuple[np.ndarray, List[Tuple[int, Optional[np.ndarray]]]]:
    """A recording: the microphone's samples, and what the session did in stream order: (start
    sample, the sound it played) or (sample, None) where it stopped playing."""
    mic, rate = read_wav(mic_path)
    if rate != SAMPLE_RATE:
        raise ValueError(f"{mic_path}: {rate} Hz, a recording is {SAMPLE_RATE} Hz")
    stamp = mic_path.name[: -len("-mic.wav")]
    events: List[Tuple[int, Optional[np.ndarray]]] = []
    for path in mic_path.parent.glob(f"{stamp}-*"):
        if match := PLAYED.search(path.name):
            events.append((int(match.group(1)), read_wav(path)[0]))
        elif match := STOPPED.search(path.name):
            events.append((int(match.group(1)), None))
    return mic, sorted(events, key=lambda event: (event[0], event[1] is not None))
