"""The session's record: one numbered line per thing said or heard, in order.

`transcript.txt` lines are tab-separated: number, who (bot, you, countdown, note), text,
and the WAV written for it (if any). The same numbering names the WAV files, so
`007-countdown.wav` is line 7. Lines are echoed to the terminal for the person listening.
"""
from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import List, Optional, TextIO, Tuple

Entry = Tuple[int, str, str, str]


class Transcript:
    def __init__(self, out_dir: Optional[Path] = None, echo: Optional[TextIO] = sys.stdout):
        self.out_dir = out_dir
        self.entries: List[Entry] = []
        self.echo = echo
        self._lock = threading.Lock()
        self._file = None
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
            self._file = open(out_dir / "transcript.txt", "w", encoding="utf-8")

    def next_number(self) -> int:
        return len(self.entries) + 1

    def add(self, who: str, text: str, wav: str = "") -> int:
        with self._lock:
            number = self.next_number()
            entry = (number, who, " ".join(text.split()), wav)
            self.entries.append(entry)
            if self._file:
                self._file.write("\t".join(str(part) for part in (f"{number:03d}", *entry[1:])) + "\n")
                self._file.flush()
            if self.echo:
                self.echo.write(f"{who:>9}: {entry[2]}\n")
                self.echo.flush()
            return number

    def close(self) -> None:
        if self._file:
            self._file.close()
            self._file = None


def read_transcript(path: Path) -> List[Entry]:
    """Entries of a transcript.txt (for tests and tools)."""
    entries = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        number, who, text, wav = (line.split("\t") + ["", "", "", ""])[:4]
        entries.append((int(number), who, text, wav))
    return entries
