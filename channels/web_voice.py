"""The widget's offline microphone: audio over its socket to the server's own recogniser.

The widget sends 16 kHz mono 16-bit PCM in small binary chunks (`voice_audio`) while it
listens. Each socket gets its own `speech.listener.StreamListener` (VAD + grammar +
rejection, the same as the voice session's), and every utterance it decides comes back as
`voice_heard`: `{"phrase", "message", "interrupts", "rejected", "ask_again"}`. Between turns the
widget sends `message` as an ordinary user message unless `rejected`, and then asks the person
to say it again when `ask_again` (not for speech cut out of the room's talk). During a hold it
acts only on `interrupts` (a stopping phrase, with its `message`), rejected or not: a "stop",
"pause" or "help" heard only at the stopping phrases' low threshold stops a hold, but is no
answer between turns. Nothing leaves the machine: no cloud
recognition, and it works in every browser that has a microphone.

`voice_reset` forgets a half-heard utterance (the widget sends it when it starts listening
again after the assistant spoke). A socket's chunks and resets are handled one at a time, in the
order they arrive, on its own lock. Decoding runs in an executor thread, never on the server's
event loop; one recogniser (pocketsphinx decoder, ~40 MB) serves all sockets, loaded on first use.
"""
from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any, Dict, Optional, Text

logger = logging.getLogger(__name__)

AUDIO_EVT = "voice_audio"
RESET_EVT = "voice_reset"
HEARD_EVT = "voice_heard"
MAX_CHUNK_BYTES = 64_000  # 2 s of audio; the widget sends ~0.1 s at a time
MAX_LISTENERS = 200

_recognizer = None
_recognizer_lock = threading.Lock()


def recognizer():
    """The process-wide command recogniser, loaded on first use."""
    global _recognizer
    with _recognizer_lock:
        if _recognizer is None:
            from speech.recognizer import CommandRecognizer

            _recognizer = CommandRecognizer()
        return _recognizer


def pcm16(data: Any):
    """Samples from a chunk of little-endian 16-bit PCM, or None if it is not one."""
    import numpy as np

    if not isinstance(data, (bytes, bytearray)) or not 0 < len(data) <= MAX_CHUNK_BYTES or len(data) % 2:
        return None
    return np.frombuffer(bytes(data), dtype="<i2").astype(np.float32) / 32768.0


class VoiceSockets:
    """Per-socket listeners on one socket.io server (see the module doc)."""

    def __init__(self, sio, namespace: Optional[Text] = None):
        self.sio = sio
        self.namespace = namespace
        self.listeners: Dict[Text, Any] = {}
        self.locks: Dict[Text, asyncio.Lock] = {}

    def attach(self) -> "VoiceSockets":
        self.sio.on(AUDIO_EVT, self.on_audio, namespace=self.namespace)
        self.sio.on(RESET_EVT, self.on_reset, namespace=self.namespace)
        self.sio.on("disconnect", self.on_disconnect, namespace=self.namespace)
        return self

    async def _joined(self, sid: Text) -> bool:
        session = await self.sio.get_session(sid, namespace=self.namespace)
        return bool(session.get("session_id"))

    async def on_audio(self, sid: Text, data: Any = None) -> None:
        samples = pcm16(data)
        if samples is None or not await self._joined(sid):
            return
        # Each chunk is its own task. The lock is taken before anything else is awaited, so the
        # chunks that arrive while the first one makes the listener (the recogniser may still be
        # loading) wait for it, in order, instead of each making a listener of its own and losing
        # the start of what the person said.
        lock = self.locks.setdefault(sid, asyncio.Lock())
        async with lock:
            listener = self.listeners.get(sid) or await self._new_listener(sid)
            if listener is None:
                return
            try:
                results = await asyncio.get_running_loop().run_in_executor(None, listener.feed, samples, 16000)
            except Exception:
                logger.exception("Could not hear the widget's audio")
                return
        for heard in results:
            await self.sio.emit(HEARD_EVT, {"phrase": heard.phrase, "message": heard.message,
                                            "interrupts": heard.interrupts, "rejected": not heard.answers,
                                            "ask_again": heard.ask_again},
                                room=sid, namespace=self.namespace)

    async def _new_listener(self, sid: Text):
        """A listener for this socket (None when too many are listening already)."""
        if len(self.listeners) >= MAX_LISTENERS:
            return None
        from speech import settings as speech_settings
        from speech.listener import StreamListener

        loaded = await asyncio.get_running_loop().run_in_executor(None, recognizer)
        listener = self.listeners[sid] = StreamListener(loaded, record_to=speech_settings.load().mic_record_dir)
        return listener

    async def on_reset(self, sid: Text, _data: Any = None) -> None:
        lock = self.locks.get(sid)
        if lock is not None:
            async with lock:  # after the chunks sent before it, or they would join what comes next
                listener = self.listeners.get(sid)
                if listener is not None:
                    listener.reset()

    async def on_disconnect(self, sid: Text, *args: Any) -> None:
        lock = self.locks.get(sid)
        if lock is not None:
            async with lock:  # after the chunks already queued, so none makes a listener after this
                listener = self.listeners.pop(sid, None)
                if listener is not None:
                    listener.close()
            self.locks.pop(sid, None)
