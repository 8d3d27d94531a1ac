"""Which chatter the command classifier takes for a command, and which checks stop it, on the
tuning side only (cross-validated, so every judged row comes from a model that never saw it).

The rows of `bench.command_data` (tuning set and generated tuning-side clips) are split into
FOLDS by speaker and, independently, by chatter phrase: fold k's model is fitted without fold
k's speakers and phrases, and judges fold k's speakers' commands and held-out chatter, and one
fold's share of the noise bursts. A clip is right when exactly its command is accepted from it,
a false accept when anything is accepted from chatter or noise. The tuning set's ten held-out
phrases and two held-out speakers (`bench.command_data`) are never trained on here either.

Checks measured on the pooled out-of-fold probabilities (`speech.command_classifier`):
the top-phrase threshold, the probability "rejected" may keep (`reject_below`), and the
per-phrase duration check (the utterance's speech against the lengths the phrase had in
training, widened by a factor).

    python -m bench.speech_chatter               # the worst phrases and a grid of checks
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from typing import Dict, List, Optional, Tuple

import numpy as np

from bench.command_data import HELD_OUT_PHRASES, HELD_OUT_SPEAKERS, rows
from bench.train_commands import CHOSEN, PHRASES, fit, vectors
from speech.command_classifier import REJECT
from speech.recognizer import COMMANDS

FOLDS = 4
SEED = 3


def duration_bounds(speech_s: np.ndarray, labels: np.ndarray, classes, share: float = 0.005):
    """Per class, the shortest and longest speech of its training rows (the `share` at either
    end left out: a VAD cut gone wrong); "rejected" and classes with no rows: no bounds."""
    low, high = np.zeros(len(classes)), np.full(len(classes), np.inf)
    for index, name in enumerate(classes):
        lengths = speech_s[labels == name]
        if name != REJECT and len(lengths):
            low[index], high[index] = np.quantile(lengths, [share, 1 - share])
    return low, high


def folds(data: Dict[str, np.ndarray]) -> Tuple[np.ndarray, np.ndarray]:
    """Fold of each row's speaker and of its phrase (chatter only; commands: -1), noise by clip."""
    rng = np.random.default_rng(SEED)
    speakers = sorted({s for s in data["speakers"] if s and s not in HELD_OUT_SPEAKERS})
    chatter = sorted({p for p, label in zip(data["phrases"], data["labels"])
                      if p and p not in COMMANDS and p not in HELD_OUT_PHRASES})
    speaker_fold = dict(zip(rng.permutation(speakers), np.arange(len(speakers)) % FOLDS))
    phrase_fold = dict(zip(rng.permutation(chatter), np.arange(len(chatter)) % FOLDS))
    speaker_of = np.array([speaker_fold.get(s, -2) for s in data["speakers"]])
    noise = data["speakers"] == ""
    speaker_of[noise] = data["clips"][noise] % FOLDS
    phrase_of = np.array([phrase_fold.get(p, -1) for p in data["phrases"]])
    return speaker_of, phrase_of


def out_of_fold(data, settings=CHOSEN) -> Tuple[np.ndarray, np.ndarray]:
    """(rows, classes) probabilities and (rows, classes, 2) duration bounds, each from the fold model
    that did not see the row; NaN for rows never judged (the held-out speakers and phrases, which
    are never trained on either)."""
    x = vectors(data, settings["pooling"])  # the pooling the fold models are fitted with
    speaker_of, phrase_of = folds(data)
    excluded = np.isin(data["speakers"], HELD_OUT_SPEAKERS) | np.isin(data["phrases"], HELD_OUT_PHRASES)
    probabilities = np.full((len(x), len(PHRASES)), np.nan)
    bounds = np.full((len(x), len(PHRASES), 2), np.nan)
    for k in range(FOLDS):
        train = (speaker_of != k) & (phrase_of != k) & ~excluded
        judged = (speaker_of == k) & ((phrase_of == k) | (phrase_of == -1)) & ~excluded
        model = fit(x[train], data["labels"][train], **settings)
        probabilities[judged] = model.probabilities(x[judged])
        low, high = duration_bounds(data["speech_s"][train], data["labels"][train], PHRASES)
        bounds[judged, :, 0], bounds[judged, :, 1] = low, high
        print(f"  fold {k}: {int(train.sum())} rows fitted, {int(judged.sum())} judged", flush=True)
    return probabilities, bounds


