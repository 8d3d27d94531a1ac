"""Runs the recogniser over a generated set (`bench.speech_sets`) as it runs live: each clip is
streamed in 30 ms blocks through the VAD segmenter, and every utterance it cuts is decoded.

A clip's outcome is the list of phrases accepted from it as answers between turns (where a
"stop", "pause" or "help" needs the model's own threshold, `Hearing.answers`). A command clip
is right when that list is exactly its phrase; an out-of-grammar or noise clip is a false
accept when the list is not empty. During a hold only the stopping phrases are heard, at
their low threshold: `summarise` reports those separately (`hold_*`). Latency is measured
from the true end of the speech in the clip to the decision: the VAD's wait for silence
(stream time) plus the decode (wall-clock time); of every command clip (the bar's), and of
the commands heard right only (what a person heard waits).
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import numpy as np

from bench.speech_sets import SETS_DIR, Clip, build
from speech.recognizer import INTERRUPTING, CommandRecognizer, Hearing
from speech.vad import Segmenter
from speech.wavtools import read_wav

BLOCK = 480  # 30 ms, what a sound card or the widget delivers at a time


@dataclass
class Outcome:
    clip: Clip
    hearings: List[Hearing] = field(default_factory=list)
    latencies_s: List[float] = field(default_factory=list)

    @property
    def accepted(self) -> List[str]:
        """The phrases acted on between turns."""
        return [h.phrase for h in self.hearings if h.answers]

    @property
    def stops(self) -> List[str]:
        """The phrases that would stop a running hold."""
        return [h.phrase for h in self.hearings if h.accepted and h.phrase in INTERRUPTING]

    @property
    def right(self) -> bool:
        return self.accepted == [self.clip.expected]

    @property
    def decision_latency_s(self) -> Optional[float]:
        """From the end of the speech to the first accepted phrase (else to the last decision):
        background sound after a command may open another utterance that ends much later."""
        for hearing, latency in zip(self.hearings, self.latencies_s):
            if hearing.answers:
                return latency
        return self.latencies_s[-1] if self.latencies_s else None

    @property
    def false_accept(self) -> bool:
        return self.clip.expected is None and bool(self.accepted)


def run_clip(recognizer: CommandRecognizer, segmenter: Segmenter, samples: np.ndarray, clip: Clip) -> Outcome:
    segmenter.reset()
    outcome = Outcome(clip)
    utterances = []
    for start in range(0, len(samples), BLOCK):
        utterances += [u for u in segmenter.feed(samples[start: start + BLOCK]) if u is not None]
    utterances += [u for u in segmenter.flush() if u is not None]
    for utterance in utterances:
        hearing = recognizer.hear_utterance(utterance)
        outcome.hearings.append(hearing)
        outcome.latencies_s.append(max(0.0, utterance.closed_s - clip.speech_end_s) + hearing.decode_s)
    return outcome


def evaluate(recognizer: CommandRecognizer, set_name: str, vad: Optional[str] = None, step: int = 1,
             spec=None) -> List[Outcome]:
    from bench.speech_sets import SETS

    clips = build(spec or SETS[set_name])[::step]
    folder = SETS_DIR / (spec.name if spec else set_name)
    segmenter = recognizer.segmenter(vad)
    outcomes = []
    for clip in clips:
        samples, _ = read_wav(folder / clip.path)
        outcomes.append(run_clip(recognizer, segmenter, samples, clip))
    return outcomes


def percentile(values: List[float], share: float) -> float:
    return float(np.percentile(values, share * 100)) if values else float("nan")


def summarise(outcomes: List[Outcome]) -> Dict[str, float]:
    """Share right per condition for commands, false accepts for speech and noise, latency."""
    result: Dict[str, float] = {}
    commands = [o for o in outcomes if o.clip.kind == "command"]
    for condition in sorted({o.clip.condition for o in commands}):
        chosen = [o.right for o in commands if o.clip.condition == condition]
        result[f"commands_{condition}"] = statistics.mean(chosen)
    noisy = [o.right for o in commands if o.clip.condition not in ("clean", "reverb")]
    if noisy:
        result["commands_noisy"] = statistics.mean(noisy)
    speech = [o for o in outcomes if o.clip.kind == "speech"]
    noise = [o for o in outcomes if o.clip.kind == "noise"]
    if speech:
        result["false_accepts_speech"] = statistics.mean(o.false_accept for o in speech)
    if noise:
        result["false_accepts_noise"] = statistics.mean(o.false_accept for o in noise)
    if speech or noise:
        result["false_accepts"] = statistics.mean(o.false_accept for o in speech + noise)
    latencies = [o.decision_latency_s for o in commands if o.latencies_s]
    result["latency_p50_ms"] = percentile(latencies, 0.5) * 1000
    result["latency_p95_ms"] = percentile(latencies, 0.95) * 1000
    # What a person waits for a command that is heard: a missed one's last decision (over talk,
    # often the talk's own end) says nothing about that wait.
    heard = [o.decision_latency_s for o in commands if o.right]
    result["heard_latency_p50_ms"] = percentile(heard, 0.5) * 1000
    result["heard_latency_p95_ms"] = percentile(heard, 0.95) * 1000
    result.update(during_hold(outcomes))
    result["clips"] = len(outcomes)
    return result


def during_hold(outcomes: List[Outcome]) -> Dict[str, float]:
    """While a hold runs only the stopping phrases are heard, at their low threshold: the share
    of them heard (as themselves) and of speech and noise that would stop the hold."""
    result: Dict[str, float] = {}
    stopping = [o for o in outcomes if o.clip.kind == "command" and o.clip.expected in INTERRUPTING]
    if stopping:
        result["hold_stops_right"] = statistics.mean(o.stops == [o.clip.expected] for o in stopping)
    for kind in ("speech", "noise"):
        chosen = [bool(o.stops) for o in outcomes if o.clip.kind == kind]
        if chosen:
            result[f"hold_false_stops_{kind}"] = statistics.mean(chosen)
    return result
