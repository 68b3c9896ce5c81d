"""A Parquet dataset store: the tables of the DuckDB store as Parquet files in a folder.

    DIR/events/year=YYYY/month=M/part-KEY.parquet   events by event date (undated: year=0/month=0)
    DIR/articles|sentences|actors/part-KEY.parquet  the other tables, one file per partition
    DIR/_manifests/KEY.json                          written last: the partition's files and content hashes
    DIR/merged/event_clusters.parquet, merged_events.parquet   the merge result

A partition counts only once its manifest exists, and every file is written under a temporary name
and renamed, so a retried or re-run partition rewrites the same files and never doubles its events.
Readers get the tables as DuckDB views over the manifests' files (hive partitions, filters pushed down).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from pathlib import Path

import duckdb

from newsevents.store.db import ACTOR_COLUMNS, ARTICLE_COLUMNS, EVENT_COLUMNS, SCHEMA, SENTENCE_COLUMNS, StoreError

TABLES = {"articles": ARTICLE_COLUMNS, "sentences": SENTENCE_COLUMNS, "events": EVENT_COLUMNS,
          "actors": ACTOR_COLUMNS}
MERGED = ("event_clusters", "merged_events")


def _sql_str(s: str | Path) -> str:
    return "'" + str(s).replace("'", "''") + "'"


def _copy(con, select: str, dest: Path) -> None:
    """COPY a query to Parquet under a temporary name, then rename it into place."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}.tmp")
    con.execute(f"COPY ({select}) TO {_sql_str(tmp)} (FORMAT parquet, COMPRESSION zstd)")
    os.replace(tmp, dest)


def _write_json(obj: dict, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}.tmp")
    tmp.write_text(json.dumps(obj), encoding="utf-8")
    os.replace(tmp, dest)


def _ddl(table: str, temp: bool = False) -> str:
    """The store's CREATE TABLE statement for one table."""
    for stmt in SCHEMA.split(";"):
        if f"EXISTS {table} (" in stmt:
            return stmt.replace("CREATE TABLE", "CREATE TEMP TABLE", 1) if temp else stmt
    raise KeyError(table)


def manifests(data: str | Path) -> list[dict]:
    folder = Path(data) / "_manifests"
    out = []
    for p in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            out.append(json.loads(p.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError):
            continue  # a manifest being replaced or damaged: that partition is redone
    return out


def known_hashes(data: str | Path) -> set[str]:
    return {h for m in manifests(data) for h in m["content_hashes"]}


def write_partition(data: str | Path, key: str, coded: list) -> dict:
    """Write coded articles (CodedArticle) as one partition; returns its manifest.

    Rows are built by the DuckDB store's own writer (in memory), so both stores hold the same rows."""
    from newsevents.store.ingest import IngestReport, _write

    data = Path(data)
    con = duckdb.connect(":memory:")
    try:
        con.execute(SCHEMA)
        report = IngestReport(run_id=0)
        _write(con, coded, report)
        files = []
        for table in ("articles", "sentences", "actors"):
            if not con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]:
                continue
            rel = f"{table}/part-{key}.parquet"
            _copy(con, f"SELECT * FROM {table}", data / rel)
            files.append(rel)
        months = con.execute("SELECT DISTINCT coalesce(year(event_date), 0), coalesce(month(event_date), 0) "
                             "FROM events ORDER BY 1, 2").fetchall()
        for y, m in months:
            rel = f"events/year={y}/month={m}/part-{key}.parquet"
            _copy(con, f"SELECT * FROM events WHERE coalesce(year(event_date), 0) = {y} "
                       f"AND coalesce(month(event_date), 0) = {m}", data / rel)
            files.append(rel)
        hashes = [r[0] for r in con.execute("SELECT content_hash FROM articles ORDER BY 1").fetchall()]
    finally:
        con.close()
    manifest = {"key": key, "articles": report.articles, "events": report.events, "errors": report.errors,
                "files": files, "content_hashes": hashes, "written": dt.datetime.now().isoformat(timespec="seconds")}
    _write_json(manifest, data / "_manifests" / f"{key}.json")
    return manifest


