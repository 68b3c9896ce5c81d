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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

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


def _decode(data: bytes, origin: str) -> str | InputError:
    if not data.strip():
        return InputError(origin, "empty file")
    if b"\x00" in data[:4096]:
        return InputError(origin, "binary file (NUL bytes), skipped")
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return InputError(origin, "unknown text encoding (not UTF-8 or Windows-1252), skipped")


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
        text=text[:MAX_TEXT_CHARS],
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
            for n, raw in enumerate(f, 1):
                origin = f"{path}:{n}"
                if not raw.strip():
                    continue
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError:
                    line = raw.decode("cp1252", errors="replace")
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as e:
                    yield InputError(origin, f"invalid JSON ({e.msg} at column {e.colno}), skipped")
                    continue
                yield _article_from_obj(obj, origin, _stable_id(path, n))
    except (OSError, EOFError, gzip.BadGzipFile) as e:
        yield InputError(str(path), f"cannot read further ({e.__class__.__name__}: {e}); records before this were kept")


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
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or "text" not in reader.fieldnames:
        yield InputError(f"{path}:1", "CSV has no 'text' column, skipped")
        return
    try:
        for n, row in enumerate(reader, 2):
            origin = f"{path}:{reader.line_num}"
            row = {k: v for k, v in row.items() if k is not None}
            if not (row.get("text") or "").strip():
                yield InputError(origin, "empty field 'text', skipped")
                continue
            yield _article_from_obj(row, origin, _stable_id(path, n - 1))
    except csv.Error as e:
        yield InputError(f"{path}:{reader.line_num}", f"malformed CSV ({e}); records before this were kept")


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
    yield Article(id=path.stem, text=text[:MAX_TEXT_CHARS], origin=f"{path}:1")


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
