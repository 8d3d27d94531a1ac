"""Typed reads of environment variables, each failing with a message that names the variable."""
from __future__ import annotations

from pathlib import Path
from typing import Mapping, Optional, Tuple

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"", "0", "false", "no", "off"}


class SettingError(ValueError):
    """A variable has a value the program cannot use; the message names it and says why."""


class Reader:
    """Reads one environment; an unset or blank variable means its default."""

    def __init__(self, environ: Mapping[str, str]):
        self.environ = environ

    def _raw(self, name: str) -> str:
        return (self.environ.get(name) or "").strip()

    def _fail(self, name: str, wanted: str) -> SettingError:
        return SettingError(f"{name} must be {wanted}, not {self.environ.get(name)!r}")

    def text(self, name: str, default: str) -> str:
        return self._raw(name) or default

    def choice(self, name: str, default: str, allowed: Tuple[str, ...]) -> str:
        value = (self._raw(name) or default).lower()
        if value not in allowed:
            raise self._fail(name, "one of " + ", ".join(allowed))
        return value

    def _bounded(self, name: str, default, low, high, convert, wanted: str):
        raw = self._raw(name)
        if not raw:
            return default
        try:
            value = convert(raw)
        except ValueError:
            raise self._fail(name, wanted) from None
        if not low <= value <= high:
            raise self._fail(name, wanted)
        return value

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        return self._bounded(name, default, low, high, int, f"a whole number from {low} to {high}")

    def number(self, name: str, default: float, low: float, high: float) -> float:
        return self._bounded(name, default, low, high, float, f"a number from {low:g} to {high:g}")

    def port(self, name: str, default: int) -> int:
        return self.integer(name, default, 1, 65535)

    def ports(self, name: str, default: Tuple[int, ...]) -> Tuple[int, ...]:
        words = self._raw(name).replace(",", " ").split()
        if not words:
            return default
        try:
            ports = tuple(int(word) for word in words)
        except ValueError:
            raise self._fail(name, "port numbers separated by commas") from None
        if not all(1 <= port <= 65535 for port in ports):
            raise self._fail(name, "port numbers from 1 to 65535, separated by commas")
        return ports

    def path(self, name: str, default: Optional[Path]) -> Optional[Path]:
        raw = self._raw(name)
        return Path(raw).expanduser() if raw else default

    def flag(self, name: str) -> bool:
        raw = self._raw(name).lower()
        if raw in TRUE_WORDS:
            return True
        if raw in FALSE_WORDS:
            return False
        raise self._fail(name, "1 or 0")

    def words(self, name: str) -> Tuple[str, ...]:
        """A comma- or space-separated list."""
        return tuple(word for word in self._raw(name).replace(",", " ").split() if word)
