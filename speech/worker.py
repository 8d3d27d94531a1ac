"""The one process that runs pyttsx3: a request queue in, results out, a timeout, a restart.

pyttsx3 on espeak-ng allows one engine per process, is not thread-safe, and its
`runAndWait` can hang or leave `save_to_file` with nothing written. So the engine lives in a
dedicated child process (spawn context: no inherited locks or event loops), requests are
served one at a time, every WAV is checked before it counts, and a request that outlives its
timeout gets the child killed and a fresh one started instead of being waited on forever.
Nothing here runs on the Rasa/Sanic event loop; callers in async code use
`speech.synth.synthesize_async`, which runs the blocking call in an executor thread.
"""
from __future__ import annotations

import ctypes
import importlib
import itertools
import multiprocessing
import os
import queue
import sys
import threading
import time
import wave
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

DEFAULT_ENGINE = "speech.worker:Pyttsx3Engine"


class SynthesisError(RuntimeError):
    """The engine produced no usable audio."""


class SynthesisTimeout(SynthesisError):
    """The engine did not answer in time; the worker was restarted."""


class Pyttsx3Engine:
    """pyttsx3 on espeak-ng, created once inside the worker process."""

    def __init__(self) -> None:
        import pyttsx3
        from pyttsx3.drivers import _espeak

        self.espeak = _espeak
        # pyttsx3 declares espeak_GetParameter with one argument; the C function takes two
        # (parameter, current), so its answers are unreliable. Bind it properly here.
        self.current_parameter = _espeak.dll.espeak_GetParameter
        self.current_parameter.argtypes = [ctypes.c_int, ctypes.c_int]
        self.current_parameter.restype = ctypes.c_int
        self.engine = pyttsx3.init("espeak")
        self.voices = {v.id: v for v in self.engine.getProperty("voices")}
        # pyttsx3 2.99's espeak loop can return from runAndWait while espeak is still
        # synthesizing a long text (the file appears later); the driver's own
        # "finished-utterance" notice comes after the WAV is written.
        self.finished = threading.Event()
        self.engine.connect("finished-utterance", lambda **_: self.finished.set())

    def _wait_until_idle(self) -> None:
        while self.espeak.IsPlaying():
            time.sleep(0.002)

    def _apply(self, voice: str, rate: int) -> None:
        """Set voice and rate, and make sure espeak took them.

        pyttsx3 initialises espeak in its asynchronous mode: property changes wait in
        espeak's command queue, and the driver's end-of-loop Cancel() can drop them, so a
        new rate was silently lost now and then. Set them directly, then wait until
        espeak reports them as current.
        """
        for _ in range(200):
            self._wait_until_idle()
            if self.engine.getProperty("voice") == voice and self.current_parameter(self.espeak.RATE, 1) == rate:
                return
            self.espeak.SetVoiceByName(voice.encode("utf-8"))
            self.espeak.SetParameter(self.espeak.RATE, int(rate), 0)
            time.sleep(0.002)
        raise SynthesisError(f"espeak did not take voice {voice!r} at rate {rate}")

    def render(self, text: str, voice: str, rate: int, path: str) -> None:
        english = sorted(v for v, info in self.voices.items() if (info.languages or [""])[0].startswith("en"))
        if voice not in english:  # the bot speaks English; another voice would mangle it
            raise SynthesisError(f"{voice!r} is not an English espeak-ng voice; English voices: "
                                 f"{', '.join(english)}")
        self._apply(voice, int(rate))
        self.finished.clear()
        self.engine.save_to_file(text, path)
        self.engine.runAndWait()
        self.finished.wait()  # no timeout here: the parent kills a worker that hangs
        if self.current_parameter(self.espeak.RATE, 1) != int(rate) or self.engine.getProperty("voice") != voice:
            raise SynthesisError(f"espeak changed voice or rate while speaking ({voice!r}, {rate})")


def check_wav(path: str) -> None:
    """Raise unless `path` is a WAV with some non-silent audio in it."""
    if not os.path.exists(path) or os.path.getsize(path) <= 44:
        raise SynthesisError("the engine wrote no audio")
    with wave.open(path, "rb") as wav:
        frames = wav.readframes(wav.getnframes())
    if not frames or frames.count(0) == len(frames):
        raise SynthesisError("the engine wrote only silence")


