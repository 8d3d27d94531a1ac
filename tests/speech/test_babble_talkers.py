"""Talk in the room (`bench.speech_sets.Babble`): the number talking at once may vary for
training, and a fixed number draws exactly what it always drew, so the sets built before it
varied (every test set's babble) are unchanged; and the training rows' talk
(`bench.command_data.augmented`) is mixed in at the level asked for."""
import numpy as np

from bench.command_data import augmented
from bench.speech_sets import Babble


def tracks_babble(talkers):
    babble = Babble([], talkers=talkers)  # no voices: no speech made, tracks set below
    # Constant tracks of distinct powers of two: a mix's value says which tracks are in it.
    babble.tracks = [np.full(50, 2.0 ** k) for k in range(8)]
    return babble


def talking(mix) -> int:
    return bin(int(mix[0])).count("1")


def test_a_range_of_talkers_mixes_from_one_to_four_voices():
    babble, rng = tracks_babble((1, 4)), np.random.default_rng(0)
    counts = {talking(babble(40, rng)) for _ in range(200)}
    assert counts == {1, 2, 3, 4}


def test_four_talkers_draw_what_they_always_drew():
    babble, rng, again = tracks_babble((4, 4)), np.random.default_rng(5), np.random.default_rng(5)
    mix = babble(40, rng)
    chosen = again.choice(8, size=4, replace=False)
    for _ in chosen:
        again.integers(0, 50)  # each track's start
    assert talking(mix) == 4 and int(mix[0]) == sum(2 ** int(k) for k in chosen)
    assert rng.integers(0, 10 ** 9) == again.integers(0, 10 ** 9)  # nothing more drawn


def test_training_talk_is_mixed_in_at_the_level_asked_for():
    rate = 16000
    speech = 0.2 * np.sin(2 * np.pi * 440 * np.arange(rate) / rate)
    for snr_db in (2.0, 12.0):
        (condition, clip, start, end), = augmented(speech, np.random.default_rng(1), ("babble",),
                                                    tracks_babble((1, 1)), (snr_db, snr_db))
        talk = clip[-100]  # the constant talk alone, after the speech
        heard = clip[int(start * rate): int(end * rate)] - talk
        assert condition == "babble"
        assert abs(10 * np.log10(np.mean(heard ** 2) / talk ** 2) - snr_db) < 0.5
