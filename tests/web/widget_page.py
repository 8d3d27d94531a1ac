"""The demo page with the chat widget, driven like a person would: clicks, typing, reading.

Waits use Playwright locators (the demo page's Content-Security-Policy forbids the
`eval` that Playwright's wait_for_function needs, which is the point of having it).
"""
from __future__ import annotations

import re
import time
from pathlib import Path
from typing import List

BOT_TEXT = ".sc-bot .sc-text"
TIMEOUT_MS = 60_000


def as_seconds(shown: str) -> int:
    """The ring's number: "12", or "1:30" from a minute up."""
    minutes, _, seconds = shown.rpartition(":")
    return int(minutes or 0) * 60 + int(seconds)


class WidgetPage:
    def __init__(self, page, server: str, screenshots: Path):
        self.page = page
        self.server = server
        self.screenshots = screenshots
        self.dialogs: List[str] = []
        self.audio_responses: List[dict] = []
        page.on("dialog", self._on_dialog)
        page.on("response", self._on_response)

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _on_response(self, response) -> None:
        if "/widget/audio/" in response.url:
            self.audio_responses.append({"url": response.url, "status": response.status,
                                         "type": response.headers.get("content-type", "")})

    def goto(self, path: str = "/widget/") -> None:
        self.page.goto(self.server + path)
        self.page.locator(".sc-launcher").wait_for()

    def reload(self) -> None:
        self.page.reload()
        self.page.locator(".sc-launcher").wait_for()

    def open(self) -> None:
        self.page.click(".sc-launcher")
        self.page.locator(".sc-status", has_text="Online").wait_for(timeout=TIMEOUT_MS)

    def shot(self, name: str, panel: bool = False) -> Path:
        """A screenshot of the page, or of the chat panel alone."""
        self.screenshots.mkdir(parents=True, exist_ok=True)
        path = self.screenshots / f"{name}.png"
        target = self.page.locator(".sc-panel") if panel else self.page
        target.screenshot(path=str(path))
        return path

    # -- talking ------------------------------------------------------------------------
    def ask(self, text: str) -> None:
        self.page.fill(".sc-input", text)
        self.page.press(".sc-input", "Enter")

    def reply(self, title: str) -> None:
        """Press the (enabled) quick-reply button titled exactly `title`."""
        self.page.locator(".sc-reply:not([disabled])").filter(
            has_text=re.compile(rf"^{re.escape(title)}$")).last.click()

    def wait_bot(self, contains: str, timeout_ms: int = TIMEOUT_MS):
        locator = self.page.locator(BOT_TEXT, has_text=contains).last
        locator.wait_for(timeout=timeout_ms)
        return locator

    def wait_new_bot(self, seen: int) -> None:
        """Until there are more than `seen` bot messages."""
        self.page.locator(BOT_TEXT).nth(seen).wait_for(timeout=TIMEOUT_MS)

    def wait_turn_end(self) -> None:
        """The typing indicator goes when the bot's turn is over."""
        self.page.locator(".sc-typing").wait_for(state="hidden", timeout=TIMEOUT_MS)

    def bot_texts(self) -> List[str]:
        return self.page.locator(BOT_TEXT).all_inner_texts()

    def user_texts(self) -> List[str]:
        return self.page.locator(".sc-user .sc-text").all_inner_texts()

    def start_session_to_hold(self, speak: bool = True) -> None:
        """Greeting → safety screen (No ×3) → pain → side → position → Ready: a hold starts."""
        self.start_session_to_first_spot(speak)
        self.reply("Ready")
        self.page.locator(".sc-hold").last.wait_for(timeout=TIMEOUT_MS)

    def start_session_to_first_spot(self, speak: bool = True) -> None:
        """Greeting → safety screen (No ×3) → pain → side → position: the first spot, with pictures."""
        self.open()
        if not speak:  # silent: the ring starts without waiting for the instructions to be read
            self.page.locator(".sc-speak").click()
        self.wait_bot("Scalene Coach")
        self.reply("Guide me through it")
        self.wait_bot("1 of 3")
        for next_question in ("2 of 3", "3 of 3", "0 (none) to 10"):
            self.reply("No")
            self.wait_bot(next_question)
        self.ask("5")
        self.wait_bot("Which side")
        self.reply("Left")
        self.wait_bot("sit upright")
        self.reply("Sitting")
        self.wait_bot("spot 1 of 3")
        self.wait_turn_end()

    # -- the hold ----------------------------------------------------------------------
    def hold(self):
        return self.page.locator(".sc-hold").last

    def hold_state(self) -> str:
        return self.hold().get_attribute("data-state")

    def hold_seconds(self) -> int:
        return int(self.hold().locator(".sc-hold-seconds").inner_text())

    def wait_hold_state(self, state: str, timeout_s: float = 60.0) -> None:
        self.page.locator(f'.sc-hold[data-state="{state}"]').last.wait_for(timeout=timeout_s * 1000)

    def seconds_timeline(self, duration_s: float) -> List[tuple]:
        """(page time in s, seconds shown) each time the ring's number changes, for `duration_s`.

        Recorded in the page by a MutationObserver, so test-side polling delays don't blur it.
        """
        number = self.hold().locator(".sc-hold-seconds")
        number.evaluate("""n => {
            window.scTicks = [[performance.now(), n.textContent]];
            new MutationObserver(() => {
                const last = window.scTicks[window.scTicks.length - 1][1];
                if (n.textContent !== last) window.scTicks.push([performance.now(), n.textContent]);
            }).observe(n, {childList: true, characterData: true, subtree: true});
        }""")
        time.sleep(duration_s)
        return [(t / 1000, as_seconds(shown)) for t, shown in number.evaluate("() => window.scTicks")]

    def media(self, selector: str) -> dict:
        """State of an <audio> element: how much of its file it loaded and decoded."""
        return self.page.locator(selector).last.evaluate(
            "a => ({src: a.currentSrc, readyState: a.readyState, duration: a.duration, paused: a.paused,"
            " currentTime: a.currentTime, error: a.error && a.error.code})")
