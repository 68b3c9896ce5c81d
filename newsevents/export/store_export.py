"""Export the store: parquet, csv, jsonl (event records), gdelt (GDELT 2.0 event TSV), plover (JSON).

parquet/csv/jsonl write one row per report (event record) with its cluster id, or with `merged` one
row per merged event; every row carries the article's URL, title, publication date and outlet.
Parquet columns are typed: flags a STRUCT, why/evidence/ids LISTs.  gdelt and plover always write
merged events, as those formats count mentions (see export/gdelt.py and export/plover.py).
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

from newsevents.export.gdelt import GDELT_COLUMNS, gdelt_row
from newsevents.export.safe import csv_safe_select, tsv_field

__all__ = ["FORMATS", "GDELT_COLUMNS", "Written", "export_store"]

FORMATS = ("parquet", "csv", "jsonl", "gdelt", "plover")
FLAGS_TYPE = ('{"future": "BOOLEAN", "hypothetical": "BOOLEAN", "negated": "BOOLEAN", "historical": "BOOLEAN", '
              '"alternative": "BOOLEAN", "reported_by": {"text": "VARCHAR", "code": "VARCHAR"}}')
LIST = "'[\"VARCHAR\"]'"
OUTLET = "coalesce(nullif(a.source, ''), nullif(regexp_extract(a.url, '//([^/]+)', 1), ''))"
REPORTS = f"""
    SELECT e.*, c.cluster_id, a.url, a.title, a.pub_date, {OUTLET} AS outlet
    FROM events e LEFT JOIN event_clusters c USING (event_id) LEFT JOIN articles a USING (content_hash)"""
RANK = "CASE e.date_precision WHEN 'day' THEN 1 WHEN 'week' THEN 2 WHEN 'month' THEN 3 WHEN 'year' THEN 4 END"
MERGED = f"""
    SELECT m.*, ['day', 'week', 'month', 'year'][x.prec] AS date_precision, x.url, x.title, x.pub_date, x.outlet
    FROM merged_events m LEFT JOIN (
        SELECT c.cluster_id, first(a.url ORDER BY a.pub_date, a.url) AS url,
               first(a.title ORDER BY a.pub_date, a.url) AS title, min(a.pub_date) AS pub_date,
               first({OUTLET} ORDER BY a.pub_date, a.url) AS outlet,
               min({RANK}) FILTER (WHERE e.event_date = mm.event_date) AS prec
        FROM event_clusters c JOIN events e USING (event_id) JOIN merged_events mm USING (cluster_id)
        JOIN articles a USING (content_hash) GROUP BY 1) x USING (cluster_id)"""
MERGED_WITH_CONTEXT = f"""
    SELECT m.*, x.min_sentence, x.url, x.origin, x.source_name, x.target_name, x.source_text, x.target_text,
           x.source_sector, x.target_sector, x.location_text, x.added, x.prec
    FROM merged_events m JOIN (
        SELECT c.cluster_id, min(e.sentence) AS min_sentence, min(a.url) AS url, min(a.origin) AS origin,
               arg_max(e.source_entity, e.confidence) FILTER (WHERE e.source_entity IS NOT NULL) AS source_name,
               arg_max(e.target_entity, e.confidence) FILTER (WHERE e.target_entity IS NOT NULL) AS target_name,
               arg_max(e.source_text, e.confidence) AS source_text, arg_max(e.target_text, e.confidence) AS target_text,
               arg_max(e.source_sector, e.confidence) AS source_sector,
               arg_max(e.target_sector, e.confidence) AS target_sector,
               arg_max(e.location_text, e.confidence) FILTER (WHERE e.location_name = mm.location_name)
                   AS location_text,
               max(r.started) AS added,
               min({RANK}) FILTER (WHERE e.event_date = mm.event_date) AS prec
        FROM event_clusters c JOIN events e USING (event_id) JOIN merged_events mm USING (cluster_id)
        JOIN articles a USING (content_hash) LEFT JOIN runs r ON r.run_id = a.run_id GROUP BY c.cluster_id) x
    USING (cluster_id)"""


class Written(int):
    """Rows written, with a note on rows left out (`left_out`), for the summary line."""

    left_out: str | None = None


def _sql_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _narrow(query: str, filters=None, actor: str | None = None, order: str = "") -> tuple[str, list]:
    """Wrap a query with the user's filters (dates, types, confidence, an actor on either side)."""
    fw, params = filters.sql() if filters is not None else ("", [])
    if actor:
        a = actor.strip().upper()
        col = "country" if len(a) == 3 else "code"
        fw += f" AND (source_{col} = ? OR target_{col} = ?)"
        params = [*params, a, a]
    return f"SELECT * FROM ({query}) q WHERE TRUE{fw} {order}", params


