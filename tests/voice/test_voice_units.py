"""The voice session's parts without a server: message plans, inputs and mid-hold timing."""
import io
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from voice.listen import Answers, Heard, InputFile
from voice.output import FileSpeaker, wait_real_time
from voice.plan import Hold, Say, plan
from voice.transcript import Transcript, read_transcript

ROOT = Path(__file__).resolve().parents[2]


class FakeRecognizer:
    """Hears the file's stem: 'dizzy.wav' -> 'i feel dizzy'; 'faint-stop.wav' -> "stop" heard only
    at the stopping phrases' low threshold (unit tests only)."""

    PHRASES = {"dizzy": ("i feel dizzy", "I feel dizzy", False), "seven": ("seven", "7", False),
               "ready": ("ready", "ready", False), "faint-stop": ("stop", "stop", True)}

    def recognize_file(self, path):
        from speech.recognizer import Recognition

        phrase, message, mid_hold_only = self.PHRASES[Path(path).stem]
        return Recognition(phrase, message, 0.0, mid_hold_only=mid_hold_only)


def wavs(tmp_path, *names):
    for name in names:
        (tmp_path / f"{name}.wav").write_bytes(b"")
    return tmp_path


def test_plan_speaks_every_text_reads_buttons_and_finds_the_hold():
    hold = {"hold": {"seconds": 12, "kind": "hold", "id": "abc", "finish_payload": '/hold_finished{"hold_id": "abc"}'}}
    steps = plan([
        {"text": "Press gently and hold for 12 seconds."},
        {"text": "Which side?", "buttons": [{"title": "Left"}, {"title": "Right"}]},
        {"image": "/widget/img/scalenes-where.svg"},
        {"custom": hold},
    ])
    assert steps == [Say("Press gently and hold for twelve seconds."),
                     Say("Which side? You can say: Left, or Right."),
                     Hold(12, "hold", "abc", '/hold_finished{"hold_id": "abc"}')]


def test_input_file_can_be_marked_for_the_next_countdown():
    assert InputFile.parse("answers/dizzy.wav@3.5") == InputFile(Path("answers/dizzy.wav"), 3.5)
    assert InputFile.parse("answers/ready.wav") == InputFile(Path("answers/ready.wav"), None)


def test_keyboard_answers_and_quit():
    answers = Answers([], None, keyboard=io.StringIO("ready\n\nquit\n"))
    first = answers.next_answer()
    assert (first.message, first.source) == ("ready", "keyboard")
    assert answers.next_answer() is None


def test_files_come_first_then_the_session_ends(tmp_path):
    wavs(tmp_path, "ready")
    answers = Answers([InputFile(tmp_path / "ready.wav")], FakeRecognizer(), keyboard=io.StringIO(""))
    assert answers.next_answer().message == "ready"
    assert answers.next_answer() is None


def test_marked_file_is_heard_at_its_second_of_the_countdown(tmp_path):
    wavs(tmp_path, "dizzy")
    answers = Answers([InputFile(tmp_path / "dizzy.wav", 0.3)], FakeRecognizer(), keyboard=None)
    started, done = time.monotonic(), threading.Event()
    heard = answers.during_hold(started, done, lambda h: None)
    late = time.monotonic() - started - 0.3
    assert heard.message == "I feel dizzy" and heard.interrupts
    assert 0 <= late < 0.03


def test_a_faint_stopping_phrase_stops_a_countdown_but_is_no_answer_between_turns(tmp_path):
    """A stopping phrase heard only at its low threshold: a missed "stop" mid-hold costs more
    than a hold stopped by mistake, but between turns a false "stop" would end the session."""
    wavs(tmp_path, "faint-stop")
    answers = Answers([InputFile(tmp_path / "faint-stop.wav", 0.05)], FakeRecognizer(), keyboard=None)
    heard = answers.during_hold(time.monotonic(), threading.Event(), lambda h: None)
    assert heard.message == "stop" and heard.interrupts
    answers = Answers([InputFile(tmp_path / "faint-stop.wav")], FakeRecognizer(), keyboard=None)
    between = answers.next_answer()
    assert between.said == "stop" and between.message is None  # "not understood": asked again


def test_a_faint_stopping_phrase_said_over_talk_is_ignored_between_turns():
    """Over the room's talk nobody is asked to say anything again: the next answer is the next one."""
    class Microphone:
        def start(self, deliver):
            deliver(Heard("help", "help", "microphone", interrupts=True, mid_hold_only=True, ask_again=False))
            deliver(Heard("ready", "ready", "microphone"))

    assert Answers([], None, keyboard=None, microphone=Microphone()).next_answer().message == "ready"


