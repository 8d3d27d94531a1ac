"""Session settings, read from the environment once (safe defaults for everything)."""
import os


def _int_env(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


# About 12 seconds per hold is the source article's gentle starting dose for the neck.
HOLD_SECONDS = _int_env("SCALENE_HOLD_SECONDS", 12)
# "Rest a few minutes, then come back": two minutes keeps a session short.
REST_SECONDS = _int_env("SCALENE_REST_SECONDS", 120)
# Rounds over the spots on one side (the second round revisits spots that did not ease).
MAX_ROUNDS = _int_env("SCALENE_MAX_ROUNDS", 2)
# Holds on one spot before we move on, so nobody keeps pressing one place.
MAX_HOLDS_PER_SPOT = _int_env("SCALENE_MAX_HOLDS_PER_SPOT", 3)
# Past sessions remembered per person (kept in a slot, so in the tracker store).
HISTORY_LENGTH = _int_env("SCALENE_HISTORY_LENGTH", 10)
