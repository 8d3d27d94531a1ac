"""The session loop with a scripted bot (unit test): order of turns, holds and a paused hold."""
import io

import pytest

from voice.listen import Answers, Heard
from voice.output import FileSpeaker
from voice.session import VoiceSession
from voice.transcript import Transcript

HOLD = {"custom": {"hold": {"seconds": 1, "kind": "hold", "id": "h1", "finish_payload": "/hold_finished"}}}


class ScriptedBot:
    """Replies from a script and records what it was sent (unit tests only)."""

    def __init__(self, script):
        self.script, self.sent = script, []

    def send(self, message):
        self.sent.append(message)
        return self.script[message]


@pytest.fixture(autouse=True)
def speech_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SCALENE_SPEECH_CACHE", str(tmp_path / "cache"))


def session_with(script, heard, tmp_path):
    answers = Answers([], None, keyboard=io.StringIO(""))
    for item in heard:
        answers.live.put(item)
    bot = ScriptedBot(script)
    transcript = Transcript(tmp_path / "out", echo=None)
    return bot, transcript, VoiceSession(bot, FileSpeaker(tmp_path / "out"), answers, transcript)


def test_all_messages_spoken_then_hold_then_finish(tmp_path):
    bot, transcript, session = session_with({
        "ready": [{"text": "First."}, {"text": "Second, with choices.", "buttons": [{"title": "Yes"}]}, HOLD],
        "/hold_finished": [{"text": "Did that spot ease?"}],
    }, [], tmp_path)
    session.run(opening="ready")
    assert bot.sent == ["ready", "/hold_finished"]
    assert [(who, text) for _, who, text, _ in transcript.entries] == [
        ("you", "ready (session start)"),
        ("bot", "First."),
        ("bot", "Second, with choices. You can say: Yes."),
        ("countdown", "hold 1 s: one"),
        ("you", "(countdown finished) -> /hold_finished (timer)"),
        ("bot", "Did that spot ease?"),
    ]


def test_paused_hold_is_played_again_after_continue(tmp_path):
    bot, transcript, session = session_with({
        "ready": [{"text": "Breathe slowly."}, HOLD],
        "pause": [{"text": "Paused. Say continue when you're ready."}],
        "continue": [{"text": "Let's carry on."}, {"text": "Keep a gentle hold."}],
        "/hold_finished": [{"text": "Did that spot ease?"}],
    }, [Heard("pause", "pause", "keyboard", interrupts=True), Heard("continue", "continue", "keyboard")],
        tmp_path)
    session.run(opening="ready")
    assert bot.sent == ["ready", "pause", "continue", "/hold_finished"]
    countdowns = [text for _, who, text, _ in transcript.entries if who == "countdown"]
    assert countdowns[0].startswith("hold 1 s, stopped at 0.0") and countdowns[1] == "hold 1 s: one"
    assert session.stop_latencies_s[0] < 0.05


def test_not_understood_answer_is_asked_again_locally(tmp_path):
    bot, transcript, session = session_with({"hello": [{"text": "Hi."}], "yes": [{"text": "Okay."}]},
                                            [Heard("", None, "mumble.wav"), Heard("yes", "yes", "yes.wav")],
                                            tmp_path)
    session.run()
    assert bot.sent == ["hello", "yes"]  # the mumble never reached the bot
    assert ("session", "Sorry, I didn't catch that. Please say it again.") in \
        [(who, text) for _, who, text, _ in transcript.entries]
