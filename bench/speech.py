"""Speech numbers: synthesis time (cold and cached) and real-time factor, countdown onset
error measured from the WAVs, command recognition accuracy and latency, worker memory.

Runs on a fresh cache folder so "cold" really is cold. Results go to bench/out/speech.json
and are printed as a markdown table.
"""
from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from actions.holds import cues_for

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"

# What the voice session really says (voice wording from domain.yml).
SENTENCES = [
    "Before we start, three quick safety questions. Please answer yes or no.",
    "Question one of three. Right now, do you have chest pain or pressure, any stroke signs such as "
    "a drooping face, arm weakness or slurred speech, or do you feel dizzy or faint? You can say: Yes, or No.",
    "Which side shall we work on, left or right? You can say: Left, or Right.",
    "Breathe slowly. I'll count the twelve seconds.",
    "Did that spot ease or soften? And did pressing send any feeling into your knot or your wrist? "
    "Say it eased, no change, or I felt it in my knot, or in my wrist.",
    "Stop pressing now and sit or lie down. Dizziness after pressing on the neck should be treated as urgent.",
    "Good, that spot eased.",
    "Okay.",
]
COUNTDOWNS = [(5, 130), (5, 200), (12, 130), (12, 200), (30, 130), (30, 200)]
SPEAKERS = [("en-us", 140), ("en-us", 175), ("en", 150)]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def bench_synthesis(synth, duration_s):
    started = time.perf_counter()
    synth.synthesize("Warming up the speech worker.")
    worker_start_ms = (time.perf_counter() - started) * 1000
    rows = []
    for sentence in SENTENCES:
        started = time.perf_counter()
        path = synth.synthesize(sentence)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        synth.synthesize(sentence).read_bytes()
        cached = time.perf_counter() - started
        audio = duration_s(path)
        rows.append({"chars": len(sentence), "audio_s": audio, "cold_ms": cold * 1000,
                     "cached_ms": cached * 1000, "rtf": cold / audio})
    return worker_start_ms, rows


def bench_countdowns(countdown_wav, onsets, read_wav):
    rows = []
    for seconds, rate in COUNTDOWNS:
        started = time.perf_counter()
        audio = countdown_wav(seconds, "hold", rate=rate, cues=cues_for("hold"))
        build = time.perf_counter() - started
        started = time.perf_counter()
        countdown_wav(seconds, "hold", rate=rate, cues=cues_for("hold"))
        cached = time.perf_counter() - started
        samples, sample_rate = read_wav(audio.path)
        found = [t for t in onsets(samples, sample_rate) if t > audio.count_start_s - 0.5]
        marks = [audio.count_start_s + k for k in range(seconds + 1)]
        errors = [abs(a - b) * 1000 for a, b in zip(found, marks)]
        rows.append({"seconds": seconds, "rate": rate, "onsets_found": len(found), "marks": len(marks),
                     "max_error_ms": max(errors), "mean_error_ms": statistics.mean(errors),
                     "build_ms": build * 1000, "cached_ms": cached * 1000})
    return rows


def bench_recognition(folder: Path):
    from speech.recognizer import COMMANDS, CommandRecognizer

    started = time.perf_counter()
    recognizer = CommandRecognizer()
    load_ms = (time.perf_counter() - started) * 1000
    latencies, correct, total = [], 0, 0
    for voice, rate in SPEAKERS:
        for number, (phrase, message) in enumerate(COMMANDS.items()):
            wav = folder / f"{voice}-{rate}-{number}.wav"
            subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(wav), phrase], check=True)
            started = time.perf_counter()
            heard = recognizer.recognize_file(wav)
            latencies.append((time.perf_counter() - started) * 1000)
            correct += bool(heard and heard.message == message)
            total += 1
    return {"commands": total, "accuracy": correct / total, "load_ms": load_ms,
            "latency_mean_ms": statistics.mean(latencies), "latency_p95_ms": percentile(latencies, 0.95),
            "latency_max_ms": max(latencies)}


def table(result) -> str:
    syn, cd, rec = result["synthesis"], result["countdowns"], result["recognition"]
    lines = ["| what | value |", "|---|---|",
             f"| speech worker start + first phrase | {result['worker_start_ms']:.0f} ms |",
             f"| synthesis, cold (per sentence; {len(syn)} sentences of {min(r['chars'] for r in syn)}-"
             f"{max(r['chars'] for r in syn)} characters, {min(r['audio_s'] for r in syn):.1f}-"
             f"{max(r['audio_s'] for r in syn):.1f} s of audio) | "
             f"mean {statistics.mean(r['cold_ms'] for r in syn):.0f} ms, max {max(r['cold_ms'] for r in syn):.0f} ms |",
             f"| synthesis, cached (file lookup + read) | mean {statistics.mean(r['cached_ms'] for r in syn):.2f} ms |",
             f"| real-time factor, cold (synthesis time / audio length) | "
             f"mean {statistics.mean(r['rtf'] for r in syn):.3f}, max {max(r['rtf'] for r in syn):.3f} |",
             f"| countdown onset error, N = 5/12/30 s at 130 and 200 wpm | "
             f"max {max(r['max_error_ms'] for r in cd):.1f} ms, mean {statistics.mean(r['mean_error_ms'] for r in cd):.2f} ms |",
             f"| countdown build, cold / cached (30 s) | "
             f"{max(r['build_ms'] for r in cd if r['seconds'] == 30):.0f} ms / "
             f"{max(r['cached_ms'] for r in cd if r['seconds'] == 30):.1f} ms |",
             f"| command recognition accuracy (espeak-ng, {len(SPEAKERS)} voices/speeds, {rec['commands']} commands) | "
             f"{rec['accuracy']:.1%} |",
             f"| recognition latency per command | mean {rec['latency_mean_ms']:.0f} ms, "
             f"p95 {rec['latency_p95_ms']:.0f} ms, max {rec['latency_max_ms']:.0f} ms |",
             f"| recogniser load | {rec['load_ms']:.0f} ms |",
             f"| speech worker memory (RSS) | {result['worker_rss_mb']:.0f} MB |"]
    return "\n".join(lines)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="speech-bench-") as scratch:
        os.environ["SCALENE_SPEECH_CACHE"] = str(Path(scratch) / "cache")
        from speech import synth
        from speech.countdown import countdown_wav
        from speech.wavtools import duration_s, onsets, read_wav

        worker_start_ms, synthesis = bench_synthesis(synth, duration_s)
        countdowns = bench_countdowns(countdown_wav, onsets, read_wav)
        worker_rss = rss_mb(synth.worker().pid)
        recognition = bench_recognition(Path(scratch))
        synth.worker().close()
    result = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
              "worker_start_ms": worker_start_ms, "synthesis": synthesis, "countdowns": countdowns,
              "recognition": recognition, "worker_rss_mb": worker_rss}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "speech.json").write_text(json.dumps(result, indent=2))
    print(table(result))
    print(f"\n({result['machine']}; details in {(OUT / 'speech.json').relative_to(ROOT)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
