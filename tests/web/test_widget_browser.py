"""The chat widget in a real browser (Debian's headless Chromium) against the running assistant.

Each test is a new visitor; screenshots of the main states go to tests/web/screenshots/.
"""
import re
import time
import urllib.request

from widget_page import WidgetPage

MARKUP = "<img src=x onerror=alert(1)>"


def test_greeting_on_first_open_then_an_faq_answer(widget):
    widget.shot("01-closed")
    widget.open()
    greeting = widget.wait_bot("Scalene Coach")
    assert "tingles" in greeting.inner_text()
    assert widget.user_texts() == []  # the greeting was asked for without a visible message
    widget.shot("02-greeting")
    widget.ask("how long should I hold each spot?")
    answer = widget.wait_bot("12 seconds")
    assert "finger pads" in answer.inner_text()
    widget.shot("03-faq-answer", panel=True)


def test_session_shows_pictures_and_a_hold_that_counts_real_seconds_with_audio(widget):
    widget.start_session_to_first_spot()
    for picture in ("pulse-avoid.svg", "scalenes-where.svg"):
        image = widget.page.locator(f'img.sc-image[src$="{picture}"]')
        loaded_width = image.evaluate(  # once it has loaded (a slow machine may still be fetching it)
            "i => i.complete ? i.naturalWidth : new Promise(done => {"
            " i.addEventListener('load', () => done(i.naturalWidth)); i.addEventListener('error', () => done(0)); })")
        assert loaded_width > 0, picture
        assert len(image.get_attribute("alt")) > 40  # described for screen readers
    widget.shot("04-first-spot-with-picture", panel=True)
    widget.reply("Ready")
    widget.wait_hold_state("running")
    widget.page.locator(".sc-announcer", has_text="12 seconds, starting now").wait_for(state="attached", timeout=2000)
    widget.shot("05-hold-countdown", panel=True)
    timeline = widget.seconds_timeline(4.5)
    changes = timeline[1:]  # the first entry is when we started watching
    assert [shown for _, shown in changes] == list(range(changes[0][1], changes[0][1] - len(changes), -1))
    assert len(changes) >= 4, timeline
    # Real seconds: the number changes once a second on the page's clock.
    steps = [later[0] - earlier[0] for earlier, later in zip(changes, changes[1:])]
    assert all(0.8 <= step <= 1.2 for step in steps), timeline
    assert abs((changes[-1][0] - changes[0][0]) - (len(changes) - 1)) <= 0.2, timeline

    countdown = widget.media(".sc-hold-audio")
    assert countdown["readyState"] >= 1 and countdown["duration"] > 12, countdown  # a decoded 12 s+ countdown
    # Chromium plays Ogg Opus, so it asks for the countdown compressed; the WAV stays available.
    assert re.search(r"/widget/audio/countdown-hold-12-[0-9a-f]{10}\.ogg$", countdown["src"]) and not countdown["paused"]
    status = widget.hold().locator(".sc-hold-status").inner_text()
    assert status == "Press gently and hold."  # the payload's cue, shown as the ring runs
    with urllib.request.urlopen(countdown["src"], timeout=30) as response:
        body = response.read()
    assert response.headers["Content-Type"] == "audio/ogg; codecs=opus" and body[:4] == b"OggS"
    with urllib.request.urlopen(countdown["src"][:-4] + ".wav", timeout=30) as response:
        wav = response.read()
    assert response.headers["Content-Type"] == "audio/wav" and wav[:4] == b"RIFF" and len(body) < len(wav) / 8
    spoken = widget.media(".sc-speech-audio")  # the message before the hold was read aloud
    assert "/widget/audio/t" in spoken["src"] and spoken["duration"] > 1, spoken

    widget.wait_hold_state("done", timeout_s=20)  # the end of the hold goes back to the bot
    widget.wait_bot("Did that spot ease")
    assert "hold_finished" not in " ".join(widget.user_texts())


