"""Turn paths (text files, folders, JSONL, JSONL.gz, CSV) into Article records.

Bad records never stop a run: each yields an InputError with a one-line message naming
the file, the line and the field, and the reader goes on with the next record.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsevents.ingest import robust

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
MAX_TEXT_CHARS = 2_000_000  # longer articles are cut here, with a warning


@dataclass
class Article:
    id: str
    text: str
    date: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    origin: str = ""  # "file:line", for messages
    extra: dict = field(default_factory=dict)


@dataclass
class InputError:
    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


class InputWarning(InputError):
    """Something was repaired or dropped from a record that is still read (NULs, a cut text, a bad date)."""


def _decode(data: bytes, origin: str) -> str | InputError:
    if not data.strip():
        return InputError(origin, "empty file")
    text, enc = robust.decode_bytes(data)
    if text is None:
        return InputError(origin, "binary file (NUL or control bytes), skipped")
    if not text.replace("\x00", "").strip():
        return InputError(origin, "empty file")
    return text


def _stable_id(path: Path, n: int | None = None) -> str:
    base = path.stem if n is None else f"{path.stem}-{n}"
    return base


TEXT_ALIASES = ("text", "doc_text", "body", "content", "article_text", "story")
ID_ALIASES = ("id", "doc_id", "article_id", "guid")


def _first(obj: dict, keys: tuple[str, ...]):
    return next((obj[k] for k in keys if obj.get(k) is not None), None)


def _article_from_obj(obj: object, origin: str, default_id: str) -> Article | InputError:
    if not isinstance(obj, dict):
        return InputError(origin, "record is not a JSON object, skipped")
    text = _first(obj, TEXT_ALIASES)
    if text is None:
        return InputError(origin, "missing field 'text', skipped")
    if not isinstance(text, str):
        return InputError(origin, f"field 'text' is {type(text).__name__}, not a string, skipped")
    date = obj.get("date")
    if date is not None and not isinstance(date, str):
        date = str(date)
    rid = _first(obj, ID_ALIASES)
    rid = default_id if rid is None or rid == "" else str(rid)
    known = {"date", "title", "url", "source", *TEXT_ALIASES, *ID_ALIASES}
    return Article(
        id=rid,
        text=text,
        date=date or None,
        title=obj.get("title") if isinstance(obj.get("title"), str) else None,
        url=obj.get("url") if isinstance(obj.get("url"), str) else None,
        source=obj.get("source") if isinstance(obj.get("source"), str) else None,
        origin=origin,
        extra={k: v for k, v in obj.items() if k not in known},
    )


def read_jsonl(path: Path) -> Iterator[Article | InputError]:
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as f:
            head = f.read(4096)
            f.seek(0)
            if path.suffix.lower() == ".json":
                yield from _read_json_document(path, f.read())
                return
            enc, _ = robust.sniff(head)
            lines = io.TextIOWrapper(f, encoding=enc, errors="replace", newline="") if enc else f
            for n, raw in enumerate(lines, 1):
                origin = f"{path}:{n}"
                line = raw.lstrip("\ufeff") if enc else robust.decode_line(raw).lstrip("\ufeff")
                if not line.strip():
                    continue
                line, nuls, _ = robust.strip_nuls(line)
                if nuls:
                    yield InputWarning(origin, robust.nul_message(nuls))
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as e:
                    yield InputError(origin, f"invalid JSON ({e.msg} at column {e.colno}), skipped")
                    continue
                yield _article_from_obj(obj, origin, _stable_id(path, n))
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as e:
        yield InputError(str(path), f"cannot read further ({e.__class__.__name__}: {e}); records before this were kept")


def _read_json_document(path: Path, data: bytes) -> Iterator[Article | InputError]:
    """A .json file: an array of records, one (pretty-printed) record, or JSON lines."""
    text = _decode(data, str(path))
    if isinstance(text, InputError):
        yield text
        return
    text, nuls, first = robust.strip_nuls(text.lstrip("\ufeff"))
    if nuls:
        yield InputWarning(f"{path}:{first}", robust.nul_message(nuls))
    if not text.lstrip().startswith("["):
        try:
            obj = json.loads(text)
        except json.JSONDecodeError:  # not one document: JSON lines after all
            for n, line in enumerate(text.split("\n"), 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as e:
                    yield InputError(f"{path}:{n}", f"invalid JSON ({e.msg} at column {e.colno}), skipped")
                    continue
                yield _article_from_obj(obj, f"{path}:{n}", _stable_id(path, n))
            return
        yield _article_from_obj(obj, f"{path}:1", _stable_id(path, 1))
        return
    for k, (line, obj, err) in enumerate(robust.json_array(text), 1):
        if err:
            yield InputError(f"{path}:{line}", err)
        else:
            yield _article_from_obj(obj, f"{path}:{line}", _stable_id(path, k))


def read_csv(path: Path) -> Iterator[Article | InputError]:
    try:
        data = path.read_bytes()
    except OSError as e:
        yield InputError(str(path), f"cannot read ({e.strerror})")
        return
    text = _decode(data, str(path))
    if isinstance(text, InputError):
        yield text
        return
    csv.field_size_limit(sys.maxsize)
    text, nuls, first = robust.strip_nuls(text)
    if nuls:
        yield InputWarning(f"{path}:{first}", robust.nul_message(nuls))
    rows = robust.csv_rows(robust.LINES.findall(text))
    fieldnames = None
    n = 0
    for line, fields, err in rows:
        if err:
            yield (InputWarning if fields and fieldnames else InputError)(f"{path}:{line}", err)
            if not fields:
                continue
        if fieldnames is None:
            fieldnames = fields
            if "text" not in fieldnames:
                yield InputError(f"{path}:1", "CSV has no 'text' column, skipped")
                return
            continue
        if not fields:
            continue
        n += 1
        origin = f"{path}:{line}"
        row = dict(zip(fieldnames, fields, strict=False))
        if not (row.get("text") or "").strip():
            yield InputError(origin, "empty field 'text', skipped")
            continue
        yield _article_from_obj(row, origin, _stable_id(path, n))


def read_text_file(path: Path) -> Iterator[Article | InputError]:
    try:
        data = path.read_bytes()
    except OSError as e:
        yield InputError(str(path), f"cannot read ({e.strerror})")
        return
    text = _decode(data, str(path))
    if isinstance(text, InputError):
        yield text
        return
    yield Article(id=path.stem, text=text, origin=f"{path}:1")


def read_path(path: Path) -> Iterator[Article | InputError]:
    name = path.name.lower()
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".json")):
        yield from read_jsonl(path)
    elif name.endswith(".csv"):
        yield from read_csv(path)
    else:
        yield from read_text_file(path)


def read_paths(paths: Iterable[str | Path]) -> Iterator[Article | InputError]:
    """Yield articles (and errors) from files and folders, folders walked in sorted order."""
    yield from _checked(_read_paths(paths))


def _checked(items: Iterable[Article | InputError]) -> Iterator[Article | InputError]:
    """Last checks on every record, each repair with one warning: NULs removed, an over-long text cut,
    a date that cannot be read (the article is then dated from its text, if at all)."""
    from newsevents.when_where import parse_pub_date

    for item in items:
        if isinstance(item, Article):
            item.text, nuls, _ = robust.strip_nuls(item.text)
            if nuls:
                yield InputWarning(item.origin, "text: " + robust.nul_message(nuls))
            if len(item.text) > MAX_TEXT_CHARS:
                yield InputWarning(item.origin, f"text: {len(item.text):,} characters, cut at {MAX_TEXT_CHARS:,}")
                item.text = item.text[:MAX_TEXT_CHARS]
            if item.date and parse_pub_date(item.date) is None:
                yield InputWarning(item.origin, f"date: cannot read {item.date[:40]!r}, ignored")
                item.date = None
        yield item


def _read_paths(paths: Iterable[str | Path]) -> Iterator[Article | InputError]:
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and not f.name.startswith("."))
            if not files:
                yield InputError(str(path), "folder holds no files")
            for f in files:
                yield from read_path(f)
        elif path.exists():
            yield from read_path(path)
        else:
            yield InputError(str(path), "no such file or folder")


def content_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()
