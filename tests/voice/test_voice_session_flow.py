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

    def __init__(self, script, files=None):
        self.script, self.sent, self.files = script, [], files or {}

    def send(self, message):
        self.sent.append(message)
        return self.script[message]

    def download(self, path):
        return self.files[path]


@pytest.fixture(autouse=True)
def speech_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SCALENE_SPEECH_CACHE", str(tmp_path / "cache"))


def session_with(script, heard, tmp_path, files=None):
    answers = Answers([], None, keyboard=io.StringIO(""))
    for item in heard:
        answers.live.put(item)
    bot = ScriptedBot(script, files)
    transcript = Transcript(tmp_path / "out", echo=None)
    return bot, transcript, VoiceSession(bot, FileSpeaker(tmp_path / "out"), answers, transcript,
                                         documents_dir=tmp_path / "out")


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


def hold(hold_id, finish="/hold_finished"):
    return {"custom": {"hold": {**HOLD["custom"]["hold"], "id": hold_id, "finish_payload": finish}}}


def hold_stop(hold_id, reason):
    return {"custom": {"hold_stop": {"id": hold_id, "reason": reason}}}


def countdowns(transcript):
    return [text for _, who, text, _ in transcript.entries if who == "countdown"]


def test_a_paused_hold_plays_again_when_the_bot_sends_it_again(tmp_path):
    bot, transcript, session = session_with({
        "ready": [{"text": "Breathe slowly."}, HOLD],
        "pause": [hold_stop("h1", "pause"), {"text": "Paused. Say continue when you're ready."}],
        "yes": [{"text": "Let's carry on."}, {"text": "Press gently and hold."}, hold("h2", "/done-h2")],
        "/done-h2": [hold_stop("h2", "done"), {"text": "Did that spot ease?"}],
    }, [Heard("pause", "pause", "keyboard", interrupts=True), Heard("yes", "yes", "keyboard")], tmp_path)
    session.run(opening="ready")
    assert bot.sent == ["ready", "pause", "yes", "/done-h2"]
    assert countdowns(transcript)[0].startswith("hold 1 s, stopped at 0.0")
    assert countdowns(transcript)[1] == "hold 1 s: one"
    assert ("note", "the bot stopped h1 (pause)") in [(who, text) for _, who, text, _ in transcript.entries]
    assert session.stop_latencies_s[0] < 0.05


def test_a_stopped_hold_is_not_played_again_whatever_is_said(tmp_path):
    bot, transcript, session = session_with({
        "ready": [HOLD],
        "pause": [hold_stop("h1", "pause"), {"text": "Paused."}],
        "continue": [{"text": "Paused."}],  # the bot sent no hold: nothing to count
    }, [Heard("pause", "pause", "keyboard", interrupts=True), Heard("continue", "continue", "keyboard")], tmp_path)
    session.run(opening="ready")
    assert bot.sent == ["ready", "pause", "continue"]
    assert len(countdowns(transcript)) == 1


def test_a_hold_the_bot_still_waits_on_plays_again(tmp_path):
    bot, transcript, session = session_with({
        "ready": [HOLD],
        "help": [{"text": "We're in a guided session."}, {"text": "Keep a gentle hold."}],  # no hold_stop
        "/hold_finished": [hold_stop("h1", "done"), {"text": "Did that spot ease?"}],
    }, [Heard("help", "help", "keyboard", interrupts=True)], tmp_path)
    session.run(opening="ready")
    assert bot.sent == ["ready", "help", "/hold_finished"]
    assert countdowns(transcript)[0].startswith("hold 1 s, stopped at") and countdowns(transcript)[1] == "hold 1 s: one"


def test_not_understood_answer_is_asked_again_locally(tmp_path):
    bot, transcript, session = session_with({"hello": [{"text": "Hi."}], "yes": [{"text": "Okay."}]},
                                            [Heard("", None, "mumble.wav"), Heard("yes", "yes", "yes.wav")],
                                            tmp_path)
    session.run()
    assert bot.sent == ["hello", "yes"]  # the mumble never reached the bot
    assert ("session", "Sorry, I didn't catch that. Please say it again.") in \
        [(who, text) for _, who, text, _ in transcript.entries]


@pytest.mark.slow  # synthesises and decodes many clips: left out of `make test-fast`
def test_an_exercise_plays_its_paced_rep_count(tmp_path):
    exercise = {"custom": {"hold": {"seconds": 6, "kind": "exercise", "id": "e1", "finish_payload": "/done-e1",
                                    "reps": 2, "hold_seconds": 1, "rep_seconds": 3,
                                    "cues": {"start": "Chin tuck.", "end": "And relax."}}}}
    bot, transcript, session = session_with({
        "ready": [{"text": "I'll count 2 reps."}, exercise],
        "/done-e1": [hold_stop("e1", "done"), {"text": "Well done."}],
    }, [], tmp_path)
    session.run(opening="ready")
    assert bot.sent == ["ready", "/done-e1"]
    assert countdowns(transcript) == ["exercise 6 s: one, hold, release, two, hold, release"]


def test_documents_are_saved_where_the_transcript_says(tmp_path):
    documents = {"text": "I've saved a one-page summary for your doctor or physiotherapist.",
                 "custom": {"documents": [{"title": "Summary (PDF)", "url": "/summary/tok.pdf"},
                                          {"title": "Elsewhere", "url": "https://example.org/x.pdf"}]}}
    bot, transcript, session = session_with({"summary": [documents]}, [], tmp_path,
                                            files={"/summary/tok.pdf": (b"%PDF-1.4 ...", "summary-2026-11-27.pdf")})
    session.run(opening="summary")
    saved = tmp_path / "out" / "summary-2026-11-27.pdf"
    assert saved.read_bytes() == b"%PDF-1.4 ..."
    assert ("saved", f"Summary (PDF): {saved}") in [(who, text) for _, who, text, _ in transcript.entries]
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 1  # only the assistant's own links are fetched
