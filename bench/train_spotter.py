"""Fits the spotting model (`speech/spot_classifier.npz`, used by `speech.spotting`) on the
tuning side only.

Over background speech the VAD never hears an end, so the spotter asks, every few frames,
whether a command ends at the end of the recent audio. This model answers that: the same
embedding and softmax as the command classifier (`bench.train_commands.fit`), over the last
frames (`speech.spotting.spot_vector`), trained on windows that end just after a command (its phrase) and on
windows that end inside it, well after it, inside chatter or in background speech alone
("rejected"). Speakers are generated tuning-side ones (`bench.command_data`), the background
is babble of other tuning-side voices saying sentences of its own (neither the test set's
nor the tuning-side babble set `TUNING_BABBLE`, which stays out for choosing settings), at
4-16 dB; a third of the phrases are also said in quiet.

    python -m bench.train_spotter             # embeds the windows once (~20 min), fits, saves
    python -m bench.train_spotter --compare   # also scores each pooling on held-out speakers
"""
from __future__ import annotations

import argparse
import hashlib
import json
import time

import numpy as np

from bench.command_data import TRAINING_CHATTER, generated_speakers
from bench.speech_sets import (SETS_DIR, TRAINING_BABBLE_SENTENCES, TRAINING_BABBLE_VOICES,
                               Babble, espeak, scaled)
from bench.train_commands import PHRASES, fit
from speech.command_classifier import REJECT, CommandClassifier, Embedder
from speech.recognizer import COMMANDS
from speech.spotting import POOLINGS, SPOT_MODEL_FILE, SPOT_POOLING, spot_vector
from speech.vad import SAMPLE_RATE

SPEAKERS, CHATTER_PER_SPEAKER, BACKGROUNDS, SEED = 40, 20, 500, 7
# Where the window ends, from the end of the phrase (s): a command just ended, or not yet / long ago.
ENDS_AFTER_COMMAND = (0.06, 0.12, 0.18, 0.24, 0.3)
ENDS_ELSEWHERE = (-0.6, -0.4, -0.2, 0.45, 0.7)
TAIL_S = 0.8
# A hidden layer of 256 (weight decay C) made fewer wrong windows than the plain softmax at the
# same share heard (held-out generated speakers: 48% heard, 1.6% wrong at 0.8 vs 2.4% at 0.9).
HIDDEN, C = 256, 0.01


def streams(rng: np.random.Generator):
    """(samples, end of speech in s, expected phrase or None, speaker) for every made clip."""
    babble = Babble(TRAINING_BABBLE_VOICES, TRAINING_BABBLE_SENTENCES)
    for number, speaker in enumerate(generated_speakers(SPEAKERS, rng)):
        print(f"  speaker {number + 1}/{SPEAKERS} ({speaker.name})", flush=True)
        said = [(p, p) for p in COMMANDS] + [(p, None) for p in rng.choice(TRAINING_CHATTER, CHATTER_PER_SPEAKER, replace=False)]
        for text, expected in said:
            speech = espeak(text, speaker) * rng.uniform(0.3, 1.0)
            lead = int(rng.uniform(0.3, 1.2) * SAMPLE_RATE)
            clip = np.concatenate([np.zeros(lead), speech, np.zeros(int(TAIL_S * SAMPLE_RATE))])
            end_s = (lead + len(speech)) / SAMPLE_RATE
            yield clip + scaled(babble(len(clip), rng), speech, float(rng.uniform(4, 16))), end_s, expected, number
            if rng.random() < 1 / 3:
                yield clip, end_s, expected, number
    for index in range(BACKGROUNDS):
        yield babble(int(rng.uniform(1.5, 3.0) * SAMPLE_RATE), rng) * rng.uniform(0.05, 0.4), None, None, index % SPEAKERS


