"""Unsure FAQ topics get a question back, on a running assistant (REST and voice channels)."""
import json

import pytest
import yaml

from scripts.model_cache import ROOT
from scripts.stack import say
from voice.client import VoiceChannelClient

ANSWERS = yaml.safe_load((ROOT / "data" / "responses" / "faq.yml").read_text())["responses"]


def answer_text(topic):
    return ANSWERS[f"utter_faq/{topic}"][0]["text"]

# Vague messages that name no question: at least one of them must get a question back (which
# one depends on the trained model, so the tests don't pin one).
VAGUE = ["hands", "numbness", "fingers", "arms", "pins and needles", "my neck and my hands"]
CLEAR = "how many seconds should i hold each spot"


def topic_buttons(messages):
    """(title, topic) of the buttons that pick an FAQ topic."""
    picks = []
    for message in messages:
        for button in message.get("buttons") or []:
            payload = button.get("payload", "")
            if payload.startswith("/inform{") and "faq_topic" in payload:
                picks.append((button["title"], json.loads(payload[len("/inform"):])["faq_topic"]))
    return picks


@pytest.fixture
def voice(assistant):
    return VoiceChannelClient(assistant.config.rasa_url)


@pytest.fixture(scope="module")
def unsure(assistant):
    """A vague message this model answers with a question back."""
    for number, text in enumerate(VAGUE):
        reply = say(assistant.config.rasa_url, f"vague-{number}", text)
        if "not sure which" in " ".join(m.get("text", "") for m in reply):
            return text
    pytest.fail(f"none of {VAGUE} got a question back")


def test_a_clear_question_is_answered_without_a_question_back(client):
    messages = client.say(CLEAR)
    assert "12 seconds" in client.texts(messages)
    assert not topic_buttons(messages)


def test_an_unsure_question_offers_topics_and_a_pick_gets_that_answer(client, unsure):
    messages = client.say(unsure)
    picks = topic_buttons(messages)
    assert "not sure which" in client.texts(messages), messages
    assert 2 <= len(picks) <= 3 and all(title for title, _ in picks)
    title, topic = picks[1]
    answer = client.say(f'/inform{{"faq_topic": "{topic}"}}')
    assert client.texts(answer).startswith(answer_text(topic))


def test_no_to_the_choices_asks_to_rephrase(client, unsure):
    client.say(unsure)
    assert "in other words" in client.texts(client.say("no"))


def test_voice_reads_the_choices_as_a_numbered_list_and_a_number_picks(voice, client, unsure):
    spoken = voice.send(unsure)
    text = " ".join(m.get("text", "") for m in spoken)
    assert "one, " in text and "two, " in text and "Say the number" in text
    assert not any(m.get("buttons") for m in spoken)
    written = client.say(unsure)  # the same choices, in the same order, as buttons
    second_title, second_topic = topic_buttons(written)[1]
    reply = " ".join(m.get("text", "") for m in voice.send("2"))
    spoken_answer = [v["text"] for v in ANSWERS[f"utter_faq/{second_topic}"] if v.get("channel") == "voice"][0]
    assert f"two, {second_title}" in text and reply == spoken_answer


def test_mid_session_the_offer_to_resume_waits_for_the_pick(client, unsure):
    client.say("guide me")
    asked = client.say(unsure)
    assert "not sure which" in client.texts(asked) and "carry on with the session" not in client.texts(asked)
    first_topic = topic_buttons(asked)[0][1]  # what "1" means
    picked = client.texts(client.say("1"))
    assert answer_text(first_topic) in picked and "carry on with the session" in picked
    assert "1 of 3" in client.texts(client.say("continue"))  # back at the first safety question


def test_a_topic_button_mid_session_answers_then_offers_to_resume(client):
    client.say("guide me")
    reply = client.texts(client.say('/inform{"faq_topic": "how_long"}'))
    assert "12 seconds" in reply and "carry on with the session" in reply
