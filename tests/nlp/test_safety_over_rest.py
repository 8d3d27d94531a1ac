"""Safety words in context, against the running assistant (REST): what a person actually reads."""


def test_a_red_flag_asked_about_gets_the_warning_signs_answer(client):
    reply = client.texts(client.say("what if I feel dizzy while I'm pressing?"))
    assert reply.startswith("Stop pressing at once") and "emergency number" in reply


def test_someone_elses_stroke_gets_an_answer_to_the_persons_question(client):
    reply = client.texts(client.say("my uncle had a stroke; why do my fingers tingle?"))
    assert reply and "sign of a stroke" not in reply and "emergency number" not in reply


def test_an_old_healed_injury_stays_calm(client):
    reply = client.texts(client.say("I had whiplash years ago, it healed"))
    assert "emergency" not in reply.lower() and "today" not in reply.lower()


def test_a_past_stroke_is_a_reason_to_ask_a_doctor_first_not_an_alarm(client):
    reply = client.texts(client.say("I had a stroke three years ago"))
    assert "doctor" in reply and "emergency" not in reply.lower()


def test_dizziness_now_still_gets_help_at_once(client):
    reply = client.texts(client.say("I pressed my neck and now I feel dizzy"))
    assert "at once" in reply and "emergency number" in reply


def test_sickness_after_pressing_is_urgent(client):
    reply = client.texts(client.say("I threw up right after pressing on my neck"))
    assert "emergency number" in reply and "lie down" in reply
