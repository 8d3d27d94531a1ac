"""Every speech test writes its audio to a fresh cache folder (nothing is reused between runs)."""
import pytest


@pytest.fixture(autouse=True)
def speech_cache(tmp_path_factory, monkeypatch):
    cache = tmp_path_factory.getbasetemp() / "speech-cache"
    monkeypatch.setenv("SCALENE_SPEECH_CACHE", str(cache))
    return cache


@pytest.fixture(scope="module")
def babble():
    """People talking: the test side's babble (voices and sentences tuning never used)."""
    from bench.speech_sets import TEST, Babble

    return Babble(TEST.babble_voices)
