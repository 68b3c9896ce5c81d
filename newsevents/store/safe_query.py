"""Untrusted SQL on the store: exactly one read-only statement, on a connection from
db.connect_readonly (no other file can be read or written, configuration locked), with a row limit."""

from __future__ import annotations

import duckdb

from newsevents.store.analytics import Table
from newsevents.store.db import StoreError

ALLOWED = {"SELECT", "EXPLAIN"}  # SELECT covers WITH, FROM-first, DESCRIBE, SHOW and SUMMARIZE
KINDS = "SELECT, WITH, EXPLAIN, DESCRIBE, SHOW or SUMMARIZE"


class QueryRefused(StoreError):
    """A query that is not exactly one read-only statement, or that reaches outside the store."""


def check_sql(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Raise QueryRefused unless `sql` is exactly one read-only statement."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as e:
        raise QueryRefused(f"cannot parse the query ({str(e).splitlines()[0]})") from None
    if len(statements) != 1:
        raise QueryRefused(f"give exactly one statement ({len(statements)} given)")
    kind = statements[0].type.name
    if kind not in ALLOWED:
        raise QueryRefused(f"{kind} statements are refused: the store is read-only here ({KINDS} only)")


def read_query(con: duckdb.DuckDBPyConnection, sql: str, limit: int | None = 100) -> tuple[Table, bool]:
    """(rows, more): at most `limit` rows of the one statement in `sql` (None: all), and whether
    there were more."""
    check_sql(con, sql)
    try:
        cur = con.execute(sql)
    except duckdb.PermissionException as e:
        raise QueryRefused(f"the query reaches outside the store ({str(e).splitlines()[0]})") from None
    except duckdb.Error as e:
        raise QueryRefused(f"query failed: {str(e).splitlines()[0]}") from None
    if cur.description is None:
        return Table([], []), False
    rows = cur.fetchmany(limit + 1) if limit else cur.fetchall()
    more = bool(limit) and len(rows) > limit
    return Table([d[0] for d in cur.description], rows[:limit] if limit else rows), more
