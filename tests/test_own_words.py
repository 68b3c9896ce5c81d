"""The project's example and regression sentences are the team's own words: none repeats text from ../shared
(gold sets, corpus, seeds), which may be read for evaluation but not copied in. Skipped where ../shared is absent."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from conftest import SHARED

pytestmark = pytest.mark.skipif(not (SHARED / "eval").is_dir(), reason="../shared is absent")

ROOT = Path(__file__).resolve().parents[1]
SENTENCE = re.compile(r'(?:ex|s): "([^"]+)"')
LIMIT = 0.5  # the share of a sentence's four-word sequences that may also stand in a shared text


def _shingles(text: str, n: int = 4) -> set[str]:
    w = re.findall(r"\w+", text.lower())
    return {" ".join(w[i:i + n]) for i in range(len(w) - n + 1)}


def _shared_shingles() -> set[str]:
    texts = []
    for f in sorted((SHARED / "eval").glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line).get("text") or "")
    corpus = SHARED / "corpus" / "guardian_2019_sample.csv"
    if corpus.exists():
        csv.field_size_limit(1 << 30)
        with corpus.open(encoding="utf-8", newline="") as fh:
            texts += [" ".join(str(v) for v in row.values()) for row in csv.DictReader(fh)]
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted((SHARED / "seeds").glob("*"))
              if p.is_file()]
    out: set[str] = set()
    for t in texts:
        out |= _shingles(t)
    return out


def test_examples_are_not_copied_from_shared_text():
    shared = _shared_shingles()
    files = sorted((ROOT / "newsevents").rglob("*.yaml")) + [ROOT / "tests" / "data" / "regression.yaml"]
    copied = []
    for f in files:
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            for sentence in SENTENCE.findall(line):
                sh = _shingles(sentence)
                if sh and len(sh & shared) / len(sh) >= LIMIT:
                    copied.append(f"{f.relative_to(ROOT)}:{n}: {sentence}")
    assert not copied, "sentences that repeat ../shared text:\n" + "\n".join(copied)
