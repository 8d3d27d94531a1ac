"""Speech numbers: synthesis time (cold and cached) and real-time factor, countdown onset
error measured from the WAVs, worker memory, audio bytes (WAV / Ogg Opus / MP3) and time to
first audio, and command recognition on the test set of `bench.speech_sets` (voices, noises
and phrases never used for tuning): before (no VAD, no rejection) and now, with each VAD.

Runs on a fresh cache folder so "cold" really is cold. Results go to bench/out/speech.json
and are printed as a markdown table.
"""
from __future__ import annotations

import json
import os
import platform
import statistics
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


def legacy_recognize(decoder, samples):
    """The recogniser before VAD and rejection (the "before" column): the whole clip, peak
    normalised, padded and over a noise floor, through the grammar with pocketsphinx's
    default beams; whatever the grammar finds is taken."""
    import numpy as np

    samples = samples / (np.max(np.abs(samples)) or 1.0) * 0.5
    padding = np.zeros(int(0.3 * 16000), dtype=np.float32)
    samples = np.concatenate([padding, samples, padding])
    samples = samples + 0.002 * np.random.default_rng(0).standard_normal(len(samples))
    decoder.start_utt()
    decoder.process_raw((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes(), full_utt=True)
    decoder.end_utt()
    hypothesis = decoder.hyp()
    return " ".join(w.split("(")[0] for w in hypothesis.hypstr.split()) if hypothesis else None


def bench_legacy(step: int, set_name: str = "test"):
    from pocketsphinx import Config, Decoder

    from bench.speech_eval import Outcome
    from bench.speech_sets import SETS, SETS_DIR, build
    from speech.recognizer import ALTERNATE_PRONUNCIATIONS, COMMANDS, Hearing, jsgf_grammar
    from speech.wavtools import read_wav

    config = Config(lm=None, loglevel="FATAL")
    config["samprate"], config["bestpath"] = 16000, False
    decoder = Decoder(config)
    for word, phones in ALTERNATE_PRONUNCIATIONS.items():
        decoder.add_word(word, phones, False)
    decoder.add_jsgf_string("commands", jsgf_grammar())
    decoder.activate_search("commands")
    outcomes = []
    for clip in build(SETS[set_name])[::step]:
        samples, _ = read_wav(SETS_DIR / set_name / clip.path)
        started = time.perf_counter()
        phrase = legacy_recognize(decoder, samples)
        decode_s = time.perf_counter() - started
        outcome = Outcome(clip)
        outcome.hearings.append(Hearing(phrase, 1.0, phrase in COMMANDS))
        # The old microphone closed an utterance after 0.6 s of quiet, then decoded.
        outcome.latencies_s.append(0.6 + decode_s)
        outcomes.append(outcome)
    return outcomes


# Columns of the recognition table: (key, heading, recogniser options, VAD).
RECOGNISERS = [("pocketsphinx", "pocketsphinx + rejection, Silero VAD", {"classifier": None}, "silero"),
               ("silero", "now: classifier, Silero VAD", {}, "silero"),
               ("noisy", "classifier, the room's noise left in, Silero VAD", {"denoise": False}, "silero"),
               ("spotting", "classifier + spotting over background speech, Silero VAD", {"spotting": True}, "silero"),
               ("webrtcvad", "now: classifier, WebRTC VAD", {}, "webrtcvad")]


def bench_recognition(step: int, set_name: str = "test"):
    """The test set (voices, noises, phrases tuning never saw): before, the pocketsphinx path
    with rejection, and now (the command classifier) with each VAD."""
    from bench.speech_eval import evaluate, summarise
    from speech.recognizer import CommandRecognizer

    results = {"step": step, "set": set_name, "before": summarise(bench_legacy(step, set_name))}
    for key, _, options, vad in RECOGNISERS:
        started = time.perf_counter()
        recognizer = CommandRecognizer(**options)
        results.setdefault("load_ms", {})[key] = (time.perf_counter() - started) * 1000
        results[key] = summarise(evaluate(recognizer, set_name, vad=vad, step=step))
    return results


def bench_audio_sizes(synth, countdown_wav):
    """Bytes per second of speech and per rest, WAV vs Ogg Opus vs MP3, and the time until the
    first audio can play: made (synthesis or countdown + encoding, cold) and, over a 2 Mbit/s
    mobile link, downloaded whole (what a media element may wait for, at worst)."""
    from speech.encode import encode
    from speech.wavtools import duration_s

    rows = {}
    for label, make in (("reply", lambda: synth.synthesize(SENTENCES[1])),
                        ("rest 120 s", lambda: countdown_wav(120, "rest").path)):
        started = time.perf_counter()
        wav = make()
        made_s = time.perf_counter() - started
        seconds = duration_s(wav)
        for fmt in ("wav", "ogg", "mp3"):
            started = time.perf_counter()
            path = encode(wav, fmt)
            encode_s = time.perf_counter() - started
            size = path.stat().st_size
            rows[f"{label} {fmt}"] = {"audio_s": seconds, "bytes": size, "bytes_per_s": size / seconds,
                                     "first_audio_s": made_s + encode_s + size * 8 / 2e6,
                                     "prepare_s": made_s + encode_s}
    return rows


def table(result) -> str:
    syn, cd = result["synthesis"], result["countdowns"]
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
             f"| recogniser load: command classifier / pocketsphinx (grammar + phone loop) | "
             "{silero:.0f} ms / {pocketsphinx:.0f} ms |".format(**result["recognition"]["load_ms"]),
             f"| speech worker memory (RSS) | {result['worker_rss_mb']:.0f} MB |"]
    return "\n".join(lines)


