"""Which FAQ topic a message is about, and whether that is sure enough to answer.

Pure functions over the NLU output (no Rasa import): used by the NLU component that turns an
unsure topic into a fallback (nlp/faq_fallback.py), by the action that asks back
(actions/faq_choice.py) and by the threshold tuner (scripts/tune_faq_choice.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

FAQ = "faq"
FALLBACK_INTENT = "nlu_fallback"
FAQ_PREFIX = "faq/"
MAX_CHOICES = 3
# Chosen on tests/eval/people_dev.yml (scripts/tune_faq_choice.py), never on the test set.
DEFAULTS = {"threshold": 0.4, "margin": 0.1, "choice_floor": 0.08}


@dataclass
class FaqDecision:
    """Answer one topic, or ask between a few."""

    answer: Optional[str] = None
    choices: List[str] = field(default_factory=list)


def faq_ranking(message: Dict[str, Any]) -> List[Tuple[str, float]]:
    """(topic, confidence) pairs from the ResponseSelector's output for `faq`, best first."""
    selector = (message.get("response_selector") or {}).get(FAQ) or {}
    ranking = [(str(r.get("intent_response_key") or ""), float(r.get("confidence") or 0.0))
               for r in selector.get("ranking") or []]
    chosen = selector.get("response") or {}
    key, confidence = chosen.get("intent_response_key"), chosen.get("confidence")
    if key and not any(k == key for k, _ in ranking):
        ranking.insert(0, (str(key), float(confidence or 0.0)))
    ranking = [(k[len(FAQ_PREFIX):], c) for k, c in ranking if k.startswith(FAQ_PREFIX)]
    return sorted(ranking, key=lambda pair: -pair[1])


def decide(ranking: Sequence[Tuple[str, float]], threshold: float = DEFAULTS["threshold"],
           margin: float = DEFAULTS["margin"], floor: float = DEFAULTS["choice_floor"]) -> FaqDecision:
    """Answer the top topic, or the two or three likely ones to offer; pure, tuned offline."""
    if not ranking:
        return FaqDecision()
    top, top_confidence = ranking[0]
    runner_up = ranking[1][1] if len(ranking) > 1 else 0.0
    if top_confidence >= 0.999 or (top_confidence >= threshold and top_confidence - runner_up >= margin):
        return FaqDecision(answer=top)
    return FaqDecision(choices=likely_topics(ranking, floor))


def likely_topics(ranking: Sequence[Tuple[str, float]], floor: float = DEFAULTS["choice_floor"]) -> List[str]:
    """The topics worth offering: up to three above the floor, never fewer than two."""
    choices = [topic for topic, confidence in ranking[:MAX_CHOICES] if confidence >= floor]
    if len(choices) < 2:
        choices = [topic for topic, _ in ranking[:2]]
    return choices


def best_real_intent(message: Dict[str, Any]) -> Optional[str]:
    """The classifiers' first guess under a `nlu_fallback`."""
    for candidate in message.get("intent_ranking") or []:
        if candidate.get("name") not in (None, FALLBACK_INTENT):
            return candidate["name"]
    return None
