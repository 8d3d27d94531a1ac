"""Synthesis through the worker process: real WAVs in English, cached by (text, voice, rate)."""
import asyncio
import time
import uuid

import numpy as np
import pytest

from speech import synth
from speech.wavtools import read_wav
from speech.worker import SynthesisError


def test_synthesized_speech_is_a_real_wav():
    path = synth.synthesize("Press gently and hold for 12 seconds.")
    samples, rate = read_wav(path)
    assert rate == 22050
    assert 1.5 < len(samples) / rate < 6
    assert np.max(np.abs(samples)) > 0.1


def test_cached_phrase_is_a_file_read():
    text = f"Breathe slowly, take your time, number {uuid.uuid4().int % 1000}."
    started = time.perf_counter()
    first = synth.synthesize(text)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    second = synth.synthesize(text)
    data = second.read_bytes()
    cached = time.perf_counter() - started
    print(f"cold {cold * 1000:.1f} ms, cached {cached * 1000:.2f} ms")
    assert second == first and data == first.read_bytes()
    assert cached < cold / 5


def test_cache_key_covers_voice_and_rate():
    text = "Did that spot ease?"
    slow = synth.synthesize(text, rate=120)
    fast = synth.synthesize(text, rate=220)
    british = synth.synthesize(text, rate=120, voice="gmw/en")
    assert len({slow, fast, british}) == 3
    assert len(read_wav(slow)[0]) > len(read_wav(fast)[0])


def test_text_is_made_speakable_before_caching():
    assert synth.synthesize("Hold for 12 seconds 😀") == synth.synthesize("Hold for twelve seconds")


def test_unknown_voice_is_a_clear_error():
    with pytest.raises(SynthesisError, match="not an English espeak-ng voice"):
        synth.synthesize("hello", voice="xx/not-a-voice")


def test_nothing_to_say_is_an_error_not_an_empty_file():
    with pytest.raises(ValueError):
        synth.synthesize("😀 https://example.com")


async def test_async_synthesis_leaves_the_event_loop_free():
    ticks = 0

    async def ticker():
        nonlocal ticks
        while True:
            await asyncio.sleep(0.002)
            ticks += 1

    task = asyncio.create_task(ticker())
    long_text = "A longer sentence that takes the engine a moment to say, " * 6 + str(uuid.uuid4().int % 10000)
    started = time.perf_counter()
    path = await synth.synthesize_async(long_text)
    elapsed = time.perf_counter() - started
    task.cancel()
    assert path.exists()
    # The loop kept ticking while the worker synthesized.
    assert ticks >= 0.3 * elapsed / 0.002


def test_a_voice_that_is_not_english_is_refused():
    with pytest.raises(SynthesisError, match="not an English"):
        synth.synthesize("hello", voice="roa/fr")
