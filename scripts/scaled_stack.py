"""Scale-out mode: several Rasa instances on PostgreSQL + Redis behind nginx (`make run-scaled`).

Rasa's own scale-out design: every `rasa run` instance reads and writes the same
conversations in a `SQLTrackerStore` on PostgreSQL, a `RedisLockStore` lets only one
instance at a time handle a conversation's turn, one action server serves them all (its
state lives in slots), and nginx spreads the turns. PostgreSQL and Redis are started on
loopback when nothing answers at their address (scripts/services.py). If the tracker or lock
store cannot be reached, nothing is started and the error says which store and where.
`make run` (SQLite, one instance, scripts/stack.py) stays the embedded default.
"""
from __future__ import annotations

import argparse
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional

import settings
from scripts import processes
from scripts.processes import ProcessError, http_ok
from scripts.services import Nginx, Postgres, Redis, ServiceError, secret
from scripts.stack import ROOT, Stack, StackConfig, watch

ENDPOINTS = ROOT / "endpoints.scaled.yml"


class StoreUnreachable(ServiceError):
    """The tracker store (PostgreSQL) or the lock store (Redis) does not answer."""


def _scaled(name: str):
    return field(default_factory=lambda: getattr(settings.current().scaled, name))


def _server(name: str):
    return field(default_factory=lambda: getattr(settings.current().server, name))


@dataclass
class ScaledConfig:
    """Addresses, credentials and folders of the scale-out mode (settings give the defaults)."""

    host: str = _server("host")
    lb_port: int = _server("rasa_port")  # nginx takes the port a single Rasa would have
    instance_ports: List[int] = field(default_factory=lambda: list(settings.current().scaled.instance_ports))
    action_port: int = _server("action_port")
    pg_host: str = _scaled("pg_host")
    pg_port: int = _scaled("pg_port")
    pg_user: str = _scaled("pg_user")
    pg_db: str = _scaled("pg_db")
    pg_data: Path = _scaled("pg_data")
    redis_host: str = _scaled("redis_host")
    redis_port: int = _scaled("redis_port")
    state_dir: Path = ROOT / "var" / "scaled"
    log_dir: Path = ROOT / "var" / "log" / "scaled"
    model: Optional[Path] = _server("model")
    manage_services: bool = True  # start PostgreSQL/Redis here when nothing answers

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.lb_port}"

    def store_env(self, pg_password: str, redis_password: str) -> dict:
        """The variables endpoints.scaled.yml reads."""
        return {
            "SCALENE_PG_HOST": self.pg_host, "SCALENE_PG_PORT": str(self.pg_port),
            "SCALENE_PG_DB": self.pg_db, "SCALENE_PG_USER": self.pg_user,
            "SCALENE_PG_PASSWORD": pg_password, "SCALENE_REDIS_HOST": self.redis_host,
            "SCALENE_REDIS_PORT": str(self.redis_port), "SCALENE_REDIS_PASSWORD": redis_password,
            # One Rasa process runs one turn at a time: a small connection pool is plenty.
            "SQL_POOL_SIZE": "5", "SQL_MAX_OVERFLOW": "5",
        }


