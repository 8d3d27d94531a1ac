"""The progress chart and the summary links in a real browser (Debian's headless Chromium).

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

    widget.ask("how am I doing?")
    widget.wait_bot("Over two sessions")
    chart = widget.page.locator(".sc-progress").last
    chart.wait_for()
    assert chart.get_attribute("data-sessions") == "2"
    values = chart.locator("rect.sc-progress-bar").evaluate_all("bars => bars.map(b => b.dataset.value)")
    assert values == ["6", "4", "5", "2"]
    heights = chart.locator("rect.sc-progress-bar").evaluate_all("bars => bars.map(b => b.getBBox().height)")
    assert heights[0] > heights[1] > 0 and heights[2] > heights[3] > 0  # after is lower than before
    assert chart.locator("text.sc-progress-tick", has_text="2 · ").count() == 1  # sessions numbered
    table = chart.locator("table").inner_text()  # the text equivalent screen readers get
    assert "Pain before" in table and ("left upper" in table or "3 of 3" in table)
    assert chart.locator("svg").get_attribute("aria-hidden") == "true"
    widget.shot("10-progress-chart", panel=True)

    widget.ask("summary for my doctor please")
    link = widget.page.locator("a.sc-doc-link", has_text="Summary (PDF)").last
    link.wait_for()
    assert link.get_attribute("rel") == "noopener noreferrer"
    with urllib.request.urlopen(link.get_attribute("href"), timeout=30) as response:
        assert response.headers["Content-Type"] == "application/pdf" and response.read(5) == b"%PDF-"
    widget.shot("11-summary-link", panel=True)
