"""Starts, checks and stops the assistant: the action server and the Rasa server.

Used by `make run` / `make shell`, by the tests that talk to a running server and by the
benchmarks, so all of them start the assistant the same way (scripts/processes.py): busy
ports are named before anything starts, the servers die with the program that started
them, and "ready" means our own server answers on its port.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import settings
from scripts import processes
from scripts.processes import ProcessError

ROOT = settings.ROOT
BIN = Path(sys.executable).parent


def _server_setting(name: str):
    return field(default_factory=lambda: getattr(settings.current().server, name))


@dataclass
class StackConfig:
    """Where the processes listen and keep their data (settings give the defaults)."""

    host: str = _server_setting("host")
    rasa_port: int = _server_setting("rasa_port")
    action_port: int = _server_setting("action_port")
    tracker_db: Path = _server_setting("tracker_db")
    log_dir: Path = ROOT / "var" / "log"
    model: Optional[Path] = _server_setting("model")
    endpoints: Path = ROOT / "endpoints.yml"
    credentials: Path = _server_setting("credentials")
    public_url: str = ""  # where browsers reach Rasa (a load balancer in front), for CORS
    extra_env: dict = field(default_factory=dict)

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://{self.host}:{self.action_port}"

    def env(self) -> dict:
        env = dict(os.environ)
        env.update(
            ACTION_HOST=self.host, ACTION_PORT=str(self.action_port), TRACKER_DB=str(self.tracker_db),
            SANIC_HOST=self.host, PYTHONPATH=str(ROOT), TF_CPP_MIN_LOG_LEVEL="2",
            # Rasa 3.6 and its pins print pages of deprecation warnings that say nothing to users.
            PYTHONWARNINGS="ignore", SQLALCHEMY_SILENCE_UBER_WARNING="1",
            # No telemetry or crash reports leave the machine (and none can: no internet here).
            RASA_TELEMETRY_ENABLED="false",
        )
        env.update(self.extra_env)
        return env


def say(url: str, sender: str, message: str, timeout: float = 30.0) -> List[dict]:
    """One REST turn: the bot's messages for `message` from `sender`."""
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(f"{url}/webhooks/rest/webhook", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read() or b"[]")


def rasa_run_args(config: StackConfig, model: Path) -> List[str]:
    """`rasa run` for one instance: HTTP API off unless opted in with a token, CORS exact origins."""
    server = settings.current().server
    args = [str(BIN / "rasa"), "run", "--model", str(model), "--endpoints", str(config.endpoints),
            "--credentials", str(config.credentials), "-i", config.host, "-p", str(config.rasa_port),
            "--cors", *(server.cors_origins or [config.public_url or config.rasa_url])]
    if server.enable_api:  # settings refuse it without a token of 16+ characters
        args += ["--enable-api", "--auth-token", server.api_token]
    return args


def is_our_action_server(url: str) -> bool:
    """The action server at `url` answers and serves this project's actions."""
    try:
        with urllib.request.urlopen(f"{url}/actions", timeout=2) as response:
            names = {action.get("name") for action in json.loads(response.read() or b"[]")}
    except (OSError, ValueError, AttributeError):
        return False
    return "action_session_step" in names


