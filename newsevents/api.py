"""The Python API: code text, records and pandas DataFrames into Event records.

    import newsevents
    events = newsevents.code_text("Iran seized a British tanker on Friday.", date="2019-07-20")
    events[0].source.code, events[0].cameo, events[0].target.code   # ('IRN', '190'…

Options (`alternatives=True`, `keep_negated=True`) are those of the `code` command.  A bad record costs
that record only: its one-line message goes to `on_error` (default: a CodingWarning) and coding goes on.
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from newsevents.record import Event

if TYPE_CHECKING:
    import pandas as pd

    from newsevents.ingest import InputError

__all__ = ["CodingWarning", "code_frame", "code_records", "code_text", "events_to_frame", "load"]


class CodingWarning(UserWarning):
    """A record skipped or repaired while coding (the message names the record and the field)."""


def load():
    """The spaCy pipeline with the parse fixes (loaded once per process)."""
    from newsevents.nlp import load_nlp

    return load_nlp()


def _check_options(options: dict) -> dict:
    from newsevents.coder import SentenceCoder

    known = [p for p in inspect.signature(SentenceCoder.__init__).parameters if p not in ("self", "memory")]
    for k in options:
        if k not in known:
            raise TypeError(f"unknown option {k!r} (choose from {', '.join(known)})")
    return options


def _warn(err: InputError) -> None:
    warnings.warn(str(err), CodingWarning, stacklevel=2)


def code_records(records: Iterable[Any], *, on_error: Callable[[InputError], None] | None = None,
                 batch_size: int = 64, n_process: int = 1, **options) -> Iterator[Event]:
    """Code records (dicts with `text` and optionally `id`, `date`, `title`, `url`, `source`, as in a JSONL
    input, or `ingest.Article`s) lazily, in order; yield Events."""
    return _code(records, "record", on_error, batch_size, n_process, _check_options(options))


def _code(records: Iterable[Any], origin: str, on_error, batch_size: int, n_process: int,
          options: dict) -> Iterator[Event]:
    from newsevents.engine import code_events
    from newsevents.ingest.readers import read_records

    yield from code_events(read_records(records, origin), on_error or _warn, batch_size, n_process,
                           options=options)


def code_text(text: str, date: Any = None, title: str | None = None, *, id: str = "text",
              on_error: Callable[[InputError], None] | None = None, **options) -> list[Event]:
    """Code one article's text (date: "YYYY-MM-DD", a date or a datetime; it dates "on Friday")."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, not {type(text).__name__}")
    return list(code_records([{"id": id, "text": text, "date": date, "title": title}], on_error=on_error,
                             **options))


def _pandas():
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("pandas is needed for DataFrames: pip install 'newsevents[pandas]'") from None
    return pd


def events_to_frame(events: Iterable[Event | dict]) -> pd.DataFrame:
    """One row per event, the columns of the CSV writer (export.writers.CSV_COLUMNS)."""
    pd = _pandas()
    from newsevents.export.writers import CSV_COLUMNS, flat_record

    return pd.DataFrame([flat_record(e) for e in events], columns=CSV_COLUMNS)


def code_frame(df: pd.DataFrame, text_col: str = "text", date_col: str | None = "date", id_col: str | None = "id",
               *, on_error: Callable[[InputError], None] | None = None, **options) -> pd.DataFrame:
    """Code a DataFrame of articles (one per row); returns one row per event (events_to_frame).
    Without an `id_col` column the row index is the article id; without a `date_col` column, no dates."""
    pd = _pandas()
    if text_col not in df.columns:
        raise KeyError(f"no column {text_col!r} (columns: {', '.join(map(str, df.columns))})")

    def value(row, col):
        v = row.get(col) if col else None
        return None if v is None or (not isinstance(v, list | dict) and pd.isna(v)) else v

    def rows() -> Iterator[dict]:
        for idx, row in df.iterrows():
            rid = value(row, id_col) if id_col in df.columns else idx
            yield {"id": str(rid) if rid is not None else str(idx), "text": value(row, text_col),
                   "date": value(row, date_col)}

    return events_to_frame(_code(rows(), "row", on_error, 64, 1, _check_options(options)))
