"""Event writers.  JSONL keeps the full record; CSV and the table flatten it.

Each writer takes Event records (newsevents.record) or their JSON dicts (Event.to_dict)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO

from newsevents.export.safe import csv_row, terminal_text
from newsevents.record import Event, as_record

CSV_COLUMNS = [
    "id", "article_id", "sentence", "date", "date_precision", "source_code", "source_country", "source_sector",
    "source_text", "cameo", "cameo_name", "plover", "quad_class", "goldstein", "target_code", "target_country",
    "target_sector", "target_text", "trigger", "confidence", "location", "sentence_text",
    "future", "hypothetical", "negated", "historical", "alternative", "reported_by", "place", "location_country",
]
FLAG_COLUMNS = ("future", "hypothetical", "negated", "historical", "alternative")


def _reported_by(flags: dict) -> str | None:
    rb = flags.get("reported_by")
    if isinstance(rb, dict):
        return rb.get("code") or rb.get("text")
    return rb or None


def flat_record(r: Event | dict) -> dict:
    """The CSV row (CSV_COLUMNS) of an event record."""
    r = as_record(r)
    s, t = r.get("source") or {}, r.get("target") or {}
    loc = r.get("location") or {}
    return {
        "id": r["id"], "article_id": r["article_id"], "sentence": r["sentence"], "date": r.get("date"),
        "date_precision": r.get("date_precision"),
        "source_code": s.get("code"), "source_country": s.get("country"), "source_sector": s.get("sector"),
        "source_text": s.get("text"), "cameo": r["cameo"], "cameo_name": r.get("cameo_name"),
        "plover": r.get("plover"), "quad_class": r.get("quad_class"), "goldstein": r.get("goldstein"),
        "target_code": t.get("code"), "target_country": t.get("country"), "target_sector": t.get("sector"),
        "target_text": t.get("text"), "trigger": (r.get("trigger") or {}).get("text"),
        "confidence": r.get("confidence"), "location": loc.get("name") if isinstance(loc, dict) else None,
        "sentence_text": r.get("sentence_text"),
        **{k: bool((r.get("flags") or {}).get(k)) or (k == "historical" and bool(r.get("historical")))
           for k in FLAG_COLUMNS},
        "reported_by": _reported_by(r.get("flags") or {}),
        "place": (loc.get("text") or loc.get("name")) if isinstance(loc, dict) else None,
        "location_country": loc.get("country") if isinstance(loc, dict) else None,
    }


def write_jsonl(records: Iterable[Event | dict], out: IO[str]) -> int:
    n = 0
    for r in records:
        out.write(json.dumps(as_record(r), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(records: Iterable[Event | dict], out: IO[str]) -> int:
    w = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    w.writeheader()
    n = 0
    for r in records:
        w.writerow(csv_row(flat_record(r)))
        n += 1
    return n


def _flag_text(f: dict) -> str:
    words = [k for k in FLAG_COLUMNS if f.get(k)]
    if f.get("reported_by"):
        words.append(f"reported by {f['reported_by']}")
    return ", ".join(words)


def write_table(records: Iterable[Event | dict], out: IO[str], width: int | None = None) -> int:
    """A table as wide as the terminal (or `width`), wrapped at word boundaries, with the evidence
    sentence (trigger in bold), place and flags.  Below 120 columns, article, date, place and confidence
    go on a line under the evidence."""
    import shutil

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    width = width or shutil.get_terminal_size((160, 24)).columns
    wide = width >= 120
    table = Table(show_lines=True, header_style="bold", expand=True)
    if wide:
        table.add_column("article", ratio=1, overflow="fold")
        table.add_column("date", no_wrap=True)
    for col in ("source", "action", "target"):
        table.add_column(col, ratio=2, min_width=10, overflow="fold")
    if wide:
        table.add_column("place", ratio=1, overflow="fold")
        table.add_column("conf", no_wrap=True, justify="right")
    table.add_column("evidence", ratio=5, overflow="fold")
    n = 0
    for r in map(as_record, records):
        s, t = r.get("source") or {}, r.get("target") or {}
        loc = r.get("location") or {}
        place = (loc.get("text") or loc.get("name") or "") if isinstance(loc, dict) else ""
        flags = dict(r.get("flags") or {})
        if isinstance(flags.get("reported_by"), dict):
            flags["reported_by"] = _reported_by(flags)
        action = f"{r['cameo']} {r.get('plover') or '(statement)'}"
        if _flag_text(flags):
            action += f" [{_flag_text(flags)}]"
        ev = Text(terminal_text(r.get("sentence_text")))  # Text, not markup; control characters removed
        trig = terminal_text((r.get("trigger") or {}).get("text"))
        if trig and trig in ev.plain:
            i = ev.plain.index(trig)
            ev.stylize("bold", i, i + len(trig))
        cells = [Text(terminal_text(f"{s.get('code') or '-'} {s.get('text') or ''}")), Text(terminal_text(action)),
                 Text(terminal_text(f"{t.get('code') or '-'} {t.get('text') or ''}"))]  # Text: no markup in news text
        if wide:
            table.add_row(Text(terminal_text(f"{r['article_id']}:{r['sentence']}")), Text(terminal_text(r.get("date"))),
                          *cells, Text(terminal_text(place)),
                          f"{r.get('confidence', 0):.2f}", ev)
        else:
            meta = " · ".join(x for x in (f"{r['article_id']}:{r['sentence']}", r.get("date") or "",
                                          place and f"in {place}", f"conf {r.get('confidence', 0):.2f}") if x)
            ev.append("\n" + terminal_text(meta), style="dim")
            table.add_row(*cells, ev)
        n += 1
    Console(file=out, width=width).print(table)
    return n
