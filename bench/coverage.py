#!/usr/bin/env python3
"""Actor-country coverage and non-codes of primary events on the Guardian sample.

    python bench/coverage.py [CORPUS] [--limit N] [--events EVENTS.jsonl]

CORPUS defaults to ../shared/corpus/guardian_2019_sample.csv (skips when absent, unless --events is given).
Codes the articles with `newsevents code` (default options: primary events only) or reads --events, then
prints the share of primary events whose source / target has a country, counted two ways: "any code"
(the actor's `country` is not null: IGO, UNO, EUR, IMG, NGO, MNC count) and "ISO country" (a state:
ISO 3166 alpha-3 or the project's countries.tsv; IGO/UNO/EUR/IMG/NGO/MNC do not count), and the records
carrying a non-code: an actor code/country/sector or a CAMEO code that the project does not define.
Target (issue 10): >= 80% of primary events with a source country, >= 65% with a target country.
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpus" / "guardian_2019_sample.csv"
TRANSNATIONAL = ("IGO", "UNO", "EUR", "IMG", "NGO", "MNC")
TARGETS = {"source": 0.80, "target": 0.65}


@lru_cache(maxsize=1)
def state_codes() -> frozenset[str]:
    """ISO 3166 alpha-3 (pycountry) plus the countries of newsevents/actors/countries.tsv."""
    import pycountry

    from newsevents.actors.kb import data_rows

    return frozenset({c.alpha_3 for c in pycountry.countries} | {r["iso3"] for r in data_rows("countries.tsv")})


@lru_cache(maxsize=1)
def valid_sectors() -> frozenset[str]:
    """Every sector the built-in knowledge base uses: agents.tsv, orgs.tsv, leaders' offices, capitals."""
    from newsevents.actors.kb import build_kb

    kb = build_kb()
    return frozenset(e.sector for table in (kb.folded, kb.exact) for es in table.values() for e in es if e.sector)


@lru_cache(maxsize=1)
def valid_cameo() -> frozenset[str]:
    from newsevents.ontology.cameo import codes

    return frozenset(codes())


def bad_fields(rec: dict) -> list[str]:
    """'field=value' for each non-code the record carries (empty when clean)."""
    countries = state_codes() | set(TRANSNATIONAL)
    sectors = valid_sectors()
    out = []
    for role in ("source", "target"):
        a = rec.get(role)
        if a is None:
            continue
        if not isinstance(a, dict):
            out.append(f"{role}={a!r} (not an object)")
            continue
        c, s, code = a.get("country"), a.get("sector"), a.get("code")
        if c is not None and c not in countries:
            out.append(f"{role}.country={c!r}")
        if s is not None and s not in sectors:
            out.append(f"{role}.sector={s!r}")
        if code is not None and not _valid_actor_code(code, countries, sectors):
            out.append(f"{role}.code={code!r}")
    cameo = rec.get("cameo")
    if cameo not in valid_cameo():
        out.append(f"cameo={cameo!r}")
    return out


def _valid_actor_code(code, countries, sectors) -> bool:
    """A country or sector, then sectors, three letters each ("USAGOV", "IMGREB", "COP")."""
    if not isinstance(code, str) or not code or len(code) % 3:
        return False
    parts = [code[i:i + 3] for i in range(0, len(code), 3)]
    return (parts[0] in countries or parts[0] in sectors) and all(p in sectors for p in parts[1:])


def _country(rec: dict, role: str) -> str | None:
    a = rec.get(role)
    return a.get("country") if isinstance(a, dict) else None


@dataclass
class Coverage:
    events: int = 0
    any_code: dict = field(default_factory=lambda: {"source": 0, "target": 0})
    iso: dict = field(default_factory=lambda: {"source": 0, "target": 0})
    non_code_records: int = 0
    examples: list = field(default_factory=list)
    articles_with_events: set = field(default_factory=set)


