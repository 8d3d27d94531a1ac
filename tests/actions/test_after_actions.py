"""rasa-sdk actions for the routine, progress, summary and reminder: tracker in, events out."""
from datetime import date, time

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.adapter import STATE_SLOTS
from actions.document_actions import (ActionMakeReminder, ActionMakeSummary, ActionShowProgress,
                                      reminder_day, reminder_time)
from actions.safety_actions import ActionHandleRedFlag, ActionNoteContraindication
from actions.session_actions import ActionGreet, ActionSessionStep
from report import links

SESSIONS = [{"date": "2026-11-20", "pain_before": 6, "pain_after": 4, "released": 2, "spots": 3, "referral": True},
            {"date": "2026-11-22", "pain_before": 5, "pain_after": 3, "released": 1, "spots": 3, "referral": False,
             "eased": ["left:upper"]}]
COUNTING = {"stage": "counting", "variant": "desk", "plan": ["chin_tuck"], "index": 0, "hold_id": "h1",
            "done": [], "skipped": [], "eased": [], "tingling": 0, "pregnant": False, "after_session": False,
            "date": "2026-11-22", "wanted": None, "screen_step": 0}


@pytest.fixture(autouse=True)
def link_secret(monkeypatch, tmp_path):
    monkeypatch.setenv("SCALENE_LINK_SECRET_FILE", str(tmp_path / "secret"))
    monkeypatch.delenv("SCALENE_LINK_SECRET", raising=False)


def tracker(intent, text="", entities=(), events=(), **slots):
    all_slots = {name: None for name in STATE_SLOTS}
    all_slots["in_session"] = False  # its initial value in the domain
    all_slots.update(slots)
    message = {"intent": {"name": intent, "confidence": 1.0}, "text": text or intent,
               "entities": [{"entity": e, "value": v} for e, v in entities]}
    return Tracker("tester", all_slots, message, list(events), False, None, {}, "action_listen")


async def run(action, tracker_, **kwargs):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker_, {}, **kwargs)
    return [m.get("response") or "custom" for m in dispatcher.messages], events, dispatcher.messages


def slot(events, name):
    return [e["value"] for e in events if e["name"] == name]


async def test_routine_starts_and_sets_its_slots():
    responses, events, _ = await run(ActionSessionStep(), tracker("start_routine", "strengthening", screen_status="passed"))
    assert responses == ["utter_routine_intro", "utter_routine_ask_variant"]
    assert SlotSet("in_session", True) in events  # FAQ answers mid-routine offer to carry on
    assert [r["stage"] for r in slot(events, "routine")] == ["choose"]


async def test_a_routine_on_its_own_asks_the_safety_questions_first():
    responses, events, _ = await run(ActionSessionStep(), tracker("start_routine", "strengthening"))
    assert responses == ["utter_routine_intro", "utter_routine_screen_intro", "utter_screen_q1"]
    routine = slot(events, "routine")[0]
    responses, events, _ = await run(ActionSessionStep(), tracker("affirm", routine=routine, in_session=True))
    assert responses == ["utter_routine_screen_fail_emergency"]
    assert SlotSet("screen_status", "emergency") in events and SlotSet("routine", None) in events


async def test_routine_count_is_a_custom_exercise_payload():
    _, events, _ = await run(ActionSessionStep(), tracker("start_routine", "exercises at my desk", screen_status="passed"))
    routine = slot(events, "routine")[0]
    responses, events, messages = await run(ActionSessionStep(), tracker(
        "continue_session", routine=routine, in_session=True, screen_status="passed"))
    assert responses == ["utter_routine_counting", "custom"]
    hold = messages[1]["custom"]["hold"]
    assert hold["kind"] == "exercise" and hold["move"] == "chin_tuck" and hold["reps"] == 10
    assert hold["cues"] == {"start": "Chin tuck. Small and slow.", "end": "And relax. That's the set."}
    assert [r["hold_id"] for r in slot(events, "routine")] == [hold["id"]]


async def test_a_finished_routine_is_kept_in_past_routines_and_noted_on_todays_session():
    routine = {**COUNTING, "after_session": True}
    responses, events, _ = await run(ActionSessionStep(), tracker(
        "hold_finished", entities=[("hold_id", "h1")], routine=routine, in_session=True, past_sessions=SESSIONS))
    assert responses == ["utter_routine_move_done", "utter_routine_done", "utter_routine_keep_going",
                         "utter_offer_documents"]
    assert SlotSet("routine", None) in events and SlotSet("in_session", False) in events
    kept = slot(events, "past_routines")[0]
    assert [m["move"] for m in kept[0]["moves"]] == ["chin_tuck"]
    noted = slot(events, "past_sessions")[0]
    assert noted[-1]["strengthening"] == ["chin_tuck"] and "strengthening" not in noted[0]


async def test_a_routine_is_not_started_over_a_running_release_session():
    responses, events, _ = await run(ActionSessionStep(), tracker(
        "start_routine", in_session=True, stage="pain_before", screen_status="passed"))
    assert responses == ["utter_routine_after_release", "utter_ask_pain_before"] and events == []


async def test_pregnancy_said_earlier_in_the_conversation_means_sitting():
    said = [{"event": "user", "parse_data": {"intent": {"name": "inform"},
                                             "entities": [{"entity": "contraindication", "value": "pregnancy"}]}}]
    responses, _, _ = await run(ActionSessionStep(), tracker(
        "start_routine", "exercises in bed", events=said, screen_status="ask_first", screen_reason="pregnancy"))
    assert responses == ["utter_routine_intro", "utter_routine_pregnancy_sitting", "utter_routine_move_chin_tuck_desk"]


