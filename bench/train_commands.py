"""Fits the command classifiers on the tuning side only: `speech/command_classifier.npz` on every
row but those over talk in the room (babble), and `speech/command_classifier_over_talk.npz`, for
utterances `speech.room` cuts out of talk, on every row. Each is chosen and fitted as follows.

Rows come from `bench.command_data` (the tuning set and more generated tuning-side clips,
cut by the VAD and embedded). Settings are chosen on a hold-out of the tuning set: two of
its speakers (every clip of theirs), ten of its out-of-grammar phrases (said by anyone) and
its 20 noise bursts; none of them, nor those speakers' voices or variants, are trained on
while choosing. The threshold is the highest top-phrase probability at which commands right on
chatter-cross-validated rows (`bench.speech_chatter`: chatter phrases and speakers the fold's
model never heard) fall by at most TARGET_COMMANDS_LOSS, and at least the lowest that keeps the
hold-out's false accepts (clips of chatter or noise where anything was accepted) at or under
TARGET_FALSE_ACCEPTS; the stopping phrases get their own, for at most TARGET_FALSE_STOPS more.
The saved model is then refitted on every row with those settings.

    python -m bench.train_commands                 # builds the rows once (~25 min), fits the over-talk model
    python -m bench.train_commands --quiet-room    # and the quiet-room one: the committed pair
    python -m bench.train_commands --espeak-only   # without the wider voices' rows (the models before 2026-12-01)
    python -m bench.train_commands --with-talk     # with rows over talk 2-12 dB down (tried 2026-12-03, not kept)
    python -m bench.train_commands --with-talk 8-20  # the same talk at 8-20 dB (tried too, not kept)
    python -m bench.train_commands --compare       # also tries the other poolings and sizes
"""
from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass
from typing import Dict, List, Tuple

import numpy as np

from bench.command_data import GENERATED_TALK, HELD_OUT_PHRASES, HELD_OUT_SPEAKERS, held_out_clips, rows
from bench.speech_sets import TUNING, build
from speech.command_classifier import MODEL_FILE, OVER_TALK_MODEL_FILE, REJECT, CommandClassifier, pool
from speech.recognizer import COMMANDS, INTERRUPTING

TARGET_FALSE_ACCEPTS = 0.02
# The threshold is then raised as far as the cross-validated chatter check allows
# (`bench.speech_chatter`: every chatter phrase judged by a model that never heard it) while
# the commands right there fall by at most this much.
TARGET_COMMANDS_LOSS = 0.005
# Stopping phrases ("stop", "I feel dizzy", ...) may have a lower threshold: a missed one costs
# more than a hold stopped by mistake. It may add at most this many false accepts.
TARGET_FALSE_STOPS = 0.01
THRESHOLDS = np.round(np.arange(0.05, 1.0, 0.01), 2)
SEED = 0
PHRASES = list(COMMANDS) + [REJECT]
# "halves" over "stats" since 2026-12-02: the same commands for fewer chatter accepts when the
# order of sounds counts (`bench.speech_chatter`; README, "which sounds come first").
CHOSEN = {"pooling": "halves", "hidden": 0, "c": 0.1}
CANDIDATES = [CHOSEN, {"pooling": "stats", "hidden": 0, "c": 1.0}, {"pooling": "stats", "hidden": 0, "c": 0.1},
              {"pooling": "flat", "hidden": 0, "c": 0.1}, {"pooling": "stats", "hidden": 256, "c": 1e-3},
              {"pooling": "flat", "hidden": 256, "c": 1e-3}]


def held_out(data: Dict[str, np.ndarray]) -> np.ndarray:
    tuning = data["sources"] == "tuning"
    return tuning & (np.isin(data["speakers"], HELD_OUT_SPEAKERS) | np.isin(data["phrases"], HELD_OUT_PHRASES)
                     | (data["speakers"] == ""))


def vectors(data: Dict[str, np.ndarray], pooling: str) -> np.ndarray:
    return np.stack([pool(f, s, pooling) for f, s in zip(data["frames"].astype(np.float32), data["speech_s"])])


def fit(x: np.ndarray, labels: np.ndarray, pooling: str, hidden: int, c: float,
        reject_weight: float = 1.0) -> CommandClassifier:
    """Softmax regression (hidden=0, class-balanced with "rejected" weighing `reject_weight`
    phrases, L2 strength 1/c) or a one-hidden-layer network (weight decay c), deterministic."""
    y = np.array([PHRASES.index(label) for label in labels])
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mean) / scale
    if hidden == 0:
        from sklearn.linear_model import LogisticRegression

        present, counts = np.unique(y, return_counts=True)
        class_weights = dict(zip(present, len(y) / (len(present) * counts)))  # sklearn's "balanced"
        class_weights[PHRASES.index(REJECT)] *= reject_weight
        model = LogisticRegression(C=c, class_weight=class_weights, max_iter=2000, random_state=SEED).fit(z, y)
        weights, biases = [model.coef_.T], [model.intercept_]
        classes = model.classes_
    else:
        from sklearn.neural_network import MLPClassifier

        model = MLPClassifier((hidden,), alpha=c, max_iter=300, early_stopping=True, random_state=SEED).fit(z, y)
        weights, biases, classes = list(model.coefs_), list(model.intercepts_), model.classes_
    # Classes absent from the rows get no column from scikit-learn: give them one that never wins.
    last_w, last_b = np.full((weights[-1].shape[0], len(PHRASES)), 0.0), np.full(len(PHRASES), -1e4)
    last_w[:, classes], last_b[classes] = weights[-1], biases[-1]
    weights[-1], biases[-1] = last_w, last_b
    return CommandClassifier(PHRASES, mean, scale, weights, biases, 0.5, 0.5, pooling)


