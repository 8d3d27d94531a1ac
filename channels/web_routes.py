"""HTTP routes of the web widget, on the Rasa server itself (same origin as its socket).

    /widget/                 the demo page (web/index.html)
    /widget/<file>           the widget's script, styles, drawings and vendored socket.io client
    /widget/audio/<id>.wav   spoken audio of something the bot said (unknown ids: 404);
                             .ogg (Opus) and .mp3 serve the same audio compressed
    /summary/..., /reminder/...  a conversation's documents (channels/summary_routes.py)
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Optional

from sanic import Blueprint, response
from sanic.exceptions import ContentRangeError, HeaderNotFound, InvalidRangeType
from sanic.handlers import ContentRangeHandler
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.summary_routes import add_summary_routes
from channels.web_audio import AudioRegistry
from speech.encode import FORMATS

logger = logging.getLogger(__name__)

WEB_DIR = Path(__file__).resolve().parents[1] / "web"
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".LICENSE": "text/plain; charset=utf-8",
}
# The demo page runs nothing but the project's own files; content never becomes markup.
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
               "form-action 'none'; frame-ancestors 'self'")
# A drawing opened on its own is a document too: no scripts in it, ever.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'"
COMMON_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}


def web_file(relative: str) -> Optional[Path]:
    """The file under web/ that `relative` names, or None (hidden files, other types, escapes)."""
    parts = Path(relative).parts
    if not parts or any(part.startswith(".") for part in parts):
        return None
    path = (WEB_DIR / relative).resolve()
    if WEB_DIR not in path.parents or not path.is_file() or suffix(path) not in CONTENT_TYPES:
        return None
    return path


def suffix(path: Path) -> str:
    return ".LICENSE" if path.name.endswith(".LICENSE") else path.suffix


async def send_web_file(path: Path) -> HTTPResponse:
    headers = dict(COMMON_HEADERS, **{"Cache-Control": "no-cache"})
    if path.suffix == ".html":
        headers["Content-Security-Policy"] = PAGE_POLICY
    elif path.suffix == ".svg":
        headers["Content-Security-Policy"] = SVG_POLICY
    return await response.file(path, mime_type=CONTENT_TYPES[suffix(path)], headers=headers)


async def send_wav(request: Request, path: Path, mime_type: str = "audio/wav") -> HTTPResponse:
    """Audio with byte ranges, which media elements use to seek (the countdown re-syncs so)."""
    headers = dict(COMMON_HEADERS, **{"Accept-Ranges": "bytes", "Cache-Control": "private, max-age=86400"})
    if not request.headers.get("range"):
        return await response.file(path, mime_type=mime_type, headers=headers)
    try:
        byte_range = ContentRangeHandler(request, path.stat())
    except (ContentRangeError, InvalidRangeType, HeaderNotFound):
        return response.text("Bad range", status=416, headers=headers)
    return await response.file(path, mime_type=mime_type, headers=headers, _range=byte_range)


def widget_routes(audio: AudioRegistry) -> Blueprint:
    routes = Blueprint("scalene_widget")
    add_summary_routes(routes)

    @routes.get("/widget")
    async def demo_page(_: Request) -> HTTPResponse:
        return response.redirect("/widget/")

    @routes.get("/widget/audio/<name:str>")
    async def spoken_audio(request: Request, name: str) -> HTTPResponse:
        audio_id, _, fmt = name.rpartition(".")
        if fmt not in FORMATS or not audio.is_known(audio_id):
            return response.text("Not found", status=404, headers=COMMON_HEADERS)
        try:
            path = await audio.file(audio_id, fmt)
        except Exception:  # synthesis failed or timed out: the page carries on without sound
            logger.exception("Speech synthesis failed for %s", audio_id)
            return response.text("Speech synthesis failed", status=503, headers=COMMON_HEADERS)
        return await send_wav(request, path, FORMATS[fmt])

    @routes.get("/widget/<relative:path>")
    async def widget_file(_: Request, relative: str) -> HTTPResponse:
        path = web_file(relative or "index.html")  # "/widget/" is the demo page
        if path is None:
            return response.text("Not found", status=404, headers=COMMON_HEADERS)
        return await send_web_file(path)

    return routes
