"""The merge-block index: merging new reports reads only the stored reports of their blocks.

`merge_blocks` has one narrow row per clustered report: its row number in `events` (rowid; events rows
are only ever added), hashes of its id, of its (dyad, type) block and of its article, its date as a day
number, and its cluster.  Integer columns scan at a few ns a row and rows arrive roughly in date order,
so the zone maps on `day` skip most of the table; the reports themselves are then read by rowid (each
checked against its id hash).  The index is rebuilt from events and event_clusters when it is missing
or out of step (an older store, a full `merge_store`).
"""

from __future__ import annotations

from newsevents.store.merge import MERGE_FIELDS, MergeParams, fetch_dicts

KEY_SQL = """
    coalesce(nullif(source_country, ''), nullif(source_code, ''), '') AS _s0,
    coalesce(nullif(target_country, ''), nullif(target_code, ''), '') AS _t0,
    coalesce(nullif(plover, ''), 'CAMEO' || substr(coalesce(cameo, ''), 1, 2)) AS _k"""
SWAP_SQL = """
    CASE WHEN _k IN ('CONSULT', 'COOPERATE') AND _t0 <> '' AND _s0 > _t0 THEN _t0 ELSE _s0 END AS _s,
    CASE WHEN _k IN ('CONSULT', 'COOPERATE') AND _t0 <> '' AND _s0 > _t0 THEN _s0 ELSE _t0 END AS _t"""
EXTRA = ["_row", "_eid", "_blk", "_art", "_day"]


class StaleIndex(Exception):
    """A rowid in merge_blocks no longer names its report: the index is rebuilt."""


def keyed_sql(where: str) -> str:
    """The merge fields of the events matching `where`, with rowid and the block columns."""
    plain = ", ".join(MERGE_FIELDS)
    return f"""SELECT {plain}, _row, hash(event_id) AS _eid, hash(_s, _t, _k) AS _blk, hash(content_hash) AS _art,
                      datediff('day', DATE '1970-01-01', event_date)::INTEGER AS _day
               FROM (SELECT *, {SWAP_SQL} FROM (SELECT rowid AS _row, {plain}, {KEY_SQL} FROM events
                                                 WHERE {where}))"""


def _dicts(con, where: str, params: list | None = None) -> list[dict]:
    return fetch_dicts(con, keyed_sql(where), MERGE_FIELDS + EXTRA, params)


def _register(con, name: str, columns: dict, types: dict | None = None) -> None:
    import pyarrow as pa

    types = types or {}
    con.register(name, pa.table({k: pa.array(v, type=types.get(k)) for k, v in columns.items()}))


def is_table(con, name: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND NOT temporary",
                            [name]).fetchall()[0][0])


def rebuild(con) -> None:
    """Build the index from events and event_clusters (ordered by day, so zone maps prune)."""
    con.execute(f"""CREATE OR REPLACE TABLE merge_blocks AS
        SELECT k._row AS ev_row, k._eid AS eid, k._blk AS blk, k._day AS day, k._art AS art,
               hash(c.cluster_id) AS cl, c.cluster_id, c._ec AS ec_row
        FROM ({keyed_sql('true')}) k JOIN (SELECT rowid AS _ec, * FROM event_clusters) c USING (event_id)
        ORDER BY day, blk""")
    con.execute("CREATE OR REPLACE TABLE merge_blocks_state AS SELECT 0::BIGINT AS ec_deleted")


def ensure(con) -> None:
    """Rebuild the index unless it holds exactly one row per clustered report."""
    if is_table(con, "merge_blocks") and is_table(con, "merge_blocks_state") and con.execute(
            "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'merge_blocks' AND column_name = 'ec_row'"
    ).fetchall()[0][0]:
        n_blocks, n_links = con.execute("SELECT (SELECT count(*) FROM merge_blocks), "
                                        "(SELECT count(*) FROM event_clusters)").fetchall()[0]
        if n_blocks == n_links:
            return
    rebuild(con)


