"""A private PulseAudio server with virtual devices, started and stopped by the tests.

Two null sinks stand in for a room: `assistant` is the loudspeaker (the default sink, what
the voice session plays into) and `room` is the air the microphone hears (the default
source is `room.monitor`). The person's answers are played into `room`; a loopback from
`assistant.monitor` into `room` at a lower volume is the assistant's own voice leaking into
the microphone. What was played is recorded from `assistant.monitor`.

PortAudio reaches it through ALSA's `pulse` plugin (Debian `libasound2-plugins`); the server
runs as an ordinary per-test daemon even as root (`--system=false`, its own runtime folder),
so nothing of the machine's sound setup is touched.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Dict, List, Optional


def available() -> Optional[str]:
    """Why this machine cannot run it, or None."""
    for tool in ("pulseaudio", "pactl", "paplay", "parecord"):
        if shutil.which(tool) is None:
            return f"{tool} is missing (Debian pulseaudio, pulseaudio-utils)"
    if not Path("/usr/lib/x86_64-linux-gnu/alsa-lib/libasound_module_pcm_pulse.so").exists() \
            and not list(Path("/usr/lib").glob("*/alsa-lib/libasound_module_pcm_pulse.so")):
        return "ALSA's pulse plugin is missing (Debian libasound2-plugins)"
    return None


class VirtualRoom:
    def __init__(self, folder: Path, leak_volume: float = 0.5):
        self.folder = Path(folder)
        self.leak_volume = leak_volume
        self.runtime = self.folder / "runtime"
        self.process: Optional[subprocess.Popen] = None
        self.recorders: List[subprocess.Popen] = []

    @property
    def env(self) -> Dict[str, str]:
        return {**os.environ, "PULSE_RUNTIME_PATH": str(self.runtime), "PULSE_STATE_PATH": str(self.folder / "state"),
                "XDG_RUNTIME_DIR": str(self.runtime), "PULSE_SERVER": f"unix:{self.runtime}/native",
                "HOME": str(self.folder)}

    def pactl(self, *args: str) -> str:
        return subprocess.run(["pactl", *args], env=self.env, check=True, capture_output=True, text=True,
                              timeout=10).stdout

    def start(self) -> "VirtualRoom":
        try:
            return self._start()
        except BaseException:
            self.stop()  # never leave a server behind
            raise

    def _start(self) -> "VirtualRoom":
        for sub in ("runtime", "state"):
            (self.folder / sub).mkdir(parents=True, exist_ok=True, mode=0o700)
        self.process = subprocess.Popen(
            ["pulseaudio", "--daemonize=no", "--system=false", "--exit-idle-time=-1", "-n", "--disallow-exit",
             "--disallow-module-loading=false", "--log-target=file:" + str(self.folder / "pulse.log"),
             "--load=module-native-protocol-unix",
             "--load=module-null-sink sink_name=assistant rate=48000",
             "--load=module-null-sink sink_name=room rate=48000"],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while True:
            try:
                self.pactl("info")
                break
            except subprocess.CalledProcessError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("PulseAudio did not start: " + (self.folder / "pulse.log").read_text()[-2000:])
                time.sleep(0.2)
        self.pactl("set-default-sink", "assistant")
        self.pactl("set-default-source", "room.monitor")
        if self.leak_volume > 0:  # the loudspeaker is heard by the microphone, a little quieter
            module = self.pactl("load-module", "module-loopback", "source=assistant.monitor", "sink=room",
                                "latency_msec=20", "source_dont_move=true", "sink_dont_move=true").strip()
            for line in self.pactl("list", "short", "sink-inputs").splitlines():
                index, owner = line.split("\t")[:2]
                if owner == module:
                    self.pactl("set-sink-input-volume", index, f"{int(self.leak_volume * 65536)}")
        return self

    def play(self, wav: Path, sink: str = "room") -> None:
        """Plays a WAV into a sink and returns when it has been played."""
        subprocess.run(["paplay", f"--device={sink}", str(wav)], env=self.env, check=True, timeout=60)

    def record(self, path: Path, source: str = "assistant.monitor") -> subprocess.Popen:
        recorder = subprocess.Popen(["parecord", f"--device={source}", "--file-format=wav", "--channels=1",
                                     "--rate=16000", "--format=s16le", str(path)], env=self.env)
        self.recorders.append(recorder)
        return recorder

    def stop(self) -> None:
        for recorder in self.recorders:
            if recorder.poll() is None:
                recorder.terminate()
                recorder.wait(timeout=10)
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None
