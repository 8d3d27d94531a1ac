"""What a client's text may be before Rasa reads it: storable, bounded, and no control payloads.

Every input channel should pass user text through `clean_user_text`:
- lone surrogates (JSON can carry them; UTF-8 and the databases cannot) become "?";
- text is cut at `SCALENE_MAX_MESSAGE_CHARS` (default 2,000): the NLU's transformer costs
  grow with the square of the token count, and one 10 kB message of emoji took 6 s and
  1.5 GB of memory that Rasa never gave back;
- "/intent" payloads reach only the intents a client may send. Buttons and the hold
  contract send payloads such as `/affirm` or `/hold_finished{...}`, but typed into the chat
  `/restart` would silently wipe the conversation (a failed safety screen included),
  `/session_start` and `/back` rewrite it, and a bare retrieval intent (`/faq`) crashes the
  response selector. Those are passed on without the leading "/", as plain words.
"""
from __future__ import annotations

import re

import settings

PAYLOAD = re.compile(r"^/([^{@/\s]+)")
CONTROL_INTENTS = {"restart", "back", "session_start"}


def storable(text: str) -> str:
    """`text` with lone surrogates replaced, so it can be encoded and stored."""
    return text.encode("utf-8", errors="replace").decode("utf-8")


def neutralise_payload(text: str, domain) -> str:
    """`text`, or its words without the leading "/" if it is a payload a client must not send."""
    match = PAYLOAD.match(text)
    if not match or domain is None:
        return text
    intent = match.group(1)
    allowed = (intent in domain.intents and intent not in CONTROL_INTENTS
               and intent not in domain.retrieval_intents)
    return text if allowed else text[1:]


def clean_user_text(text: str, domain) -> str:
    """The text Rasa should read for a message a client sent."""
    return neutralise_payload(storable(text)[:settings.current().server.max_message_chars], domain)
