"""rasa-sdk actions for the routine, progress, summary and reminder: tracker in, events out."""
from datetime import date, time

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.document_actions import (ActionMakeReminder, ActionMakeSummary, ActionShowProgress,
                                      reminder_day, reminder_time)
from actions.routine_actions import ActionRoutineHalt, ActionRoutineStep
from report import links

SESSIONS = [{"date": "2026-11-20", "pain_before": 6, "pain_after": 4, "released": 2, "spots": 3, "referral": True},
            {"date": "2026-11-22", "pain_before": 5, "pain_after": 3, "released": 1, "spots": 3, "referral": False,
             "eased": ["left:upper"]}]


@pytest.fixture(autouse=True)
def link_secret(monkeypatch, tmp_path):
    monkeypatch.setenv(links.SECRET_FILE_ENV, str(tmp_path / "secret"))
    monkeypatch.delenv(links.SECRET_ENV, raising=False)


def tracker(intent, text="", entities=(), events=(), **slots):
    all_slots = {"in_session": False, "in_routine": False}
    all_slots.update(slots)
    message = {"intent": {"name": intent, "confidence": 1.0}, "text": text or intent,
               "entities": [{"entity": e, "value": v} for e, v in entities]}
    return Tracker("tester", all_slots, message, list(events), False, None, {}, "action_listen")


async def run(action, tracker_, **kwargs):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker_, {}, **kwargs)
    return [m.get("response") or "custom" for m in dispatcher.messages], events, dispatcher.messages


async def test_routine_starts_and_sets_its_slots():
    responses, events, _ = await run(ActionRoutineStep(), tracker("start_routine", "strengthening"))
    assert responses == ["utter_routine_intro", "utter_routine_ask_variant"]
    assert SlotSet("in_routine", True) in events
    assert [e["value"]["stage"] for e in events if e["name"] == "routine"] == ["choose"]


async def test_routine_count_is_a_custom_exercise_payload():
    _, events, _ = await run(ActionRoutineStep(), tracker("start_routine", "exercises at my desk"))
    routine = [e["value"] for e in events if e["name"] == "routine"][0]
    responses, events, messages = await run(ActionRoutineStep(), tracker("continue_session", routine=routine, in_routine=True))
    assert responses == ["utter_routine_counting", "custom"]
    hold = messages[1]["custom"]["hold"]
    assert hold["kind"] == "exercise" and hold["move"] == "chin_tuck" and hold["reps"] == 10
    assert [e["value"]["hold_id"] for e in events if e["name"] == "routine"] == [hold["id"]]


async def test_a_finished_routine_is_kept_in_past_routines_and_noted_on_todays_session():
    routine = {"stage": "counting", "variant": "desk", "plan": ["chin_tuck"], "index": 0, "hold_id": "h1",
               "done": [], "skipped": [], "eased": [], "tingling": 0, "pregnant": False, "after_session": True,
               "date": "2026-11-22"}
    responses, events, _ = await run(ActionRoutineStep(), tracker(
        "hold_finished", entities=[("hold_id", "h1")], routine=routine, in_routine=True, past_sessions=SESSIONS))
    assert responses == ["utter_routine_move_done", "utter_routine_done", "utter_routine_keep_going"]
    assert SlotSet("routine", None) in events and SlotSet("in_routine", False) in events
    kept = [e["value"] for e in events if e["name"] == "past_routines"][0]
    assert [m["move"] for m in kept[0]["moves"]] == ["chin_tuck"]
    noted = [e["value"] for e in events if e["name"] == "past_sessions"][0]
    assert noted[-1]["strengthening"] == ["chin_tuck"] and "strengthening" not in noted[0]


async def test_a_routine_is_not_started_over_a_running_release_session():
    responses, events, _ = await run(ActionRoutineStep(), tracker("start_routine", in_session=True, stage="explore"))
    assert responses == ["utter_routine_after_release"] and events == []


async def test_pregnancy_said_earlier_in_the_conversation_means_sitting():
    said = [{"event": "user", "parse_data": {"intent": {"name": "inform"},
                                             "entities": [{"entity": "contraindication", "value": "pregnancy"}]}}]
    responses, _, _ = await run(ActionRoutineStep(), tracker("start_routine", "exercises in bed", events=said))
    assert responses == ["utter_routine_intro", "utter_routine_pregnancy_sitting", "utter_routine_move_chin_tuck_desk"]


async def test_halt_stops_the_count_and_clears_the_routine():
    routine = {"stage": "counting", "variant": "desk", "plan": ["chin_tuck"], "index": 0, "hold_id": "h1",
               "done": [], "skipped": [], "eased": [], "tingling": 0, "pregnant": False, "after_session": False,
               "date": "2026-11-22"}
    responses, events, messages = await run(ActionRoutineHalt(), tracker(
        "red_flag", "i feel dizzy", entities=[("red_flag", "dizziness")], routine=routine, in_routine=True))
    assert responses == ["custom", "utter_routine_halted"]
    assert messages[0]["custom"] == {"hold_stop": {"id": "h1", "reason": "red_flag"}}
    assert SlotSet("routine", None) in events and SlotSet("in_routine", False) in events


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
