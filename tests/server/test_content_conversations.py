"""Issue 9 through the running assistant: what a person is told about pressure, the pulse and
the safety screen (points 1, 3, 5, 6). The flow changes of phase 2 (spots from the data,
the referral question, warning signs, the one end message) add their own tests."""
from test_conversations import start_to_hold


def test_it_hurts_gets_gentle_pressure_advice(client):
    """Point 1: the neck needs gentle pressure, lighter than the back, never 'strong'."""
    start_to_hold(client)
    reply = client.texts(client.say("it hurts"))
    assert "gentle" in reply and "lighter than on your back" in reply, reply
    assert "strong" not in reply


def test_every_spot_repeats_the_pulse_caution_and_the_lowest_spot_is_handled(client):
    """Point 3: a few words on the pulse at each spot; 'slide away and press lighter' also fits
    the lowest spot, where the pulse is the subclavian artery, already behind the big muscle."""
    client.say("guide me")
    for answer in ["no", "no", "no", "6", "right"]:
        client.say(answer)
    spots = [client.texts(client.say("sitting")), client.texts(client.say("next")), client.texts(client.say("next"))]
    for number, explore in enumerate(spots, start=1):
        assert f"spot {number} of 3" in explore and "pulse" in explore, explore
    moved = client.texts(client.say("I can feel a pulse"))
    assert "away from the pulse" in moved and "lighter" in moved, moved
    assert "behind the big diagonal muscle" not in moved


def test_screen_asks_about_vision_and_a_sudden_severe_headache(client):
    """Point 5: the first question checks the stroke signs DOMAIN.md §5 lists."""
    question = client.texts(client.say("guide me through it"))
    assert "vision" in question and "sudden severe headache" in question, question


def test_screen_answer_names_the_contraindications(client):
    """Point 6: a yes to question 3 explains with the whole list, not only three of them."""
    client.say("let's do it")
    client.say("no")
    question = client.texts(client.say("no"))
    assert "osteoporosis" in question and "bleeding disorder" in question, question
    reply = client.texts(client.say("yes"))
    for named in ("blood thinners", "bleeding disorder", "pregnancy", "cancer", "osteoporosis", "blood clot", "lump"):
        assert named in reply, (named, reply)
    assert "won't guide you" in reply
