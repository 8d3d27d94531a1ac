"""A conversation's transcript for the widget, rebuilt from the tracker store.

The widget asks for it over its own socket after `session_request`, so it only ever gets
the session that socket joined. Bot messages go through the same output channel code as
live ones, so a reloaded page renders exactly what it showed before (audio links included).
"""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional

from rasa.core.channels.channel import OutputChannel
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.core.events import BotUttered, UserUttered

# Long conversations: the page shows the most recent part.
MAX_ENTRIES = 300
MAX_SHOWN_CHARS = 200


class EmitRecorder:
    """Stands in for the socket.io server: records what the output channel would emit."""

    def __init__(self):
        self.emitted: List[tuple] = []

    async def emit(self, event: str, data: Any = None, room: Optional[str] = None, **_: Any) -> None:
        self.emitted.append((event, data))


def user_entry(event: UserUttered) -> Optional[Dict[str, Any]]:
    """What the person saw themselves say: a button's title rather than its payload."""
    metadata = event.metadata if isinstance(event.metadata, dict) else {}
    if metadata.get("hidden") is True:
        return None
    shown = metadata.get("shown")
    text = shown[:MAX_SHOWN_CHARS] if isinstance(shown, str) and shown.strip() else event.text
    return {"from": "user", "text": text or ""}


async def transcript(
    tracker: Optional[DialogueStateTracker],
    make_output: Callable[[EmitRecorder], OutputChannel],
    bot_message_evt: str,
    audio_evt: str,
) -> Dict[str, Any]:
    """Entries `{"from": "user", "text"}` / `{"from": "bot", "message", "audio"}`, oldest first.

    The bot's `hold` and `hold_stop` messages are entries like any other: the widget replays
    them and so knows which hold, if any, still runs."""
    entries: List[Dict[str, Any]] = []
    if tracker is not None:
        for event in tracker.events:
            if isinstance(event, UserUttered):
                entry = user_entry(event)
                if entry:
                    entries.append(entry)
            elif isinstance(event, BotUttered):
                recorder = EmitRecorder()
                await make_output(recorder).send_response(tracker.sender_id, event.message())
                audio = None
                for name, data in recorder.emitted:
                    if name == audio_evt:
                        audio = data.get("audio")
                    elif name == bot_message_evt:
                        entries.append({"from": "bot", "message": data, "audio": audio})
                        audio = None
    return {"entries": entries[-MAX_ENTRIES:]}
