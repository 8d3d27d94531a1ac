"""Unguessable links to one conversation's documents.

A link carries its conversation id *encrypted and authenticated* (Fernet: AES-128-CBC +
HMAC-SHA256, from `cryptography`, which Rasa already installs) with a server secret, so:
- nobody can make or alter a link without the secret (a forged or changed one is refused);
- the link never shows the conversation id, which for the web widget is also the key to the
  chat itself;
- any server instance with the same secret can serve it (no shared table needed), and it
  expires (`SCALENE_LINK_DAYS`, default 30).
The action server makes links and the Rasa server reads them, so both read the same secret
(`settings.current().links`): `SCALENE_LINK_SECRET`, else a random one generated once into a
0600 file (`SCALENE_LINK_SECRET_FILE`, default var/link-secret), like the project's other
generated secrets.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Optional

from cryptography.fernet import Fernet, InvalidToken

import settings

MAX_TOKEN_CHARS = 1000


def _read_or_create(file: Path) -> str:
    """The secret in `file`; made once, atomically (two servers starting together agree)."""
    if file.exists():
        value = file.read_text().strip()
        if value:
            return value
    file.parent.mkdir(parents=True, exist_ok=True)
    partial = file.with_name(f".{file.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_hex(32))
    try:
        os.link(partial, file)  # fails if another process got there first: use theirs
    except FileExistsError:
        pass
    finally:
        partial.unlink()
    return file.read_text().strip()


@lru_cache(maxsize=4)
def _fernet(secret: str) -> Fernet:
    key = base64.urlsafe_b64encode(hashlib.sha256(("scalene-coach links:" + secret).encode()).digest())
    return Fernet(key)


def current_fernet() -> Fernet:
    config = settings.current().links
    return _fernet(config.secret or _read_or_create(config.secret_file))


def lifetime_seconds() -> int:
    return max(1, int(settings.current().links.days * 86400))


def make_token(kind: str, conversation_id: str, **extra: Any) -> str:
    """A link token for `kind` ("summary", "reminder") of one conversation."""
    payload = dict(extra, k=kind, c=conversation_id)
    token = current_fernet().encrypt(json.dumps(payload, separators=(",", ":")).encode())
    return token.decode().rstrip("=")  # padding is restored when read


def read_token(token: str, kind: str) -> Optional[Dict[str, Any]]:
    """The token's payload if it is genuine, of this kind and not expired; else None."""
    if not isinstance(token, str) or not 0 < len(token) <= MAX_TOKEN_CHARS:
        return None
    padded = token + "=" * (-len(token) % 4)
    try:
        payload = json.loads(current_fernet().decrypt(padded.encode(), ttl=lifetime_seconds()))
    except (InvalidToken, ValueError, TypeError):
        return None
    if not isinstance(payload, dict) or payload.get("k") != kind or not isinstance(payload.get("c"), str):
        return None
    return payload
