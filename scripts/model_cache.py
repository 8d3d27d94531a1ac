"""Trains the Rasa model only when its inputs changed (cached by a hash of data + config)."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import settings

ROOT = settings.ROOT
MODELS_DIR = ROOT / "models"
TRAINING_INPUTS = ["config.yml", "domain.yml", "data", "nlp/patterns.jsonl", "nlp/pipeline.py", "nlp/question_focus.py"]


def inputs_digest() -> str:
    digest = hashlib.sha256()
    for name in TRAINING_INPUTS:
        path = ROOT / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def model_path() -> Path:
    return MODELS_DIR / f"scalene-{inputs_digest()}.tar.gz"


def copy_atomically(source: Path, target: Path) -> None:
    """A copy that is either whole or absent: a copy cut short must never pass for a model."""
    partial = target.with_name(target.name + ".partial")
    shutil.copy2(source, partial)
    os.replace(partial, target)


def train(target: Path) -> None:
    """`rasa train`, showing one line per component; the full output goes to a log file.
    Rasa writes into a side folder and the model is moved into place when whole: a training
    stopped while writing left a truncated file that the next run took as up to date."""
    log_path = ROOT / "var" / "log" / "train.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    rasa = Path(sys.executable).parent / "rasa"
    env = dict(os.environ, PYTHONWARNINGS="ignore", TF_CPP_MIN_LOG_LEVEL="2", RASA_TELEMETRY_ENABLED="false")
    partial_dir = MODELS_DIR / ".partial"
    shutil.rmtree(partial_dir, ignore_errors=True)
    args = [str(rasa), "train", "--out", str(partial_dir), "--fixed-model-name", target.name[: -len(".tar.gz")]]
    with open(log_path, "w") as log:
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
        for line in process.stdout:
            log.write(line)
            if "Starting to train component" in line:
                print("    training " + line.rsplit("component", 1)[-1].strip(" '.\n"), flush=True)
    trained = partial_dir / target.name
    if process.wait() != 0 or not trained.exists():
        raise SystemExit(f"rasa train failed; see {log_path}")
    os.replace(trained, target)
    shutil.rmtree(partial_dir, ignore_errors=True)


def ensure_model() -> Path:
    """Path of a model trained on the current inputs, training it if needed."""
    from nlp import pipeline

    if not pipeline.is_current():  # the server loads nlp/build at start: stale patterns would be served
        pipeline.build()
    target = model_path()
    # A cache outside the clone lets a fresh checkout (CI) reuse a model trained on the same inputs.
    shared_cache = settings.current().server.model_cache
    cached = shared_cache / target.name
    if target.exists():
        print(f"Model up to date: {target.relative_to(ROOT)}")
        return target
    MODELS_DIR.mkdir(exist_ok=True)
    if cached.exists():
        copy_atomically(cached, target)
        print(f"Model taken from cache: {target.relative_to(ROOT)}")
        return target
    print("Training the Rasa model (data or config changed): a few minutes on 2 cores...", flush=True)
    started = time.monotonic()
    train(target)
    print(f"Trained in {time.monotonic() - started:.0f} s: {target.relative_to(ROOT)}")
    try:
        shared_cache.mkdir(parents=True, exist_ok=True)
        copy_atomically(target, cached)
    except OSError as error:  # the cache is an optimisation only
        print(f"(could not store the model in {shared_cache}: {error})")
    return target


if __name__ == "__main__":
    ensure_model()
