#!/usr/bin/env python3
"""Scale-out: local engine vs the Dask engine with 1 and 2 workers, in one run; merging at scale.

    python bench/scale.py [CSV] [--articles 2000] [--partition-size 40]      # coding, then merging
    python bench/scale.py --coding-only --articles 16 --partition-size 2     # a quick check (~2 min)
    python bench/scale.py --merge-only [--stored 1000000,10000000] [--new 100000] [--store-dir DIR]

Coding: CSV (default ../shared/corpus/guardian_2019_sample.csv) is repeated until --articles articles
(ids made unique), then coded by the local engine (one process) and by the Dask engine on a LocalCluster
of 1 and of 2 workers (threads_per_worker=1).  Pipelines are loaded before timing (cluster start and
warm-up are reported apart).  Prints sentences/s, the 2-worker speed-up over 1 worker, CPU seconds of the
workers and of the client, workers' busy share of the wall time and idle time at the end (Dask task
stream), scheduler overhead per partition (a no-op task's round trip, and wall x workers - task compute),
peak RSS per worker (VmHWM) and the load.  Every run must give the same events as the local engine.
Worker CPU / wall far below 100% means other jobs took the cores: the speed-up is then not ours to judge.

Merging: (a) --undated reports of one dyad, all undated, in distinct articles, through `merge_store` and
through `merge_new`; (b) for each --stored size, a store of synthetic events (SQL-generated, 25 countries,
ten years in arrival order, five an article, each its own cluster, indexed), then `merge_new` of 10,000 and
of --new new events (the days that follow, --new-per-day a day whatever the store size).  The time ratio
between the largest and the smallest store shows whether the merge follows the new events or the store.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT.parent / "shared" / "corpus" / "guardian_2019_sample.csv"


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM; ru_maxrss is inherited across fork and exec, so a
    worker started by a big client would report the client's peak)."""
    try:
        for line in open("/proc/self/status", encoding="ascii"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> float:
    return time.process_time()


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


def _stream_figures(stream: list[dict], wall: float) -> dict:
    """Per worker: busy seconds (task compute) and the idle tail (wall end minus its last task's end)."""
    comp = [(t["worker"], ss["start"], ss["stop"]) for t in stream for ss in t.get("startstops", ())
            if ss.get("action") == "compute"]
    if not comp:
        return {"busy": {}, "tail": {}, "tasks": 0}
    t0 = min(c[1] for c in comp)
    busy: dict[str, float] = {}
    last: dict[str, float] = {}
    for w, start, stop in comp:
        busy[w] = busy.get(w, 0.0) + stop - start
        last[w] = max(last.get(w, 0.0), stop - t0)
    end = max(last.values())
    return {"busy": busy, "tail": {w: end - v for w, v in last.items()}, "tasks": len(comp), "span": end}


def _dask_run(workers: int, src: Path, args, ref: str) -> dict:
    from distributed import get_task_stream

    from newsevents.engine.dask_engine import dask_client, dask_coded_articles
    from newsevents.ingest import read_paths

    t0 = time.perf_counter()
    with dask_client(workers=workers, quiet=True) as client:
        out = {"start": time.perf_counter() - t0}
        t0 = time.perf_counter()
        for f in [client.submit(_noop, i, pure=False) for i in range(200)]:
            f.result()
        out["noop_ms"] = (time.perf_counter() - t0) / 200 * 1000
        cpu0 = client.run(_cpu_s)
        load, c0, t0 = os.getloadavg()[0], _cpu_s(), time.perf_counter()
        with get_task_stream(client) as ts:
            done = list(dask_coded_articles(read_paths([src]), client=client, partition_size=args.partition_size))
        out["wall"] = time.perf_counter() - t0
        out["client_cpu"] = _cpu_s() - c0
        cpu1 = client.run(_cpu_s)
        out["worker_cpu"] = sorted(cpu1[w] - cpu0[w] for w in cpu1)
        out["worker_peak"] = sorted(client.run(_peak_mb).values())
        out["load"] = (load, os.getloadavg()[0])
        out["stream"] = _stream_figures(ts.data, out["wall"])
    out["same"] = _digest([r for c in done for r in c.records]) == ref
    return out


def coding(args) -> None:
    from newsevents.engine import coded_articles
    from newsevents.engine.dask_engine import LoadPipeline
    from newsevents.ingest import read_paths

    path = Path(args.csv)
    if not path.exists():
        print(f"skip coding: {path} not found")
        return
    tmp = Path(tempfile.mkdtemp(prefix="nescale-"))
    src = _corpus(path, args.articles, tmp / "corpus.jsonl")
    n_parts = -(-args.articles // args.partition_size)
    print(f"corpus: {args.articles} articles ({path.name} repeated), partition size {args.partition_size} "
          f"({n_parts} partitions), load before: {os.getloadavg()[0]:.2f}", flush=True)
    LoadPipeline().setup()  # load the pipeline before timing
    load, c0, t0 = os.getloadavg()[0], _cpu_s(), time.perf_counter()
    local = list(coded_articles(read_paths([src])))
    t_local, cpu_local = time.perf_counter() - t0, _cpu_s() - c0
    n_sent = sum(len(c.sentences) for c in local)
    ref = _digest([r for c in local for r in c.records])
    print(f"local: {t_local:.1f} s, {n_sent / t_local:.1f} sentences/s ({cpu_local:.1f} s CPU), "
          f"load {load:.2f} -> {os.getloadavg()[0]:.2f}", flush=True)
    runs = {}
    for workers in (1, 2):
        r = runs[workers] = _dask_run(workers, src, args, ref)
        print(f"dask {workers}: {r['wall']:.1f} s, {n_sent / r['wall']:.1f} sentences/s, same events: {r['same']}, "
              f"worker CPU {', '.join(f'{c:.1f}' for c in r['worker_cpu'])} s, client CPU {r['client_cpu']:.1f} s, "
              f"load {r['load'][0]:.2f} -> {r['load'][1]:.2f}", flush=True)
    shutil.rmtree(tmp, ignore_errors=True)
    _coding_table(n_sent, n_parts, t_local, cpu_local, _peak_mb(), runs)


def _coding_table(n_sent: int, n_parts: int, t_local: float, cpu_local: float, local_peak: float, runs: dict) -> None:
    print(f"sentences: {n_sent:,}; events identical across engines: {all(r['same'] for r in runs.values())}")
    print("| run | seconds | sentences/s | CPU s (workers; client) | peak RSS per worker (MB) | load (1 min) |")
    print("|---|---|---|---|---|---|")
    print(f"| local engine, 1 process | {t_local:.1f} | {n_sent / t_local:.1f} | {cpu_local:.1f} | "
          f"{local_peak:.0f} (client process) | |")
    for w, r in runs.items():
        print(f"| dask engine, {w} worker{'s' if w > 1 else ''}{'' if r['same'] else ' (DIFFERENT events)'} | "
              f"{r['wall']:.1f} | {n_sent / r['wall']:.1f} | {' + '.join(f'{c:.1f}' for c in r['worker_cpu'])}; "
              f"{r['client_cpu']:.1f} | {', '.join(f'{m:.0f}' for m in r['worker_peak'])} | "
              f"{r['load'][0]:.2f} -> {r['load'][1]:.2f} |")
    t1, t2 = runs[1]["wall"], runs[2]["wall"]
    print(f"2-worker speed-up over 1 worker: {t1 / t2:.2f}x (target >= 1.7x); over local: {t_local / t2:.2f}x")
    for w, r in runs.items():
        st = r["stream"]
        busy = sum(st["busy"].values())
        tails = ", ".join(f"{v:.1f}" for v in sorted(st["tail"].values()))
        print(f"{w} worker(s): cluster start + pipeline warm-up {r['start']:.1f} s; {st['tasks']} tasks; "
              f"workers busy {busy / (w * r['wall']):.0%} of the wall time; idle at the end {tails} s; "
              f"worker CPU / wall {sum(r['worker_cpu']) / (w * r['wall']):.0%} (below 100%: other jobs took the "
              f"cores); no-op task round trip {r['noop_ms']:.1f} ms; overhead per partition "
              f"{(w * r['wall'] - busy) / max(st['tasks'], 1) * 1000:.0f} ms (wall x workers - task compute)")
    print(f"(dask 1 worker - local) / partition = {(t1 - t_local) / n_parts * 1000:.0f} ms over {n_parts} partitions")


COUNTRIES = ["USA", "CHN", "RUS", "IRN", "GBR", "FRA", "DEU", "IND", "PAK", "ISR", "PSE", "SYR", "TUR", "UKR",
             "JPN", "KOR", "PRK", "SAU", "EGY", "NGA", "BRA", "MEX", "VEN", "AFG", "IRQ"]
WORDS = ("government troops officials met talks agreement sanctions protest border minister president "
         "ceasefire aid accused visited condemned signed rejected urged attack killed police arrested").split()


def _synth_sql(table: str, start: int, n: int, per_day: int, day0: int | None = None) -> str:
    """INSERT n synthetic events (numbers from start) with pseudo-random ids, dyads, types and words,
    dated in arrival order (per_day events a day from 2016-01-01, or from day0 on, +-2 days), as news is
    ingested; five events an article."""
    from newsevents.ontology import cameo, codes

    day = f"i // {per_day}" if day0 is None else f"{day0} + (i - {start}) // {per_day}"

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
                 DATE '2016-01-01' + ({day} + hash(i * 13) % 5 - 2)::INT AS d
          FROM (SELECT i, (hash(i * 7) % 25)::INT AS si FROM range({start}, {start + n}) r(i)))"""


def undated(args) -> None:
    """--undated reports of one dyad, all undated, in distinct articles: merge_store, then merge_new."""
    from newsevents.store import MergeParams, merge_store, open_db
    from newsevents.store.db import EVENT_COLUMNS, insert_rows
    from newsevents.store.incremental import merge_new
    from newsevents.store.merge import clusters

    rows = [{"event_id": f"{i:016x}", "content_hash": f"{i:032x}", "article_id": f"a{i}", "source_code": "USAGOV",
             "source_country": "USA", "target_code": "CHNGOV", "target_country": "CHN", "plover": "CONSULT",
             "cameo": "040", "quad_class": 1, "goldstein": 1.0, "event_date": None, "historical": False,
             "location_name": None, "location_country": None, "lat": None, "lon": None, "geonameid": None,
             "location_source": None, "trigger": "met", "confidence": 0.5, "sentence": 0, "headline": False,
             "sentence_text": "The United States and China held talks."} for i in range(args.undated)]
    t0 = time.perf_counter()
    groups = clusters([dict(r) for r in rows], MergeParams())
    print(f"undated: {args.undated:,} undated reports of one dyad (distinct articles) -> {len(groups):,} clusters: "
          f"clustering {time.perf_counter() - t0:.2f} s", flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="nemerge-"))
    for how, merge in (("merge_store (newsevents merge)", merge_store), ("merge_new (after ingest)", merge_new)):
        con = open_db(tmp / f"undated-{merge.__name__}.duckdb")
        insert_rows(con, "events", EVENT_COLUMNS, rows)
        load, t0, c0 = os.getloadavg()[0], time.perf_counter(), time.process_time()
        merge(con)
        print(f"undated: {how} of the {args.undated:,} in a DuckDB store: {time.perf_counter() - t0:.2f} s "
              f"({time.process_time() - c0:.2f} s CPU; load {load:.1f}; target < 10 s)", flush=True)
        con.close()
    shutil.rmtree(tmp, ignore_errors=True)


def _articles_sql(start: int, n: int) -> str:
    """The article rows of the synthetic events start..start+n (as ingest stores them with their events)."""
    return f"""INSERT OR IGNORE INTO articles (content_hash, article_id, source, run_id)
        SELECT substr(md5(CAST(j AS VARCHAR)), 1, 32), printf('%08x', j), 'synthetic', 0
        FROM range({start // 5}, {(start + n + 4) // 5}) r(j)"""


def _build_store(con, size: int, per_day: int) -> None:
    """--stored synthetic events, each its own cluster, merged and indexed as after an ingest."""
    from newsevents.store.blocks import rebuild
    from newsevents.store.incremental import set_watermark

    t0 = time.perf_counter()
    step = 2_000_000
    for s in range(0, size, step):
        con.execute(_synth_sql("events", s, min(step, size - s), per_day))
        con.execute(_articles_sql(s, min(step, size - s)))
    con.execute("INSERT INTO event_clusters SELECT event_id, event_id FROM events")
    con.execute("INSERT INTO merged_events (cluster_id, source_code, source_country, target_code, "
                "target_country, plover, cameo, quad_class, goldstein, event_date, date_last, historical, "
                "mentions, n_articles, n_sources, event_ids, confidence) SELECT event_id, source_code, "
                "source_country, target_code, target_country, plover, cameo, quad_class, goldstein, event_date, "
                "event_date, historical, 1, 1, 0, '[]', confidence FROM events")
    t1 = time.perf_counter()
    rebuild(con)  # what the first merge_new of an older store does once
    set_watermark(con)  # as a store merged after its last ingest
    con.execute("CHECKPOINT")
    print(f"incremental: {size:,} stored events built in {t1 - t0:.0f} s; merge_blocks index built in "
          f"{time.perf_counter() - t1:.1f} s", flush=True)


def incremental(args, size: int, folder: Path) -> tuple[float, float]:
    """merge_new of 10,000 then --new new events (the days that follow) into a store of `size`."""
    from newsevents.store import open_db
    from newsevents.store.incremental import merge_new

    db = folder / f"store-{size}.duckdb"
    reuse = db.exists()
    con = open_db(db)
    per_day = max(size // 3650, 1)  # ten years of news
    if not reuse:
        _build_store(con, size, per_day)
    else:  # a store from an earlier run: (re)build its index now, not in the timed merge
        from newsevents.store.blocks import ensure

        ensure(con)
    start, last = con.execute("SELECT count(*), max(event_date) - DATE '2016-01-01' FROM events").fetchall()[0]
    t = cpu = 0.0
    for n in (10_000, args.new):  # news of the days that follow, as dense whatever the store's size
        con.execute(_synth_sql("events", start, n, args.new_per_day, last - 1))
        con.execute(_articles_sql(start, n))
        last += n // args.new_per_day
        start += n
        load, t0, c0 = os.getloadavg()[0], time.perf_counter(), time.process_time()
        new, written = merge_new(con)
        t, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"incremental: merge {new:,} new events into {start - n:,} stored: {t:.2f} s "
              f"({cpu:.2f} s CPU, load {load:.1f}; {written:,} merged events written; "
              f"{t / new * 1e6:.0f} us per new event)", flush=True)
    total, linked, indexed = con.execute("SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM "
                                         "event_clusters), (SELECT count(*) FROM merge_blocks)").fetchone()
    print(f"incremental: every event has one cluster and one index row: {total == linked == indexed} "
          f"({total:,} events)", flush=True)
    con.close()
    return t, cpu


def merging(args) -> None:
    undated(args)
    folder = Path(args.store_dir) if args.store_dir else Path(tempfile.mkdtemp(prefix="nemerge-"))
    folder.mkdir(parents=True, exist_ok=True)
    times = {size: incremental(args, int(size), folder) for size in args.stored.split(",")}
    if len(times) > 1:
        (a, (ta, ca)), (b, (tb, cb)) = list(times.items())[0], list(times.items())[-1]
        print(f"incremental: {args.new:,} new into {int(b):,} / into {int(a):,} stored: {tb / ta:.2f}x the time "
              f"({cb / ca:.2f}x the CPU time) for {int(b) / int(a):.0f}x the store (1.0x = proportional to the new "
              f"events only)")
    if not args.store_dir:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("csv", nargs="?", default=str(DEFAULT))
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--partition-size", type=int, default=40)
    ap.add_argument("--stored", default="1000000,10000000", help="store sizes, comma-separated")
    ap.add_argument("--new", type=int, default=100_000)
    ap.add_argument("--new-per-day", type=int, default=2740, help="new events a day (10,000,000 over ten years)")
    ap.add_argument("--undated", type=int, default=100_000)
    ap.add_argument("--store-dir", default=None, help="keep (and reuse) the synthetic stores in this folder")
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
