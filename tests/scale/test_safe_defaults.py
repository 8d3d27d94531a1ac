"""Safe defaults, as someone probing the servers would find them.

Rasa's HTTP API (which reads and rewrites any conversation) is off, and opens only with a
token; browsers from other sites get no CORS grant; every server listens on loopback only;
Redis and PostgreSQL want their passwords, which live outside the repo in 0600 files.
"""
import os
import stat
import urllib.error
import urllib.request
from pathlib import Path

import psycopg2
import pytest
import redis

import settings
from scripts.stack import StackConfig, rasa_run_args

API_PATHS = ["/status", "/version", "/conversations/anyone/tracker", "/model/parse"]


def status_of(url: str, method: str = "GET", headers=None):
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def listening_addresses(port: int):
    """Local addresses with a listening TCP socket on `port` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def test_the_http_api_is_off_on_every_server(assistant, scaled_assistant):
    for base in [assistant.config.rasa_url, scaled_assistant.config.url, *scaled_assistant.urls]:
        for path in API_PATHS:
            assert status_of(base + path)[0] == 404, base + path


def test_other_sites_get_no_cors_grant(assistant, scaled_assistant):
    for base, own in [(assistant.config.rasa_url, assistant.config.rasa_url),
                      (scaled_assistant.config.url, scaled_assistant.config.url)]:
        url = base + "/webhooks/rest/webhook"
        _, evil = status_of(url, "OPTIONS", {"Origin": "http://evil.example",
                                             "Access-Control-Request-Method": "POST"})
        assert "Access-Control-Allow-Origin" not in evil
        _, mine = status_of(url, "OPTIONS", {"Origin": own, "Access-Control-Request-Method": "POST"})
        assert mine.get("Access-Control-Allow-Origin") == own


def test_every_server_listens_on_loopback_only(assistant, scaled_assistant):
    s = scaled_assistant
    ports = [assistant.config.rasa_port, assistant.config.action_port, s.config.lb_port,
             *s.config.instance_ports, s.config.action_port, s.postgres.port, s.redis.port]
    for port in ports:
        addresses = listening_addresses(port)
        assert addresses == {"0100007F"}, f"port {port} listens on {addresses}"  # 127.0.0.1


def test_stores_want_their_passwords_which_are_not_in_the_repo(scaled_assistant):
    s = scaled_assistant
    with pytest.raises(redis.exceptions.AuthenticationError):
        redis.Redis(host=s.redis.host, port=s.redis.port, socket_timeout=3).ping()
    with pytest.raises(psycopg2.OperationalError, match="password authentication failed"):
        psycopg2.connect(host=s.postgres.host, port=s.postgres.port, user=s.postgres.user,
                         password="guess", dbname=s.postgres.database, connect_timeout=3)
    for name in ("pg-password", "redis-password"):
        secret_file = s.config.state_dir / name
        assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600


def test_the_api_opens_only_with_a_token(monkeypatch):
    config = StackConfig(model=Path("model.tar.gz"))
    assert "--enable-api" not in rasa_run_args(config, config.model)
    monkeypatch.setenv("SCALENE_ENABLE_API", "1")
    monkeypatch.delenv("SCALENE_API_TOKEN", raising=False)
    with pytest.raises(settings.SettingError, match="SCALENE_API_TOKEN"):
        rasa_run_args(config, config.model)
    token = os.urandom(16).hex()
    monkeypatch.setenv("SCALENE_API_TOKEN", token)
    args = rasa_run_args(config, config.model)
    assert args[args.index("--enable-api"):] == ["--enable-api", "--auth-token", token]
