"""Text to WAV for every channel, cached on disk: `synthesize(text) -> Path`.

The text is made speakable first; the WAV is cached under the sha256 of (speakable text,
voice, rate), so a phrase said before costs a file lookup, not a synthesis. Synthesis itself
happens in the shared worker process (`speech.worker`); a timed-out or failed request is
retried once on a fresh engine. Async code (Sanic routes) awaits `synthesize_async`.
"""
from __future__ import annotations

import asyncio
import atexit
import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Optional

from speech import settings
from speech.speakable import speakable
from speech.worker import SpeechWorker, SynthesisError, SynthesisTimeout

_worker: Optional[SpeechWorker] = None
_worker_lock = threading.Lock()


def worker() -> SpeechWorker:
    """The process-wide speech worker, started on first use."""
    global _worker
    with _worker_lock:
        if _worker is None:
            _worker = SpeechWorker(timeout_s=settings.load().timeout_s)
            atexit.register(_worker.close)
        return _worker


def cache_key(spoken: str, voice: str, rate: int) -> str:
    return hashlib.sha256(json.dumps([spoken, voice, int(rate)]).encode()).hexdigest()


def cache_path(spoken: str, voice: str, rate: int, cache_dir: Optional[Path] = None) -> Path:
    key = cache_key(spoken, voice, rate)
    return Path(cache_dir or settings.load().cache_dir) / key[:2] / f"{key}.wav"


def synthesize(text: str, rate: Optional[int] = None, voice: Optional[str] = None,
               make_speakable: bool = True) -> Path:
    """Path of a WAV saying `text` (from the cache when it was said before)."""
    config = settings.load()
    voice = voice or config.voice
    rate = int(rate or config.rate)
    spoken = speakable(text) if make_speakable else text.strip()
    if not spoken:
        raise ValueError(f"nothing speakable in {text!r}")
    path = cache_path(spoken, voice, rate, config.cache_dir)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.stem}.{os.getpid()}.{threading.get_ident()}.wav")
    try:
        try:
            worker().render(spoken, voice, rate, partial)
        except SynthesisError as error:
            # One more try on a fresh engine (a timed-out one was already replaced).
            if not isinstance(error, SynthesisTimeout):
                worker().restart()
            worker().render(spoken, voice, rate, partial)
        os.replace(partial, path)
    finally:
        if partial.exists():
            partial.unlink()
    return path


async def synthesize_async(text: str, rate: Optional[int] = None, voice: Optional[str] = None) -> Path:
    """`synthesize` for async code: runs in an executor thread, never blocks the event loop."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, lambda: synthesize(text, rate=rate, voice=voice))
