"""The web widget's channel: Rasa's socketio channel, fixed, plus the widget's own routes.

Registered in credentials.yml as `channels.web.WebChatInput` in place of `socketio`. It keeps
the standard protocol (events `session_request`/`session_confirm`, `user_uttered`,
`bot_uttered` with Rasa's message format), so community widgets work unchanged, and:

- joins the session's room with `await` — Rasa 3.6.21 calls `sio.enter_room()` without it,
  and with python-socketio >= 5.10 (a coroutine) every reply is silently lost when
  `session_persistence` is on;
- issues unguessable session ids (128 random bits) and refuses messages for a session the
  socket did not join;
- accepts socket connections from its own origin only, plus origins listed in
  `cors_allowed_origins` (credentials) or SCALENE_WIDGET_ORIGINS (comma-separated);
- sends `custom` payloads (the hold) as `{"custom": ...}`, like the REST channel (stock
  passes them to `emit()` as keyword arguments, which fails for anything but `data`);
- adds events standard widgets ignore: `bot_audio` (the URL of each text's spoken audio,
  sent just before the text), `bot_turn_end` (the turn is over) and `history` (the
  transcript, on `history_request`). Which hold runs is never sent separately: the bot's
  own `hold` and `hold_stop` messages say it (README "The hold contract").
"""
from __future__ import annotations

import copy
import json
import logging
import re
import secrets
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage, decode_bearer_token
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

import settings

from channels.turn_guard import guard_turns
from channels.user_text import clean_user_text, storable
from channels.web_audio import AudioRegistry
from channels.web_history import transcript
from channels.web_routes import widget_routes
from channels.web_voice import VoiceSockets

logger = logging.getLogger(__name__)

AUDIO_EVT = "bot_audio"
TURN_END_EVT = "bot_turn_end"
HISTORY_REQUEST_EVT = "history_request"
HISTORY_EVT = "history"
SESSION_ID = re.compile(r"^[0-9a-f]{32}$")
MAX_METADATA_CHARS = 2000


def new_session_id() -> str:
    return secrets.token_hex(16)


def configured_origins(value: Any) -> List[str]:
    """Extra origins allowed to open the socket, from credentials plus SCALENE_WIDGET_ORIGINS."""
    if isinstance(value, str):
        value = value.split(",")
    origins = [str(o) for o in (value or [])] + list(settings.current().server.widget_origins)
    origins = [o.strip().rstrip("/") for o in origins if o.strip()]
    if "*" in origins:
        raise ValueError("the web channel does not allow every origin ('*'); list them")
    return origins


class WebChatOutput(SocketIOOutput):
    """Stock socketio output plus the audio URL of every text and a working `custom`."""

    def __init__(self, sio: Any, bot_message_evt: Text, audio: AudioRegistry) -> None:
        super().__init__(sio, bot_message_evt)
        self.audio = audio

    async def _send_message(self, socket_id: Text, response: Any) -> None:
        url = self.audio.text_url(response.get("text")) if isinstance(response, dict) else None
        if url:
            await self.sio.emit(AUDIO_EVT, {"text": response["text"], "audio": url}, room=socket_id)
        await self.sio.emit(self.bot_message_evt, response, room=socket_id)

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        custom = copy.deepcopy(json_message)
        if isinstance(custom.get("hold"), dict):
            await self._add_countdown(custom["hold"])
        await self.sio.emit(self.bot_message_evt, {"custom": custom}, room=recipient_id)

    async def _add_countdown(self, hold: Dict[Text, Any]) -> None:
        """The hold's paced countdown audio (built once, then cached); without it the ring runs silent."""
        try:
            countdown = await self.audio.timed_step(hold)
        except Exception:
            logger.exception("No countdown audio for hold %s", hold.get("id"))
            return
        if countdown:
            hold["audio"], hold["audio_count_start"] = countdown


class WebSocketBlueprint(SocketBlueprint):
    """Attaches socket.io and, at the site root, the widget's files, demo page and audio."""

    def __init__(self, sio: AsyncServer, socketio_path: Text, widget_routes: Blueprint, *args: Any, **kwargs: Any):
        super().__init__(sio, socketio_path, *args, **kwargs)
        self.ctx.widget_routes = widget_routes

    def register(self, app: Sanic, options: Dict[Text, Any]) -> None:
        super().register(app, options)
        app.blueprint(self.ctx.widget_routes)


class WebChatInput(SocketIOInput):
    """Rasa's socketio input channel with session persistence that works (see module doc)."""

    @classmethod
    def name(cls) -> Text:
        return "socketio"  # the standard name: same URL prefix and response variations

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "WebChatInput":
        credentials = credentials or {}
        return cls(
            credentials.get("user_message_evt", "user_uttered"),
            credentials.get("bot_message_evt", "bot_uttered"),
            credentials.get("namespace"),
            credentials.get("session_persistence", True),
            credentials.get("socketio_path", "/socket.io"),
            credentials.get("jwt_key"),
            credentials.get("jwt_method", "HS256"),
            credentials.get("metadata_key", "metadata"),
            cors_allowed_origins=credentials.get("cors_allowed_origins"),
        )

    def __init__(self, *args: Any, cors_allowed_origins: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.allowed_origins = configured_origins(cors_allowed_origins)
        self.audio = AudioRegistry()
        self.app: Optional[Sanic] = None

    def origin_allowed(self, origin: Optional[str], environ: Dict[str, Any]) -> bool:
        """Same origin as the request's host (as engine.io's default), or a listed one."""
        if origin in self.allowed_origins:
            return True
        scheme = environ.get("HTTP_X_FORWARDED_PROTO", environ.get("wsgi.url_scheme", "http"))
        host = environ.get("HTTP_X_FORWARDED_HOST", environ.get("HTTP_HOST", ""))
        return origin == f"{scheme.split(',')[0].strip()}://{host.split(',')[0].strip()}"

    def get_output_channel(self) -> Optional[OutputChannel]:
        if self.sio is None:
            return super().get_output_channel()  # warns, as stock does
        return WebChatOutput(self.sio, self.bot_message_evt, self.audio)

    async def _tracker(self, sender_id: Text):
        agent = getattr(self.app.ctx, "agent", None) if self.app else None
        if agent is None or agent.tracker_store is None:
            return None
        return await agent.tracker_store.retrieve(sender_id)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = guard_turns(on_new_message)  # a failed turn is answered, never silent
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=self.origin_allowed)
        socket_bp = WebSocketBlueprint(sio, self.socketio_path, widget_routes(self.audio),
                                       "socketio_webhook", __name__)
        self.sio = sio
        namespace = self.namespace
        VoiceSockets(sio, namespace).attach()  # the widget's offline microphone (voice_* events)

        @socket_bp.listener("before_server_start")
        async def remember_app(app: Sanic, _loop: Any) -> None:
            self.app = app

        @socket_bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=namespace)
        async def connect(sid: Text, environ: Dict, auth: Optional[Dict]) -> bool:
            if not self.jwt_key:
                return True
            token = (auth or {}).get("token")
            return bool(token and decode_bearer_token(token, self.jwt_key, self.jwt_algorithm))

        @sio.on("session_request", namespace=namespace)
        async def session_request(sid: Text, data: Any) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            session_id = requested if isinstance(requested, str) and SESSION_ID.match(requested) \
                else new_session_id()
            await self._join(sid, session_id)
            await sio.emit("session_confirm", session_id, room=sid, namespace=namespace)

        @sio.on(self.user_message_evt, namespace=namespace)
        async def handle_message(sid: Text, data: Any) -> None:
            if not isinstance(data, dict):
                return
            sender_id = await self._sender_for(sid, data)
            if sender_id is None:
                return
            agent = getattr(self.app.ctx, "agent", None) if self.app else None
            text = clean_user_text(str(data.get("message") or ""), agent.domain if agent else None)
            message = UserMessage(text, self.get_output_channel(), sender_id,
                                  input_channel=self.name(), metadata=self._metadata(data))
            try:
                await on_new_message(message)
            finally:
                await sio.emit(TURN_END_EVT, {}, room=sender_id, namespace=namespace)

        @sio.on(HISTORY_REQUEST_EVT, namespace=namespace)
        async def history_request(sid: Text, _data: Any = None) -> None:
            session_id = (await sio.get_session(sid, namespace=namespace)).get("session_id")
            if not session_id:
                return
            history = await transcript(
                await self._tracker(session_id),
                lambda recorder: WebChatOutput(recorder, self.bot_message_evt, self.audio),
                self.bot_message_evt, AUDIO_EVT)
            await sio.emit(HISTORY_EVT, history, room=sid, namespace=namespace)

        return socket_bp

    async def _join(self, sid: Text, session_id: Text) -> None:
        """This socket now speaks for `session_id` (and leaves any session it joined before)."""
        session = await self.sio.get_session(sid, namespace=self.namespace)
        previous = session.get("session_id")
        if self.session_persistence:
            if previous and previous != session_id:
                await self.sio.leave_room(sid, previous, namespace=self.namespace)
            await self.sio.enter_room(sid, session_id, namespace=self.namespace)
        session["session_id"] = session_id
        await self.sio.save_session(sid, session, namespace=self.namespace)

    async def _sender_for(self, sid: Text, data: Dict[Text, Any]) -> Optional[Text]:
        """The conversation a message belongs to, or None if the socket may not speak for it."""
        if not self.session_persistence:
            return sid
        joined = (await self.sio.get_session(sid, namespace=self.namespace)).get("session_id")
        claimed = data.get("session_id")
        if joined and claimed in (None, joined):
            return joined
        if not joined and isinstance(claimed, str) and SESSION_ID.match(claimed):
            await self._join(sid, claimed)  # a widget that skipped session_request
            return claimed
        logger.warning("Ignored a socket.io message for a session this socket did not join.")
        return None

    def _metadata(self, data: Dict[Text, Any]) -> Dict[Text, Any]:
        """The message's metadata (the widget's `shown`/`hidden`, other widgets' own data),
        storable and small, or nothing."""
        metadata = data.get(self.metadata_key) or {}
        try:
            if isinstance(metadata, str):
                metadata = json.loads(metadata)
            if not isinstance(metadata, dict):
                return {}
            encoded = storable(json.dumps(metadata, ensure_ascii=False))
        except (TypeError, ValueError):
            return {}
        return json.loads(encoded) if len(encoded) <= MAX_METADATA_CHARS else {}
