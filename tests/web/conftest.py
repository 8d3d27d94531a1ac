"""Fixtures for the web widget tests: a headless Chromium (Debian's, via Playwright) and
socket.io clients, against the running assistant from tests/conftest.py."""
import contextlib
import os
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from socket_chat import SocketChat

# Another site that embeds the widget: a local page on its own port (a public origin could
# not load from a loopback server in Chromium anyway). Its port is reserved now, and the
# origin allowed now, because the assistant fixture copies this process's environment.
_embed_socket = socket.socket()
_embed_socket.bind(("127.0.0.1", 0))
_embed_socket.listen()
EMBED_PORT = _embed_socket.getsockname()[1]
EMBED_ORIGIN = f"http://127.0.0.1:{EMBED_PORT}"
UNLISTED_ORIGIN = f"http://localhost:{EMBED_PORT}"  # the same page under a name nobody listed
os.environ["SCALENE_WIDGET_ORIGINS"] = EMBED_ORIGIN

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture(scope="session")
def playwright_driver():
    """One Playwright for the session (a second sync_playwright() fails once an asyncio test ran)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver):
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@contextlib.contextmanager
def fresh_visitor(chromium, assistant):
    """A fresh visitor (own storage) on the demo page, with the chat not yet opened."""
    from widget_page import WidgetPage

    context = chromium.new_context(viewport={"width": 1100, "height": 820})
    try:
        page = WidgetPage(context.new_page(), assistant.config.rasa_url, SCREENSHOTS)
        page.goto()
        yield page
    finally:
        context.close()


@pytest.fixture
def widget(browser, assistant):
    with fresh_visitor(browser, assistant) as page:
        yield page


@pytest.fixture(scope="session")
def embed_site(assistant):
    """Serves a page that embeds the widget with one element and one script tag."""
    page = (f'<!doctype html><title>A clinic</title><h1>Our clinic</h1><div id="coach"></div>'
            f'<script src="{assistant.config.rasa_url}/widget/widget.js" data-target="coach" '
            f'data-open="true"></script>').encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", EMBED_PORT), Handler, bind_and_activate=False)
    server.socket.close()
    server.socket = _embed_socket
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield "/"
    server.shutdown()


@pytest.fixture
def chat(assistant):
    """A socket.io conversation (polling transport) with a confirmed session."""
    client = SocketChat(assistant.config.rasa_url)
    client.request_session()
    yield client
    client.close()
