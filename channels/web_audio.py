"""Spoken audio for the web widget: ids for what the bot said, audio from the speech module.

Only texts the output channel actually sent, and the countdowns of holds it announced, get
an id. The audio route serves known ids and nothing else, so nobody can make the server
synthesise text of their choosing. Synthesis runs in the speech module's worker process
(through an executor thread), never on the server's event loop. URLs name the WAV; the
widget asks for the same id as `.ogg` (Opus) or `.mp3` when the browser plays it
(`speech.encode`: about a fourteenth of the bytes).
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional, Tuple, Union

from speech import countdown, encode, synth
from speech.speakable import speakable

logger = logging.getLogger(__name__)

AUDIO_ROUTE = "/widget/audio"
# Enough for every response of many conversations; old ids age out first.
MAX_KNOWN_IDS = 5000
COUNTDOWN_KINDS = ("hold", "rest")
MAX_COUNTDOWN_SECONDS = 600
# A cold synthesis of a long answer takes a few seconds on 2 cores; past this, give up.
SYNTHESIS_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Countdown:
    seconds: int
    kind: str


Spoken = Union[str, Countdown]


def text_audio_id(text: str) -> str:
    return "t" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def countdown_audio_id(seconds: int, kind: str) -> str:
    return f"countdown-{kind}-{seconds}"


class AudioRegistry:
    """Remembers what the bot said (by id) and makes its WAV on request, once per id at a time."""

    def __init__(self, max_known: int = MAX_KNOWN_IDS):
        self.max_known = max_known
        self._known: "OrderedDict[str, Spoken]" = OrderedDict()
        self._making: Dict[str, asyncio.Future] = {}
        self._count_starts: Dict[str, float] = {}

    def _remember(self, audio_id: str, spoken: Spoken) -> str:
        self._known[audio_id] = spoken
        self._known.move_to_end(audio_id)
        while len(self._known) > self.max_known:
            self._known.popitem(last=False)
        return f"{AUDIO_ROUTE}/{audio_id}.wav"

    def text_url(self, text: Optional[str]) -> Optional[str]:
        """URL of the spoken `text`, or None when there is nothing to say (emoji, blanks)."""
        text = (text or "").strip()
        if not text or not speakable(text):
            return None
        return self._remember(text_audio_id(text), text)

    def countdown_url(self, seconds, kind: str = "hold") -> Optional[str]:
        """URL of the paced countdown for a hold the bot announced (None if it makes no sense)."""
        if kind not in COUNTDOWN_KINDS or not isinstance(seconds, int) or isinstance(seconds, bool):
            return None
        if not 0 < seconds <= MAX_COUNTDOWN_SECONDS:
            return None
        return self._remember(countdown_audio_id(seconds, kind), Countdown(seconds, kind))

    async def countdown(self, seconds, kind: str = "hold") -> Optional[Tuple[str, float]]:
        """(URL, second at which its count starts) of a hold's countdown, made now; None if impossible.

        The WAV opens with a cue ("Press gently... hold."); the widget starts its ring when the
        audio reaches the first number, so both count the same seconds.
        """
        url = self.countdown_url(seconds, kind)
        if url is None:
            return None
        await self.wav(countdown_audio_id(seconds, kind))
        return url, self._count_starts[countdown_audio_id(seconds, kind)]

    def is_known(self, audio_id: str) -> bool:
        return audio_id in self._known

    def _start(self, audio_id: str) -> asyncio.Future:
        future = asyncio.ensure_future(self._make(audio_id, self._known[audio_id]))
        self._making[audio_id] = future
        future.add_done_callback(lambda _: self._making.pop(audio_id, None))
        # Awaiters may have timed out: read the outcome so a late failure is not reported twice.
        future.add_done_callback(lambda done: done.cancelled() or done.exception())
        return future

    async def wav(self, audio_id: str) -> Optional[Path]:
        """The WAV for a known id; None for an unknown id. Raises if synthesis fails."""
        if not self.is_known(audio_id):
            return None
        future = self._making.get(audio_id) or self._start(audio_id)
        return await asyncio.wait_for(asyncio.shield(future), SYNTHESIS_TIMEOUT_S)

    async def file(self, audio_id: str, fmt: str = "wav") -> Optional[Path]:
        """The audio for a known id in `fmt` (wav, ogg or mp3); None for an unknown id."""
        wav = await self.wav(audio_id)
        if wav is None or fmt == "wav":
            return wav
        loop = asyncio.get_running_loop()
        return await asyncio.wait_for(loop.run_in_executor(None, encode.encode, wav, fmt), SYNTHESIS_TIMEOUT_S)

    async def _make(self, audio_id: str, spoken: Spoken) -> Path:
        if isinstance(spoken, Countdown):
            loop = asyncio.get_running_loop()
            audio = await loop.run_in_executor(None, countdown.countdown_wav, spoken.seconds, spoken.kind)
            self._count_starts[audio_id] = float(audio.count_start_s)
            return Path(audio.path)
        return await synth.synthesize_async(spoken)
