"""PostgreSQL, Redis and nginx for the scale-out mode: started on loopback, owned by the project.

Each service is used as it is when something already answers at its address (a system
PostgreSQL, say); otherwise it is started here from Debian's packages (`make setup`
installs them) with its data under a folder of ours, and stopped again by `stop()`. Passwords
come from the environment or are generated once into a 0600 file; none is in the repo.
"""
from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import List, Optional

from scripts import processes
from scripts.processes import ProcessError
from settings import ROOT

NGINX_TEMPLATE = ROOT / "scale" / "nginx.conf.template"


class ServiceError(ProcessError):
    """A service could not be found, started or reached; the message says what to do."""


def port_open(host: str, port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def secret(configured: str, file: Path) -> str:
    """`configured` (from the settings), else a value generated once and kept (0600) in `file`."""
    if configured:
        return configured
    if file.exists():
        return file.read_text().strip()
    file.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_hex(16)
    descriptor = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(value)
    return value


def _pg_tool(name: str) -> str:
    """Newest PostgreSQL's `name` (Debian keeps initdb/pg_ctl off PATH, in /usr/lib/postgresql)."""
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    if found:
        return str(found[-1])
    if shutil.which(name):
        return shutil.which(name)
    raise ServiceError(f"PostgreSQL's {name} was not found: run `make setup` "
                       "(installs Debian's postgresql, redis-server and nginx).")


@dataclass
class Postgres:
    """A PostgreSQL cluster of the project's own (initdb + pg_ctl), or one already running."""

    host: str
    port: int
    user: str
    password: str
    database: str
    data_dir: Path
    started: bool = False

    @property
    def as_root(self) -> bool:
        return os.geteuid() == 0

    def _run(self, args: List[str], **kwargs) -> subprocess.CompletedProcess:
        # PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user.
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        return subprocess.run(prefix + args, cwd="/", capture_output=True, text=True, **kwargs)

    def _prepare_data_dir(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        if self.as_root:
            shutil.chown(self.data_dir, "postgres", "postgres")
            if self._run(["test", "-w", str(self.data_dir)]).returncode != 0:
                raise ServiceError(
                    f"The postgres user cannot reach {self.data_dir} (a parent folder is private). "
                    "Set SCALENE_PG_DATA to a folder it can reach, e.g. /var/lib/postgresql/scalene-coach.")
        os.chmod(self.data_dir, 0o700)

    def _initdb(self) -> None:
        handle, pwfile = tempfile.mkstemp(prefix="scalene-pg-")
        try:
            with os.fdopen(handle, "w") as file:
                file.write(self.password + "\n")
            if self.as_root:
                shutil.chown(pwfile, "postgres")
            result = self._run([_pg_tool("initdb"), "-D", str(self.data_dir), "-U", self.user,
                                f"--pwfile={pwfile}", "--auth=scram-sha-256", "-E", "UTF8",
                                "--locale=C.UTF-8"])
        finally:
            os.unlink(pwfile)
        if result.returncode != 0:
            raise ServiceError(f"initdb failed in {self.data_dir}:\n{result.stderr.strip()}")

    def start(self) -> None:
        """Use a server that answers at host:port, else start the project's cluster there."""
        if port_open(self.host, self.port):
            self.create_database()
            return
        self._prepare_data_dir()
        if not (self.data_dir / "PG_VERSION").exists():
            print(f"    creating a PostgreSQL cluster in {self.data_dir}", flush=True)
            self._initdb()
        options = f"-p {self.port} -k {self.data_dir} -c listen_addresses={self.host}"
        result = self._run([_pg_tool("pg_ctl"), "-D", str(self.data_dir), "-l",
                            str(self.data_dir / "server.log"), "-o", options, "-w", "-t", "60", "start"])
        if result.returncode != 0:
            raise ServiceError(f"PostgreSQL did not start (see {self.data_dir / 'server.log'}):\n"
                               f"{result.stdout.strip()}\n{result.stderr.strip()}")
        self.started = True
        self.create_database()

    def connect(self, database: str = "", timeout: int = 3):
        import psycopg2

        return psycopg2.connect(host=self.host, port=self.port, user=self.user, password=self.password,
                                dbname=database or self.database, connect_timeout=timeout)

    def create_database(self) -> None:
        import psycopg2

        try:
            connection = self.connect("postgres")
        except psycopg2.Error as error:
            raise ServiceError(f"PostgreSQL at {self.host}:{self.port} refused user '{self.user}': "
                               f"{str(error).strip().splitlines()[0]}") from None
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (self.database,))
                if cursor.fetchone() is None:
                    cursor.execute(f'CREATE DATABASE "{self.database}"')
        finally:
            connection.close()

    def stop(self) -> None:
        """Stops the cluster if this object started it."""
        if self.started:
            self._run([_pg_tool("pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"])
            self.started = False


@dataclass
class Redis:
    """A loopback Redis with a password and no persistence (it only holds conversation locks)."""

    host: str
    port: int
    password: str
    run_dir: Path
    process: Optional[subprocess.Popen] = None

    def start(self) -> None:
        if port_open(self.host, self.port):
            return
        server = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not Path(server).exists():
            raise ServiceError("redis-server was not found: run `make setup`.")
        self.run_dir.mkdir(parents=True, exist_ok=True)
        conf = self.run_dir / "redis.conf"
        conf.write_text(f'bind {self.host}\nport {self.port}\nrequirepass {self.password}\n'
                        f'protected-mode yes\nsave ""\nappendonly no\ndir {self.run_dir}\n'
                        f'logfile {self.run_dir / "redis.log"}\ndaemonize no\n')
        os.chmod(conf, 0o600)
        self.process = processes.spawn([server, str(conf)], self.run_dir / "redis.out", os.environ, self.run_dir)
        processes.wait_until_ready(self.process, "Redis", self.port, self.run_dir / "redis.log", timeout=30)

    def ping(self) -> None:
        import redis

        redis.Redis(host=self.host, port=self.port, password=self.password, socket_timeout=3).ping()

    def stop(self) -> None:
        processes.stop(self.process)
        self.process = None


@dataclass
class Nginx:
    """nginx from Debian as the load balancer in front of the Rasa instances."""

    host: str
    port: int
    upstream_ports: List[int]
    run_dir: Path
    process: Optional[subprocess.Popen] = None

    def render(self) -> Path:
        servers = "\n".join(f"        server {self.host}:{port} max_fails=1 fail_timeout=3s;"
                            for port in self.upstream_ports)
        text = Template(NGINX_TEMPLATE.read_text()).substitute(
            run_dir=self.run_dir, host=self.host, port=self.port, servers=servers)
        conf = self.run_dir / "nginx.conf"
        conf.write_text(text)
        return conf

    def start(self) -> None:
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(binary).exists():
            raise ServiceError("nginx was not found: run `make setup`.")
        self.run_dir.mkdir(parents=True, exist_ok=True)
        conf = self.render()
        log = self.run_dir / "error.log"
        test = subprocess.run([binary, "-t", "-p", str(self.run_dir), "-e", str(log), "-c", str(conf)],
                              capture_output=True, text=True)
        if test.returncode != 0:
            raise ServiceError(f"nginx rejected {conf}:\n{test.stderr.strip()}")
        self.process = processes.spawn([binary, "-p", str(self.run_dir), "-e", str(log), "-c", str(conf)],
                                       self.run_dir / "nginx.out", os.environ, self.run_dir)
        processes.wait_until_ready(self.process, "nginx", self.port, log, timeout=30)

    def stop(self) -> None:
        processes.stop(self.process)
        self.process = None
