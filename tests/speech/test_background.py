"""A TV or people talking in the room: the room's talk is not the person's (`speech.foreground`),
and speech that never pauses is cut at the VAD's maximum length and ignored silently, so the
person is not asked "say that again?" every 5 s; speech that ends with a pause is still
answered (a command, or a rejection to ask again about)."""
import numpy as np
import pytest

from bench.speech_sets import espeak
from speech.listener import StreamListener
from speech.recognizer import CommandRecognizer
from speech.room import RoomSegmenter
from speech.vad import MAX_UTTERANCE_S, Segmenter, make_vad
from talk import RATE, SPEAKER, streamed


@pytest.fixture(scope="module")
def recognizer():
    return CommandRecognizer(spotting=False)


@pytest.fixture(scope="module")
def background(babble):
    """20 s of talk by four test-side voices at once, never pausing (a TV on in the room)."""
    return (babble(20 * RATE, np.random.default_rng(10)) * 0.1).astype(np.float32)


def test_the_rooms_talk_is_no_command(background):
    found = [u for u in RoomSegmenter(make_vad("silero")).feed(background) if u is not None]
    assert all(u.background or u.over_talk for u in found)  # never an utterance to answer "say that again" to


def test_talk_without_a_pause_is_cut_at_the_maximum_length_and_marked_background(background):
    segmenter = Segmenter(make_vad("silero"))  # the VAD's own segmenter
    utterances = [u for u in segmenter.feed(background) if u is not None]
    assert len(utterances) >= 2  # the VAD heard one long stretch of speech, cut every MAX_UTTERANCE_S
    assert all(u.background for u in utterances)
    assert all(u.end_s - u.start_s >= MAX_UTTERANCE_S - 0.1 for u in utterances)


def test_background_talk_is_never_answered(recognizer, background):
    assert streamed(StreamListener(recognizer).feed, background) == []  # no command, no "say that again"


def test_speech_that_pauses_is_still_answered(recognizer):
    silence = np.zeros(int(0.8 * RATE), dtype=np.float32)
    stream = np.concatenate([silence, espeak("the weather is nice", SPEAKER), silence,
                             espeak("stop", SPEAKER), silence]).astype(np.float32)
    results = streamed(StreamListener(recognizer).feed, stream)
    assert len(results) == 2, results  # the chatter is answered (a rejection, to ask again about)
    assert results[0].rejected and results[1].phrase == "stop"