def new_rows(con, event_ids: list[str] | None) -> list[dict]:
    """The reports without a cluster: rows after the watermark when every row before it is clustered."""
    if event_ids is not None:
        _register(con, "_new_ids", {"event_id": list(event_ids)})
        try:
            return _dicts(con, "event_id IN (SELECT event_id FROM _new_ids) AND event_id NOT IN "
                               "(SELECT event_id FROM event_clusters)")
        finally:
            con.unregister("_new_ids")
    marks = con.execute("SELECT events_rowid FROM merge_state").fetchall() if is_table(con, "merge_state") else []
    if marks:
        new = _dicts(con, "rowid > ?", [marks[0][0]])
        n_events, n_linked = con.execute("SELECT (SELECT count(*) FROM events), "
                                         "(SELECT count(*) FROM event_clusters)").fetchall()[0]
        if n_events == n_linked + len(new):
            return new
    return _dicts(con, "event_id NOT IN (SELECT event_id FROM event_clusters)")


def _by_rowid(con, hits: list[tuple]) -> list[tuple[dict, str]]:
    """The reports at these (ev_row, eid, cluster_id) index rows, each with its cluster id."""
    if not hits:
        return []
    want = {r: (eid, cid, ec) for r, eid, cid, ec in hits}
    _register(con, "_rows", {"r": sorted(want)}, {"r": _int64()})
    try:
        rows = _dicts(con, "rowid IN (SELECT r FROM _rows)")
    finally:
        con.unregister("_rows")
    if len(rows) != len(want) or any(want[e["_row"]][0] != e["_eid"] for e in rows):
        raise StaleIndex
    for e in rows:
        e["_ec"] = want[e["_row"]][2]  # its event_clusters row
    return [(e, want[e["_row"]][1]) for e in rows]


def _int64():
    import pyarrow as pa

    return pa.int64()


def fresh_articles(con) -> set[str] | None:
    """The articles stored since the last merge (rowid after its mark): no report of theirs has a cluster
    (ingest writes an article with its reports).  None when unknown."""
    if not con.execute("SELECT count(*) FROM duckdb_columns() WHERE table_name = 'merge_state' "
                       "AND column_name = 'articles_rowid'").fetchall()[0][0]:
        return None
    mark = con.execute("SELECT articles_rowid FROM merge_state").fetchall()
    if not mark or mark[0][0] is None:
        return None
    return {h for (h,) in con.execute("SELECT content_hash FROM articles WHERE rowid > ?", [mark[0][0]]).fetchall()}


def candidates(con, new: list[dict], params: MergeParams, fresh: set[str] | None = None
               ) -> tuple[list[dict], list[str]]:
    """The stored reports a new report may merge with: its block within the date window, or its block
    and its article (looked up only for articles not in `fresh`); with their cluster ids."""
    import pyarrow as pa

    w = params.window_days
    days = {(e["_blk"], e["_day"]) for e in new if e["_day"] is not None}
    arts = {(e["_blk"], e["_art"]) for e in new if fresh is None or e["content_hash"] not in fresh}
    hits = []
    if days:
        blk, day = zip(*days, strict=True)
        _register(con, "_nb", {"blk": list(blk), "day": list(day)}, {"blk": pa.uint64(), "day": pa.int32()})
        try:  # every day of each new report's window; the day range lets zone maps skip old row groups
            hits += con.execute("SELECT ev_row, eid, cluster_id, ec_row FROM merge_blocks m SEMI JOIN (SELECT "
                                "DISTINCT blk, day + d AS day FROM _nb, range(-?, ? + 1) r(d)) n USING (blk, day) "
                                "WHERE m.day BETWEEN ? AND ?", [w, w, min(day) - w, max(day) + w]).fetchall()
        finally:
            con.unregister("_nb")
    if arts:
        blk, art = zip(*arts, strict=True)
        _register(con, "_na", {"blk": list(blk), "art": list(art)}, {"blk": pa.uint64(), "art": pa.uint64()})
        try:
            hits += con.execute("SELECT ev_row, eid, cluster_id, ec_row FROM merge_blocks SEMI JOIN _na "
                                "USING (blk, art)").fetchall()
        finally:
            con.unregister("_na")
    found = _by_rowid(con, list(set(hits)))
    return [e for e, _ in found], [c for _, c in found]


