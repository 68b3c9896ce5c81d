#!/usr/bin/env python3
"""Import of the PETRARCH/Phoenix dictionaries and actor lookup speed, with and without them.

    python bench/kb.py [DIR]

DIR defaults to ../shared/reference/petrarch (skips when absent).  Prints the import time and entry
count, the knowledge base load time, and mentions resolved per second (2,000 noun chunks of the demo
stories, parsed once beforehand).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT.parent / "shared" / "reference" / "petrarch"


def mentions(nlp, n=2000):
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "newsevents" / "demo").glob("*.txt"))]
    out = []
    for doc in nlp.pipe(texts):
        for chunk in doc.noun_chunks:
            out.append((list(chunk), chunk.root))
    return (out * (n // max(len(out), 1) + 1))[:n]


def rate(kb, items) -> float:
    from newsevents.actors.resolver import resolve_tokens

    t0 = time.perf_counter()
    for toks, head in items:
        resolve_tokens(toks, head=head, date="2020-01-01", kb=kb)
    return len(items) / (time.perf_counter() - t0)


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not folder.exists():
        print(f"skip: {folder} not found")
        return 0
    from newsevents.actors.kb import build_kb
    from newsevents.actors.user_kb import extend_with_user_kb, import_petrarch
    from newsevents.nlp import load_nlp

    path = Path(tempfile.mkdtemp(prefix="nekb-")) / "user_kb.tsv"
    errors: list[str] = []
    t0 = time.perf_counter()
    n, _ = import_petrarch(folder, path, on_error=errors.append)
    t_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    base = build_kb()
    t_base = time.perf_counter() - t0
    t0 = time.perf_counter()
    full = build_kb()
    extend_with_user_kb(full, path)
    t_full = time.perf_counter() - t0
    items = mentions(load_nlp())
    rate(base, items[:100])  # warm up (gazetteer)
    r_base, r_full = rate(base, items), rate(full, items)
    print(f"import {folder}: {n:,} entries in {t_import:.2f} s ({len(errors)} malformed lines skipped; "
          f"target < 30 s); file {os.path.getsize(path) / 1e6:.1f} MB")
    print(f"load: built-in {t_base:.2f} s, built-in + imported {t_full:.2f} s")
    print(f"resolve: built-in {r_base:,.0f} mentions/s, with imported {r_full:,.0f} mentions/s ({len(items)} mentions)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
