"""The DuckDB event store: schema, and flattening event records into table rows.

Tables: runs, articles (one per distinct text, keyed by content hash), sentences, events (one per
dyad record, actor fields flattened for fast queries), actors (one per event role), and the merge
result: event_clusters (event -> cluster) and merged_events (one row per real-world event).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import duckdb

from newsevents.ingest.readers import content_hash as content_hash  # the one article hash, used from here too
from newsevents.record import Event, as_record

DEFAULT_DB = "newsevents.duckdb"

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER PRIMARY KEY, started TIMESTAMP, finished TIMESTAMP, paths VARCHAR,
    articles INTEGER, skipped INTEGER, errors INTEGER);
CREATE TABLE IF NOT EXISTS articles (
    content_hash VARCHAR PRIMARY KEY, article_id VARCHAR, origin VARCHAR, title VARCHAR, url VARCHAR,
    source VARCHAR, pub_date DATE, dateline VARCHAR, n_sentences INTEGER, n_events INTEGER,
    status VARCHAR, error VARCHAR, run_id INTEGER, text VARCHAR);
CREATE TABLE IF NOT EXISTS sentences (
    content_hash VARCHAR, sentence INTEGER, start_char INTEGER, end_char INTEGER, text VARCHAR);
CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR PRIMARY KEY, content_hash VARCHAR, article_id VARCHAR, sentence INTEGER,
    headline BOOLEAN, source_code VARCHAR, source_country VARCHAR, source_sector VARCHAR,
    source_entity VARCHAR, source_text VARCHAR, target_code VARCHAR, target_country VARCHAR,
    target_sector VARCHAR, target_entity VARCHAR, target_text VARCHAR, cameo VARCHAR, cameo_name VARCHAR,
    plover VARCHAR, quad_class INTEGER, goldstein DOUBLE, date VARCHAR, event_date DATE,
    date_precision VARCHAR, historical BOOLEAN, location_name VARCHAR, location_country VARCHAR,
    lat DOUBLE, lon DOUBLE, geonameid BIGINT, location_source VARCHAR, trigger VARCHAR,
    trigger_start INTEGER, trigger_end INTEGER, confidence DOUBLE, flags VARCHAR, why VARCHAR,
    sentence_text VARCHAR, location_text VARCHAR);
ALTER TABLE events ADD COLUMN IF NOT EXISTS location_text VARCHAR;
CREATE TABLE IF NOT EXISTS actors (
    event_id VARCHAR, role VARCHAR, text VARCHAR, start_char INTEGER, end_char INTEGER, code VARCHAR,
    country VARCHAR, sector VARCHAR, entity VARCHAR);
CREATE TABLE IF NOT EXISTS failures (
    content_hash VARCHAR, article_id VARCHAR, origin VARCHAR, run_id INTEGER, reason VARCHAR, failed_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS event_clusters (event_id VARCHAR, cluster_id VARCHAR);
CREATE TABLE IF NOT EXISTS merged_events (
    cluster_id VARCHAR PRIMARY KEY, source_code VARCHAR, source_country VARCHAR, target_code VARCHAR,
    target_country VARCHAR, plover VARCHAR, cameo VARCHAR, quad_class INTEGER, goldstein DOUBLE,
    event_date DATE, date_last DATE, historical BOOLEAN, location_name VARCHAR, location_country VARCHAR,
    lat DOUBLE, lon DOUBLE, geonameid BIGINT, mentions INTEGER, n_articles INTEGER, n_sources INTEGER,
    article_ids VARCHAR, sources VARCHAR, evidence VARCHAR, event_ids VARCHAR, confidence DOUBLE);
"""

EVENT_COLUMNS = [
    "event_id", "content_hash", "article_id", "sentence", "headline", "source_code", "source_country",
    "source_sector", "source_entity", "source_text", "target_code", "target_country", "target_sector",
    "target_entity", "target_text", "cameo", "cameo_name", "plover", "quad_class", "goldstein", "date",
    "event_date", "date_precision", "historical", "location_name", "location_country", "lat", "lon",
    "geonameid", "location_source", "trigger", "trigger_start", "trigger_end", "confidence", "flags", "why",
    "sentence_text", "location_text",
]
ACTOR_COLUMNS = ["event_id", "role", "text", "start_char", "end_char", "code", "country", "sector", "entity"]
ARTICLE_COLUMNS = ["content_hash", "article_id", "origin", "title", "url", "source", "pub_date", "dateline",
                   "n_sentences", "n_events", "status", "error", "run_id", "text"]
