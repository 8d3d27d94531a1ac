"""Test audio shared by the speech tests: a test-side voice, and a command said over people
talking (the test side's babble: voices and sentences the tuning never used)."""
import numpy as np

from bench.speech_eval import BLOCK
from bench.speech_sets import Speaker, scaled

SPEAKER = Speaker("en-gb-x-rp", 150, 50)  # a test-side voice
RATE = 16000


def over_talk(speech, babble, seed, lead_s=2.0, tail_s=1.5, snr_db=10.0):
    """`speech` after `lead_s` of people talking `snr_db` below it, who go on after it:
    (the mix, when the speech starts, when it ends) in seconds."""
    clean = np.concatenate([np.zeros(int(lead_s * RATE)), speech, np.zeros(int(tail_s * RATE))])
    talk = scaled(babble(len(clean), np.random.default_rng(seed)), speech, snr_db)
    return (clean + talk).astype(np.float32), lead_s, lead_s + len(speech) / RATE


def streamed(feed, stream):
    """What `feed` (a segmenter's or a listener's) gives for `stream` in the 30 ms blocks a sound
    card or the widget delivers, Nones left out."""
    return [found for start in range(0, len(stream), BLOCK) for found in feed(stream[start: start + BLOCK])
            if found is not None]
