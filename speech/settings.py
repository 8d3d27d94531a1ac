"""The speech settings (voice, rate, cache folder, worker timeout), from the project's one
settings module (`settings`, where they are read and checked; the README lists them)."""
from __future__ import annotations

import settings as project_settings
from settings import MAX_RATE, MIN_RATE, Speech as SpeechSettings

__all__ = ["MAX_RATE", "MIN_RATE", "SpeechSettings", "load"]


def load() -> SpeechSettings:
    """The current speech settings (read again after the environment changed)."""
    return project_settings.current().speech
