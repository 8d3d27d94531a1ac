"""Chooses the "answer or ask" thresholds of nlp/faq_fallback.py on a dev set.

Parses every dev message once with the trained model (in process: NLU, red-flag override and
the ResponseSelector), then replays `faq_fallback.decide` for a grid of thresholds and prints
on-topic / wrong-confident / asked shares. Messages whose intent is not `faq` get the answer
their intent leads to (the thresholds don't change those); an intent below FallbackClassifier's
threshold is asked back whatever the topic. Only for dev sets: thresholds are never chosen on
the test set.

    python -m scripts.tune_faq_choice tests/eval/people_dev.yml [--model M] [--max-asked 0.15]
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import sys
from pathlib import Path
from typing import Dict, List, Set, Tuple

import yaml

from nlp.faq_topics import best_real_intent, decide, faq_ranking, likely_topics

INTENT_FALLBACK = 0.45  # FallbackClassifier threshold in config.yml

# What a non-FAQ intent leads to, in the evaluation's labels (see scripts/eval_people.py).
INTENT_ANSWERS: Dict[str, Set[str]] = {
    "describe_symptoms": {"why_wrist", "why_knot"}, "start_session": {"start_session"},
    "out_of_scope": {"out_of_scope"}, "nlu_fallback": {"out_of_scope"}, "feel_pulse": {"pulse_safety"},
    "too_much_pain": {"hurts_or_tingles"},
}


async def parse_all(model: Path, texts: List[str]) -> List[dict]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    parses = []
    for text in texts:
        try:
            parses.append(await agent.parse_message(text))
        except Exception as error:  # a pipeline that can't parse a message: counted as not understood
            print(f"could not parse {text[:40]!r}: {type(error).__name__}", file=sys.stderr)
            parses.append({"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.0}})
    return parses


def replay(items: List[dict], parses: List[dict], confident: float, margin: float, floor: float) -> Tuple[float, float, float]:
    on_topic = wrong = asked = 0
    for item, parse in zip(items, parses):
        fair = {item["topic"], *(item.get("also") or [])}
        intent = (parse.get("intent") or {}).get("name")
        if intent == "nlu_fallback" and best_real_intent(parse) == "faq":
            faq_confidence = next(r["confidence"] for r in parse["intent_ranking"] if r["name"] == "faq")
            if faq_confidence < INTENT_FALLBACK:  # asked back whatever the topic
                asked += 1
                on_topic += bool(set(likely_topics(faq_ranking(parse), floor)) & fair)
                continue
            intent = "faq"
        if intent == "faq":
            decision = decide(faq_ranking(parse), confident, margin, floor)
            if decision.answer:
                on_topic += decision.answer in fair
                wrong += decision.answer not in fair
            else:
                asked += 1
                on_topic += bool(set(decision.choices) & fair)
        elif intent == "red_flag":
            wrong += 1
        elif intent in INTENT_ANSWERS:
            hit = bool(INTENT_ANSWERS[intent] & fair)
            on_topic += hit
            # "not understood" is a miss but not a confident one
            wrong += (not hit) and intent != "nlu_fallback"
    n = len(items)
    return on_topic / n, wrong / n, asked / n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dev_set", type=Path)
    parser.add_argument("--model", type=Path)
    parser.add_argument("--max-asked", type=float, default=0.15)
    args = parser.parse_args()
    if "dev" not in args.dev_set.name:
        parser.error("thresholds are chosen on a dev set only")
    logging.disable(logging.WARNING)
    from scripts.model_cache import ensure_model

    items = yaml.safe_load(args.dev_set.read_text())["messages"]
    parses = asyncio.run(parse_all(args.model or ensure_model(), [i["text"] for i in items]))
    grid = itertools.product([0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], [0.0, 0.1, 0.2, 0.3, 0.4], [0.02, 0.05, 0.1])
    results = [(c, m, f, *replay(items, parses, c, m, f)) for c, m, f in grid]
    print(" confident margin floor | on-topic  wrong  asked")
    for c, m, f, on, wrong, asked in sorted(results, key=lambda r: (-r[3], r[4])):
        if asked <= args.max_asked:
            print(f"   {c:.2f}     {m:.2f}   {f:.2f} |  {on:6.1%} {wrong:6.1%} {asked:6.1%}")
    never = replay(items, parses, 0.0, -1.0, 0.0)
    print(f"never asking: on-topic {never[0]:.1%}, wrong confident {never[1]:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
