"""A small store for the server tests: the demo corpus with dates, a second JPN-KOR story a few
months later, and a story whose text and title carry HTML/script (XSS cases)."""

from __future__ import annotations

import json
from pathlib import Path

DEMO = Path(__file__).resolve().parents[1] / "newsevents" / "demo"
XSS_TEXT = ("Russian troops attacked Ukraine <script>alert(1)</script> near Kharkiv, officials said "
            "<img src=x onerror=alert(2)>.")
XSS_TITLE = "<img src=x onerror=alert(3)> Russia strikes"
EXTRA = [
    {"id": "jk_protest", "date": "2024-05-10", "title": "Japan protests", "url": "https://example.org/jk",
     "source": "Team wire", "text": "Japan accused South Korea of violating the fisheries agreement. Japan protested "
     "to South Korea over the disputed islands on Tuesday."},
    {"id": "flags", "date": "2024-07-10", "title": "Plans", "text": "India will send humanitarian aid to Nepal next "
     "week. China would impose sanctions on Japan if the talks fail. Russia did not accept the proposal from Moldova."},
    {"id": "xss", "date": "2024-06-03", "title": XSS_TITLE, "url": "javascript:alert(4)", "source": "<b>wire</b>",
     "text": XSS_TEXT},
]


def write_corpus(path: Path) -> Path:
    """The demo stories as JSONL, dated one month apart from 2024-01-15 (the summit story on 2024-03-13)."""
    rows = []
    for i, f in enumerate(sorted(DEMO.glob("*.txt"))):
        date = "2024-03-13" if f.stem == "01_summit" else f"2024-{(i % 12) + 1:02d}-15"
        rows.append({"id": f.stem, "date": date, "title": None, "source": "demo", "text": f.read_text("utf-8")})
    rows += EXTRA
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def build_store(folder: Path) -> Path:
    from newsevents.store import ingest, merge_store, open_db

    db = folder / "serve.duckdb"
    ingest([write_corpus(folder / "corpus.jsonl")], db)
    con = open_db(db)
    try:
        merge_store(con)
    finally:
        con.close()
    return db
