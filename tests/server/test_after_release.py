"""After the release, against the running assistant over REST: a session that ends with the
offers, the strengthening routine (paced exercise counts; a red flag, "it hurts" and a question
mid-exercise), a second visit that states the trend, the summary link (PDF read back, a
stranger refused) and the calendar reminder."""
import io
import urllib.error
import urllib.request
from datetime import date, datetime, timedelta

from icalendar import Calendar
from pypdf import PdfReader

from guided import run_session


def customs(messages, key):
    return [m["custom"][key] for m in messages if isinstance(m.get("custom"), dict) and key in m["custom"]]


def fetch(url):
    """(status, content type, body) of a GET, 4xx/5xx included."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def session(client, before, after, side="left"):
    return run_session(client.say, before, after, side)


def routine_to_first_count(client, where="sitting at my desk", ask="give me some strengthening exercises"):
    first = client.say(ask)
    assert "moderate evidence at best" in client.texts(first) and "may help" in client.texts(first)
    reply = first
    while "Where would you like" not in client.texts(reply):  # on its own: the safety questions first
        assert " of 3" in client.texts(reply), reply
        reply = client.say("no")
    instruction = client.say(where)
    return first, instruction, client.say("ready")


def buttons(messages):
    return [button["payload"] for m in messages for button in m.get("buttons") or []]


def test_a_session_ends_with_the_offers_and_a_yes_starts_the_routine(client):
    end = session(client, 6, 4)
    assert {"/start_routine", "/ask_summary", "/ask_reminder"} <= set(buttons(end))
    reply = client.say("yes")  # not another release session: the routine, without a second screen
    assert "moderate evidence at best" in client.texts(reply) and "Where would you like" in client.texts(reply)
    assert "safety questions" not in client.texts(reply)
    client.say("standing")
    hold = client.hold(client.say("ready"))
    assert (hold["kind"], hold["move"], hold["reps"], hold["hold_seconds"]) == ("exercise", "chin_tuck", 10, 5)
    # A question mid-exercise pauses the count and offers to carry on; "yes" sends it again.
    aside = client.say("how long should I hold each spot?")
    assert customs(aside, "hold_stop") == [{"id": hold["id"], "reason": "question"}]
    assert "carry on with the exercises" in client.texts(aside)
    again = client.hold(client.say("yes"))
    assert again["move"] == "chin_tuck" and again["id"] != hold["id"]


def test_a_yes_after_the_answer_about_strengthening_starts_the_routine(client):
    answer = client.say("which exercises help after releasing the scalenes?")
    assert "/start_routine" in buttons(answer)
    assert "three quick safety questions" in client.texts(client.say("yes"))


def test_a_routine_on_its_own_asks_the_safety_questions_and_a_yes_blocks_it(client):
    reply = client.say("exercises for my posture")
    assert "three quick safety questions" in client.texts(reply) and "1 of 3" in client.texts(reply)
    client.say("no")
    reply = client.say("yes")  # a neck injury, surgery or stroke: ask a doctor which exercises are safe
    assert "won't guide the routine" in client.texts(reply) and client.hold(reply) is None
    assert "won't guide exercises" in client.texts(client.say("strengthening exercises please"))
    assert "won't guide you through holds" in client.texts(client.say("guide me through releasing my neck"))


def test_a_whole_routine_on_its_own_runs_paced_counts(client):
    _, instruction, counting = routine_to_first_count(client)
    assert "Chin tuck" in client.texts(instruction)
    assert any(m.get("image", "").endswith("exercise-chin-tuck.svg") for m in instruction)
    moves = []
    while True:
        hold = client.hold(counting)
        assert hold["kind"] == "exercise" and hold["seconds"] == hold["reps"] * hold["rep_seconds"], hold
        assert hold["finish_payload"].startswith("/hold_finished")
        moves.append(hold["move"])
        after = client.say(hold["finish_payload"])
        if "That's the routine" in client.texts(after):
            break
        counting = client.say("ready")
    assert moves == ["chin_tuck", "shoulder_squeeze", "angel"]
    assert "3 of 3 moves done" in client.texts(after) and "6 to 8 weeks" in client.texts(after)
    assert client.say(hold["finish_payload"])[0]["text"].startswith("That timer had already finished")


def test_a_red_flag_mid_exercise_stops_it_at_once(client):
    *_, counting = routine_to_first_count(client, "standing")
    hold = client.hold(counting)
    reply = client.say("I feel dizzy")
    assert customs(reply, "hold_stop") == [{"id": hold["id"], "reason": "red_flag"}]
    assert "stopped the exercises" in client.texts(reply) and "sit or lie down" in client.texts(reply)
    late = client.say(hold["finish_payload"])
    assert client.hold(late) is None and "Well done" not in client.texts(late)
    assert "won't guide exercises" in client.texts(client.say("strengthening exercises please"))


def test_it_hurts_mid_exercise_eases_off_then_skips(client):
    *_, counting = routine_to_first_count(client)
    hold = client.hold(counting)
    reply = client.say("ouch it hurts")
    assert customs(reply, "hold_stop") == [{"id": hold["id"], "reason": "hurts"}]
    assert "Ease off" in client.texts(reply)
    again = client.hold(client.say("continue"))
    assert again["move"] == "chin_tuck" and again["id"] != hold["id"]
    reply = client.say("it still hurts")
    assert "skip that move" in client.texts(reply) and "Shoulder-blade squeeze" in client.texts(reply)


def test_a_second_visit_states_the_trend_and_sends_the_chart(client):
    session(client, 6, 4)
    session(client, 5, 2)
    session(client, 4, 2)
    reply = client.say("hi")  # coming back
    assert "Welcome back. Over three sessions, your pain went 6 → 4, 5 → 2, 4 → 2" in client.texts(reply)
    chart = customs(reply, "progress")[0]
    assert [(s["before"], s["after"]) for s in chart["sessions"]] == [(6, 4), (5, 2), (4, 2)]
    assert chart["sessions"][0]["eased"] == ["left:upper", "left:middle", "left:lower"]
    assert "Over three sessions" in client.texts(client.say("how am I doing?"))


def test_the_summary_link_returns_the_pdf_with_the_right_numbers(client, assistant):
    session(client, 7, 3)
    hold = client.hold(routine_to_first_count(client)[2])
    client.say(hold["finish_payload"])
    client.say("stop")
    reply = client.say("can I get a summary for my physio?")
    links = customs(reply, "documents")[0]
    pdf_url = assistant.config.rasa_url + links[0]["url"]
    status, kind, body = fetch(pdf_url)
    assert status == 200 and kind == "application/pdf" and body.startswith(b"%PDF-")
    text = PdfReader(io.BytesIO(body)).pages[0].extract_text(extraction_mode="layout")
    today = datetime.utcnow().strftime("%Y-%m-%d")
    line = [line for line in text.splitlines() if line.startswith(today)][0]
    assert line.split()[1:3] == ["7", "3"]  # pain before and after
    assert "left: upper, middle, lower" in line and line.split()[-1] == "no"  # eased; no referral
    assert "all three answered no" in text
    assert "Chin tuck 10 × 5 s" in text
    status, kind, page = fetch(assistant.config.rasa_url + links[1]["url"])
    assert status == 200 and kind.startswith("text/html") and b"<td>7</td><td>3</td>" in page


def test_a_strangers_request_is_refused(client, assistant):
    session(client, 6, 3)
    url = customs(client.say("make a report for my doctor"), "documents")[0][0]["url"]
    token = url[len("/summary/"):-len(".pdf")]
    base = assistant.config.rasa_url
    for forged in (token[:30] + ("A" if token[30] != "A" else "B") + token[31:], token[::-1], "x" * len(token)):
        assert fetch(f"{base}/summary/{forged}.pdf")[0] == 404
    assert fetch(f"{base}/summary/{token}.exe")[0] == 404
    assert fetch(f"{base}/reminder/{token}.ics")[0] == 404  # a summary link is not a reminder link
    # Someone else asking the assistant gets their own (empty) record, never this one.
    stranger = type(client)(base)  # a new conversation
    assert "nothing to summarise" in stranger.texts(stranger.say("summary for my doctor please"))


def test_a_reminder_is_a_calendar_file_for_tomorrow(client, assistant):
    reply = client.say("remind me tomorrow at 9")
    assert "tomorrow at 9:00" in client.texts(reply)
    status, kind, body = fetch(assistant.config.rasa_url + customs(reply, "documents")[0][0]["url"])
    assert status == 200 and kind.startswith("text/calendar")
    event = Calendar.from_ical(body).walk("VEVENT")[0]
    assert event.decoded("dtstart") == datetime.combine(date.today() + timedelta(days=1), datetime.min.time()).replace(hour=9)
    assert event.walk("VALARM")
