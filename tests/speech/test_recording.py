"""A live microphone stream can be recorded (SCALENE_MIC_RECORD) and replayed: the replay
hears what the live listener heard, because the recording keeps the microphone as it arrived
and what the session played, where it played it."""
import numpy as np
import pytest

from bench.replay_mic import replay
from bench.speech_sets import espeak
from speech import recording
from speech.listener import StreamListener
from speech.recognizer import CommandRecognizer
from talk import RATE, SPEAKER

BLOCK = 480


@pytest.fixture(scope="module")
def recognizer():
    return CommandRecognizer()


def a_session_stream():
    """The session counting (leaking into the microphone 40 ms late) and the person saying
    "stop" over it, in a faintly noisy room."""
    played = np.concatenate([np.pad(word, (0, RATE - len(word))) for word in
                             (espeak(number, SPEAKER)[:RATE] for number in ("twelve", "eleven", "ten", "nine", "eight"))])
    person = espeak("stop", SPEAKER)
    mic = np.zeros(int(4.5 * RATE), dtype=np.float32)
    delay = int(0.04 * RATE)
    mic[delay: delay + len(played)] += 0.6 * played[: len(mic) - delay]
    at = int(2.5 * RATE)
    mic[at: at + len(person)] += person
    mic += 1e-3 * np.random.default_rng(2).standard_normal(len(mic)).astype(np.float32)
    return mic, played


def test_a_recorded_stream_replays_to_what_was_heard_live(recognizer, tmp_path):
    mic, played = a_session_stream()
    listener = StreamListener(recognizer, record_to=tmp_path)
    listener.playing(played, RATE, start_sample=0)
    live = []
    for start in range(0, len(mic), BLOCK):
        live += listener.feed(mic[start: start + BLOCK])
    mic_path = listener.recording.mic_path
    recorded, sounds = recording.load(mic_path)  # readable before the stream is closed
    assert len(recorded) == len(mic)
    listener.close()

    recorded, sounds = recording.load(mic_path)
    assert np.max(np.abs(recorded - mic)) < 1 / 16000  # 16-bit: the same stream
    assert [start for start, _ in sounds] == [0] and len(sounds[0][1]) == len(played)
    assert "stop" in [h.phrase for h in live]  # the person, heard over the countdown
    replayed = replay(mic_path, recognizer)
    assert [(h.phrase, round(h.start_s, 2)) for h in replayed] == [(h.phrase, round(h.start_s, 2)) for h in live]


def test_where_the_session_stopped_playing_is_replayed_too(recognizer, tmp_path):
    """Stopped early (the person said "stop"), the countdown is no longer taken out: the replay
    stops taking it out at the same sample."""
    mic, played = a_session_stream()
    listener = StreamListener(recognizer, record_to=tmp_path)
    listener.playing(played, RATE, start_sample=0)
    live = []
    for start in range(0, len(mic), BLOCK):
        if start == 3 * RATE - 480 * 25:
            listener.stopped_playing()
        live += listener.feed(mic[start: start + BLOCK])
    listener.close()
    mic_path = listener.recording.mic_path
    assert [(at, sound is None) for at, sound in recording.load(mic_path)[1]] == [(0, False), (3 * RATE - 480 * 25, True)]
    replayed = replay(mic_path, recognizer)
    assert [(h.phrase, round(h.start_s, 2)) for h in replayed] == [(h.phrase, round(h.start_s, 2)) for h in live]


def test_without_the_played_sound_the_replay_hears_the_countdown(recognizer, tmp_path):
    """The played files matter: without them the countdown's numbers reach the recogniser."""
    mic, played = a_session_stream()
    listener = StreamListener(recognizer, record_to=tmp_path)
    listener.playing(played, RATE, start_sample=0)
    for start in range(0, len(mic), BLOCK):
        listener.feed(mic[start: start + BLOCK])
    listener.close()
    for path in tmp_path.glob("*-played-*.wav"):
        path.unlink()
    heard = replay(listener.recording.mic_path, recognizer)
    assert len([h for h in heard if h.start_s < 2.4]) >= 2, heard


def test_nothing_is_recorded_unless_asked(recognizer, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    listener = StreamListener(recognizer)
    listener.feed(np.zeros(RATE, dtype=np.float32))
    listener.close()
    assert listener.recording is None and not list(tmp_path.iterdir())
