"""Every setting of Scalene Coach, read from the environment in one place and checked.

    import settings
    config = settings.current()       # parsed and validated once per environment
    config.session.hold_seconds       # 12

A value the program cannot use raises `SettingError`, whose one-line message names the
variable, what it must be and what it was: `make run`, the action server and Rasa all
read the same values, so a bad one stops the launcher before anything starts. Every
layer (actions, channels, speech, voice, scripts, bench) may import this package; it
imports nothing of the project, so the layering stays one-way. The README's configuration
tables list every variable.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional, Tuple

from settings.reader import Reader, SettingError

__all__ = ["ROOT", "SettingError", "Session", "Server", "Speech", "Scaled", "Links", "Settings", "load", "current"]

ROOT = Path(__file__).resolve().parents[1]
# Variables without the SCALENE_ prefix that are settings too (Rasa's own conventions).
UNPREFIXED = ("RASA_PORT", "ACTION_PORT", "TRACKER_DB")


@dataclass(frozen=True)
class Session:
    """The guided session's dose and memory."""

    hold_seconds: int  # about 12 s per hold: the source article's gentle dose for the neck
    rest_seconds: int  # "rest a few minutes, then come back": two minutes keeps a session short
    max_rounds: int  # rounds over one side (the second revisits spots that did not ease)
    max_holds_per_spot: int  # holds on one spot before moving on, so nobody keeps pressing one place
    history_length: int  # past sessions remembered per person (in a slot, so in the tracker store)


@dataclass(frozen=True)
class Server:
    """Where the servers listen and keep conversations; what the channels accept."""

    host: str
    rasa_port: int
    action_port: int
    tracker_db: Path
    model: Optional[Path]
    model_cache: Path
    credentials: Path
    cors_origins: Tuple[str, ...]
    widget_origins: Tuple[str, ...]
    enable_api: bool
    api_token: str
    max_message_chars: int
    allow_memory_store: bool
    store_wait_seconds: float


@dataclass(frozen=True)
class Speech:
    """The speech engine's voice, pace, cache and patience."""

    voice: str
    rate: int
    cache_dir: Path
    timeout_s: float
    vad: str  # the voice activity detector in front of the recogniser: silero or webrtcvad
    mic_record_dir: Optional[Path]  # where live microphone streams are recorded (None: not recorded)


@dataclass(frozen=True)
class Scaled:
    """The scale-out mode: Rasa instances behind nginx, PostgreSQL and Redis on loopback."""

    instance_ports: Tuple[int, ...]
    pg_host: str
    pg_port: int
    pg_db: str
    pg_user: str
    pg_data: Path
    pg_password: str  # "" means: generate one once into var/scaled/pg-password
    redis_host: str
    redis_port: int
    redis_password: str


@dataclass(frozen=True)
class Links:
    """The unguessable links to a conversation's summary and reminder (report/links.py)."""

    secret: str  # "" means: generate one once into `secret_file`
    secret_file: Path
    days: float  # how long a link works


@dataclass(frozen=True)
class Settings:
    session: Session
    server: Server
    speech: Speech
    scaled: Scaled
    links: Links


# Chosen explicitly: espeak-ng's own default depends on the machine's locale, not always English.
DEFAULT_VOICE = "gmw/en-us"
# A little slower than espeak's 175 wpm: instructions are followed with hands on the neck.
DEFAULT_RATE = 160
MIN_RATE, MAX_RATE = 80, 450


def _session(env: Reader) -> Session:
    return Session(
        hold_seconds=env.integer("SCALENE_HOLD_SECONDS", 12, 1, 600),
        rest_seconds=env.integer("SCALENE_REST_SECONDS", 120, 1, 600),
        max_rounds=env.integer("SCALENE_MAX_ROUNDS", 2, 1, 10),
        max_holds_per_spot=env.integer("SCALENE_MAX_HOLDS_PER_SPOT", 3, 1, 10),
        history_length=env.integer("SCALENE_HISTORY_LENGTH", 10, 1, 1000),
    )


