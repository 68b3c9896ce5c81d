"""bench/coverage.py: country coverage and non-code detection on synthetic records."""

import importlib.util
import sys
from pathlib import Path

_SPEC = importlib.util.spec_from_file_location("bench_coverage", Path(__file__).parents[1] / "bench" / "coverage.py")
cov_mod = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = cov_mod  # dataclasses look their module up
_SPEC.loader.exec_module(cov_mod)


def actor(code, country, sector):
    return {"text": "x", "start": 0, "end": 1, "code": code, "country": country, "sector": sector}


def rec(source, target, cameo="190", **kw):
    return {"article_id": "a", "sentence": 0, "source": source, "target": target, "cameo": cameo, **kw}


def test_clean_records_have_no_non_codes():
    recs = [rec(actor("USAGOV", "USA", "GOV"), actor("IMGREB", "IMG", "REB")),
            rec(actor("XKXMIL", "XKX", "MIL"), None, cameo="0214"),
            rec(actor("COP", None, "COP"), actor("UNO", "UNO", None), cameo="057")]
    c = cov_mod.count(recs)
    assert c.events == 3 and c.non_code_records == 0 and c.examples == []
    assert c.any_code == {"source": 2, "target": 2}
    assert c.iso == {"source": 2, "target": 0}  # IMG and UNO are codes, not ISO countries


def test_each_kind_of_non_code_is_found():
    recs = [rec(actor("UNK", "UNK", None), None),
            rec(actor("USAXYZ", "USA", "XYZ"), None),
            rec(actor("USAGO", "USA", "GOV"), None),
            rec(actor("USAGOV", "USA", "GOV"), None, cameo="999"),
            rec(actor("USAGOV", "USA", "GOV"), None, cameo=None),
            rec("USA", None)]
    c = cov_mod.count(recs, max_examples=10)
    assert c.non_code_records == 6
    found = [b for _, _, bad in c.examples for b in bad]
    assert "source.country='UNK'" in found and "source.code='UNK'" in found
    assert "source.sector='XYZ'" in found and "source.code='USAXYZ'" in found
    assert "source.code='USAGO'" in found
    assert "cameo='999'" in found and "cameo=None" in found
    assert any(b.startswith("source='USA'") for b in found)


def test_alternatives_are_skipped_and_examples_capped():
    recs = [rec(actor("UNK", "UNK", None), None, flags={"alternative": True})]
    recs += [rec(actor("UNK", "UNK", None), None) for _ in range(12)]
    c = cov_mod.count(recs)
    assert c.events == 12 and c.non_code_records == 12 and len(c.examples) == 10


def test_bad_lines_are_reported_and_good_ones_kept(tmp_path, capsys):
    p = tmp_path / "ev.jsonl"
    p.write_text('{"cameo": "190"}\nnot json\n[1]\n{"cameo": "191"}\n', encoding="utf-8")
    got = list(cov_mod.read_events(p))
    assert [r["cameo"] for r in got] == ["190", "191"]
    err = capsys.readouterr().err
    assert f"{p}:2: not JSON" in err and f"{p}:3: not an object" in err
