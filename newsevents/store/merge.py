"""Merge repeated reports of one real-world event into one merged event.

Two event records are reports of the same event when all of these hold:
- the same dyad (source and target country, or code where there is no country; either order for
  CONSULT and COOPERATE, which are symmetric) and the same PLOVER type (CAMEO root for statements);
- dates no more than `window_days` apart (records without a date merge only within one article);
- no conflicting places (both located, in different places, means two events);
- similar words: the same trigger stem ("met"/"meeting" -> "mee"), or a word overlap (Jaccard over
  the content words of the two sentences) of at least `min_similarity`.
Merging is transitive (union-find).  A merged event keeps every evidence sentence, the count of
mentions (records), articles and sources, and the date span.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass

SYMMETRIC = {"CONSULT", "COOPERATE"}
STOP = set("""a an the of in on at to for from by with and or but as is are was were be been has have had
that this these those it its their his her he she they them who which said says say will would could
should may might also than then there here after before over about into against between during while
not no up out new two one more most mr ms""".split())
WORD = re.compile(r"[a-z]{2,}")


@dataclass
class MergeParams:
    window_days: int = 2
    min_similarity: float = 0.3


def _stem(word: str | None) -> str:
    return (word or "").lower()[:4]


def _words(text: str | None) -> set[str]:
    return {w for w in WORD.findall((text or "").lower()) if w not in STOP}


def _word_set(e: dict) -> set[str]:
    """The content words of a report's sentence, computed on first use and kept on the row."""
    w = e.get("_words")
    if w is None:
        w = e["_words"] = _words(e["sentence_text"])
    return w


def _similar(a: dict, b: dict, p: MergeParams) -> bool:
    if a["geonameid"] and b["geonameid"] and a["geonameid"] != b["geonameid"] and (
            a["location_source"] == "clause" or b["location_source"] == "clause"):
        return False
    if a["event_date"] is None or b["event_date"] is None:
        if a["content_hash"] != b["content_hash"]:
            return False
    elif abs((a["event_date"] - b["event_date"]).days) > p.window_days:
        return False
    if _stem(a["trigger"]) == _stem(b["trigger"]):
        return True
    wa, wb = _word_set(a), _word_set(b)
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= p.min_similarity


def _key(e: dict) -> tuple:
    s = e["source_country"] or e["source_code"] or ""
    t = e["target_country"] or e["target_code"] or ""
    kind = e["plover"] or "CAMEO" + (e["cameo"] or "")[:2]
    if kind in SYMMETRIC and t and s > t:
        s, t = t, s
    return s, t, kind


def _finder(parent: list[int]):
    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    return find


def _link_group(group: list[dict], params: MergeParams, union) -> None:
    """Compare the pairs of one (dyad, type) block that can merge; union the similar ones.

    Dated reports are swept in date order and compared only within the window; an undated report
    is compared only with the reports of its own article, so undated reports never cost all-pairs."""
    dated = sorted((e for e in group if e["event_date"] is not None), key=lambda e: (e["event_date"], e["event_id"]))
    for i, a in enumerate(dated):
        for b in dated[i + 1:]:
            if (b["event_date"] - a["event_date"]).days > params.window_days:
                break
            union(a, b, params)
    by_article: dict[str, list[dict]] = defaultdict(list)
    for e in group:
        by_article[e["content_hash"]].append(e)
    for same in by_article.values():
        for i, a in enumerate(same):
            for b in same[i + 1:]:
                if a["event_date"] is None or b["event_date"] is None:
                    union(a, b, params)


def _group_clusters(group: list[dict], params: MergeParams) -> list[list[dict]]:
    index = {id(e): i for i, e in enumerate(group)}
    parent = list(range(len(group)))
    find = _finder(parent)

    def union(a: dict, b: dict, p: MergeParams) -> None:
        ra, rb = find(index[id(a)]), find(index[id(b)])
        if ra != rb and _similar(a, b, p):
            parent[max(ra, rb)] = min(ra, rb)

    _link_group(group, params, union)
    members: dict[int, list[dict]] = defaultdict(list)
    for i, e in enumerate(group):
        members[find(i)].append(e)
    return list(members.values())


