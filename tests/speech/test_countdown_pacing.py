"""Countdown audio keeps time: measured from the WAV itself (energy onsets), every number
starts within ±50 ms of its one-second mark, "and release" at N s, total N s + cues."""
import pytest

from actions.holds import cues_for
from speech.countdown import countdown_wav, spoken_marks
from speech.wavtools import onsets, read_wav, sound_end

TOLERANCE_S = 0.050


@pytest.mark.parametrize("rate", [130, 200])
@pytest.mark.parametrize("seconds", [5, 12, 30])
def test_each_number_starts_on_its_second(seconds, rate):
    audio = countdown_wav(seconds, kind="hold", rate=rate, cues=cues_for("hold"))
    samples, sample_rate = read_wav(audio.path)
    found = onsets(samples, sample_rate)
    # The counting part: everything from half a second before the first number on.
    counted = [t for t in found if t > audio.count_start_s - 0.5]
    expected = [audio.count_start_s + k for k in range(seconds)] + [audio.count_start_s + seconds]
    assert len(counted) == len(expected), (counted, expected)
    errors_ms = [abs(got - want) * 1000 for got, want in zip(counted, expected)]
    print(f"N={seconds} rate={rate}: onset error max {max(errors_ms):.1f} ms, "
          f"mean {sum(errors_ms) / len(errors_ms):.1f} ms")
    assert max(errors_ms) <= TOLERANCE_S * 1000
    # The first number starts after the cue has finished (nothing talks over it).
    assert found[0] < 0.05 and audio.count_start_s - 0.5 > 0
    assert audio.words == [spoken for _, spoken in spoken_marks(seconds)]
    assert audio.words[0] == {5: "five", 12: "twelve", 30: "thirty"}[seconds] and audio.words[-1] == "one"


@pytest.mark.parametrize("kind", ["hold", "rest"])
def test_total_length_is_n_seconds_plus_cues(kind):
    seconds = 12
    audio = countdown_wav(seconds, kind=kind, rate=160, cues=cues_for(kind))
    samples, sample_rate = read_wav(audio.path)
    found = onsets(samples, sample_rate)
    first_number = min(found, key=lambda t: abs(t - audio.count_start_s))
    release = min(found, key=lambda t: abs(t - audio.release_onset_s))
    assert abs((release - first_number) - seconds) <= TOLERANCE_S
    # After the end cue nothing is left but the cue itself.
    end_cue = sound_end(samples, sample_rate) - release
    total = len(samples) / sample_rate
    assert abs(total - first_number - end_cue - seconds) <= TOLERANCE_S
    assert audio.duration_s == pytest.approx(total, abs=0.001)


def test_long_rest_is_announced_then_counted():
    audio = countdown_wav(120, kind="rest", rate=160, cues=cues_for("rest"))
    assert audio.words[:4] == ["two minutes", "ninety seconds", "one minute", "thirty seconds"]
    assert audio.words[-10:] == ["ten", "nine", "eight", "seven", "six", "five", "four", "three", "two", "one"]
    samples, sample_rate = read_wav(audio.path)
    found = [t for t in onsets(samples, sample_rate) if t > audio.count_start_s - 0.5]
    expected = audio.onsets_s + [audio.release_onset_s]
    assert len(found) == len(expected)
    assert max(abs(a - b) for a, b in zip(found, expected)) <= TOLERANCE_S


def test_finished_countdown_is_cached():
    first = countdown_wav(7, kind="hold", rate=170)
    again = countdown_wav(7, kind="hold", rate=170)
    assert again.path == first.path and again.onsets_s == first.onsets_s
    assert again.path.read_bytes() == first.path.read_bytes()


def test_the_cues_are_the_payloads_and_change_the_audio():
    plain = countdown_wav(3, kind="hold", rate=160)
    cued = countdown_wav(3, kind="hold", rate=160, cues={"start": "Press gently and hold.", "end": "And release."})
    other = countdown_wav(3, kind="hold", rate=160, cues=("Squeeze.", "Let go."))
    assert len({plain.path, cued.path, other.path}) == 3
    assert plain.extra["start_cue_s"] == 0 and cued.extra["start_cue_s"] > 0.5
    assert cued.count_start_s > plain.count_start_s and cued.duration_s > plain.duration_s
