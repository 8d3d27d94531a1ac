"""Starts, checks and stops the assistant: the action server and the Rasa server.

Used by `make run` / `make shell`, by the tests that talk to a running server and by the
benchmarks, so all of them start the assistant the same way.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@dataclass
class StackConfig:
    """Where the processes listen and keep their data (environment overrides the defaults)."""

    host: str = os.environ.get("SCALENE_HOST", "127.0.0.1")
    rasa_port: int = int(os.environ.get("RASA_PORT", "5005"))
    action_port: int = int(os.environ.get("ACTION_PORT", "5055"))
    tracker_db: Path = Path(os.environ.get("TRACKER_DB", ROOT / "var" / "tracker.db"))
    log_dir: Path = ROOT / "var" / "log"
    model: Optional[Path] = Path(os.environ["SCALENE_MODEL"]) if os.environ.get("SCALENE_MODEL") else None
    endpoints: Path = ROOT / "endpoints.yml"
    credentials: Path = Path(os.environ.get("SCALENE_CREDENTIALS", ROOT / "credentials.yml"))
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


def http_ok(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def say(url: str, sender: str, message: str, timeout: float = 30.0) -> List[dict]:
    """One REST turn: the bot's messages for `message` from `sender`."""
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(f"{url}/webhooks/rest/webhook", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read() or b"[]")


def rasa_run_args(config: StackConfig, model: Path) -> List[str]:
    """`rasa run` for one instance: HTTP API off unless opted in with a token, CORS exact origins."""
    origins = os.environ.get("SCALENE_CORS_ORIGINS", "").replace(",", " ").split()
    args = [str(BIN / "rasa"), "run", "--model", str(model), "--endpoints", str(config.endpoints),
            "--credentials", str(config.credentials), "-i", config.host, "-p", str(config.rasa_port),
            "--cors", *(origins or [config.public_url or config.rasa_url])]
    if os.environ.get("SCALENE_ENABLE_API") == "1":
        token = os.environ.get("SCALENE_API_TOKEN", "")
        if len(token) < 16:
            raise SystemExit("SCALENE_ENABLE_API=1 needs SCALENE_API_TOKEN (16+ characters): "
                             "the Rasa HTTP API is never opened without a token.")
        args += ["--enable-api", "--auth-token", token]
    return args


class Stack:
    """The two server processes of one assistant."""

    def __init__(self, config: StackConfig):
        self.config = config
        self.actions: Optional[subprocess.Popen] = None
        self.rasa: Optional[subprocess.Popen] = None

    def _spawn(self, name: str, args: List[str]) -> subprocess.Popen:
        self.config.log_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.config.log_dir / f"{name}.log", "ab")
        # Own process group, so stopping also stops anything the server spawned.
        return subprocess.Popen(args, cwd=ROOT, env=self.config.env(), stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)

    def start_actions(self) -> None:
        self.actions = self._spawn("actions", [str(BIN / "rasa"), "run", "actions", "--actions", "actions",
                                               "--port", str(self.config.action_port)])

    def start_rasa(self) -> None:
        from scripts.model_cache import ensure_model

        model = self.config.model or ensure_model()
        self.config.tracker_db.parent.mkdir(parents=True, exist_ok=True)
        self.rasa = self._spawn("rasa", rasa_run_args(self.config, model))

    def start(self, timeout: float = 180.0) -> float:
        """Start both servers and wait until both answer; returns seconds to ready."""
        started = time.monotonic()
        self.start_actions()
        self.start_rasa()
        self.wait_ready(timeout)
        return time.monotonic() - started

    def wait_ready(self, timeout: float = 180.0, only_actions: bool = False) -> None:
        deadline = time.monotonic() + timeout
        checks = {"action server": (lambda: self.actions, f"{self.config.action_url}/health")}
        if not only_actions:
            checks["Rasa server"] = (lambda: self.rasa, f"{self.config.rasa_url}/webhooks/rest/")
        for name, (process, url) in checks.items():
            while not http_ok(url):
                proc = process()
                if proc is not None and proc.poll() is not None:
                    raise RuntimeError(f"{name} exited with code {proc.returncode}; "
                                       f"see {self.config.log_dir}")
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{name} not ready after {timeout:.0f} s; see {self.config.log_dir}")
                time.sleep(0.25)

    @staticmethod
    def _stop(process: Optional[subprocess.Popen], grace: float = 10.0) -> None:
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        except ProcessLookupError:
            pass

    def stop_rasa(self) -> None:
        self._stop(self.rasa)
        self.rasa = None

    def stop_actions(self) -> None:
        self._stop(self.actions)
        self.actions = None

    def stop(self) -> None:
        self.stop_rasa()
        self.stop_actions()


def wait_while_running(processes: List[subprocess.Popen]) -> int:
    """Block until one of the servers exits (Ctrl-C ends the wait from outside); returns 1."""
    while all(process.poll() is None for process in processes):
        time.sleep(0.5)
    print("A server stopped unexpectedly; see the logs.", file=sys.stderr)
    return 1


def run(config: StackConfig) -> int:
    stack = Stack(config)
    print("Starting the action server and the Rasa server...", flush=True)
    try:
        seconds = stack.start()
        print(f"""
Scalene Coach is ready ({seconds:.0f} s).
  REST:      curl -s {config.rasa_url}/webhooks/rest/webhook -H 'Content-Type: application/json' \\
               -d '{{"sender": "me", "message": "why does my wrist tingle?"}}'
  Web chat:  {config.rasa_url}/widget/   (demo page; embed: <script src="{config.rasa_url}/widget/widget.js" data-target="ID" defer>)
  Socket.IO: {config.rasa_url}/socket.io (Rasa's socketio protocol, session persistence on)
  Voice:     make voice   (spoken session against this server)
  Terminal:  make shell
  Logs:      {config.log_dir}
Press Ctrl-C to stop.""", flush=True)
        return wait_while_running([stack.rasa, stack.actions])
    except KeyboardInterrupt:
        print("\nStopping...")
        return 0
    finally:
        stack.stop()


def shell(config: StackConfig) -> int:
    from scripts.model_cache import ensure_model

    stack = Stack(config)
    stack.start_actions()
    try:
        stack.wait_ready(only_actions=True)
        return subprocess.call([str(BIN / "rasa"), "shell", "--model", str(ensure_model()),
                                "--endpoints", "endpoints.yml", "-p", str(config.rasa_port)],
                               cwd=ROOT, env=config.env())
    except KeyboardInterrupt:
        return 0
    finally:
        stack.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["run", "shell"])
    args = parser.parse_args()
    config = StackConfig()
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    return run(config) if args.command == "run" else shell(config)


if __name__ == "__main__":
    sys.exit(main())
