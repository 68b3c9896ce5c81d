#!/usr/bin/env python3
"""Precision and recall of event types at confidence thresholds, on the PLOVER dev pairs.

    python bench/confidence.py [GOLD] [--events EVENTS.jsonl] [--news-events F] [--articles-events F] [--only plv|news]
                               [--set WEIGHT=VALUE ...]

GOLD defaults to ../shared/eval/plv_dev.jsonl (skips when absent).  For each threshold, events below
it are dropped; a gold pair is predicted when an event's source and target overlap the marked ones
(as `score.py plv` matches them) and the type is the top-confidence event's PLOVER type.
precision = right / predicted pairs, recall = right / all pairs.
Then the same thresholds on ../shared/eval/news_dev.jsonl and articles_dev.jsonl, scored by
`score.py news` on the filtered events (see bench/confidence_news.py).
--set changes a confidence weight of newsevents.coder.scoring.Scoring for this run (e.g. --set recoded=0.2
--set fallback=0.15): the texts are coded with $NEWSEVENTS_SCORING set, so weights can be tuned here.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "eval" / "plv_dev.jsonl"
SYMMETRIC = {"CONSULT", "COOPERATE"}


def _yield(p):
    return "YIELD" if p in ("CONCEDE", "RETREAT") else p


def _ov(a, spans):
    if not a or a.get("start") is None:
        return False
    return any(a["start"] < s["end"] and s["start"] < a["end"] for s in spans)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="?", default=str(DEFAULT))
    ap.add_argument("--events")
    ap.add_argument("--news-events", help="news_dev.jsonl already coded (JSONL)")
    ap.add_argument("--articles-events", help="articles_dev.jsonl already coded (JSONL)")
    ap.add_argument("--only", choices=["plv", "news"], help="only the PLOVER pairs, or only news_dev/articles_dev")
    ap.add_argument("--set", action="append", default=[], metavar="WEIGHT=VALUE",
                    help="a Scoring weight for this run (repeatable)")
    args = ap.parse_args()
    if args.set:
        import os

        sys.path.insert(0, str(ROOT))
        from newsevents.coder.scoring import ENV, ScoringError, parse

        try:
            print("weights:", parse(",".join(args.set)))
        except ScoringError as e:
            print(e, file=sys.stderr)
            return 2
        os.environ[ENV] = ",".join(args.set)
    if args.only == "news":
        return _news(args)
    gold_path = Path(args.gold)
    if not gold_path.exists():
        print(f"skip: {gold_path} not found")
        return _news(args)
    gold = [json.loads(x) for x in gold_path.read_text(encoding="utf-8").splitlines() if x.strip()]
    events_path = args.events
    if not events_path:
        tmp = Path(tempfile.mkdtemp(prefix="neconf-"))
        inp = tmp / "in.jsonl"
        inp.write_text("".join(json.dumps({"id": g["id"], "text": g["text"], "date": None}) + "\n" for g in gold),
                       encoding="utf-8")
        events_path = tmp / "out.jsonl"
        subprocess.run([sys.executable, "-m", "newsevents.cli", "code", str(inp), "-o", str(events_path), "-q"],
                       check=True)
    by_doc: dict[str, list] = {}
    for line in Path(events_path).read_text(encoding="utf-8").splitlines():
        e = json.loads(line)
        by_doc.setdefault(str(e["article_id"]), []).append(e)
    n = sum(len(g["pairs"]) for g in gold)
    print(f"{'threshold':>9} {'predicted':>9} {'right':>6} {'precision':>9} {'recall':>7}")
    for t in (0.0, 0.3, 0.5, 0.7):
        pred = right = 0
        for g in gold:
            evs = [e for e in by_doc.get(g["id"], []) if (e.get("confidence") or 0) >= t]
            for pair in g["pairs"]:
                cands = [e for e in evs if (_ov(e["source"], pair["source"]) and (
                    not pair["target"] or _ov(e["target"], pair["target"]))) or (
                    _yield(e["plover"]) in SYMMETRIC and pair["target"] and _ov(e["target"], pair["source"])
                    and _ov(e["source"], pair["target"]))]
                if not cands:
                    continue
                pred += 1
                top = max(cands, key=lambda e: e.get("confidence") or 0)
                right += _yield(top["plover"]) == _yield(pair["plover"])
        print(f"{t:>9.1f} {pred:>9} {right:>6} {right / max(pred, 1):>9.3f} {right / n:>7.3f}")
    return _news(args)


def _news(args) -> int:
    """The news_dev and articles_dev tables (bench/confidence_news.py), unless --only plv."""
    if args.only != "plv":
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from confidence_news import news_table

        news_table("news", args.news_events)
        news_table("articles", args.articles_events)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