def attach_views(con, data: str | Path, temp: bool = False, prefix: str = "") -> None:
    """Create views articles/sentences/events/actors over the dataset's files (empty tables when none)."""
    data = Path(data)
    files: dict[str, list[str]] = {t: [] for t in TABLES}
    for m in manifests(data):
        for rel in m["files"]:
            files[rel.split("/", 1)[0]].append(str(data / rel))
    kind = "TEMP VIEW" if temp else "VIEW"
    for table, cols in TABLES.items():
        if files[table]:
            hive = ", hive_partitioning = true" if table == "events" else ""
            # union_by_name: files written before a column was added read it as NULL
            src = f"read_parquet([{', '.join(_sql_str(f) for f in files[table])}], union_by_name = true{hive})"
            con.execute(f"CREATE OR REPLACE {kind} {prefix}{table} AS SELECT {', '.join(cols)}"
                        f"{', year, month' if table == 'events' else ''} FROM {src}")
        else:
            con.execute(_ddl(table, temp).replace(f"EXISTS {table} (", f"EXISTS {prefix}{table} (", 1))


def open_dataset(data: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the store's tables over the dataset (merged ones loaded)."""
    data = Path(data)
    if not (data / "_manifests").is_dir():
        raise StoreError(f"{data}: not a newsevents Parquet dataset (no _manifests folder)")
    con = duckdb.connect(":memory:")
    attach_views(con, data)
    for table in ("runs", *MERGED):
        con.execute(_ddl(table))
    for table in MERGED:
        path = data / "merged" / f"{table}.parquet"
        if path.exists():
            con.execute(f"INSERT INTO {table} SELECT * FROM read_parquet({_sql_str(path)})")
    return con


def merge_dataset(data: str | Path, params=None) -> tuple[int, int]:
    """Merge the dataset's new reports into its merged tables (incremental); returns (new, merged rows)."""
    from newsevents.store.incremental import merge_new

    data = Path(data)
    con = open_dataset(data)
    try:
        n, m = merge_new(con, params)
        if n:
            for table in MERGED:
                _copy(con, f"SELECT * FROM {table}", data / "merged" / f"{table}.parquet")
        return n, m
    finally:
        con.close()


def load_into_db(con, data: str | Path, run_id: int | None = None) -> tuple[int, int]:
    """Copy the dataset's articles, sentences, events and actors into a DuckDB store, skipping what it holds.

    Returns (articles added, events added)."""
    attach_views(con, data, temp=True, prefix="_ds_")
    new_arts = "(SELECT content_hash FROM _ds_articles ANTI JOIN articles USING (content_hash))"
    con.execute("BEGIN TRANSACTION")
    try:
        n_art = con.execute(f"SELECT count(*) FROM {new_arts}").fetchall()[0][0]
        con.execute(f"INSERT INTO sentences SELECT {', '.join(SENTENCE_COLUMNS)} FROM _ds_sentences "
                    f"WHERE content_hash IN {new_arts}")
        acols = [c for c in ARTICLE_COLUMNS if c != "run_id"]
        con.execute(f"INSERT INTO articles ({', '.join(acols)}, run_id) SELECT {', '.join(acols)}, ? "
                    f"FROM _ds_articles WHERE content_hash IN {new_arts}", [run_id])
        new_ev = "(SELECT event_id FROM _ds_events ANTI JOIN events USING (event_id))"
        n_ev = con.execute(f"SELECT count(*) FROM {new_ev}").fetchall()[0][0]
        con.execute(f"INSERT INTO actors SELECT {', '.join(ACTOR_COLUMNS)} FROM _ds_actors "
                    f"WHERE event_id IN {new_ev}")
        con.execute(f"INSERT INTO events SELECT {', '.join(EVENT_COLUMNS)} FROM _ds_events "
                    f"WHERE event_id IN {new_ev}")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return n_art, n_ev
