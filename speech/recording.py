"""A recording of what a live listener heard, to replay a fault that only happens live.

With SCALENE_MIC_RECORD set to a folder, every `speech.listener.StreamListener` writes there,
per stream (`<stamp>` is the time it started and the process):

- `<stamp>-mic.wav`: the microphone as it arrived, 16 kHz mono, before the session's own
  playback was taken out (its header is kept up to date, so a killed process leaves a
  readable file);
- `<stamp>-played-<sample>.wav`: each sound the session played, named by the stream sample
  at which the session said it started.

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

from speech.wavtools import read_wav, to_pcm16, write_wav

SAMPLE_RATE = 16000
PLAYED = re.compile(r"-played-(\d+)\.wav$")


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

    def close(self) -> None:
        self._mic.close()
        self._file.close()


def load(mic_path: Path) -> Tuple[np.ndarray, List[Tuple[int, np.ndarray]]]:
    """A recording: the microphone's samples and the played sounds with their start samples."""
    mic, rate = read_wav(mic_path)
    if rate != SAMPLE_RATE:
        raise ValueError(f"{mic_path}: {rate} Hz, a recording is {SAMPLE_RATE} Hz")
    stamp = mic_path.name[: -len("-mic.wav")]
    played = []
    for path in mic_path.parent.glob(f"{stamp}-played-*.wav"):
        match: Optional[re.Match] = PLAYED.search(path.name)
        if match:
            played.append((int(match.group(1)), read_wav(path)[0]))
    return mic, sorted(played, key=lambda item: item[0])
