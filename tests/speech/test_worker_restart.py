"""The speech worker never waits forever: a hung engine is killed and replaced."""
import time

import pytest

from speech import synth
from speech.worker import SpeechWorker, SynthesisError, SynthesisTimeout


@pytest.fixture
def hanging_worker():
    worker = SpeechWorker(timeout_s=1.0, engine_spec="fake_engines:HangingEngine", start_timeout_s=20)
    yield worker
    worker.close()


def test_hung_engine_is_restarted_and_the_next_request_works(hanging_worker, tmp_path):
    hanging_worker.render("warm up", "gmw/en-us", 160, tmp_path / "warm.wav")
    first_pid = hanging_worker.pid
    started = time.monotonic()
    with pytest.raises(SynthesisTimeout):
        hanging_worker.render("hang", "gmw/en-us", 160, tmp_path / "hang.wav")
    assert time.monotonic() - started < 5  # gave up after the timeout, not "forever"
    assert hanging_worker.restarts == 1 and hanging_worker.pid != first_pid
    path = hanging_worker.render("hello again", "gmw/en-us", 160, tmp_path / "again.wav")
    assert path.stat().st_size > 1000


def test_real_engine_with_a_tiny_timeout_is_restarted(tmp_path):
    worker = SpeechWorker(timeout_s=5.0)
    try:
        worker.render("warm up", "gmw/en-us", 160, tmp_path / "warm.wav")
        worker.timeout_s = 0.0005
        with pytest.raises(SynthesisTimeout):
            worker.render("A sentence long enough not to finish in half a millisecond. " * 3,
                          "gmw/en-us", 160, tmp_path / "late.wav")
        assert worker.restarts == 1
        worker.timeout_s = 5.0
        assert worker.render("Back to normal.", "gmw/en-us", 160, tmp_path / "ok.wav").exists()
    finally:
        worker.close()


def test_engine_that_writes_nothing_is_an_error(tmp_path):
    worker = SpeechWorker(timeout_s=2.0, engine_spec="fake_engines:SilentEngine")
    try:
        with pytest.raises(SynthesisError, match="no audio"):
            worker.render("anything", "gmw/en-us", 160, tmp_path / "none.wav")
    finally:
        worker.close()


def test_synthesize_retries_once_on_a_fresh_engine(tmp_path, monkeypatch):
    marker = tmp_path / "hang-once"
    marker.write_text("")
    monkeypatch.setenv("HANG_ONCE_MARKER", str(marker))
    # The first request also waits for the engine to start; a fake engine starts at once.
    worker = SpeechWorker(timeout_s=1.0, engine_spec="fake_engines:HangOnceEngine", start_timeout_s=3)
    monkeypatch.setattr(synth, "_worker", worker)
    try:
        path = synth.synthesize("this request hangs once")
        assert path.stat().st_size > 1000 and worker.restarts == 1
    finally:
        worker.close()


def test_worker_stays_small(tmp_path):
    """The worker loads pyttsx3 only, not its parent's main program (design bar: 150 MB)."""
    worker = SpeechWorker(timeout_s=5.0)
    try:
        worker.render("How big is the speech worker?", "gmw/en-us", 160, tmp_path / "size.wav")
        status = open(f"/proc/{worker.pid}/status").read()
        rss_mb = int(status.split("VmRSS:")[1].split()[0]) / 1024
        assert rss_mb < 150, rss_mb
    finally:
        worker.close()
