"""Property-based fuzzing (hypothesis): random bytes, unicode and JSON to the readers, random text to the
coder.  No exception escapes, every message is one line, and good records around bad ones are kept."""

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsevents.engine import code_articles
from newsevents.ingest import Article, InputError, read_paths

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GOOD1 = {"id": "good1", "text": "Iran thanked Iraq for its help."}
GOOD2 = {"id": "good2", "text": "Kenya praised Ethiopia for the peace deal."}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["id", "text", "date", "x"]), inner,
                                                                max_size=4),
    max_leaves=12)


def read_file(name: str, data: bytes) -> list:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / name
        p.write_bytes(data)
        items = list(read_paths([p]))
    for i in items:
        assert isinstance(i, Article | InputError)
        if isinstance(i, InputError):
            assert "\n" not in str(i)
        else:
            assert isinstance(i.text, str) and "\x00" not in i.text
    return items


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".csv", ".jsonl", ".json", ".jsonl.gz"]))
def test_random_bytes_never_crash_a_reader(data, suffix):
    read_file("f" + suffix, data)


@FUZZ
@given(text=st.text(max_size=2000), suffix=st.sampled_from([".txt", ".csv", ".jsonl", ".json"]),
       enc=st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-32", "cp1252"]))
def test_random_unicode_in_any_encoding(text, suffix, enc):
    read_file("f" + suffix, text.encode(enc, errors="ignore"))


@FUZZ
@given(junk=st.binary(max_size=300).filter(lambda b: b"\n" not in b))
def test_good_jsonl_records_around_a_bad_line_are_kept(junk):
    data = (json.dumps(GOOD1) + "\n").encode() + junk + b"\n" + (json.dumps(GOOD2) + "\n").encode()
    ids = {i.id for i in read_file("f.jsonl", data) if isinstance(i, Article)}
    assert {"good1", "good2"} <= ids


@FUZZ
@given(junk=st.text(max_size=200).filter(lambda t: not set(t) & set("\r\n\x00")))
def test_good_csv_rows_around_a_bad_row_are_kept(junk):
    data = f"id,text\ngood1,{GOOD1['text']}\nbad,{junk}\ngood2,{GOOD2['text']}\n".encode()
    texts = {i.text for i in read_file("f.csv", data) if isinstance(i, Article)}
    assert {GOOD1["text"], GOOD2["text"]} <= texts


@FUZZ
@given(values=st.lists(json_values, max_size=6))
def test_json_arrays_of_anything(values):
    data = json.dumps([GOOD1, *values, GOOD2], indent=1).encode()
    ids = {i.id for i in read_file("f.json", data) if isinstance(i, Article)}
    assert {"good1", "good2"} <= ids


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_random_text_to_the_coder(text):
    errors = []
    items = [Article("a", GOOD1["text"], origin="x:1"), Article("b", text, origin="x:2"),
             Article("c", GOOD2["text"], origin="x:3")]
    recs = list(code_articles(items, on_error=errors.append))
    assert {"a", "c"} <= {r["article_id"] for r in recs}
    assert not [e for e in errors if "internal error" in str(e) or "parser failed" in str(e)]
    for r in recs:
        src = {"a": GOOD1["text"], "b": text, "c": GOOD2["text"]}[r["article_id"]]
        assert 0 <= r["trigger"]["start"] < r["trigger"]["end"] <= len(src)


def test_a_short_csv_with_stray_control_bytes_is_text():
    """A row of control characters (found by hypothesis) must not turn the whole small file into 'binary'."""
    data = f"id,text\ngood1,{GOOD1['text']}\nbad,\x1f\x1f\x1f\x08\x08\x08\ngood2,{GOOD2['text']}\n".encode()
    texts = {i.text for i in read_file("f.csv", data) if isinstance(i, Article)}
    assert {GOOD1["text"], GOOD2["text"]} <= texts
