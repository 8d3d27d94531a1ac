"""Issue 9 through the running assistant, from what people type or say: gentle pressure (1),
each spot in its single description (2), the pulse at every spot (3), the referral question
(4), the warning signs (5), contraindications at any time (6), calm about everyday tingling
(9). Answers sized for the ear (11) are in test_voice_sized_for_the_ear.py."""
import re

import pytest

from actions.wording import written
from test_conversations import start_to_hold

EMERGENCY_NUMBER = re.compile(r"999\D{1,5}911\D{1,5}112")


def hold_stops(messages):
    return [m["custom"]["hold_stop"] for m in messages if "hold_stop" in (m.get("custom") or {})]


def to_explore(client, side="left"):
    """Through the screen and setup: returns the turn with the cautions and spot 1."""
    for text in ("guide me through releasing my neck", "no", "no", "no", "about a 6", side):
        client.say(text)
    return client.say("sitting")


def held_and_checked(client):
    """Hold the current spot to the end; returns the check question's turn."""
    hold = client.hold(client.say("ready"))
    assert hold is not None
    return client.say(hold["finish_payload"])


def test_it_hurts_gets_gentle_pressure_advice(client):
    """Point 1: the neck needs gentle pressure, lighter than the back, never 'strong'."""
    start_to_hold(client)
    reply = client.texts(client.say("it hurts"))
    assert "gentle" in reply and "lighter than on your back" in reply, reply
    assert "strong" not in reply


def test_each_spot_prompt_has_its_single_description_and_nothing_about_the_jaw(client):
    """Point 2: the flow fills each spot from utter_spot_* (domain.yml), word for word."""
    prompts = [client.texts(to_explore(client))]
    for _ in range(2):
        held_and_checked(client)
        prompts.append(client.texts(client.say("no change")))
    for spot, prompt in zip(("upper", "middle", "lower"), prompts):
        assert written(f"utter_spot_{spot}") in prompt, (spot, prompt)
        assert "jaw" not in prompt.lower()


def test_every_spot_repeats_the_pulse_caution_and_the_lowest_spot_is_handled(client):
    """Point 3: a few words on the pulse at each spot, after switching sides too; 'slide away
    and press lighter' also fits the lowest spot, where the pulse (subclavian) is already
    behind the big muscle. A running hold stops first."""
    spots = [client.texts(to_explore(client, side="right")), client.texts(client.say("next")),
             client.texts(client.say("next"))]
    for number, explore in enumerate(spots, start=1):
        assert f"spot {number} of 3" in explore and "pulse" in explore, explore
    hold = client.hold(client.say("ready"))
    moved = client.say("I can feel a pulse")
    assert hold_stops(moved) == [{"id": hold["id"], "reason": "pulse"}]
    assert "away from the pulse" in client.texts(moved) and "lighter" in client.texts(moved)
    assert "behind the big diagonal muscle" not in client.texts(moved)
    switched = client.texts(client.say("switch sides"))
    assert "Left side, spot 1 of 3" in switched and "pulse" in switched


def test_a_referral_asks_whether_it_settled_and_spreading_stops_for_today(client):
    """Point 4: no hold straight after 'I felt it in my wrist'; spreading or staying ends the
    session properly, with the end message."""
    start_to_hold(client)
    client.say("/hold_finished")
    found = client.say("I felt it in my wrist")
    assert "trigger point" in client.texts(found) and "Has that feeling settled?" in client.texts(found)
    assert client.hold(found) is None
    stopped = client.say("no, it's still spreading")
    assert "stop for today" in client.texts(stopped) and "end of this session" in client.texts(stopped)
    assert client.hold(stopped) is None
    assert "not in a session" in client.texts(client.say("next"))


def test_a_referral_that_settled_is_held_once_more(client):
    start_to_hold(client)
    client.say("/hold_finished")
    client.say("I felt it in my knot")
    again = client.say("yes it settled")
    assert "once more, gently" in client.texts(again)
    hold = client.hold(again)
    assert hold is not None and hold["spot"] == "upper"