def _server(env: Reader) -> Server:
    enable_api = env.flag("SCALENE_ENABLE_API")
    token = env.text("SCALENE_API_TOKEN", "")
    if enable_api and len(token) < 16:
        raise SettingError("SCALENE_API_TOKEN must have 16+ characters when SCALENE_ENABLE_API=1 "
                           "(the Rasa HTTP API is never opened without a token)")
    model = env.text("SCALENE_MODEL", "")
    return Server(
        host=env.text("SCALENE_HOST", "127.0.0.1"),
        rasa_port=env.port("RASA_PORT", 5005),
        action_port=env.port("ACTION_PORT", 5055),
        tracker_db=env.path("TRACKER_DB", ROOT / "var" / "tracker.db"),
        model=Path(model) if model else None,
        model_cache=env.path("SCALENE_MODEL_CACHE", Path.home() / ".cache" / "scalene-coach" / "models"),
        credentials=env.path("SCALENE_CREDENTIALS", ROOT / "credentials.yml"),
        cors_origins=env.words("SCALENE_CORS_ORIGINS"),
        widget_origins=env.words("SCALENE_WIDGET_ORIGINS"),
        enable_api=enable_api,
        api_token=token,
        max_message_chars=env.integer("SCALENE_MAX_MESSAGE_CHARS", 2000, 1, 100_000),
        allow_memory_store=env.flag("SCALENE_ALLOW_MEMORY_STORE"),
        store_wait_seconds=env.number("SCALENE_STORE_WAIT_SECONDS", 15.0, 0, 3600),
    )


def _speech(env: Reader) -> Speech:
    return Speech(
        voice=env.text("SCALENE_VOICE", DEFAULT_VOICE),
        rate=env.integer("SCALENE_SPEECH_RATE", DEFAULT_RATE, MIN_RATE, MAX_RATE),
        cache_dir=env.path("SCALENE_SPEECH_CACHE", ROOT / "var" / "speech-cache"),
        timeout_s=env.number("SCALENE_SPEECH_TIMEOUT", 20.0, 1, 600),
        vad=env.choice("SCALENE_VAD", "silero", ("silero", "webrtcvad")),
        mic_record_dir=env.path("SCALENE_MIC_RECORD", None),
    )


def _scaled(env: Reader) -> Scaled:
    return Scaled(
        instance_ports=env.ports("SCALENE_INSTANCE_PORTS", (5011, 5012)),
        pg_host=env.text("SCALENE_PG_HOST", "127.0.0.1"),
        pg_port=env.port("SCALENE_PG_PORT", 5433),
        pg_db=env.text("SCALENE_PG_DB", "scalene"),
        pg_user=env.text("SCALENE_PG_USER", "scalene"),
        pg_data=env.path("SCALENE_PG_DATA", ROOT / "var" / "postgres"),
        pg_password=env.text("SCALENE_PG_PASSWORD", ""),
        redis_host=env.text("SCALENE_REDIS_HOST", "127.0.0.1"),
        redis_port=env.port("SCALENE_REDIS_PORT", 6380),
        redis_password=env.text("SCALENE_REDIS_PASSWORD", ""),
    )


def _links(env: Reader) -> Links:
    return Links(
        secret=env.text("SCALENE_LINK_SECRET", ""),
        secret_file=env.path("SCALENE_LINK_SECRET_FILE", ROOT / "var" / "link-secret"),
        days=env.number("SCALENE_LINK_DAYS", 30.0, 0.001, 3650),
    )


def load(environ: Mapping[str, str]) -> Settings:
    """The settings that `environ` describes; raises `SettingError` for the first bad value."""
    env = Reader(environ)
    return Settings(session=_session(env), server=_server(env), speech=_speech(env), scaled=_scaled(env),
                    links=_links(env))


_cached: dict = {}


def current() -> Settings:
    """The settings of this process's environment, parsed once (again only if it changed,
    as it does when a test or a tool sets a variable)."""
    key = tuple(sorted((name, value) for name, value in os.environ.items()
                       if name.startswith("SCALENE_") or name in UNPREFIXED))
    if _cached.get("key") != key:
        _cached["value"] = load(os.environ)
        _cached["key"] = key
    return _cached["value"]