def clusters(events: list[dict], params: MergeParams) -> list[list[dict]]:
    """Group event rows (dicts of the events table) into clusters of reports of one event."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for e in events:
        groups[_key(e)].append(e)
    return [c for group in groups.values() for c in _group_clusters(group, params)]


_JSON = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(x, ensure_ascii=False) builds one per call
_JSON_ASCII = json.JSONEncoder().encode


def merged_row(cluster: list[dict], sources: dict[str, str | None]) -> dict:
    """One merged_events row for a cluster; sources maps content_hash -> news source."""
    if len(cluster) == 1:
        return _single_row(cluster[0], sources)
    cluster = sorted(cluster, key=lambda e: e["event_id"])  # the same row whatever order the reports came in
    best = max(cluster, key=lambda e: (e["confidence"] or 0, e["event_id"]))
    ids = sorted(e["event_id"] for e in cluster)
    dates = [e["event_date"] for e in cluster if e["event_date"] is not None]
    located = [e for e in cluster if e["geonameid"]]
    loc = max(located, key=lambda e: e["location_source"] == "clause") if located else {}
    arts = sorted({e["article_id"] for e in cluster})
    srcs = sorted({sources.get(e["content_hash"]) or "" for e in cluster} - {""})
    codes = [e["cameo"] for e in cluster]
    cameo = max(sorted(set(codes), key=lambda c: c or ""), key=codes.count)  # the most frequent; on a tie the lowest
    return {
        "cluster_id": hashlib.sha1("|".join(ids).encode()).hexdigest()[:16],
        "source_code": best["source_code"], "source_country": best["source_country"],
        "target_code": best["target_code"], "target_country": best["target_country"],
        "plover": best["plover"], "cameo": cameo, "quad_class": best["quad_class"],
        "goldstein": best["goldstein"], "event_date": min(dates) if dates else None,
        "date_last": max(dates) if dates else None, "historical": all(e["historical"] for e in cluster),
        "location_name": loc.get("location_name"), "location_country": loc.get("location_country"),
        "lat": loc.get("lat"), "lon": loc.get("lon"), "geonameid": loc.get("geonameid"),
        "mentions": len(cluster), "n_articles": len({e["content_hash"] for e in cluster}),
        "n_sources": len(srcs), "article_ids": _JSON(arts), "sources": _JSON(srcs),
        "evidence": _JSON(sorted({e["sentence_text"] for e in cluster if e["sentence_text"]})),
        "event_ids": _JSON_ASCII(ids), "confidence": best["confidence"],
    }


def _single_row(e: dict, sources: dict[str, str | None]) -> dict:
    """merged_row of a one-report cluster."""
    cols = {c: [] for c in MERGED_COLUMNS}
    _extend_singles(cols, [e], sources)
    return {c: v[0] for c, v in cols.items()}


MERGED_COLUMNS = ["cluster_id", "source_code", "source_country", "target_code", "target_country", "plover", "cameo",
                  "quad_class", "goldstein", "event_date", "date_last", "historical", "location_name",
                  "location_country", "lat", "lon", "geonameid", "mentions", "n_articles", "n_sources", "article_ids",
                  "sources", "evidence", "event_ids", "confidence"]
_AS_IS = ["source_code", "source_country", "target_code", "target_country", "plover", "cameo", "quad_class",
          "goldstein", "event_date", "confidence"]
_PLACE = ["location_name", "location_country", "lat", "lon", "geonameid"]
_ESC = re.compile(r'[\x00-\x1f\\"]')  # what json.dumps(ensure_ascii=False) escapes
_ESC_ASCII = re.compile(r'[^ -~]|[\\"]')  # ... and with ensure_ascii


def _json1(s, ascii_only: bool = False) -> str:
    """json.dumps([s]) (ensure_ascii as asked), without the encoder for a plain string."""
    if isinstance(s, str) and not (_ESC_ASCII if ascii_only else _ESC).search(s):
        return '["' + s + '"]'
    return (_JSON_ASCII if ascii_only else _JSON)([s])


def _extend_singles(cols: dict[str, list], single: list[dict], sources: dict[str, str | None]) -> None:
    """Append the merged rows of one-report clusters, column by column."""
    srcs = [sources.get(e["content_hash"]) or "" for e in single]
    cols["cluster_id"] += [hashlib.sha1(e["event_id"].encode()).hexdigest()[:16] for e in single]
    for c in _AS_IS:
        cols[c] += [e[c] for e in single]
    cols["date_last"] += [e["event_date"] for e in single]
    cols["historical"] += [bool(e["historical"]) for e in single]
    for c in _PLACE:
        cols[c] += [e[c] if e["geonameid"] else None for e in single]
    cols["mentions"] += [1] * len(single)
    cols["n_articles"] += [1] * len(single)
    cols["n_sources"] += [1 if s else 0 for s in srcs]
    cols["article_ids"] += [_json1(e["article_id"]) for e in single]
    cols["sources"] += [_json1(s) if s else "[]" for s in srcs]
    cols["evidence"] += [_json1(e["sentence_text"]) if e["sentence_text"] else "[]" for e in single]
    cols["event_ids"] += [_json1(e["event_id"], True) for e in single]


def merged_rows(groups: list[list[dict]], sources: dict[str, str | None]) -> dict[str, list]:
    """The merged_events rows of these clusters as columns, in the order of `groups`."""
    cols: dict[str, list] = {c: [] for c in MERGED_COLUMNS}
    run: list[dict] = []  # consecutive one-report clusters, appended together
    for g in groups:
        if len(g) == 1:
            run.append(g[0])
            continue
        _extend_singles(cols, run, sources)
        run = []
        for c, v in merged_row(g, sources).items():
            cols[c].append(v)
    _extend_singles(cols, run, sources)
    return cols


def insert_columns(con, table: str, cols: dict[str, list]) -> None:
    """Bulk insert columns (name -> values) through one Arrow table: one statement, no per-row work."""
    if not cols or not next(iter(cols.values())):
        return
    import pyarrow as pa

    con.register("_cols", pa.table(cols))
    try:
        con.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(cols)} FROM _cols")
    finally:
        con.unregister("_cols")


MERGE_FIELDS = ["event_id", "content_hash", "article_id", "source_code", "source_country", "target_code",
                "target_country", "plover", "cameo", "quad_class", "goldstein", "event_date", "historical",
                "location_name", "location_country", "lat", "lon", "geonameid", "location_source", "trigger",
                "confidence", "sentence_text"]


def _mark(con) -> None:
    from newsevents.store.incremental import set_watermark

    set_watermark(con)


def fetch_dicts(con, sql: str, names: list[str], params: list | None = None) -> list[dict]:
    """The rows of a query as dicts, converted column by column (through Arrow)."""
    table = con.sql(sql, params=params).to_arrow_table()
    cols = [table.column(i).to_pylist() for i in range(table.num_columns)]
    return [dict(zip(names, vals, strict=True)) for vals in zip(*cols, strict=True)]


def merge_store(con, params: MergeParams | None = None) -> tuple[int, int]:
    """Recompute event_clusters and merged_events for the whole store; returns (events, merged)."""
    from newsevents.store import blocks

    params = params or MergeParams()
    events = fetch_dicts(con, f"SELECT {', '.join(MERGE_FIELDS)} FROM events", MERGE_FIELDS)
    sources = dict(con.execute(
        "SELECT content_hash, coalesce(nullif(source, ''), nullif(regexp_extract(url, '//([^/]+)', 1), ''), "
        "regexp_replace(origin, ':[0-9]+$', '')) FROM articles").fetchall())
    groups = clusters(events, params)
    rows = merged_rows(groups, sources)
    links = {"event_id": [e["event_id"] for g in groups for e in g],
             "cluster_id": [c for g, c in zip(groups, rows["cluster_id"], strict=True) for _ in g]}
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM event_clusters")
        con.execute("DELETE FROM merged_events")
        insert_columns(con, "event_clusters", links)
        insert_columns(con, "merged_events", rows)
        _mark(con)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    if blocks.is_table(con, "events"):
        blocks.rebuild(con)  # after the commit: rowids are final only then
    return len(events), len(groups)