FAILURE_COLUMNS = ["content_hash", "article_id", "origin", "run_id", "reason", "failed_at"]
SENTENCE_COLUMNS = ["content_hash", "sentence", "start_char", "end_char", "text"]


class StoreError(Exception):
    """A store that cannot be opened or used (one line for the user)."""


def open_db(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and create, unless read_only) the store."""
    p = Path(path)
    if read_only and not p.exists():
        raise StoreError(f"{p}: no such database (run `newsevents ingest … --db {p}` first)")
    try:
        con = duckdb.connect(str(p), read_only=read_only)
    except duckdb.Error as e:
        raise StoreError(f"{p}: cannot open the database ({str(e).splitlines()[0]})") from None
    if not read_only:
        con.execute(SCHEMA)
    return con


READONLY_CONFIG = {
    "enable_external_access": False,  # no files but the store: no COPY TO, read_csv, ATTACH, EXPORT
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "allow_community_extensions": False,
    "lock_configuration": True,  # last: no SET can undo the above
}


def connect_readonly(path: str | Path) -> duckdb.DuckDBPyConnection:
    """The store opened for untrusted SQL: read-only, no access to any other file, no extensions,
    configuration locked.  Pair it with store.safe_query.check_sql (exactly one read-only statement)."""
    p = Path(path)
    if not p.is_file():
        raise StoreError(f"{p}: no such database (run `newsevents ingest … --db {p}` first)")
    try:
        return duckdb.connect(str(p), read_only=True, config=dict(READONLY_CONFIG))
    except duckdb.Error as e:
        raise StoreError(f"{p}: cannot open the database ({str(e).splitlines()[0]})") from None


def start_of(date: str | None) -> dt.date | None:
    """The first day of a date of any precision: "2015-09" -> 2015-09-01."""
    if not date:
        return None
    parts = [int(x) for x in date.split("-")[:3]]
    parts += [1] * (3 - len(parts))
    try:
        return dt.date(*parts)
    except ValueError:
        return None


def _pub(value: str | None) -> dt.date | None:
    from newsevents.when_where import parse_pub_date

    return parse_pub_date(value)


def event_rows(rec: Event | dict, chash: str) -> tuple[dict, list[dict]]:
    """One events row and its actors rows for an event record of the pipeline (an Event or its JSON dict)."""
    rec = as_record(rec)
    eid = hashlib.sha1(f"{chash}|{rec['id']}".encode()).hexdigest()[:16]
    src, tgt = rec.get("source") or {}, rec.get("target") or {}
    loc = rec.get("location") or {}
    trig = rec.get("trigger") or {}
    row = {
        "event_id": eid, "content_hash": chash, "article_id": rec["article_id"], "sentence": rec["sentence"],
        "headline": bool(rec.get("headline")),
        **{f"{role}_{k}": a.get(k) for role, a in (("source", src), ("target", tgt))
           for k in ("code", "country", "sector", "entity", "text")},
        "cameo": rec["cameo"], "cameo_name": rec.get("cameo_name"), "plover": rec.get("plover"),
        "quad_class": rec.get("quad_class"), "goldstein": rec.get("goldstein"), "date": rec.get("date"),
        "event_date": start_of(rec.get("date")), "date_precision": rec.get("date_precision"),
        "historical": bool(rec.get("historical")), "location_name": loc.get("name"),
        "location_country": loc.get("country"), "lat": loc.get("lat"), "lon": loc.get("lon"),
        "geonameid": loc.get("geonameid"), "location_source": loc.get("source"), "trigger": trig.get("text"),
        "trigger_start": trig.get("start"), "trigger_end": trig.get("end"), "confidence": rec.get("confidence"),
        "flags": json.dumps(rec.get("flags") or {}, ensure_ascii=False),
        "why": json.dumps(rec.get("why") or [], ensure_ascii=False), "sentence_text": rec.get("sentence_text"),
        "location_text": loc.get("text"),
    }
    actors = [{"event_id": eid, "role": role, "text": a.get("text"), "start_char": a.get("start"),
               "end_char": a.get("end"), "code": a.get("code"), "country": a.get("country"),
               "sector": a.get("sector"), "entity": a.get("entity")}
              for role, a in (("source", src), ("target", tgt)) if a]
    return row, actors


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, columns: list[str], rows: list[dict]) -> None:
    """Bulk insert through an Arrow table (one statement, not one per row)."""
    if not rows:
        return
    import pyarrow as pa

    data = pa.table({c: [r.get(c) for r in rows] for c in columns})
    con.register("_batch", data)
    try:
        con.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM _batch")
    finally:
        con.unregister("_batch")
