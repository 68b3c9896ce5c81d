"""The Python API (newsevents.api, re-exported lazily by newsevents): the README example runs, the calls
give the engine's own events, bad records cost only themselves, pandas in and out."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

import newsevents
from newsevents.export.writers import CSV_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
TEXT = "Iran seized a British tanker in the Gulf on Friday. Britain condemned Iran for the seizure."


def test_readme_example_runs():
    section = (ROOT / "README.md").read_text("utf-8").split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    exec(compile(code, "README.md (Python API)", "exec"), {"__name__": "readme_example"})


def test_import_is_cheap():
    code = ("import sys, newsevents; newsevents.Event; "
            "print(sorted(m for m in ('spacy', 'pandas', 'newsevents.engine', 'newsevents.api') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_code_text_gives_the_engines_events(code_text):
    events = newsevents.code_text(TEXT, date="2019-07-20")
    assert all(isinstance(e, newsevents.Event) for e in events)
    assert [e.to_dict() for e in events] == code_text(TEXT, date="2019-07-20", aid="text")
    assert [(e.source.code, e.cameo, e.target.code) for e in events] == [("IRN", "171", "GBR"), ("GBR", "111", "IRN")]
    assert newsevents.load() is newsevents.load()


def test_options_reach_the_coder_and_unknown_ones_are_refused():
    text = "Russia did not attack Ukraine."
    assert newsevents.code_text(text) == []
    kept = newsevents.code_text(text, keep_negated=True)
    assert kept and all(e.flags.negated for e in kept)
    with pytest.raises(TypeError, match="unknown option 'keep_negatd'"):
        newsevents.code_text(text, keep_negatd=True)
    with pytest.raises(TypeError, match="text must be a string"):
        newsevents.code_text(None)


def test_code_records_skips_bad_records_with_one_line():
    from newsevents.ingest import Article

    records = [{"id": "a", "text": "Russia attacked Ukraine."}, {"id": "b"}, {"id": "c", "text": 5}, "not a record",
               Article(id="d", text="China hosted talks with Japan.")]
    errors = []
    events = list(newsevents.code_records(records, on_error=errors.append))
    assert sorted({e.article_id for e in events}) == ["a", "d"]
    assert [str(e) for e in errors] == ["record 2: missing field 'text', skipped",
                                        "record 3: field 'text' is int, not a string, skipped",
                                        "record 4: record is not a JSON object, skipped"]
    with pytest.warns(newsevents.CodingWarning, match="record 1: missing field 'text'"):
        assert list(newsevents.code_records([{"id": "x"}])) == []


def test_code_frame_and_events_to_frame():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"text": ["Russia attacked Ukraine on Monday.", None, "China hosted talks with Japan."],
                       "date": [pd.Timestamp("2022-02-28"), pd.NaT, None]}, index=["r1", "r2", "r3"])
    with pytest.warns(newsevents.CodingWarning, match="row 2: missing field 'text'"):
        out = newsevents.code_frame(df, id_col=None)
    assert list(out.columns) == CSV_COLUMNS
    assert list(out["article_id"]) == ["r1", "r3"]  # the index is the id
    first = out.iloc[0]
    assert (first["source_code"], first["cameo"], first["target_code"], first["date"]) == ("RUS", "190", "UKR",
                                                                                         "2022-02-28")
    events = newsevents.code_text("Russia attacked Ukraine on Monday.", date="2022-02-28")
    assert newsevents.events_to_frame(events).equals(newsevents.events_to_frame([e.to_dict() for e in events]))
    empty = newsevents.events_to_frame([])
    assert list(empty.columns) == CSV_COLUMNS and len(empty) == 0
    with pytest.raises(KeyError, match="no column 'body'"):
        newsevents.code_frame(df, text_col="body")


def test_pandas_missing_is_one_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'newsevents\[pandas\]'"):
        newsevents.events_to_frame([])
