"""The command classifier (`speech/command_classifier.npz` on openWakeWord's speech embedding):
it covers exactly the grammar, hears commands from voices it was never trained on, in quiet
and in noise, and ignores chatter and noise bursts it never heard either."""
import numpy as np
import pytest

from bench.speech_sets import Speaker, burst, colored_noise, espeak, in_stream, scaled
from speech.command_classifier import MODEL_FILE, OVER_TALK_MODEL_FILE, REJECT, CommandClassifier
from speech.recognizer import COMMANDS, CommandRecognizer

# Voices of the test side (never in the classifier's training) at rates and pitches of their own.
UNSEEN = [Speaker("en-gb-x-rp", 150, 50), Speaker("en-029+m7", 170, 62)]
SAID = ["start", "ready", "next", "stop", "yes", "no", "lying down", "i feel dizzy", "it hurts",
        "seven", "i felt it in my wrist", "help", "switch sides", "summary"]
# In no training list (nor in the test set's).
CHATTER = ["could you pass the salt", "the garden needs watering", "my brother lives in leeds",
           "what a lovely dress", "we are out of milk", "the football is on tonight"]


@pytest.fixture(scope="module")
def recognizer():
    return CommandRecognizer()


def heard(recognizer, samples):
    recognition = recognizer.recognize(samples, 16000)
    return recognition.phrase if recognition else None


def test_saved_classifiers_cover_exactly_the_grammar(recognizer):
    for path in (MODEL_FILE, OVER_TALK_MODEL_FILE):
        model = CommandClassifier.load(path)
        assert model.phrases == list(COMMANDS) + [REJECT], path
        assert model.weights[-1].shape[1] == len(model.phrases) and 0 < model.threshold < 1
    assert recognizer.classifier is not None  # the recogniser decides with it
    assert recognizer.over_talk_model is not None  # and with this one over talk in the room


def test_commands_from_unseen_voices_are_heard_in_quiet_and_in_noise(recognizer):
    rng = np.random.default_rng(3)
    quiet, noisy = [], []
    for speaker in UNSEEN:
        for phrase in SAID:
            speech = espeak(phrase, speaker)
            clip, _, _ = in_stream(speech)
            quiet.append((phrase, heard(recognizer, clip)))
            noisy.append((phrase, heard(recognizer, clip + scaled(colored_noise("white", len(clip), rng), speech, 10))))
    misses = [(said, got) for said, got in quiet + noisy if said != got]
    assert sum(said == got for said, got in quiet) >= 0.85 * len(quiet), misses
    assert sum(said == got for said, got in noisy) >= 0.7 * len(noisy), misses
    assert all(got == "i feel dizzy" for said, got in quiet if said == "i feel dizzy"), misses  # the red flag


def test_chatter_and_noise_bursts_are_not_commands(recognizer):
    rng = np.random.default_rng(4)
    chatter = [(text, heard(recognizer, in_stream(espeak(text, speaker))[0])) for speaker in UNSEEN for text in CHATTER]
    accepted = [(text, got) for text, got in chatter if got is not None]
    assert len(accepted) <= 1, accepted
    for kind in ("white-burst", "pink-burst", "knock", "rumble"):
        assert heard(recognizer, in_stream(burst(kind, rng, None))[0]) is None, kind


def test_without_its_model_the_pocketsphinx_path_still_decides():
    fallback = CommandRecognizer(classifier=None)
    assert fallback.classifier is None
    assert heard(fallback, in_stream(espeak("i feel a pulse", UNSEEN[0]))[0]) == "i feel a pulse"


def test_a_safety_no_must_be_clear_and_other_answers_need_not(recognizer, monkeypatch):
    clip, _, _ = in_stream(espeak("no", UNSEEN[0]))
    for phrase, probability, heard_as in [("no", 0.8, None), ("no", 0.95, "no"), ("yes", 0.8, "yes")]:
        monkeypatch.setattr(recognizer.classifier, "decide", lambda *_, p=phrase, q=probability: (p, q, True))
        assert heard(recognizer, clip) == heard_as, (phrase, probability)


def test_the_saved_models_hear_which_sounds_come_first():
    """Mean, max and spread are the same for an utterance played backwards; the saved models
    also pool each half of the speech, so "really" and "three" (the same sounds, another
    order at the start) do not have to look alike to them."""
    from speech.command_classifier import pool

    frames = np.random.default_rng(5).normal(size=(28, 96)).astype(np.float32)
    backwards = np.concatenate([frames[:21], frames[21:25][::-1], frames[25:]])  # speech: the last 7; the last 3 kept
    assert np.allclose(pool(frames, 0.4, "stats"), pool(backwards, 0.4, "stats"))
    for path in (MODEL_FILE, OVER_TALK_MODEL_FILE):
        pooling = CommandClassifier.load(path).pooling
        assert not np.allclose(pool(frames, 0.4, pooling), pool(backwards, 0.4, pooling)), path


@pytest.mark.parametrize("seconds", [0.3, 0.8, 1.6, 4.0])
def test_embedding_only_the_end_of_the_window_gives_the_same_frames(recognizer, seconds):
    """What the classifier pools is embedded from the end of the window alone, faster: its
    frames are the whole window's last ones, to the bit, for short and long speech."""
    from speech.command_classifier import WINDOW_FRAMES, pooled_frames, window_samples

    speech = espeak("i felt it in my wrist", UNSEEN[0])
    samples = np.resize(speech, int(seconds * 16000))  # the phrase cut short, or said again
    whole = recognizer.embed(samples)
    assert len(whole) == WINDOW_FRAMES
    needed = pooled_frames(seconds, recognizer.classifier.pooling)
    end = recognizer.embed(samples, needed)
    assert len(end) >= needed and window_samples(needed) <= 48000
    np.testing.assert_array_equal(end[-needed:], whole[-needed:])
    if needed < WINDOW_FRAMES - 8:
        assert window_samples(needed) < 48000  # it really is shorter
