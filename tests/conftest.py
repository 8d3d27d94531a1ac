"""Shared fixtures: a real assistant (action server + Rasa server) on test ports.

Tests that need running servers are marked `server` (those using these fixtures are marked
here, the others in their module); `make test-fast` runs the rest: `pytest -m "not server"`.
"""
import os
import uuid
from pathlib import Path

import pytest

from scripts.stack import Stack, StackConfig, say


SERVER_FIXTURES = {"assistant", "scaled_assistant"}


def pytest_collection_modifyitems(items):
    for item in items:
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.server)


class Client:
    """Talks to the running assistant over REST, one conversation per instance."""

    def __init__(self, url: str, sender: str = ""):
        self.url = url
        self.sender = sender or f"test-{uuid.uuid4().hex[:10]}"

    def say(self, message: str):
        return say(self.url, self.sender, message)

    @staticmethod
    def texts(messages):
        return " ".join(m.get("text", "") for m in messages)

    def to_first_hold(self, side: str = "left"):
        """Start a session, pass the screen, and reach the first hold; returns that turn's messages."""
        for text in ("guide me through releasing my neck", "no", "no", "no", "about a 6", side, "sitting"):
            self.say(text)
        return self.say("ready")

    @staticmethod
    def hold(messages):
        holds = [m["custom"]["hold"] for m in messages if isinstance(m.get("custom"), dict)
                 and "hold" in m["custom"]]
        return holds[-1] if holds else None


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    """One running assistant for the whole test session (its own ports and SQLite file)."""
    config = StackConfig(
        rasa_port=int(os.environ.get("TEST_RASA_PORT", "5105")),
        action_port=int(os.environ.get("TEST_ACTION_PORT", "5155")),
        tracker_db=tmp_path_factory.mktemp("tracker") / "tracker.db",
        log_dir=Path(tmp_path_factory.mktemp("logs")),
    )
    stack = Stack(config)
    stack.start()
    yield stack
    stack.stop()


@pytest.fixture
def client(assistant):
    return Client(assistant.config.rasa_url)


@pytest.fixture(scope="session")
def scaled_assistant():
    """Scale-out mode on test ports: two Rasa instances on PostgreSQL + Redis behind nginx.

    Ports TEST_SCALED_PORT (nginx) and the next five: Rasa 1, Rasa 2, actions, PostgreSQL, Redis.
    """
    import shutil
    import tempfile

    from scripts.scaled_stack import ScaledConfig, ScaledStack

    base = int(os.environ.get("TEST_SCALED_PORT", "5610"))
    # Under /tmp, which the postgres user can reach (pytest's own tmp folders are private).
    pg_data = Path(tempfile.mkdtemp(prefix="scalene-test-pg-"))
    work = Path(tempfile.mkdtemp(prefix="scalene-test-scaled-"))
    stack = ScaledStack(ScaledConfig(lb_port=base, instance_ports=[base + 1, base + 2], action_port=base + 3,
                                     pg_port=base + 4, redis_port=base + 5, pg_data=pg_data,
                                     state_dir=work / "state", log_dir=work / "logs"))
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()
        shutil.rmtree(pg_data, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
