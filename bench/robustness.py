#!/usr/bin/env python3
"""Time and peak memory of the inputs that used to take the pipeline down (issue 11).

    python bench/robustness.py [--tokens 20000] [--chars 1100000]

Each case runs in a fresh process; after loading the model, lexicons and gazetteer (on a short
article) it codes one article and prints seconds (wall, and CPU: wall time depends on what else the
machine runs), peak RSS and records:
- sentence: one sentence of `--tokens` words without punctuation;
- paragraph: one paragraph of `--chars` characters (over spaCy's default max_length of 1,000,000).
Primary dyads only, as `newsevents ingest` stores them.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = ("China Russia Iran the United States troops attacked praised condemned met government forces police "
         "arrested protesters in Beijing and Moscow with officials said").split()
SENTENCE = "Russian troops shelled Ukrainian positions near Donetsk on Monday, and France condemned Russia for it. "


def text_for(case: str, tokens: int, chars: int) -> str:
    if case == "sentence":
        rnd = random.Random(1)
        return " ".join(rnd.choice(WORDS) for _ in range(tokens))
    return (SENTENCE * (chars // len(SENTENCE) + 1))[:chars]


def run_case(case: str, tokens: int, chars: int) -> dict:
    sys.path.insert(0, str(ROOT))
    from newsevents.engine import code_articles
    from newsevents.ingest import Article

    opts = {"alternatives": False}
    list(code_articles([Article("warm", "Iran thanked Iraq in Baghdad on Monday.")], options=opts))
    text = text_for(case, tokens, chars)
    warnings: list[str] = []
    t0, c0 = time.perf_counter(), time.process_time()
    n = sum(1 for _ in code_articles([Article(case, text, origin=f"{case}:1")], on_error=lambda e:
                                     warnings.append(str(e)), options=opts))
    return {"case": case, "chars": len(text), "tokens_approx": len(text.split()),
            "seconds": round(time.perf_counter() - t0, 2), "cpu_seconds": round(time.process_time() - c0, 2),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024), "records": n,
            "warnings": warnings}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tokens", type=int, default=20_000)
    ap.add_argument("--chars", type=int, default=1_100_000)
    ap.add_argument("--case", choices=["sentence", "paragraph"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.tokens, args.chars)))
        return 0
    for case in ("sentence", "paragraph"):
        p = subprocess.run([sys.executable, __file__, "--case", case, "--tokens", str(args.tokens), "--chars",
                            str(args.chars)], capture_output=True, text=True)
        if p.returncode:
            print(f"{case}: failed (rc {p.returncode}): {p.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(p.stdout)
        print(f"{case}: {r['chars']:,} characters (~{r['tokens_approx']:,} words) coded in {r['seconds']} s "
              f"({r['cpu_seconds']} s CPU), "
              f"peak RSS {r['peak_rss_mb']} MB, {r['records']:,} records; warnings: {r['warnings']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