@contextmanager
def parent_main_hidden():
    """Start children without re-running the parent's `__main__`.

    A spawned child normally re-imports the parent's main module; inside `rasa run` that is
    all of Rasa (about 100 MB and half a second) for a worker that needs only pyttsx3.
    """
    main = sys.modules.get("__main__")
    saved = {name: main.__dict__[name] for name in ("__spec__", "__file__") if main and name in main.__dict__}
    try:
        if main is not None:
            main.__dict__.pop("__file__", None)
            main.__dict__["__spec__"] = None  # no name and no file: nothing to re-import
        yield
    finally:
        if main is not None:
            main.__dict__.update(saved)


def load_engine(spec: str):
    module_name, _, class_name = spec.partition(":")
    return getattr(importlib.import_module(module_name), class_name)()


def serve(requests, results, engine_spec: str) -> None:
    """Worker process main loop: one request at a time until a None arrives."""
    # The espeak driver prints "Audio saved to ..." for every file; keep the parent's terminal clean.
    sys.stdout = open(os.devnull, "w")
    try:
        engine = load_engine(engine_spec)
    except Exception as error:  # reported on the first request, then the worker ends
        results.put((None, f"could not start the speech engine: {error!r}"))
        return
    while True:
        request = requests.get()
        if request is None:
            return
        request_id, text, voice, rate, path = request
        try:
            if os.path.exists(path):
                os.remove(path)
            engine.render(text, voice, rate, path)
            check_wav(path)
            results.put((request_id, None))
        except Exception as error:
            results.put((request_id, f"{type(error).__name__}: {error}"))


class SpeechWorker:
    """Client side of the worker process; thread-safe (requests are serialised by a lock)."""

    def __init__(self, timeout_s: float = 20.0, engine_spec: str = DEFAULT_ENGINE,
                 start_timeout_s: float = 30.0):
        self.timeout_s = timeout_s
        self.start_timeout_s = start_timeout_s
        self.engine_spec = engine_spec
        self.restarts = 0
        self._context = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._process: Optional[multiprocessing.Process] = None
        self._requests = self._results = None
        self._served = 0

    @property
    def pid(self) -> Optional[int]:
        return self._process.pid if self._process else None

    def _start(self) -> None:
        self._requests = self._context.Queue()
        self._results = self._context.Queue()
        self._process = self._context.Process(
            target=serve, args=(self._requests, self._results, self.engine_spec),
            name="scalene-speech-worker", daemon=True)
        with parent_main_hidden():
            self._process.start()
        self._served = 0

    def _kill(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.is_alive():
            process.terminate()
            process.join(2)
            if process.is_alive():
                process.kill()
                process.join(2)
        for q in (self._requests, self._results):
            q.cancel_join_thread()
            q.close()

    def restart(self) -> None:
        self._kill()
        self.restarts += 1
        self._start()

    def render(self, text: str, voice: str, rate: int, path: Path) -> Path:
        """Synthesize `text` into the WAV at `path`; raises SynthesisError / SynthesisTimeout."""
        with self._lock:
            if self._process is None or not self._process.is_alive():
                if self._process is not None:
                    self.restarts += 1
                    self._kill()
                self._start()
            request_id = next(self._ids)
            self._requests.put((request_id, text, voice, rate, str(path)))
            # The first request also pays for starting Python and the engine in the child.
            timeout = self.timeout_s + (self.start_timeout_s if self._served == 0 else 0)
            try:
                while True:
                    answered_id, error = self._results.get(timeout=timeout)
                    if answered_id in (request_id, None):
                        break  # older answers belong to requests that already timed out
            except queue.Empty:
                self.restart()
                raise SynthesisTimeout(f"speech engine gave no answer in {timeout:.1f} s; restarted it")
            self._served += 1
            if answered_id is None:  # the engine could not even start
                self._kill()
                raise SynthesisError(error)
            if error:
                raise SynthesisError(error)
            return path

    def close(self) -> None:
        with self._lock:
            if self._process is not None and self._process.is_alive():
                try:
                    self._requests.put(None)
                    self._process.join(2)
                except (OSError, ValueError):
                    pass
            self._kill()
