"""A socket.io client for tests: one conversation over Rasa's socketio protocol.

python-socketio's client on the polling transport (its websocket transport needs a newer
aiohttp than Rasa pins). Records every event the server sends, in order.
"""
from __future__ import annotations

import threading
import time
from typing import Any, Dict, List, Optional, Tuple

import socketio

EVENTS = ("session_confirm", "bot_uttered", "bot_audio", "bot_turn_end", "history")


class SocketChat:
    def __init__(self, url: str, origin: Optional[str] = None):
        self.events: List[Tuple[str, Any]] = []
        self._changed = threading.Condition()
        self.client = socketio.Client(reconnection=False)
        for name in EVENTS:
            self.client.on(name, self._recorder(name))
        headers = {"Origin": origin} if origin else {}
        self.client.connect(url, transports=["polling"], headers=headers, wait_timeout=15)
        self.session_id: Optional[str] = None

    def _recorder(self, name: str):
        def record(data=None):
            with self._changed:
                self.events.append((name, data))
                self._changed.notify_all()
        return record

    def wait_for(self, name: str, after: int = 0, timeout: float = 30.0) -> Tuple[int, Any]:
        """(index, data) of the first `name` event at or after index `after`."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for index in range(after, len(self.events)):
                    if self.events[index][0] == name:
                        return index, self.events[index][1]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no {name!r} event within {timeout:.0f} s; got {self.events[after:]}")
                self._changed.wait(left)

    def request_session(self, session_id: Optional[str] = None) -> str:
        start = len(self.events)
        self.client.emit("session_request", {"session_id": session_id})
        _, self.session_id = self.wait_for("session_confirm", start)
        return self.session_id

    def say(self, text: str, metadata: Optional[Dict] = None, session_id: Optional[str] = None,
            timeout: float = 60.0) -> List[Tuple[str, Any]]:
        """Every event of the bot's turn, up to and including `bot_turn_end`."""
        start = len(self.events)
        self.client.emit("user_uttered", {"message": text, "session_id": session_id or self.session_id,
                                          "metadata": metadata or {}})
        end, _ = self.wait_for("bot_turn_end", start, timeout)
        return self.events[start:end + 1]

    def history(self) -> Dict[str, Any]:
        start = len(self.events)
        self.client.emit("history_request", {})
        return self.wait_for("history", start)[1]

    def close(self) -> None:
        # Without waiting for the pending long-poll to time out (up to 25 s per client).
        self.client.eio.disconnect(abort=True)


def messages(events) -> List[dict]:
    return [data for name, data in events if name == "bot_uttered"]


def texts(events) -> str:
    return " ".join(m.get("text", "") for m in messages(events))
