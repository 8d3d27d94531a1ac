"""Sweeps the segmenter's settings and the early decision on the tuning side only.

Each setting is scored on the tuning set's two held-out speakers (every clip of theirs, clean,
brown noise and hum) with its noise bursts, and on the same speakers in the tuning side's
babble (`bench.speech_sets.TUNING_BABBLE`): commands right, false accepts, latency from the
end of the speech. Settings are module constants, given as JSON (names in `speech.vad`, or in
`speech.recognizer` with an "R_" prefix, in `speech.spotting` with "S_", in `speech.foreground` with "F_", in `speech.room` with "M_"):

    python -m bench.endpoint_tune '[{"EARLY_END_S": 0.096}, {"EARLY_END_S": 0.128}]'
    python -m bench.endpoint_tune '[{"R_EARLY_CONFIDENCE": 2}, {"R_EARLY_CONFIDENCE": 0.9}]'
    python -m bench.endpoint_tune '[{"S_SPOT_AFTER_S": 99}, {"S_SPOT_CONFIDENCE": 0.8}]'
    python -m bench.endpoint_tune '[{"QUIET_ENDS": false}, {"QUIET_ENDS": true, "F_QUIET_MARGIN_DB": 2.0}]'

Settings stay applied for the entries after them.
"""
from __future__ import annotations

import json
import sys
import time
from typing import Dict, List

import speech.foreground as foreground_module
import speech.recognizer as recognizer_module
import speech.room as room_module
import speech.spotting as spotting_module
import speech.vad as vad_module
from bench.command_data import HELD_OUT_SPEAKERS
from bench.speech_eval import Outcome, evaluate, run_clip, summarise
from bench.speech_sets import SETS_DIR, TUNING, TUNING_BABBLE, build
from speech.recognizer import CommandRecognizer
from speech.wavtools import read_wav


def tuning_hold_out(recognizer: CommandRecognizer) -> List[Outcome]:
    segmenter = recognizer.segmenter()
    clips = [c for c in build(TUNING) if c.speaker in HELD_OUT_SPEAKERS or c.kind == "noise"]
    return [run_clip(recognizer, segmenter, read_wav(SETS_DIR / TUNING.name / c.path)[0], c) for c in clips]


MODULES = {"R_": recognizer_module, "S_": spotting_module, "F_": foreground_module, "M_": room_module}


def apply(setting: Dict[str, float]) -> None:
    for name, value in setting.items():
        module = MODULES.get(name[:2], vad_module)
        setattr(module, name[2:] if module is not vad_module else name, value)


def main(argv: List[str]) -> int:
    settings = json.loads(argv[0]) if argv else [{}]
    recognizer = CommandRecognizer(spotting=any(name.startswith("S_") for s in settings for name in s))
    for setting in settings:
        apply(setting)
        started = time.perf_counter()
        rates = {f"tuning {k}": v for k, v in summarise(tuning_hold_out(recognizer)).items()}
        rates.update({f"babble {k}": v for k, v in
                      summarise(evaluate(recognizer, TUNING_BABBLE.name, spec=TUNING_BABBLE)).items()})
        shown = ", ".join(f"{k} {v:.3f}" if v < 1.5 else f"{k} {v:.0f}" for k, v in rates.items())
        print(f"{setting}: {shown} ({time.perf_counter() - started:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
