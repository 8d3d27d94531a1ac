"""Real people's questions, end to end: which answer does each one get?

Starts the real assistant (action server + Rasa server, test ports), sends every message of
an evaluation set (`tests/eval/people_*.yml`: `messages: [{text, topic, also, style}]`) over
REST as a new conversation, the same path a person meets (NLU, red-flag override, fallback,
the question back), and names the answer from the served model's own response texts.

Scores: **on-topic** = the answer is `topic` or in `also`, or a question back whose choices
include one of them ("asked"); **wrong confident** = one answer outside topic/also (an alarm
counts as wrong unless the right answer follows the advice; alarms are also counted apart);
"not understood" and a question back without the right choice are misses
that were at least not confident. Individual messages are printed only for a dev set.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
import tarfile
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Set

import yaml

from nlp.safety_kinds import DOCTOR, RED_FLAGS
from scripts.stack import say, scratch_stack

# Response names -> what they answer. FAQ answers (utter_faq/<topic>) map to their topic;
# the symptom explanations count as why_wrist / why_knot (brief of issue 8).
ANSWERS = {
    "utter_explain_wrist": {"why_wrist"}, "utter_explain_knot": {"why_knot"},
    "utter_explain_general": {"why_wrist", "why_knot"},
    "utter_screen_intro": {"start_session"}, "utter_screen_remembered": {"start_session"},
    "utter_out_of_scope": {"out_of_scope"},
    "utter_pulse_info": {"pulse_safety"}, "utter_ease_off_outside": {"hurts_or_tingles"},
    # "I had a TIA, am I OK to do this?": the ask-a-doctor-first answer naming their own reason.
    "utter_ask_doctor_first": {"ask_doctor_first"},
    # "See a doctor soon, within days" answers "do I need to see a doctor?" (not an emergency's advice).
    **{flag.response: {"when_see_doctor"} for flag in RED_FLAGS.values() if flag.severity == DOCTOR},
}
ASKING = ("utter_faq_choices", "utter_faq_choice_one")
NOT_UNDERSTOOD = "utter_default"
ALARMS = ("utter_red_flag_", "utter_screen_fail_")
TOPIC_PAYLOAD = re.compile(r'^/inform\{.*"faq_topic":\s*"([a-z_]+)"')


@dataclass
class Outcome:
    """What one reply was: an answer, a question back, an alarm, not understood, or other."""

    kind: str
    topics: Set[str] = field(default_factory=set)
    response: str = ""


class ResponseNames:
    """Maps a bot message's text back to the response it came from (the served domain's texts)."""

    def __init__(self, domain: dict):
        self.patterns = []
        for name, variations in (domain.get("responses") or {}).items():
            for variation in variations or []:
                if variation.get("channel") or not variation.get("text"):
                    continue
                pattern = re.sub(r"\\\{\w+\\\}", ".+?", re.escape(variation["text"].strip()))
                self.patterns.append((re.compile(pattern, re.S), name))

    def name(self, text: str) -> str:
        for pattern, name in self.patterns:
            if pattern.fullmatch(text.strip()):
                return name
        return ""


def model_domain(model: Path) -> dict:
    """The domain a trained model serves (Rasa keeps it inside the archive)."""
    with tarfile.open(model) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith("domain_provider/domain.yml"))
        return yaml.safe_load(archive.extractfile(member))


def answer_topics(name: str) -> Set[str]:
    """The topics a response answers (none for anything that is not an answer)."""
    if name.startswith("utter_faq/"):
        return {name.split("/", 1)[1]}
    return set(ANSWERS.get(name, ()))


def classify(messages: List[dict], names: ResponseNames) -> Outcome:
    found = [(names.name(m.get("text") or ""), m) for m in messages if m.get("text")]
    responses = [n for n, _ in found]
    alarm = next((n for n in responses if n.startswith(ALARMS)), None)
    if alarm:
        # See-a-doctor advice may be followed by the answer to the question (counted as both).
        answered = set().union(*(answer_topics(n) for n in responses))
        return Outcome("alarm", answered, alarm)
    for name, message in found:
        if name in ASKING:
            payloads = [b.get("payload", "") for b in message.get("buttons") or []]
            topics = {m.group(1) for m in map(TOPIC_PAYLOAD.match, payloads) if m}
            return Outcome("asked", topics, name)
        if topics := answer_topics(name):
            return Outcome("answer", topics, name)
        if name == NOT_UNDERSTOOD:
            return Outcome("not_understood", response=name)
    return Outcome("other", response=responses[0] if responses else "(none)")


def verdict(item: dict, outcome: Outcome) -> str:
    """on_topic_answer / on_topic_asked / wrong_confident / asked_wrong / not_understood / other."""
    fair = {item["topic"], *(item.get("also") or [])}
    if outcome.kind == "answer":
        return "on_topic_answer" if outcome.topics & fair else "wrong_confident"
    if outcome.kind == "alarm":
        return "on_topic_answer" if outcome.topics & fair else "wrong_confident"
    if outcome.kind == "asked":
        return "on_topic_asked" if outcome.topics & fair else "asked_wrong"
    if outcome.kind == "not_understood":
        return "on_topic_answer" if "out_of_scope" in fair else "not_understood"
    return "other"


def summarise(rows: List[dict]) -> dict:
    def shares(subset: List[dict]) -> dict:
        n = len(subset) or 1
        count = Counter(r["verdict"] for r in subset)
        on_topic = count["on_topic_answer"] + count["on_topic_asked"]
        asked = count["on_topic_asked"] + count["asked_wrong"]
        return {"n": len(subset), "on_topic": on_topic / n, "wrong_confident": count["wrong_confident"] / n,
                "asked": asked / n, "alarm": sum(r["kind"] == "alarm" for r in subset),
                "not_understood": count["not_understood"], "counts": dict(count)}

    by_style = defaultdict(list)
    by_topic = defaultdict(list)
    for row in rows:
        by_style[row["style"]].append(row)
        by_topic[row["topic"]].append(row)
    confusion = Counter((r["topic"], r["got"]) for r in rows if r["verdict"] == "wrong_confident")
    misses = Counter((r["topic"], r["verdict"], r["got"]) for r in rows
                     if not r["verdict"].startswith("on_topic") and r["verdict"] != "wrong_confident")
    return {"all": shares(rows), "by_style": {s: shares(r) for s, r in sorted(by_style.items())},
            "by_topic": {t: shares(r) for t, r in sorted(by_topic.items())},
            "confusion": [{"topic": t, "got": g, "count": c} for (t, g), c in confusion.most_common()],
            "other_misses": [{"topic": t, "verdict": v, "got": g, "count": c} for (t, v, g), c in misses.most_common()]}


def evaluate(url: str, items: Iterable[dict], names: ResponseNames) -> List[dict]:
    rows = []
    for item in items:
        outcome = classify(say(url, f"eval-{uuid.uuid4().hex[:12]}", item["text"]), names)
        rows.append({"text": item["text"], "topic": item["topic"], "also": item.get("also") or [],
                     "style": item.get("style", "short"), "kind": outcome.kind,
                     "got": ",".join(sorted(outcome.topics)) or outcome.response,
                     "verdict": verdict(item, outcome)})
    return rows


def report(summary: dict, label: str) -> None:
    def line(name: str, s: dict) -> str:
        return (f"  {name:8s} n={s['n']:3d}  on-topic {s['on_topic']:6.1%}  wrong confident "
                f"{s['wrong_confident']:6.1%}  asked {s['asked']:6.1%}  alarms {s['alarm']}  "
                f"not understood {s['not_understood']}")
    print(f"People's questions ({label}):")
    print(line("all", summary["all"]))
    for style, s in summary["by_style"].items():
        print(line(style, s))
    weak = sorted(summary["by_topic"].items(), key=lambda kv: kv[1]["on_topic"])[:6]
    print("  weakest topics: " + ", ".join(f"{t} {s['on_topic']:.0%} of {s['n']}" for t, s in weak))
    if summary["confusion"]:
        print("  wrong answers (topic -> got, count): " + ", ".join(
            f"{c['topic']}->{c['got']} {c['count']}" for c in summary["confusion"][:12]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("eval_set", type=Path, help="tests/eval/people_dev.yml or people_test.yml")
    parser.add_argument("--model", type=Path, help="model to serve (default: the current one)")
    parser.add_argument("--url", help="use an already running assistant instead of starting one")
    parser.add_argument("--min-on-topic", type=float, default=0.0, help="fail below this share")
    parser.add_argument("--max-asked", type=float, default=1.0, help="fail above this share of questions back")
    parser.add_argument("--json", type=Path, help="write the summary (and, for dev sets, the rows) here")
    parser.add_argument("--show-errors", action="store_true", help="print each miss (dev sets only)")
    parser.add_argument("--rasa-port", type=int, default=5105, help="port of the Rasa server it starts")
    parser.add_argument("--action-port", type=int, default=5155, help="port of the action server it starts")
    args = parser.parse_args()

    items = yaml.safe_load(args.eval_set.read_text())["messages"]
    is_dev = "dev" in args.eval_set.name
    if args.show_errors and not is_dev:
        parser.error("individual messages are shown for dev sets only; the test set is scored in aggregate")
    from scripts.model_cache import ensure_model

    model = args.model or ensure_model()
    names = ResponseNames(model_domain(model))
    servers = contextlib.nullcontext() if args.url else scratch_stack(args.rasa_port, args.action_port, model)
    with servers as stack:
        url = args.url or stack.config.rasa_url
        started = time.monotonic()
        rows = evaluate(url, items, names)
        seconds = time.monotonic() - started
    summary = summarise(rows)
    report(summary, f"{args.eval_set.name}, {len(rows)} messages, {seconds:.0f} s, model {model.name}")
    if args.show_errors:
        for row in rows:
            if not row["verdict"].startswith("on_topic"):
                print(f"  [{row['verdict']}] {row['topic']} (also {row['also']}) -> {row['got']}: {row['text'][:150]}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"summary": summary, **({"rows": rows} if is_dev else {})}, indent=1))
    ok = summary["all"]["on_topic"] >= args.min_on_topic and summary["all"]["asked"] <= args.max_asked
    if not ok:
        print(f"FAILED: on-topic must be >= {args.min_on_topic:.0%} and questions back <= {args.max_asked:.0%}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
