#!/usr/bin/env python3
"""Throughput of the full pipeline vs spaCy parse-only on the same text, in one run.

    python bench/throughput.py [CSV] [--limit N]

CSV defaults to ../shared/corpus/guardian_2019_sample.csv (skips when absent).  Prints
sentences/s and peak RSS for spaCy alone (nlp.pipe over the same cleaned segments, the parse
fix components disabled: the bare model) and for the whole pipeline (read, clean, parse, fix, code,
serialise), and their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT.parent / "shared" / "corpus" / "guardian_2019_sample.csv"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("csv", nargs="?", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = ap.parse_args()
    path = Path(args.csv)
    if not path.exists():
        print(f"skip: {path} not found")
        return 0
    from newsevents.engine import code_articles
    from newsevents.ingest import Article, clean_article, read_paths
    from newsevents.nlp import FIX_PIPES, load_nlp

    arts = [a for a in read_paths([path]) if isinstance(a, Article)]
    if args.limit:
        arts = arts[: args.limit]
    nlp = load_nlp()
    segs = [s.text for a in arts for s in clean_article(a.text).segments]
    with nlp.select_pipes(disable=list(FIX_PIPES)):  # parse only: the bare model, as before the fixes were pipes
        list(nlp.pipe(segs[:20]))  # warm up
        t0 = time.perf_counter()
        n_sent = sum(1 for doc in nlp.pipe(segs, batch_size=64) for _ in doc.sents)
        t_parse = time.perf_counter() - t0
    rss_parse = peak_rss_mb()
    import newsevents.engine.local as local

    spent = [0.0]

    def timed(fn):
        def run(*a, **k):
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[0] += time.perf_counter() - t
        return run

    from newsevents.when_where import gazetteer

    t0 = time.perf_counter()
    gazetteer()  # loaded once per process, like the model
    t_gaz = time.perf_counter() - t0
    local.event_date, local.event_place = timed(local.event_date), timed(local.event_place)
    local.dateline_place = timed(local.dateline_place)
    t0 = time.perf_counter()
    n_events = 0
    with open(os.devnull, "w") as out:
        for r in code_articles(arts):
            out.write(json.dumps(r) + "\n")
            n_events += 1
    t_full = time.perf_counter() - t0
    rss_full = peak_rss_mb()
    words = sum(len(s.split()) for s in segs)
    print(f"corpus: {path.name}, {len(arts)} articles, {len(segs)} segments, {n_sent} sentences, ~{words} words")
    print(f"spacy parse-only : {n_sent / t_parse:8.1f} sentences/s  ({t_parse:.1f} s)  peak RSS {rss_parse:.0f} MB")
    print(f"full pipeline    : {n_sent / t_full:8.1f} sentences/s  ({t_full:.1f} s)  peak RSS {rss_full:.0f} MB,"
          f" {n_events} events")
    print(f"ratio full/parse-only: {t_parse / t_full:.2f} (target >= 0.80)")
    print(f"dates and places: {spent[0]:.2f} s = {100 * spent[0] / t_full:.1f}% of the pipeline time "
          f"(target < 10%); gazetteer load once per process {t_gaz:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
