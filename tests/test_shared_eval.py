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


def test_seed_dates_and_places(code_text):
    """The Khabarovsk seminar (2015-09-26, Khabarovsk), the visit begun "on Wednesday" (2015-09-23) and the
    Beijing meeting of the second seed (2015-09-03)."""
    first = code_text((SHARED / "seeds" / "000_29014e2991667ed5.txt").read_text(encoding="utf-8"), date="2015-09-28")
    seminar = [r for r in first if r["trigger"]["text"] in ("co-organized", "attended")]
    assert seminar and all(r["date"] == "2015-09-26" for r in seminar)
    for r in seminar:
        loc = r["location"]
        assert loc["name"] == "Khabarovsk" and loc["country"] == "RUS"
        assert abs(loc["lat"] - 48.5) < 0.1 and abs(loc["lon"] - 135.1) < 0.1
    visit = [r for r in first if r["trigger"]["text"] == "visit"]
    assert visit and all(r["date"] == "2015-09-23" for r in visit)
    second = code_text((SHARED / "seeds" / "002_894b28a6678100fb.txt").read_text(encoding="utf-8"), date="2015-09-03")
    meeting = [r for r in second if r["trigger"]["text"] == "meeting"]
    assert meeting and all(r["date"] == "2015-09-03" for r in meeting)
