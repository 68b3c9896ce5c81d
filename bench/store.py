#!/usr/bin/env python3
"""Storage overhead and query time of the DuckDB store for N synthetic events (default 100,000).

    python bench/store.py [--events N] [--db PATH]

Synthetic events (random dyads over 60 countries, 3 years, real CAMEO codes, sentence-length
evidence text) go in through the same bulk insert as `newsevents ingest`, in batches of 2,000.
Prints the database size (bytes/event), Parquet export size, merge time, and dyad/top query times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WORDS = ("government troops officials met talks agreement sanctions protest border minister president "
         "ceasefire aid accused visited condemned signed rejected urged attack killed police arrested").split()


def synth(n: int, seed: int = 7) -> list[dict]:
    from newsevents.ontology import cameo, codes

    rng = random.Random(seed)
    countries = ["USA", "CHN", "RUS", "IRN", "GBR", "FRA", "DEU", "IND", "PAK", "ISR", "PSE", "SYR", "TUR", "UKR",
                 "JPN", "KOR", "PRK", "SAU", "EGY", "NGA", "BRA", "MEX", "VEN", "AFG", "IRQ"] + \
                [f"X{i:02d}" for i in range(35)]
    all_codes = [c for c in codes() if len(c) >= 3 and cameo(c).plover]
    start = dt.date(2017, 1, 1)
    rows = []
    for i in range(n):
        s, t = rng.sample(countries[:25] if rng.random() < 0.8 else countries, 2)
        code = rng.choice(all_codes)
        c = cameo(code)
        day = start + dt.timedelta(days=rng.randrange(3 * 365))
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 30))) + "."
        chash = f"{rng.randrange(n // 5):032x}"
        rows.append({
            "event_id": f"{i:016x}", "content_hash": chash, "article_id": chash[:8], "sentence": rng.randrange(20),
            "headline": False, "source_code": s + "GOV", "source_country": s, "source_sector": "GOV",
            "source_entity": None, "source_text": s, "target_code": t, "target_country": t, "target_sector": None,
            "target_entity": None, "target_text": t, "cameo": code, "cameo_name": c.name, "plover": c.plover,
            "quad_class": c.quad_class, "goldstein": c.goldstein, "date": day.isoformat(), "event_date": day,
            "date_precision": "day", "historical": False, "location_name": None, "location_country": None,
            "lat": None, "lon": None, "geonameid": None, "location_source": None, "trigger": rng.choice(WORDS),
            "trigger_start": 0, "trigger_end": 5, "confidence": round(rng.random(), 3), "flags": "{}",
            "why": "[]", "sentence_text": text,
        })
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--db", default=None)
    args = ap.parse_args()
    from newsevents.export.store_export import export_store
    from newsevents.store import merge_store, open_db
    from newsevents.store.analytics import dyad_series, top_partners
    from newsevents.store.db import EVENT_COLUMNS, insert_rows

    tmp = Path(tempfile.mkdtemp(prefix="nebench-"))
    db = Path(args.db) if args.db else tmp / "bench.duckdb"
    rows = synth(args.events)
    con = open_db(db)
    t0 = time.perf_counter()
    for i in range(0, len(rows), 2000):
        con.execute("BEGIN TRANSACTION")
        insert_rows(con, "events", EVENT_COLUMNS, rows[i:i + 2000])
        con.execute("COMMIT")
    t_insert = time.perf_counter() - t0
    t0 = time.perf_counter()
    n, m = merge_store(con)
    t_merge = time.perf_counter() - t0
    con.execute("CHECKPOINT")
    con.close()
    size = os.path.getsize(db)
    raw_text = sum(len(r["sentence_text"]) for r in rows)

    con = open_db(db, read_only=True)
    timings = {}
    for name, fn in [
        ("dyad USA IRN by month (merged)", lambda: dyad_series(con, "USA", "IRN", "month")),
        ("dyad USA IRN by week (raw reports)", lambda: dyad_series(con, "USA", "IRN", "week", raw=True)),
        ("dyad CHNGOV RUS by day, directed", lambda: dyad_series(con, "CHNGOV", "RUS", "day", directed=True)),
        ("top --actor CHN", lambda: top_partners(con, "CHN")),
    ]:
        t0 = time.perf_counter()
        result = fn()
        timings[name] = (time.perf_counter() - t0, len(result.rows))
    t0 = time.perf_counter()
    pq = tmp / "events.parquet"
    export_store(con, "parquet", pq)
    t_export = time.perf_counter() - t0
    con.close()

    print(f"events: {n:,} reports -> {m:,} merged events (synthetic)")
    print(f"insert: {t_insert:.1f} s ({n / t_insert:,.0f} events/s); merge: {t_merge:.1f} s")
    print(f"database: {size / 1e6:.1f} MB = {size / n:.0f} bytes/event "
          f"(evidence text alone {raw_text / n:.0f} bytes/event)")
    print(f"parquet export: {os.path.getsize(pq) / 1e6:.1f} MB in {t_export:.2f} s")
    for name, (t, k) in timings.items():
        print(f"query {name}: {t * 1000:.0f} ms ({k} rows){'' if t < 1 else '  SLOW (target < 1 s)'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
