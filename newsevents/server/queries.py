"""The SQL behind the API (event details, actors, top dyads).  Every value from a request goes in as a
parameter; only column names chosen here are written into the statements.  Listing events and dyad
series run on the in-memory index (server/index.py)."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from newsevents.ontology import cameo

CODE_RE = re.compile(r"^[A-Z0-9]{3,15}$")
FLAGS = ("future", "hypothetical", "negated", "historical")
MERGED_FIELDS = ("cluster_id", "source_code", "source_country", "target_code", "target_country", "plover", "cameo",
                 "quad_class", "goldstein", "event_date", "date_last", "historical", "location_name",
                 "location_country", "lat", "lon", "mentions", "n_articles", "n_sources", "confidence", "evidence")


class BadRequest(ValueError):
    """A filter value the API cannot use (reported as 422)."""


def actor_code(value: str) -> str:
    code = value.strip().upper()
    if not CODE_RE.match(code):
        raise BadRequest(f"not an actor or country code: {value[:40]!r}")
    return code


@dataclass
class EventFilter:
    """The filters of GET /api/events (applied by server.index)."""

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    dyad: str | None = None
    directed: bool = False
    plover: str | None = None
    cameo_root: str | None = None
    quad: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    min_confidence: float | None = None
    exclude: list[str] = field(default_factory=list)
    q: str | None = None
    raw: bool = False
    located: bool = False
    period: str | None = None  # only dates as precise as a period of this length needs (analytics)


def _merged(d: dict) -> dict:
    d["id"] = d["cluster_id"]
    d["cameo_name"] = cameo(d["cameo"]).name if d.get("cameo") else None
    for k in ("event_date", "date_last"):
        if d.get(k) is not None:
            d[k] = d[k].isoformat()
    d["n_evidence"] = len(json.loads(d.pop("evidence") or "[]"))
    return d


def event_detail(cur, event_id: str) -> dict | None:
    """A merged event (by cluster id) or a report (by event id) with all the reports merged with it."""
    row = cur.execute("SELECT cluster_id FROM merged_events WHERE cluster_id = ?", [event_id]).fetchone()
    if row is None:
        row = cur.execute("SELECT coalesce((SELECT cluster_id FROM event_clusters WHERE event_id = e.event_id), "
                          "'') FROM events e WHERE event_id = ?", [event_id]).fetchone()
        if row is None:
            return None
    cluster = row[0]
    merged = None
    if cluster:
        cols = ", ".join(MERGED_FIELDS)
        r = cur.execute(f"SELECT {cols} FROM merged_events m WHERE cluster_id = ?", [cluster]).fetchone()
        if r is not None:
            merged = _merged(dict(zip(MERGED_FIELDS, r, strict=True)))
    ids = [r[0] for r in cur.execute("SELECT event_id FROM event_clusters WHERE cluster_id = ?", [cluster]).fetchall()]
    if event_id not in ids and not merged:
        ids = [event_id]
    by_id = _reports(cur, ids)
    reports = [by_id[i] for i in ids if i in by_id]
    reports.sort(key=lambda r: (r["event_id"] != event_id, r["article"]["pub_date"] or "", r["event_id"]))
    return {"id": event_id, "cluster_id": cluster or None, "merged": merged, "reports": reports}


REPORT_SQL = """
SELECT e.event_id, e.article_id, e.sentence, e.source_code, e.source_country, e.source_text, e.target_code,
       e.target_country, e.target_text, e.cameo, e.cameo_name, e.plover, e.quad_class, e.goldstein, e.date,
       e.date_precision, e.historical, e.location_name, e.location_country, e.lat, e.lon, e.trigger,
       e.trigger_start, e.trigger_end, e.confidence, e.flags, e.why, e.sentence_text,
       a.title, a.url, a.source, CAST(a.pub_date AS VARCHAR), s.start_char,
       CASE WHEN s.start_char IS NULL THEN NULL ELSE substr(a.text, s.start_char + 1, s.end_char - s.start_char) END
