"""A whole spoken session through real sound devices: PortAudio (sounddevice) on ALSA's
pulse plugin, on a private PulseAudio server with virtual devices (`pulse.VirtualRoom`).

The session plays into the `assistant` sink and listens to the `room` sink's monitor. The
person's answers (a test-set espeak-ng voice) are played into the room when the session
says it is listening; the assistant's own voice, countdown included, leaks into the room
at half volume. What was played is recorded from the loudspeaker's monitor, and the
countdown's pacing is measured from that recording, in real time.
"""
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from scipy.signal import fftconvolve

from pulse import VirtualRoom, available
from speech.wavtools import onsets, read_wav, resample

ROOT = Path(__file__).resolve().parents[2]
VOICE, RATE = "en-us+f5", 150  # a test-set voice, never used for tuning
# (what the session says last before it listens, what the person answers)
TURNS = [("Scalene Coach", "start"), ("Question one of three", "no"), ("Question two of three", "no"),
         ("Question three of three", "no"), ("from zero for none to ten", "six"), ("Which side", "left"),
         ("You can say: Sitting, or Lying down", "sitting"), ("Left side, spot one of three", "ready"),
         ("Did that spot ease", "yes"), ("Left side, spot two of three", "stop")]
pytestmark = pytest.mark.skipif(available() is not None, reason=str(available()))


