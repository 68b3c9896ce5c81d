#!/usr/bin/env python3
"""Latency of `newsevents serve` on a store of N synthetic events (default 1,000,000).

    python bench/serve.py [--events N] [--requests 2000] [--concurrency 16] [--db PATH]

Builds the store with SQL (events with random dyads over 60 countries, 3 years, real CAMEO codes and
sentence-length evidence; two reports per merged event), starts the server in its own process on a
free 127.0.0.1 port, and sends a bounded load of requests per endpoint from `concurrency` threads:
`/api/events` with varied filters and pages, and `/api/dyads/{a}/{b}`.  Prints p50/p95 latency,
requests/s, the server's CPU time per request, the load average and the server's resident memory.
`--tree DIR` runs the server from another checkout (e.g. main's), for a comparison under the same load.
Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

COUNTRIES = ["USA", "CHN", "RUS", "IRN", "GBR", "FRA", "DEU", "IND", "PAK", "ISR", "PSE", "SYR", "TUR", "UKR", "JPN",
             "KOR", "PRK", "SAU", "EGY", "NGA", "BRA", "MEX", "VEN", "AFG", "IRQ"] + [f"X{i:02d}" for i in range(35)]
WORDS = ("government troops officials met talks agreement sanctions protest border minister president "
         "ceasefire aid accused visited condemned signed rejected urged attack killed police arrested").split()


def build(db: Path, n: int) -> float:
    """Fill a fresh store with n events and n/2 merged events; returns seconds taken."""
    from newsevents.ontology import cameo, codes
    from newsevents.store import open_db

    t0 = time.perf_counter()
    cams = [(c, cameo(c).name, cameo(c).plover, cameo(c).quad_class, cameo(c).goldstein)
            for c in codes() if len(c) >= 3 and cameo(c).plover]
    con = open_db(db)
    con.execute("CREATE TEMP TABLE cams (k INTEGER, cameo VARCHAR, name VARCHAR, plover VARCHAR, quad INTEGER, "
                "goldstein DOUBLE)")
    con.executemany("INSERT INTO cams VALUES (?, ?, ?, ?, ?, ?)", [(i, *c) for i, c in enumerate(cams)])
    con.execute("CREATE TEMP TABLE ctry AS SELECT unnest(?) AS code, generate_subscripts(?, 1) - 1 AS k",
                [COUNTRIES, COUNTRIES])
    con.execute("CREATE TEMP TABLE words AS SELECT unnest(?) AS w, generate_subscripts(?, 1) - 1 AS k",
                [list(WORDS), list(WORDS)])
    nc, nk, nw = len(COUNTRIES), len(cams), len(WORDS)
    # one merged event per pair of reports: the pair shares dyad, type and (almost) date
    con.execute(f"""
        CREATE TEMP TABLE base AS
        SELECT i, i // 2 AS c, hash(i // 2) AS h, hash(i // 2, 'target') AS h2, hash(i) AS hi FROM range({n}) t(i)""")
    con.execute(f"""
        INSERT INTO events (event_id, content_hash, article_id, sentence, headline, source_code, source_country,
            source_sector, source_text, target_code, target_country, target_text, cameo, cameo_name, plover,
            quad_class, goldstein, date, event_date, date_precision, historical, trigger, trigger_start,
            trigger_end, confidence, flags, why, sentence_text)
        SELECT printf('%016x', i), printf('%032x', hi % {max(n // 5, 1)}), printf('%08x', hi % {max(n // 5, 1)}),
            CAST(hi % 20 AS INTEGER), false,
            s.code || 'GOV', s.code, 'GOV', s.code, t.code, t.code, t.code, k.cameo, k.name, k.plover, k.quad,
            k.goldstein, CAST(d AS VARCHAR), d, 'day', false, 'met', 0, 3, round((hi % 1000) / 1000.0, 3),
            '{{"future": false, "hypothetical": false, "negated": false, "historical": false}}', '[]',
            (SELECT string_agg(w, ' ') FROM words WHERE words.k IN (hi % {nw}, (hi // 7) % {nw}, (hi // 49) % {nw},
             (h // 3) % {nw}, (h // 11) % {nw}, (h // 13) % {nw}, (hi // 17) % {nw}, (hi // 19) % {nw})) || '.'
        FROM (SELECT *, DATE '2017-01-01' + CAST(h % 1095 + i % 2 AS INTEGER) AS d,
                     CASE WHEN h % 5 = 0 THEN h % {nc} ELSE h % 25 END AS si,
                     CASE WHEN h2 % 5 = 0 THEN (h2 // 5) % {nc} ELSE (h2 // 5) % 25 END AS ti0 FROM base) b
        JOIN ctry s ON s.k = b.si
        JOIN ctry t ON t.k = CASE WHEN b.ti0 = b.si THEN (b.si + 1) % {nc} ELSE b.ti0 END
        JOIN cams k ON k.k = (b.h // 25) % {nk}""")
    con.execute("INSERT INTO event_clusters SELECT printf('%016x', i), printf('c%015x', c) FROM base")
    con.execute("""
        INSERT INTO merged_events (cluster_id, source_code, source_country, target_code, target_country, plover,
            cameo, quad_class, goldstein, event_date, date_last, historical, mentions, n_articles, n_sources,
            article_ids, sources, evidence, event_ids, confidence)
        SELECT c.cluster_id, any_value(source_code), any_value(source_country), any_value(target_code),
            any_value(target_country), any_value(plover), any_value(cameo), any_value(quad_class),
            any_value(goldstein), min(event_date), max(event_date), false, count(*), count(DISTINCT article_id), 1,
            to_json(list(article_id)), '["bench"]', to_json(list(sentence_text)), to_json(list(event_id)),
            max(confidence)
        FROM events e JOIN event_clusters c USING (event_id) GROUP BY c.cluster_id""")
    con.close()
    return time.perf_counter() - t0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> tuple[float, float]:
    """Resident and peak resident memory of a process, MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        k, _, v = line.partition(":")
        fields[k] = v.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load(base: str, urls: list[str], concurrency: int) -> tuple[list[float], float, int]:
    """GET every url from `concurrency` threads, one keep-alive connection each; latencies in ms
    (request sent to body read), wall seconds, errors."""
    import http.client

    host, port = base.removeprefix("http://").split(":")
    chunks = [urls[i::concurrency] for i in range(concurrency)]
    errors = 0

    def worker(chunk: list[str]) -> list[float]:
        nonlocal errors
        out = []
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        try:
            for u in chunk:
                t0 = time.perf_counter()
                conn.request("GET", u)
                r = conn.getresponse()
                r.read()
                out.append((time.perf_counter() - t0) * 1000)
                if r.status != 200:
                    errors += 1
        finally:
            conn.close()
        return out

    t0 = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        lat = [x for part in pool.map(worker, chunks) for x in part]
    return lat, time.perf_counter() - t0, errors


def event_urls(rng: random.Random, n: int) -> list[str]:
    main = COUNTRIES[:25]
    plovers = ["CONSULT", "AGREE", "ACCUSE", "ASSAULT", "SANCTION", "REQUEST", "SUPPORT", "THREATEN"]
    urls = []
    for _ in range(n):
        a, b = rng.sample(main, 2)
        year = rng.choice([2017, 2018, 2019])
        kind = rng.randrange(5)
        if kind == 0:
            q = f"dyad={a},{b}&date_from={year}-01-01&date_to={year}-12-31"
        elif kind == 1:
            q = f"actor={a}&quad={rng.randint(1, 4)}&exclude=historical"
        elif kind == 2:
            q = f"source={a}GOV&plover={rng.choice(plovers)}&min_confidence=0.5"
        elif kind == 3:
            q = f"dyad={a},{b}&directed=true&cameo_root={rng.randint(1, 20):02d}&raw=true"
        else:
            q = f"target={b}&date_from={year}-03-01&date_to={year}-05-31"
        urls.append(f"/api/events?{q}&limit=50&offset={rng.choice([0, 0, 50, 100])}")
    return urls


def dyad_urls(rng: random.Random, n: int) -> list[str]:
    return [f"/api/dyads/{a}/{b}?by={rng.choice(['month', 'month', 'week', 'quarter'])}"
            f"&directed={rng.choice(['false', 'true'])}"
            for a, b in (rng.sample(COUNTRIES[:25], 2) for _ in range(n))]


def pct(xs: list[float], p: float) -> float:
    return statistics.quantiles(xs, n=100)[int(p) - 1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--requests", type=int, default=2000, help="per endpoint")
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--db", default=None, help="reuse or create the store here")
    ap.add_argument("--tree", default=str(ROOT), help="run the server from this checkout (default: this one)")
    args = ap.parse_args()
    db = Path(args.db) if args.db else Path(tempfile.mkdtemp(prefix="neserve-")) / "serve.duckdb"
    if not db.exists():
        print(f"building {args.events:,} events in {build(db, args.events):.1f} s -> {db} "
              f"({db.stat().st_size / 1e6:.0f} MB)")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(args.tree).resolve()) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.pop("NEWSEVENTS_TOKEN", None)
    proc = subprocess.Popen([sys.executable, "-c", "from newsevents.cli import main; main()", "serve", "--db",
                             str(db), "--port", str(port)], env=env, stderr=subprocess.PIPE, text=True, cwd=args.tree)
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        for _ in range(300):
            try:
                if httpx.get(base + "/api/dyads?limit=1", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            print("server did not start:", proc.stderr.read() if proc.poll() is not None else "")
            return 1
        rng = random.Random(11)
        total = httpx.get(base + "/api/events?raw=true&limit=1").json()["total"]
        print(f"server from {args.tree} (pid {proc.pid}) on {base}, {total:,} events; {args.requests} requests "
              f"per endpoint, concurrency {args.concurrency}; load average {os.getloadavg()[0]:.2f}")
        load(base, event_urls(rng, 100) + dyad_urls(rng, 100), args.concurrency)  # warm-up
        ok = True
        for name, urls in (("/api/events", event_urls(rng, args.requests)),
                           ("/api/dyads", dyad_urls(rng, args.requests))):
            cpu0 = cpu_s(proc.pid)
            lat, wall, errors = load(base, urls, args.concurrency)
            cpu = (cpu_s(proc.pid) - cpu0) / len(lat) * 1000  # less sensitive to other jobs than latency
            p95 = pct(lat, 95)
            ok &= p95 < 100 and errors == 0
            print(f"{name:12s} p50 {pct(lat, 50):6.1f} ms  p95 {p95:6.1f} ms  max {max(lat):6.1f} ms  "
                  f"{len(lat) / wall:6.1f} req/s  server CPU {cpu:4.2f} ms/request  errors {errors}")
        print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
        rss, peak = rss_mb(proc.pid)
        print(f"server memory: {rss:.0f} MB resident, {peak:.0f} MB peak")
        print("p95 < 100 ms for both:", "yes" if ok else "NO")
        return 0 if ok else 1
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    raise SystemExit(main())
