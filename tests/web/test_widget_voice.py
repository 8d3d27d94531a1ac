"""Hands-free in the widget: a whole session spoken into Chromium's fake microphone.

Chromium reads `--use-file-for-fake-audio-capture` afresh each time a page opens the
microphone, and the widget opens it only while the assistant waits for the person
(half-duplex). So the test writes the next answer into that file while the microphone is
closed, and the widget hears it when it next listens. Answers are spoken by an espeak-ng
voice of the recogniser's test set (never used for tuning). Audio goes over the socket to
the server's offline recogniser; nothing is faked in the page.
"""
import os
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest

from speech.wavtools import read_wav, resample, write_wav
from widget_page import TIMEOUT_MS

VOICE, RATE = "en-us+f5", 150  # a test-set voice (bench.speech_sets), never used for tuning
FAKE_MIC_RATE = 48000


@pytest.fixture(scope="module")
def microphone(tmp_path_factory):
    """The fake microphone's file and a function that makes it say something."""
    folder = tmp_path_factory.mktemp("fake-mic")
    path = folder / "mic.wav"

    def say(text: str, lead_s: float = 0.4) -> None:
        samples = np.zeros(int(lead_s * FAKE_MIC_RATE), dtype=np.float32)
        if text:
            spoken = folder / "spoken.wav"
            subprocess.run(["espeak-ng", "-v", VOICE, "-s", str(RATE), "-w", str(spoken), text], check=True)
            words, rate = read_wav(spoken)
            samples = np.concatenate([samples, resample(words, rate, FAKE_MIC_RATE) * 0.8])
        samples = np.concatenate([samples, np.zeros(int(0.8 * FAKE_MIC_RATE), dtype=np.float32)])
        write_wav(folder / "next.wav", samples, FAKE_MIC_RATE)
        os.replace(folder / "next.wav", path)  # whole, never half-written

    say("")
    return path, say


