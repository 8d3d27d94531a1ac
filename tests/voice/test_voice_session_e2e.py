"""A whole voice session against the running assistant, answered from WAV files that
espeak-ng spoke: what was said, in which order, and a red flag that stops a countdown."""
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from speech.wavtools import duration_s
from voice.transcript import read_transcript

ROOT = Path(__file__).resolve().parents[2]
SCREEN_TO_FIRST_HOLD = ["start", "no", "no", "no", "six", "left", "sitting", "ready"]
ROUTINE_TO_FIRST_COUNT = ["strengthening", "no", "no", "no", "standing", "ready"]


@pytest.fixture(scope="module")
def spoken_answers(tmp_path_factory):
    """One WAV per answer word, as a person (here: espeak-ng) would say it."""
    folder = tmp_path_factory.mktemp("answers")
    words = set(SCREEN_TO_FIRST_HOLD + ROUTINE_TO_FIRST_COUNT) | {"yes", "stop", "i feel dizzy", "pause", "summary"}
    paths = {}
    for word in words:
        paths[word] = folder / f"{word.replace(' ', '-')}.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(paths[word]), word], check=True)
    return paths


def run_voice_session(assistant, out, inputs, tmp_path):
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "voice.session", "--url", assistant.config.rasa_url, "--out", str(out),
         "--no-microphone", "--in", *map(str, inputs)],
        cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=240,
        env={**__import__("os").environ, "SCALENE_SPEECH_CACHE": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr
    return read_transcript(out / "transcript.txt"), time.monotonic() - started


def find_in_order(entries, expected):
    """Index of each (who, text fragment) in `expected`, found one after another."""
    found, position = [], 0
    for who, fragment in expected:
        for index in range(position, len(entries)):
            if entries[index][1] == who and fragment in entries[index][2]:
                found.append(index)
                position = index + 1
                break
        else:
            raise AssertionError(f"{who}: {fragment!r} not found after line {position}:\n"
                                 + "\n".join(f"{e[0]:03d} {e[1]}: {e[2]}" for e in entries))
    return found


def test_screen_hold_check_finish_by_voice(assistant, spoken_answers, tmp_path):
    out = tmp_path / "session"
    answers = [spoken_answers[w] for w in SCREEN_TO_FIRST_HOLD + ["yes", "stop"]]
    entries, seconds = run_voice_session(assistant, out, answers, tmp_path)

    order = find_in_order(entries, [
        ("bot", "I'm Scalene Coach"),
        ("you", "start -> start a session"),
        ("bot", "three quick safety questions"),
        ("bot", "Question one of three."),
        ("you", "no"),
        ("bot", "Question two of three."),
        ("you", "no"),
        ("bot", "Question three of three."),
        ("you", "no"),
        ("bot", "that's all clear"),
        ("bot", "from zero for none to ten for the worst"),
        ("you", "six -> 6"),
        ("bot", "Which side shall we work on, left or right? You can say: Left, or Right."),
        ("you", "left"),
        ("bot", "You can say: Sitting, or Lying down."),
        ("you", "sitting"),
        ("bot", "Use your finger pads, press gently"),  # the spoken cautions
        ("bot", "If during or after pressing you feel dizzy"),  # the warning signs
        ("bot", "Left side, spot one of three"),
        ("you", "ready"),
        ("bot", "Breathe slowly. I'll count the twelve seconds."),
        ("countdown", "hold 12 s: twelve, eleven, ten, nine, eight, seven, six, five, four, three, two, one"),
        ("you", "(countdown finished) -> /hold_finished"),
        ("bot", "Did that spot ease or soften?"),
        ("you", "yes"),
        ("bot", "Good, that spot eased."),
        ("bot", "Left side, spot two of three"),
        ("you", "stop"),
        ("bot", "Done: one of one spots eased, pain six at the start."),  # one short end message
    ])
    # Every bot message of a turn is spoken, in order: nothing unexpected in between.
    assert [entries[i][1] for i in range(order[0], order[-1] + 1)].count("you") == 11
    # Each screen question is followed by its spoken choices.
    for index in order[3], order[5], order[7]:
        assert entries[index][2].endswith("You can say: Yes, or No.")
    spoken = [text for _, who, text, _ in entries if who == "bot"]
    # Voice-safe: no digits, brackets, quotes or markup reach the speech engine.
    assert not [t for t in spoken if re.search(r"[0-9()\"*_#<>{}\[\]]", t)]
    # Every spoken line has its WAV, numbered like the transcript.
    for number, who, _, wav in entries:
        if who in ("bot", "countdown"):
            assert wav == f"{number:03d}-{who}.wav" and (out / wav).stat().st_size > 10_000
    countdown = entries[order[21]]
    assert duration_s(out / countdown[3]) > 12.5  # cue + 12 counted seconds + "and release"
    assert seconds > 12  # the countdown ran on the real clock


def test_red_flag_spoken_mid_hold_stops_the_countdown(assistant, spoken_answers, tmp_path):
    out = tmp_path / "red-flag"
    answers = [spoken_answers[w] for w in SCREEN_TO_FIRST_HOLD] + [f"{spoken_answers['i feel dizzy']}@3"]
    entries, seconds = run_voice_session(assistant, out, answers, tmp_path)

    order = find_in_order(entries, [
        ("bot", "Breathe slowly. I'll count the twelve seconds."),
        ("countdown", "hold 12 s, stopped at"),
        ("you", "i feel dizzy -> I feel dizzy"),
        ("bot", "Stop pressing now"),
        ("bot", "I've stopped the session"),
    ])
    countdown = entries[order[1]]
    stopped_at = float(re.search(r"stopped at ([\d.]+) s", countdown[2]).group(1))
    # Stopped the moment it was heard, 3 s into the audio (the countdown's clock may start a few
    # ms after the listener's while the planned answer is being recognised).
    assert 2.9 <= stopped_at < 3.1
    assert duration_s(out / countdown[3]) == pytest.approx(stopped_at, abs=0.02)
    advice = entries[order[3]][2]
    assert "emergency number" in advice and "nine nine nine, nine one one or one one two" in advice
    assert not any("/hold_finished" in text for _, who, text, _ in entries if who == "you")
    assert seconds < 12  # did not sit out the rest of the hold


COUNTED_12 = "hold 12 s: twelve, eleven, ten, nine, eight, seven, six, five, four, three, two, one"


def test_a_countdown_paused_by_voice_plays_again_after_yes(assistant, spoken_answers, tmp_path):
    out = tmp_path / "pause"
    answers = [spoken_answers[w] for w in SCREEN_TO_FIRST_HOLD] + [f"{spoken_answers['pause']}@2",
                                                                   spoken_answers["yes"]]
    entries, seconds = run_voice_session(assistant, out, answers, tmp_path)

    order = find_in_order(entries, [
        ("bot", "Breathe slowly. I'll count the twelve seconds."),
        ("countdown", "hold 12 s, stopped at"),
        ("you", "pause"),
        ("note", "(pause)"),
        ("bot", "Paused."),
        ("you", "yes"),
        ("bot", "Let's carry on."),
        ("bot", "Breathe slowly. I'll count the twelve seconds."),
        ("countdown", COUNTED_12),
        ("you", "(countdown finished) -> /hold_finished"),
        ("bot", "Did that spot ease or soften?"),
    ])
    stopped_at = float(re.search(r"stopped at ([\d.]+) s", entries[order[1]][2]).group(1))
    assert 1.9 <= stopped_at < 2.1  # cut when it was heard (as in the red-flag test above)
    assert duration_s(out / entries[order[8]][3]) > 12.5  # the whole hold again, cue to release
    assert seconds > 14  # two seconds, then twelve more on the real clock


def test_a_strengthening_routine_by_voice_counts_reps_and_saves_the_summary(assistant, spoken_answers, tmp_path):
    out = tmp_path / "routine"
    answers = [spoken_answers[w] for w in ROUTINE_TO_FIRST_COUNT] + [
        f"{spoken_answers['pause']}@6", spoken_answers["stop"], spoken_answers["summary"]]
    entries, _ = run_voice_session(assistant, out, answers, tmp_path)

    order = find_in_order(entries, [
        ("you", "strengthening -> strengthening exercises"),
        ("bot", "moderate evidence at best"),
        ("bot", "Question one of three."),
        ("bot", "more than three months pregnant"),
        ("you", "standing"),
        ("bot", "Chin tuck, standing tall"),
        ("you", "ready"),
        ("bot", "I'll count ten reps. Hold each for five seconds"),
        ("countdown", "exercise 90 s, stopped at"),
        ("you", "pause"),
        ("bot", "Paused."),
        ("you", "stop"),
        ("bot", "stop the exercises here"),
        ("you", "summary -> a summary for my doctor"),
        ("bot", "I've saved a one-page summary"),
        ("saved", "Summary (PDF): "),
    ])
    # The paced count that played: the move's cue, then "one, hold, two ..." on whole seconds.
    count_wav = out / entries[order[8]][3]
    assert 5.5 < duration_s(count_wav) < 6.5
    saved = Path(entries[order[15]][2].split(": ", 1)[1])
    assert saved.parent == out and saved.suffix == ".pdf" and saved.read_bytes().startswith(b"%PDF-")