FROM events e
LEFT JOIN articles a ON a.content_hash = e.content_hash
LEFT JOIN sentences s ON s.content_hash = e.content_hash AND s.sentence = e.sentence
WHERE e.event_id IN (SELECT unnest(?))"""
REPORT_COLS = ("event_id", "article_id", "sentence", "source_code", "source_country", "source_text", "target_code",
               "target_country", "target_text", "cameo", "cameo_name", "plover", "quad_class", "goldstein", "date",
               "date_precision", "historical", "location_name", "location_country", "lat", "lon", "trigger",
               "trigger_start", "trigger_end", "confidence", "flags", "why", "sentence_text", "title", "url",
               "source_name", "pub_date", "sentence_start", "sentence_full")


def _reports(cur, ids: list[str]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    if not ids:
        return out
    spans: dict[str, list] = {}
    for eid, role, start, end in cur.execute("SELECT event_id, role, start_char, end_char FROM actors "
                                             "WHERE event_id IN (SELECT unnest(?))", [ids]).fetchall():
        spans.setdefault(eid, []).append((role, start, end))
    for r in cur.execute(REPORT_SQL, [ids]).fetchall():
        d = dict(zip(REPORT_COLS, r, strict=True))
        d["flags"] = json.loads(d["flags"] or "{}")
        d["why"] = json.loads(d["why"] or "[]")
        d["article"] = {"id": d.pop("article_id"), "title": d.pop("title"), "url": d.pop("url"),
                        "source": d.pop("source_name"), "pub_date": d.pop("pub_date")}
        base, text = d.pop("sentence_start"), d.pop("sentence_full")
        d["evidence"] = _evidence(text, base, d, spans.get(d["event_id"], []))
        d["trigger"] = {"text": d.pop("trigger"), "start": d.pop("trigger_start"), "end": d.pop("trigger_end")}
        out[d["event_id"]] = d
    return out


def _evidence(text: str | None, base: int | None, d: dict, actor_spans: list) -> dict:
    """The evidence sentence with its source, trigger and target spans (offsets within the sentence).

    `start` is the sentence's offset in the article; a span that falls outside the sentence is left out."""
    if text is None or base is None:
        return {"text": d["sentence_text"], "start": None, "spans": []}
    spans = [(role, s, e) for role, s, e in actor_spans]
    spans.append(("trigger", d["trigger_start"], d["trigger_end"]))
    out = []
    for role, s, e in spans:
        if s is None or e is None:
            continue
        rs, re_ = s - base, e - base
        if 0 <= rs < re_ <= len(text):
            out.append({"role": role, "start": rs, "end": re_})
    out.sort(key=lambda x: (x["start"], x["end"]))
    return {"text": text, "start": base, "spans": out}


def search_actors(cur, q: str, limit: int, offset: int) -> dict:
    """Actor codes whose code or mention text contains q, most mentioned first, with their names."""
    like = q.strip().lower()
    rows = cur.execute("""
        WITH hits AS (
            SELECT code, country, sector, text FROM actors
            WHERE code IS NOT NULL AND (contains(lower(code), ?) OR contains(lower(text), ?)))
        SELECT code, any_value(country), any_value(sector), count(*) AS mentions,
               list(DISTINCT text)[1:5] AS names, count(*) OVER () AS total
        FROM hits GROUP BY code ORDER BY mentions DESC, code LIMIT ? OFFSET ?""",
                       [like, like, limit, offset]).fetchall()
    total = rows[0][5] if rows else 0
    items = [{"code": c, "country": co, "sector": s, "mentions": n, "names": names}
             for c, co, s, n, names, _ in rows]
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def top_dyads(cur, limit: int, offset: int) -> dict:
    """Country pairs (either order) with the most merged events."""
    rows = cur.execute("""
        SELECT least(source_country, target_country) AS a, greatest(source_country, target_country) AS b,
               count(*) AS events, count(*) OVER () AS total
        FROM merged_events WHERE source_country IS NOT NULL AND target_country IS NOT NULL
             AND source_country <> target_country
        GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT ? OFFSET ?""", [limit, offset]).fetchall()
    return {"total": rows[0][3] if rows else 0, "limit": limit, "offset": offset,
            "items": [{"a": a, "b": b, "events": n} for a, b, n, _ in rows]}


def table_json(table) -> list[dict]:
    """An analytics Table as a list of objects (dates as ISO strings)."""
    out = []
    for row in table.rows:
        out.append({c: (v.isoformat() if isinstance(v, dt.date) else v)
                    for c, v in zip(table.columns, row, strict=True)})
    return out
