"""Precision and recall of the `news` task at confidence thresholds (used by bench/confidence.py).

Events below a threshold are dropped and the rest scored by `../shared/eval/score.py news GOLD --events FILE`
itself, so the figures are the scorer's: precision = predicted (source country, target country, PLOVER) tuples
that a gold event accepts / tuples predicted; recall = required gold events found / required.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
SCORE = EVAL / "score.py"
GOLDS = {"news": EVAL / "news_dev.jsonl", "articles": EVAL / "articles_dev.jsonl"}
THRESHOLDS = (0.0, 0.3, 0.5, 0.7)
_FIELD = re.compile(r"(\w+)=([0-9.]+)")


def code_gold(gold: Path, tmp: Path) -> Path:
    """Code the gold items as score.py --cmd would (id, text, date), default options."""
    docs = [json.loads(x) for x in gold.read_text(encoding="utf-8").splitlines() if x.strip()]
    inp, out = tmp / f"{gold.stem}.in.jsonl", tmp / f"{gold.stem}.events.jsonl"
    inp.write_text("".join(json.dumps({"id": g["id"], "text": g["text"], "date": g.get("date")},
                                      ensure_ascii=False) + "\n" for g in docs), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "newsevents.cli", "code", str(inp), "-o", str(out), "-q"], check=True)
    return out


def filtered(events: Path, threshold: float, out: Path) -> Path:
    """The event lines whose confidence is >= threshold (a bad line is reported as file:line and dropped)."""
    keep = []
    for n, line in enumerate(events.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            e = json.loads(line)
            conf = float(e.get("confidence") or 0)
        except (json.JSONDecodeError, AttributeError, TypeError, ValueError):
            if threshold == THRESHOLDS[0]:
                print(f"{events}:{n}:confidence: not an event record; skipped", file=sys.stderr)
            continue
        if conf >= threshold:
            keep.append(line + "\n")
    out.write_text("".join(keep), encoding="utf-8")
    return out


def score(gold: Path, events: Path) -> dict:
    """The figures of score.py's `news:` line, e.g. {"predicted": 120, "precision": 0.41, ...}."""
    r = subprocess.run([sys.executable, str(SCORE), "news", str(gold), "--events", str(events)],
                       capture_output=True, text=True, check=True)
    line = next(ln for ln in r.stdout.splitlines() if ln.startswith("news:"))
    return {k: float(v) for k, v in _FIELD.findall(line)}


def news_table(name: str, events: str | None = None) -> None:
    gold = GOLDS[name]
    if not gold.exists() or not SCORE.exists():
        print(f"skip {name}: {gold if not gold.exists() else SCORE} not found")
        return
    if events and not Path(events).is_file():
        print(f"{events}: not found", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory(prefix="neconfnews-") as d:
        try:
            _table(name, gold, events, Path(d))
        except subprocess.CalledProcessError as e:
            print(f"{name}: {e.cmd[1] if len(e.cmd) > 1 else e.cmd} failed (exit {e.returncode})", file=sys.stderr)


def _table(name: str, gold: Path, events: str | None, tmp: Path) -> None:
    ev = Path(events) if events else code_gold(gold, tmp)
    print(f"\n{gold.name} (score.py news, primary events; events below the threshold dropped)")
    print(f"{'threshold':>9} {'predicted':>9} {'right':>6} {'found':>5} {'required':>8} {'precision':>9} {'recall':>7}")
    for t in THRESHOLDS:
        s = score(gold, filtered(ev, t, tmp / f"{name}-{t}.jsonl"))
        print(f"{t:>9.1f} {int(s['predicted']):>9} {int(s['right']):>6} {int(s['found']):>5} "
              f"{int(s['required']):>8} {s['precision']:>9.3f} {s['recall']:>7.3f}")
