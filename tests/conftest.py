import json
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    from newsevents.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def code_text():
    """Code one article text; returns its event records."""
    from newsevents.engine import code_articles
    from newsevents.ingest import Article

    def run(text, date=None, aid="t"):
        return list(code_articles([Article(id=aid, text=text, date=date)]))

    return run


def dyads(records):
    return {((r["source"] or {}).get("country"), (r["target"] or {}).get("country"), r["plover"]) for r in records}


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
