"""The progress chart, an exercise's ring and the summary links in a real browser (Debian's
headless Chromium).

Named to run after test_web_units.py: once the session's Playwright browser runs (its sync API
keeps an event loop in this thread), pytest-asyncio tests after it in the same run fail."""
import urllib.request

from guided import run_session
from scripts.stack import say


def test_the_chart_shows_after_two_sessions_and_the_summary_link_opens_a_pdf(widget, assistant):
    widget.open()
    widget.wait_bot("Scalene Coach")
    # Two sessions in this visitor's conversation, over REST (the widget's id is the conversation).
    sender = widget.page.locator(".sc-root").evaluate("() => localStorage.getItem('scalene-coach:session')")
    assert sender and len(sender) == 32
    for before, after in ((6, 4), (5, 2)):
        run_session(lambda text: say(assistant.config.rasa_url, sender, text), before, after)

    widget.reload()  # a later visit: the same conversation, and the person says hello
    widget.open()
    widget.ask("hi")
    widget.wait_bot("Welcome back. Over two sessions, your pain went 6 → 4, 5 → 2")
    chart = widget.page.locator(".sc-progress").last
    chart.wait_for()
    assert chart.get_attribute("data-sessions") == "2"
    values = chart.locator("rect.sc-progress-bar").evaluate_all("bars => bars.map(b => b.dataset.value)")
    assert values == ["6", "4", "5", "2"]
    heights = chart.locator("rect.sc-progress-bar").evaluate_all("bars => bars.map(b => b.getBBox().height)")
    assert heights[0] > heights[1] > 0 and heights[2] > heights[3] > 0  # after is lower than before
    assert chart.locator("text.sc-progress-tick", has_text="2 · ").count() == 1  # sessions numbered
    table = chart.locator("table").inner_text()  # the text equivalent screen readers get
    assert "Pain before" in table and "left upper, left middle, left lower" in table
    assert chart.locator("svg").get_attribute("aria-hidden") == "true"
    widget.shot("10-progress-chart", panel=True)

    widget.ask("summary for my doctor please")
    link = widget.page.locator("a.sc-doc-link", has_text="Summary (PDF)").last
    link.wait_for()
    assert link.get_attribute("rel") == "noopener noreferrer"
    with urllib.request.urlopen(link.get_attribute("href"), timeout=30) as response:
        assert response.headers["Content-Type"] == "application/pdf" and response.read(5) == b"%PDF-"
    widget.shot("11-summary-link", panel=True)


def test_an_exercise_runs_its_ring_with_the_move_reps_and_paced_count(widget):
    widget.open()
    widget.wait_bot("Scalene Coach")
    widget.ask("exercises for my posture")
    widget.wait_bot("moderate evidence at best")
    for next_question in ("2 of 3", "3 of 3: Are you more than three months pregnant", "Where would you like"):
        widget.reply("No")
        widget.wait_bot(next_question)
    widget.reply("Sitting at a desk")
    widget.wait_bot("Chin tuck, sitting tall")
    widget.reply("Ready")
    widget.wait_hold_state("running")
    ring = widget.hold()
    assert ring.locator(".sc-hold-title").inner_text() == "Chin tuck, 10 reps: 90 seconds"
    assert ring.locator(".sc-hold-rep").inner_text() == "Rep 1 of 10"
    assert ring.locator(".sc-hold-status").inner_text() == "Chin tuck. Small and slow."  # the move's own cue
    count = widget.media(".sc-hold-audio")
    assert "/widget/audio/exercise-" in count["src"] and count["duration"] > 90 and not count["paused"], count
    timeline = widget.seconds_timeline(3.2)[1:]
    assert len(timeline) >= 3 and [s for _, s in timeline] == list(range(timeline[0][1], timeline[0][1] - len(timeline), -1))
    widget.shot("12-exercise-ring", panel=True)

    widget.ask("I feel dizzy")  # a red flag mid-exercise stops the ring at once
    widget.wait_bot("stopped the exercises")
    widget.wait_hold_state("stopped", timeout_s=10)
    widget.wait_bot("sit or lie down")
