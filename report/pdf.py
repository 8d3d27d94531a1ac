"""The one-page summary as a PDF (reportlab's page layout engine, platypus).

reportlab was measured against fpdf2 and WeasyPrint for this page (README "Summary"): pure
Python, no new transitive packages, 1.8 ms per page. The page uses the PDF standard fonts
(Helvetica), so nothing needs installing; text stays within their character set.
"""
from __future__ import annotations

from io import BytesIO
from typing import Any, Dict, List
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

ACCENT = colors.HexColor("#0f766e")


def _styles() -> Dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontSize=18, leading=22, alignment=0,
                                textColor=ACCENT, spaceAfter=2),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontSize=12.5, leading=16, spaceBefore=8, spaceAfter=3),
        "body": ParagraphStyle("body", parent=base["BodyText"], fontSize=10, leading=13),
        "small": ParagraphStyle("small", parent=base["BodyText"], fontSize=8.5, leading=11, textColor=colors.HexColor("#52606d")),
        "cell": ParagraphStyle("cell", parent=base["BodyText"], fontSize=9.5, leading=12),
    }


def _text(value: Any) -> str:
    """Plain text for a Paragraph (which reads a little markup): escaped, standard-font safe."""
    return escape(str(value)).encode("cp1252", "replace").decode("cp1252")


def _table(header: List[str], rows: List[List[str]], widths: List[float], style: ParagraphStyle) -> Table:
    data = [[Paragraph(f"<b>{_text(h)}</b>", style) for h in header]]
    data += [[Paragraph(_text(cell), style) for cell in row] for row in rows]
    table = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6f2f1")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def summary_pdf(summary: Dict[str, Any]) -> bytes:
    """The summary dict (report.summary.build_summary) as PDF bytes."""
    text, styles = summary["text"], _styles()
    story: List[Any] = [
        Paragraph(_text(text["title"]), styles["title"]),
        Paragraph(_text(f"{text['subtitle']} Made {summary['made']}."), styles["small"]),
        Paragraph(_text(text["sessions"]), styles["h2"]),
    ]
    if summary["sessions"]:
        story.append(Paragraph(_text(text["pain_note"]), styles["small"]))
        story.append(Spacer(1, 2 * mm))
        story.append(_table(["Date", "Pain before", "Pain after", "Spots that eased", "Referral found"],
                            [[s["date"], s["pain_before"], s["pain_after"], s["eased"], s["referral"]]
                             for s in summary["sessions"]], [26, 22, 22, 78, 26], styles["cell"]))
    else:
        story.append(Paragraph(_text(text["no_sessions"]), styles["body"]))

    story.append(Paragraph(_text(text["screen"]), styles["h2"]))
    for number, question in enumerate(summary["screen_questions"], 1):
        story.append(Paragraph(_text(f"{number}. {question}"), styles["small"]))
    for screen in summary["screens"] or [{"date": "", "answer": "not asked"}]:
        story.append(Paragraph(_text(f"{screen['date']}: {screen['answer']}".lstrip(": ")), styles["body"]))

    story.append(Paragraph(_text(text["red_flags"]), styles["h2"]))
    for flag in summary["red_flags"]:
        story.append(Paragraph(_text(f"{flag['date']}: {flag['reason']} (advised: {flag['advice']})"), styles["body"]))
    if not summary["red_flags"]:
        story.append(Paragraph(_text(text["no_red_flags"]), styles["body"]))

    story.append(Paragraph(_text(text["strengthening"]), styles["h2"]))
    if summary["strengthening"]:
        story.append(_table(["Date", "Where", "Moves (reps × hold)", "Skipped"],
                            [[r["date"], r["where"], r["moves"], r["skipped"]] for r in summary["strengthening"]],
                            [26, 20, 100, 28], styles["cell"]))
    else:
        story.append(Paragraph(_text(text["no_strengthening"]), styles["body"]))

    story += [Spacer(1, 6 * mm), Paragraph(_text(text["footer"]), styles["small"])]
    buffer = BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                                 topMargin=16 * mm, bottomMargin=16 * mm, title=text["title"],
                                 author="Scalene Coach", subject=text["subtitle"])
    document.build(story)
    return buffer.getvalue()