def test_non_stopping_word_mid_countdown_is_ignored(tmp_path):
    wavs(tmp_path, "seven", "ready")
    answers = Answers([InputFile(tmp_path / "seven.wav", 0.05), InputFile(tmp_path / "ready.wav")],
                      FakeRecognizer(), keyboard=None)
    done, ignored = threading.Event(), []
    threading.Timer(0.3, done.set).start()
    assert answers.during_hold(time.monotonic(), done, ignored.append) is None
    assert [h.said for h in ignored] == ["seven"]
    assert answers.next_answer().message == "ready"


def test_marked_file_after_the_countdown_ended_is_the_next_answer(tmp_path):
    wavs(tmp_path, "ready")
    answers = Answers([InputFile(tmp_path / "ready.wav", 5.0)], FakeRecognizer(), keyboard=None)
    done = threading.Event()
    threading.Timer(0.1, done.set).start()
    assert answers.during_hold(time.monotonic(), done, lambda h: None) is None
    assert answers.next_answer().message == "ready"


def test_typed_line_stops_a_countdown():
    answers = Answers([], None, keyboard=None)
    threading.Timer(0.1, lambda: answers.live.put(Heard("stop", "stop", "keyboard", interrupts=True))).start()
    heard = answers.during_hold(time.monotonic(), threading.Event(), lambda h: None)
    assert heard.message == "stop"


def test_countdown_on_file_speaker_takes_real_time_and_stops_at_once(tmp_path):
    from speech.countdown import CountdownAudio
    from speech.wavtools import duration_s, write_wav
    import numpy as np

    source = write_wav(tmp_path / "count.wav", np.full(22050, 0.2, dtype=np.float32), 22050)
    audio = CountdownAudio(path=source, seconds=1, kind="hold", duration_s=1.0, count_start_s=0.0,
                           onsets_s=[0.0], words=["one"], release_onset_s=1.0)
    speaker, stop = FileSpeaker(tmp_path / "out"), threading.Event()
    started = time.monotonic()
    threading.Timer(0.4, stop.set).start()
    played = speaker.countdown(audio, "001-countdown.wav", stop)
    # Real time: not written out at once; stopped at once: within a frame or two of the stop
    # (the speaker's clock starts a moment after the timer's, so "played" may be a hair under 0.4).
    assert 0.38 <= played < 0.45 and time.monotonic() - started < 0.45
    assert duration_s(tmp_path / "out" / "001-countdown.wav") == pytest.approx(played, abs=0.01)
    assert 0.2 <= wait_real_time(0.2) < 0.25


def test_transcript_is_numbered_and_readable(tmp_path):
    transcript = Transcript(tmp_path, echo=None)
    transcript.add("bot", "Hello   there", "001-bot.wav")
    transcript.add("you", "ready (ready.wav)")
    transcript.close()
    assert read_transcript(tmp_path / "transcript.txt") == [
        (1, "bot", "Hello there", "001-bot.wav"), (2, "you", "ready (ready.wav)", "")]


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGTERM"])
def test_ctrl_c_or_sigterm_ends_the_wait_for_an_answer(signal_name):
    """However the session was started (a background job inherits SIGINT ignored) and whichever
    thread the kernel hands the signal to (PortAudio's, ONNX Runtime's), Ctrl-C or SIGTERM ends
    the wait for the person's answer. In a child process: a hang is a failure, not a stuck run."""
    script = (
        "import signal, threading, time\n"
        "signal.signal(signal.SIGINT, signal.SIG_IGN)  # as a shell's background job starts\n"
        "from voice.listen import Answers\n"
        "from voice.session import end_on_ctrl_c_and_terminate\n"
        "end_on_ctrl_c_and_terminate()\n"
        "class SilentMicrophone:\n"
        "    def start(self, deliver): pass\n"
        "def press():\n"
        "    time.sleep(0.3)\n"
        f"    signal.pthread_kill(threading.get_ident(), signal.{signal_name})  # to this thread, not the main one\n"
        "threading.Thread(target=press).start()\n"
        "try:\n"
        "    Answers([], None, keyboard=None, microphone=SilentMicrophone()).next_answer()\n"
        "except KeyboardInterrupt:\n"
        "    print('ended')\n")
    try:
        result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"{signal_name} did not end the wait for an answer within 30 s")
    assert result.stdout.strip().endswith("ended"), result.stderr[-2000:]
