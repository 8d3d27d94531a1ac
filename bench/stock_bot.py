"""A stock `rasa init` bot, scaffolded, trained and served here, to compare with in the same run."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence, Tuple

from scripts import processes
from scripts.stack import BIN


def timed(args: Sequence[str], cwd: Path) -> float:
    """Wall time of a command, with Rasa's training cache pointed at an empty folder."""
    cache = tempfile.mkdtemp(prefix="bench-rasa-cache-")
    env = dict(os.environ, RASA_CACHE_DIRECTORY=cache, PYTHONWARNINGS="ignore")
    started = time.monotonic()
    try:
        subprocess.run(list(args), cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    return time.monotonic() - started


@contextmanager
def stock_bot(port: int, extra_args: Sequence[str] = ()) -> Iterator[Tuple[str, subprocess.Popen, dict]]:
    """Yields (url, process, {"train_s", "ready_s"}) of a freshly trained `rasa init` bot on `port`."""
    workdir = Path(tempfile.mkdtemp(prefix="bench-stock-"))
    rasa = str(BIN / "rasa")
    print("Training a stock `rasa init` bot for comparison...", flush=True)
    times = {"train_s": round(timed([rasa, "init", "--no-prompt", "--init-dir", str(workdir)], workdir), 1)}
    processes.check_ports_free([("the stock bot", "127.0.0.1", port)])
    started = time.monotonic()
    process = processes.spawn([rasa, "run", "-i", "127.0.0.1", "-p", str(port), *extra_args],
                              workdir / "rasa.log", os.environ, workdir)
    url = f"http://127.0.0.1:{port}"
    try:
        processes.wait_until_ready(process, "stock bot", port, workdir / "rasa.log", f"{url}/webhooks/rest/", 300)
        times["ready_s"] = round(time.monotonic() - started, 1)
        yield url, process, times
    finally:
        processes.stop(process)
        shutil.rmtree(workdir, ignore_errors=True)
