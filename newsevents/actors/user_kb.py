"""The user's knowledge base: entries imported from other dictionaries (e.g. PETRARCH/Phoenix),
kept in one TSV file outside the package and added to the built-in knowledge base at load time.

Where: `$NEWSEVENTS_KB_DIR/user_kb.tsv`, default `~/.newsevents/user_kb.tsv`.  The file's first
line records the mode: `extend` (built-in entries win where both know a phrase) or `override`.
"""

from __future__ import annotations

import csv
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from newsevents.actors.kb import KB, Entry
from newsevents.actors.petrarch import KBRow, read_dictionaries

COLUMNS = ["kind", "phrase", "country", "sector", "entity", "start", "end", "code"]


def user_kb_path() -> Path:
    base = os.environ.get("NEWSEVENTS_KB_DIR") or str(Path.home() / ".newsevents")
    return Path(base) / "user_kb.tsv"


def _cased(phrase: str) -> str:
    """Dictionaries are in capitals: keep short acronyms ("UN", "WHO") case-sensitive, fold the rest."""
    letters = phrase.replace(".", "").replace(" ", "")
    if len(letters) <= 2 or (len(letters) <= 5 and phrase.lower() in STOP_WORDS):
        return phrase.upper()
    return phrase.title() if phrase.isupper() else phrase


def write_user_kb(rows: Iterable[KBRow], path: Path, mode: str, source: str) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    n = 0
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(f"# newsevents user knowledge base; mode={mode}; source={source}; written {time.ctime()}\n")
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(COLUMNS)
        seen = set()
        for r in rows:
            key = (r.kind, r.phrase, r.country, r.sector, r.start, r.end)
            if key in seen:
                continue
            seen.add(key)
            w.writerow([r.kind, _cased(r.phrase), r.country or "", r.sector or "", r.entity or "", r.start or "",
                        r.end or "", r.code or ""])
            n += 1
    tmp.replace(path)
    return n


def import_petrarch(folder: Path, path: Path | None = None, mode: str = "extend",
                    on_error: Callable[[str], None] | None = None) -> tuple[int, Path]:
    """Read a folder of PETRARCH/Phoenix dictionaries into the user knowledge base."""
    from newsevents.actors.kb import build_kb

    countries = set(build_kb().countries) | {"UNO", "EUR", "IGO"}
    path = path or user_kb_path()
    rows = read_dictionaries(folder, countries, on_error or (lambda m: None))
    return write_user_kb(rows, path, mode, str(folder)), path


def extend_with_user_kb(kb: KB, path: Path | None = None) -> int:
    """Add the user's entries to kb (after the built-in ones, or before them in override mode)."""
    path = path or user_kb_path()
    if not path.exists():
        return 0
    with open(path, encoding="utf-8") as f:
        first = f.readline()
        front = "mode=override" in first
        n = 0
        for r in csv.DictReader(f, delimiter="\t"):
            kind = r["kind"]
            if kind not in ("person", "org", "agent"):
                continue
            code = r["code"] or None
            e = Entry(kind, r["country"] or None, r["sector"] or None, r["entity"] or None, r["start"] or None,
                      r["end"] or None, office=f"{code} (imported)" if code else None, code=code)
            kb.add_user(r["phrase"], e, override=front)
            n += 1
    return n