def count(records, max_examples: int = 10) -> Coverage:
    """Count primary events (records flagged `alternative` are skipped), countries per role and non-codes."""
    cov = Coverage()
    states = state_codes()
    for rec in records:
        if (rec.get("flags") or {}).get("alternative"):
            continue
        cov.events += 1
        cov.articles_with_events.add(str(rec.get("article_id")))
        for role in ("source", "target"):
            c = _country(rec, role)
            cov.any_code[role] += c is not None
            cov.iso[role] += c in states
        bad = bad_fields(rec)
        if bad:
            cov.non_code_records += 1
            if len(cov.examples) < max_examples:
                cov.examples.append((rec.get("article_id"), rec.get("sentence"), bad))
    return cov


def read_events(path: Path):
    """Records of a JSONL event file; a bad line is reported as file:line and skipped."""
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                print(f"{path}:{n}: not JSON ({e.msg}); skipped", file=sys.stderr)
                continue
            if not isinstance(rec, dict):
                print(f"{path}:{n}: not an object; skipped", file=sys.stderr)
                continue
            yield rec


def count_articles(corpus: Path, limit: int | None) -> list:
    from newsevents.ingest import read_paths
    from newsevents.ingest.readers import Article

    arts = (a for a in read_paths([corpus]) if isinstance(a, Article))
    return list(itertools.islice(arts, limit))


def code_corpus(corpus: Path, articles: list, limit: int | None) -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="necov-"))
    out = tmp / "events.jsonl"
    inp = corpus
    if limit is not None:
        inp = tmp / "in.jsonl"
        rows = ({k: v for k, v in vars(a).items() if k in ("id", "text", "date", "title", "url", "source")}
                for a in articles)
        inp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    try:
        subprocess.run([sys.executable, "-m", "newsevents.cli", "code", str(inp), "-o", str(out), "-q"], check=True)
    except subprocess.CalledProcessError:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def report(cov: Coverage, n_articles: int | None) -> None:
    n = max(cov.events, 1)
    arts = n_articles if n_articles is not None else "n/a"
    print(f"articles: {arts} (with events: {len(cov.articles_with_events)})")
    print(f"primary events: {cov.events}")
    for role in ("source", "target"):
        a, i = cov.any_code[role] / n, cov.iso[role] / n
        ok = "met" if a >= TARGETS[role] else "NOT met"
        print(f"{role} country: any code {a:6.1%} ({cov.any_code[role]})  ISO country {i:6.1%} ({cov.iso[role]})"
              f"  target >= {TARGETS[role]:.0%} (any code): {ok}")
    print(f"  'any code': country not null, {'/'.join(TRANSNATIONAL)} count; "
          f"'ISO country': a state only, {'/'.join(TRANSNATIONAL)} do not count")
    print(f"records with a non-code: {cov.non_code_records}")
    for art, sent, bad in cov.examples:
        print(f"  {art} sentence {sent}: {', '.join(bad)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, help="code only the first N articles")
    ap.add_argument("--events", help="events already coded (JSONL), instead of coding the corpus")
    args = ap.parse_args()
    if args.limit is not None and args.limit < 1:
        print("--limit: must be at least 1", file=sys.stderr)
        return 2
    corpus = Path(args.corpus)
    if args.events and not Path(args.events).exists():
        print(f"{args.events}: not found", file=sys.stderr)
        return 2
    if not corpus.exists() and not args.events:
        print(f"skip: {corpus} not found (needs ../shared, or pass --events FILE)")
        return 0
    articles = count_articles(corpus, args.limit) if corpus.exists() else None
    try:
        events = Path(args.events) if args.events else code_corpus(corpus, articles, args.limit)
    except subprocess.CalledProcessError as e:
        print(f"newsevents code failed (exit {e.returncode})", file=sys.stderr)
        return 1
    try:
        _count_and_report(args, events, articles)
    finally:
        if not args.events:
            shutil.rmtree(events.parent, ignore_errors=True)
    return 0


def _count_and_report(args, events: Path, articles: list | None) -> None:
    records = read_events(events)
    if args.events and args.limit is not None and articles is not None:
        ids = {a.id for a in articles}  # the first N articles of the corpus
        records = (r for r in records if str(r.get("article_id")) in ids)
    report(count(records), len(articles) if articles is not None else None)


if __name__ == "__main__":
    raise SystemExit(main())
