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
import json
import logging
import re
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Optional, Tuple, Union

from speech import countdown, encode, exercise_count, synth
from speech.speakable import speakable

logger = logging.getLogger(__name__)

AUDIO_ROUTE = "/widget/audio"
# Enough for every response of many conversations; old ids age out first.
MAX_KNOWN_IDS = 5000
COUNTDOWN_KIND = re.compile(r"^[a-z_]{1,20}$")  # hold, rest (and later kinds of timed step)
MAX_COUNTDOWN_SECONDS = 600
MAX_CUE_CHARS = 200
# A cold synthesis of a long answer takes a few seconds on 2 cores; past this, give up.
SYNTHESIS_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Countdown:
    seconds: int
    kind: str
    cues: Tuple[str, str]  # said before the first number and at the end (the hold payload's cues)


@dataclass(frozen=True)
class ExerciseCount:
    reps: int
    hold_seconds: int
    rep_seconds: int
    cues: Tuple[str, str]


Spoken = Union[str, Countdown, ExerciseCount]


def text_audio_id(text: str) -> str:
    return "t" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def countdown_audio_id(seconds: int, kind: str, cues: Tuple[str, str]) -> str:
    cue_key = hashlib.sha256(json.dumps(cues).encode("utf-8")).hexdigest()[:10]
    return f"countdown-{kind}-{seconds}-{cue_key}"


def payload_cues(cues: Any) -> Optional[Tuple[str, str]]:
    """(start, end) from a hold payload's `cues`, or None if they are not short texts."""
    cues = cues if isinstance(cues, dict) else {}
    pair = (cues.get("start", ""), cues.get("end", ""))
    if not all(isinstance(cue, str) and len(cue) <= MAX_CUE_CHARS for cue in pair):
        return None
    return pair


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

    def countdown_url(self, seconds, kind: str = "hold", cues: Any = None) -> Optional[str]:
        """URL of the paced countdown for a hold the bot announced (None if it makes no sense)."""
        pair = payload_cues(cues)
        if not isinstance(kind, str) or not COUNTDOWN_KIND.match(kind) or pair is None:
            return None
        if not isinstance(seconds, int) or isinstance(seconds, bool) or not 0 < seconds <= MAX_COUNTDOWN_SECONDS:
            return None
        return self._remember(countdown_audio_id(seconds, kind, pair), Countdown(seconds, kind, pair))

    def exercise_url(self, hold: Dict[str, Any]) -> Optional[str]:
        """URL of the paced count ("one, hold, two ... release") of an exercise hold payload."""
        pair = payload_cues(hold.get("cues"))
        dose = tuple(hold.get(key) for key in ("reps", "hold_seconds", "rep_seconds"))
        if pair is None or not all(isinstance(n, int) and not isinstance(n, bool) for n in dose):
            return None
        try:
            exercise_count.check_dose(*dose)
        except ValueError:
            return None
        if dose[0] * dose[2] > MAX_COUNTDOWN_SECONDS:
            return None
        key = hashlib.sha256(json.dumps([dose, pair]).encode("utf-8")).hexdigest()[:16]
        return self._remember(f"exercise-{key}", ExerciseCount(*dose, cues=pair))

    async def timed_step(self, hold: Dict[str, Any]) -> Optional[Tuple[str, float]]:
        """(URL, second at which its count starts) of a hold payload's audio, made now; None if
        impossible. An exercise gets its paced rep count, any other kind the plain countdown."""
        if hold.get("kind") != "exercise":
            return await self.countdown(hold.get("seconds"), hold.get("kind", "hold"), hold.get("cues"))
        url = self.exercise_url(hold)
        return None if url is None else await self._made(url)

    async def countdown(self, seconds, kind: str = "hold", cues: Any = None) -> Optional[Tuple[str, float]]:
        """(URL, second at which its count starts) of a hold's countdown, made now; None if impossible.

        The WAV opens with the payload's start cue; the widget starts its ring when the audio
        reaches the first number, so both count the same seconds.
        """
        url = self.countdown_url(seconds, kind, cues)
        return None if url is None else await self._made(url)

    async def _made(self, url: str) -> Tuple[str, float]:
        audio_id = url.rsplit("/", 1)[-1][: -len(".wav")]
        await self.wav(audio_id)
        return url, self._count_starts[audio_id]

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
        if isinstance(spoken, str):
            return await synth.synthesize_async(spoken)
        audio = await asyncio.get_running_loop().run_in_executor(None, paced_audio, spoken)
        self._count_starts[audio_id] = float(audio.count_start_s)
        return Path(audio.path)


def paced_audio(spoken: Union[Countdown, ExerciseCount]):
    """The WAV of a timed step, from the speech module (built once and cached; run in a thread)."""
    if isinstance(spoken, ExerciseCount):
        return exercise_count.exercise_count_wav(spoken.reps, spoken.hold_seconds, spoken.rep_seconds,
                                                 cues=spoken.cues)
    return countdown.countdown_wav(spoken.seconds, spoken.kind, cues=spoken.cues)
