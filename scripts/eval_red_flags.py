"""Red-flag words in context, end to end: each line to a running assistant over REST, scored.

Lines (`tests/eval/red_flags_*.yml`, written by someone who never saw the training data) say
what should happen: `alarm` (a current red flag: emergency or see-a-doctor advice), `calm`
(no alarm), `history` (no alarm; holds blocked / ask a doctor first), `hypothetical` (the
warning-signs answer, no alarm). The people sets (`people_*.yml`, ordinary questions by real
people's standards) should raise no alarm: their false alarms are counted. Each line is one new
conversation; what the bot said and what NLU understood are read back from the tracker store (SQLite).

    python -m scripts.eval_red_flags [FILE...] [--errors] [--check]

`--errors` lists the lines that went wrong, but only for dev files: test splits are read in
aggregate only. Issue 8's bars (100% current-flag recall, 95% calm) are reported for every file;
`--check` exits 1 when a test file falls below the floor reached so far (FLOORS).
"""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Dict, List

import yaml

from scripts.stack import ROOT, Stack, say, scratch_stack

EVAL_DIR = ROOT / "tests" / "eval"
DEV_SETS = ["red_flags_dev.yml"] + [f"red_flags_dev{n}.yml" for n in range(2, 11)]  # dev, dev2 … dev10
PEOPLE_DEV_SETS = ["people_dev.yml"] + [f"people_dev{n}.yml" for n in range(2, 6)]
DEFAULT_FILES = [EVAL_DIR / name for name in DEV_SETS + ["red_flags_test.yml"] + PEOPLE_DEV_SETS + ["people_test.yml"]]
ALARM_PREFIXES = ("utter_red_flag_", "utter_screen_fail_emergency")
ASK_DOCTOR_FIRST = {"utter_report_contraindication", "utter_screen_fail_doctor", "utter_screen_fail_ask_first",
                    "utter_session_blocked", "utter_contraindication_noted"}
WARNING_SIGNS = "utter_faq/warning_signs"
BARS = {"recall": 1.0, "calm": 0.95}  # issue 8's bars: printed for every file
# `--check` (make test) fails on a test file below these: issue 8's own bars, reached on the test
# set on 2026-11-30 (37/37 current flags), so a change that loses a caught flag or alarms more fails.
FLOORS = dict(BARS)


def read_turn(db: Path, sender: str) -> Dict:
    """The user's parse data and the names of the responses the bot sent, from the tracker store."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT type_name, data FROM events WHERE sender_id = ? ORDER BY id",
                                  (sender,)).fetchall()
    parse, responses = {}, []
    for type_name, data in rows:
        event = json.loads(data)
        if type_name == "user":
            parse = event.get("parse_data") or {}
        elif type_name == "bot":
            responses.append((event.get("metadata") or {}).get("utter_action") or "")
    return {"parse": parse, "responses": responses}


def judge(expect: str, turn: Dict) -> bool:
    responses = turn["responses"]
    alarm = any(r.startswith(ALARM_PREFIXES) for r in responses)
    intent = (turn["parse"].get("intent") or {}).get("name")
    if expect == "alarm":
        return alarm
    if expect == "calm":
        return not alarm
    if expect == "history":
        return not alarm and (intent == "report_contraindication" or bool(ASK_DOCTOR_FIRST & set(responses)))
    if expect == "hypothetical":
        return not alarm and WARNING_SIGNS in responses
    raise ValueError(f"unknown expectation {expect!r}")


def attribute_counts(turns: List[Dict]) -> Counter:
    """How many judged mentions were negated, past, asked about, someone else's (from `safety_context`)."""
    counts: Counter = Counter()
    for turn in turns:
        for mention in turn["parse"].get("safety_context") or []:
            counts["mentions"] += 1
            counts["negated"] += mention["negated"]
            counts["historical"] += mention["time"] in ("past", "recent", "resolved")
            counts["hypothetical"] += mention["hypothetical"]
            counts["other experiencer"] += mention["experiencer"] == "other"
    return counts


def context_cost(texts: List[str]) -> Dict[str, float]:
    """Milliseconds per message: the spaCy pipeline alone, and with ConText on top (in process)."""
    from nlp import pipeline
    from nlp.context import ContextAnnotator

    nlp = pipeline.load()
    annotator = ContextAnnotator(nlp)
    timings = {"spacy": [], "spacy+context": []}
    for _ in range(3):
        for text in texts:
            started = time.perf_counter()
            doc = nlp(text)
            middle = time.perf_counter()
            annotator.mentions(doc)
            ended = time.perf_counter()
            timings["spacy"].append((middle - started) * 1000)
            timings["spacy+context"].append((ended - started) * 1000)
    return {name: statistics.median(values) for name, values in timings.items()} | {
        "context p95": sorted(timings["spacy+context"])[int(0.95 * len(timings["spacy+context"]))]}