def test_reload_keeps_the_conversation_and_its_history(widget):
    widget.open()
    widget.wait_bot("Scalene Coach")
    widget.reply("What can you do?")
    widget.wait_bot("I can explain")
    widget.ask("where are the scalene muscles?")
    answer = widget.wait_bot("three muscles on each side").inner_text()
    widget.wait_turn_end()
    before = widget.bot_texts()

    widget.reload()
    widget.open()
    widget.wait_bot(answer[:40])
    assert widget.user_texts() == ["What can you do?", "where are the scalene muscles?"]
    assert widget.bot_texts() == before  # nothing lost, nothing repeated (no second greeting)
    groups = widget.page.locator(".sc-replies")
    assert groups.first.locator(".sc-reply:not([disabled])").count() == 0  # answered long ago
    assert groups.last.locator(".sc-reply:not([disabled])").count() >= 1  # the latest offer still works
    widget.shot("06-after-reload", panel=True)
    widget.ask("how hard should I press?")
    widget.wait_bot("entl")  # the same conversation goes on


def test_markup_is_shown_as_text_and_never_runs(browser, assistant):
    from conftest import SCREENSHOTS

    # Without the page's Content-Security-Policy, as on a host page that has none.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1100, "height": 820})
    try:
        widget = WidgetPage(context.new_page(), assistant.config.rasa_url, SCREENSHOTS)
        widget.goto()
        widget.open()
        widget.wait_bot("Scalene Coach")
        answered = len(widget.bot_texts())
        widget.ask(MARKUP)
        widget.wait_new_bot(answered)
        widget.wait_turn_end()
        widget.reload()
        widget.open()
        widget.wait_new_bot(answered)
        assert widget.user_texts() == [MARKUP]
        assert widget.page.locator('.sc-root img[src="x"]').count() == 0
        assert widget.dialogs == []
        widget.shot("07-markup-as-text", panel=True)
    finally:
        context.close()


def test_red_flag_mid_hold_stops_the_ring(widget):
    widget.start_session_to_hold()
    widget.wait_hold_state("running")
    widget.ask("I pressed and now I feel dizzy")
    widget.wait_bot("Stop pressing")
    widget.wait_hold_state("stopped", timeout_s=10)
    frozen = widget.hold_seconds()
    audio = widget.media(".sc-hold-audio")
    time.sleep(2.5)
    assert widget.hold_seconds() == frozen and audio["paused"]
    widget.shot("08-red-flag-stopped", panel=True)
    time.sleep(10)  # past the end of the hold: no "hold finished" reached the bot
    assert not any("Did that spot ease" in text for text in widget.bot_texts())


def test_the_bot_stops_and_restarts_the_ring_with_its_messages(widget):
    widget.start_session_to_hold(speak=False)
    widget.wait_hold_state("running")
    widget.ask("pause")
    widget.wait_bot("Paused")
    widget.wait_hold_state("stopped", timeout_s=10)  # the bot's hold_stop, nothing else, stopped it
    assert widget.page.locator(".sc-hold").count() == 1
    widget.ask("yes")
    widget.wait_bot("carry on")
    widget.wait_hold_state("running", timeout_s=30)  # a new hold message: a new ring
    assert widget.page.locator(".sc-hold").count() == 2 and widget.hold_seconds() >= 10
    widget.ask("how hard should I press?")  # a question pauses the hold
    widget.wait_bot("carry on")
    widget.wait_hold_state("stopped", timeout_s=10)
    widget.reload()  # the history says both holds stopped: nothing to start again
    widget.open()
    widget.wait_bot("carry on")
    assert widget.page.locator(".sc-hold").count() == 2
    assert widget.page.locator('.sc-hold[data-state="past"]').count() == 2


def test_pause_and_stop_controls(widget):
    widget.start_session_to_hold(speak=False)
    widget.wait_hold_state("running")
    widget.page.get_by_role("button", name="Pause").click()
    paused_at = widget.hold_seconds()
    time.sleep(2)
    assert widget.hold_state() == "paused" and widget.hold_seconds() == paused_at
    widget.page.get_by_role("button", name="Resume").click()
    widget.page.wait_for_timeout(2100)
    assert widget.hold_seconds() < paused_at
    widget.page.get_by_role("button", name="Stop").click()
    widget.wait_bot("Paused")  # the bot is told, and waits for "continue"
    assert widget.hold_state() == "stopped"
    widget.reply("Continue")
    widget.wait_hold_state("running", timeout_s=30)  # the bot sent the hold again: a new ring runs

    widget.reload()  # mid-hold: the timer comes back, ready to start again
    widget.open()
    widget.wait_hold_state("ready", timeout_s=30)
    widget.page.get_by_role("button", name="Start the timer").click()
    widget.wait_hold_state("running", timeout_s=10)


