"""The echo clips (`bench.speech_sets.reverb_with`, used by the test sets and the training rows)
are made the same every time, so rebuilt rows and sets are the ones measured, to the bit."""
import numpy as np

from bench.speech_sets import espeak, reverb_with
from talk import RATE, SPEAKER


def test_a_clip_in_a_room_is_the_same_each_time_it_is_made_and_echoes():
    speech = espeak("switch sides", SPEAKER)
    clip = np.concatenate([speech, np.zeros(RATE // 2)])
    first, second = reverb_with(clip, (60, 50, 80)), reverb_with(clip, (60, 50, 80))
    assert np.array_equal(first, second)
    after = slice(len(speech) + RATE // 20, len(speech) + RATE // 5)  # 50-200 ms after the speech
    assert np.abs(clip[after]).max() == 0 and np.abs(first[after]).max() > 0.01  # the room goes on
