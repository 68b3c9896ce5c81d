#!/usr/bin/env python3
"""Scale-out: local engine vs the Dask engine with 1 and 2 workers, in one run; merging at scale.

    python bench/scale.py [CSV] [--articles 2000] [--partition-size 40] [--stored 10000000] [--new 100000]
    python bench/scale.py --merge-only          # only the merge figures (no ../shared needed)
    python bench/scale.py --coding-only

Coding: CSV (default ../shared/corpus/guardian_2019_sample.csv) is repeated until --articles articles
(ids made unique), then coded by the local engine (one process) and by the Dask engine on a LocalCluster
of 1 and of 2 workers (threads_per_worker=1).  Pipelines are loaded before timing (the worker plugin
warm-up is reported apart).  Prints sentences/s, the 2-worker speed-up over 1 worker, scheduler overhead
per partition (a no-op task's round trip, and Dask-1-worker minus local time per partition), peak RSS of
each worker, and the load average.  Every run must give the same events as the local engine.

Merging: (a) --undated reports of one dyad, all undated, in distinct articles, through `merge_store`;
(b) a store of --stored synthetic events (SQL-generated, 25 countries, ten years in arrival order, each
its own cluster), then `merge_new` of 10,000 and of --new new events (the days that follow) into it.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT.parent / "shared" / "corpus" / "guardian_2019_sample.csv"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _noop(x):
    return x


def _corpus(path: Path, n: int, out: Path) -> Path:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(out, "w", encoding="utf-8") as g:
        for i in range(n):
            r = rows[i % len(rows)]
            g.write(json.dumps({"id": f"a{i}", "text": r["text"], "date": r.get("date")}) + "\n")
    return out


def _digest(records: list[dict]) -> str:
    import hashlib

    return hashlib.sha1(json.dumps(records, sort_keys=True).encode()).hexdigest()


def coding(args) -> None:
    from newsevents.engine import coded_articles
    from newsevents.engine.dask_engine import dask_client, dask_coded_articles
    from newsevents.ingest import read_paths

    path = Path(args.csv)
    if not path.exists():
        print(f"skip coding: {path} not found")
        return
    tmp = Path(tempfile.mkdtemp(prefix="nescale-"))
    src = _corpus(path, args.articles, tmp / "corpus.jsonl")
    print(f"corpus: {args.articles} articles ({path.name} repeated), partition size {args.partition_size}, "
          f"load before: {os.getloadavg()[0]:.2f}", flush=True)

    from newsevents.engine.dask_engine import LoadPipeline

    LoadPipeline().setup()  # load the pipeline before timing
    t0 = time.perf_counter()
    local = list(coded_articles(read_paths([src])))
    t_local = time.perf_counter() - t0
    n_sent = sum(len(c.sentences) for c in local)
    ref = _digest([r for c in local for r in c.records])
    n_parts = -(-args.articles // args.partition_size)
    rows = [("local engine, 1 process", t_local, _rss_mb(), os.getloadavg()[0])]
    print(f"local: {t_local:.1f} s, {n_sent / t_local:.1f} sentences/s, load {rows[0][3]:.2f}", flush=True)
    per_worker = {}
    overhead = {}
    for workers in (1, 2):
        t0 = time.perf_counter()
        with dask_client(workers=workers, quiet=True) as client:
            t_start = time.perf_counter() - t0
            t0 = time.perf_counter()
            for f in [client.submit(_noop, i, pure=False) for i in range(200)]:
                f.result()
            overhead[workers] = (time.perf_counter() - t0) / 200
            t0 = time.perf_counter()
            done = list(dask_coded_articles(read_paths([src]), client=client, partition_size=args.partition_size))
            t = time.perf_counter() - t0
            rss = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
            per_worker[workers] = (t_start, sorted(rss.values()))
        same = _digest([r for c in done for r in c.records]) == ref
        rows.append((f"dask engine, {workers} worker{'s' if workers > 1 else ''}" + ("" if same else " (DIFFERENT)"),
                     t, max(rss.values()), os.getloadavg()[0]))
        print(f"dask {workers}: {t:.1f} s, {n_sent / t:.1f} sentences/s, same events: {same}, "
              f"load {rows[-1][3]:.2f}", flush=True)
    print(f"sentences: {n_sent:,}; events identical across engines: {all('DIFF' not in r[0] for r in rows)}")
    print("| run | seconds | sentences/s | peak RSS per process (MB) | load (1 min) after |")
    print("|---|---|---|---|---|")
    for name, t, rss, load in rows:
        print(f"| {name} | {t:.1f} | {n_sent / t:.1f} | {rss:.0f} | {load:.2f} |")
    t1, t2 = rows[1][1], rows[2][1]
    print(f"2-worker speed-up over 1 worker: {t1 / t2:.2f}x (target >= 1.7x); over local: {t_local / t2:.2f}x")
    for w, (t_start, rss) in per_worker.items():
        print(f"{w} worker(s): cluster start + pipeline warm-up {t_start:.1f} s; worker peak RSS "
              f"{', '.join(f'{r:.0f}' for r in rss)} MB")
    print(f"scheduler overhead: no-op task round trip {overhead[1] * 1000:.1f} ms (1 worker), "
          f"{overhead[2] * 1000:.1f} ms (2 workers); (dask 1 worker - local) / partition = "
          f"{(t1 - t_local) / n_parts * 1000:.0f} ms over {n_parts} partitions")


COUNTRIES = ["USA", "CHN", "RUS", "IRN", "GBR", "FRA", "DEU", "IND", "PAK", "ISR", "PSE", "SYR", "TUR", "UKR",
             "JPN", "KOR", "PRK", "SAU", "EGY", "NGA", "BRA", "MEX", "VEN", "AFG", "IRQ"]
WORDS = ("government troops officials met talks agreement sanctions protest border minister president "
         "ceasefire aid accused visited condemned signed rejected urged attack killed police arrested").split()


def _synth_sql(table: str, start: int, n: int, per_day: int) -> str:
    """INSERT n synthetic events (numbers from start) with pseudo-random ids, dyads, types and words,
    dated in arrival order (per_day events a day from 2016-01-01, +-2 days), as news is ingested."""
    from newsevents.ontology import cameo, codes

    pairs = [(c, cameo(c).plover, cameo(c).quad_class, cameo(c).goldstein) for c in codes()
             if len(c) == 3 and cameo(c).plover][:40]
    lst = lambda xs: "[" + ", ".join(f"'{x}'" for x in xs) + "]"
    words = " || ' ' || ".join(f"list_element({lst(WORDS)}, 1 + (hash(i * {k + 17}) % {len(WORDS)})::INT)"
                               for k in range(8))
    return f"""
    INSERT INTO {table} (event_id, content_hash, article_id, sentence, headline, source_code, source_country,
        target_code, target_country, cameo, plover, quad_class, goldstein, date, event_date, historical,
        trigger, confidence, sentence_text)
    SELECT substr(md5(CAST(i AS VARCHAR)), 1, 16), substr(md5(CAST(i // 5 AS VARCHAR)), 1, 32),
        printf('%08x', i // 5), 0, false, s || 'GOV', s, t, t,
        list_element({lst(p[0] for p in pairs)}, ti), list_element({lst(p[1] for p in pairs)}, ti),
        list_element([{', '.join(str(p[2]) for p in pairs)}], ti),
        list_element([{', '.join(str(p[3]) for p in pairs)}], ti),
        CAST(d AS VARCHAR), d, false, list_element({lst(WORDS)}, 1 + (hash(i * 3) % {len(WORDS)})::INT), 0.5,
        {words} || '.'
    FROM (SELECT i, list_element({lst(COUNTRIES)}, 1 + si) AS s,
                 list_element({lst(COUNTRIES)}, 1 + (si + 1 + (hash(i * 11) % 24)::INT) % 25) AS t,
                 1 + (hash(i * 5) % {len(pairs)})::INT AS ti,
                 DATE '2016-01-01' + (i // {per_day} + hash(i * 13) % 5 - 2)::INT AS d
          FROM (SELECT i, (hash(i * 7) % 25)::INT AS si FROM range({start}, {start + n}) r(i)))"""


def merging(args) -> None:
    import datetime as dt

    from newsevents.store import MergeParams, merge_store, open_db
    from newsevents.store.incremental import merge_new, set_watermark
    from newsevents.store.merge import clusters

    rows = [{"event_id": f"{i:016x}", "content_hash": f"{i:032x}", "article_id": f"a{i}", "source_code": "USAGOV",
             "source_country": "USA", "target_code": "CHNGOV", "target_country": "CHN", "plover": "CONSULT",
             "cameo": "040", "quad_class": 1, "goldstein": 1.0, "event_date": None, "historical": False,
             "location_name": None, "location_country": None, "lat": None, "lon": None, "geonameid": None,
             "location_source": None, "trigger": "met", "confidence": 0.5,
             "sentence_text": "The United States and China held talks."} for i in range(args.undated)]
    t0 = time.perf_counter()
    groups = clusters(rows, MergeParams())
    t = time.perf_counter() - t0
    print(f"undated: {args.undated:,} undated reports of one dyad (distinct articles) -> {len(groups):,} clusters "
          f"in {t:.2f} s (target < 10 s)")
    tmp = Path(tempfile.mkdtemp(prefix="nemerge-"))
    db = tmp / "undated.duckdb"
    con = open_db(db)
    from newsevents.store.db import EVENT_COLUMNS, insert_rows

    insert_rows(con, "events", EVENT_COLUMNS, [{**r, "sentence": 0, "headline": False} for r in rows])
    t0 = time.perf_counter()
    merge_store(con)
    print(f"undated: merge_store of the same {args.undated:,} in a DuckDB store: {time.perf_counter() - t0:.2f} s")
    con.close()

    db = Path(args.store) if args.store else tmp / "big.duckdb"
    reuse = db.exists()
    con = open_db(db)
    per_day = max(args.stored // 3650, 1)  # ten years of news
    if not reuse:
        t0 = time.perf_counter()
        step = 2_000_000
        for s in range(0, args.stored, step):
            con.execute(_synth_sql("events", s, min(step, args.stored - s), per_day))
        con.execute("INSERT INTO event_clusters SELECT event_id, event_id FROM events")
        con.execute("INSERT INTO merged_events (cluster_id, source_code, source_country, target_code, "
                    "target_country, plover, cameo, quad_class, goldstein, event_date, date_last, historical, "
                    "mentions, n_articles, n_sources, event_ids, confidence) SELECT event_id, source_code, "
                    "source_country, target_code, target_country, plover, cameo, quad_class, goldstein, event_date, "
                    "event_date, historical, 1, 1, 0, '[]', confidence FROM events")
        set_watermark(con)  # as a store merged after its last ingest
        con.execute("CHECKPOINT")
        print(f"incremental: {args.stored:,} stored events (each its own cluster) built in "
              f"{time.perf_counter() - t0:.0f} s, {os.path.getsize(db) / 1e9:.2f} GB", flush=True)
    stored = con.execute("SELECT count(*) FROM events").fetchall()[0][0]
    start = con.execute("SELECT count(*) FROM events").fetchall()[0][0]
    print(f"incremental: store {db} holds {stored:,} events", flush=True)
    for n in (10_000, args.new):
        con.execute(_synth_sql("events", start, n, per_day))
        start += n
        t0 = time.perf_counter()
        new, written = merge_new(con)
        t = time.perf_counter() - t0
        print(f"incremental: merge {new:,} new events into {start - n:,} stored: {t:.2f} s "
              f"({written:,} merged events written; {t / new * 1e6:.0f} us per new event)")
    total = con.execute("SELECT count(*) FROM events").fetchone()[0]
    linked = con.execute("SELECT count(*) FROM event_clusters").fetchone()[0]
    print(f"incremental: every event has one cluster: {total == linked} ({total:,} events) "
          f"[{dt.datetime.now():%Y-%m-%d %H:%M}]")
    con.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("csv", nargs="?", default=str(DEFAULT))
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--partition-size", type=int, default=40)
    ap.add_argument("--stored", type=int, default=10_000_000)
    ap.add_argument("--new", type=int, default=100_000)
    ap.add_argument("--undated", type=int, default=100_000)
    ap.add_argument("--store", default=None, help="merge store to build (or reuse, when it exists)")
    ap.add_argument("--merge-only", action="store_true")
    ap.add_argument("--coding-only", action="store_true")
    args = ap.parse_args()
    print(f"bench/scale.py on {os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M')}")
    if not args.merge_only:
        coding(args)
    if not args.coding_only:
        merging(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
