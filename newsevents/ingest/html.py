"""HTML input (.html/.htm files) through trafilatura: main text, title, date and URL, offline.

Character entities in plain text (`Russia&#8217;s`, `&amp;`) are decoded in clean.py with offsets
kept; this module handles whole HTML pages.
"""

from __future__ import annotations

import html as _html
import re
from pathlib import Path

from newsevents.ingest.formats import normalize_date

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")


def decode_entity(m: re.Match) -> str:
    """The character an entity names; the entity itself when it names none ("&foo")."""
    out = _html.unescape(m.group(0))
    return out if out != m.group(0) else m.group(0)


def extract_html(markup: str) -> dict | None:
    """{text, title, date, url, source} of a page's main content; None when no text is found."""
    import trafilatura

    doc = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None:
        return None
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (d.get("text") or "").strip()
    if not text:
        return None
    title = d.get("title")
    if title and text.startswith(title):  # trafilatura repeats the headline as the first line
        text = text[len(title):].lstrip("\n")
    return {"text": (title + "\n\n" + text) if title else text, "title": title,
            "date": normalize_date(d.get("date")), "url": d.get("url"), "source": d.get("sitename")}


def is_html(path: Path) -> bool:
    return path.name.lower().endswith(HTML_SUFFIXES)