def export_store(con, fmt: str, out: Path, merged: bool = False, filters=None, actor: str | None = None) -> Written:
    """Write the store to `out` in `fmt`; returns the number of rows written (and what was left out)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (choose {', '.join(FORMATS)})")
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt in ("gdelt", "plover"):
        query, params = _narrow(MERGED_WITH_CONTEXT, filters, actor, "ORDER BY event_date, cluster_id")
        return _gdelt(con, query, params, out) if fmt == "gdelt" else _plover(con, query, params, out)
    order = "ORDER BY event_date, cluster_id" if merged else "ORDER BY content_hash, sentence, trigger_start, event_id"
    query, params = _narrow(MERGED if merged else REPORTS, filters, actor, order)
    if fmt == "parquet":
        typed = (f"SELECT * EXCLUDE (article_ids, sources, evidence, event_ids), "
                 f"from_json(article_ids, {LIST}) AS article_ids, from_json(sources, {LIST}) AS sources, "
                 f"from_json(evidence, {LIST}) AS evidence, from_json(event_ids, {LIST}) AS event_ids FROM ({query})"
                 ) if merged else (f"SELECT * EXCLUDE (flags, why), from_json(flags, '{FLAGS_TYPE}') AS flags, "
                                   f"from_json(why, {LIST}) AS why FROM ({query})")
        con.execute(f"COPY ({typed}) TO {_sql_path(out)} (FORMAT PARQUET)", params)
    elif fmt == "csv":
        con.execute(f"COPY ({csv_safe_select(con, query, params)}) TO {_sql_path(out)} (FORMAT CSV, HEADER)", params)
    elif merged:
        return Written(_jsonl(con, query, params, out, lambda r: r))
    else:
        return Written(_event_jsonl(con, query, params, out))
    return Written(con.execute(f"SELECT count(*) FROM ({query})", params).fetchone()[0])


def _json_default(v):
    if isinstance(v, dt.date | dt.datetime):
        return v.isoformat()
    raise TypeError(type(v).__name__)


def _write_rows(con, query: str, params: list, out: Path, line) -> tuple[int, int]:
    """Stream a query's rows (as dicts) through `line` (None: leave the row out) into a text file;
    returns (written, left out)."""
    cur = con.execute(query, params)
    cols = [d[0] for d in cur.description]
    n = skipped = 0
    with open(out, "w", encoding="utf-8") as f:
        while rows := cur.fetchmany(5000):
            for r in rows:
                text = line(dict(zip(cols, r, strict=True)))
                if text is None:
                    skipped += 1
                    continue
                f.write(text + "\n")
                n += 1
    return n, skipped


def _jsonl(con, query: str, params: list, out: Path, shape) -> int:
    return _write_rows(con, query, params, out,
                       lambda r: json.dumps(shape(r), ensure_ascii=False, default=_json_default))[0]


def _event_jsonl(con, query: str, params: list, out: Path) -> int:
    """Event records in the pipeline's own JSONL shape (actors with offsets), plus cluster_id and the
    article's url, title, publication date and outlet."""
    offsets = {(e, role): (s, t) for e, role, s, t in
               con.execute("SELECT event_id, role, start_char, end_char FROM actors").fetchall()}

    def actor(r: dict, role: str):
        if not r[f"{role}_text"] and not r[f"{role}_code"]:
            return None
        s, e = offsets.get((r["event_id"], role), (None, None))
        return {"text": r[f"{role}_text"], "start": s, "end": e, "code": r[f"{role}_code"],
                "country": r[f"{role}_country"], "sector": r[f"{role}_sector"], "entity": r[f"{role}_entity"]}

    def shape(r: dict) -> dict:
        loc = None
        if r["location_name"]:
            loc = {"name": r["location_name"], "country": r["location_country"], "lat": r["lat"], "lon": r["lon"],
                   "geonameid": r["geonameid"], "source": r["location_source"],
                   "text": r.get("location_text") or r["location_name"]}
        return {
            "id": r["event_id"], "article_id": r["article_id"], "sentence": r["sentence"],
            "sentence_text": r["sentence_text"], "headline": r["headline"], "source": actor(r, "source"),
            "target": actor(r, "target"), "cameo": r["cameo"], "cameo_name": r["cameo_name"],
            "plover": r["plover"], "quad_class": r["quad_class"], "goldstein": r["goldstein"], "date": r["date"],
            "date_precision": r["date_precision"], "historical": r["historical"], "location": loc,
            "trigger": {"text": r["trigger"], "start": r["trigger_start"], "end": r["trigger_end"]},
            "confidence": r["confidence"], "flags": json.loads(r["flags"] or "{}"),
            "why": json.loads(r["why"] or "[]"), "cluster_id": r["cluster_id"], "url": r["url"],
            "title": r["title"], "publication_date": r["pub_date"], "outlet": r["outlet"],
        }

    return _jsonl(con, query, params, out, shape)


@lru_cache(maxsize=1)
def _places() -> dict:
    """geonameid -> gazetteer Place (for ADM1 codes and feature classes)."""
    from newsevents.when_where import gazetteer

    gz = gazetteer()
    out = {p.geonameid: p for places in gz.names.values() for p in places if p.geonameid}
    out.update({p.geonameid: p for p in gz.states.values()})
    out.update({p.geonameid: p for p in gz.countries.values()})
    return out


def _place(r: dict):
    return _places().get(r["geonameid"]) if r["geonameid"] else None


def _gdelt(con, query: str, params: list, out: Path) -> Written:
    """GDELT 2.0 event rows (tab-separated, no header, as GDELT ships them) for the merged events."""
    def line(r: dict):
        row = gdelt_row(r, _place(r))
        if row is None:
            day = r["event_date"] is not None and (r["prec"] or 1) == 1
            reasons["no actor code" if day else "undated or dated coarser than a day"] += 1
            return None
        return "\t".join(tsv_field(v) for v in row)

    reasons = {"no actor code": 0, "undated or dated coarser than a day": 0}
    n, _ = _write_rows(con, query, params, out, line)
    w = Written(n)
    if any(reasons.values()):
        w.left_out = "left out: " + ", ".join(f"{v} {k}" for k, v in reasons.items() if v)
    return w


def _plover(con, query: str, params: list, out: Path) -> Written:
    """One PLOVER event record (JSON) per line and merged event with a PLOVER type."""
    from newsevents import __version__
    from newsevents.export.plover import plover_record

    def line(r: dict):
        if not r["plover"]:
            return None
        return json.dumps(plover_record(r, _place(r), __version__), ensure_ascii=False, default=_json_default)

    n, skipped = _write_rows(con, query, params, out, line)
    w = Written(n)
    if skipped:
        w.left_out = f"left out: {skipped} statements without a PLOVER type"
    return w
