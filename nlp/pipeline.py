"""Builds and loads the project's spaCy pipeline (blank English + an entity ruler).

No pretrained spaCy model can be downloaded here, so the project owns its pipeline: a
blank tokenizer plus an EntityRuler fed by `patterns.jsonl`. Rasa's `SpacyNLP` loads the
saved folder by path; the same folder serves the safety checks.
"""
from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from pathlib import Path

NLP_DIR = Path(__file__).resolve().parent
PATTERNS_FILE = NLP_DIR / "patterns.jsonl"
PIPELINE_DIR = NLP_DIR / "build" / "scalene_en"
STAMP_FILE = PIPELINE_DIR / ".patterns-sha256"


def patterns_digest() -> str:
    """Hash of the inputs that shape the saved pipeline (patterns + this builder)."""
    digest = hashlib.sha256()
    for path in (PATTERNS_FILE, Path(__file__)):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build(target: Path = PIPELINE_DIR):
    """Create blank English + entity ruler + sentencizer and save it to `target`."""
    import spacy

    nlp = spacy.blank("en")
    nlp.meta["name"] = "scalene_en"
    nlp.meta["version"] = "1.0.0"
    nlp.meta["description"] = "Scalene Coach entity ruler (body parts, sides, symptoms, red flags)"
    # overwrite_ents: a longer project pattern always wins over an earlier, shorter one.
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
    ruler.from_disk(PATTERNS_FILE)
    # Sentences bound the scope of ConText's cues ("my uncle had a stroke; why do my fingers tingle?").
    from spacy.pipeline import Sentencizer

    nlp.add_pipe("sentencizer", config={"punct_chars": Sentencizer.default_punct_chars + [";", ":"]})
    target.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    (target / STAMP_FILE.name).write_text(patterns_digest())
    return nlp


def is_current(target: Path = PIPELINE_DIR) -> bool:
    stamp = target / STAMP_FILE.name
    return stamp.exists() and stamp.read_text() == patterns_digest()


@lru_cache(maxsize=1)
def load():
    """The saved pipeline, built first if missing or stale (loaded once per process)."""
    import spacy

    if not is_current():
        build()
    return spacy.load(PIPELINE_DIR)


def main() -> int:
    if is_current():
        print(f"spaCy pipeline up to date: {PIPELINE_DIR}")
        return 0
    nlp = build()
    print(f"spaCy pipeline built: {PIPELINE_DIR} ({len(nlp.get_pipe('entity_ruler'))} patterns)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
