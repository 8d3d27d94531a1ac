"""The action server's one reader of wording: responses in domain.yml and data/responses/.

Rasa sends the domain's responses by name, but some wording is built into other messages
(a spot's description inside `utter_explore`, the pieces of a session summary, a hold's cues,
the written form of a spoken answer cut short). That wording lives in the data too, as
responses, and is read here, once, on first use (rasa-sdk imports every module at start,
so nothing is read at import).
"""
from __future__ import annotations

import functools
import re
import string
from typing import Any, Dict, List, Mapping

import yaml

from settings import ROOT

RESPONSE_FILES = [ROOT / "domain.yml", *sorted((ROOT / "data" / "responses").glob("*.yml"))]
# A spoken answer cut short for the ear ends by offering the rest: "Say more to hear the rest."
# "Say more ...", or "more" as the last choice of a "Say ..." list ("Say summary, or more.").
PROMISES_MORE = re.compile(r"\bsay\s+(?:[^.?!]*\bor\s+)?[\"“']?more\b", re.I)


@functools.lru_cache(maxsize=None)
def responses() -> Dict[str, List[Dict[str, Any]]]:
    """Every response name -> its variations, from every file that holds responses."""
    found: Dict[str, List[Dict[str, Any]]] = {}
    for path in RESPONSE_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, variations in (data.get("responses") or {}).items():
            found.setdefault(name, []).extend(v for v in variations or [] if isinstance(v, dict))
    return found


def written(name: str) -> str:
    """The default text of a response (the variation for every channel; not the voice one)."""
    variations = responses().get(name) or []
    general = [v for v in variations if not v.get("channel") and isinstance(v.get("text"), str)]
    if not general:
        raise KeyError(f"no text for {name!r} in domain.yml or data/responses/")
    return general[0]["text"]


def fragment(name: str, **values: Any) -> str:
    """A piece of wording to build into a message, its {placeholders} filled from `values`."""
    return fill(written(name), values)


def fill(template: str, values: Mapping[str, Any]) -> str:
    """Fill {placeholders} as Rasa does; one with no value stays as it is, never a crash."""
    return string.Formatter().vformat(template, (), _KeepMissing(values))


def promises_more(text: str) -> bool:
    return bool(PROMISES_MORE.search(text or ""))


class _KeepMissing(dict):
    def __init__(self, values: Mapping[str, Any]):
        super().__init__({k: v for k, v in values.items() if v is not None})

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