@dataclass
class HoldOut:
    """Clips to score (kind, expected phrase, condition each) and the rows cut from them."""

    name: str
    kinds: np.ndarray
    expected: np.ndarray
    conditions: np.ndarray
    row_clips: np.ndarray  # the clip of each row
    rows: np.ndarray  # indices into the data the rows come from (or a boolean mask)


def tuning_hold_out(data) -> HoldOut:
    """The tuning set's clips of the held-out speakers and phrases, and its bursts."""
    clips = build(TUNING)
    chosen = np.array([c.speaker in HELD_OUT_SPEAKERS or c.said in HELD_OUT_PHRASES or c.kind == "noise"
                       for c in clips])
    mask = held_out(data)
    return HoldOut("tuning hold-out", np.where(chosen, [c.kind for c in clips], "skip"),
                   np.array([c.expected or "" for c in clips]), np.array([c.condition for c in clips]),
                   data["clips"][mask], mask)


def generated_hold_out(data) -> HoldOut:
    return HoldOut("harder hold-out", data["clip_kinds"], data["clip_expected"], data["clip_conditions"],
                   data["clips"], np.ones(len(data["clips"]), dtype=bool))


def clip_rates(hold: HoldOut, probabilities, threshold: float, stopping: float = 1.0) -> Dict[str, float]:
    """Commands right (the clip's only accepted phrase is its command) per condition, and
    false accepts (anything accepted from chatter or noise); a clip with no utterance is a miss."""
    accepted: Dict[int, List[str]] = {}
    for clip, p in zip(hold.row_clips, probabilities):
        best = int(np.argmax(p))
        limit = min(threshold, stopping) if PHRASES[best] in INTERRUPTING else threshold
        if PHRASES[best] != REJECT and p[best] >= limit:
            accepted.setdefault(int(clip), []).append(PHRASES[best])
    result: Dict[str, float] = {}
    commands = np.flatnonzero(hold.kinds == "command")
    for condition in sorted(set(hold.conditions[commands])):
        result[f"commands_{condition}"] = float(np.mean([accepted.get(i) == [hold.expected[i]] for i in commands
                                                         if hold.conditions[i] == condition]))
    result["commands_noisy"] = float(np.mean([accepted.get(i) == [hold.expected[i]] for i in commands
                                              if hold.conditions[i] in ("brown", "hum")]))
    for kind in ("speech", "noise"):
        result[f"false_accepts_{kind}"] = float(np.mean([bool(accepted.get(i))
                                                         for i in np.flatnonzero(hold.kinds == kind)]))
    result["false_accepts"] = float(np.mean([bool(accepted.get(i)) for i in np.flatnonzero(
        (hold.kinds == "speech") | (hold.kinds == "noise"))]))
    return result


def choose_threshold(hold: HoldOut, probabilities, at_least: float = 0.0) -> Tuple[float, float, Dict[str, float]]:
    """The threshold (at least `at_least`), the stopping phrases' own (lower) threshold, and the
    rates with both."""
    threshold = next((float(t) for t in THRESHOLDS if t >= at_least
                      and clip_rates(hold, probabilities, t)["false_accepts"] <= TARGET_FALSE_ACCEPTS), 1.0)
    base = clip_rates(hold, probabilities, threshold)["false_accepts"]
    stopping = next(float(t) for t in THRESHOLDS if t >= threshold or clip_rates(
        hold, probabilities, threshold, t)["false_accepts"] <= base + TARGET_FALSE_STOPS)
    return threshold, stopping, clip_rates(hold, probabilities, threshold, stopping)


def chatter_threshold(data, settings) -> Tuple[float, Dict[str, float], Dict[str, float]]:
    """The highest threshold whose cross-validated commands right (bench.speech_chatter) are
    within TARGET_COMMANDS_LOSS of the lowest threshold's; the rates there at both."""
    from bench.speech_chatter import accepted_rows, clip_outcomes, out_of_fold

    probabilities, bounds = out_of_fold(data, settings)
    judged = ~np.isnan(probabilities[:, 0])
    probabilities = np.nan_to_num(probabilities)

    def rates(threshold):
        return clip_outcomes(data, judged, accepted_rows(probabilities, bounds, data["speech_s"], threshold))

    lowest = rates(THRESHOLDS[0])
    chosen = max(float(t) for t in THRESHOLDS if rates(t)["commands"] >= lowest["commands"] - TARGET_COMMANDS_LOSS)
    return chosen, lowest, rates(chosen)


