"""Stand-in speech engines for the worker's unit tests only (loaded in the worker process)."""
import math
import os
import struct
import time
import wave


def write_tone(path: str, seconds: float = 0.2) -> None:
    rate = 22050
    frames = b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * n / rate)))
                      for n in range(int(rate * seconds)))
    with wave.open(path, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(frames)


class HangingEngine:
    """Hangs forever on the text "hang" (like a stuck runAndWait); a tone otherwise."""

    def render(self, text, voice, rate, path):
        if text == "hang":
            time.sleep(3600)
        write_tone(path)


class SilentEngine:
    """Like save_to_file writing nothing."""

    def render(self, text, voice, rate, path):
        pass


class HangOnceEngine:
    """Hangs while the marker file named by $HANG_ONCE_MARKER exists (it removes it first)."""

    def render(self, text, voice, rate, path):
        marker = os.environ.get("HANG_ONCE_MARKER", "")
        if marker and os.path.exists(marker):
            os.remove(marker)
            time.sleep(3600)
        write_tone(path)
