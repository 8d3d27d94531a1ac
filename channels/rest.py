"""The standard REST channel (`/webhooks/rest/webhook`), hardened.

Named "rest" like Rasa's own, so clients keep the same URL and body
(`{"sender": ID, "message": TEXT}`). Differences from stock Rasa 3.6:

- every turn gets a reply: a failed or silent turn answers `turn_guard.SORRY`;
- a body that is not valid UTF-8 is decoded with replacement characters, so mangled text
  still gets a bot reply instead of a bare HTTP 400;
- text is made storable, cut at 2,000 characters, and "/intent" payloads reach only the
  intents a client may send (`user_text.py`);
- a missing or overlong sender id is a 400 with a clear error (stock Rasa would file
  every anonymous message under one shared conversation "default", and PostgreSQL
  rejects ids longer than 255 characters);
- at start it checks the tracker and lock stores (`turn_guard.check_stores`);
- importing it makes Rasa check action server replies with a validator built once
  (`scale/action_validation.py`).

Credentials key: `channels.rest.GuardedRestInput:` in place of `rest:`.
"""
from __future__ import annotations

import json
from typing import Any, Dict, Optional, Text

from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from channels.turn_guard import guard_turns, stop_unless_stores_ok
from channels.user_text import clean_user_text, storable
from scale import action_validation

action_validation.install()  # Rasa re-checks a large JSON schema per action call: 30% of its CPU

MAX_SENDER_LENGTH = 255  # SQLTrackerStore's sender_id column


class BadRequestBody(ValueError):
    """The body is not a JSON object with a usable sender."""


def parse_body(request: Request) -> Dict[str, Any]:
    """The request's JSON object, decoded leniently; parsed once per request."""
    cached = getattr(request.ctx, "scalene_body", None)
    if cached is not None:
        return cached
    try:
        body = json.loads(request.body.decode("utf-8", errors="replace") or "null", strict=False)
    except ValueError as error:
        raise BadRequestBody(f"body is not JSON: {error}") from error
    if not isinstance(body, dict):
        raise BadRequestBody('body must be a JSON object: {"sender": ID, "message": TEXT}')
    sender = body.get("sender")
    if isinstance(sender, (int, float)) and not isinstance(sender, bool):
        sender = str(sender)
    if not isinstance(sender, str) or not sender.strip():
        raise BadRequestBody('"sender" must be a non-empty string (the conversation id)')
    if len(sender) > MAX_SENDER_LENGTH:
        raise BadRequestBody(f'"sender" is longer than {MAX_SENDER_LENGTH} characters')
    message = body.get("message")
    # A missing or non-text message is treated as text, so it still gets a reply.
    message = "" if message is None else message if isinstance(message, str) else json.dumps(message)
    body["sender"], body["message"] = storable(sender), message
    request.ctx.scalene_body = body
    return body


class GuardedRestInput(RestInput):
    """Rasa's REST channel that always answers and never takes an anonymous sender."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        return parse_body(req)["sender"]

    def _extract_message(self, req: Request) -> Optional[Text]:
        agent = getattr(req.app.ctx, "agent", None)
        return clean_user_text(parse_body(req)["message"], agent.domain if agent else None)

    def _extract_input_channel(self, req: Request) -> Text:
        channel = parse_body(req).get("input_channel")
        return channel if isinstance(channel, str) and channel else self.name()

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        metadata = parse_body(request).get("metadata")
        return metadata if isinstance(metadata, dict) else None

    def blueprint(self, on_new_message) -> Blueprint:
        blueprint = super().blueprint(guard_turns(on_new_message))
        blueprint.after_server_start(stop_unless_stores_ok)

        @blueprint.exception(BadRequestBody)
        async def bad_request(_request: Request, error: BadRequestBody):
            return response.json({"error": str(error)}, status=400)

        return blueprint
