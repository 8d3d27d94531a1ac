"""Faults, and what the person chatting sees: on the default (SQLite) stack and in scale-out mode.

- action server or PostgreSQL down: a short apology instead of silence (or, for stock Rasa
  on a database error, a reply from a blank conversation); the session then carries on;
- Rasa restarted mid-session: the same conversation continues, slots intact;
- tracker or lock store unreachable at start: a clear error and exit, never memory instead;
- a finished hold reported twice (even at the same moment, to two instances) or after the
  session ended: it counts once.
"""
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from channels.turn_guard import SORRY
from scripts.model_cache import model_path
from scripts.services import port_open
from scripts.stack import BIN, ROOT, Stack, StackConfig, say

pytestmark = pytest.mark.server  # every test here starts or stops servers
MODES = ["sqlite", "scaled"]
DEAD_PORT = int(os.environ.get("TEST_DEAD_PORT", "5698"))  # nothing listens here


class Target:
    """One running assistant as a client sees it: a URL, plus the handles a fault test pulls."""

    def __init__(self, mode, request):
        self.mode = mode
        if mode == "sqlite":
            self.stack = request.getfixturevalue("assistant")
            self.url, self.actions, self.urls = self.stack.config.rasa_url, self.stack, [self.stack.config.rasa_url]
        else:
            self.stack = request.getfixturevalue("scaled_assistant")
            self.url, self.actions, self.urls = self.stack.config.url, self.stack.actions, self.stack.urls

    def restart_rasa(self):
        instances = [self.stack] if self.mode == "sqlite" else self.stack.instances
        for instance in instances:
            instance.stop_rasa()
        for instance in instances:
            instance.start_rasa()
        for instance in instances:
            instance.wait_ready()


@pytest.fixture(params=MODES)
def target(request):
    return Target(request.param, request)


def texts(messages):
    return " ".join(m.get("text", "") for m in messages)


def hold_in(messages):
    holds = [m["custom"]["hold"] for m in messages if "hold" in (m.get("custom") or {})]
    return holds[-1] if holds else None


def to_first_hold(url, sender):
    for message in ["guide me through releasing my neck", "no", "no", "no", "about a 6", "left", "sitting"]:
        say(url, sender, message)
    hold = hold_in(say(url, sender, "ready"))
    assert hold is not None
    return hold


def test_action_server_down_gets_an_apology_then_the_session_continues(target):
    sender = f"fault-actions-{target.mode}"
    for message in ["guide me through releasing my neck", "no", "no", "no"]:
        say(target.url, sender, message)
    assert "Which side" in texts(say(target.url, sender, "about a 6"))
    target.actions.stop_actions()
    try:
        down = say(target.url, sender, "left")
        assert [m.get("text") for m in down] == [SORRY], (
            "expected the apology; is credentials.yml naming channels.rest.GuardedRestInput?")
    finally:
        target.actions.start_actions()
        target.actions.wait_ready(only_actions=True)
    # The same question is still open: nothing was skipped or lost.
    assert "sit upright" in texts(say(target.url, sender, "left"))
    say(target.url, sender, "sitting")
    hold = hold_in(say(target.url, sender, "ready"))
    assert hold and hold["side"] == "left"


def test_postgresql_down_mid_session_apologises_then_the_session_continues(scaled_assistant):
    """Stock Rasa would answer from a blank conversation kept in memory; here the turn fails."""
    url, sender = scaled_assistant.config.url, "fault-postgres-down"
    for message in ["guide me through releasing my neck", "no", "no", "no"]:
        say(url, sender, message)
    assert "Which side" in texts(say(url, sender, "about a 6"))
    scaled_assistant.postgres.stop()
    try:
        assert [m.get("text") for m in say(url, sender, "left")] == [SORRY]
    finally:
        scaled_assistant.postgres.start()
    assert "sit upright" in texts(say(url, sender, "left"))


def test_rasa_restarted_mid_session_continues_with_slots_intact(target):
    sender = f"fault-restart-{target.mode}"
    hold = to_first_hold(target.url, sender)
    assert "Did that spot ease" in texts(say(target.url, sender, hold["finish_payload"]))
    target.restart_rasa()
    reply = texts(say(target.url, sender, "it eased"))
    assert "Left side, spot 2 of 3" in reply
    assert "Welcome back" not in texts(say(target.url, sender, "how long do i hold?"))


