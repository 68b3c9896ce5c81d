"""Incremental merging: new reports merge only with the stored reports of their blocks.

A block is (dyad, type) and, for a dated report, the stored reports dated within the window of it;
for any report, also the stored reports of its own article (undated reports merge only there).
The new reports, those candidates and every member of the candidates' clusters are re-clustered;
all other clusters stay as they are.  The result equals a full `merge_store` with the same settings,
at a cost that follows the new reports, not the store.  New reports are those without a cluster.
"""

from __future__ import annotations

import datetime as dt

from newsevents.store.merge import MERGE_FIELDS, MergeParams, clusters, merged_row

KEY_SQL = """
    coalesce(nullif(source_country, ''), nullif(source_code, ''), '') AS _s0,
    coalesce(nullif(target_country, ''), nullif(target_code, ''), '') AS _t0,
    coalesce(nullif(plover, ''), 'CAMEO' || substr(coalesce(cameo, ''), 1, 2)) AS _k"""
SWAP_SQL = """
    CASE WHEN _k IN ('CONSULT', 'COOPERATE') AND _t0 <> '' AND _s0 > _t0 THEN _t0 ELSE _s0 END AS _s,
    CASE WHEN _k IN ('CONSULT', 'COOPERATE') AND _t0 <> '' AND _s0 > _t0 THEN _s0 ELSE _t0 END AS _t"""
SOURCES_SQL = ("coalesce(nullif(source, ''), nullif(regexp_extract(url, '//([^/]+)', 1), ''), "
               "regexp_replace(origin, ':[0-9]+$', ''))")


def _rows(cur) -> list[dict]:
    return [dict(zip(MERGE_FIELDS, r, strict=True)) for r in cur.fetchall()]


def _register(con, name: str, columns: dict) -> None:
    import pyarrow as pa

    con.register(name, pa.table(columns))


def _new_events(con, event_ids: list[str] | None) -> list[dict]:
    fields = ", ".join(f"e.{f}" for f in MERGE_FIELDS)
    if event_ids is None:
        return _rows(con.execute(f"SELECT {fields} FROM events e ANTI JOIN event_clusters c USING (event_id)"))
    _register(con, "_new_ids", {"event_id": list(event_ids)})
    try:
        return _rows(con.execute(f"SELECT {fields} FROM events e SEMI JOIN _new_ids n USING (event_id) "
                                 "ANTI JOIN event_clusters c USING (event_id)"))
    finally:
        con.unregister("_new_ids")


def _candidates(con, new: list[dict], params: MergeParams) -> list[str]:
    """Cluster ids of the stored reports that a new report may merge with."""
    from newsevents.store.merge import _key

    w = dt.timedelta(days=params.window_days)
    blocks = {(*_key(e), e["event_date"] - w if e["event_date"] else None,
               e["event_date"] + w if e["event_date"] else None, e["content_hash"]) for e in new}
    import pyarrow as pa

    cols = list(zip(*blocks, strict=True))
    types = [pa.string(), pa.string(), pa.string(), pa.date32(), pa.date32(), pa.string()]
    _register(con, "_blocks", {n: pa.array(list(c), type=ty) for n, c, ty in
                               zip(("s", "t", "k", "lo", "hi", "chash"), cols, types, strict=True)})
    try:
        # The block join runs on the small new side first; only matching stored rows get a cluster lookup.
        sql = f"""
            WITH keyed AS (SELECT event_id, event_date, content_hash, _k, {SWAP_SQL}
                           FROM (SELECT event_id, event_date, content_hash, {KEY_SQL} FROM events)),
                 hit AS (SELECT DISTINCT ev.event_id FROM keyed ev JOIN _blocks b
                         ON ev._s = b.s AND ev._t = b.t AND ev._k = b.k
                         AND (ev.event_date BETWEEN b.lo AND b.hi OR ev.content_hash = b.chash))
            SELECT DISTINCT c.cluster_id FROM hit JOIN event_clusters c USING (event_id)"""
        return [r[0] for r in con.execute(sql).fetchall()]
    finally:
        con.unregister("_blocks")


def merge_new(con, params: MergeParams | None = None, event_ids: list[str] | None = None) -> tuple[int, int]:
    """Merge the reports that have no cluster yet (or only `event_ids`) into the stored clusters.

    Returns (new reports, merged events written or rewritten)."""
    from newsevents.store.db import insert_rows

    params = params or MergeParams()
    new = _new_events(con, event_ids)
    if not new:
        return 0, 0
    touched = _candidates(con, new, params)
    old: list[dict] = []
    old_cluster: dict[str, str] = {}
    if touched:
        _register(con, "_touched", {"cluster_id": touched})
        try:
            fields = ", ".join(f"e.{f}" for f in MERGE_FIELDS)
            cur = con.execute(f"SELECT {fields}, c.cluster_id FROM events e JOIN event_clusters c USING (event_id) "
                              "SEMI JOIN _touched t USING (cluster_id)")
            for r in cur.fetchall():
                old.append(dict(zip(MERGE_FIELDS, r[:-1], strict=True)))
                old_cluster[r[0]] = r[-1]
        finally:
            con.unregister("_touched")
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for g in clusters(new + old, params):
        for e in g[1:]:
            union(g[0]["event_id"], e["event_id"])
    by_old: dict[str, str] = {}
    for eid, cid in old_cluster.items():
        union(by_old.setdefault(cid, eid), eid)
    rows_by_id = {e["event_id"]: e for e in new + old}
    comps: dict[str, list[dict]] = {}
    for eid, e in rows_by_id.items():
        comps.setdefault(find(eid), []).append(e)
    hashes = sorted({e["content_hash"] for e in rows_by_id.values()})
    _register(con, "_hashes", {"content_hash": hashes})
    try:
        sources = dict(con.execute(f"SELECT content_hash, {SOURCES_SQL} FROM articles "
                                   "SEMI JOIN _hashes USING (content_hash)").fetchall())
    finally:
        con.unregister("_hashes")
    groups = list(comps.values())
    rows = [merged_row(g, sources) for g in groups]
    links = [{"event_id": e["event_id"], "cluster_id": r["cluster_id"]} for g, r in zip(groups, rows, strict=True)
             for e in g]
    con.execute("BEGIN TRANSACTION")
    try:
        if touched:
            _register(con, "_touched", {"cluster_id": touched})
            con.execute("DELETE FROM event_clusters WHERE cluster_id IN (SELECT cluster_id FROM _touched)")
            con.execute("DELETE FROM merged_events WHERE cluster_id IN (SELECT cluster_id FROM _touched)")
            con.unregister("_touched")
        insert_rows(con, "event_clusters", ["event_id", "cluster_id"], links)
        insert_rows(con, "merged_events", list(rows[0]), rows)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return len(new), len(rows)
