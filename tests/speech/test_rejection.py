"""The recogniser on voices, noise and phrases that tuning never used (a slice of the
benchmark's test set, generated afresh): commands heard right, everything else ignored."""
import numpy as np
import pytest

from bench.speech_eval import run_clip, summarise
from bench.speech_sets import TEST, SetSpec, build
from speech.recognizer import CommandRecognizer
from speech.vad import Segmenter, SileroVad, WebRtcVad
from speech.wavtools import read_wav, write_wav

SLICE = SetSpec(name="test-slice", speakers=[TEST.speakers[0], TEST.speakers[2]], noises=["white"],
                snr_db=TEST.snr_db, reverb=False, out_of_grammar=TEST.out_of_grammar[:12],
                bursts=TEST.bursts[:8], babble_voices=TEST.babble_voices, seed=TEST.seed)


@pytest.fixture(scope="module")
def recognizer():
    return CommandRecognizer()


@pytest.fixture(scope="module")
def slice_results(recognizer, tmp_path_factory):
    folder = tmp_path_factory.mktemp("test-slice")
    clips = build(SLICE, out_dir=folder, progress=lambda _: None)
    segmenter = recognizer.segmenter()
    return summarise([run_clip(recognizer, segmenter, read_wav(folder / clip.path)[0], clip) for clip in clips])


@pytest.mark.slow  # synthesises and decodes many clips: left out of `make test-fast`
def test_commands_from_unseen_voices_are_heard(slice_results):
    # Floors at what the recogniser reaches today (README: the bars of 95% / 90% are
    # not met on the test voices): a regression below them fails.
    print(slice_results)
    # (The command classifier: 92% and 85% on this slice; pocketsphinx with rejection had 60-70% and ~20%.)
    assert slice_results["commands_clean"] >= 0.85, slice_results
    assert slice_results["commands_white"] >= 0.75, slice_results


def test_chatter_and_noise_are_not_commands(slice_results):
    assert slice_results["false_accepts_noise"] == 0, slice_results
    # The slice's chatter is mostly short ("hmm", "ah", "bless you"), the classifier's weak spot:
    # 21% of it is taken for a short command today (README: 6.9% over the whole test set, bar 3%).
    assert slice_results["false_accepts_speech"] <= 0.25, slice_results


def test_both_detectors_cut_an_utterance_and_ignore_a_click(tmp_path):
    import subprocess

    subprocess.run(["espeak-ng", "-v", "en-029", "-w", str(tmp_path / "w.wav"), "lying down"], check=True)
    words, rate = read_wav(tmp_path / "w.wav")
    from speech.wavtools import resample

    words = resample(words, rate, 16000)
    click = np.zeros(16000, dtype=np.float32)
    click[8000:8040] = 0.9
    stream = np.concatenate([np.zeros(8000), click, words, np.zeros(16000), words, np.zeros(16000)]).astype(np.float32)
    for vad in (SileroVad(), WebRtcVad()):
        segmenter = Segmenter(vad)
        found = [u for start in range(0, len(stream), 480) for u in segmenter.feed(stream[start: start + 480]) if u]
        assert len(found) == 2, (vad.name, [(u.start_s, u.end_s) for u in found])  # "lying down" once each
        assert abs(found[0].start_s - 1.5) < 0.1 and abs(found[1].start_s - (2.5 + len(words) / 16000)) < 0.1


def test_silence_and_white_noise_alone_are_nothing(recognizer, tmp_path):
    noise = 0.1 * np.random.default_rng(5).standard_normal(32000).astype(np.float32)
    assert recognizer.recognize(noise, 16000) is None
    assert recognizer.recognize_file(write_wav(tmp_path / "silence.wav", np.zeros(16000), 16000)) is None
