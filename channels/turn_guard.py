"""Never a silent turn, never a silently forgotten conversation.

Stock Rasa 3.6 answers with nothing when a turn fails (action server down, lock store or
tracker store unreachable): it logs an error and the person waits for a reply that never
comes. Worse, its `FailSafeTrackerStore` answers a failed read with a *new, empty*
conversation and keeps failed writes in process memory. This module closes both gaps:

- `guard_turns(on_new_message)` wraps any input channel's message handler so that a turn
  that produced no bot message, or raised, ends with `SORRY` instead of silence. The REST,
  web (socket.io) and voice channels all wrap their handlers with it.
- `check_stores(agent)` runs once the agent is loaded: it refuses to serve on an in-memory
  tracker store (Rasa falls back to one when a custom store type cannot be imported), checks
  a Redis lock store answers, and makes tracker store errors reach `guard_turns` instead of
  the in-memory fallback. Any problem stops the server with a clear message.
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import UserMessage
from rasa.core.lock_store import RedisLockStore
from rasa.core.tracker_store import AwaitableTrackerStore, FailSafeTrackerStore, InMemoryTrackerStore

import settings

logger = logging.getLogger(__name__)

SORRY = "Sorry, something went wrong on my side. Please try again."
Handler = Callable[[UserMessage], Awaitable[Any]]


def _count_replies(output_channel) -> Callable[[], int]:
    """Counts the bot messages sent through `output_channel` from now on."""
    sent = 0
    original = output_channel.send_response

    async def counting_send_response(recipient_id: str, message: dict) -> None:
        nonlocal sent
        sent += 1
        await original(recipient_id, message)

    output_channel.send_response = counting_send_response
    return lambda: sent


def guard_turns(on_new_message: Handler) -> Handler:
    """`on_new_message` that answers every turn: `SORRY` when nothing else was said."""

    async def handle(message: UserMessage) -> None:
        replies = _count_replies(message.output_channel)
        try:
            await on_new_message(message)
        except Exception:  # the person still gets an answer; the log gets the cause
            logger.exception("Turn for conversation %s failed", message.sender_id)
        if replies() == 0:
            logger.error("Turn for conversation %s produced no bot message; apologising",
                         message.sender_id)
            await message.output_channel.send_text_message(message.sender_id, SORRY)

    return handle


class StoreCheckFailed(RuntimeError):
    """The server must not serve: its conversation or lock store is not the configured one."""


def _raise(error: Exception) -> None:
    raise error


def _primary_tracker_store(agent):
    store = agent.tracker_store
    while isinstance(store, (FailSafeTrackerStore, AwaitableTrackerStore)):
        store = store._tracker_store  # Rasa keeps the wrapped store private
    return store


def check_stores(agent) -> None:
    """Raises `StoreCheckFailed` unless conversations are kept durably and locks work."""
    store = _primary_tracker_store(agent)
    if isinstance(store, InMemoryTrackerStore) and not settings.current().server.allow_memory_store:
        raise StoreCheckFailed(
            "The tracker store is in memory: conversations would be lost on restart and not "
            "shared between instances. Check tracker_store in the endpoints file (a custom type "
            "that cannot be imported makes Rasa fall back to memory).")
    engine = getattr(store, "engine", None)
    if engine is not None:  # SQLTrackerStore: stock Rasa comes up even when its database is down
        try:
            with engine.connect():
                pass
        except Exception as error:
            raise StoreCheckFailed(f"Cannot reach the tracker store ({engine.url!r}): "
                                   f"{str(error).strip().splitlines()[0]}") from error
    if isinstance(agent.tracker_store, FailSafeTrackerStore):
        # A failed read must fail the turn (answered with SORRY), not start a blank conversation.
        agent.tracker_store._on_tracker_store_error = _raise
    if isinstance(agent.lock_store, RedisLockStore):
        try:
            agent.lock_store.red.ping()
        except Exception as error:
            raise StoreCheckFailed(f"Cannot reach the Redis lock store: {error}") from error


def stop_unless_stores_ok(app, _loop) -> None:
    """Sanic `after_server_start` listener; its exception stops the server (exit code 1)."""
    try:
        check_stores(app.ctx.agent)
    except StoreCheckFailed as error:
        logger.critical("Scalene Coach cannot start: %s", error)
        raise
