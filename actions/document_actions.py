"""rasa-sdk actions for what a person takes away: their progress, a summary link, a reminder.

The links are made here and served by the Rasa server (channels/summary_routes.py); both
read the same link secret (report/links.py). Wording, including the links' titles, is in
the domain: the responses get the URLs as template values.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Optional, Text

from rasa_sdk import Action

from actions.progress import chart_payload, trend_values
from report.links import make_token

DEFAULT_REMINDER = time(9, 0)
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
IN_DAYS = re.compile(r"\bin (\d{1,2}|a|one|two|three) (day|days|week|weeks)\b", re.I)
SMALL_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3}
CLOCK = re.compile(r"\b(?:at\s+)?(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?(?=\W|$)", re.I)


def reminder_time(text: str) -> time:
    """The time asked for ("at 7", "7:30pm", "19:00"), else 9:00. A bare number needs "at"
    or am/pm, so "remind me in 2 days" is not read as 2 o'clock."""
    for match in CLOCK.finditer(text or ""):
        hour, minute, half = int(match.group(1)), int(match.group(2) or 0), (match.group(3) or "").lower()
        if not (match.group(0).lower().startswith("at") or half or match.group(2)):
            continue
        if half.startswith("p") and hour < 12:
            hour += 12
        elif half.startswith("a") and hour == 12:
            hour = 0
        if 0 <= hour <= 23 and 0 <= minute <= 59:
            return time(hour, minute)
    return DEFAULT_REMINDER


def reminder_day(text: str, today: date) -> date:
    """The day asked for ("today", "on friday", "in 3 days", "next week"), else tomorrow."""
    words = (text or "").lower()
    if re.search(r"\btoday\b|\btonight\b|\bthis (morning|afternoon|evening)\b", words):
        return today
    match = IN_DAYS.search(words)
    if match:
        count = SMALL_NUMBERS.get(match.group(1).lower()) or int(match.group(1))
        return today + timedelta(days=count * (7 if match.group(2).startswith("week") else 1))
    if "next week" in words:
        return today + timedelta(days=7)
    for index, name in enumerate(WEEKDAYS):
        if re.search(rf"\b{name}\b", words):
            return today + timedelta(days=(index - today.weekday() - 1) % 7 + 1)
    return today + timedelta(days=1)


def day_words(day: date, today: date) -> str:
    if day == today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    return f"{WEEKDAYS[day.weekday()].capitalize()} {day.day} {day.strftime('%B')}"


def spoken_clock(at: time) -> str:
    return f"{at.hour}:{at.minute:02d}"


class ActionShowProgress(Action):
    """The trend over recent sessions in one sentence, and the chart for screens."""

    def name(self) -> Text:
        return "action_show_progress"

    async def run(self, dispatcher, tracker, domain):
        sessions = tracker.get_slot("past_sessions") or []
        values = trend_values(sessions)
        if values is None:
            dispatcher.utter_message(response="utter_progress_none")
            return []
        dispatcher.utter_message(response="utter_progress_trend", **values)
        dispatcher.utter_message(json_message=chart_payload(sessions))
        return []


class ActionMakeSummary(Action):
    """A link to this conversation's one-page summary (PDF and printable page)."""

    def name(self) -> Text:
        return "action_make_summary"

    async def run(self, dispatcher, tracker, domain):
        if not (tracker.get_slot("past_sessions") or tracker.get_slot("past_routines")
                or tracker.get_slot("screen_status")):
            dispatcher.utter_message(response="utter_summary_nothing")
            return []
        token = make_token("summary", tracker.sender_id)
        dispatcher.utter_message(response="utter_summary_ready", summary_pdf=f"/summary/{token}.pdf",
                                 summary_html=f"/summary/{token}.html")
        return []


class ActionMakeReminder(Action):
    """An .ics reminder for tomorrow at 9 (or the day and time asked for), to repeat today's work."""

    def name(self) -> Text:
        return "action_make_reminder"

    async def run(self, dispatcher, tracker, domain, today: Optional[date] = None):
        text = (tracker.latest_message or {}).get("text") or ""
        today = today or datetime.now().date()
        at, day = reminder_time(text), reminder_day(text, today)
        token = make_token("reminder", tracker.sender_id, d=day.isoformat(), t=at.strftime("%H:%M"))
        dispatcher.utter_message(response="utter_reminder_ready", day=day_words(day, today), when=spoken_clock(at),
                                 reminder_ics=f"/reminder/{token}.ics")
        return []