def test_hold_finished_twice_at_once_or_after_the_end_counts_once(target):
    sender = f"fault-hold-{target.mode}"
    hold = to_first_hold(target.url, sender)
    urls = target.urls * 2
    with ThreadPoolExecutor(2) as pool:  # two clients (or retries) report the same hold at once
        replies = list(pool.map(lambda url: texts(say(url, sender, hold["finish_payload"])), urls[:2]))
    assert sum("Did that spot ease" in reply for reply in replies) == 1, replies
    assert sum("already finished" in reply for reply in replies) == 1, replies
    assert "already finished" in texts(say(target.url, sender, hold["finish_payload"]))
    assert "spot 2 of 3" in texts(say(target.url, sender, "it eased"))  # one step, not two

    assert "end of this session" in texts(say(target.url, sender, "stop"))
    late = texts(say(target.url, sender, hold["finish_payload"]))
    assert "already finished" in late and "spot" not in late
    assert "not in a session" in texts(say(target.url, sender, "next"))


def _run(args, env, timeout=150):
    started = time.monotonic()
    result = subprocess.run(args, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), **env},
                            capture_output=True, text=True, timeout=timeout)
    return result, time.monotonic() - started


def test_scaled_mode_will_not_start_without_its_tracker_store():
    result, seconds = _run([sys.executable, "-m", "scripts.scaled_stack", "run", "--no-services"],
                           {"SCALENE_PG_PORT": str(DEAD_PORT), "RASA_PORT": str(DEAD_PORT - 1)})
    assert result.returncode == 1 and seconds < 60
    assert f"Cannot reach the tracker store: PostgreSQL at 127.0.0.1:{DEAD_PORT}" in result.stderr
    assert not port_open("127.0.0.1", DEAD_PORT - 1)


def test_scaled_mode_will_not_start_without_its_lock_store(scaled_assistant):
    postgres = scaled_assistant.postgres
    result, _ = _run([sys.executable, "-m", "scripts.scaled_stack", "run", "--no-services"], {
        "SCALENE_PG_PORT": str(postgres.port), "SCALENE_PG_PASSWORD": postgres.password,
        "SCALENE_REDIS_PORT": str(DEAD_PORT), "RASA_PORT": str(DEAD_PORT - 1)})
    assert result.returncode == 1
    assert f"Cannot reach the lock store: Redis at 127.0.0.1:{DEAD_PORT}" in result.stderr


def test_rasa_itself_exits_when_postgresql_is_unreachable():
    """`rasa run` on endpoints.scaled.yml, without our launcher: stock Rasa would come up on memory."""
    env = {"ACTION_HOST": "127.0.0.1", "ACTION_PORT": str(DEAD_PORT), "SCALENE_STORE_WAIT_SECONDS": "2",
           "SCALENE_PG_HOST": "127.0.0.1", "SCALENE_PG_PORT": str(DEAD_PORT), "SCALENE_PG_DB": "scalene",
           "SCALENE_PG_USER": "scalene", "SCALENE_PG_PASSWORD": "unused", "SCALENE_REDIS_HOST": "127.0.0.1",
           "SCALENE_REDIS_PORT": str(DEAD_PORT), "SCALENE_REDIS_PASSWORD": "unused"}
    result, _ = _run([str(BIN / "rasa"), "run", "--endpoints", "endpoints.scaled.yml", "--credentials",
                      str(StackConfig().credentials), "-i", "127.0.0.1", "-p", str(DEAD_PORT - 1),
                      "--model", str(StackConfig().model or model_path())], env)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"Cannot connect to tracker store. postgresql database 'scalene' at 127.0.0.1:{DEAD_PORT}" in output
    assert "Rasa server is up and running" not in output


def test_default_mode_exits_when_its_sqlite_file_cannot_be_opened(tmp_path):
    config = StackConfig(rasa_port=DEAD_PORT - 1, action_port=DEAD_PORT, tracker_db=tmp_path,  # a folder
                         log_dir=tmp_path / "logs")
    stack = Stack(config)
    stack.start_rasa()
    try:
        assert stack.rasa.wait(timeout=150) != 0
    finally:
        stack.stop_rasa()
    log = Path(config.log_dir / "rasa.log").read_text(errors="replace")
    assert "cannot start: Cannot reach the tracker store" in log