class SessionOutput:
    """The session's terminal lines, read as they come."""

    def __init__(self, process: subprocess.Popen):
        self.lines: "queue.Queue[str]" = queue.Queue()
        self.seen = []
        threading.Thread(target=self._read, args=(process.stdout,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, *fragments: str, timeout_s: float = 120.0) -> str:
        """The first line containing one of `fragments`."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                continue
            self.seen.append(line)
            if any(fragment in line for fragment in fragments):
                return line
        raise AssertionError(f"{fragments!r} never came; the session said:\n" + "\n".join(self.seen))


@pytest.fixture
def room(tmp_path):
    virtual = VirtualRoom(tmp_path / "pulse", leak_volume=0.5).start()
    yield virtual
    virtual.stop()


def spoken(folder: Path, text: str, attempt: int = 0) -> Path:
    """The person saying `text`; said again, a little slower or faster, as people do."""
    rate = RATE + (0, 15, -15, 25)[attempt]
    path = folder / f"{text.replace(' ', '-')}-{rate}.wav"
    subprocess.run(["espeak-ng", "-v", VOICE, "-s", str(rate), "-w", str(path), text], check=True)
    return path


def test_spoken_session_through_virtual_devices_with_the_countdown_leaking(assistant, room, tmp_path):
    recording = tmp_path / "loudspeaker.wav"
    recorder = room.record(recording)
    errors = tmp_path / "session-stderr.txt"
    session = subprocess.Popen(  # its own process group: its speech worker goes with it
        [sys.executable, "-m", "voice.session", "--url", assistant.config.rasa_url, "--no-keyboard"],
        # PYTHONFAULTHANDLER: a SIGABRT makes it print every thread's stack (where a hung exit is stuck)
        cwd=ROOT, env={**room.env, "SCALENE_SPEECH_CACHE": str(tmp_path / "cache"), "PYTHONFAULTHANDLER": "1"},
        start_new_session=True,
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=errors.open("w"), text=True)
    output = SessionOutput(session)
    repeats = 0
    try:
        for last_words, answer in TURNS:
            output.wait_for(last_words)
            for attempt in range(4):  # like a person, say it again when asked to
                output.wait_for("(listening)")
                time.sleep(0.5)  # a person takes a moment to answer
                room.play(spoken(tmp_path, answer, attempt))
                if f"you: {answer}" in output.wait_for(f"you: {answer}", "(not understood)"):
                    break
                repeats += 1
            else:
                raise AssertionError(f"{answer!r} was not understood four times:\n" + "\n".join(output.seen))
        output.wait_for("Done:")  # the one end message
        output.wait_for("(listening)")
    finally:
        session.send_signal(signal.SIGINT)  # Ctrl-C, as a person ends it
        try:
            session.wait(timeout=60)
        except subprocess.TimeoutExpired:
            session.send_signal(signal.SIGABRT)  # its threads' stacks go to the stderr file
            try:
                session.wait(timeout=10)
            except subprocess.TimeoutExpired:
                session.kill()
                session.wait(timeout=10)
        try:
            os.killpg(session.pid, signal.SIGKILL)  # whatever it left behind
        except ProcessLookupError:
            pass
        recorder.terminate()
        recorder.wait(timeout=10)
    text = "\n".join(output.seen)
    print(f"answers said again after 'not understood': {repeats} of {len(TURNS)}")
    assert session.returncode == 0, errors.read_text()[-3000:]
    assert repeats <= 4, text
    # The countdown ran to its end although the microphone heard it all.
    countdown = [line for line in output.seen if "countdown:" in line]
    assert countdown and "stopped at" not in countdown[0] and "hold 12 s" in countdown[0], text
    assert "(countdown finished) -> /hold_finished" in text
    assert_countdown_paced(recording, tmp_path / "cache")


# Pacing through a sound server, measured between the numbers' onsets in what the loudspeaker
# played. Onsets are found to ~10 ms, so two of them differ by up to ~20 ms from jitter alone.
# A starved client (a loaded machine) makes PulseAudio play silence until data comes: that can
# only make a second longer, never shorter, and leaves the other seconds as they were. A real
# pacing fault (a wrong sample rate, dropped or repeated audio, a mis-built count) moves most
# seconds, or makes one shorter.
JITTER_S = 0.03  # per second, either way
MEDIAN_ERROR_S = 0.03  # the count's own rate: a 44.1 vs 48 kHz mix-up is 88 ms per second
UNDERRUN_GAP_S = 0.35  # the most one second may be stretched by the server waiting for data


def interval_errors(heard, expected):
    """How much longer (+) or shorter (-) each second between two numbers was than in the file."""
    return [(h1 - h0) - (e1 - e0) for h0, h1, e0, e1 in zip(heard, heard[1:], expected, expected[1:])]


def pacing_faults(errors):
    """What is wrong with the seconds' lengths (empty when they are paced)."""
    faults = []
    if abs(float(np.median(errors))) > MEDIAN_ERROR_S:
        faults.append(f"the median second is {np.median(errors) * 1000:+.0f} ms off")
    faults += [f"second {n} is {e * 1000:.0f} ms short" for n, e in enumerate(errors, 1) if e < -JITTER_S]
    faults += [f"second {n} is {e * 1000:.0f} ms long" for n, e in enumerate(errors, 1) if e > UNDERRUN_GAP_S]
    return faults


def test_the_pacing_check_tells_underruns_from_broken_pacing():
    paced = [0.0, 1.01, 2.0, 3.0, 4.01, 5.0]
    expected = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    assert not pacing_faults(interval_errors(paced, expected))
    underrun = [0.0, 1.0, 2.2, 3.2, 4.2, 5.35]  # two seconds stretched by a starved client
    assert not pacing_faults(interval_errors(underrun, expected))
    wrong_rate = [t * 48000 / 44100 for t in expected]
    assert pacing_faults(interval_errors(wrong_rate, expected))
    rushed = [0.0, 1.0, 1.9, 3.0, 4.0, 5.0]
    assert pacing_faults(interval_errors(rushed, expected))
    stalled = [0.0, 1.0, 2.0, 3.6, 4.6, 5.6]
    assert pacing_faults(interval_errors(stalled, expected))


def assert_countdown_paced(recording: Path, cache: Path) -> None:
    """Find the countdown in the recording; every number in it, and every second paced."""
    played, rate = read_wav(recording)
    [wav] = list((cache / "countdowns").glob("hold-12s-*.wav"))
    reference, reference_rate = read_wav(wav)
    reference = resample(reference, reference_rate, rate)
    correlation = fftconvolve(played, reference[::-1], mode="valid")
    start = int(np.argmax(correlation))
    section = played[start: start + int(len(reference) * 1.2)]  # room for a stretched second or two
    assert np.max(np.abs(section)) > 0.05  # it was really played
    count_start = json.loads(wav.with_suffix(".json").read_text())["count_start_s"]
    # The numbers (the cue before them is not paced).
    expected = [t for t in onsets(reference, rate) if t > count_start - 0.3]
    heard = []
    for onset in onsets(section, rate):  # an underrun's silence inside a word does not start a number
        if onset > count_start - 0.3 and (not heard or onset - heard[-1] > 0.5):
            heard.append(onset)
    heard = heard[: len(expected)]
    assert len(heard) == len(expected) == 13, (heard, expected)  # twelve numbers and "and release"
    errors = interval_errors(heard, expected)
    print("countdown played through PulseAudio: seconds off by "
          + ", ".join(f"{e * 1000:+.0f}" for e in errors) + " ms")
    assert not pacing_faults(errors), (pacing_faults(errors), errors)
