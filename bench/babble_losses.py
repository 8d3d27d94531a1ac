"""Where commands said over babble are lost: each such clip of a set (`bench.speech_sets`), run as
live (`bench.speech_eval.run_clip`), by the utterance that reached the classifier. "Well cut"
means its speech is within CUT_TOLERANCE of the clip's real speech; a well-cut loss is then
the classifier's (another phrase, "not a command", or the right phrase under its threshold).

    python -m bench.babble_losses                      # DEV, every clip
    python -m bench.babble_losses --set test --step 2  # a test set, as bench.speech runs it
"""
from __future__ import annotations

import argparse
from collections import Counter
from typing import List

from bench.speech_eval import Outcome, run_clip
from bench.speech_sets import SETS, SETS_DIR, build
from speech.recognizer import CommandRecognizer, Hearing
from speech.wavtools import read_wav

CUT_TOLERANCE = (0.7, 1.3, 0.07)  # times the real speech, then ± seconds

CATEGORIES = ["heard right", "cut too long", "cut too short", "well cut, heard as another phrase",
              "well cut, not a command", "well cut, right phrase under the threshold", "no utterance"]


class MeasuringRecognizer(CommandRecognizer):
    """Notes the speech length of each utterance it hears, in order (as `run_clip` keeps the hearings)."""

    def __init__(self):
        super().__init__()
        self.speech_s: List[float] = []

    def hear_utterance(self, utterance):
        self.speech_s.append(utterance.end_s - utterance.start_s)
        return super().hear_utterance(utterance)


def category(outcome: Outcome, lengths: List[float]) -> str:
    """Why a command clip was (not) heard right; `lengths`: each hearing's speech in seconds."""
    if outcome.right:
        return CATEGORIES[0]
    if not outcome.hearings:
        return CATEGORIES[6]
    real = outcome.clip.speech_end_s - outcome.clip.speech_start_s
    low, high, slack = CUT_TOLERANCE
    well: List[Hearing] = [h for h, s in zip(outcome.hearings, lengths) if low * real - slack <= s <= high * real + slack]
    if not well:
        return CATEGORIES[1] if max(lengths) > high * real + slack else CATEGORIES[2]
    hearing = well[0]
    if hearing.phrase == outcome.clip.expected:
        return CATEGORIES[5]
    return CATEGORIES[4] if hearing.phrase is None else CATEGORIES[3]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", default="dev", choices=sorted(SETS))
    parser.add_argument("--step", type=int, default=1, help="every Nth clip of the set, as bench.speech --step")
    args = parser.parse_args(argv)
    recognizer = MeasuringRecognizer()
    segmenter = recognizer.segmenter()
    counts: Counter = Counter()
    for clip in build(SETS[args.set])[::args.step]:
        if clip.kind != "command" or clip.condition != "babble":
            continue
        recognizer.speech_s.clear()
        outcome = run_clip(recognizer, segmenter, read_wav(SETS_DIR / args.set / clip.path)[0], clip)
        counts[category(outcome, recognizer.speech_s)] += 1
    print(f"{args.set} (--step {args.step}): {sum(counts.values())} command clips over babble")
    for name in CATEGORIES:
        print(f"  {name}: {counts[name]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
