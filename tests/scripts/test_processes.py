"""Process handling without the assistant: busy ports, dying with the starter, readiness, stopping."""
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import psutil
import pytest

from scripts import processes

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Ok(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'{"status": "ok"}')

    def log_message(self, *args):
        pass


@pytest.fixture
def imposter():
    """Another program answering HTTP 200 on a port (as any health check would like)."""
    server = HTTPServer(("127.0.0.1", 0), Ok)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def wait_gone(pid, timeout=10.0):
    deadline = time.monotonic() + timeout
    while psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_a_busy_port_is_named_in_one_line(imposter):
    with pytest.raises(processes.PortBusy) as error:
        processes.check_ports_free([("RASA_PORT", "127.0.0.1", free_port()),
                                    ("ACTION_PORT, the action server", "127.0.0.1", imposter)])
    message = str(error.value)
    assert message.startswith(f"port {imposter} on 127.0.0.1 (ACTION_PORT, the action server) is already in use")
    assert "\n" not in message and f"(pid " in message  # and who holds it


def test_a_silent_listener_counts_as_busy_too():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        assert not processes.port_free("127.0.0.1", listener.getsockname()[1])
    assert processes.port_free("127.0.0.1", free_port())


def test_an_answer_from_another_program_is_not_ready(tmp_path, imposter):
    """The old check was fooled by anything answering on the port; ours must listen on it itself."""
    sleeper = processes.spawn(["sleep", "30"], tmp_path / "sleep.log", {"PATH": "/usr/bin:/bin"}, tmp_path)
    try:
        with pytest.raises(processes.ProcessError, match="was not ready after 1 s"):
            processes.wait_until_ready(sleeper, "sleeper", imposter, tmp_path / "sleep.log",
                                       f"http://127.0.0.1:{imposter}/", timeout=1)
    finally:
        processes.stop(sleeper)
    assert sleeper.returncode == -signal.SIGTERM


def test_ready_when_our_own_process_listens_and_answers(tmp_path):
    port = free_port()
    server = processes.spawn([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
                             tmp_path / "http.log", {"PATH": "/usr/bin:/bin"}, tmp_path)
    try:
        processes.wait_until_ready(server, "web server", port, tmp_path / "http.log",
                                   f"http://127.0.0.1:{port}/", timeout=30)
    finally:
        processes.stop(server)
    assert processes.port_free("127.0.0.1", port)


def test_a_server_that_exits_is_reported_with_its_log(tmp_path):
    failing = processes.spawn(["false"], tmp_path / "false.log", {"PATH": "/usr/bin:/bin"}, tmp_path)
    with pytest.raises(processes.ProcessError, match=r"the failing exited with code 1; see .*false\.log"):
        processes.wait_until_ready(failing, "failing", free_port(), tmp_path / "false.log", timeout=10)


def test_stop_forces_a_server_that_ignores_sigterm(tmp_path):
    stubborn = processes.spawn(["bash", "-c", "trap '' TERM; sleep 30 & wait"], tmp_path / "s.log",
                               {"PATH": "/usr/bin:/bin"}, tmp_path)
    time.sleep(0.3)
    child = processes.descendants(stubborn.pid)
    started = time.monotonic()
    processes.stop(stubborn, grace=0.5)
    assert stubborn.returncode == -signal.SIGKILL and time.monotonic() - started < 5
    assert all(wait_gone(pid) for pid in child)  # the whole group went


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_servers_die_with_the_program_that_started_them(tmp_path, how):
    starter = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from scripts import processes
        server = processes.spawn(["sleep", "60"], Path({str(tmp_path)!r}) / "s.log", {{"PATH": "/usr/bin:/bin"}},
                                 Path({str(tmp_path)!r}))
        print(server.pid, flush=True)
        time.sleep(60)
    """)
    parent = subprocess.Popen([sys.executable, "-c", starter], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                              env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    server_pid = int(parent.stdout.readline())
    try:
        parent.send_signal(how)
        parent.wait(10)
        assert wait_gone(server_pid), "the server outlived the program that started it"
    finally:
        for pid in (parent.pid, server_pid):
            if psutil.pid_exists(pid):
                psutil.Process(pid).kill()
