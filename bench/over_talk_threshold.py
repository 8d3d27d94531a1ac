"""The over-talk model's threshold swept on the tuning side's development set (`bench.speech_sets.DEV`).

`bench.train_commands` sets each model's threshold from cross-validated tuning rows. For the
model that hears utterances cut out of talk in the room (`speech.room`), DEV, run as live
(`bench.speech_eval`), showed babble chatter taken for a command falling faster than commands
heard as that threshold rose. This prints that trade and the threshold the training rule would
give if it were applied here: the highest at which DEV's commands right, over all its
conditions, fall by at most `bench.train_commands.TARGET_COMMANDS_LOSS`. The saved model keeps
the training rule's threshold: the test sets did not bear the raise out (README, "the over-talk
model's threshold").

DEV is run once. Raising the threshold only un-accepts the over-talk model's non-stopping
phrases below it (stopping phrases keep their own, lower threshold), so every candidate is
scored exactly from that one run, up to EARLY_CONFIDENCE, where early decisions would change.

    python -m bench.over_talk_threshold
"""
from __future__ import annotations

import argparse
from typing import Dict, List

from bench.speech_eval import Outcome, evaluate
from bench.train_commands import TARGET_COMMANDS_LOSS, THRESHOLDS
from speech.recognizer import EARLY_CONFIDENCE, INTERRUPTING, CommandRecognizer, Hearing


def accepted_at(hearing: Hearing, threshold: float) -> bool:
    """Whether `hearing` stays accepted with the over-talk threshold raised to `threshold`."""
    raised = hearing.over_talk and hearing.phrase not in INTERRUPTING
    return hearing.accepted and (not raised or hearing.confidence >= threshold)


def rates_at(outcomes: List[Outcome], threshold: float) -> Dict[str, float]:
    commands = chatter = right = taken = 0
    for outcome in outcomes:
        accepted = [h.phrase for h in outcome.hearings if accepted_at(h, threshold)]
        if outcome.clip.kind == "command":
            commands += 1
            right += accepted == [outcome.clip.expected]
        elif outcome.clip.kind == "speech":
            chatter += 1
            taken += bool(accepted)
    return {"commands": right / commands, "chatter_taken": taken / chatter}


def candidates(base: float) -> List[float]:
    """The thresholds one run can score exactly: from `base` up to EARLY_CONFIDENCE."""
    return [float(t) for t in THRESHOLDS if base <= t < EARLY_CONFIDENCE]


def choose(outcomes: List[Outcome], base: float) -> float:
    """The highest candidate threshold whose commands right are within TARGET_COMMANDS_LOSS of `base`'s."""
    floor = rates_at(outcomes, base)["commands"] - TARGET_COMMANDS_LOSS
    return max(t for t in candidates(base) if rates_at(outcomes, t)["commands"] >= floor - 1e-9)


def main(argv=None) -> int:
    argparse.ArgumentParser(description=__doc__).parse_args(argv)
    recognizer = CommandRecognizer()
    base = recognizer.over_talk_model.threshold
    outcomes = evaluate(recognizer, "dev")
    for threshold in candidates(base):
        rates = rates_at(outcomes, threshold)
        print(f"{threshold:.2f}: commands right {rates['commands']:.1%}, chatter taken {rates['chatter_taken']:.1%}")
    chosen = choose(outcomes, base)
    print(f"the training rule, applied on DEV: {chosen} (the model's: {base})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
