"""The one-page summary as a printable HTML page: no script, styles inline, every value escaped."""
from __future__ import annotations

from html import escape
from typing import Any, Dict, List

STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2d3d;
       max-width: 760px; margin: 24px auto; padding: 0 16px; }
h1 { color: #0f766e; font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 20px 0 6px; }
.small { color: #52606d; font-size: 13px; margin: 2px 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #9aa5b1; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #e6f2f1; }
.actions { margin: 16px 0; font-size: 13px; color: #52606d; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; } .actions { display: none; } }
"""


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def _table(header: List[str], rows: List[List[str]]) -> str:
    head = "".join(f"<th scope=\"col\">{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def summary_html(summary: Dict[str, Any], pdf_name: str = "") -> str:
    """The summary dict (report.summary.build_summary) as a complete HTML document."""
    text = summary["text"]
    parts = [
        "<!doctype html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        "<meta name=\"robots\" content=\"noindex, nofollow\">",
        f"<title>{_e(text['title'])}</title><style>{STYLE}</style></head><body>",
        f"<h1>{_e(text['title'])}</h1>",
        f"<p class=\"small\">{_e(text['subtitle'])} Made {_e(summary['made'])}.</p>",
    ]
    if pdf_name:
        parts.append(f"<p class=\"actions\">Print this page, or <a href=\"{_e(pdf_name)}\">download it as a PDF</a>.</p>")
    parts.append(f"<h2>{_e(text['sessions'])}</h2>")
    if summary["sessions"]:
        parts.append(f"<p class=\"small\">{_e(text['pain_note'])}</p>")
        parts.append(_table(["Date", "Pain before", "Pain after", "Spots that eased", "Referral found"],
                            [[s["date"], s["pain_before"], s["pain_after"], s["eased"], s["referral"]]
                             for s in summary["sessions"]]))
    else:
        parts.append(f"<p>{_e(text['no_sessions'])}</p>")
    parts.append(f"<h2>{_e(text['screen'])}</h2><ol class=\"small\">")
    parts += [f"<li>{_e(q)}</li>" for q in summary["screen_questions"]]
    parts.append("</ol>")
    parts += [f"<p>{_e(s['date'])}: {_e(s['answer'])}</p>" for s in summary["screens"]] or ["<p>Not asked.</p>"]
    parts.append(f"<h2>{_e(text['red_flags'])}</h2>")
    parts += [f"<p>{_e(f['date'])}: {_e(f['reason'])} (advised: {_e(f['advice'])})</p>" for f in summary["red_flags"]] \
        or [f"<p>{_e(text['no_red_flags'])}</p>"]
    parts.append(f"<h2>{_e(text['strengthening'])}</h2>")
    if summary["strengthening"]:
        parts.append(_table(["Date", "Where", "Moves (reps × hold)", "Skipped"],
                            [[r["date"], r["where"], r["moves"], r["skipped"]] for r in summary["strengthening"]]))
    else:
        parts.append(f"<p>{_e(text['no_strengthening'])}</p>")
    parts.append(f"<p class=\"small\">{_e(text['footer'])}</p></body></html>")
    return "\n".join(parts)
