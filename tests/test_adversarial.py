"""Issue 11: what an attacker or a careless user does to the tool.  One section per numbered failure."""

import codecs
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.engine import code_articles, guard
from newsevents.ingest import Article, read_paths, readers
from newsevents.ingest.clean import Segment
from newsevents.ingest.readers import InputWarning
from newsevents.store import ingest, open_db
from newsevents.store.db import EVENT_COLUMNS, insert_rows

ROOT = Path(__file__).resolve().parents[1]
GOOD = "Russian troops shelled Ukrainian positions near Donetsk. France condemned Russia for the shelling."


def cli(*args, cwd=None):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "newsevents.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env=env)


def corpus(path: Path, n: int) -> Path:
    stories = ["Chinese President Xi Jinping met Russian President Vladimir Putin in Beijing on Monday.",
               "Iranian forces seized a British tanker in the Gulf. Britain condemned Iran for the seizure.",
               "The United States imposed sanctions on Iran. Iran accused the United States of terrorism.",
               "Indian police arrested 12 protesters in Delhi. Pakistan criticised India over the arrests."]
    rows = [{"id": f"a{i}", "text": stories[i % 4] + f" Report {i}.", "date": f"2019-07-{1 + i % 9:02d}"}
            for i in range(n)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def one_line_errors(text: str) -> None:
    assert "Traceback" not in text
    for line in text.splitlines():
        assert line.startswith("newsevents: ") or not line.strip(), line


# --- 1. query is read-only ---------------------------------------------------------------------------

@pytest.fixture()
def tiny_store(tmp_path):
    db = tmp_path / "s.duckdb"
    con = open_db(db)
    row = {c: None for c in EVENT_COLUMNS}
    row.update(event_id="e1", content_hash="h", article_id="a", sentence=0, cameo="190",
               sentence_text="=HYPERLINK(\"http://evil\")\tcell\nnext\r line", source_text="-2+3",
               source_code="RUS", target_code="UKR", plover="ASSAULT")
    insert_rows(con, "events", EVENT_COLUMNS, [row])
    con.close()
    return db


@pytest.mark.parametrize("sql, refused", [
    ("COPY (SELECT 'echo pwned') TO '{dir}/x.sh' (FORMAT CSV, HEADER false)", "COPY statements are refused"),
    ("SELECT * FROM read_csv('/etc/passwd')", "outside the store"),
    ("ATTACH '{dir}/other.duckdb' (READ_ONLY false)", "ATTACH statements are refused"),
    ("EXPORT DATABASE '{dir}/dump'", "EXPORT statements are refused"),
    ("SELECT 1; DELETE FROM events", "exactly one statement"),
    ("SET enable_external_access = true", "SET statements are refused"),
    ("INSTALL httpfs", "refused"),
    ("SELECT * FROM '{dir}/other.duckdb'", "outside the store"),
    ("DELETE FROM events", "DELETE statements are refused"),
])
def test_query_refuses_every_attack(tiny_store, tmp_path, sql, refused):
    other = tmp_path / "other.duckdb"
    shutil.copy(tiny_store, other)
    r = CliRunner().invoke(app, ["query", sql.format(dir=tmp_path), "--db", str(tiny_store)])
    assert r.exit_code == 1, r.output
    assert refused in r.output and r.output.count("\n") == 1, r.output
    assert not (tmp_path / "x.sh").exists() and not (tmp_path / "dump").exists()
    con = duckdb.connect(str(other), read_only=True)
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 1
    con.close()


def test_query_reads_and_limits(tiny_store):
    for sql in ("SELECT event_id FROM events", "WITH x AS (SELECT 1 AS n) SELECT * FROM x", "DESCRIBE events",
                "SHOW TABLES", "SUMMARIZE events", "EXPLAIN SELECT * FROM events", "FROM events"):
        r = CliRunner().invoke(app, ["query", sql, "--db", str(tiny_store)])
        assert r.exit_code == 0, (sql, r.output)
    r = CliRunner().invoke(app, ["query", "SELECT * FROM range(1000)", "--db", str(tiny_store)])
    assert r.exit_code == 0 and len(r.stdout.splitlines()) == 101  # header + the default 100 rows
    assert "first 100 rows" in r.output


def test_piped_query_output_is_clean_tsv(tiny_store):
    r = CliRunner().invoke(app, ["query", "SELECT event_id, sentence_text FROM events", "--db", str(tiny_store)])
    lines = r.stdout.splitlines()
    assert len(lines) == 2 and all(x.count("\t") == 1 for x in lines)
    assert "\r" not in r.stdout


# --- 2. one long paragraph; parser faults cost one article --------------------------------------------

def test_long_segment_split_keeps_offsets():
    text = ("word " * 50 + "end of a sentence. ") * 5_000 + "x" * 3_000  # 1.4 M characters, one paragraph
    assert len(text) > 1_000_000
    pieces = guard.split_segment(Segment(10, text))
    assert all(len(p.text) <= guard.SAFE_CHARS for p in pieces)
    assert all(p.text == text[p.start - 10 : p.start - 10 + len(p.text)] for p in pieces)
    assert "".join(p.text for p in pieces).replace(" ", "") == text.replace(" ", "")


def test_long_paragraph_costs_nothing(monkeypatch, nlp):
    monkeypatch.setattr(nlp, "max_length", nlp.max_length)  # restored afterwards
    monkeypatch.setattr(guard, "SAFE_CHARS", 3_000)
    monkeypatch.setattr(guard, "NLP_MAX_LENGTH", 4_000)  # the pipeline refuses longer texts (E088)
    long = " ".join([GOOD] * 120)  # 12,000 characters in one paragraph
    items = [Article("long", long, origin="in:1"), Article("next", "Kenya praised Ethiopia for the deal.",
                                                            origin="in:2")]
    errors = []
    recs = list(code_articles(items, on_error=errors.append))
    assert {r["article_id"] for r in recs} == {"long", "next"}
    assert any("split into" in str(e) for e in errors)
    late = [r for r in recs if r["article_id"] == "long" and r["trigger"]["start"] > 9_000]
    assert late and all(long[r["trigger"]["start"] : r["trigger"]["end"]] == r["trigger"]["text"] for r in late)


def test_text_over_the_hard_cap_is_cut_with_one_warning(monkeypatch, tmp_path):
    monkeypatch.setattr(readers, "MAX_TEXT_CHARS", 100)
    (tmp_path / "big.txt").write_text("a" * 150)
    items = list(read_paths([tmp_path / "big.txt"]))
    warnings = [str(i) for i in items if isinstance(i, InputWarning)]
    assert warnings == [f"{tmp_path / 'big.txt'}:1: text: 150 characters, cut at 100"]
    assert [len(i.text) for i in items if isinstance(i, Article)] == [100]


@pytest.fixture()
def exploding_parser():
    from spacy.language import Language

    from newsevents.nlp import load_nlp

    if "explode_on_marker" not in Language.factories:
        @Language.component("explode_on_marker")
        def explode(doc):
            if "KABOOM" in doc.text:
                raise RuntimeError("simulated parser fault")
            return doc

    nlp = load_nlp()
    nlp.add_pipe("explode_on_marker", last=True)
    yield
    nlp.remove_pipe("explode_on_marker")


def test_parser_fault_costs_one_article_and_is_not_retried(exploding_parser, tmp_path):
    rows = [{"id": "g1", "text": GOOD}, {"id": "bad", "text": "KABOOM. Iran thanked Iraq."},
            {"id": "g2", "text": "Kenya praised Ethiopia for the peace deal."}]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    db = tmp_path / "f.duckdb"
    errors = []
    rep = ingest([src], db, on_error=errors.append, batch_articles=1)
    assert rep.articles == 3 and rep.errors == 1
    assert any("in.jsonl:2: parser failed (RuntimeError" in str(e) for e in errors)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT article_id, reason FROM failures").fetchall()[0][0] == "bad"
    assert {r[0] for r in con.execute("SELECT article_id FROM events").fetchall()} == {"g1", "g2"}
    con.close()
    rep2 = ingest([src], db, resume=True)
    assert rep2.articles == 0 and rep2.skipped == 3


# --- 3. bounded work per sentence ----------------------------------------------------------------------

def test_windows_cover_a_long_sentence(nlp):
    doc = nlp(" ".join(["Russia attacked Ukraine and"] * 200) + " peace.")
    span = doc[0 : len(doc)]
    parts = guard.windows(span)
    assert all(len(p) <= guard.MAX_SENT_TOKENS for p in parts)
    assert parts[0].start == 0 and parts[-1].end == len(doc)
    assert all(a.end == b.start for a, b in zip(parts, parts[1:], strict=False))


def test_long_sentence_without_punctuation_is_bounded():
    words = "China Russia Iran troops attacked praised condemned met government forces police arrested".split()
    text = " ".join(words[(i * 7) % len(words)] for i in range(3_000))
    t = time.perf_counter()
    recs = list(code_articles([Article("long", text, origin="in:1")], options={"alternatives": False}))
    assert time.perf_counter() - t < 30
    assert recs and len(recs) < 3_000
    assert max(len(r["sentence_text"]) for r in recs) <= guard.RUN_CHARS


# --- 4. durable runs -----------------------------------------------------------------------------------

KILLER = """
import os, signal, sys
moment, args = sys.argv[1], sys.argv[2:]
import newsevents.store
import newsevents.store.incremental
si, sm = sys.modules["newsevents.store.ingest"], sys.modules["newsevents.store.incremental"]
die = lambda: os.kill(os.getpid(), signal.SIGKILL)
if moment == "coding":
    write, calls = si._write, []
    def _write(con, batch, report):
        write(con, batch, report)
        calls.append(1)
        if len(calls) == 2:
            die()
    si._write = _write
elif moment == "merge-start":
    sm.merge_new = lambda con, params=None, event_ids=None: die()
elif moment == "merge-end":
    merge = sm.merge_new
    def merge_then_die(con, params=None, event_ids=None):
        merge(con, params, event_ids)
        die()
    sm.merge_new = merge_then_die
from newsevents.cli import main
sys.argv = ["newsevents", *args]
main()
"""


def snapshot(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [con.execute(q).fetchall() for q in (
            "SELECT content_hash, article_id, n_events, status FROM articles ORDER BY 1",
            "SELECT event_id, cameo, source_code, target_code FROM events ORDER BY 1",
            "SELECT cluster_id, mentions FROM merged_events ORDER BY 1",
            "SELECT count(*) FROM event_clusters", "SELECT count(*) FROM runs WHERE finished IS NULL")]
    finally:
        con.close()


def test_kill9_at_three_moments_then_resume_gives_the_same_store(tmp_path):
    src = corpus(tmp_path / "c.jsonl", 8)
    ref = tmp_path / "ref.duckdb"
    assert cli("ingest", str(src), "--db", str(ref), "--batch-articles", "2", "-q").returncode == 0
    expected = snapshot(ref)
    assert expected[2] and expected[4] == [(0,)]
    for moment in ("coding", "merge-start", "merge-end"):
        db = tmp_path / f"{moment}.duckdb"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        p = subprocess.run([sys.executable, "-c", KILLER, moment, "ingest", "c.jsonl", "--db", str(db),
                            "--batch-articles", "2", "-q"], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert p.returncode == -9, (moment, p.stderr)
        assert snapshot(db)[4] == [(1,)], moment  # the killed run is not marked finished
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir(exist_ok=True)
        r = cli("ingest", "--resume", "--db", str(db), "-q", cwd=elsewhere)  # relative path, other folder
        assert r.returncode == 0, (moment, r.stderr)
        assert snapshot(db) == expected, moment


def test_ingest_of_nothing_readable_fails(tmp_path):
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 8)
    r = cli("ingest", str(tmp_path / "bin.txt"), str(tmp_path / "missing.jsonl"), "--db", str(tmp_path / "x.duckdb"))
    assert r.returncode == 1 and "nothing could be read" in r.stderr
    one_line_errors(r.stderr)


def test_unwritable_store_is_one_line(tmp_path):
    src = corpus(tmp_path / "c.jsonl", 1)
    for db in ("/proc/newsevents-test.duckdb", str(src) + "/inside.duckdb"):
        r = cli("ingest", str(src), "--db", db)
        assert r.returncode == 2, r.stderr
        one_line_errors(r.stderr)


def _tmpfs_run(tmp_path, script: str) -> subprocess.CompletedProcess:
    """Run `script` with $MNT a real 2 MB file system, of which `fill` takes all but about 100 KB."""
    if not shutil.which("unshare"):
        pytest.skip("no unshare: cannot make a small full disk")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", f"mount -t tmpfs -o size=2m none {mnt}"],
                           capture_output=True)
    if probe.returncode:
        pytest.skip("cannot mount a tmpfs in a user namespace here")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MNT": str(mnt), "NE": f"{sys.executable} -m newsevents.cli"}
    return subprocess.run(["unshare", "-rm", "sh", "-c", f"mount -t tmpfs -o size=2m none {mnt} && "
                           f'head -c 1990000 /dev/zero > "$MNT/fill" && {script}'],
                          capture_output=True, text=True, env=env, cwd=tmp_path)


def test_full_disk_ingest_is_one_line_and_resumable(tmp_path):
    corpus(tmp_path / "c.jsonl", 60)
    r = _tmpfs_run(tmp_path, '$NE ingest c.jsonl --db "$MNT/s.duckdb" --batch-articles 2 -q; echo "rc=$?"; '
                   'rm "$MNT/fill"; $NE ingest --resume --db "$MNT/s.duckdb" -q; echo "rc=$?"; '
                   '$NE query "SELECT count(*) FROM articles" --db "$MNT/s.duckdb"')
    assert r.stdout.split() == ["rc=2", "rc=0", "count_star()", "60"], (r.stdout, r.stderr)
    assert "No space left on device" in r.stderr and "--resume" in r.stderr
    one_line_errors(r.stderr)


def test_full_disk_code_output_leaves_no_partial_file(tmp_path):
    corpus(tmp_path / "c.jsonl", 60)
    r = _tmpfs_run(tmp_path, 'echo old > "$MNT/out.jsonl"; $NE code c.jsonl -o "$MNT/out.jsonl" -q; echo "rc=$?"; '
                   'cat "$MNT/out.jsonl"; ls -a "$MNT"')
    assert r.stdout.split() == ["rc=1", "old", ".", "..", "fill", "out.jsonl"], (r.stdout, r.stderr)
    assert "No space left on device" in r.stderr
    one_line_errors(r.stderr)


def test_code_output_untouched_when_the_model_is_missing(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("earlier results\n")
    (tmp_path / "in.txt").write_text(GOOD)
    script = ("import spacy, sys\n"
              "def missing(*a, **k):\n    raise OSError('no model')\n"
              "spacy.load = missing\n"
              "from newsevents.cli import main\nsys.argv = ['newsevents', *sys.argv[1:]]\nmain()\n")
    p = subprocess.run([sys.executable, "-c", script, "code", str(tmp_path / "in.txt"), "-o", str(out)],
                       capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert p.returncode == 3, p.stderr
    assert out.read_text() == "earlier results\n"
    assert sorted(f.name for f in tmp_path.iterdir()) == ["in.txt", "out.jsonl"]


# --- 5. no silent input loss ---------------------------------------------------------------------------

SENTENCE = "Germany condemned Russia for the attack on Kyiv.\n"


@pytest.mark.parametrize("name, data", [
    ("u8bom.txt", codecs.BOM_UTF8 + SENTENCE.encode()),
    ("u16bom.txt", SENTENCE.encode("utf-16")),
    ("u16le.txt", SENTENCE.encode("utf-16-le")),
    ("u16be.txt", SENTENCE.encode("utf-16-be")),
    ("u32.txt", SENTENCE.encode("utf-32")),
    ("u32le.txt", SENTENCE.encode("utf-32-le")),
])
def test_unicode_encodings_are_read(tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    (art,) = list(read_paths([tmp_path / name]))
    assert art.text == SENTENCE


def test_latin1_holes_do_not_lose_the_file(tmp_path):
    (tmp_path / "l.txt").write_bytes(b"Caf\xe9 \x81\x8d\x90 \x93owners\x94 protested in Paris.")
    (art,) = list(read_paths([tmp_path / "l.txt"]))
    assert art.text.startswith("Café") and "“owners”" in art.text


def test_utf16_jsonl(tmp_path):
    (tmp_path / "a.jsonl").write_bytes((json.dumps({"id": "x", "text": SENTENCE}) + "\n").encode("utf-16"))
    (art,) = list(read_paths([tmp_path / "a.jsonl"]))
    assert art.id == "x" and art.text == SENTENCE


def test_nul_bytes_are_stripped_wherever_they_are(tmp_path):
    late = "".join(f"{i},Report {i} says Iran thanked Iraq.\n" for i in range(3, 300))
    (tmp_path / "n.csv").write_bytes(b"id,text\n1,Iran\x00 thanked Iraq.\n" + late.encode() + b"999,Chile\x00 won.\n")
    items = list(read_paths([tmp_path / "n.csv"]))
    arts = [i for i in items if isinstance(i, Article)]
    warns = [str(i) for i in items if isinstance(i, InputWarning)]
    assert len(arts) == 299 and all("\x00" not in a.text for a in arts)
    assert arts[0].text == "Iran thanked Iraq." and arts[-1].text == "Chile won."
    assert warns == [f"{tmp_path / 'n.csv'}:2: 2 NUL characters removed"]


def test_unterminated_csv_quote_reports_the_line_and_keeps_the_rest(tmp_path):
    (tmp_path / "q.csv").write_text('id,text\n1,Iran thanked Iraq.\n2,"France condemned\n3,Kenya praised Ethiopia.\n'
                                    '4,"Quoted, with a comma."\n')
    items = list(read_paths([tmp_path / "q.csv"]))
    warnings = [str(i) for i in items if isinstance(i, InputWarning)]
    assert len(warnings) == 1 and warnings[0].startswith(f"{tmp_path / 'q.csv'}:3: malformed CSV quoting (")
    assert [a.text for a in items if isinstance(a, Article)] == [
        "Iran thanked Iraq.", "France condemned", "Kenya praised Ethiopia.", "Quoted, with a comma."]
    assert [a.origin.rsplit(":", 1)[1] for a in items if isinstance(a, Article)] == ["2", "3", "4", "5"]


def test_unreadable_dates_are_warned(tmp_path):
    rows = [{"id": "a", "text": "x", "date": "yesterday"}, {"id": "b", "text": "y", "date": "2015-13-45"},
            {"id": "c", "text": "z", "date": "20150928"}, {"id": "d", "text": "w", "date": "2015-09-28"}]
    (tmp_path / "d.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    items = list(read_paths([tmp_path / "d.jsonl"]))
    warnings = [i for i in items if not isinstance(i, Article) and i.warning]
    warned = {i.origin.rsplit(":", 1)[1] for i in warnings}
    for n, a in enumerate((i for i in items if isinstance(i, Article)), 1):  # never undated without a word
        assert a.date is None and str(n) in warned or a.date and a.date[:4] == "2015", (a, warned)
    assert {"1", "2"} <= warned and all("unreadable date in field 'date'" in str(i) for i in warnings)


@pytest.mark.xfail(reason="ingest/formats.normalize_date reads the number 20150928 as Unix seconds: 1970-08-22, "
                   "without a warning (issue 13's reader; reported, not changed here)")
def test_a_numeric_yyyymmdd_date_is_not_misread(tmp_path):
    (tmp_path / "d.jsonl").write_text(json.dumps({"id": "c", "text": "z", "date": 20150928}) + "\n")
    items = list(read_paths([tmp_path / "d.jsonl"]))
    art = next(i for i in items if isinstance(i, Article))
    assert art.date == "2015-09-28" or art.date is None and any(i.warning for i in items if i is not art)


def test_json_array_is_accepted(tmp_path):
    arr = [{"id": "a", "text": "Iran thanked Iraq."}, {"id": "b", "text": "Kenya praised Ethiopia."}]
    (tmp_path / "a.json").write_text(json.dumps(arr, indent=2))
    (tmp_path / "one.json").write_text(json.dumps(arr[0], indent=2))
    (tmp_path / "u16.json").write_bytes(json.dumps(arr, indent=2).encode("utf-16"))
    items = list(read_paths([tmp_path / "a.json", tmp_path / "one.json", tmp_path / "u16.json"]))
    assert [(i.id, i.origin.rsplit(":", 1)[1]) for i in items] == [("a", "2"), ("b", "6"), ("a", "1"), ("a", "2"),
                                                                  ("b", "6")]


# --- 6. safe output ------------------------------------------------------------------------------------

def _record(text):
    return {"id": "e", "article_id": "=cmd|' /C calc'!A0", "sentence": 0, "sentence_text": text,
            "source": {"text": "+SUM(1)", "code": "RUS"}, "target": {"text": "@x", "code": "UKR"},
            "cameo": "190", "plover": "ASSAULT", "goldstein": -10.0, "confidence": 0.9, "trigger": {"text": "\x1b[2J"}}


def test_csv_writer_neutralises_formulas():
    from newsevents.export import write_csv

    buf = io.StringIO()
    write_csv([_record('=HYPERLINK("http://evil","click")')], buf)
    row = next(csv.DictReader(io.StringIO(buf.getvalue())))
    assert row["sentence_text"].startswith("'=") and row["article_id"].startswith("'=")
    assert row["source_text"] == "'+SUM(1)" and row["target_text"] == "'@x" and row["goldstein"] == "-10.0"


def test_store_csv_export_neutralises_formulas(tiny_store, tmp_path):
    out = tmp_path / "e.csv"
    r = CliRunner().invoke(app, ["export", "--format", "csv", "--out", str(out), "--db", str(tiny_store)])
    assert r.exit_code == 0, r.output
    row = next(csv.DictReader(out.open(newline="")))
    assert row["sentence_text"].startswith("'=HYPERLINK") and row["source_text"] == "'-2+3"


def test_gdelt_rows_never_break(tmp_path):
    src = tmp_path / "g.jsonl"
    src.write_text(json.dumps({"id": "a", "text": GOOD, "date": "2019-07-01",
                               "url": "http://x/\r\nInjected\trow"}) + "\n")
    db = tmp_path / "g.duckdb"
    ingest([src], db, merge=True)
    con = open_db(db, read_only=True)
    from newsevents.export.store_export import GDELT_COLUMNS, export_store

    n = export_store(con, "gdelt", tmp_path / "g.tsv")
    con.close()
    raw = (tmp_path / "g.tsv").read_bytes()
    assert n >= 1 and b"\r" not in raw and raw.count(b"\n") == n
    assert all(len(line.split(b"\t")) == len(GDELT_COLUMNS) for line in raw.splitlines())


def test_terminal_table_strips_control_characters():
    from newsevents.export import write_table

    buf = io.StringIO()
    write_table([_record("Russia \x1b]0;owned\x07attacked \x1b[2J Ukraine \u202eesrever")], buf, width=200)
    out = buf.getvalue()
    assert "\x1b[2J" not in out and "\x1b]0;" not in out and "\x07" not in out and "\u202e" not in out
    assert "[2J" in out and "attacked" in out  # the text itself is kept, only the control characters go
