"""Replays a live microphone recording (`speech.recording`, SCALENE_MIC_RECORD) through a new
listener, the session's playback subtracted as it was live, and prints what it hears.

    python -m bench.replay_mic var/mic/20261201-061500-4242-0001-mic.wav
    python -m bench.replay_mic <mic.wav> --clock-offset 0.1   # the session's clock 0.1 s late
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import List, Optional

from bench.speech_eval import BLOCK
from speech import recording
from speech.listener import Heard, StreamListener
from speech.recognizer import CommandRecognizer


def replay(mic_path: Path, recognizer: Optional[CommandRecognizer] = None, clock_offset_s: float = 0.0) -> List[Heard]:
    """What a listener hears from the recording (played sounds told `clock_offset_s` late)."""
    mic, events = recording.load(mic_path)
    listener = StreamListener(recognizer or CommandRecognizer())
    offset = int(round(clock_offset_s * recording.SAMPLE_RATE))
    heard: List[Heard] = []
    for start in range(0, len(mic), BLOCK):
        while events and events[0][0] < start + BLOCK:  # told before the block it starts in
            at, samples = events.pop(0)
            if samples is None:
                listener.stopped_playing()
            else:
                listener.playing(samples, recording.SAMPLE_RATE, start_sample=at + offset)
        heard += listener.feed(mic[start: start + BLOCK])
    return heard


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mic", type=Path, help="a <stamp>-mic.wav written by SCALENE_MIC_RECORD")
    parser.add_argument("--clock-offset", type=float, default=0.0,
                        help="seconds to move every played sound's start (the session's clock error)")
    args = parser.parse_args(argv)
    for result in replay(args.mic, clock_offset_s=args.clock_offset):
        said = result.phrase if not result.rejected else f"rejected ({result.confidence:.2f})"
        print(f"{result.start_s:7.2f}-{result.end_s:6.2f} s  decided {result.decided_s:7.2f} s  {said}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
