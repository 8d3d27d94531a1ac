"""The web channel over socket.io (python-socketio client, polling transport), against the
running assistant: session persistence, Rasa's standard message format, isolation of
conversations, origins, and the audio and page routes."""
import re
import urllib.error
import urllib.request

import pytest
import socketio

from conftest import EMBED_ORIGIN
from socket_chat import SocketChat, messages, texts

TO_THE_HOLD = ["/start_session", "/deny", "/deny", "/deny", "5", '/inform{"side": "left"}',
               '/inform{"position": "sitting"}', "/continue_session"]


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def hold_of(events):
    holds = [m["custom"]["hold"] for m in messages(events) if "custom" in m]
    return holds[-1] if holds else None


def test_replies_reach_a_persistent_session_and_every_socket_in_it(assistant, chat):
    # Rasa 3.6.21 joins the session's room with an un-awaited enter_room(): with
    # python-socketio >= 5.10 and session_persistence on, every one of these replies was lost.
    assert "Scalene Coach" in texts(chat.say("hi"))
    second_tab = SocketChat(assistant.config.rasa_url)
    try:
        assert second_tab.request_session(chat.session_id) == chat.session_id
        seen = len(second_tab.events)
        answer = texts(chat.say("how long should i hold each spot?"))
        assert "12 seconds" in answer
        second_tab.wait_for("bot_turn_end", seen, timeout=10)
        assert texts(second_tab.events[seen:]) == answer
    finally:
        second_tab.close()


def test_a_new_connection_with_the_session_id_continues_the_conversation(assistant, chat):
    chat.say("/start_session")
    chat.close()
    again = SocketChat(assistant.config.rasa_url)
    try:
        again.request_session(chat.session_id)
        assert "2 of 3" in texts(again.say("/deny"))  # the safety screen carried on
    finally:
        again.close()


def test_bot_messages_keep_rasa_standard_socketio_format(chat):
    """What community widgets (e.g. rasa-webchat) expect: exact keys, no extras."""
    greeting = messages(chat.say("hi"))
    assert set(greeting[0]) == {"text", "quick_replies"}
    assert all(set(reply) == {"content_type", "title", "payload"} and reply["content_type"] == "text"
               for reply in greeting[0]["quick_replies"])
    explained = messages(chat.say("Why would my neck make my wrist tingle?"))
    assert {"attachment": {"type": "image", "payload": {"src": "/widget/img/referral-map.svg"}}} in explained
    thanked = messages(chat.say("thank you"))
    assert thanked and set(thanked[0]) == {"text"}
    events = []
    for text in TO_THE_HOLD:
        events = chat.say(text)
    hold = hold_of(events)
    assert hold and hold["seconds"] == 12 and hold["finish_payload"].startswith("/hold_finished")
    allowed = [{"text"}, {"text", "quick_replies"}, {"attachment"}, {"custom"}]
    assert all(set(m) in allowed for m in greeting + explained + thanked + messages(events))


def stop_of(events):
    stops = [m["custom"]["hold_stop"] for m in messages(events) if "hold_stop" in m.get("custom", {})]
    return stops[-1] if stops else None


def test_the_hold_and_its_stops_reach_the_widget_as_messages(chat):
    for text in TO_THE_HOLD:
        events = chat.say(text)
    hold = hold_of(events)
    assert events[-1] == ("bot_turn_end", {})
    assert re.fullmatch(r"/widget/audio/countdown-hold-12-[0-9a-f]{10}\.wav", hold["audio"])
    assert hold["audio_count_start"] > 0 and hold["cues"]["start"] == "Press gently and hold."
    events = chat.say("how hard should i press?")  # a question mid-hold pauses it
    assert stop_of(events) == {"id": hold["id"], "reason": "question"} and "carry on" in texts(events)
    events = chat.say("continue")  # and carrying on sends the hold again
    again = hold_of(events)
    assert again["id"] != hold["id"] and again["audio"] == hold["audio"]
    events = chat.say("i pressed and now i feel dizzy")  # a red flag ends it
    assert "Stop pressing" in texts(events) and stop_of(events) == {"id": again["id"], "reason": "red_flag"}


def test_session_ids_are_random_128_bit_and_made_by_the_server(assistant, chat):
    assert re.fullmatch(r"[0-9a-f]{32}", chat.session_id)
    other = SocketChat(assistant.config.rasa_url)
    try:
        assert other.request_session() != chat.session_id
        chosen = other.request_session("me")  # a guessable id is replaced
        assert chosen != "me" and re.fullmatch(r"[0-9a-f]{32}", chosen)
    finally:
        other.close()


def test_a_socket_cannot_post_into_or_read_another_conversation(assistant, chat):
    chat.say("hello", metadata={"shown": "Hello there"})
    intruder = SocketChat(assistant.config.rasa_url)
    try:
        intruder.request_session()
        with pytest.raises(TimeoutError):
            intruder.say("i have chest pain", session_id=chat.session_id, timeout=5)
        assert [e["text"] for e in intruder.history()["entries"] if e["from"] == "user"] == []
    finally:
        intruder.close()
    own = chat.history()
    assert [e["text"] for e in own["entries"] if e["from"] == "user"] == ["Hello there"]
    assert "chest pain" not in str(own)


def test_history_shows_what_the_person_saw(chat):
    chat.say("/greet", metadata={"hidden": True})
    chat.say("/start_session", metadata={"shown": "Guide me through it"})
    history = chat.history()
    assert [e["text"] for e in history["entries"] if e["from"] == "user"] == ["Guide me through it"]
    bot = [e for e in history["entries"] if e["from"] == "bot"]
    assert bot[0]["message"]["text"].startswith("Hi, I'm Scalene Coach")
    assert bot[-1]["message"]["quick_replies"][0]["title"] == "Yes"
    assert all(e["audio"].startswith("/widget/audio/t") for e in bot)


def test_audio_only_for_what_the_bot_said(assistant, chat):
    server = assistant.config.rasa_url
    events = chat.say("what are trigger points?")
    urls = [data["audio"] for name, data in events if name == "bot_audio"]
    assert urls
    status, headers, body = get(server + urls[0])
    assert status == 200 and headers["Content-Type"] == "audio/wav" and body[:4] == b"RIFF" and len(body) > 10_000
    status, headers, body = get(server + urls[0], {"Range": "bytes=0-99"})
    assert status == 206 and len(body) == 100
    from channels.web_audio import text_audio_id

    for refused in (text_audio_id("what are trigger points?"), text_audio_id("say anything I like"),
                    "countdown-hold-13-0000000000", "t" + "0" * 32, "../../credentials.yml"):
        assert get(f"{server}/widget/audio/{refused}.wav")[0] == 404, refused


def test_only_the_servers_own_origin_and_listed_sites_may_connect(assistant):
    url = assistant.config.rasa_url
    for origin in (url, EMBED_ORIGIN):
        SocketChat(url, origin=origin).close()
    with pytest.raises(socketio.exceptions.ConnectionError):
        SocketChat(url, origin="http://evil.test")


def test_demo_page_and_files_are_served_safely(assistant):
    server = assistant.config.rasa_url
    status, headers, body = get(server + "/widget/", {"Origin": "http://evil.test"})
    assert status == 200 and b'src="/widget/widget.js"' in body
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers.get("Access-Control-Allow-Origin") in (None, server)  # never "*"
    assert get(server + "/widget/widget.js")[1]["Content-Type"].startswith("text/javascript")
    for hidden in ("/widget/../credentials.yml", "/widget/%2e%2e/credentials.yml", "/widget/img/nothing.svg"):
        assert get(server + hidden)[0] == 404, hidden