async def test_a_red_flag_mid_exercise_stops_the_count_first_then_advice():
    responses, events, messages = await run(ActionHandleRedFlag(), tracker(
        "red_flag", "i feel dizzy", entities=[("red_flag", "dizziness")], routine=COUNTING, in_session=True,
        screen_status="passed"))
    assert responses == ["custom", "utter_routine_halted", "utter_red_flag_dizziness"]
    assert messages[0]["custom"] == {"hold_stop": {"id": "h1", "reason": "red_flag"}}
    assert SlotSet("routine", None) in events and SlotSet("in_session", False) in events
    assert SlotSet("screen_status", "emergency") in events


async def test_blood_thinners_mid_exercise_stop_pressing_but_not_the_exercises():
    responses, events, _ = await run(ActionNoteContraindication(), tracker(
        "report_contraindication", "i'm on warfarin", entities=[("contraindication", "blood_thinner")],
        routine=COUNTING, in_session=True, screen_status="passed"))
    assert responses == ["utter_ask_doctor_first", "utter_routine_carry_on", "utter_routine_counting_reminder"]
    assert SlotSet("screen_status", "ask_first") in events and not slot(events, "routine")
    responses, events, _ = await run(ActionNoteContraindication(), tracker(
        "report_contraindication", "i had neck surgery", entities=[("contraindication", "neck_surgery")],
        routine=COUNTING, in_session=True, screen_status="passed"))
    assert responses == ["custom", "utter_routine_halted", "utter_ask_doctor_first"]
    assert SlotSet("screen_status", "doctor") in events and SlotSet("routine", None) in events


async def test_a_question_mid_exercise_pauses_the_count_and_offers_to_carry_on():
    from actions.session_actions import ActionAfterFaq
    responses, events, messages = await run(ActionAfterFaq(), tracker("faq", routine=COUNTING, in_session=True))
    assert responses == ["custom", "utter_routine_resume_offer"]
    assert messages[0]["custom"] == {"hold_stop": {"id": "h1", "reason": "question"}}
    assert [r["stage"] for r in slot(events, "routine")] == ["paused"]


async def test_a_returning_person_hears_the_trend_and_gets_the_chart():
    responses, _, messages = await run(ActionGreet(), tracker("greet", past_sessions=SESSIONS))
    assert responses == ["utter_welcome_back_trend", "custom"]
    assert messages[0]["trend"] == "6 → 4, 5 → 3" and messages[0]["trend_spoken"] == "6 to 4, and 5 to 3"
    assert [s["before"] for s in messages[1]["custom"]["progress"]["sessions"]] == [6, 5]
    responses, _, messages = await run(ActionGreet(), tracker("greet", past_sessions=SESSIONS[:1]))
    assert responses == ["utter_welcome_back"] and "pain 6 to 4" in messages[0]["history"]


async def test_progress_says_the_trend_and_sends_the_chart():
    responses, _, messages = await run(ActionShowProgress(), tracker("ask_progress", past_sessions=SESSIONS))
    assert responses == ["utter_progress_trend", "custom"]
    assert messages[0]["trend"] == "6 → 4, 5 → 3" and messages[0]["sessions"] == "two sessions"
    assert [s["eased"] for s in messages[1]["custom"]["progress"]["sessions"]] == [[], ["left:upper"]]
    responses, _, _ = await run(ActionShowProgress(), tracker("ask_progress"))
    assert responses == ["utter_progress_none"]


async def test_summary_link_is_for_this_conversation_only():
    responses, _, messages = await run(ActionMakeSummary(), tracker("ask_summary", past_sessions=SESSIONS))
    assert responses == ["utter_summary_ready"]
    pdf, html = messages[0]["summary_pdf"], messages[0]["summary_html"]
    assert pdf.startswith("/summary/") and pdf.endswith(".pdf") and html == pdf[:-4] + ".html"
    assert links.read_token(pdf[len("/summary/"):-4], "summary")["c"] == "tester"
    responses, _, _ = await run(ActionMakeSummary(), tracker("ask_summary"))
    assert responses == ["utter_summary_nothing"]


async def test_reminder_is_for_tomorrow_at_the_time_asked():
    responses, _, messages = await run(ActionMakeReminder(), tracker("ask_reminder", "remind me tomorrow at 7pm"),
                                       today=date(2026, 11, 27))
    assert responses == ["utter_reminder_ready"] and messages[0]["when"] == "19:00"
    assert messages[0]["day"] == "tomorrow"
    token = messages[0]["reminder_ics"][len("/reminder/"):-4]
    assert links.read_token(token, "reminder") == {"k": "reminder", "c": "tester", "d": "2026-11-28", "t": "19:00"}


@pytest.mark.parametrize("text,expected", [
    ("remind me tomorrow", time(9, 0)), ("remind me at 7", time(7, 0)), ("at 7pm please", time(19, 0)),
    ("7:30 pm", time(19, 30)), ("at 12am", time(0, 0)), ("tomorrow at 18:45", time(18, 45)),
    ("remind me in 2 days", time(9, 0)), ("at 25", time(9, 0)), ("", time(9, 0))])
def test_reminder_time_from_words(text, expected):
    assert reminder_time(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("remind me tomorrow", date(2026, 11, 28)), ("remind me", date(2026, 11, 28)),
    ("remind me later today", date(2026, 11, 27)), ("tonight at 8", date(2026, 11, 27)),
    ("in 3 days", date(2026, 11, 30)), ("in two weeks", date(2026, 12, 11)), ("next week", date(2026, 12, 4)),
    ("on monday", date(2026, 11, 30)), ("friday at 9", date(2026, 12, 4))])  # 2026-11-27 is a Friday
def test_reminder_day_from_words(text, expected):
    assert reminder_day(text, date(2026, 11, 27)) == expected
