"""Talks to the running assistant over its `voice` channel (`/webhooks/voice/webhook`).

Replies come from the domain's `channel: voice` response variations, so what is spoken was
written to be heard. The contract is Rasa's REST one: `{"sender", "message"}` in, the bot's
messages out.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from typing import List, Optional, Tuple


class AssistantUnavailable(RuntimeError):
    pass


class VoiceChannelClient:
    def __init__(self, url: str, sender: Optional[str] = None, timeout_s: float = 30.0):
        self.url = url.rstrip("/")
        self.sender = sender or f"voice-{uuid.uuid4().hex[:10]}"
        self.timeout_s = timeout_s

    @property
    def webhook(self) -> str:
        return f"{self.url}/webhooks/voice/webhook"

    def check(self) -> None:
        """Raise AssistantUnavailable with a helpful message unless the voice channel answers."""
        try:
            with urllib.request.urlopen(f"{self.url}/webhooks/voice/", timeout=5) as response:
                if response.status == 200:
                    return
        except urllib.error.HTTPError as error:
            if error.code == 404:
                raise AssistantUnavailable(
                    f"{self.url} has no voice channel: add `channels.voice.VoiceInput:` to "
                    "credentials.yml and restart the assistant") from error
            raise AssistantUnavailable(f"{self.url}: HTTP {error.code}") from error
        except (urllib.error.URLError, OSError) as error:
            raise AssistantUnavailable(
                f"no assistant at {self.url} ({error}); start it with `make run`") from error

    def download(self, path: str) -> Tuple[bytes, str]:
        """(body, file name the server suggests, or "") of one of the assistant's own links."""
        try:
            with urllib.request.urlopen(f"{self.url}{path}", timeout=self.timeout_s) as response:
                name = response.headers.get_filename() or ""
                return response.read(), name
        except (urllib.error.URLError, OSError) as error:
            raise AssistantUnavailable(f"could not fetch {path} from {self.url}: {error}") from error

    def send(self, message: str) -> List[dict]:
        """One turn: the bot's messages in reply to `message`."""
        body = json.dumps({"sender": self.sender, "message": message}).encode()
        request = urllib.request.Request(self.webhook, data=body,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                return json.loads(response.read() or b"[]")
        except (urllib.error.URLError, OSError) as error:
            raise AssistantUnavailable(f"the assistant at {self.url} did not answer: {error}") from error
