"""Input conveniences: publication dates in any common format, column aliases, sidecar metadata,
stdin, article ids from relative paths, and counting the articles of a set of paths.

Dates are read with python-dateutil ("March 14, 2019", "Thu, 14 Mar 2019 10:00:00 GMT",
"14/03/2019", "2019-03-14T10:00:00Z") and written as ISO: "2019-03-14", or "2019-03" / "2019"
when the value names no day (its precision kept, never a guessed 1st of January).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

DATE_ALIASES = ("date", "publish_date", "published", "pubdate", "pub_date", "published_at", "publication_date",
                "datetime", "timestamp")
TITLE_ALIASES = ("title", "headline")
URL_ALIASES = ("url", "link", "source_url")
SOURCE_ALIASES = ("source", "outlet", "publisher", "site", "source_name")
SIDECAR_SUFFIX = ".meta.json"

_ISO = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])")
_ISO_PARTIAL = re.compile(r"\s*(\d{4})(?:-(\d{2}))?\s*$")
_A = dt.datetime(1904, 1, 1)  # two defaults: a field the value lacks differs between the two parses
_B = dt.datetime(1908, 2, 2)


def normalize_date(value) -> str | None:
    """ISO form of a publication date ("2019-03-14", "2019-03" or "2019"); None when unreadable."""
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1800 <= value <= 2200:
            return str(int(value))
        try:
            return dt.datetime.fromtimestamp(value / (1000 if value > 1e11 else 1), dt.UTC).strftime("%Y-%m-%d")
        except (OverflowError, OSError, ValueError):
            return None
    s = str(value).strip()
    if not s:
        return None
    m = _ISO.match(s)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    m = _ISO_PARTIAL.match(s)
    if m and 1 <= int(m[2] or 1) <= 12:
        return m[1] if m[2] is None else f"{m[1]}-{m[2]}"
    from dateutil import parser

    try:
        a = parser.parse(s, default=_A)
        b = parser.parse(s, default=_B)
    except (ValueError, OverflowError, TypeError):
        try:  # "14/03/2019" is read month-first and fails; day-first then
            a = parser.parse(s, default=_A, dayfirst=True)
            b = parser.parse(s, default=_B, dayfirst=True)
        except (ValueError, OverflowError, TypeError):
            return None
    if a.year != b.year:
        return None  # no year: "March 14" alone is no publication date
    if a.month != b.month:
        return f"{a.year:04d}"
    if a.day != b.day:
        return f"{a.year:04d}-{a.month:02d}"
    return f"{a.year:04d}-{a.month:02d}-{a.day:02d}"


def first_field(obj: dict, keys: tuple[str, ...]):
    """The first non-empty value among keys (case-insensitive), with the key found."""
    lower = {str(k).lower(): k for k in obj}
    for k in keys:
        real = lower.get(k)
        if real is not None and obj[real] not in (None, ""):
            return real, obj[real]
    return None, None


def read_sidecar(path: Path) -> tuple[dict, str | None]:
    """Metadata beside a text file: story.txt -> story.meta.json ({date, title, url, source}).
    Returns (fields, error message or None)."""
    side = path.with_name(path.stem + SIDECAR_SUFFIX)
    if not side.is_file():
        return {}, None
    try:
        obj = json.loads(side.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        return {}, f"{side}:1: unreadable sidecar ({e.__class__.__name__}), ignored"
    if not isinstance(obj, dict):
        return {}, f"{side}:1: sidecar is not a JSON object, ignored"
    return obj, None


def is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR_SUFFIX)


def relative_id(path: Path, root: Path | None) -> str:
    """Article id from the path relative to the folder given: a/1.txt and b/1.txt differ."""
    if root is None:
        return path.stem
    rel = path.relative_to(root)
    stem = rel.name
    for suf in (".jsonl.gz", ".meta.json"):
        if stem.endswith(suf):
            stem = stem[: -len(suf)]
            break
    else:
        stem = rel.stem
    return "/".join([*rel.parts[:-1], stem])


def count_articles(paths) -> int | None:
    """How many articles the paths hold (for a progress total); None when it cannot be known cheaply."""
    import csv
    import io
    import sys

    n = 0
    for p in paths:
        p = Path(p)
        if str(p) == "-":
            return None
        files = sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p] if p.is_file() else []
        for f in files:
            name = f.name.lower()
            if f.name.startswith(".") or is_sidecar(f):
                continue
            try:
                if name.endswith((".jsonl", ".ndjson")):
                    with open(f, "rb") as fh:
                        n += sum(1 for line in fh if line.strip())
                elif name.endswith(".csv"):
                    csv.field_size_limit(sys.maxsize)
                    text = f.read_bytes().decode("utf-8", errors="replace")
                    n += max(sum(1 for _ in csv.reader(io.StringIO(text, newline=""))) - 1, 0)
                elif name.endswith((".gz", ".json")):
                    return None
                else:
                    n += 1
            except (OSError, csv.Error):
                return None
    return n
