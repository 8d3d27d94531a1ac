"""The summary's content, its PDF and HTML pages, the .ics reminder and the unguessable links."""
import io
import json
import time
from datetime import date, datetime, time as clock, timezone

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from report import links
from report.html import summary_html
from report.ics import reminder_ics
from report.pdf import summary_pdf
from report.summary import build_summary, has_content

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc).timestamp()
SLOTS = {
    "past_sessions": [
        {"date": "2026-11-20", "pain_before": 6.0, "pain_after": 4.0, "released": 2, "spots": 3, "referral": True},
        {"date": "2026-11-22", "pain_before": 5.0, "pain_after": 3.0, "released": 1, "spots": 3, "referral": False,
         "eased": ["left:upper"]},
        {"date": "2026-11-25", "pain_before": 4.0, "pain_after": 2.0, "released": 2, "spots": 3, "referral": False,
         "eased": ["right:middle", "right:lower"]},
    ],
    "past_routines": [{"date": "2026-11-25", "variant": "desk", "skipped": ["Seated arm slide"], "after_session": True,
                       "moves": [{"move": "chin_tuck", "name": "Chin tuck", "reps": 10, "hold_seconds": 5, "gently": False},
                                 {"move": "shoulder_squeeze", "name": "Shoulder-blade squeeze", "reps": 8,
                                  "hold_seconds": 6, "gently": True}]}],
}
EVENTS = [
    {"event": "user", "timestamp": T0, "parse_data": {"intent": {"name": "start_session"}}},
    {"event": "slot", "timestamp": T0, "name": "screen_status", "value": "passed"},
    {"event": "user", "timestamp": T0 + 5 * 86400, "parse_data": {"intent": {"name": "red_flag"},
                                                                   "entities": [{"entity": "red_flag", "value": "dizziness"}]}},
    {"event": "action", "timestamp": T0 + 5 * 86400, "name": "action_handle_red_flag"},
    {"event": "slot", "timestamp": T0 + 5 * 86400, "name": "screen_status", "value": "emergency"},
    {"event": "slot", "timestamp": T0 + 5 * 86400, "name": "screen_reason", "value": "dizziness"},
]


@pytest.fixture
def summary():
    return build_summary(SLOTS, EVENTS, today="2026-11-27")


def pdf_text(data: bytes) -> str:
    """The PDF's text laid out as on the page, so a table row reads as one line."""
    return "\n".join(page.extract_text(extraction_mode="layout") for page in PdfReader(io.BytesIO(data)).pages)


def test_summary_lists_sessions_eased_spots_screen_flags_and_strengthening(summary):
    assert [(s["date"], s["pain_before"], s["pain_after"]) for s in summary["sessions"]] == [
        ("2026-11-20", "6", "4"), ("2026-11-22", "5", "3"), ("2026-11-25", "4", "2")]
    assert [s["eased"] for s in summary["sessions"]] == [
        "2 of 3", "left: upper", "right: middle, lower"]
    assert [s["referral"] for s in summary["sessions"]] == ["yes", "no", "no"]
    assert summary["screens"] == [{"date": "2026-11-20", "answer": "all three answered no"}]
    assert summary["red_flags"] == [{"date": "2026-11-25", "reason": "dizziness", "advice": "emergency"}]
    assert summary["strengthening"] == [{"date": "2026-11-25", "where": "sitting", "skipped": "Seated arm slide",
                                         "moves": "Chin tuck 10 × 5 s; Shoulder-blade squeeze 8 × 6 s (gently)"}]
    assert has_content(summary)


def test_a_yes_on_the_screen_is_an_answer_not_a_red_flag():
    events = [{"event": "user", "timestamp": T0, "parse_data": {"intent": {"name": "affirm"}}},
              {"event": "slot", "timestamp": T0, "name": "screen_status", "value": "ask_first"},
              {"event": "slot", "timestamp": T0, "name": "screen_reason", "value": "blood thinners, pregnancy or a lump in the neck"}]
    summary = build_summary({}, events, today="2026-11-27")
    assert summary["screens"] == [{"date": "2026-11-20", "answer": "answered yes: blood thinners, pregnancy or a lump in the neck"}]
    assert summary["red_flags"] == []


