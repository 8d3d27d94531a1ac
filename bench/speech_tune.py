"""Fits the rejection model (`speech/rejection.json`) on the tuning set, never the test set.

Every tuning clip is streamed through the VAD and decoded as in real use; each decode where
the grammar found a phrase becomes one example, positive when it is the command that was
said. A logistic regression over `speech.confidence.FEATURES` is fitted (class-balanced),
and the threshold is the lowest probability that keeps false accepts on the tuning set's
out-of-grammar speech and noise at or under TARGET_FALSE_ACCEPTS.

    python -m bench.speech_tune
"""
from __future__ import annotations

import numpy as np

from bench.speech_eval import evaluate, summarise
from speech.confidence import FEATURES, RejectionModel
from speech.recognizer import CommandRecognizer

TARGET_FALSE_ACCEPTS = 0.01


def fit(outcomes) -> RejectionModel:
    from sklearn.linear_model import LogisticRegression

    rows, labels, owners = [], [], []
    for index, outcome in enumerate(outcomes):
        for hearing in outcome.hearings:
            if hearing.phrase is None:
                continue
            rows.append([hearing.values[name] for name in FEATURES])
            labels.append(outcome.clip.expected == hearing.phrase)
            owners.append(index)
    x, y = np.array(rows), np.array(labels)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    regression = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000).fit((x - mean) / scale, y)
    model = RejectionModel(mean, scale, regression.coef_[0], float(regression.intercept_[0]), 0.5)
    probabilities = np.array([model.probability(dict(zip(FEATURES, row))) for row in x])
    # The lowest threshold whose clip-level false accepts stay under target.
    negatives = {}
    for owner, probability in zip(owners, probabilities):
        if outcomes[owner].clip.expected is None:
            negatives[owner] = max(negatives.get(owner, 0.0), probability)
    clips_out = sum(1 for o in outcomes if o.clip.expected is None)
    for threshold in np.arange(0.05, 1.0, 0.01):
        if sum(p >= threshold for p in negatives.values()) / clips_out <= TARGET_FALSE_ACCEPTS:
            model.threshold = round(float(threshold), 2)
            break
    model.note = (f"fitted by bench.speech_tune on the tuning set ({len(outcomes)} clips, {len(rows)} decodes); "
                  f"threshold for <= {TARGET_FALSE_ACCEPTS:.0%} false accepts there")
    return model


def main() -> int:
    recognizer = CommandRecognizer(rejection=None)
    outcomes = evaluate(recognizer, "tuning")
    print("tuning set without rejection:", summarise(outcomes))
    model = fit(outcomes)
    model.save()
    recognizer.rejection = model
    for outcome in outcomes:
        for hearing in outcome.hearings:
            if hearing.phrase is not None:
                hearing.confidence = model.probability(hearing.values)
                hearing.accepted = hearing.confidence >= model.threshold
    print(f"threshold {model.threshold}; tuning set with rejection:", summarise(outcomes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
