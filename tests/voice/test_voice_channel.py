"""The `voice` channel: spoken wording from `channel: voice` variations, and every command
the recogniser can hear is a message the bot acts on."""
import pytest

from voice.client import VoiceChannelClient
from voice.plan import hold_from


@pytest.fixture
def voice(assistant):
    return VoiceChannelClient(assistant.config.rasa_url)


def texts(messages):
    return " ".join(m.get("text", "") for m in messages)


def hold(messages):
    holds = [hold_from(m.get("custom")) for m in messages if m.get("custom")]
    return holds[-1] if holds else None


def test_voice_channel_uses_spoken_variations_rest_does_not(voice, client):
    spoken = texts(voice.send("start a session"))
    written = client.texts(client.say("start a session"))
    assert "Question 1 of 3." in spoken and "(face drooping" not in spoken
    assert "1 of 3:" in written and "(face drooping, arm weakness, slurred speech)" in written


def test_voice_channel_keeps_the_hold_contract(voice):
    for message in ["start a session", "no", "no", "no", "6", "left", "sitting"]:
        voice.send(message)
    reply = voice.send("ready")
    running = hold(reply)
    assert running is not None and running.seconds == 12 and running.kind == "hold"
    assert "Did that spot ease" in texts(voice.send(running.finish_payload))


def test_every_recognised_command_moves_the_session(voice):
    """Messages the recogniser sends, each in a moment where it matters, get the right answer."""
    steps = [
        ("what can you do?", "guide you"),
        ("help", "Say start"),
        ("start a session", "three quick safety questions"),
        ("no", "Question 2 of 3"), ("no", "Question 3 of 3"), ("no", "How strong"),
        ("7", "Which side"),
        ("right", "sit upright or lie"),
        ("lying down", "spot 1 of 3"),
        ("pause", "Paused"),
        ("continue", "carry on"),
        ("ready", "count the 12 seconds"),
        ("I feel a pulse", "Move off it now"),
        ("ready", "count the 12 seconds"),
        ("it hurts", "Ease off now"),
        ("next spot", "spot 2 of 3"),
        ("switch sides", "Switching to the left side"),
        ("repeat", "count the 12 seconds"),
        ("/hold_finished", "Did that spot ease"),
        ("no change", "That's fine"),
        ("ready", "count the 12 seconds"),
        ("/hold_finished", "Did that spot ease"),
        ("I felt it in my knot", "Has that feeling settled"),
        ("yes", "hold that spot once more"),
        ("/hold_finished", "Did that spot ease"),
        ("it eased", "Good, that spot eased"),
        ("ready", "count the 12 seconds"),
        ("/hold_finished", "Did that spot ease"),
        ("yes", "Good, that spot eased"),
        ("no", "How strong is the pain or tingling now"),
        ("skip", "Say strengthening, summary, remind me, or more."),
        ("more", "These may help"),
        ("tell me more", "massage therapist"),
        ("more", "That's all I have on that"),
        ("stop", "not in a session"),
        ("I feel dizzy", "Stop pressing now"),
    ]
    for message, expected in steps:
        reply = texts(voice.send(message))
        assert expected in reply, (message, reply)


def test_the_routine_words_the_recogniser_hears_move_the_routine(voice):
    """After the release: the strengthening routine, a summary and a reminder, by voice."""
    steps = [
        ("strengthening exercises", "three quick safety questions"),
        ("no", "Question 2 of 3"), ("no", "more than three months pregnant"),
        ("no", "Say in bed, sitting, or standing"),
        ("in bed", "Chin tuck, lying on your back"),
        ("skip", "Floor angel, on your back"),
        ("stop", "stop the exercises here"),
        ("strengthening exercises", "Say in bed, sitting, or standing"),  # the questions are remembered
        ("standing", "Chin tuck, standing tall"),
        ("stop", "stop the exercises here"),
        ("a summary for my doctor", "I've saved a one-page summary"),
        ("remind me tomorrow", "I've saved a reminder for tomorrow at 9:00"),
    ]
    for message, expected in steps:
        reply = voice.send(message)
        assert expected in texts(reply), (message, texts(reply))
    documents = [m["custom"]["documents"] for m in reply if isinstance(m.get("custom"), dict)]
    assert documents and documents[0][0]["url"].startswith("/reminder/")
