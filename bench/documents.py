"""Documents numbers: how long the summary PDF, the printable page, the .ics reminder, a link
token and an exercise count WAV take to make, and how big they are.

A full summary (10 sessions, 10 routines, screen, red flags) is built the way the route does.
Results go to bench/out/documents.json and are printed as a markdown table.
"""
from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from datetime import date, datetime, time as clock, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
RUNS = 50


def timed(make, runs: int = RUNS):
    """(median ms, max ms, last result) of `runs` calls."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = make()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times), result


def full_summary():
    from report.summary import build_summary

    sessions = [{"date": f"2026-11-{10 + i:02d}", "pain_before": 7 - i % 4, "pain_after": 4 - i % 3, "released": 2,
                 "spots": 3, "referral": i % 2 == 0, "eased": ["left:upper", "left:middle"]} for i in range(10)]
    routines = [{"date": f"2026-11-{10 + i:02d}", "variant": "desk", "skipped": [], "after_session": True,
                 "moves": [{"move": "chin_tuck", "name": "Chin tuck", "reps": 10, "hold_seconds": 5},
                           {"move": "angel", "name": "Seated arm slide", "reps": 8, "hold_seconds": 6}]}
                for i in range(10)]
    now = datetime(2026, 11, 10, tzinfo=timezone.utc).timestamp()
    events = [{"event": "slot", "timestamp": now, "name": "screen_status", "value": "passed"},
              {"event": "user", "timestamp": now, "parse_data": {"intent": {"name": "red_flag"}}},
              {"event": "slot", "timestamp": now, "name": "screen_reason", "value": "dizziness"}]
    return build_summary({"past_sessions": sessions, "past_routines": routines}, events, today="2026-11-27")


def main() -> None:
    os.environ.setdefault("SCALENE_LINK_SECRET_FILE", str(Path(tempfile.mkdtemp()) / "link-secret"))
    os.environ.setdefault("SCALENE_SPEECH_CACHE", tempfile.mkdtemp(prefix="bench-speech-"))
    start = time.perf_counter()
    from report.html import summary_html
    from report.ics import reminder_ics
    from report.links import make_token, read_token
    from report.pdf import summary_pdf
    import_ms = (time.perf_counter() - start) * 1000

    summary = full_summary()
    rows = []
    median, worst, pdf = timed(lambda: summary_pdf(summary))
    rows.append(("summary PDF, 10 sessions + 10 routines (reportlab)", median, worst, len(pdf)))
    median, worst, page = timed(lambda: summary_html(summary, "x.pdf"))
    rows.append(("printable HTML page", median, worst, len(page.encode())))
    median, worst, ics = timed(lambda: reminder_ics(date(2026, 11, 28), clock(9), "Reminder", "Text"))
    rows.append((".ics reminder (icalendar)", median, worst, len(ics)))
    median, worst, token = timed(lambda: make_token("summary", "a" * 32), runs=500)
    rows.append(("link token: make", median, worst, len(token)))
    median, worst, _ = timed(lambda: read_token(token, "summary"), runs=500)
    rows.append(("link token: check", median, worst, 0))

    from speech.exercise_count import exercise_count_wav

    start = time.perf_counter()
    audio = exercise_count_wav(10, 5, 9, rate=160)
    cold = (time.perf_counter() - start) * 1000
    median, worst, _ = timed(lambda: exercise_count_wav(10, 5, 9, rate=160), runs=20)
    rows.append(("exercise count WAV, 10 reps x 5 s: cold", cold, cold, audio.path.stat().st_size))
    rows.append(("exercise count WAV: cached", median, worst, audio.path.stat().st_size))

    print(f"report imports (reportlab, icalendar, cryptography): {import_ms:.0f} ms")
    print("| what | median ms | max ms | bytes |\n|---|---|---|---|")
    for name, median, worst, size in rows:
        print(f"| {name} | {median:.2f} | {worst:.2f} | {size or '–'} |")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "documents.json").write_text(json.dumps({
        "import_ms": import_ms, "rows": [dict(zip(("what", "median_ms", "max_ms", "bytes"), r)) for r in rows]}, indent=2))


if __name__ == "__main__":
    main()