def windows(samples: np.ndarray, end_s, expected):
    """(window audio, label) pairs cut from one clip."""
    if end_s is None:  # background alone
        for share in (0.6, 1.0):
            yield samples[: int(len(samples) * share)], REJECT
        return
    for after in ENDS_AFTER_COMMAND + ENDS_ELSEWHERE:
        label = expected if (expected and after in ENDS_AFTER_COMMAND) else REJECT
        yield samples[: int((end_s + after) * SAMPLE_RATE)], label


def rows():
    """(embedding frames as float16, labels, speaker numbers) of every window, cached."""
    key = hashlib.sha256(json.dumps([SPEAKERS, CHATTER_PER_SPEAKER, BACKGROUNDS, SEED, TRAINING_BABBLE_VOICES,
                                     TRAINING_BABBLE_SENTENCES, ENDS_AFTER_COMMAND, ENDS_ELSEWHERE,
                                     sorted(COMMANDS)]).encode()).hexdigest()[:12]
    cache = SETS_DIR / f"spot-frames-{key}.npz"
    if cache.exists():
        data = np.load(cache)
        return data["frames"], data["labels"], data["speakers"]
    embedder, frames, labels, speakers, batch = Embedder(), [], [], [], []

    def embed():
        frames.extend(embedder.batch([audio for audio, _, _ in batch]).astype(np.float16))
        labels.extend(label for _, label, _ in batch)
        speakers.extend(speaker for _, _, speaker in batch)
        batch.clear()

    for samples, end_s, expected, speaker in streams(np.random.default_rng(SEED)):
        batch.extend((audio, label, speaker) for audio, label in windows(samples.astype(np.float32), end_s, expected))
        if len(batch) >= 256:
            embed()
    embed()
    SETS_DIR.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(cache, frames=np.stack(frames), labels=np.array(labels), speakers=np.array(speakers))
    return np.stack(frames), np.array(labels), np.array(speakers)


def window_rates(model: CommandClassifier, x, labels, threshold: float):
    """Windows ending just after a command heard as it, and other windows taken for one."""
    probabilities = model.probabilities(x)
    best = probabilities.argmax(axis=1)
    top = np.array(PHRASES)[best]
    sure = probabilities[np.arange(len(best)), best] >= threshold
    commands = labels != REJECT
    return float(np.mean((top == labels)[commands] & sure[commands])), float(np.mean(
        (top != REJECT)[~commands] & sure[~commands]))


def compare(frames, labels, speakers) -> None:
    """Each pooling, fitted without a quarter of the speakers, scored on their windows."""
    held = speakers % 4 == 3
    for how, hidden, c in [(how, hidden, c) for how in POOLINGS for hidden, c in ((0, 0.1), (HIDDEN, C))]:
        x = np.stack([spot_vector(f.astype(np.float32), how) for f in frames])
        model = fit(x[~held], labels[~held], "stats", hidden, c)
        shown = ", ".join(f"{t}: {100 * hit:.1f}% heard, {100 * wrong:.2f}% wrong"
                          for t in (0.7, 0.8, 0.9) for hit, wrong in [window_rates(model, x[held], labels[held], t)])
        print(f"{how}, hidden {hidden}, C {c}: {shown}", flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--compare", action="store_true", help="score each pooling on held-out speakers first")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    frames, labels, speakers = rows()
    print(f"{len(labels)} windows, {int(np.sum(labels == REJECT))} rejected ({time.perf_counter() - started:.0f} s)")
    if args.compare:
        compare(frames, labels, speakers)
    x = np.stack([spot_vector(f.astype(np.float32), SPOT_POOLING) for f in frames])
    model = fit(x, labels, "stats", HIDDEN, C)
    model.pooling = SPOT_POOLING
    assert model.phrases == PHRASES
    model.note = (f"bench.train_spotter: {len(labels)} tuning-side windows ({SPEAKERS} generated speakers over "
                  f"babble of {', '.join(TRAINING_BABBLE_VOICES)}), pooling {SPOT_POOLING}, hidden {HIDDEN}, C {C}")
    model.save(SPOT_MODEL_FILE)
    print(f"saved {SPOT_MODEL_FILE.name} ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
