"""A Redis lock store whose tickets are issued atomically across Rasa instances.

Rasa 3.6's `RedisLockStore` keeps each conversation's ticket lock as one JSON value and
changes it by GET, edit, SET. Two instances receiving a turn of the same conversation at the
same moment can both read "no tickets", both issue ticket 0 and both go ahead: the turns run
at once, one overwrites the other's events and, for example, a finished hold reported twice
counts twice (tests/faults shows it). Here every read-edit-write of a lock runs under a short
Redis mutex (SET NX with an expiry), so tickets are unique and turns of one conversation run
one after the other. Reads that change nothing stay as they are.

Endpoints: `lock_store: {type: scale.lock_store.AtomicRedisLockStore, url: ..., port: ..., ...}`
with the same keys as Rasa's `type: redis`.
"""
from __future__ import annotations

from contextlib import contextmanager

from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

# The mutex guards a GET and a SET (milliseconds); its expiry only matters if a process dies
# holding it.
MUTEX_EXPIRY_SECONDS = 5
MUTEX_WAIT_SECONDS = 5


class AtomicRedisLockStore(RedisLockStore):
    """`RedisLockStore` with atomic ticket issue, release and clean-up."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url or "localhost", **endpoint_config.kwargs)

    @contextmanager
    def _mutex(self, conversation_id: str):
        mutex = self.red.lock(f"{self.key_prefix}{conversation_id}:mutex", timeout=MUTEX_EXPIRY_SECONDS,
                              blocking_timeout=MUTEX_WAIT_SECONDS, sleep=0.002)
        if not mutex.acquire():
            raise LockError(f"Could not lock the ticket queue of conversation '{conversation_id}'.")
        try:
            yield
        finally:
            mutex.release()

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: str) -> None:
        with self._mutex(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        # Release and "delete if nobody waits" as one step, or a ticket issued in between is lost.
        with self._mutex(conversation_id):
            super().cleanup(conversation_id, ticket_number)
