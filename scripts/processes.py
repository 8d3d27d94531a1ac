"""Starting, watching and stopping servers: one way for every launcher (make run, tests, bench).

- `check_ports_free` names a busy port before anything starts (one line, no traceback).
- `spawn` starts a server in its own process group that dies with the program that started
  it, even when that program is SIGKILLed: Linux's parent-death signal, set by util-linux's
  `setpriv --pdeathsig` just before the server's own program runs (no `preexec_fn`, which is
  unsafe in a program with threads). The signal follows the *thread* that started the
  server: start servers from the main thread.
- `wait_until_ready` waits until the server answers *and* the listening socket belongs to the
  process we started, so another program on the same port can never pass for ours.
- `stop` asks the whole group to stop (SIGTERM), then forces it (SIGKILL) after a grace period.

honcho (a maintained Procfile runner) was measured first: SIGKILLed, it leaves its children
running, and it has no notion of readiness or busy ports, so it would not make this smaller.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterable, List, Mapping, Optional, Sequence, Tuple

import psutil

DIE_WITH_PARENT = ["setpriv", "--pdeathsig", "TERM", "--"]


class ProcessError(RuntimeError):
    """A server could not be started or did not come up; the message says which and why."""


class PortBusy(ProcessError):
    """A port we need is taken by another program."""


def http_ok(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _port_owner(port: int) -> str:
    """'program (pid N)' listening on `port`, when the system tells us (best effort)."""
    try:
        for connection in psutil.net_connections(kind="inet"):
            if connection.status == psutil.CONN_LISTEN and connection.laddr.port == port and connection.pid:
                return f" by {psutil.Process(connection.pid).name()} (pid {connection.pid})"
    except (psutil.Error, OSError):
        pass
    return ""


def port_free(host: str, port: int) -> bool:
    """True when a server could listen on host:port now (as servers do, with SO_REUSEADDR)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def check_ports_free(ports: Iterable[Tuple[str, str, int]]) -> None:
    """Raises `PortBusy` naming the first of (what, host, port) that is taken."""
    for what, host, port in ports:
        if not port_free(host, port):
            raise PortBusy(f"port {port} on {host} ({what}) is already in use{_port_owner(port)}; "
                           f"stop that program or choose another port")


def spawn(args: Sequence[str], log_path: Path, env: Mapping[str, str], cwd: Path) -> subprocess.Popen:
    """Starts `args` with output to `log_path`, in its own process group, dying with us."""
    if shutil.which(DIE_WITH_PARENT[0]) is None:
        raise ProcessError("setpriv (util-linux) is missing: install util-linux")
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        process = subprocess.Popen(DIE_WITH_PARENT + list(args), cwd=cwd, env=dict(env), stdout=log,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    _wait_until_armed(process)
    return process


def _wait_until_armed(process: subprocess.Popen, timeout: float = 5.0) -> None:
    """Returns once setpriv has set the death signal and run the server's own program (a
    starter killed before that moment would leave the server behind)."""
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        try:
            if psutil.Process(process.pid).name() != DIE_WITH_PARENT[0]:
                return
        except psutil.NoSuchProcess:
            return
        time.sleep(0.001)


def listening_ports(pid: int) -> set:
    """Ports on which the process `pid` (or one of its children) listens."""
    try:
        process = psutil.Process(pid)
        family = [process] + process.children(recursive=True)
    except psutil.NoSuchProcess:
        return set()
    ports = set()
    for member in family:
        try:
            ports |= {c.laddr.port for c in member.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN}
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return ports


def wait_until_ready(process: subprocess.Popen, name: str, port: int, log_path: Path,
                     url: Optional[str] = None, timeout: float = 180.0,
                     answers: Callable[[str], bool] = http_ok) -> None:
    """Returns once `process` listens on `port` (and `url` answers, if given).

    Raises `ProcessError` if the process exits first or `timeout` passes; both name the log.
    """
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise ProcessError(f"the {name} exited with code {process.returncode}; see {log_path}")
        if port in listening_ports(process.pid) and (url is None or answers(url)):
            return
        if time.monotonic() > deadline:
            raise ProcessError(f"the {name} was not ready after {timeout:.0f} s; see {log_path}")
        time.sleep(0.25)


def stop(process: Optional[subprocess.Popen], grace: float = 10.0) -> None:
    """Stops `process` and everything in its process group; waits until it is gone."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        process.wait()


def first_exited(processes: Mapping[str, subprocess.Popen], poll_s: float = 0.5) -> Tuple[str, int]:
    """Blocks until one of the named processes exits; returns (its name, its exit code)."""
    while True:
        for name, process in processes.items():
            if process.poll() is not None:
                return name, process.returncode
        time.sleep(poll_s)


def ignore_stop_signals() -> None:
    """While shutting down, a second Ctrl-C or SIGTERM must not leave half the servers running."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def descendants(pid: int) -> List[int]:
    """Pids of every process below `pid` (for tests that check nothing is left behind)."""
    try:
        return [child.pid for child in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []
