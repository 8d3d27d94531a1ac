"""The `voice` input channel: REST-style turns whose replies use `channel: voice` variations.

Rasa picks a response variation by the *output* channel's name, and the stock REST channel
answers through a collector named "collector". This channel is the REST channel with its
own name on both sides, so `POST /webhooks/voice/webhook` ({"sender", "message"}) gets the
spoken wording from domain.yml (e.g. no "(999, 911 or 112)" asides, no quoted words) and
the same custom payloads (the hold contract) as every other channel.

Enable it in credentials.yml with a line `channels.voice.VoiceInput:`.
"""
from __future__ import annotations

import copy
import logging
from typing import Awaitable, Callable, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.rest import BadRequestBody, GuardedRestInput
from channels.turn_guard import guard_turns

logger = logging.getLogger(__name__)


class VoiceOutput(CollectingOutputChannel):
    """Collects the bot's messages for one turn, under the name `voice`."""

    @classmethod
    def name(cls) -> Text:
        return "voice"


class VoiceInput(GuardedRestInput):
    """REST turns for spoken clients; replies chosen from `channel: voice` variations.

    Hardened like the REST channel: cleaned user text, never a silent turn, 400 for a bad body.
    """

    @classmethod
    def name(cls) -> Text:
        return "voice"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        voice_webhook = Blueprint("custom_webhook_VoiceInput", __name__)
        on_new_message = guard_turns(on_new_message)

        @voice_webhook.exception(BadRequestBody)
        async def bad_request(_request: Request, error: BadRequestBody) -> HTTPResponse:
            return response.json({"error": str(error)}, status=400)

        @voice_webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @voice_webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            sender_id = await self._extract_sender(request)
            text = self._extract_message(request)
            collector = VoiceOutput()
            try:
                await on_new_message(UserMessage(text, collector, sender_id,
                                                 input_channel=self.name(),
                                                 metadata=self.get_metadata(request)))
            except Exception:  # the turn fails, the server stays up (as in the REST channel)
                logger.exception("voice channel: could not handle %r", copy.deepcopy(text))
            return response.json(collector.messages)

        return voice_webhook
