"""A SQL tracker store that fails clearly when its database is unreachable, and reconnects.

Rasa 3.6's `SQLTrackerStore` retries a failed first connection every 5 s forever: the
server never comes up and says only a warning per retry. This subclass waits a bounded time
(`SCALENE_STORE_WAIT_SECONDS`, default 15) for the database — it may be starting too — and
then raises a `ConnectionError` naming the database, which makes `rasa run` stop instead of
hanging. Rasa never falls back to memory here; `channels.turn_guard` refuses that case.
Pooled connections are checked before use, so a restarted database costs no failed turn.

Endpoints: `tracker_store: {type: scale.tracker_store.StrictSQLTrackerStore, dialect: ..., ...}`
with the same keys as Rasa's `type: SQL`.
"""
from __future__ import annotations

import logging
import time
from typing import Any, Optional

import sqlalchemy as sa
import sqlalchemy.exc
import sqlalchemy.orm
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs, validate_port

import settings

logger = logging.getLogger(__name__)


class TrackerStoreUnreachable(ConnectionError):
    """The configured conversation database did not answer in time."""


def wait_for_database(url, described: str, wait_seconds: float) -> None:
    """Returns once `url` accepts a connection; raises `TrackerStoreUnreachable` after the wait."""
    connect_args = {"connect_timeout": 3} if url.get_backend_name() == "postgresql" else {}
    engine = sa.create_engine(url, connect_args=connect_args)
    deadline = time.monotonic() + wait_seconds
    try:
        while True:
            try:
                with engine.connect():
                    return
            except sqlalchemy.exc.OperationalError as error:
                if time.monotonic() >= deadline:
                    reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
                    raise TrackerStoreUnreachable(
                        f" {described} did not answer within {wait_seconds:.0f} s ({reason}). "
                        "Start it, or fix tracker_store in the endpoints file; conversations "
                        "are never kept in memory instead.") from None
                logger.warning("Waiting for the tracker store (%s): %s", described, error.orig)
                time.sleep(1)
    finally:
        engine.dispose()


class StrictSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` with a bounded wait for its database and a clear error."""

    def __init__(self, domain=None, dialect: str = "sqlite", host: Optional[str] = None,
                 port: Optional[int] = None, db: str = "rasa.db", username: Optional[str] = None,
                 password: Optional[str] = None, event_broker=None, login_db: Optional[str] = None,
                 query: Optional[dict] = None, **kwargs: Any) -> None:
        url = sa.engine.make_url(self.get_db_url(dialect, host, validate_port(port), login_db or db,
                                                 username, password, None, query))
        where = f"{dialect} database '{db}'" + (f" at {host}:{port}" if host else "")
        wait_for_database(url, where, settings.current().server.store_wait_seconds)
        super().__init__(domain, dialect, host, port, db, username, password, event_broker,
                         login_db, query, **kwargs)
        # Test pooled connections before use: after a database restart, the first turn would
        # otherwise fail on a dead connection.
        self.engine.dispose()
        self.engine = sa.create_engine(self.engine.url, pool_pre_ping=True,
                                       **create_engine_kwargs(self.engine.url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
