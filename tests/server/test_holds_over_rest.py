"""The hold contract (README) against the running assistant over REST, from what people type:
every resume sends the hold again, every stop of a running hold says so with its id, and a
contraindication stated mid-session halts it for good."""
import pytest


def start_to_hold(client):
    return client.to_first_hold()


def hold_stops(messages):
    return [m["custom"]["hold_stop"] for m in messages if "hold_stop" in (m.get("custom") or {})]


@pytest.mark.parametrize("word", ["continue", "yes", "repeat", "ready", "/start_session"])
def test_resume_by_any_word_sends_the_hold_again(client, word):
    hold = client.hold(start_to_hold(client))
    paused = client.say("pause")
    assert hold_stops(paused) == [{"id": hold["id"], "reason": "pause"}]
    assert "Paused" in client.texts(paused)
    resumed = client.say(word)
    again = client.hold(resumed)
    assert again is not None, resumed
    assert again["id"] != hold["id"] and (again["side"], again["spot"], again["seconds"]) == ("left", "upper", 12)
    assert again["cues"] == hold["cues"] == {"start": "Press gently and hold.", "end": "And release."}
    assert "carry on" in client.texts(resumed) and "Press gently and hold for 12 seconds" in client.texts(resumed)
    assert client.say(hold["finish_payload"])[0]["text"].startswith("That timer had already finished")
    finished = client.say(again["finish_payload"])
    assert hold_stops(finished) == [{"id": again["id"], "reason": "done"}]
    assert "Did that spot ease" in client.texts(finished)


@pytest.mark.parametrize("said,reason,heard", [
    ("pause", "pause", "Paused"),
    ("i can feel a pulse", "pulse", "Move off it now"),
    ("ouch it hurts", "hurts", "Ease off now"),
    ("i pressed and now i feel dizzy", "red_flag", "Stop pressing now"),
    ("stop", "stop", "end of this session"),
    ("switch sides", "switch", "Switching to the right side"),
])
def test_a_running_hold_that_stops_says_so_with_its_id(client, said, reason, heard):
    hold = client.hold(start_to_hold(client))
    reply = client.say(said)
    assert hold_stops(reply) == [{"id": hold["id"], "reason": reason}], reply
    assert "hold_stop" in reply[0]["custom"]  # first, so a client stops its clock before anything else
    assert heard in client.texts(reply)
    assert client.hold(reply) is None


def test_a_question_mid_hold_pauses_it_and_continue_sends_it_again(client):
    hold = client.hold(start_to_hold(client))
    answer = client.say("how hard should i press?")
    assert hold_stops(answer) == [{"id": hold["id"], "reason": "question"}]
    assert "gentl" in client.texts(answer).lower() and "carry on" in client.texts(answer)
    again = client.hold(client.say("continue"))
    assert again and again["id"] != hold["id"] and again["spot"] == "upper"


def test_a_contraindication_mid_hold_halts_the_session_and_blocks_later_holds(client):
    hold = client.hold(start_to_hold(client))
    reply = client.say('/report_contraindication{"contraindication": "blood_thinner"}')
    assert hold_stops(reply) == [{"id": hold["id"], "reason": "red_flag"}]
    assert "With blood thinners" in client.texts(reply) and "stopped the session" in client.texts(reply)
    assert "Did that spot ease" not in client.texts(client.say(hold["finish_payload"]))
    blocked = client.say("guide me through releasing my neck")
    assert "won't guide you through holds" in client.texts(blocked) and "blood thinners" in client.texts(blocked)
    assert client.hold(blocked) is None
    assert client.hold(client.say("ready")) is None


def test_a_contraindication_before_any_session_is_remembered(client):
    reply = client.texts(client.say('/report_contraindication{"contraindication": "pregnancy"}'))
    assert "With pregnancy" in reply and "stopped the session" not in reply
    assert "won't guide you" in client.texts(client.say("let's do it"))


def test_a_contraindication_during_the_screen_ends_it(client):
    client.say("guide me")
    reply = client.texts(client.say('/report_contraindication{"contraindication": "past_stroke"}'))
    assert "With a past stroke" in reply
    assert "won't guide you" in client.texts(client.say("start a session"))
