"""Where the voice session's audio goes: WAV files (no sound card) or a real device.

Both speakers play a countdown on a real clock and can be stopped at once: `countdown`
wakes the moment its stop event is set and returns how many seconds were played.
`FileSpeaker` writes each spoken WAV, numbered in order (a stopped countdown is written
cut where it stopped). `DeviceSpeaker` needs the `sounddevice` package and PortAudio
(Debian `libportaudio2`); it tells the microphone what it is speaking (`speaking`: the
microphone is off) and which countdown it is playing (`playback`: taken out of what the
microphone hears, so a "stop" said over the numbers is heard).
"""
from __future__ import annotations

import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np

from speech.countdown import CountdownAudio
from speech.wavtools import duration_s, read_wav, write_wav

MAX_STRETCH = 0.2  # how much longer than its length a countdown may take to play out

def wait_real_time(seconds: float, stop: Optional[threading.Event] = None) -> float:
    """Wait `seconds` on the monotonic clock unless stopped; returns the time that passed."""
    stop = stop or threading.Event()
    started = time.monotonic()
    remaining = seconds
    while remaining > 0:
        if stop.wait(remaining):  # wakes the moment it is set
            return time.monotonic() - started
        remaining = started + seconds - time.monotonic()
    return seconds


class FileSpeaker:
    """Writes what would be played to `out_dir`; countdowns still take their real time."""

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)

    def speak(self, wav: Path, name: str) -> str:
        shutil.copyfile(wav, self.out_dir / name)
        return name

    def countdown(self, audio: CountdownAudio, name: str, stop: threading.Event) -> float:
        played = wait_real_time(audio.duration_s, stop)
        if played >= audio.duration_s:
            shutil.copyfile(audio.path, self.out_dir / name)
        else:
            samples, rate = read_wav(audio.path)
            write_wav(self.out_dir / name, samples[: int(played * rate)], rate)
        return played


@dataclass
class Playback:
    samples: np.ndarray
    rate: int
    started: float  # time.monotonic() when it began to play


class DeviceSpeaker:
    """Plays through the default output device with sounddevice."""

    def __init__(self):
        import sounddevice  # noqa: F401 - fails here, with a clear message, if unusable

        self.sd = sounddevice
        self.speaking = threading.Event()  # the microphone ignores what it hears meanwhile
        self.playback: Optional[Playback] = None  # the countdown playing: the microphone subtracts it

    def _play(self, wav: Path, stop: Optional[threading.Event]) -> float:
        samples, rate = read_wav(wav)
        self.speaking.set()
        try:
            self.sd.play(samples, rate, latency="high")
            played = wait_real_time(len(samples) / rate, stop)
            self.sd.stop()
            return played
        finally:
            self.speaking.clear()

    def speak(self, wav: Path, name: str) -> str:
        self._play(wav, None)
        return ""

    def countdown(self, audio: CountdownAudio, name: str, stop: threading.Event) -> float:
        samples, rate = read_wav(audio.path)
        self.playback = Playback(samples, rate, time.monotonic())
        try:
            # Not marked as speaking: red flags must be heard now. A high latency (a bigger
            # buffer) keeps a busy machine from underrunning, which would stretch the seconds.
            self.sd.play(samples, rate, latency="high")
            played = wait_real_time(duration_s(audio.path), stop)
            if not stop.is_set():  # the end ("and release") is heard even if underruns delayed it
                self._play_out(stop, audio.duration_s * MAX_STRETCH)
            self.sd.stop()
        finally:
            self.playback = None
        return played

    def _play_out(self, stop: threading.Event, at_most_s: float) -> None:
        """Wait while the stream still plays (a starved client's audio comes late)."""
        deadline = time.monotonic() + at_most_s
        while time.monotonic() < deadline and not stop.is_set():
            try:
                if not self.sd.get_stream().active:
                    return
            except RuntimeError:  # no stream (it was closed)
                return
            stop.wait(0.02)


def device_problem() -> Optional[str]:
    """Why real playback/recording cannot work here, or None if it can."""
    try:
        import sounddevice
    except ImportError:
        return "the sounddevice package is not installed (pip install sounddevice)"
    except OSError as error:
        return f"PortAudio is missing ({error}); on Debian: apt-get install libportaudio2"
    try:
        sounddevice.query_devices(kind="output")
        sounddevice.query_devices(kind="input")
    except Exception as error:  # sounddevice raises PortAudioError or ValueError
        return f"no sound device found ({error})"
    return None
