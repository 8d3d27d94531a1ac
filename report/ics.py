"""A reminder to come back, as an iCalendar (.ics, RFC 5545) file any phone's calendar opens.

One event with an alarm at its start. The time is *floating* (no time zone): "9:00" is 9:00
wherever the phone is, which is what "tomorrow at 9" means to a person. The `icalendar`
package does the format's folding, escaping and required fields.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta, timezone
from typing import Optional

from icalendar import Alarm, Calendar, Event

PRODID = "-//Scalene Coach//Reminder//EN"
DURATION = timedelta(minutes=15)


def reminder_ics(day: date, at: time, title: str, description: str,
                 uid: Optional[str] = None, now: Optional[datetime] = None) -> bytes:
    """An .ics file with one event at `day` `at` (floating local time) and an alarm then."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid or f"{uuid.uuid4()}@scalene-coach")
    event.add("dtstamp", (now or datetime.now(timezone.utc)).astimezone(timezone.utc))
    event.add("dtstart", datetime.combine(day, at))  # naive: floating local time
    event.add("duration", DURATION)
    event.add("summary", title)
    event.add("description", description)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", title)
    alarm.add("trigger", timedelta(0))
    event.add_component(alarm)
    calendar.add_component(event)
    return calendar.to_ical()