class Stack:
    """The two server processes of one assistant."""

    def __init__(self, config: StackConfig):
        self.config = config
        self.actions: Optional[subprocess.Popen] = None
        self.rasa: Optional[subprocess.Popen] = None

    def log(self, name: str) -> Path:
        return self.config.log_dir / f"{name}.log"

    def check_ports(self) -> None:
        """Raises `PortBusy`, naming the port, if one of ours is taken."""
        c = self.config
        processes.check_ports_free([("RASA_PORT, the Rasa server", c.host, c.rasa_port),
                                    ("ACTION_PORT, the action server", c.host, c.action_port)])

    def start_actions(self) -> None:
        self.actions = processes.spawn([str(BIN / "rasa"), "run", "actions", "--actions", "actions",
                                        "--port", str(self.config.action_port)],
                                       self.log("actions"), self.config.env(), ROOT)

    def start_rasa(self) -> None:
        from scripts.model_cache import ensure_model

        model = self.config.model or ensure_model()
        self.config.tracker_db.parent.mkdir(parents=True, exist_ok=True)
        self.rasa = processes.spawn(rasa_run_args(self.config, model), self.log("rasa"), self.config.env(), ROOT)

    def start(self, timeout: float = 180.0) -> float:
        """Start both servers and wait until both answer; returns seconds to ready."""
        started = time.monotonic()
        self.check_ports()
        self.start_actions()
        self.start_rasa()
        self.wait_ready(timeout)
        return time.monotonic() - started

    def wait_ready(self, timeout: float = 180.0, only_actions: bool = False) -> None:
        """Waits until the servers this stack started answer (in scale-out mode one stack
        runs the action server, the others one Rasa instance each)."""
        c = self.config
        if self.actions is not None:
            processes.wait_until_ready(self.actions, "action server", c.action_port, self.log("actions"),
                                       c.action_url, timeout, answers=is_our_action_server)
        if self.rasa is not None and not only_actions:
            processes.wait_until_ready(self.rasa, "Rasa server", c.rasa_port, self.log("rasa"),
                                       f"{c.rasa_url}/webhooks/rest/", timeout)

    def stop_rasa(self) -> None:
        processes.stop(self.rasa)
        self.rasa = None

    def stop_actions(self) -> None:
        processes.stop(self.actions)
        self.actions = None

    def stop(self) -> None:
        self.stop_rasa()
        self.stop_actions()

    def running(self) -> Dict[str, subprocess.Popen]:
        return {name: process for name, process in (("Rasa server", self.rasa), ("action server", self.actions))
                if process is not None}


@contextlib.contextmanager
def scratch_stack(rasa_port: int, action_port: int, model: Optional[Path] = None) -> Iterator[Stack]:
    """Both servers on the given ports with a throwaway tracker store and logs (evaluations)."""
    with tempfile.TemporaryDirectory(prefix="scalene-scratch-") as tmp:
        stack = Stack(StackConfig(rasa_port=rasa_port, action_port=action_port, tracker_db=Path(tmp) / "tracker.db",
                                  log_dir=Path(tmp) / "logs", **({"model": model} if model else {})))
        stack.start()
        try:
            yield stack
        finally:
            stack.stop()


def watch(stack_processes: Dict[str, subprocess.Popen], log_dir: Path) -> int:
    """Blocks while every server runs (Ctrl-C ends the wait from outside); 1 when one stops."""
    name, code = processes.first_exited(stack_processes)
    print(f"error: the {name} stopped unexpectedly (exit code {code}); see {log_dir}", file=sys.stderr)
    return 1


READY = """
Scalene Coach is ready ({seconds:.0f} s).
  REST:      curl -s {url}/webhooks/rest/webhook -H 'Content-Type: application/json' \\
               -d '{{"sender": "me", "message": "why does my wrist tingle?"}}'
  Web chat:  {url}/widget/   (demo page; embed: <script src="{url}/widget/widget.js" data-target="ID" defer>)
  Socket.IO: {url}/socket.io (Rasa's socketio protocol, session persistence on)
  Voice:     make voice   (spoken session against this server)
  Terminal:  make shell
  Logs:      {logs}
Press Ctrl-C to stop."""


def run(config: StackConfig) -> int:
    stack = Stack(config)
    try:
        stack.check_ports()
        from scripts.model_cache import ensure_model

        config.model = config.model or ensure_model()  # training, if needed, before any server starts
        print("Starting the action server and the Rasa server...", flush=True)
        seconds = stack.start()
        print(READY.format(seconds=seconds, url=config.rasa_url, logs=config.log_dir), flush=True)
        return watch(stack.running(), config.log_dir)
    except ProcessError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping...")
        return 0
    finally:
        processes.ignore_stop_signals()
        stack.stop()


def shell(config: StackConfig) -> int:
    from scripts.model_cache import ensure_model

    stack = Stack(config)
    try:
        stack.check_ports()  # `rasa shell` serves on RASA_PORT too
        stack.start_actions()
        stack.wait_ready(only_actions=True)
        return subprocess.call([str(BIN / "rasa"), "shell", "--model", str(ensure_model()),
                                "--endpoints", "endpoints.yml", "-p", str(config.rasa_port)],
                               cwd=ROOT, env=config.env())
    except ProcessError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        processes.ignore_stop_signals()
        stack.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["run", "shell"])
    args = parser.parse_args()
    try:
        config = StackConfig()
    except settings.SettingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    return run(config) if args.command == "run" else shell(config)


if __name__ == "__main__":
    sys.exit(main())