def members(con, cluster_ids: list[str]) -> list[tuple[dict, str]]:
    """Every report of these clusters, with its cluster id."""
    if not cluster_ids:
        return []
    _register(con, "_changed", {"cluster_id": cluster_ids})
    try:
        # the cl column alone is scanned; the other columns are read for the rows found
        hits = con.execute("SELECT ev_row, eid, cluster_id, ec_row FROM merge_blocks WHERE rowid IN "
                           "(SELECT rowid FROM merge_blocks WHERE cl IN (SELECT hash(cluster_id) FROM _changed))"
                           ).fetchall()
    finally:
        con.unregister("_changed")
    keep = set(cluster_ids)
    return _by_rowid(con, [h for h in hits if h[2] in keep])


def delete_links(con, members: list[tuple[dict, str]]) -> None:
    """Delete the event_clusters rows of these reports by rowid.  A checkpoint that drops deleted rows
    moves later rows down, by at most the rows deleted since the index was built (merge_blocks_state),
    so a moved row is looked for in that range only; the whole table is scanned only if that fails."""
    want = {e["event_id"]: e["_ec"] for e, _ in members}
    shift = con.execute("SELECT ec_deleted FROM merge_blocks_state").fetchall()[0][0]
    _register(con, "_ids", {"event_id": list(want)})
    try:
        found = dict(con.execute("SELECT event_id, rowid FROM event_clusters WHERE rowid BETWEEN ? AND ? AND "
                                 "event_id IN (SELECT event_id FROM _ids)",
                                 [min(want.values()) - shift, max(want.values())]).fetchall())
        if len(found) == len(want):
            _register(con, "_ec", {"r": sorted(found.values())}, {"r": _int64()})
            con.execute("DELETE FROM event_clusters WHERE rowid IN (SELECT r FROM _ec)")
            con.unregister("_ec")
        else:
            con.execute("DELETE FROM event_clusters WHERE event_id IN (SELECT event_id FROM _ids)")
    finally:
        con.unregister("_ids")
    con.execute("UPDATE merge_blocks_state SET ec_deleted = ec_deleted + ?", [len(want)])


def link_rows(con, after: int, event_ids: list[str]) -> dict[str, int]:
    """event_id -> rowid of the event_clusters rows committed after rowid `after` (less the rows deleted
    since the index was built: a checkpoint may have moved them down); a scan finds any still missing."""
    shift = con.execute("SELECT ec_deleted FROM merge_blocks_state").fetchall()[0][0]
    _register(con, "_ids", {"event_id": event_ids})
    try:
        found = dict(con.execute("SELECT event_id, rowid FROM event_clusters WHERE rowid > ? AND event_id IN "
                                 "(SELECT event_id FROM _ids)", [after - shift]).fetchall())
        if len(found) < len(set(event_ids)):
            found = dict(con.execute("SELECT event_id, rowid FROM event_clusters SEMI JOIN _ids USING (event_id)"
                                     ).fetchall())
        return found
    finally:
        con.unregister("_ids")


def drop(con, old_rows: list[int]) -> None:
    """Drop the index rows of the rewritten clusters' reports (events rowids)."""
    import pyarrow as pa

    if old_rows:
        _register(con, "_old", {"r": sorted(set(old_rows))}, {"r": pa.int64()})
        try:
            con.execute("DELETE FROM merge_blocks WHERE ev_row IN (SELECT r FROM _old)")
        finally:
            con.unregister("_old")


def add(con, links: list[tuple[dict, str]], after: int) -> None:
    """Index (report, cluster id) pairs whose event_clusters rows were committed after rowid `after`
    (rowids are final only once committed)."""
    import pyarrow as pa

    if not links:
        return
    ec_rows = link_rows(con, after, [e["event_id"] for e, _ in links])
    cols = {"ev_row": (pa.int64(), "_row"), "eid": (pa.uint64(), "_eid"), "blk": (pa.uint64(), "_blk"),
            "day": (pa.int32(), "_day"), "art": (pa.uint64(), "_art")}
    data = {c: [e[k] for e, _ in links] for c, (_, k) in cols.items()}
    data["cluster_id"] = [cid for _, cid in links]
    data["ec_row"] = [ec_rows[e["event_id"]] for e, _ in links]
    _register(con, "_links", data, {**{c: t for c, (t, _) in cols.items()}, "ec_row": pa.int64()})
    try:
        con.execute("INSERT INTO merge_blocks SELECT ev_row, eid, blk, day, art, hash(cluster_id), cluster_id, "
                    "ec_row FROM _links")
    finally:
        con.unregister("_links")
