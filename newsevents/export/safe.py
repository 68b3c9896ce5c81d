"""Output that cannot be turned against its reader.

- CSV: a cell that begins with = + - @ TAB or CR is a formula to a spreadsheet (`=HYPERLINK(...)`); it is
  written with a leading apostrophe, as OWASP recommends.
- TSV: a field never holds a tab, carriage return or newline (each becomes a space).
- Terminal: control characters (escape sequences, backspaces, C1 codes) and bidirectional overrides are
  removed, so article text cannot move the cursor, retitle the window or reorder what is shown.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_BREAKS = re.compile(r"[\t\r\n]")
_FORMULA_SQL = r"^[=+\-@\t\r]"


def csv_cell(value):
    """A CSV cell value, neutralised when it is a string a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_row(row: dict) -> dict:
    return {k: csv_cell(v) for k, v in row.items()}


def tsv_field(value) -> str:
    """One TSV field: None as empty, tabs and line breaks as spaces."""
    return "" if value is None else _BREAKS.sub(" ", str(value))


def terminal_text(value) -> str:
    """Text safe to print on a terminal: line breaks and tabs as spaces, other control characters removed."""
    return _CONTROL.sub("", _BREAKS.sub(" ", "" if value is None else str(value)))


def csv_safe_select(con, query: str, params: list | None = None) -> str:
    """`query` wrapped so that every text column is neutralised like csv_cell, in SQL (for COPY ... CSV;
    the wrapped query takes the same `params`)."""
    cols = con.execute(f"DESCRIBE ({query})", params or []).fetchall()
    parts = []
    for name, typ, *_ in cols:
        q = '"' + name.replace('"', '""') + '"'
        if typ == "VARCHAR":
            parts.append(f"CASE WHEN regexp_matches({q}, '{_FORMULA_SQL}') THEN '''' || {q} ELSE {q} END AS {q}")
        else:
            parts.append(q)
    return f"SELECT {', '.join(parts)} FROM ({query})"
