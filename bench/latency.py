"""REST turn latency, training time and time-to-ready: Scalene Coach vs. a stock `rasa init` bot.

Both bots are trained and served on this machine in the same run, so the comparison holds
whatever the machine. Results go to bench/out/latency.json and are printed as a table.
"""
from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from bench.stock_bot import stock_bot, timed
from scripts.model_cache import ROOT
from scripts.stack import BIN, Stack, StackConfig, say

OUT = ROOT / "bench" / "out"

# One realistic conversation: questions, a session with a hold, checks and a finish.
COACH_SCRIPT = [
    "hi", "my left wrist tingles when i use the mouse", "why would my neck do that?",
    "where are the scalenes", "how hard should i press", "guide me", "no", "no", "no", "5",
    "left", "sitting", "ready", "/hold_finished", "it eased", "ready", "/hold_finished",
    "no change", "how long do i hold", "continue", "next", "3", "thanks", "bye",
]
STOCK_SCRIPT = ["hello", "i am sad", "yes", "great", "are you a bot?", "bye", "good morning",
                "not good", "no", "amazing", "am i talking to a human?", "goodbye"]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure_turns(url: str, script, turns: int):
    """Latency of `turns` sequential REST turns, conversations repeating the script."""
    latencies = []
    while len(latencies) < turns:
        sender = f"bench-{uuid.uuid4().hex[:8]}"
        for message in script:
            started = time.perf_counter()
            say(url, sender, message)
            latencies.append((time.perf_counter() - started) * 1000)
            if len(latencies) >= turns:
                break
    return {"turns": len(latencies), "p50_ms": round(percentile(latencies, 0.50), 1),
            "p95_ms": round(percentile(latencies, 0.95), 1), "mean_ms": round(statistics.mean(latencies), 1)}


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    total = 0
    for line in subprocess.run(["ps", "-o", "rss=", "--ppid", str(pid), "-p", str(pid)],
                               capture_output=True, text=True).stdout.split():
        total += int(line)
    return round(total / 1024, 1)


def bench_coach(turns: int, train: bool) -> dict:
    result = {}
    if train:
        out = Path(tempfile.mkdtemp(prefix="bench-train-"))
        result["train_s"] = round(timed([str(BIN / "rasa"), "train", "--out", str(out)], ROOT), 1)
        shutil.rmtree(out, ignore_errors=True)
    config = StackConfig(rasa_port=5205, action_port=5255,
                         tracker_db=Path(tempfile.mkdtemp(prefix="bench-db-")) / "tracker.db")
    stack = Stack(config)
    try:
        result["ready_s"] = round(stack.start(), 1)
        measure_turns(config.rasa_url, COACH_SCRIPT, 20)  # warm-up
        result.update(measure_turns(config.rasa_url, COACH_SCRIPT, turns))
        result["rasa_rss_mb"] = rss_mb(stack.rasa.pid)
        result["actions_rss_mb"] = rss_mb(stack.actions.pid)
    finally:
        stack.stop()
    return result


def bench_stock(turns: int) -> dict:
    """`rasa init` bot: scaffolded, trained and served here, in this run."""
    with stock_bot(5305, ["--enable-api"]) as (url, process, result):
        measure_turns(url, STOCK_SCRIPT, 20)
        result.update(measure_turns(url, STOCK_SCRIPT, turns))
        result["rasa_rss_mb"] = rss_mb(process.pid)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=240)
    parser.add_argument("--no-train", action="store_true", help="skip timing a fresh `rasa train`")
    args = parser.parse_args()
    coach = bench_coach(args.turns, train=not args.no_train)
    stock = bench_stock(args.turns)
    report = {"machine": f"{platform.machine()}, {platform.processor() or 'cpu'}, "
                         f"{subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores",
              "scalene_coach": coach, "stock_rasa_init": stock,
              "p50_ratio": round(coach["p50_ms"] / stock["p50_ms"], 2),
              "p95_ratio": round(coach["p95_ms"] / stock["p95_ms"], 2)}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "latency.json").write_text(json.dumps(report, indent=2))
    print(f"| bot | turns | p50 ms | p95 ms | train s | ready s | Rasa RSS MB |")
    print(f"|---|---|---|---|---|---|---|")
    for name, row in (("Scalene Coach", coach), ("stock `rasa init`", stock)):
        print(f"| {name} | {row['turns']} | {row['p50_ms']} | {row['p95_ms']} | {row.get('train_s', '-')} "
              f"| {row['ready_s']} | {row['rasa_rss_mb']} |")
    print(f"ratio p50 {report['p50_ratio']}x, p95 {report['p95_ratio']}x; "
          f"action server RSS {coach['actions_rss_mb']} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
