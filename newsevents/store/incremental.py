"""Incremental merging: new reports merge only with the stored reports of their blocks.

A block is (dyad, type) and, for a dated report, the stored reports dated within the window of it;
for any report, also the stored reports of its own article (undated reports merge only there).
The new reports, those candidates and every member of the candidates' clusters are re-clustered;
all other clusters stay as they are.  The result equals a full `merge_store` with the same settings,
at a cost that follows the new reports, not the store.  New reports are those without a cluster.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from newsevents.store.blocks import KEY_SQL, SWAP_SQL
from newsevents.store.merge import MERGE_FIELDS, MergeParams, clusters, insert_columns, merged_rows

SOURCES_SQL = ("coalesce(nullif(source, ''), nullif(regexp_extract(url, '//([^/]+)', 1), ''), "
               "regexp_replace(origin, ':[0-9]+$', ''))")


def _rows(cur) -> list[dict]:
    return [dict(zip(MERGE_FIELDS, r, strict=True)) for r in cur.fetchall()]


def _register(con, name: str, columns: dict) -> None:
    import pyarrow as pa

    con.register(name, pa.table(columns))


def set_watermark(con) -> None:
    """Remember the last events and articles rows merged (rowid), so the next merge reads only events
    after it and knows which articles are new.
    Nothing to remember where events is a view (a Parquet dataset)."""
    if not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'events'").fetchall()[0][0]:
        return
    con.execute("CREATE TABLE IF NOT EXISTS merge_state (events_rowid BIGINT)")
    con.execute("ALTER TABLE merge_state ADD COLUMN IF NOT EXISTS articles_rowid BIGINT")
    con.execute("DELETE FROM merge_state")
    con.execute("INSERT INTO merge_state SELECT (SELECT coalesce(max(rowid), -1) FROM events), "
                "(SELECT coalesce(max(rowid), -1) FROM articles)")


def _new_events(con, event_ids: list[str] | None) -> list[dict]:
    fields = ", ".join(f"e.{f}" for f in MERGE_FIELDS)
    if event_ids is not None:
        _register(con, "_new_ids", {"event_id": list(event_ids)})
        try:
            return _rows(con.execute(f"SELECT {fields} FROM events e SEMI JOIN _new_ids n USING (event_id) "
                                     "ANTI JOIN event_clusters c USING (event_id)"))
        finally:
            con.unregister("_new_ids")
    try:  # rows after the watermark, if every row before it has its cluster (counts are cheap)
        marks = con.execute("SELECT events_rowid FROM merge_state").fetchall()
        if marks:
            mark = marks[0]
            new = _rows(con.execute(f"SELECT {fields} FROM events e WHERE rowid > ?", [mark[0]]))
            n_events, n_linked = con.execute("SELECT (SELECT count(*) FROM events), "
                                             "(SELECT count(*) FROM event_clusters)").fetchall()[0]
            if n_events == n_linked + len(new):
                return new
    except duckdb.Error:
        pass  # no watermark yet, or events is a view (Parquet dataset): compare with the clusters
    return _rows(con.execute(f"SELECT {fields} FROM events e ANTI JOIN event_clusters c USING (event_id)"))


def _candidates(con, new: list[dict], params: MergeParams) -> tuple[list[dict], list[str]]:
    """The stored reports a new report may merge with (same block), and their cluster ids."""
    import pyarrow as pa

    from newsevents.store.merge import _key

    w = dt.timedelta(days=params.window_days)
    dated = [e for e in new if e["event_date"] is not None]
    blocks = {(*_key(e), e["event_date"] - w, e["event_date"] + w) for e in dated}
    cols = list(zip(*blocks, strict=True)) or [[]] * 5
    types = [pa.string(), pa.string(), pa.string(), pa.date32(), pa.date32()]
    _register(con, "_blocks", {n: pa.array(list(c), type=ty) for n, c, ty in
                               zip(("s", "t", "k", "lo", "hi"), cols, types, strict=True)})
    _register(con, "_hashes", {"content_hash": sorted({e["content_hash"] for e in new})})
    # with no dated report, _blocks is empty and the range matches nothing
    lo = min((e["event_date"] for e in dated), default=dt.date(2000, 1, 1) + w) - w
    hi = max((e["event_date"] for e in dated), default=dt.date(2000, 1, 1) - w) + w
    plain = ", ".join(MERGE_FIELDS)
    try:
        # Dated: the date range prunes row groups (zone maps) before the block join; same article: by hash.
        sql = f"""
            WITH keyed AS (SELECT {plain}, _k, {SWAP_SQL}
                           FROM (SELECT {plain}, {KEY_SQL} FROM events WHERE event_date BETWEEN ? AND ?)),
                 hit AS (SELECT {", ".join("ev." + f for f in MERGE_FIELDS)} FROM keyed ev JOIN _blocks b
                         ON ev._s = b.s AND ev._t = b.t AND ev._k = b.k AND ev.event_date BETWEEN b.lo AND b.hi
                         UNION
                         SELECT {plain} FROM events SEMI JOIN _hashes USING (content_hash))
            SELECT hit.*, c.cluster_id FROM hit JOIN event_clusters c USING (event_id)"""
        rows = con.execute(sql, [lo, hi]).fetchall()
    finally:
        con.unregister("_blocks")
        con.unregister("_hashes")
    return [dict(zip(MERGE_FIELDS, r[:-1], strict=True)) for r in rows], [r[-1] for r in rows]


def _members(con, cluster_ids: list[str]) -> list[tuple[dict, str]]:
    """Every report of these clusters, with its cluster id."""
    if not cluster_ids:
        return []
    _register(con, "_changed", {"cluster_id": cluster_ids})
    try:
        fields = ", ".join(f"e.{f}" for f in MERGE_FIELDS)
        rows = con.execute(f"SELECT {fields}, c.cluster_id FROM events e JOIN (SELECT event_id, cluster_id "
                           "FROM event_clusters SEMI JOIN _changed USING (cluster_id)) c USING (event_id)").fetchall()
        return [(dict(zip(MERGE_FIELDS, r[:-1], strict=True)), r[-1]) for r in rows]
    finally:
        con.unregister("_changed")


def _union_find():
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

    return find, union


def _components(con, new: list[dict], params: MergeParams, indexed: bool, fresh: set[str] | None
                ) -> tuple[list[list[dict]], list[str], list[tuple[dict, str]]]:
    """The new reports joined with the stored clusters they touch: (components, rewritten cluster ids,
    those clusters' reports with their old cluster ids)."""
    from newsevents.store import blocks

    if indexed:
        cand, cand_cluster = blocks.candidates(con, new, params, fresh)
    else:
        cand, cand_cluster = _candidates(con, new, params)
    old_of = {e["event_id"]: cid for e, cid in zip(cand, cand_cluster, strict=True)}
    final, mixed = [], []  # clusters of new reports only; (new reports, stored clusters) joined
    for g in clusters(new + cand, params):
        news = [e for e in g if e["event_id"] not in old_of]
        olds = {old_of[e["event_id"]] for e in g if e["event_id"] in old_of}
        if news and olds:
            mixed.append((news, olds))
        elif news:
            final.append(g)
    changed = sorted({cid for _, olds in mixed for cid in olds})
    find, union = _union_find()
    for news, olds in mixed:
        anchor = "\x00" + min(olds)  # an old cluster is one node
        for x in [*("\x00" + c for c in olds), *(e["event_id"] for e in news)]:
            union(anchor, x)
    members = (blocks.members if indexed else _members)(con, changed)
    for e, cid in members:
        union("\x00" + cid, e["event_id"])
    rows_by_id = {e["event_id"]: e for e in [e for news, _ in mixed for e in news] + [e for e, _ in members]}
    comps: dict[str, list[dict]] = {}
    for eid, e in rows_by_id.items():
        comps.setdefault(find(eid), []).append(e)
    return final + list(comps.values()), changed, members


def _sources(con, groups: list[list[dict]]) -> dict:
    hashes = sorted({e["content_hash"] for g in groups for e in g})
    _register(con, "_hashes", {"content_hash": hashes})
    try:
        return dict(con.execute(f"SELECT content_hash, {SOURCES_SQL} FROM articles "
                                "SEMI JOIN _hashes USING (content_hash)").fetchall())
    finally:
        con.unregister("_hashes")


def _delete_merged(con, members: list[tuple[dict, str]], changed: list[str]) -> None:
    """Delete the merged_events rows of the rewritten clusters.  Each row's event_date is its reports'
    first date, so the date range lets zone maps skip row groups; whatever that misses goes by id alone."""
    first: dict[str, object] = dict.fromkeys(changed)
    for e, cid in members:
        if e["event_date"] is not None and (first[cid] is None or e["event_date"] < first[cid]):
            first[cid] = e["event_date"]
    dates = [d for d in first.values() if d is not None]
    _register(con, "_changed", {"cluster_id": changed})
    try:
        gone = 0
        ids = "cluster_id IN (SELECT cluster_id FROM _changed)"
        if dates:
            gone += con.execute(f"DELETE FROM merged_events WHERE event_date BETWEEN ? AND ? AND {ids}",
                                [min(dates), max(dates)]).fetchall()[0][0]
        if len(dates) < len(changed):
            gone += con.execute(f"DELETE FROM merged_events WHERE event_date IS NULL AND {ids}").fetchall()[0][0]
        if gone < len(changed):
            con.execute(f"DELETE FROM merged_events WHERE {ids}")
    finally:
        con.unregister("_changed")


def _write(con, groups: list[list[dict]], rows: dict, changed: list[str], members: list[tuple[dict, str]],
           indexed: bool) -> None:
    """Replace the rewritten clusters and add the new ones (event_clusters, merged_events, merge_blocks)."""
    from newsevents.store import blocks

    if changed:
        if indexed:
            blocks.delete_links(con, members)
        else:
            _register(con, "_changed", {"cluster_id": changed})
            con.execute("DELETE FROM event_clusters WHERE cluster_id IN (SELECT cluster_id FROM _changed)")
            con.unregister("_changed")
        _delete_merged(con, members, changed)
    insert_columns(con, "event_clusters", {"event_id": [e["event_id"] for g in groups for e in g],
                                           "cluster_id": [c for g, c in zip(groups, rows["cluster_id"], strict=True)
                                                          for _ in g]})
    insert_columns(con, "merged_events", rows)
    if indexed:
        blocks.drop(con, [e["_row"] for e, _ in members])


def _first_date(g: list[dict]):
    return min((e["event_date"] for e in g if e["event_date"] is not None), default=dt.date.max)


def merge_new(con, params: MergeParams | None = None, event_ids: list[str] | None = None) -> tuple[int, int]:
    """Merge the reports that have no cluster yet (or only `event_ids`) into the stored clusters.

    In a DuckDB store the stored reports of the new reports' blocks are found through `merge_blocks`
    (store.blocks); over a Parquet dataset (events is a view) by a date-pruned query.
    Returns (new reports, merged events written or rewritten)."""
    from newsevents.store import blocks

    params = params or MergeParams()
    indexed = blocks.is_table(con, "events")
    if indexed:
        blocks.ensure(con)
    new = blocks.new_rows(con, event_ids) if indexed else _new_events(con, event_ids)
    if not new:
        return 0, 0
    fresh = blocks.fresh_articles(con) if indexed and event_ids is None else None
    try:
        groups, changed, members = _components(con, new, params, indexed, fresh)
    except blocks.StaleIndex:
        blocks.rebuild(con)
        groups, changed, members = _components(con, new, params, indexed, fresh)
    groups.sort(key=_first_date)  # rows in date order: zone maps on merged_events.event_date stay narrow
    rows = merged_rows(groups, _sources(con, groups))
    after = con.execute("SELECT coalesce(max(rowid), -1) FROM event_clusters").fetchall()[0][0] if indexed else 0
    con.execute("BEGIN TRANSACTION")
    try:
        _write(con, groups, rows, changed, members, indexed)
        if event_ids is None:
            set_watermark(con)
        elif blocks.fresh_articles(con) is not None:
            con.execute("UPDATE merge_state SET articles_rowid = NULL")  # articles' reports now partly merged
        con.execute("COMMIT")
    except BaseException:  # Ctrl-C too: never leave the transaction open
        con.execute("ROLLBACK")
        raise
    if indexed:  # rowids are final once committed; a crash before this leaves the index short (rebuilt)
        con.execute("BEGIN TRANSACTION")
        try:
            blocks.add(con, [(e, c) for g, c in zip(groups, rows["cluster_id"], strict=True) for e in g], after)
            con.execute("COMMIT")
        except BaseException:  # Ctrl-C too: never leave the transaction open
            con.execute("ROLLBACK")
            raise
    return len(new), len(groups)
