"""`make run` as a person runs it: a busy port stops it at once with one line naming the port,
and the servers never outlive the program that started them (SIGTERM, or even SIGKILL)."""
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import psutil
import pytest

from scripts.model_cache import model_path
from scripts.processes import port_free

pytestmark = pytest.mark.server
ROOT = Path(__file__).resolve().parents[2]
DEAD_PORT = int(os.environ.get("TEST_DEAD_PORT", "5698"))
RASA_PORT, ACTION_PORT = DEAD_PORT - 3, DEAD_PORT - 2  # free ports of this test run's range


def run_env(tmp_path):
    return {**os.environ, "RASA_PORT": str(RASA_PORT), "ACTION_PORT": str(ACTION_PORT),
            "TRACKER_DB": str(tmp_path / "tracker.db"), "SCALENE_MODEL": str(model_path())}


def our_servers():
    """Processes serving this test's ports (a leftover would be listed here)."""
    found = []
    for process in psutil.process_iter(["cmdline"]):
        command = " ".join(process.info["cmdline"] or [])
        if "rasa" in command and (f"--port {ACTION_PORT}" in command or f"-p {RASA_PORT}" in command):
            found.append(process)
    return found


class Health(BaseHTTPRequestHandler):
    def do_GET(self):  # answers any readiness check, as another program on the port might
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"status": "ok"}')

    def log_message(self, *args):
        pass


@pytest.fixture(params=["http", "silent"])
def busy_action_port(request):
    """ACTION_PORT held by another program: an HTTP server that says ok, or a silent listener."""
    if request.param == "http":
        server = HTTPServer(("127.0.0.1", ACTION_PORT), Health)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield
        server.shutdown()
        server.server_close()
    else:
        with socket.socket() as listener:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", ACTION_PORT))
            listener.listen()
            yield


def test_make_run_with_a_busy_action_port_names_it_and_starts_nothing(busy_action_port, tmp_path):
    started = time.monotonic()
    result = subprocess.run(["make", "run"], cwd=ROOT, env=run_env(tmp_path), capture_output=True, text=True,
                            timeout=300)
    ours = [line for line in result.stderr.splitlines() if not line.startswith("make")]
    assert result.returncode != 0
    assert len(ours) == 1, result.stderr
    assert ours[0].startswith(f"error: port {ACTION_PORT} on 127.0.0.1 (ACTION_PORT, the action server) "
                              f"is already in use by "), ours
    assert "Traceback" not in result.stdout + result.stderr and "is ready" not in result.stdout
    assert time.monotonic() - started < 60  # named at once: nothing was started, nothing waited on
    assert our_servers() == [] and port_free("127.0.0.1", RASA_PORT)


def start_run(tmp_path):
    """`python -m scripts.stack run` (what `make run` runs), and a queue of its output lines."""
    starter = subprocess.Popen([sys.executable, "-m", "scripts.stack", "run"], cwd=ROOT, env=run_env(tmp_path),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: "queue.Queue[str]" = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in starter.stdout], daemon=True).start()
    return starter, lines


def wait_for_line(lines, fragment, timeout):
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        try:
            seen.append(lines.get(timeout=1))
        except queue.Empty:
            continue
        if fragment in seen[-1]:
            return
    raise AssertionError(f"{fragment!r} not printed within {timeout} s:\n{''.join(seen)}")


def wait_all_gone(processes_, timeout=60.0):
    gone, alive = psutil.wait_procs(processes_, timeout=timeout)
    return alive


def test_sigkill_to_the_starter_leaves_no_server(tmp_path):
    starter, lines = start_run(tmp_path)
    try:
        wait_for_line(lines, "Scalene Coach is ready", timeout=240)
        servers = psutil.Process(starter.pid).children(recursive=True)
        assert len(servers) >= 2 and not port_free("127.0.0.1", ACTION_PORT)
        starter.send_signal(signal.SIGKILL)
        starter.wait(10)
        assert wait_all_gone(servers) == [], "a server outlived the program that started it"
        assert port_free("127.0.0.1", RASA_PORT) and port_free("127.0.0.1", ACTION_PORT)
    finally:
        starter.kill()
        for leftover in our_servers():
            leftover.kill()


def test_sigterm_while_starting_stops_everything_cleanly(tmp_path):
    starter, lines = start_run(tmp_path)
    try:
        wait_for_line(lines, "Starting the action server and the Rasa server", timeout=60)
        time.sleep(3)  # both servers are loading, neither is ready
        servers = psutil.Process(starter.pid).children(recursive=True)
        assert servers
        starter.send_signal(signal.SIGTERM)
        assert starter.wait(60) == 0
        assert wait_all_gone(servers) == []
        assert our_servers() == []
    finally:
        starter.kill()
        for leftover in our_servers():
            leftover.kill()
