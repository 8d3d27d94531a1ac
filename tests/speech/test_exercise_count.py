"""The exercise count keeps time: measured from the WAV itself (energy onsets), every rep
number, "hold", second and "release" starts within ±50 ms of its whole second."""
import pytest

from actions.exercise_moves import MOVES
from actions.exercise_moves import count_message
from speech.exercise_count import count_marks, exercise_count_for, exercise_count_wav
from speech.wavtools import onsets, read_wav, sound_end

TOLERANCE_S = 0.050


def test_one_rep_is_said_as_number_hold_seconds_release():
    assert count_marks(2, 5, 9) == [
        (0, "one"), (1, "hold"), (2, "two"), (3, "three"), (4, "four"), (5, "five"), (6, "release"),
        (9, "two"), (10, "hold"), (11, "two"), (12, "three"), (13, "four"), (14, "five"), (15, "release")]


@pytest.mark.parametrize("rate", [130, 200])
@pytest.mark.parametrize("reps,hold,rep_seconds", [(3, 5, 9), (2, 6, 12), (2, 15, 21)])
def test_each_word_starts_on_its_second(reps, hold, rep_seconds, rate):
    audio = exercise_count_wav(reps, hold, rep_seconds, rate=rate)
    samples, sample_rate = read_wav(audio.path)
    # The counting part, from half a second before the first number to the end cue's start
    # (the end cue is two short sentences, so it has two onsets of its own).
    found = [t for t in onsets(samples, sample_rate)
             if audio.count_start_s - 0.5 < t < audio.end_onset_s + 0.5]
    expected = [audio.count_start_s + s for s, _ in count_marks(reps, hold, rep_seconds)]
    expected.append(audio.count_start_s + reps * rep_seconds)  # the end cue
    assert len(found) == len(expected), (found, expected)
    errors_ms = [abs(got - want) * 1000 for got, want in zip(found, expected)]
    print(f"reps={reps} hold={hold} rate={rate}: onset error max {max(errors_ms):.1f} ms")
    assert max(errors_ms) <= TOLERANCE_S * 1000
    assert audio.words.count("hold") == reps and audio.words.count("release") == reps


def test_length_is_the_payload_seconds_plus_cues():
    payload = count_message("abc", "chin_tuck", "desk")["hold"]
    audio = exercise_count_for(payload, rate=160)
    samples, sample_rate = read_wav(audio.path)
    assert audio.end_onset_s - audio.count_start_s == pytest.approx(payload["seconds"], abs=0.001)
    end_cue = sound_end(samples, sample_rate) - audio.end_onset_s
    assert len(samples) / sample_rate == pytest.approx(audio.end_onset_s + end_cue, abs=TOLERANCE_S)
    assert audio.reps == MOVES["chin_tuck"].doses["desk"].reps


def test_a_dose_that_cannot_be_counted_is_refused():
    with pytest.raises(ValueError):
        exercise_count_wav(3, 5, 6)  # no second left for "release" before the next rep
    with pytest.raises(ValueError):
        exercise_count_wav(0, 5, 9)


def test_finished_count_is_cached():
    first = exercise_count_wav(2, 3, 6, rate=170)
    again = exercise_count_wav(2, 3, 6, rate=170)
    assert again.path == first.path and again.path.read_bytes() == first.path.read_bytes()