@pytest.fixture(scope="module")
def mic_browser(microphone, playwright_driver):
    from conftest import CHROMIUM, CHROMIUM_ARGS

    path, _ = microphone
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + [
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={path}%noloop", "--autoplay-policy=no-user-gesture-required"])
    yield chromium
    chromium.close()


@pytest.fixture
def voice_widget(mic_browser, assistant):
    from conftest import fresh_visitor

    with fresh_visitor(mic_browser, assistant) as page:
        yield page


def listening(widget, on: bool) -> None:
    state = "true" if on else "false"
    widget.page.locator(f'.sc-mic[data-listening="{state}"]').wait_for(state="attached", timeout=TIMEOUT_MS)


def retry_notices(widget) -> int:
    return widget.page.locator(".sc-notice", has_text="say that again").count()


def heard(widget, count: int, notices: int, wait_s: float = 25.0) -> bool:
    """Wait until the widget sent what it heard (True), or asked to hear it again or heard
    nothing in `wait_s` (False: a person would say it again)."""
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if len(widget.user_texts()) > count:
            return True
        if retry_notices(widget) > notices:
            return False
        time.sleep(0.1)
    return False


def answer(widget, say, text: str, shown: str, attempts: int = 3, said: bool = False) -> None:
    """Say `text` the next time the widget listens; wait until it was heard and sent. Asked to
    say it again, or met with silence, a person says it again (at most `attempts` times): the
    microphone is then opened afresh, so it reads the new words."""
    for attempt in range(attempts):
        count, notices = len(widget.user_texts()), retry_notices(widget)
        if attempt == 0 and not said:
            listening(widget, False)
        if attempt or not said:
            say(text)
        if attempt:
            widget.page.click(".sc-mic")
            widget.page.click(".sc-mic")
        if heard(widget, count, notices):
            assert widget.user_texts()[count] == shown, widget.user_texts()
            return
    raise AssertionError(f"{text!r} was not heard in {attempts} tries: {widget.user_texts()}")


def test_a_whole_session_spoken_into_the_microphone(voice_widget, microphone):
    widget, (_, say) = voice_widget, microphone
    widget.open()
    widget.wait_bot("Scalene Coach")
    say("start")
    widget.page.click(".sc-mic")  # hands-free on, for the whole session
    assert widget.page.locator(".sc-mic").get_attribute("aria-pressed") == "true"
    answer(widget, say, "start", "start", said=True)
    widget.wait_bot("1 of 3")
    for question in ("2 of 3", "3 of 3", "0 (none) to 10"):
        answer(widget, say, "no", "no")
        widget.wait_bot(question)
    answer(widget, say, "five", "five")
    widget.wait_bot("Which side")
    answer(widget, say, "left", "left")
    widget.wait_bot("sit upright")
    # Not a command: asked to say it again, and nothing is sent.
    count = len(widget.user_texts())
    listening(widget, False)
    say("my cat is on the keyboard")
    widget.page.locator(".sc-notice", has_text="say that again").last.wait_for(timeout=TIMEOUT_MS)
    assert len(widget.user_texts()) == count
    say("sitting")
    widget.page.click(".sc-mic")  # off and on again: the microphone opens afresh
    widget.page.click(".sc-mic")
    widget.page.locator(".sc-user .sc-text", has_text="sitting").wait_for(timeout=TIMEOUT_MS)
    widget.wait_bot("spot 1 of 3")
    answer(widget, say, "ready", "ready")
    widget.wait_hold_state("running")
    listening(widget, True)  # listening through the hold, for stopping phrases only
    say("yes")  # heard when the microphone next opens: after the hold, when the bot asks
    widget.wait_hold_state("done", timeout_s=40)
    widget.wait_bot("Did that spot ease")
    widget.page.locator(".sc-user .sc-text", has_text="yes").last.wait_for(timeout=TIMEOUT_MS)
    widget.wait_bot("spot 2 of 3")
    answer(widget, say, "stop", "stop")
    widget.wait_bot("That's the end of this session")
    widget.shot("10-hands-free-session-end", panel=True)
    assert widget.page.locator(".sc-mic").get_attribute("aria-pressed") == "true"


def test_a_red_flag_said_mid_hold_stops_it(voice_widget, microphone):
    widget, (_, say) = voice_widget, microphone
    say("")
    widget.start_session_to_first_spot(speak=False)
    widget.page.click(".sc-mic")
    listening(widget, True)  # it heard the silence; what it hears next comes mid-hold
    say("i feel dizzy", lead_s=3.0)
    widget.reply("Ready")
    widget.wait_hold_state("running")
    started = time.monotonic()
    widget.wait_bot("Stop pressing now")
    assert time.monotonic() - started < 10
    assert widget.hold_state() != "running"
    assert "i feel dizzy" in widget.user_texts()


def test_what_the_widget_does_with_each_kind_of_hearing(browser):
    """The widget's own rule, run in Chromium on `voice_heard` results (the chat around it is a
    stand-in): between turns an answer is sent and a rejection asked again (not over talk);
    during a hold only a stopping phrase acts, even one too faint to be an answer."""
    page = browser.new_page()
    try:
        page.set_content("<html><body></body></html>")
        page.evaluate("window.ScaleneCoach = {}")
        page.add_script_tag(path=str(Path(__file__).resolve().parents[2] / "web" / "js" / "mic.js"))
        page.evaluate("""() => {
            const chat = window.chat = {holding: false, sent: [], notices: 0,
                hold: {isActive: () => window.chat.holding},
                transcript: {addNotice: () => { window.chat.notices += 1; }}, announce: () => {},
                send: (message) => window.chat.sent.push(message)};
            window.handsFree = new window.ScaleneCoach.HandsFree(chat);
            window.handsFree.on = true;
            window.handsFree.capture = {};
        }""")

        def hear(holding, phrase, rejected, interrupts=False, ask_again=True):
            return page.evaluate("""([holding, result]) => {
                window.chat.holding = holding;
                window.chat.sent = []; window.chat.notices = 0;
                window.handsFree.heard(result);
                return [window.chat.sent, window.chat.notices];
            }""", [holding, {"phrase": phrase, "message": phrase, "rejected": rejected,
                             "interrupts": interrupts, "ask_again": ask_again}])

        assert hear(False, "ready", False) == [["ready"], 0]
        assert hear(False, "stop", True, interrupts=True) == [[], 1]  # faint: "say that again?"
        assert hear(False, "help", True, interrupts=True, ask_again=False) == [[], 0]  # over talk: nothing
        assert hear(True, "stop", True, interrupts=True) == [["stop"], 0]  # ... but it stops a hold
        assert hear(True, "five", False) == [[], 0]  # mid-hold only the stopping phrases act
        assert hear(True, None, True) == [[], 0]
    finally:
        page.close()
