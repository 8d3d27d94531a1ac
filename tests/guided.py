"""A whole guided release session over REST, for tests that need sessions behind them."""
from typing import Callable, List

Say = Callable[[str], List[dict]]


def texts(messages: List[dict]) -> str:
    return " ".join(m.get("text", "") for m in messages)


def hold_of(messages: List[dict]):
    holds = [m["custom"]["hold"] for m in messages if isinstance(m.get("custom"), dict) and "hold" in m["custom"]]
    return holds[-1] if holds else None


def run_session(say: Say, before: int, after: int, side: str = "left") -> List[dict]:
    """Screen (no x3, unless passed before), pain `before`, `side` and sitting (a later
    session remembers both), every spot eases, pain `after`."""
    reply = say("guide me through releasing my neck")
    while "0 (none) to 10" not in texts(reply):  # the screen, once per conversation
        reply = say("no")
    reply = say(str(before))
    for _ in range(3):
        if "Which side" in texts(reply):
            reply = say(side)
        elif "sit upright" in texts(reply):
            reply = say("sitting")
    while "0 to 10" not in texts(reply):
        hold = hold_of(say("ready"))
        assert hold is not None, reply
        say(hold["finish_payload"])
        reply = say("yes it eased")
    return say(str(after))