def test_keyboard_only_and_remembered_speech_setting(widget):
    page = widget.page
    for _ in range(5):  # past the demo page's own focusable code block
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.className") == "sc-launcher":
            break
    assert page.evaluate("document.activeElement.className") == "sc-launcher"
    page.keyboard.press("Enter")
    widget.wait_bot("Scalene Coach")
    assert page.evaluate("document.activeElement.className") == "sc-input"
    page.keyboard.press("Shift+Tab")  # back from the input to the newest suggested answer
    assert page.evaluate("document.activeElement.textContent") == "What can you do?"
    page.keyboard.press("Enter")
    widget.wait_bot("I can explain")
    assert widget.user_texts() == ["What can you do?"]
    page.keyboard.type("what are trigger points?")
    page.keyboard.press("Enter")
    widget.wait_bot("trigger point")
    page.keyboard.press("Escape")
    assert page.locator(".sc-panel").is_hidden()
    assert page.evaluate("document.activeElement.className") == "sc-launcher"

    page.keyboard.press("Enter")
    speak = page.locator(".sc-speak")
    assert speak.get_attribute("aria-pressed") == "true"
    speak.focus()
    page.keyboard.press("Space")
    assert speak.get_attribute("aria-pressed") == "false"
    widget.reload()
    widget.open()
    assert page.locator(".sc-speak").get_attribute("aria-pressed") == "false"


def test_phone_width_reduced_motion_and_screen_reader_markup(browser, assistant):
    from conftest import SCREENSHOTS

    context = browser.new_context(viewport={"width": 375, "height": 740}, reduced_motion="reduce",
                                  has_touch=True, is_mobile=True)
    try:
        widget = WidgetPage(context.new_page(), assistant.config.rasa_url, SCREENSHOTS)
        widget.goto()
        widget.open()
        widget.wait_bot("Scalene Coach")
        widget.reply("Why would my neck do that?")
        widget.wait_bot("index finger")
        widget.page.locator('img.sc-image[src$="referral-map.svg"]').wait_for()
        box = widget.page.locator(".sc-panel").bounding_box()
        assert box["width"] == 375 and box["x"] == 0
        assert widget.page.evaluate("document.documentElement.scrollWidth") <= 375
        assert widget.page.locator(".sc-dot").first.evaluate("d => getComputedStyle(d).animationName") == "none"
        log = widget.page.locator(".sc-log")
        assert log.get_attribute("role") == "log" and log.get_attribute("aria-live") == "polite"
        assert widget.page.locator(".sc-announcer").get_attribute("aria-live") == "assertive"
        widget.shot("09-phone")
    finally:
        context.close()


def test_voice_input_button_only_where_the_browser_has_a_microphone(browser, assistant):
    from conftest import SCREENSHOTS

    context = browser.new_context()
    try:
        with_recognition = WidgetPage(context.new_page(), assistant.config.rasa_url, SCREENSHOTS)
        with_recognition.goto()
        with_recognition.open()
        assert with_recognition.page.locator(".sc-mic").count() == 1
        without = context.new_page()
        without.add_init_script("delete window.webkitSpeechRecognition; delete window.SpeechRecognition;"
                                "Object.defineProperty(navigator, 'mediaDevices', {value: undefined});")
        without_recognition = WidgetPage(without, assistant.config.rasa_url, SCREENSHOTS)
        without_recognition.goto()
        without_recognition.open()
        assert without.locator(".sc-mic").count() == 0
        without_recognition.ask("what are the scalenes?")
        without_recognition.wait_bot("neck")  # typing works either way
    finally:
        context.close()


def test_embedded_on_another_site_with_one_script_tag(browser, embed_site):
    from conftest import EMBED_ORIGIN, UNLISTED_ORIGIN

    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(EMBED_ORIGIN + embed_site)
        page.locator(".sc-status", has_text="Online").wait_for(timeout=30_000)
        page.locator(".sc-bot .sc-text", has_text="Scalene Coach").wait_for(timeout=60_000)
        unlisted = context.new_page()
        unlisted.goto(UNLISTED_ORIGIN + embed_site)
        unlisted.locator(".sc-status").wait_for()
        unlisted.wait_for_timeout(4000)
        assert unlisted.locator(".sc-status").inner_text() != "Online"  # refused by the server
        assert unlisted.locator(".sc-bot").count() == 0
    finally:
        context.close()
