"""The person's side of a voice session: answers from WAV files, the keyboard or a microphone.

Between bot turns the session waits for one answer (`next_answer`). While a countdown runs
it asks `during_hold` whether something was said that must stop it:

- `--in` files are answers in order. A file written `FILE.wav@S` is instead *heard during
  the next countdown*, S seconds after its audio starts (it is recognised beforehand, so it
  lands exactly then); one that does not name a stopping command is noted and ignored.
- Keyboard lines are always read; a line typed during a countdown stops it (typing is
  deliberate). An empty stdin (EOF) just closes the keyboard.
- A microphone (`voice.microphone`) hears commands; during a countdown only the stopping
  ones count (red flags, pulse, it hurts, stop, pause, help), because the microphone also
  hears the countdown's own numbers. Speech it rejects arrives as "not understood" (the
  session asks again); during a countdown it is ignored. A "stop", "pause" or "help" heard
  only at the stopping phrases' low threshold (`mid_hold_only`) stops a countdown, but
  between turns it is "not understood" (or, said over the room's talk, ignored).
"""
from __future__ import annotations

import queue
import sys
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, List, Optional, TextIO

from speech.recognizer import CommandRecognizer

QUIT_WORDS = {"quit", "exit", "bye-bye"}
# Waits are sliced this short: a Ctrl-C the kernel hands to another thread (PortAudio's,
# ONNX Runtime's) only reaches the main thread when it next runs Python code; a wait without
# a timeout never does, and the session would not end.
WAKE_S = 0.25


@dataclass
class Heard:
    said: str  # what was heard or typed
    message: Optional[str]  # what the bot is sent (None: not understood)
    source: str  # "keyboard", "microphone" or the WAV file's name
    interrupts: bool = False  # stops a running countdown
    at_s: Optional[float] = None  # for mid-hold files: when in the countdown it was heard
    mid_hold_only: bool = False  # only sure enough to stop a countdown (`speech.recognizer.Hearing`)
    ask_again: bool = True  # when it is no answer: worth a "say that again?" (not over the room's talk)


@dataclass
class InputFile:
    path: Path
    at_s: Optional[float] = None  # heard this many seconds into the next countdown

    @classmethod
    def parse(cls, spec: str) -> "InputFile":
        name, sep, at = spec.rpartition("@")
        if sep and name.lower().endswith(".wav"):
            return cls(Path(name), float(at))
        return cls(Path(spec))


def between_turns(heard: Heard) -> Optional[Heard]:
    """`heard` as an answer between turns: one only sure enough to stop a countdown is "not
    understood", or nothing at all when not worth asking again (said over the room's talk)."""
    if not heard.mid_hold_only:
        return heard
    return replace(heard, message=None) if heard.ask_again else None


class Answers:
    """All input sources of one session, merged."""

    def __init__(self, files: List[InputFile], recognizer: Optional[CommandRecognizer],
                 keyboard: Optional[TextIO] = sys.stdin, microphone=None):
        self.files = list(files)
        self.recognizer = recognizer
        self.live: "queue.Queue[Optional[Heard]]" = queue.Queue()
        self.microphone = microphone
        self._keyboard_open = keyboard is not None
        self.notes: List[str] = []  # things worth writing in the transcript
        if keyboard is not None:
            threading.Thread(target=self._read_keyboard, args=(keyboard,), daemon=True,
                             name="keyboard").start()
        if microphone is not None:
            microphone.start(self.live.put)
        # Files heard mid-countdown are recognised now: at countdown time it would delay the clock.
        self._heard = {item.path: self.hear_file(item) for item in self.files if item.at_s is not None}

    def _read_keyboard(self, stream: TextIO) -> None:
        for line in stream:
            text = line.strip()
            if text:
                self.live.put(Heard(text, None if text.lower() in QUIT_WORDS else text,
                                    "keyboard", interrupts=True))
        self._keyboard_open = False
        self.live.put(None)  # wakes a waiting next_answer

    def hear_file(self, item: InputFile) -> Heard:
        if not item.path.exists():
            raise FileNotFoundError(f"--in file not found: {item.path}")
        recognition = self.recognizer.recognize_file(item.path) if self.recognizer else None
        if recognition is None:
            return Heard("", None, item.path.name, at_s=item.at_s)
        return Heard(recognition.phrase, recognition.message, item.path.name,
                     interrupts=recognition.interrupts, at_s=item.at_s, mid_hold_only=recognition.mid_hold_only)

    @property
    def has_live_input(self) -> bool:
        return self._keyboard_open or self.microphone is not None

    def next_answer(self) -> Optional[Heard]:
        """The person's next answer; None when there is nothing more to hear (end of session)."""
        if self.files:
            return between_turns(self.hear_file(self.files.pop(0)))
        if self.microphone is not None:
            print("  (listening)", flush=True)  # the person's cue: the session waits for them
        while self.has_live_input or not self.live.empty():
            try:
                heard = self.live.get(timeout=WAKE_S)  # None only marks the keyboard closing
            except queue.Empty:
                continue
            if heard is not None:
                if heard.source == "keyboard" and heard.message is None:
                    return None  # "quit"
                answer = between_turns(heard)
                if answer is not None:
                    return answer
        return None

    def during_hold(self, started_at: float, done: threading.Event,
                    on_ignored: Callable[[Heard], None]) -> Optional[Heard]:
        """Something that stops the countdown started at `started_at` (monotonic), or None
        once `done` is set."""
        planned, planned_file = None, None
        if self.files and self.files[0].at_s is not None:
            planned_file = self.files.pop(0)
            planned = self._heard.get(planned_file.path) or self.hear_file(planned_file)  # heard at its time
        while not done.is_set():
            if planned is not None and time.monotonic() - started_at >= planned.at_s:
                if planned.interrupts and planned.message:
                    return planned
                on_ignored(planned)
                planned = None
            wait = 0.05 if planned is None else max(0.0, min(0.05, started_at + planned.at_s - time.monotonic()))
            try:
                heard = self.live.get(timeout=wait)
            except queue.Empty:
                continue
            if heard is None:
                continue
            if heard.interrupts and heard.message:
                return heard
            on_ignored(heard)
        if planned is not None:  # the countdown ended first: it becomes the next answer
            self.files.insert(0, InputFile(planned_file.path, None))
        return None
