"""Training and hold-out rows for the command classifier in babble (several people talking at
once, the background a VAD cannot tell from the person), tuning side only.

- **training**: more generated tuning-side speakers (`bench.command_data.generated_speakers`)
  saying every command over babble made of tuning-side voices and sentences of its own (none
  of the test set's babble voices or sentences), and chatter, clean and in babble, including
  phrases that begin or end like a command but are not one; babble alone as bursts;
- **hold-out**: `bench.speech_sets.TUNING_BABBLE` (the tuning set's held-out speakers and
  phrases in the tuning-babble hold-out's own voices and sentences), for the threshold.

Rows are cut by the same segmenter as in use and cached under `var/speech-sets/`.
"""
from __future__ import annotations

import hashlib
import json
from typing import Dict

import numpy as np

from bench.command_data import (EXTRA_CHATTER, HELD_OUT_PHRASES, SEGMENTER_VERSION, VARIANTS, VOICES, Collector,
                                cached_rows, generated_speakers)
from bench.speech_sets import (SETS_DIR, TUNING_BABBLE, TUNING_OUT_OF_GRAMMAR, Babble, build, burst, espeak,
                               in_stream, scaled, spec_hash)
from speech.recognizer import COMMANDS
from speech.vad import SAMPLE_RATE
from speech.wavtools import read_wav

# Chatter that begins or ends like a command but is not one (never a stopping phrase, which
# is favoured; none of bench.speech_sets.TEST_OUT_OF_GRAMMAR).
EDGE_CHATTER = [
    "no idea", "not really", "nope not me", "nobody came", "yes it was", "yesterday morning",
    "left over soup", "right behind you", "alright then", "start the kettle", "ready steady go",
    "next door's dog", "more cake please", "one of those days", "two more minutes", "three cheers",
    "four seasons", "five a side", "six of one", "the seven dwarfs", "eight o clock", "nine lives",
    "ten green bottles", "zero hour", "sitting pretty", "standing room only", "in bed by nine",
    "continue the story", "repeat the question", "skip to the end", "switch the light off",
    "no change given", "it is easy", "summer holiday", "guide book", "what can you see",
    "tell me a joke", "oh yes", "ah right", "mm no", "well yes", "so next", "ok ready",
]
# Babble for training: voices of the tuning side (none of the test's or its babble's, nor the
# tuning-babble hold-out's) saying the everyday sentences below, several at once.
TRAINING_BABBLE_VOICES = ["en-us+m8", "en+Linda", "en-gb-x-gbclan+Mike", "en-us-nyc+Steph"]
TRAINING_BABBLE_SENTENCES = [
    "i went to the garden centre and bought three bags of compost and a new rake",
    "the children are doing a project about volcanoes and they need some cardboard",
    "we drove along the coast road and stopped for fish and chips by the harbour",
    "the council says the swimming pool will reopen after the repairs in the spring",
    "my cousin is getting married in june and the whole family is going to scotland",
    "the price of petrol has gone up again so we are taking the bus to work",
    "she played the piano at the concert and everybody stood up and clapped",
    "there is a programme tonight about penguins and how they survive the winter",
]
BABBLE_GENERATED = {"speakers": 36, "chatter_per_speaker": 12, "edge_per_speaker": 15, "bursts": 100, "seed": 17}




def babble_rows(collector: Collector, speakers: int, chatter_per_speaker: int, edge_per_speaker: int, bursts: int,
                seed: int, progress=print) -> None:
    """Other generated speakers saying every command in babble (3-18 dB under them), and chatter
    (edge chatter and other) clean and in babble; babble alone as bursts."""
    rng = np.random.default_rng(seed)
    babble = Babble(TRAINING_BABBLE_VOICES, TRAINING_BABBLE_SENTENCES)
    chatter = [p for p in TUNING_OUT_OF_GRAMMAR if p not in HELD_OUT_PHRASES] + EXTRA_CHATTER
    clip = 0
    for number, speaker in enumerate(generated_speakers(speakers, rng)):
        progress(f"  babble speaker {number + 1}/{speakers} ({speaker.name})")
        said = [(p, p) for p in COMMANDS] + [(p, None) for p in rng.choice(EDGE_CHATTER, edge_per_speaker, replace=False)] \
            + [(p, None) for p in rng.choice(chatter, chatter_per_speaker, replace=False)]
        for text, expected in said:
            speech = espeak(text, speaker)
            lead = np.zeros(int(rng.uniform(0.2, 0.8) * SAMPLE_RATE))
            clean = np.concatenate([lead, speech, np.zeros(int(0.8 * SAMPLE_RATE))])
            start, end = len(lead) / SAMPLE_RATE, (len(lead) + len(speech)) / SAMPLE_RATE
            noisy = clean + scaled(babble(len(clean), rng), speech, float(rng.uniform(3, 18)))
            for samples in ([noisy] if expected else [clean, noisy]):
                collector.add(np.clip(samples * rng.uniform(0.1, 1.8), -1, 1), start, end, expected,
                              speaker.name, text, "babble", clip)
                clip += 1
    for _ in range(bursts):
        samples, start, end = in_stream(burst("babble-burst", rng, babble))
        collector.add(samples, start, end, None, "", "", "babble", clip)
        clip += 1




def babble_hold_out_rows() -> Dict[str, np.ndarray]:
    """Rows of bench.speech_sets.TUNING_BABBLE (held-out tuning speakers and phrases in the
    tuning side's babble), `clips` numbering its clips: for choosing the threshold."""
    clips = build(TUNING_BABBLE)

    def fill(collector: Collector) -> None:
        for index, clip in enumerate(clips):
            samples, _ = read_wav(SETS_DIR / TUNING_BABBLE.name / clip.path)
            collector.add(samples, clip.speech_start_s, clip.speech_end_s, clip.expected, clip.speaker, clip.said,
                          "tuning-babble", index)

    return cached_rows(SETS_DIR / f"command-babble-holdout-{SEGMENTER_VERSION}-{spec_hash(TUNING_BABBLE)}.npz", fill)


def babble_training_rows(progress=print) -> Dict[str, np.ndarray]:
    """The babble rows (`babble_rows`), cached like `rows()`."""
    key = hashlib.sha256(json.dumps([1, SEGMENTER_VERSION, BABBLE_GENERATED, sorted(COMMANDS), EDGE_CHATTER, TRAINING_BABBLE_VOICES,
                                     TRAINING_BABBLE_SENTENCES, VARIANTS, VOICES]).encode())
    return cached_rows(SETS_DIR / f"command-babble-rows-{key.hexdigest()[:12]}.npz",
                       lambda collector: babble_rows(collector, progress=progress, **BABBLE_GENERATED))