def test_the_shorter_screen_before_exercises_is_listed_as_such():
    events = [{"event": "slot", "timestamp": T0, "name": "screen_status", "value": "passed_for_exercise"}]
    summary = build_summary({}, events, today="2026-11-27")
    assert summary["screens"] == [{"date": "2026-11-20",
                                   "answer": "questions 1 and 2 answered no (before the strengthening exercises)"}]


def test_an_empty_conversation_has_no_content():
    assert not has_content(build_summary({}, [{"event": "user", "parse_data": {}}], today="2026-11-27"))


def test_the_pdf_reads_back_with_the_right_numbers(summary):
    data = summary_pdf(summary)
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = pdf_text(data)
    for needle in ("Neck self-care summary", "2026-11-20", "2026-11-22", "2026-11-25", "right: middle, lower",
                   "all three answered no", "dizziness", "Chin tuck 10 × 5 s", "Made 2026-11-27"):
        assert needle in text, needle
    rows = [line.split() for line in text.splitlines() if line.startswith("2026-11-2")]
    assert [row[1:3] for row in rows[:3]] == [["6", "4"], ["5", "3"], ["4", "2"]]


def test_the_html_page_escapes_everything_and_runs_nothing(summary):
    summary["sessions"][0]["eased"] = "<script>alert(1)</script>"
    page = summary_html(summary, pdf_name="abc.pdf")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<td>6</td><td>4</td>" in page and 'href="abc.pdf"' in page
    assert "@media print" in page


def test_the_reminder_is_valid_icalendar_with_a_floating_time_and_an_alarm():
    data = reminder_ics(date(2026, 11, 28), clock(9, 0), "Scalene Coach: neck care", "Go gently, today, twice; ok?",
                        uid="abc@scalene-coach", now=datetime(2026, 11, 27, 20, tzinfo=timezone.utc))
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and b"\r\n" in data
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # RFC 5545 folds long lines
    assert b"DTSTART:20261128T090000\r\n" in data  # no Z, no TZID: 9:00 wherever the phone is
    assert b"DESCRIPTION:Go gently\\, today\\, twice\\; ok?" in data
    event = Calendar.from_ical(data).walk("VEVENT")[0]
    assert event.decoded("dtstart") == datetime(2026, 11, 28, 9, 0)
    alarm = event.walk("VALARM")[0]
    assert str(alarm["action"]) == "DISPLAY" and alarm.decoded("trigger").total_seconds() == 0
    assert str(event["uid"]) == "abc@scalene-coach"


# -- links ------------------------------------------------------------------------------
@pytest.fixture
def secret(monkeypatch, tmp_path):
    monkeypatch.delenv("SCALENE_LINK_SECRET", raising=False)
    monkeypatch.setenv("SCALENE_LINK_SECRET_FILE", str(tmp_path / "link-secret"))
    return tmp_path / "link-secret"


def test_a_link_reads_back_only_with_its_kind(secret):
    token = links.make_token("summary", "conversation-1")
    assert links.read_token(token, "summary") == {"k": "summary", "c": "conversation-1"}
    assert links.read_token(token, "reminder") is None
    assert "conversation-1" not in token and len(token) > 80
    assert secret.stat().st_mode & 0o777 == 0o600


def test_forged_altered_or_foreign_links_are_refused(secret, monkeypatch):
    token = links.make_token("summary", "conversation-1")
    altered = token[:40] + ("A" if token[40] != "A" else "B") + token[41:]
    for bad in (altered, token[:-2], "x" * 120, "", "<script>", "é" * 50, "A" * 5000):
        assert links.read_token(bad, "summary") is None, bad
    monkeypatch.setenv("SCALENE_LINK_SECRET", "another server's secret")
    assert links.read_token(token, "summary") is None


def test_an_expired_link_is_refused(secret, monkeypatch):
    payload = json.dumps({"k": "summary", "c": "conversation-1"}).encode()
    old = links.current_fernet().encrypt_at_time(payload, int(time.time()) - 31 * 86400).decode().rstrip("=")
    assert links.read_token(old, "summary") is None
    monkeypatch.setenv("SCALENE_LINK_DAYS", "40")
    assert links.read_token(old, "summary") is not None


def test_the_secret_is_made_once_and_kept(secret):
    first = links.current_fernet()
    assert secret.exists() and links.current_fernet() is first
    assert len(secret.read_text().strip()) == 64
