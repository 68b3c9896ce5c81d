"""Turn paths (text files, folders, JSONL, JSONL.gz, CSV, HTML, `-` for stdin) into Article records.

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
from newsevents.ingest.formats import (
    DATE_ALIASES,
    SOURCE_ALIASES,
    TITLE_ALIASES,
    URL_ALIASES,
    first_field,
    is_sidecar,
    normalize_date,
    read_sidecar,
    relative_id,
)

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
    warnings: list[str] = field(default_factory=list)  # kept-record notes ("unreadable date ...")


@dataclass
class InputError:
    origin: str
    message: str
    warning: bool = False  # True: a note about a record that was kept

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


class InputWarning(InputError):
    """A note about a record that was kept, repaired (NULs removed, a text cut): InputError(warning=True)."""

    def __init__(self, origin: str, message: str):
        super().__init__(origin, message, True)


def _decode(data: bytes, origin: str) -> str | InputError:
    if not data.strip():
        return InputError(origin, "empty file")
    text, enc = robust.decode_bytes(data)
    if text is None:
        return InputError(origin, "binary file (NUL or control bytes), skipped")
    if not text.replace("\x00", "").strip():
        return InputError(origin, "empty file")
    return text


def _stable_id(path: Path, n: int | None = None, base: str | None = None) -> str:
    stem = base or path.stem
    return stem if n is None else f"{stem}-{n}"


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
    rid = _first(obj, ID_ALIASES)
    rid = default_id if rid is None or rid == "" else str(rid)
    return _with_metadata(Article(id=rid, text=text, origin=origin), obj)  # cut with a warning in _checked


def _text_of(value) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _with_metadata(art: Article, obj: dict) -> Article:
    """Fill date, title, url and source from a record's fields (any common alias), date read by dateutil;
    an unreadable date leaves the article undated, with a warning."""
    date_key, date = first_field(obj, DATE_ALIASES)
    if date is not None:
        art.date = normalize_date(date)
        if art.date is None:
            art.warnings.append(f"unreadable date in field '{date_key}' ({str(date)[:40]!r}), article kept undated")
    art.title = art.title or _text_of(first_field(obj, TITLE_ALIASES)[1])
    art.url = art.url or _text_of(first_field(obj, URL_ALIASES)[1])
    art.source = art.source or _text_of(first_field(obj, SOURCE_ALIASES)[1])
    known = {*DATE_ALIASES, *TITLE_ALIASES, *URL_ALIASES, *SOURCE_ALIASES, *TEXT_ALIASES, *ID_ALIASES}
    art.extra.update({k: v for k, v in obj.items() if str(k).lower() not in known})
    return art


def read_jsonl(path: Path, base: str | None = None) -> Iterator[Article | InputError]:
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as f:
            head = f.read(4096)
            f.seek(0)
            if path.suffix.lower() == ".json":
                yield from _read_json_document(path, f.read(), base)
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
                yield _article_from_obj(obj, origin, _stable_id(path, n, base))
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as e:
        yield InputError(str(path), f"cannot read further ({e.__class__.__name__}: {e}); records before this were kept")


def _read_json_document(path: Path, data: bytes, base: str | None = None) -> Iterator[Article | InputError]:
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
                yield _article_from_obj(obj, f"{path}:{n}", _stable_id(path, n, base))
            return
        yield _article_from_obj(obj, f"{path}:1", _stable_id(path, 1, base))
        return
    for k, (line, obj, err) in enumerate(robust.json_array(text), 1):
        if err:
            yield InputError(f"{path}:{line}", err)
        else:
            yield _article_from_obj(obj, f"{path}:{line}", _stable_id(path, k, base))


def read_csv(path: Path, base: str | None = None) -> Iterator[Article | InputError]:
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
            text_col = next((f for c in TEXT_ALIASES for f in fieldnames if f and f.strip().lower() == c), None)
            if text_col is None:
                yield InputError(f"{path}:1", f"CSV has no text column ({', '.join(TEXT_ALIASES)}), skipped")
                return
            continue
        if not fields:
            continue
        n += 1
        origin = f"{path}:{line}"
        row = dict(zip(fieldnames, fields, strict=False))
        if not (row.get(text_col) or "").strip():
            yield InputError(origin, f"empty field '{text_col}', skipped")
            continue
        yield _article_from_obj(row, origin, _stable_id(path, n, base))


def read_text_file(path: Path, base: str | None = None) -> Iterator[Article | InputError]:
    try:
        data = path.read_bytes()
    except OSError as e:
        yield InputError(str(path), f"cannot read ({e.strerror})")
        return
    text = _decode(data, str(path))
    if isinstance(text, InputError):
        yield text
        return
    yield from _text_article(path, text, base)


def _text_article(path: Path, text: str, base: str | None) -> Iterator[Article | InputError]:
    """A text or HTML file's article, with the metadata of its sidecar (story.meta.json) if any."""
    from newsevents.ingest.html import extract_html, is_html

    art = Article(id=base or path.stem, text=text, origin=f"{path}:1")
    if is_html(path):
        page = extract_html(text)
        if page is None:
            yield InputError(f"{path}:1", "HTML page without main text, skipped")
            return
        art.text, art.title, art.date, art.url, art.source = (page["text"], page["title"],
                                                              page["date"], page["url"], page["source"])
    side, err = read_sidecar(path)
    if err:
        yield InputError(err.split(": ", 1)[0], err.split(": ", 1)[1], warning=True)
    if side:
        _with_metadata(art, side)
        art.id = str(side.get("id") or art.id)
    yield art


