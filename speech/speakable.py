"""Voice-safe text: what a bot message sounds like when read aloud.

Drops emoji, markdown and URLs, reads numbers the way a person would ("0 to 10" ->
"zero to ten", "999, 911 or 112" -> "nine nine nine, nine one one or one one two"), and
turns buttons into spoken choices. Wording that should differ when spoken belongs in the
domain's `channel: voice` response variations; this module is the safety net for any text.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable, List, Optional

ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen").split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
# Phone numbers people dial are read digit by digit.
EMERGENCY_NUMBERS = {"999", "911", "112", "111", "000"}

URL = re.compile(r"(https?://|www\.)\S+", re.I)
MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MARKDOWN_MARKS = re.compile(r"(\*\*|__|\*|`+|~~|^#{1,6}\s*|^\s*[-*+>]\s+)", re.M)
PARENTHESES = re.compile(r"\s*\(([^()]*)\)")
NUMBER = re.compile(r"(?<![\w.])(\d+)(?:\.(\d+))?(?![\w])")
SPACES = re.compile(r"\s+")
# "12-second" -> "12 second", "0-10" -> "0 to 10"
NUMBER_RANGE = re.compile(r"(\d)\s*[-–]\s*(\d)")
NUMBER_HYPHEN = re.compile(r"(\d)-(?=[a-z])", re.I)
SYMBOLS = {"&": " and ", "%": " percent", "→": " to ", "->": " to ", "+": " plus ",
           "=": " equals ", "/": " or ", "°": " degrees", "×": " times "}
ABBREVIATIONS = {r"\be\.g\.": "for example", r"\bi\.e\.": "that is", r"\bvs\.?": "versus",
                 r"\betc\.": "and so on", r"\bmin\b": "minutes", r"\bsec\b": "seconds"}


def number_words(value: int) -> str:
    """English words for 0..999999 (larger numbers stay as digits)."""
    if value < 20:
        return ONES[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        return TENS[tens] + (f"-{ONES[ones]}" if ones else "")
    if value < 1000:
        hundreds, rest = divmod(value, 100)
        return f"{ONES[hundreds]} hundred" + (f" and {number_words(rest)}" if rest else "")
    if value < 1_000_000:
        thousands, rest = divmod(value, 1000)
        joiner = " and " if 0 < rest < 100 else " "
        return f"{number_words(thousands)} thousand" + (joiner + number_words(rest) if rest else "")
    return str(value)


def _read_number(match: re.Match) -> str:
    whole, fraction = match.group(1), match.group(2)
    if whole in EMERGENCY_NUMBERS or (len(whole) > 1 and whole.startswith("0")):
        return " ".join(ONES[int(d)] for d in whole)
    words = number_words(int(whole))
    if fraction:
        words += " point " + " ".join(ONES[int(d)] for d in fraction)
    return words


def _is_emoji_or_symbol(char: str) -> bool:
    category = unicodedata.category(char)
    # So: emoji and pictographs; Sk/Cf/Cs: skin tones, joiners, variation selectors.
    return category in ("So", "Sk", "Cs", "Co", "Cn") or (category == "Cf" and char != "\u00ad") \
        or 0xFE00 <= ord(char) <= 0xFE0F


def _unwrap_parentheses(match: re.Match) -> str:
    # A spoken aside: "your number (999, 911 or 112) now" -> "your number, 999, 911 or 112, now"
    inner = match.group(1).strip()
    return f", {inner}," if inner else ""


def speakable(text: str) -> str:
    """Text that reads well aloud: no emoji, markup, URLs or quotes; numbers as words."""
    text = unicodedata.normalize("NFKC", text or "")
    text = MARKDOWN_LINK.sub(lambda m: m.group(1), text)
    text = URL.sub(" ", text)
    text = MARKDOWN_MARKS.sub(" ", text)
    text = "".join(" " if _is_emoji_or_symbol(c) else c for c in text)
    text = "".join(" " if unicodedata.category(c).startswith("C") else c for c in text)
    text = re.sub(r"[\"“”«»]|(?<!\w)'|'(?!\w)", "", text)
    text = PARENTHESES.sub(_unwrap_parentheses, text)
    for pattern, words in ABBREVIATIONS.items():
        text = re.sub(pattern, words, text, flags=re.I)
    text = NUMBER_RANGE.sub(r"\1 to \2", text)
    text = NUMBER_HYPHEN.sub(r"\1 ", text)
    for symbol, words in SYMBOLS.items():
        text = text.replace(symbol, words)
    text = NUMBER.sub(_read_number, text)
    text = re.sub(r"[<>{}\[\]|\\^_#*~]", " ", text)
    text = SPACES.sub(" ", text)
    # Tidy punctuation left behind by removals: " ," -> ",", ",," -> ",", ", ." -> "."
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r",\s*([,.;:!?])", r"\1", text)
    text = re.sub(r"^[\s,.;:]+", "", text)
    return text.strip()


def spoken_choices(titles: Iterable[str]) -> str:
    """Buttons read as choices: "You can say: yes, or no."."""
    choices: List[str] = []
    for title in titles:
        choice = speakable(title).rstrip(".!?")
        if choice and choice.lower() not in (c.lower() for c in choices):
            choices.append(choice)
    if not choices:
        return ""
    if len(choices) == 1:
        return f"You can say: {choices[0]}."
    return "You can say: " + ", ".join(choices[:-1]) + f", or {choices[-1]}."


def speakable_message(message: dict) -> Optional[str]:
    """What to say for one bot message (text plus its buttons), or None if nothing."""
    parts = [speakable(message.get("text") or "")]
    buttons = message.get("buttons") or []
    parts.append(spoken_choices(b.get("title", "") for b in buttons if isinstance(b, dict)))
    spoken = " ".join(p for p in parts if p)
    return spoken or None