def accepted_rows(probabilities, bounds, speech_s, threshold=0.05, reject_below=1.0, widen: Optional[float] = None):
    """The phrase accepted from each row (None: nothing)."""
    best = np.argmax(probabilities, axis=1)
    top = probabilities[np.arange(len(best)), best]
    reject = probabilities[:, PHRASES.index(REJECT)]
    ok = (np.array(PHRASES)[best] != REJECT) & (top >= threshold) & (reject < reject_below)
    if widen is not None:
        low, high = bounds[np.arange(len(best)), best, 0], bounds[np.arange(len(best)), best, 1]
        ok &= (speech_s >= low / widen) & (speech_s <= high * widen)
    return [PHRASES[b] if good else None for b, good in zip(best, ok)]


def clip_outcomes(data, judged, accepted) -> Dict[str, float]:
    clips: Dict[tuple, List] = {}
    for i in np.flatnonzero(judged):
        key = (data["sources"][i], int(data["clips"][i]))
        said = data["phrases"][i]
        entry = clips.setdefault(key, [said, []])
        if accepted[i]:
            entry[1].append(accepted[i])
    commands = [acc == [said] for said, acc in clips.values() if said in COMMANDS]
    chatter = [bool(acc) for said, acc in clips.values() if said and said not in COMMANDS]
    first = [bool(acc) for (source, _), (said, acc) in clips.items()
             if said and said not in COMMANDS and source != "chatter"]
    noise = [bool(acc) for said, acc in clips.values() if not said]
    return {"commands": np.mean(commands), "fa_speech": np.mean(chatter), "fa_first": np.mean(first),
            "n": (len(commands), len(chatter), len(noise))}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("settings", nargs="?", default="{}", help="JSON changes to train_commands.CHOSEN")
    parser.add_argument("--more-chatter", action="store_true", help="with the chatter-only speakers' rows")
    parser.add_argument("--save", help="write the out-of-fold probabilities to this .npz")
    args = parser.parse_args(argv)
    data = rows(more_chatter=args.more_chatter)
    probabilities, bounds = out_of_fold(data, {**CHOSEN, **json.loads(args.settings)})
    if args.save:
        np.savez_compressed(args.save, probabilities=probabilities, bounds=bounds)
    judged = ~np.isnan(probabilities[:, 0])
    speech_s = data["speech_s"]
    base = accepted_rows(probabilities, bounds, speech_s)
    wrong = Counter((data["phrases"][i], base[i]) for i in np.flatnonzero(judged)
                    if base[i] and data["phrases"][i] not in COMMANDS)
    print("chatter taken for a command (said -> heard: rows):",
          ", ".join(f"{s!r}->{h!r}: {n}" for (s, h), n in wrong.most_common(40)))
    long_short = Counter()
    for i in np.flatnonzero(judged):
        if base[i] and data["phrases"][i] not in COMMANDS:
            low, high = bounds[i, PHRASES.index(base[i])]
            long_short["longer than any training " + base[i] if speech_s[i] > high else
                       "shorter" if speech_s[i] < low else "within"] += 1
    print("their length against the heard phrase's:", dict(long_short.most_common(8)))
    print(f"{'threshold':>9} {'reject<':>7} {'widen':>6}  commands  fa_speech  (without the chatter-only speakers)")
    for threshold in (0.05, 0.5, 0.7):
        for reject_below in (1.0, 0.2):
            for widen in (None, 1.2):
                r = clip_outcomes(data, judged, accepted_rows(probabilities, bounds, speech_s, threshold,
                                                              reject_below, widen))
                print(f"{threshold:9.2f} {reject_below:7.2f} {widen or 0:6.2f}  {r['commands']:8.1%} "
                      f"{r['fa_speech']:10.1%} {r['fa_first']:9.1%}  {r['n']}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