def read_stdin(stream=None) -> Iterator[Article | InputError]:
    """`-`: JSONL when the first non-blank character is `{`, else one text article."""
    import tempfile

    stream = stream if stream is not None else sys.stdin.buffer
    data = stream.read()
    if isinstance(data, str):
        data = data.encode("utf-8")
    if data.lstrip()[:1] == b"{":
        with tempfile.TemporaryDirectory() as d:
            tmp = Path(d) / "stdin.jsonl"
            tmp.write_bytes(data)
            for item in read_jsonl(tmp, base="stdin"):
                item.origin = item.origin.replace(str(tmp), "<stdin>")
                yield item
        return
    text = _decode(data, "<stdin>")
    if isinstance(text, InputError):
        yield text
        return
    yield Article(id="stdin", text=text, origin="<stdin>:1")


def read_path(path: Path, base: str | None = None) -> Iterator[Article | InputError]:
    name = path.name.lower()
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".json")):
        yield from read_jsonl(path, base)
    elif name.endswith(".csv"):
        yield from read_csv(path, base)
    else:
        yield from read_text_file(path, base)


def _checked(items: Iterable[Article | InputError]) -> Iterator[Article | InputError]:
    """Last checks on every record, each repair with one warning: NULs removed, an over-long text cut."""
    for item in items:
        if isinstance(item, Article):
            item.text, nuls, _ = robust.strip_nuls(item.text)
            if nuls:
                yield InputWarning(item.origin, "text: " + robust.nul_message(nuls))
            if len(item.text) > MAX_TEXT_CHARS:
                yield InputWarning(item.origin, f"text: {len(item.text):,} characters, cut at {MAX_TEXT_CHARS:,}")
                item.text = item.text[:MAX_TEXT_CHARS]
        yield item


def _walk(paths: Iterable[str | Path]) -> Iterator[Article | InputError]:
    for p in paths:
        if str(p) == "-":
            yield from read_stdin()
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and not f.name.startswith(".")
                           and not is_sidecar(f))
            if not files:
                yield InputError(str(path), "folder holds no files")
            for f in files:
                yield from read_path(f, relative_id(f, path))
        elif path.exists():
            yield from read_path(path)
        else:
            yield InputError(str(path), "no such file or folder")


def read_paths(paths: Iterable[str | Path], default_date: str | None = None) -> Iterator[Article | InputError]:
    """Yield articles (and errors) from files and folders (walked in sorted order; ids are paths relative
    to the folder), `-` for stdin.  default_date dates the articles that carry none (`--date`)."""
    for item in _checked(_walk(paths)):
        if isinstance(item, Article):
            for w in item.warnings:
                yield InputError(item.origin, w, warning=True)
            if item.date is None and default_date:
                item.date = default_date
        yield item


def content_hash(text: str) -> str:
    """The article key of the store and the dataset manifests (SHA-256 of the text, 32 hex digits):
    an article whose hash is stored is not coded again.  Changing it would re-code every stored article."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def read_records(objs: Iterable[object], origin: str = "record") -> Iterator[Article | InputError]:
    """Articles from in-memory records (dicts with the JSONL fields, or Articles), numbered from 1 for
    messages ("record 3: missing field 'text', skipped"); checked and repaired as files are."""
    def walk() -> Iterator[Article | InputError]:
        for n, obj in enumerate(objs, 1):
            yield obj if isinstance(obj, Article) else _article_from_obj(obj, f"{origin} {n}", str(n))

    for item in _checked(walk()):
        if isinstance(item, Article):
            for w in item.warnings:
                yield InputError(item.origin, w, warning=True)
        yield item