RECOGNITION_ROWS = [("commands right, clean", "commands_clean"), ("... white noise, 10 dB SNR", "commands_white"),
                    ("... pink noise, 10 dB SNR", "commands_pink"), ("... babble, 10 dB SNR", "commands_babble"),
                    ("... all noise at 10 dB SNR", "commands_noisy"), ("... room echo (sox reverb)", "commands_reverb"),
                    ("false accepts, out-of-grammar speech", "false_accepts_speech"),
                    ("false accepts, noise bursts", "false_accepts_noise"),
                    ("latency from end of speech, p50", "latency_p50_ms"), ("... p95", "latency_p95_ms"),
                    ("... of the commands heard right, p50", "heard_latency_p50_ms"),
                    ("... heard right, p95", "heard_latency_p95_ms"),
                    ("during a hold: stopping phrases heard right", "hold_stops_right"),
                    ("... out-of-grammar speech that would stop it", "hold_false_stops_speech"),
                    ("... noise bursts that would stop it", "hold_false_stops_noise")]


def recognition_table(rec) -> str:
    columns = ["before"] + [key for key, *_ in RECOGNISERS]
    headings = ["before"] + [heading for _, heading, *_ in RECOGNISERS]
    lines = ["| test set (voices, noises, phrases tuning never used) | " + " | ".join(headings) + " |",
             "|---|" + "---|" * len(columns)]
    for label, key in RECOGNITION_ROWS:
        cells = []
        for column in columns:
            value = rec[column].get(key, float("nan"))
            cells.append(f"{value:.0f} ms" if key.endswith("_ms") else f"{value:.1%}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def audio_table(rows) -> str:
    lines = ["| audio | seconds | bytes | bytes per second | made (cold) | first audio at 2 Mbit/s |", "|---|---|---|---|---|---|"]
    for label, row in rows.items():
        lines.append(f"| {label} | {row['audio_s']:.1f} | {row['bytes']:,} | {row['bytes_per_s']:,.0f} | "
                     f"{row['prepare_s'] * 1000:.0f} ms | {row['first_audio_s']:.2f} s |")
    return "\n".join(lines)


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--step", type=int, default=1, help="use every Nth clip of the test set (default: all)")
    from bench.speech_sets import TEST_SETS

    parser.add_argument("--set", default="test", choices=TEST_SETS,
                        help="the test set to recognise (default: %(default)s; bench.speech_sets.FRESH_TEST, "
                             "DIPHONE_TEST)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="speech-bench-") as scratch:
        os.environ["SCALENE_SPEECH_CACHE"] = str(Path(scratch) / "cache")
        from speech import synth
        from speech.countdown import countdown_wav
        from speech.wavtools import duration_s, onsets, read_wav

        worker_start_ms, synthesis = bench_synthesis(synth, duration_s)
        countdowns = bench_countdowns(countdown_wav, onsets, read_wav)
        worker_rss = rss_mb(synth.worker().pid)
        audio = bench_audio_sizes(synth, countdown_wav)
        synth.worker().close()
    recognition = bench_recognition(args.step, args.set)
    result = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
              "load_average": os.getloadavg(), "worker_start_ms": worker_start_ms, "synthesis": synthesis,
              "countdowns": countdowns, "recognition": recognition, "audio": audio, "worker_rss_mb": worker_rss}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "speech.json").write_text(json.dumps(result, indent=2))
    print(table(result), recognition_table(recognition), audio_table(audio), sep="\n\n")
    print(f"\n({result['machine']}; load average {result['load_average'][0]:.1f} at the end; "
          f"details in {(OUT / 'speech.json').relative_to(ROOT)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
