"""Conversations against the running assistant over REST (contract 1 and 2 of DESIGN.md)."""
import json
import urllib.error
import urllib.request

import pytest

from channels.turn_guard import SORRY
from tests.conftest import Client


def start_to_hold(client, side="left"):
    return client.to_first_hold(side)


def test_faq_question_gets_a_short_answer(client):
    reply = client.texts(client.say("how long should i hold each spot?"))
    assert "12 seconds" in reply


def test_greeting_offers_help(client):
    messages = client.say("hi")
    assert "Scalene Coach" in client.texts(messages)
    assert any(m.get("buttons") for m in messages)


def test_session_reaches_a_hold_with_the_contract_payload(client):
    messages = start_to_hold(client)
    hold = client.hold(messages)
    assert hold is not None, messages
    assert hold["seconds"] == 12 and hold["side"] == "left"
    assert "hold" in client.texts(messages).lower()


def test_full_session_hold_check_finish(client):
    hold = client.hold(start_to_hold(client, side="right"))
    check = client.say(hold["finish_payload"])
    assert "ease" in client.texts(check)
    assert client.say(hold["finish_payload"])[0]["text"].startswith("That timer had already finished")
    for _ in range(3):
        reply = client.say("yes it eased")
        if "Say \"ready\"" in client.texts(reply):  # the next spot is waiting
            hold = client.hold(client.say("ready"))
            client.say(hold["finish_payload"])
    assert "0 to 10" in client.texts(reply)
    summary = client.texts(client.say("2"))
    assert "3 of 3 spots eased, pain 6 to 2." in summary
    assert "doctor" in summary
    assert "Welcome back" in client.texts(client.say("hello"))


def test_red_flag_mid_hold_stops_the_session(client):
    hold = client.hold(start_to_hold(client))
    reply = client.texts(client.say("i pressed and now i feel dizzy"))
    assert "Stop pressing" in reply and "stopped the session" in reply
    late = client.texts(client.say(hold["finish_payload"]))
    assert "Did that spot ease" not in late
    assert "won't guide you" in client.texts(client.say("start a session"))


def test_red_flag_mid_screen_gets_emergency_advice(client):
    client.say("start a session")
    reply = client.texts(client.say("actually i've got chest pain right now"))
    assert "emergency" in reply and "don't drive" in reply


def test_negated_red_flag_on_the_screen_moves_on(client):
    client.say("let's do it")
    reply = client.texts(client.say("no chest pain or dizziness"))
    assert "2 of 3" in reply


def test_red_flag_mid_faq_gets_stroke_advice(client):
    client.say("what are the scalenes?")
    reply = client.texts(client.say("my face is drooping and my speech is slurred"))
    assert "stroke" in reply and "emergency" in reply


def test_faq_mid_session_then_resume(client):
    start_to_hold(client)
    client.say("/hold_finished")
    faq = client.texts(client.say("how hard should i press?"))
    assert "gentl" in faq.lower() and "carry on" in faq
    assert "ease" in client.texts(client.say("continue"))


def test_pulse_mid_hold_moves_off(client):
    start_to_hold(client)
    assert "Move off" in client.texts(client.say("i can feel a pulse"))


@pytest.mark.parametrize("message,expected", [
    ("", "I didn't get any words"), ("   ", "I didn't get any words"), ("a" * 10_000, ""), ("why " * 2500, ""),
    ("😀😀🔥", ""), ("<img src=x onerror=alert(1)>", ""), ("<script>alert('x')</script>", ""),
    ("¿Por qué me duele la muñeca?", ""), ("这是什么", "only chat in English"), ("asdkj qwpoe zzxq", ""),
    ("'; DROP TABLE events; --", ""), ("\x00\x01\x02", ""),
])
def test_bad_input_gets_a_clear_reply(client, message, expected):
    messages = client.say(message)
    texts = [m.get("text") or "" for m in messages]
    # words for the person, never an empty turn or message (an answer's drawing comes on its own)
    assert messages and texts[0] and all(m.get("text") or m.get("image") for m in messages), messages
    assert SORRY not in texts, "an apology for a failed turn is not an answer"
    assert expected in " ".join(texts)
    # The conversation and the server survive it.
    assert "Scalene Coach" in client.texts(client.say("hi"))


def test_bad_input_mid_session_keeps_the_session(client):
    start_to_hold(client)
    client.say("/hold_finished")
    reply = client.texts(client.say("😀😀🔥"))
    assert "ease" in reply  # the check question is asked again


def test_invalid_json_is_a_client_error_not_a_crash(assistant):
    request = urllib.request.Request(f"{assistant.config.rasa_url}/webhooks/rest/webhook",
                                     data=b"{not json", headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=10)
    assert error.value.code == 400
    assert json.loads(error.value.read())["error"].startswith("body is not JSON")
    # and the server still answers:
    assert "Scalene Coach" in Client.texts(Client(assistant.config.rasa_url).say("hello"))


def test_restarted_server_continues_the_same_conversation(assistant, client):
    start_to_hold(client)
    client.say("/hold_finished")
    assistant.stop_rasa()
    assistant.start_rasa()
    assistant.wait_ready()
    reply = client.texts(client.say("it eased"))
    assert "spot 2 of 3" in reply