def test_the_referral_question_honours_a_pulse_and_a_red_flag(client):
    start_to_hold(client)
    client.say("/hold_finished")
    client.say("I felt it in my wrist")
    pulse = client.texts(client.say("I can feel a pulse"))
    assert "away from the pulse" in pulse and "Has that feeling settled?" in pulse
    alarm = client.texts(client.say("I feel dizzy"))
    assert EMERGENCY_NUMBER.search(alarm) and "stopped the session" in alarm


SIGNS = {"dizziness": r"dizzy", "vision": r"vision", "speech": r"speech", "sudden severe headache": r"sudden severe headache",
         "feeling sick": r"sick", "emergency number": EMERGENCY_NUMBER.pattern}


def test_warning_signs_come_with_the_cautions_and_at_the_end_in_one_message(client):
    """Point 5: after-press warning signs before the first press and in the one end message."""
    cautions = client.texts(to_explore(client))
    assert [sign for sign, pattern in SIGNS.items() if not re.search(pattern, cautions)] == []
    assert cautions.index("Before the first press") < cautions.index("Stop and get help now") < cautions.index("spot 1 of 3")
    held_and_checked(client)
    end = client.say("stop")
    texts = [m["text"] for m in end if m.get("text")]
    assert len(texts) == 1 and texts[0].startswith("That's the end of this session: 0 of 1 spots eased, pain 6 at the start."), texts
    assert [sign for sign, pattern in SIGNS.items() if not re.search(pattern, texts[0])] == []


def test_dizziness_mid_hold_is_an_emergency_without_waiting(client):
    hold = client.hold(start_to_hold(client))
    reply = client.say("I feel dizzy")
    assert hold_stops(reply) == [{"id": hold["id"], "reason": "red_flag"}]
    assert EMERGENCY_NUMBER.search(client.texts(reply)) and "few minutes" not in client.texts(reply)


def test_osteoporosis_mid_hold_stops_the_hold_and_blocks_later_holds(client):
    """Point 6: a contraindication stated mid-hold, as people say it."""
    hold = client.hold(start_to_hold(client))
    reply = client.say("I have osteoporosis")
    assert hold_stops(reply) == [{"id": hold["id"], "reason": "red_flag"}]
    assert "osteoporosis" in client.texts(reply) and "won't guide you" in client.texts(reply)
    blocked = client.say("guide me")
    assert "won't guide you" in client.texts(blocked) and client.hold(blocked) is None


def test_warfarin_outside_a_session_blocks_without_the_screen(client):
    assert "blood thinners" in client.texts(client.say("I'm on warfarin"))
    blocked = client.texts(client.say("guide me"))
    assert "won't guide you" in blocked and "1 of 3" not in blocked


def test_the_screen_names_the_contraindications_and_remembers_why(client):
    """Point 6: q3 names the §6 kinds; 'yes' names them all; later, the reason comes back."""
    client.say("let's do it")
    client.say("no")
    question = client.texts(client.say("no"))
    for named in ("blood thinners", "bleeding disorder", "osteoporosis", "inflammatory arthritis", "blood clot",
                  "recent surgery", "lump"):
        assert named in question, (named, question)
    reply = client.texts(client.say("yes"))
    for named in ("blood thinners", "bleeding disorder", "pregnancy", "cancer", "osteoporosis", "blood clot", "lump"):
        assert named in reply, (named, reply)
    assert "won't guide you" in reply
    assert "a medicine or condition to check with a doctor first" in client.texts(client.say("start a session"))


def test_screen_asks_about_vision_and_a_sudden_severe_headache(client):
    """Point 5: the first question checks the stroke signs DOMAIN.md §5 lists."""
    question = client.texts(client.say("guide me through it"))
    assert "vision" in question and "sudden severe headache" in question, question


@pytest.mark.parametrize("said,alarm", [
    ("my arm tingles when I type", False),
    ("I hurt my neck in a crash years ago and my hand tingles", False),
    ("I fell off my bike today and now my arm is weak and numb", True),
])
def test_neck_injury_advice_is_calm_about_everyday_tingling(client, said, alarm):
    """Point 9: everyone here has arm tingling; only a new injury with new weakness is 999."""
    reply = client.texts(client.say(said))
    assert bool(EMERGENCY_NUMBER.search(reply)) == alarm, reply
    if not alarm:
        assert "won't guide you" not in reply
