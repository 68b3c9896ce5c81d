"""Checks against ../shared (skipped where it is absent, e.g. on a fresh clone)."""

import subprocess
import sys

import pytest
from conftest import SHARED

pytestmark = pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="../shared is absent")


def test_seeds_recall_and_no_forbidden():
    p = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "seeds",
                        str(SHARED / "eval" / "seeds_gold.jsonl"), "--cmd", f"{sys.executable} -m newsevents.cli"],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    line = next(x for x in p.stdout.splitlines() if x.startswith("seeds:"))
    fields = dict(kv.split("=") for kv in line.split()[1:])
    assert float(fields["recall"]) >= 0.9
    assert int(fields["forbidden"]) == 0
