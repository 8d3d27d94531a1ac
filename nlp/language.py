"""Which messages are surely not English (the classifiers have no features for other scripts)."""


def looks_non_english(text: str) -> bool:
    """Mostly letters outside ASCII: another script, so surely not English."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(not c.isascii() for c in letters) / len(letters) > 0.5
