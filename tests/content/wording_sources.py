"""Every user-facing text of the project, read from where it lives, for the content tests.

Responses come from `domain.yml` and `data/responses/*.yml` (each variation: the default text
and any `channel: voice` one); the drawings' titles, descriptions and labels from
`web/img/*.svg`; the widget's picture descriptions from `web/js/transcript.js`; the README's
"What you can ask"; and the string literals of `actions/*.py` that a person may read or hear.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterator, List, Optional
from xml.etree import ElementTree

import yaml

ROOT = Path(__file__).resolve().parents[2]
SVG_NS = "{http://www.w3.org/2000/svg}"
# Placeholders filled by the action server, with the longest value a person can get today
# (so that word counts are what is really said): built by the code that builds them.
def _longest_values() -> Dict[str, str]:
    from actions.summary import history_sentence, summarise
    from actions.wording import fragment
    from nlp.safety_kinds import CONTRAINDICATIONS, RED_FLAGS, SCREEN, UNNAMED_REASONS

    longest = {"released": 3, "spots": 3, "referral": True, "pain_before": 10, "pain_after": 10, "date": "2026-11-20"}
    places = [name for name in responses() if name.startswith("utter_where_")]
    reasons = ([k.reason for k in CONTRAINDICATIONS.values()] + [k.reason for k in RED_FLAGS.values()]
               + [q.reason for q in SCREEN] + list(UNNAMED_REASONS.values()))
    return {
        "summary": summarise(longest),
        "history": history_sentence([longest, longest]),
        "where": max((fragment(name, screen_step=3, screen_total=3, side="right", spot_number=3, spot_total=3)
                      for name in places), key=word_count),
        "reason": max(reasons, key=word_count),
        "focus_name": max((fragment(name) for name in responses() if name.startswith("utter_focus_")), key=word_count),
    }


PLACEHOLDER_SAMPLES = {
    "side_title": "Left", "side": "left", "spot_number": "1", "spot_total": "3",
    "seconds": "12", "rest_minutes": "2",
}


@dataclass(frozen=True)
class Text:
    """One text a person can read or hear."""

    source: str            # e.g. "domain.yml", "web/img/pulse-avoid.svg"
    name: str              # response name, or the element / key the text belongs to
    channel: Optional[str]  # "voice" for a spoken variation, None otherwise
    text: str

    @property
    def label(self) -> str:
        if self.name.startswith("utter_"):
            return f"{self.name}[{self.channel or 'text'}]"
        return f"{self.source}:{self.name}"


def _responses_in(path: Path) -> Dict[str, list]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return data.get("responses") or {}


def response_files() -> List[Path]:
    return [ROOT / "domain.yml"] + sorted((ROOT / "data" / "responses").glob("*.yml"))


@lru_cache(maxsize=1)
def responses() -> Dict[str, List[Text]]:
    """Every response name -> its variations, in file order (read once per test run)."""
    found: Dict[str, List[Text]] = {}
    for path in response_files():
        for name, variations in _responses_in(path).items():
            for variation in variations or []:
                if isinstance(variation, dict) and isinstance(variation.get("text"), str):
                    found.setdefault(name, []).append(Text(
                        str(path.relative_to(ROOT)), name, variation.get("channel"), variation["text"]))
    return found


def response_texts() -> Iterator[Text]:
    for variations in responses().values():
        yield from variations


def spoken(variations: List[Text]) -> List[Text]:
    """What the voice channel says for a response: its voice variations, else its texts."""
    voice = [v for v in variations if v.channel == "voice"]
    return voice or [v for v in variations if v.channel is None]


def fill(text: str, extra: Optional[Dict[str, str]] = None) -> str:
    """The text with its {placeholders} replaced by realistic values (the longest spot text)."""
    spots = [v.text for name, variations in responses().items() if name.startswith("utter_spot_") for v in variations]
    values = dict(PLACEHOLDER_SAMPLES, **_filled_by_code(), spot_where=max(spots, key=word_count, default="{spot_where}"),
                  **(extra or {}))
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), text)


@lru_cache(maxsize=1)
def _filled_by_code() -> Dict[str, str]:
    return _longest_values()


def word_count(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’\-]*", text))


def drawing_texts() -> Iterator[Text]:
    """Titles, descriptions and visible labels of the widget's drawings."""
    for path in sorted((ROOT / "web" / "img").glob("*.svg")):
        tree = ElementTree.parse(path)
        source = str(path.relative_to(ROOT))
        for tag in ("title", "desc"):
            for node in tree.iter(SVG_NS + tag):
                yield Text(source, tag, None, " ".join("".join(node.itertext()).split()))
        labels = [" ".join("".join(node.itertext()).split()) for node in tree.iter(SVG_NS + "text")]
        yield Text(source, "labels", None, " ".join(label for label in labels if label))


def widget_alt_texts() -> Iterator[Text]:
    """The widget's descriptions of the drawings (IMAGE_ALT in transcript.js) and the demo page's."""
    script = (ROOT / "web" / "js" / "transcript.js").read_text(encoding="utf-8")
    block = re.search(r"IMAGE_ALT\s*=\s*\{(.*?)\};", script, re.S)
    for key, value in re.findall(r'"([\w.-]+\.svg)"\s*:\s*"((?:[^"\\]|\\.)*)"', block.group(1) if block else ""):
        yield Text("web/js/transcript.js", key, None, value)
    page = (ROOT / "web" / "index.html").read_text(encoding="utf-8")
    for value in re.findall(r'alt="([^"]*)"', page):
        yield Text("web/index.html", "img alt", None, " ".join(value.split()))


def readme_texts() -> Iterator[Text]:
    """The README's "What you can ask": what the assistant promises people it can tell them."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## What you can ask\n(.*?)(?=^## )", readme, re.S | re.M)
    for paragraph in re.split(r"\n\s*\n|\n- ", section.group(1) if section else ""):
        if paragraph.strip():
            yield Text("README.md", "What you can ask", None, " ".join(paragraph.split()))


def code_strings(folder: str = "actions") -> Iterator[Text]:
    """String literals of three words or more in the action server's code (not docstrings)."""
    for path in sorted((ROOT / folder).glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                      and node.body and isinstance(node.body[0], ast.Expr)
                      and isinstance(node.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                    and len(node.value.split()) >= 3):
                # Named by its first words, which stay put when lines around it move.
                yield Text(str(path.relative_to(ROOT)), " ".join(node.value.split()[:4]), None, node.value)


def every_text() -> List[Text]:
    """Everything a person can read or hear, from every place it lives."""
    return (list(response_texts()) + list(drawing_texts()) + list(widget_alt_texts()) + list(readme_texts())
            + list(code_strings()))