def read_lines(path: Path) -> List[Dict]:
    """A red-flag file's lines, or a people file's messages as lines expected to stay calm."""
    data = yaml.safe_load(path.read_text())
    if "lines" in data:
        return data["lines"]
    return [{"text": m["text"], "expect": "calm", "context": m.get("topic")} for m in data["messages"]]


def is_people(path: Path) -> bool:
    return path.name.startswith("people")


def evaluate(stack: Stack, path: Path, show_errors: bool) -> Dict:
    lines = read_lines(path)
    results: Dict[str, List[bool]] = {"alarm": [], "calm": [], "history": [], "hypothetical": []}
    turns = []
    for number, line in enumerate(lines):
        sender = f"eval-{path.stem}-{number}-{os.getpid()}"
        say(stack.config.rasa_url, sender, line["text"])
        turn = read_turn(stack.config.tracker_db, sender)
        turns.append(turn)
        ok = judge(line["expect"], turn)
        results[line["expect"]].append(ok)
        if show_errors and not ok:
            intent = (turn["parse"].get("intent") or {}).get("name")
            context = [(c["kind"], c["outcome"], c["time"]) for c in turn["parse"].get("safety_context") or []]
            print(f"  x {path.stem}#{number} [{line['expect']}/{line.get('context')}] {line['text']!r}\n"
                  f"      intent={intent} responses={turn['responses']} context={context}")
    return {"results": results, "turns": turns, "texts": [line["text"] for line in lines]}


def rate(values: List[bool]) -> str:
    return f"{sum(values)}/{len(values)} = {100 * sum(values) / len(values):.1f}%" if values else "n/a"


def report(path: Path, outcome: Dict) -> Dict[str, float]:
    results = outcome["results"]
    if is_people(path):
        alarms = len(results["calm"]) - sum(results["calm"])
        print(f"\n{path.name}\n  false alarms on ordinary questions  {alarms}/{len(results['calm'])} = "
              f"{100 * alarms / max(1, len(results['calm'])):.1f}%")
        return {}
    print(f"\n{path.name}")
    names = {"alarm": "current-flag recall", "calm": "calm", "history": "history (ask a doctor first)",
             "hypothetical": "hypothetical (warning signs)"}
    for key, label in names.items():
        print(f"  {label:30} {rate(results[key])}")
    counts = attribute_counts(outcome["turns"])
    print("  context attributes: " + ", ".join(f"{k} {counts[k]}" for k in
                                               ("mentions", "negated", "historical", "hypothetical", "other experiencer")))
    return {"recall": sum(results["alarm"]) / max(1, len(results["alarm"])),
            "calm": sum(results["calm"]) / max(1, len(results["calm"]))}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES)
    parser.add_argument("--errors", action="store_true", help="list wrong lines (dev files only)")
    parser.add_argument("--check", action="store_true", help="exit 1 below the bars")
    parser.add_argument("--rasa-port", type=int, default=5105, help="port of the Rasa server it starts")
    parser.add_argument("--action-port", type=int, default=5155, help="port of the action server it starts")
    args = parser.parse_args(argv)
    with scratch_stack(args.rasa_port, args.action_port) as stack:
        files = [path for path in args.files if path.exists() or path not in DEFAULT_FILES]
        outcomes = {path: evaluate(stack, path, args.errors and "test" not in path.name) for path in files}
    failed = False
    for path, outcome in outcomes.items():
        scores = report(path, outcome)
        below = [f"{name} {scores[name]:.1%} < {bar:.0%}" for name, bar in BARS.items() if name in scores and scores[name] < bar]
        if below:
            print("  below issue 8's bar: " + "; ".join(below))
        floor = [f"{name} {scores[name]:.1%} < {bar:.0%}" for name, bar in FLOORS.items()
                 if "test" in path.name and name in scores and scores[name] < bar]
        if floor:
            print("  BELOW THE FLOOR make test keeps: " + "; ".join(floor))
            failed = True
    texts = [text for outcome in outcomes.values() for text in outcome["texts"]]
    try:
        cost = context_cost(texts)
    except ImportError:  # a build without ConText (the numbers before it)
        return 1 if failed and args.check else 0
    print(f"\nConText cost in process ({len(texts)} messages, median ms/message): spaCy pipeline "
          f"{cost['spacy']:.2f}, with ConText {cost['spacy+context']:.2f} (p95 {cost['context p95']:.2f})")
    return 1 if failed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
