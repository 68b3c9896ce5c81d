"""Blocked and incremental merging give the same clusters as comparing every pair."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

import pytest

from newsevents.store import MergeParams, merge_store, open_db
from newsevents.store.db import EVENT_COLUMNS, insert_rows
from newsevents.store.incremental import merge_new
from newsevents.store.merge import _key, _similar, _words, clusters

WORDS = "troops met talks summit border attack aid sanctions minister protest ceasefire".split()


def _events(n: int, seed: int, undated_share: float = 0.3) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        s, t = rng.sample(["USA", "CHN", "RUS", "IRN"], 2)
        plover = rng.choice(["CONSULT", "ACCUSE", "ASSAULT"])
        day = None if rng.random() < undated_share else dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(40))
        art = f"{rng.randrange(n // 3):032x}"
        rows.append({
            "event_id": f"{i:016x}", "content_hash": art, "article_id": art[:8], "sentence": 0, "headline": False,
            "source_code": s + "GOV", "source_country": s if rng.random() < 0.9 else None, "source_sector": None,
            "source_entity": None, "source_text": s, "target_code": t, "target_country": t, "target_sector": None,
            "target_entity": None, "target_text": t, "cameo": "040", "cameo_name": "x", "plover": plover,
            "quad_class": 1, "goldstein": 1.0, "date": day.isoformat() if day else None, "event_date": day,
            "date_precision": "day" if day else None, "historical": False, "location_name": None,
            "location_country": None, "lat": None, "lon": None,
            "geonameid": rng.choice([None, None, 1, 2]), "location_source": "clause", "trigger": rng.choice(WORDS),
            "trigger_start": 0, "trigger_end": 1, "confidence": 0.5, "flags": "{}", "why": "[]",
            "sentence_text": " ".join(rng.choice(WORDS) for _ in range(6)),
        })
    return rows


def _all_pairs(events: list[dict], params: MergeParams) -> set[frozenset]:
    """The reference: every pair of a (dyad, type) group compared, components by union-find."""
    parent = {e["event_id"]: e["event_id"] for e in events}

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x

    groups = defaultdict(list)
    for e in events:
        e["_words"] = _words(e["sentence_text"])
        groups[_key(e)].append(e)
    for g in groups.values():
        for i, a in enumerate(g):
            for b in g[i + 1:]:
                if _similar(a, b, params):
                    parent[find(a["event_id"])] = find(b["event_id"])
    comps = defaultdict(set)
    for e in events:
        comps[find(e["event_id"])].add(e["event_id"])
    return {frozenset(c) for c in comps.values()}


def _as_sets(groups) -> set[frozenset]:
    return {frozenset(e["event_id"] for e in g) for g in groups}


def test_blocked_clusters_equal_all_pairs():
    for seed in range(3):
        events = _events(600, seed)
        assert _as_sets(clusters([dict(e) for e in events], MergeParams())) == _all_pairs(events, MergeParams())


def test_undated_reports_are_not_all_pairs():
    """20,000 undated reports of one dyad in distinct articles: quick, and nothing merges across articles."""
    import time

    events = _events(20_000, 5, undated_share=1.0)
    for e in events:
        e.update(source_country="USA", target_country="CHN", plover="CONSULT", content_hash=e["event_id"])
    t0 = time.perf_counter()
    groups = clusters(events, MergeParams())
    assert time.perf_counter() - t0 < 5
    assert len(groups) == 20_000


def _db_clusters(con) -> set[frozenset]:
    rows = con.execute("SELECT cluster_id, list(event_id) FROM event_clusters GROUP BY 1").fetchall()
    return {frozenset(ids) for _, ids in rows}


def test_incremental_merge_equals_full_merge(tmp_path):
    events = _events(1500, 11)
    full = open_db(tmp_path / "full.duckdb")
    insert_rows(full, "events", EVENT_COLUMNS, events)
    merge_store(full)
    incr = open_db(tmp_path / "incr.duckdb")
    cut = [0, 900, 1200, 1450, 1500]
    for a, b in zip(cut, cut[1:], strict=False):
        insert_rows(incr, "events", EVENT_COLUMNS, events[a:b])
        n, _ = merge_new(incr)
        assert n == b - a
    assert _db_clusters(incr) == _db_clusters(full)
    q = "SELECT * FROM merged_events ORDER BY cluster_id"  # every column: the same row in any order
    assert incr.execute(q).fetchall() == full.execute(q).fetchall()
    assert merge_new(incr) == (0, 0)


def _index(con) -> list[tuple]:
    return con.execute("SELECT ev_row, eid, blk, day, art, cl, cluster_id, ec_row FROM merge_blocks ORDER BY ev_row"
                       ).fetchall()


def test_block_index_follows_incremental_merges(tmp_path):
    """After each incremental merge the index equals one built from scratch from events and event_clusters."""
    from newsevents.store.blocks import rebuild

    events = _events(900, 21)
    con = open_db(tmp_path / "s.duckdb")
    for a, b in ((0, 500), (500, 800), (800, 900)):
        insert_rows(con, "events", EVENT_COLUMNS, events[a:b])
        (merge_new if a else merge_store)(con)
        kept = _index(con)
        rebuild(con)
        assert kept == _index(con) and len(kept) == b


def test_undated_only_new_reports_merge(tmp_path):
    """New reports without any date (no date window to look up) merge within their articles."""
    events = _events(400, 4, undated_share=1.0)
    full = open_db(tmp_path / "full.duckdb")
    insert_rows(full, "events", EVENT_COLUMNS, events)
    merge_store(full)
    incr = open_db(tmp_path / "incr.duckdb")
    insert_rows(incr, "events", EVENT_COLUMNS, events[:100])
    merge_new(incr)
    insert_rows(incr, "events", EVENT_COLUMNS, events[100:])
    assert merge_new(incr)[0] == 300
    assert _db_clusters(incr) == _db_clusters(full)


def test_stale_or_missing_index_is_rebuilt(tmp_path, monkeypatch):
    """Rowids that no longer name their reports, or a dropped index, cost a rebuild, never a wrong merge."""
    from newsevents.store import blocks

    rebuilt = []
    real = blocks.rebuild
    monkeypatch.setattr(blocks, "rebuild", lambda con: (rebuilt.append(1), real(con)))
    events = _events(1200, 8)
    full = open_db(tmp_path / "full.duckdb")
    insert_rows(full, "events", EVENT_COLUMNS, events)
    merge_store(full)
    incr = open_db(tmp_path / "incr.duckdb")
    insert_rows(incr, "events", EVENT_COLUMNS, events[:600])
    merge_store(incr)  # a full merge builds the index too
    assert len(rebuilt) == 2  # the two full merges'
    incr.execute("UPDATE merge_blocks SET ev_row = (ev_row + 7) % 600")  # rowids moved
    insert_rows(incr, "events", EVENT_COLUMNS, events[600:900])
    merge_new(incr)
    assert len(rebuilt) == 3  # the stale rowids'
    incr.execute("DROP TABLE merge_blocks")
    insert_rows(incr, "events", EVENT_COLUMNS, events[900:])
    merge_new(incr)
    assert len(rebuilt) == 4
    assert _db_clusters(incr) == _db_clusters(full)
    q = "SELECT * FROM merged_events ORDER BY cluster_id"  # every column: the same row in any order
    assert incr.execute(q).fetchall() == full.execute(q).fetchall()


def _with_articles(con, events: list[dict]) -> None:
    """Store events with their article rows, as ingest does."""
    arts = {e["content_hash"]: e["article_id"] for e in events}
    have = {h for (h,) in con.execute("SELECT content_hash FROM articles").fetchall()}
    insert_rows(con, "articles", ["content_hash", "article_id"],
                [{"content_hash": h, "article_id": a} for h, a in arts.items() if h not in have])
    insert_rows(con, "events", EVENT_COLUMNS, events)


@pytest.mark.parametrize("recorded", [0, 5])
def test_new_reports_of_an_old_article_and_moved_link_rows(tmp_path, recorded):
    """Reports added later to an article stored earlier still meet its reports; event_clusters rows whose
    rowids moved down (a checkpoint dropped deleted rows) are found within the rows deleted since (5), or
    by a scan when that range cannot hold them (0)."""
    events = _events(1500, 31, undated_share=0.6)
    full = open_db(tmp_path / "full.duckdb")
    _with_articles(full, events)
    merge_store(full)
    incr = open_db(tmp_path / "incr.duckdb")
    old_arts = {e["content_hash"] for e in events[:700]}
    first = events[:700] + [e for e in events[700:] if e["content_hash"] not in old_arts][:300]
    rest = [e for e in events if e not in first]
    assert any(e["content_hash"] in old_arts for e in rest)
    _with_articles(incr, first)
    merge_new(incr)
    incr.execute("UPDATE merge_blocks SET ec_row = ec_row + 1")  # as if the rows had moved down by one
    incr.execute("UPDATE merge_blocks_state SET ec_deleted = ?", [recorded])
    _with_articles(incr, rest)
    merge_new(incr)
    assert _db_clusters(incr) == _db_clusters(full)
    q = "SELECT * FROM merged_events ORDER BY cluster_id"
    assert incr.execute(q).fetchall() == full.execute(q).fetchall()


def test_link_rows_found_after_rows_moved(tmp_path):
    """Committed event_clusters rows are found by id within the shift bound, or by a scan beyond it."""
    from newsevents.store.blocks import link_rows, rebuild

    con = open_db(tmp_path / "s.duckdb")
    rebuild(con)
    con.execute("INSERT INTO event_clusters SELECT printf('e%d', i), 'c' FROM range(10) r(i)")
    ids = [f"e{i}" for i in range(6, 10)]
    expect = {f"e{i}": i for i in range(6, 10)}
    assert link_rows(con, 5, ids) == expect
    assert link_rows(con, 8, ids) == expect  # rows moved below the mark, no bound recorded: scanned
    con.execute("UPDATE merge_blocks_state SET ec_deleted = 3")
    assert link_rows(con, 8, ids) == expect


def test_crash_between_merge_and_index_rebuilds_it(tmp_path, monkeypatch):
    """A merge committed without its index rows (killed in between) leaves an index that is rebuilt."""
    from newsevents.store import blocks

    events = _events(900, 41)
    full = open_db(tmp_path / "full.duckdb")
    insert_rows(full, "events", EVENT_COLUMNS, events)
    merge_store(full)
    incr = open_db(tmp_path / "incr.duckdb")
    insert_rows(incr, "events", EVENT_COLUMNS, events[:400])
    merge_new(incr)
    insert_rows(incr, "events", EVENT_COLUMNS, events[400:700])
    real = blocks.add

    def killed(*_a):
        raise KeyboardInterrupt

    monkeypatch.setattr(blocks, "add", killed)
    with pytest.raises(KeyboardInterrupt):
        merge_new(incr)
    monkeypatch.setattr(blocks, "add", real)
    insert_rows(incr, "events", EVENT_COLUMNS, events[700:])
    merge_new(incr)
    assert _db_clusters(incr) == _db_clusters(full)
    assert incr.execute("SELECT count(*) FROM merge_blocks").fetchone()[0] == 900
