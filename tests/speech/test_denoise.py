"""The room's steady noise is taken out of an utterance before the classifier hears it
(`speech.denoise`): each utterance carries the room as heard just before it, with no speech in
it; the noise goes and the words stay; a silent room changes nothing; and over people talking
more commands are heard with it than without."""
import numpy as np
import pytest

import speech.denoise as denoise
from bench.speech_sets import colored_noise, espeak, scaled
from speech.foreground import level_db
from speech.listener import StreamListener
from speech.recognizer import CommandRecognizer
from speech.room import RoomSegmenter
from speech.vad import PAD_S, ROOM_S, Segmenter, make_vad
from talk import RATE, SPEAKER, over_talk, streamed


def command_in_noise(phrase, seed, lead_s=1.5, snr_db=10.0, kind="brown"):
    """`phrase` said `lead_s` into steady noise `snr_db` below it: (stream, speech, noise, start, end)."""
    speech = espeak(phrase, SPEAKER)
    clean = np.concatenate([np.zeros(int(lead_s * RATE)), speech, np.zeros(RATE)])
    noise = scaled(colored_noise(kind, len(clean), np.random.default_rng(seed)), speech, snr_db)
    return (clean + noise).astype(np.float32), speech, noise, lead_s, lead_s + len(speech) / RATE


def cut(segmenter, stream):
    return streamed(segmenter.feed, stream) + segmenter.flush()


@pytest.fixture(scope="module")
def recognizer():
    return CommandRecognizer(spotting=False)


def test_an_utterance_carries_the_room_heard_before_it_without_its_speech():
    stream, speech, noise, start_s, _ = command_in_noise("switch sides", seed=1)
    utterance, = cut(Segmenter(make_vad("silero")), stream)
    assert 0.8 * ROOM_S * RATE <= len(utterance.room) <= ROOM_S * RATE
    # The noise alone: as loud as the noise, far below the speech.
    assert abs(level_db(utterance.room) - level_db(noise)) < 1.5
    assert level_db(utterance.room) < level_db(speech) - 8
    # And it ends where the utterance's own audio (its leading pad) begins.
    heard_until = round(utterance.start_s * RATE) - int(PAD_S * RATE)
    assert np.allclose(utterance.samples[: int(PAD_S * RATE)], stream[heard_until: heard_until + int(PAD_S * RATE)])
    assert np.allclose(utterance.room, stream[heard_until - len(utterance.room): heard_until])


def test_the_noise_goes_and_the_words_stay():
    stream, speech, noise, start_s, end_s = command_in_noise("i feel dizzy", seed=2, lead_s=1.0)
    room, said = stream[: int(0.9 * RATE)], stream[int(0.9 * RATE): int((end_s + 0.5) * RATE)]
    cleaned = denoise.without_room_noise(said, room)
    before_words = slice(0, int(0.1 * RATE))  # noise only, before the speech starts
    words = slice(int(0.1 * RATE), int(0.1 * RATE) + len(speech))
    assert level_db(cleaned[before_words]) < level_db(said[before_words]) - 10
    assert level_db(cleaned[words]) > level_db(speech) - 3


def test_a_silent_room_leaves_the_utterance_as_it_is():
    stream, *_ = command_in_noise("stop", seed=3)
    assert denoise.without_room_noise(stream, np.zeros(RATE, dtype=np.float32)) is stream
    assert denoise.without_room_noise(stream, stream[: int(0.05 * RATE)]) is stream  # too little of the room


def test_a_recording_is_denoised_against_its_own_room_not_the_silence_around_it(recognizer):
    stream, *_ = command_in_noise("next", seed=4)
    utterance = recognizer.find_speech(stream, RATE)
    assert len(utterance.room) > 0.5 * RATE and level_db(utterance.room) > -60  # noise, not added zeros


def heard_over_talk(recognizer, babble, phrases):
    right = []
    for seed, phrase in enumerate(phrases):
        stream, _, _ = over_talk(espeak(phrase, SPEAKER), babble, seed + 40)
        listener = StreamListener(recognizer, RoomSegmenter(make_vad("silero"), recognizer.early_decision))
        right += [phrase] if [r.phrase for r in streamed(listener.feed, stream) if not r.rejected] == [phrase] else []
    return right


PHRASES = ("stop", "yes", "no", "next", "repeat", "pause", "continue", "ready", "left", "right",
           "switch sides", "i feel dizzy", "it hurts", "sitting", "standing", "one", "two", "three")


def test_over_people_talking_more_commands_are_heard_with_the_room_taken_out(recognizer, babble, monkeypatch):
    with_it = heard_over_talk(recognizer, babble, PHRASES)
    assert recognizer.denoise  # the default
    monkeypatch.setattr(recognizer, "denoise", False)
    without = heard_over_talk(recognizer, babble, PHRASES)
    assert len(with_it) >= len(without) + 2, (with_it, without)


@pytest.mark.parametrize("denoised_rows", [False, True])
def test_training_rows_are_the_utterances_as_cut_or_as_the_recogniser_hears_them(recognizer, monkeypatch,
                                                                                denoised_rows):
    """The committed models were fitted on utterances as cut (DENOISED_ROWS off); switched on, a
    refit is trained on what the recogniser now hears."""
    import bench.command_data as command_data

    monkeypatch.setattr(command_data, "DENOISED_ROWS", denoised_rows)
    stream, _, _, start_s, end_s = command_in_noise("repeat", seed=5)
    collector = command_data.Collector()
    collector.add(stream, start_s, end_s, "repeat", "test", "repeat", "test", 0, "brown")
    collector.embed()
    collector.segmenter.reset()
    utterance, = cut(collector.segmenter, stream)
    heard = recognizer.embed(denoise.without_room_noise(utterance.samples, utterance.room))
    as_cut = recognizer.embed(utterance.samples)
    row = collector.rows.frames[0].astype(np.float32)
    same, other = (heard, as_cut) if denoised_rows else (as_cut, heard)
    assert np.abs(row - same).max() < 0.05 < np.abs(row - other).max()
