"""The coder's regression sentences (tests/data/regression.yaml, written by the team)."""

from pathlib import Path

import pytest
import yaml

CASES = yaml.safe_load((Path(__file__).parent / "data" / "regression.yaml").read_text(encoding="utf-8"))
SYMMETRIC = {"CONSULT", "COOPERATE"}


@pytest.fixture(scope="module")
def coded():
    from newsevents.engine import code_articles
    from newsevents.ingest import Article

    arts = [Article(id=str(i), text=c["s"], date="2020-01-15") for i, c in enumerate(CASES)]
    out: dict[str, list[dict]] = {}
    for r in code_articles(arts):
        out.setdefault(r["article_id"], []).append(r)
    return out


def _dyad(r):
    s, t = r["source"] or {}, r["target"] or {}
    plover = "YIELD" if r["plover"] in ("CONCEDE", "RETREAT") else r["plover"]  # as the scorer counts them
    return (s.get("country") or "_", t.get("country") or "_", plover)


def _has(dyads, want: str) -> bool:
    src, tgt, plover = want.split()
    for s, t, p in dyads:
        if p != plover:
            continue
        if (src in ("_", s) and tgt in ("_", t)) or (plover in SYMMETRIC and src in ("_", t) and tgt in ("_", s)):
            return True
    return False


def test_enough_cases():
    assert len(CASES) >= 150


@pytest.mark.parametrize("i", range(len(CASES)), ids=[c["s"][:50] for c in CASES])
def test_sentence(coded, i):
    case = CASES[i]
    recs = [r for r in coded.get(str(i), []) if not r["flags"].get("alternative")]
    dyads = [_dyad(r) for r in recs]
    for want in case.get("e", []):
        assert _has(dyads, want), f"{want} not in {dyads}"
    for bad in case.get("not", []):
        assert not _has(dyads, bad), f"{bad} in {dyads}"
    if case.get("none"):
        assert not [d for d in dyads if d[0] != "_" and d[1] != "_"], dyads
    if case.get("nothing"):
        assert not recs, [(r["cameo"], r["trigger"]["text"]) for r in recs]
    if case.get("flags") and case.get("e"):
        want = case["e"][0]
        match = [r for r in recs if _has([_dyad(r)], want)]
        assert any(all(r["flags"].get(k) == v for k, v in case["flags"].items()) for r in match), \
            [r["flags"] for r in match]
