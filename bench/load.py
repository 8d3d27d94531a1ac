"""Load: N simulated users at once, each a full scripted session over REST (asyncio + aiohttp).

Two scenarios per bot: *paced* (every user reads for `--pause` seconds after each reply, like
a person) and *saturation* (no pause: as many turns per second as the server gives). Runs
Scalene Coach on the default stack (SQLite, one Rasa) and in scale-out mode (two Rasa on
PostgreSQL + Redis behind nginx), and a stock `rasa init` bot trained and served here in the
same run, so the ratio holds whatever the machine. Every turn is checked as a user would:
an HTTP error, a time-out, an empty reply, the apology, or a hold missing after "ready" is
an error (for the stock bot, whose own script gets some silent turns, only the first two).
With every pause exactly equal, users who waited in a queue come back together: `--jitter`
varies the pauses, as real reading times vary. Results: bench/out/load.json and a table.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import platform
import random
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import List, Optional

import aiohttp

from bench.latency import COACH_SCRIPT, STOCK_SCRIPT, percentile, rss_mb
from channels.turn_guard import SORRY
from bench.stock_bot import stock_bot
from scripts.stack import ROOT, Stack, StackConfig

OUT = ROOT / "bench" / "out"
HOLD_FINISHED = "/hold_finished"  # replaced by the finish payload of the hold the user was given


class Scenario:
    """Users running `script` against `url` at once; collects per-turn latency and errors."""

    def __init__(self, url: str, script: List[str], users: int, turns: int, pause: float, strict: bool,
                 jitter: float = 0.0):
        self.url, self.script, self.users, self.turns = url, script, users, turns
        self.pause, self.strict, self.jitter = pause, strict, jitter
        self.latencies: List[float] = []
        self.errors: List[str] = []

    def _problem(self, message: str, status: int, reply) -> Optional[str]:
        if status != 200 or not isinstance(reply, list):
            return f"HTTP {status}"
        if not self.strict:  # the stock bot answers some of its own script with silence
            return None
        if not reply:
            return "empty reply"
        if any(m.get("text") == SORRY for m in reply):
            return "apology"
        if message == "ready" and not any("hold" in (m.get("custom") or {}) for m in reply):
            return "no hold after ready"
        return None

    async def _user(self, http: aiohttp.ClientSession, number: int) -> None:
        sender = f"load-{number}-{uuid.uuid4().hex[:8]}"
        finish = HOLD_FINISHED
        await asyncio.sleep(random.uniform(0, self.pause))  # people do not arrive in lock-step
        for turn in range(self.turns):
            message = self.script[turn % len(self.script)]
            message = finish if message == HOLD_FINISHED else message
            started = time.perf_counter()
            try:
                async with http.post(f"{self.url}/webhooks/rest/webhook",
                                     json={"sender": sender, "message": message}) as response:
                    status, reply = response.status, await response.json(content_type=None)
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                status, reply = 0, None
                self.errors.append(f"{type(error).__name__}")
            self.latencies.append(time.perf_counter() - started)
            problem = self._problem(message, status, reply) if status else None
            if problem:
                self.errors.append(problem)
            for m in reply or []:
                hold = (m.get("custom") or {}).get("hold") if isinstance(m, dict) else None
                finish = hold["finish_payload"] if hold else finish
            if self.pause:
                await asyncio.sleep(self.pause + random.uniform(-self.jitter, self.jitter))

    async def _run(self) -> float:
        timeout = aiohttp.ClientTimeout(total=60)
        async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=0)) as http:
            started = time.perf_counter()
            await asyncio.gather(*(self._user(http, n) for n in range(self.users)))
            return time.perf_counter() - started

    def run(self) -> dict:
        seconds = asyncio.run(self._run())
        ms = [value * 1000 for value in self.latencies]
        return {"users": self.users, "turns_per_user": self.turns, "pause_s": self.pause, "jitter_s": self.jitter,
                "turns": len(ms), "seconds": round(seconds, 1),
                "turns_per_s": round(len(ms) / seconds, 1),
                "p50_ms": round(percentile(ms, 0.50)), "p95_ms": round(percentile(ms, 0.95)),
                "p99_ms": round(percentile(ms, 0.99)), "errors": len(self.errors),
                "error_kinds": sorted(set(self.errors))}


def measure(url: str, script, rss_pids, args, strict: bool, paced: bool = True) -> dict:
    """Warm up, then the paced and the saturation scenario, with Rasa RSS before and after."""
    Scenario(url, script, 4, len(script), 0, strict).run()
    result = {"rasa_rss_before_mb": round(sum(rss_mb(pid) for pid in rss_pids()), 1)}
    if paced:
        result["paced"] = Scenario(url, script, args.users, args.turns, args.pause, strict, args.jitter).run()
    result["saturation"] = Scenario(url, script, args.saturation_users, args.turns, 0, strict).run()
    result["rasa_rss_after_mb"] = round(sum(rss_mb(pid) for pid in rss_pids()), 1)
    return result


def bench_default(args) -> dict:
    work = Path(tempfile.mkdtemp(prefix="load-default-"))
    stack = Stack(StackConfig(rasa_port=args.port, action_port=args.port + 1, tracker_db=work / "tracker.db",
                              log_dir=work / "logs"))
    try:
        stack.start()
        result = measure(stack.config.rasa_url, COACH_SCRIPT, lambda: [stack.rasa.pid], args, True)
        result["actions_rss_mb"] = rss_mb(stack.actions.pid)
        return result
    finally:
        stack.stop()
        shutil.rmtree(work, ignore_errors=True)


def bench_scaled(args) -> dict:
    from scripts.scaled_stack import ScaledConfig, ScaledStack

    base = args.port + 10
    pg_data = Path(tempfile.mkdtemp(prefix="load-pg-"))  # under /tmp: reachable by the postgres user
    work = Path(tempfile.mkdtemp(prefix="load-scaled-"))
    stack = ScaledStack(ScaledConfig(lb_port=base, instance_ports=[base + 1 + i for i in range(args.instances)],
                                     action_port=base + 5, pg_port=base + 6, redis_port=base + 7,
                                     pg_data=pg_data, state_dir=work / "state", log_dir=work / "logs"))
    try:
        stack.start()
        result = measure(stack.config.url, COACH_SCRIPT, lambda: [i.rasa.pid for i in stack.instances], args, True)
        result["instances"] = args.instances
        return result
    finally:
        stack.stop()
        shutil.rmtree(pg_data, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)


def bench_stock(args) -> dict:
    with stock_bot(args.port + 20) as (url, process, _times):
        return measure(url, STOCK_SCRIPT, lambda: [process.pid], args, False, paced=False)


def table(report: dict) -> str:
    lines = ["| bot | scenario | users × turns | turns/s | p50 ms | p95 ms | p99 ms | errors | Rasa RSS MB before → after |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, key in (("Scalene Coach, default (SQLite, 1 Rasa)", "default"),
                      (f"Scalene Coach, scale-out ({report['args']['instances']} Rasa, PostgreSQL, Redis, nginx)", "scaled"),
                      ("stock `rasa init`", "stock")):
        result = report.get(key)
        for scenario in ("paced", "saturation") if result else ():
            row = result.get(scenario)
            if row:
                label = (f"paced ({row['pause_s']:g} ± {row['jitter_s']:g} s)" if row["jitter_s"] else
                         f"paced ({row['pause_s']:g} s)") if scenario == "paced" else "saturation"
                lines.append(f"| {name} | {label} | {row['users']} × {row['turns_per_user']} | {row['turns_per_s']} "
                             f"| {row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} | {row['errors']} "
                             f"| {result['rasa_rss_before_mb']} → {result['rasa_rss_after_mb']} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50, help="users in the paced scenario")
    parser.add_argument("--turns", type=int, default=20, help="turns per user")
    parser.add_argument("--pause", type=float, default=3.0, help="seconds each user reads between turns")
    parser.add_argument("--jitter", type=float, default=0.0,
                        help="pauses vary by up to this many seconds either way (0: every pause exactly --pause)")
    parser.add_argument("--saturation-users", type=int, default=20)
    parser.add_argument("--instances", type=int, default=2, help="Rasa instances in scale-out mode")
    parser.add_argument("--only", choices=["default", "scaled", "stock"], action="append",
                        help="run only these bots (repeatable); default: all three")
    parser.add_argument("--port", type=int, default=5660, help="first of the ~30 ports used")
    args = parser.parse_args()
    only = set(args.only or ["default", "scaled", "stock"])
    report = {"machine": f"{platform.machine()}, {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores",
              "args": vars(args)}
    for name, bench in (("default", bench_default), ("scaled", bench_scaled), ("stock", bench_stock)):
        if name in only:
            print(f"== {name}", flush=True)
            report[name] = bench(args)
    stock = report.get("stock", {}).get("saturation", {}).get("turns_per_s")
    for name in ("default", "scaled"):
        if stock and name in report:
            report[name]["saturation_vs_stock"] = round(report[name]["saturation"]["turns_per_s"] / stock, 2)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "load.json").write_text(json.dumps(report, indent=2))
    print(table(report))
    for name in ("default", "scaled"):
        if "saturation_vs_stock" in report.get(name, {}):
            print(f"{name}: saturation {report[name]['saturation_vs_stock']}× the stock bot's turns/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
