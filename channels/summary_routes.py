"""HTTP routes for a conversation's documents, behind unguessable links (report/links.py).

    /summary/<token>.pdf     the one-page summary for a doctor or physio, as a PDF
    /summary/<token>.html    the same page, printable
    /reminder/<token>.ics    a calendar reminder to come back

A token that is forged, altered, expired, of the wrong kind, or for a conversation the
store does not know gets the same plain 404 as any unknown path: nothing tells a stranger
whether a conversation exists. Added to the widget's routes with one call.
"""
from __future__ import annotations

import asyncio
import logging
from datetime import date, time
from typing import Any, Dict, Optional, Tuple

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from report.html import summary_html
from report.ics import reminder_ics
from report.links import read_token
from report.pdf import summary_pdf
from report.summary import build_summary, has_content

logger = logging.getLogger(__name__)

PRIVATE_HEADERS = {
    "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow",
    # The token is the whole key: never sent on as a Referer from the page.
    "Referrer-Policy": "no-referrer",
}
HTML_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; "
               "frame-ancestors 'none'")
REMINDER_TITLE = "Scalene Coach: gentle neck care"
REMINDER_TEXT = ("Time to repeat yesterday's gentle neck release or posture exercises with Scalene Coach. "
                 "Go gently, and stop if anything hurts, tingles or makes you dizzy.")


def not_found() -> HTTPResponse:
    return response.text("Not found", status=404, headers={"X-Content-Type-Options": "nosniff"})


def split_name(name: str) -> Tuple[str, str]:
    token, _, extension = name.rpartition(".")
    return token, extension


async def conversation_summary(request: Request, conversation_id: str) -> Optional[Dict[str, Any]]:
    """The summary dict of a stored conversation, or None if there is nothing to show."""
    agent = getattr(request.app.ctx, "agent", None)
    if agent is None or agent.tracker_store is None:
        return None
    tracker = await agent.tracker_store.retrieve(conversation_id)
    if tracker is None or not tracker.events:
        return None
    slots = {name: slot.value for name, slot in tracker.slots.items()}
    summary = build_summary(slots, [event.as_dict() for event in tracker.events])
    return summary if has_content(summary) else None


def add_summary_routes(routes: Blueprint) -> None:
    """Adds the document routes to `routes` (the widget's blueprint)."""

    @routes.get("/summary/<name:str>")
    async def summary_document(request: Request, name: str) -> HTTPResponse:
        token, extension = split_name(name)
        payload = read_token(token, "summary") if extension in ("pdf", "html") else None
        if payload is None:
            return not_found()
        try:
            summary = await conversation_summary(request, payload["c"])
        except Exception:  # the store is down: say so, don't pretend the link is wrong
            logger.exception("Could not read a conversation for its summary")
            return response.text("Please try again in a moment.", status=503, headers=PRIVATE_HEADERS)
        if summary is None:
            return not_found()
        filename = f"scalene-coach-summary-{summary['made']}"
        if extension == "html":
            headers = dict(PRIVATE_HEADERS, **{"Content-Security-Policy": HTML_POLICY})
            return response.html(summary_html(summary, pdf_name=f"{token}.pdf"), headers=headers)
        body = await asyncio.get_running_loop().run_in_executor(None, summary_pdf, summary)
        headers = dict(PRIVATE_HEADERS, **{"Content-Disposition": f'inline; filename="{filename}.pdf"'})
        return response.raw(body, content_type="application/pdf", headers=headers)

    @routes.get("/reminder/<name:str>")
    async def reminder(_: Request, name: str) -> HTTPResponse:
        token, extension = split_name(name)
        payload = read_token(token, "reminder") if extension == "ics" else None
        try:
            day, at = date.fromisoformat(payload["d"]), time.fromisoformat(payload["t"])
        except (TypeError, KeyError, ValueError):
            return not_found()
        body = reminder_ics(day, at, REMINDER_TITLE, REMINDER_TEXT, uid=f"{token[-24:]}@scalene-coach")
        headers = dict(PRIVATE_HEADERS, **{"Content-Disposition": 'attachment; filename="scalene-coach-reminder.ics"'})
        return response.raw(body, content_type="text/calendar; charset=utf-8", headers=headers)
