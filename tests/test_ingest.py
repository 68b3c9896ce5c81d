import gzip
import json

from newsevents.ingest import InputError, clean_article, read_paths

WIRE = """Asia / Politics

Vietnam, Laos vow to boost ties

By Staff Reporter in Hanoi Updated: 2021-05-04 10:12

Vietnam and Laos signed a border agreement on Monday.

Hot Topics----
Go to Forum >>0 Comment(s)
"""


def test_clean_drops_boilerplate_and_keeps_headline():
    d = clean_article(WIRE)
    assert d.title == "Vietnam, Laos vow to boost ties"
    assert d.pub_date == "2021-05-04"
    assert d.dateline == "Hanoi"
    texts = [s.text for s in d.segments]
    assert "Vietnam and Laos signed a border agreement on Monday." in texts
    assert not any("Hot Topics" in t or "Forum" in t or "Asia / Politics" in t for t in texts)
    for s in d.segments:  # offsets point into the original text
        assert WIRE[s.start : s.start + len(s.text)] == s.text


def test_wire_dateline_is_metadata():
    d = clean_article("KABUL, Afghanistan, May 3 (Wire) -- The Taliban attacked a police post in the north.")
    assert d.dateline.startswith("Kabul")
    assert d.segments[0].text.startswith("The Taliban")


def test_mojibake_repaired_with_offsets():
    text = "The ministerâ€™s envoy met the Chinese ambassador in Paris on Monday."
    seg = clean_article(text).segments[0]
    assert "minister's" in seg.text
    i = seg.text.index("envoy")
    assert text[seg.to_article(i) : seg.to_article(i) + 5] == "envoy"


def test_wrapped_lines_are_joined():
    d = clean_article("The army attacked the rebel\nbase near the border on Sunday.\n")
    assert len(d.segments) == 1


def test_bad_inputs_give_one_line_errors_and_keep_good_records(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 owners protested in Paris.".encode("cp1252"))
    good = {"id": "a", "text": "France condemned the attack."}
    lines = [json.dumps(good), "{not json", json.dumps({"id": "b"}), json.dumps({"id": "c", "text": 5}),
             json.dumps({"id": "d", "text": "Kenya praised Ethiopia."})]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n")
    with gzip.open(tmp_path / "trunc.jsonl.gz", "wb") as f:
        f.write((json.dumps(good) + "\n").encode() * 50)
    raw = (tmp_path / "trunc.jsonl.gz").read_bytes()
    (tmp_path / "trunc.jsonl.gz").write_bytes(raw[: len(raw) // 2])
    (tmp_path / "t.csv").write_text("id,text\n1,Iran thanked Iraq.\n2,\n")
    items = list(read_paths([tmp_path, tmp_path / "missing.txt"]))
    errors = [str(i) for i in items if isinstance(i, InputError)]
    arts = [i for i in items if not isinstance(i, InputError)]
    assert all("\n" not in e for e in errors)
    joined = "\n".join(errors)
    assert "empty.txt: empty file" in joined
    assert "bin.txt: binary file" in joined
    assert "in.jsonl:2: invalid JSON" in joined
    assert "in.jsonl:3: missing field 'text'" in joined
    assert "in.jsonl:4: field 'text' is int" in joined
    assert "t.csv:3: empty field 'text'" in joined
    assert "trunc.jsonl.gz" in joined and "records before this were kept" in joined
    assert "missing.txt: no such file" in joined
    ids = {a.id for a in arts}
    assert {"a", "d", "latin"} <= ids
    assert any(a.text.startswith("Café") for a in arts)


def test_common_field_aliases(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({"doc_id": 7, "doc_text": "Police arrested protesters."}) + "\n")
    (art,) = list(read_paths([tmp_path / "a.jsonl"]))
    assert art.id == "7" and art.text.startswith("Police")
