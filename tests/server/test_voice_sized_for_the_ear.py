"""Point 11 of issue 9 through the running assistant's voice channel (`/webhooks/voice/webhook`):
every message of a whole session fits the ear (at most 45 words), the end is one short
message, and "more" brings the rest of an answer that was cut short."""
import re

import pytest

from actions.wording import promises_more, responses, written
from voice.client import VoiceChannelClient

MAX_SPOKEN_WORDS = 45


@pytest.fixture
def voice(assistant):
    return VoiceChannelClient(assistant.config.rasa_url)


def spoken(messages):
    return [m["text"] for m in messages if m.get("text")]


def words(text):
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’\-]*", text))


def hold_of(messages):
    holds = [m["custom"]["hold"] for m in messages if "hold" in (m.get("custom") or {})]
    return holds[-1] if holds else None


def test_a_whole_session_by_voice_fits_the_ear_and_ends_in_one_message(voice):
    said = []

    def send(message):
        reply = voice.send(message)
        said.extend(spoken(reply))
        return reply

    for message in ("hello", "start", "no", "no", "no", "6", "left", "sitting"):
        send(message)
    check = send(hold_of(send("ready"))["finish_payload"])
    assert "knot or your wrist" in " ".join(spoken(check))
    send("I felt it in my wrist")
    send(hold_of(send("yes"))["finish_payload"])
    send("it eased")
    for _ in range(2):
        send(hold_of(send("ready"))["finish_payload"])
        send("no change")
    rest = send("yes")  # the offered rest, then back to the spots that didn't ease
    send(hold_of(rest)["finish_payload"])
    send("next")
    send(hold_of(send("ready"))["finish_payload"])
    send("it eased")
    end = send("3")
    too_long = [(words(text), text) for text in said if words(text) > MAX_SPOKEN_WORDS]
    assert too_long == [] and len(said) > 25, too_long
    assert spoken(end) == ["Done: 2 of 3 spots eased, one spot reached your knot or wrist, pain 6 to 3. If you later "
                           "feel dizzy or sick, a sudden severe headache, or vision or speech changes, "
                           "call 999, 911 or 112. Say strengthening, summary, remind me, or more."]
    tips = spoken(voice.send("more"))
    assert len(tips) == 3 and tips[0].startswith("These may help") and tips[-1].startswith("See a doctor")
    welcome = spoken(voice.send("hello"))
    assert welcome[0].startswith("Welcome back. One session with me so far, on ") and words(welcome[0]) <= MAX_SPOKEN_WORDS
    assert welcome[0].endswith(": 2 of 3 spots eased, one spot reached your knot or wrist, pain 6 to 3. Say start, or help.")


def test_more_after_a_cut_answer_gives_the_written_answer(voice):
    cut = spoken(voice.send("my wrist and thumb keep tingling"))
    assert any(promises_more(text) for text in cut) and all(words(t) <= MAX_SPOKEN_WORDS for t in cut), cut
    assert spoken(voice.send("more")) == [written("utter_explain_wrist")]
    assert spoken(voice.send("more")) == ["That's all I have on that."]


def test_more_after_an_faq_answer_gives_its_rest_only_if_it_was_cut(voice):
    """FAQ answers come from the response selector (`utter_faq/<topic>`); once a topic's voice
    form is cut and says so, "more" reads its written form."""
    answer = spoken(voice.send("what are the warning signs to watch for?"))
    topic = next(name for name, variations in responses().items() if name.startswith("utter_faq/")
                 and any(v.get("text") == answer[0] for v in variations))
    expected = [written(topic)] if promises_more(answer[0]) else ["That's all I have on that."]
    assert spoken(voice.send("tell me more")) == expected


def test_more_mid_session_then_offers_to_carry_on(voice):
    for message in ("start", "no", "no", "no", "6", "left"):
        voice.send(message)
    cautions = spoken(voice.send("sitting"))
    assert promises_more(cautions[0]) and "spot 1 of 3" in cautions[-1]
    more = spoken(voice.send("more"))
    assert more[0] == written("utter_cautions") and "carry on" in more[-1] and "spot 1 of 3" in more[-1]
    assert hold_of(voice.send("continue")) is not None