def evaluate_settings(data, harder, settings, at_least: float = 0.0):
    """Fitted without the hold-out: the thresholds chosen on the tuning hold-out (at least
    `at_least`), and the rates there and (at those thresholds) on the harder hold-out."""
    hold = tuning_hold_out(data)
    train = ~hold.rows & ~np.isin(data["phrases"], HELD_OUT_PHRASES)
    x = vectors(data, settings["pooling"])
    model = fit(x[train], data["labels"][train], **settings)
    threshold, stopping, rates = choose_threshold(hold, model.probabilities(x[hold.rows]), at_least)
    hard = generated_hold_out(harder)
    hard_rates = clip_rates(hard, model.probabilities(vectors(harder, settings["pooling"])), threshold, stopping)
    return threshold, stopping, rates, hard_rates


def describe(rates: Dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.1%}" for k, v in rates.items() if isinstance(v, float))


def train(data, harder, path, compare: bool = False) -> None:
    """Choose the thresholds for `data`'s rows, refit on all of them and save to `path`."""
    print(f"{path.name}: {len(data['labels'])} rows, {int(np.sum(data['labels'] == REJECT))} rejects")
    started = time.perf_counter()
    at_least, lowest, raised = chatter_threshold(data, CHOSEN)
    print(f"cross-validated chatter: threshold {THRESHOLDS[0]}: {describe(lowest)}; {at_least}: {describe(raised)} "
          f"({time.perf_counter() - started:.0f} s)")
    for settings in CANDIDATES if compare else [CHOSEN]:
        started = time.perf_counter()
        threshold, stopping, rates, hard = evaluate_settings(data, harder, settings, at_least)
        print(f"{settings}: thresholds {threshold} / {stopping} (stopping phrases): {describe(rates)}\n"
              f"    harder hold-out: {describe(hard)} ({time.perf_counter() - started:.0f} s)")
        if settings == CHOSEN:
            chosen = threshold, stopping, rates
    started = time.perf_counter()
    model = fit(vectors(data, CHOSEN["pooling"]), data["labels"], **CHOSEN)
    model.threshold, model.stopping_threshold, rates = chosen
    model.note = (f"bench.train_commands: {CHOSEN}, {len(data['labels'])} tuning-side utterances; threshold "
                  f"{model.threshold} (cross-validated chatter: commands {raised['commands']:.1%}, false accepts "
                  f"{raised['fa_speech']:.1%}; at {THRESHOLDS[0]}: {lowest['commands']:.1%}, {lowest['fa_speech']:.1%}; "
                  f"and <= {TARGET_FALSE_ACCEPTS:.0%} false accepts on the tuning hold-out "
                  f"(speakers {', '.join(HELD_OUT_SPEAKERS)}, 10 phrases, the bursts), {model.stopping_threshold} "
                  f"for stopping phrases (<= {TARGET_FALSE_STOPS:.0%} more): {describe(rates)}")
    model.save(path)
    print(f"final fit {time.perf_counter() - started:.0f} s; saved {path.name}: {model.note}")


def subset(data: Dict[str, np.ndarray], keep: np.ndarray) -> Dict[str, np.ndarray]:
    return {name: values[keep] for name, values in data.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--compare", action="store_true", help="try every candidate setting on the hold-out")
    parser.add_argument("--quiet-room", action="store_true",
                        help="refit the quiet-room model (command_classifier.npz) too; see README")
    parser.add_argument("--espeak-only", action="store_true",
                        help="leave out bench.command_data.wider_rows (MBROLA voices and more variants; see README)")
    parser.add_argument("--with-talk", nargs="?", const="2-12", metavar="LOW-HIGH",
                        help="add bench.command_data.talk_rows, over talk LOW-HIGH dB below the speech (default "
                             "2-12; measured at 2-12 and 8-20 and not kept: README)")
    args = parser.parse_args(argv)
    # Whole decibels stay ints, so "2-12" is GENERATED_TALK itself and its cached rows.
    talk = {**GENERATED_TALK, "snr_db": [json.loads(level) for level in args.with_talk.split("-")]} \
        if args.with_talk else None
    data = rows(more_chatter=False, wider=not args.espeak_only, talk=talk)
    harder = held_out_clips()
    # Talk in the room taught the model that talk can be a command: trained on, it took chatter in
    # quiet for commands more often (bench.speech_sets.DEV). So the model for a quiet room or
    # steady noise never hears it, and the one for utterances cut out of talk hears everything.
    if args.quiet_room:
        train(subset(data, data["conditions"] != "babble"), harder, MODEL_FILE, args.compare)
    train(data, harder, OVER_TALK_MODEL_FILE, args.compare and not args.quiet_room)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
