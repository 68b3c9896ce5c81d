"""Event writers.  JSONL keeps the full record; CSV and the table flatten it."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO

from newsevents.export.safe import csv_row, terminal_text

CSV_COLUMNS = [
    "id", "article_id", "sentence", "date", "date_precision", "source_code", "source_country", "source_sector",
    "source_text", "cameo", "cameo_name", "plover", "quad_class", "goldstein", "target_code", "target_country",
    "target_sector", "target_text", "trigger", "confidence", "location", "sentence_text",
]


def flat_record(r: dict) -> dict:
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
    }


def write_jsonl(records: Iterable[dict], out: IO[str]) -> int:
    n = 0
    for r in records:
        out.write(json.dumps(r, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(records: Iterable[dict], out: IO[str]) -> int:
    w = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    w.writeheader()
    n = 0
    for r in records:
        w.writerow(csv_row(flat_record(r)))
        n += 1
    return n


def write_table(records: Iterable[dict], out: IO[str], width: int | None = None) -> int:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    for col in ("article", "sent", "date", "source", "action", "target", "conf", "evidence"):
        table.add_column(col, overflow="fold")
    n = 0
    for r in records:
        s, t = r.get("source") or {}, r.get("target") or {}
        action = f"{r['cameo']} {r.get('plover') or '(statement)'}"
        cells = (
            str(r["article_id"])[:24], str(r["sentence"]), r.get("date") or "",
            f"{s.get('code') or '-'} {s.get('text') or ''}"[:40], action,
            f"{t.get('code') or '-'} {t.get('text') or ''}"[:40], f"{r.get('confidence', 0):.2f}",
            (r.get("trigger") or {}).get("text", ""),
        )
        table.add_row(*(escape(terminal_text(c)) for c in cells))
        n += 1
    Console(file=out, width=width or 160).print(table)
    return n