class ScaledStack:
    """PostgreSQL, Redis, one action server, N Rasa instances and nginx."""

    def __init__(self, config: ScaledConfig):
        self.config = config
        c = config
        configured = settings.current().scaled
        self.postgres = Postgres(c.pg_host, c.pg_port, c.pg_user,
                                 secret(configured.pg_password, c.state_dir / "pg-password"), c.pg_db, c.pg_data)
        self.redis = Redis(c.redis_host, c.redis_port,
                           secret(configured.redis_password, c.state_dir / "redis-password"), c.state_dir / "redis")
        self.nginx = Nginx(c.host, c.lb_port, c.instance_ports, c.state_dir / "nginx")
        env = c.store_env(self.postgres.password, self.redis.password)
        self.actions = Stack(self._stack_config(c.instance_ports[0], env, c.log_dir / "actions"))
        self.instances = [Stack(self._stack_config(port, env, c.log_dir / f"rasa-{port}"))
                          for port in c.instance_ports]

    def _stack_config(self, rasa_port: int, env: dict, log_dir: Path) -> StackConfig:
        return StackConfig(host=self.config.host, rasa_port=rasa_port, action_port=self.config.action_port,
                           tracker_db=self.config.state_dir / "unused-sqlite.db", log_dir=log_dir,
                           model=self.config.model, endpoints=ENDPOINTS, public_url=self.config.url,
                           extra_env=env)

    @property
    def urls(self) -> List[str]:
        """Each Rasa instance's own URL (nginx's is `config.url`)."""
        return [instance.config.rasa_url for instance in self.instances]

    def check_ports(self) -> None:
        """Raises `PortBusy`, naming the port, if nginx's, an instance's or the action server's is taken."""
        c = self.config
        processes.check_ports_free(
            [("RASA_PORT, nginx in front of the Rasa instances", c.host, c.lb_port)]
            + [("SCALENE_INSTANCE_PORTS, a Rasa instance", c.host, port) for port in c.instance_ports]
            + [("ACTION_PORT, the action server", c.host, c.action_port)])

    def start_stores(self) -> None:
        if self.config.manage_services:
            print("Starting PostgreSQL (tracker store) and Redis (lock store) on loopback...", flush=True)
            self.postgres.start()
            self.redis.start()
        self.check_stores()

    def check_stores(self) -> None:
        """Raises `StoreUnreachable`, naming the store and its address, unless both answer."""
        pg, rd = self.postgres, self.redis
        try:
            pg.connect().close()
        except Exception as error:
            raise StoreUnreachable(
                f"Cannot reach the tracker store: PostgreSQL at {pg.host}:{pg.port}, database "
                f"'{pg.database}', user '{pg.user}' ({str(error).strip().splitlines()[0]}). "
                "Conversations are never kept in memory instead; start PostgreSQL or set SCALENE_PG_*.") from None
        try:
            rd.ping()
        except Exception as error:
            raise StoreUnreachable(f"Cannot reach the lock store: Redis at {rd.host}:{rd.port} ({error}). "
                                   "Start Redis or set SCALENE_REDIS_*.") from None

    def start(self, timeout: float = 240.0) -> float:
        """Start everything and wait until nginx answers; returns seconds to ready."""
        from scripts.model_cache import ensure_model

        started = time.monotonic()
        self.check_ports()
        self.start_stores()
        model = self.config.model or ensure_model()
        for stack in [self.actions, *self.instances]:
            stack.config.model = model
        print(f"Starting the action server and {len(self.instances)} Rasa instances...", flush=True)
        self.actions.start_actions()
        for instance in self.instances:
            instance.start_rasa()
        self.actions.wait_ready(timeout, only_actions=True)
        for instance in self.instances:
            instance.wait_ready(timeout)
        self.nginx.start()
        if not http_ok(f"{self.config.url}/webhooks/rest/", timeout=10):
            raise ServiceError(f"nginx at {self.config.url} does not reach Rasa; see {self.nginx.run_dir}")
        return time.monotonic() - started

    def restart_instance(self, index: int) -> None:
        self.instances[index].stop_rasa()
        self.instances[index].start_rasa()
        self.instances[index].wait_ready()

    def stop(self) -> None:
        self.nginx.stop()
        for instance in self.instances:
            instance.stop_rasa()
        self.actions.stop_actions()
        self.redis.stop()
        self.postgres.stop()


def run(config: ScaledConfig) -> int:
    stack = ScaledStack(config)
    try:
        seconds = stack.start()
        print(f"""
Scalene Coach (scale-out) is ready ({seconds:.0f} s): {len(stack.instances)} Rasa instances behind nginx.
  REST:      curl -s {config.url}/webhooks/rest/webhook -H 'Content-Type: application/json' \\
               -d '{{"sender": "me", "message": "why does my wrist tingle?"}}'
  Instances: {', '.join(stack.urls)}
  Stores:    PostgreSQL {config.pg_host}:{config.pg_port} (conversations), Redis {config.redis_host}:{config.redis_port} (locks)
  Logs:      {config.log_dir}
Press Ctrl-C to stop.""", flush=True)
        running = {"action server": stack.actions.actions, "nginx": stack.nginx.process}
        running.update({f"Rasa instance on port {i.config.rasa_port}": i.rasa for i in stack.instances})
        return watch(running, config.log_dir)
    except ProcessError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping...")
        return 0
    finally:
        processes.ignore_stop_signals()
        stack.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["run"])
    parser.add_argument("--instances", type=int, help="number of Rasa instances (default: SCALENE_INSTANCE_PORTS)")
    parser.add_argument("--no-services", action="store_true",
                        help="use PostgreSQL and Redis as configured; never start them here")
    args = parser.parse_args()
    try:
        config = ScaledConfig(manage_services=not args.no_services)
    except settings.SettingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.instances:
        first = config.instance_ports[0]
        config.instance_ports = [first + offset for offset in range(args.instances)]
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    return run(config)


if __name__ == "__main__":
    sys.exit(main())
