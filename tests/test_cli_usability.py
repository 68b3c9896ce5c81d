"""The command line as a new user meets it (issue 13): --version, choices, output format from -o, stdin,
--date, CSV/table columns, positional `top` with names, labelled zero-filled `dyad` periods that leave out
coarser dates, filters."""

import csv
import io
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from newsevents import __version__
from newsevents.cli import app
from newsevents.store import merge_store, open_db
from newsevents.store.db import ACTOR_COLUMNS, EVENT_COLUMNS, event_rows, insert_rows

runner = CliRunner()


def _rec(i, date, precision, src="USA", tgt="TUR", plover="CONSULT", cameo="040", quad=1, conf=0.8):
    return {"id": f"e{i}", "article_id": f"a{i}", "sentence": 0, "sentence_text": f"Sentence {i} about talks.",
            "source": {"text": src, "code": src, "country": src}, "target": {"text": tgt, "code": tgt, "country": tgt},
            "cameo": cameo, "plover": plover, "quad_class": quad, "goldstein": 1.0, "date": date,
            "date_precision": precision, "historical": False, "location": None,
            "trigger": {"text": f"met{i}", "start": 0, "end": 3}, "confidence": conf, "flags": {}, "why": []}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "c.duckdb"
    recs = [_rec(1, "2018-01-10", "day"), _rec(2, "2018-02-20", "day"), _rec(3, "2018-08-05", "day"),
            _rec(4, "2018", "year"), _rec(5, "2018-05", "month"),
            _rec(6, "2018-08-20", "day", plover="ASSAULT", cameo="190", quad=4, conf=0.4)]
    con = open_db(path)
    rows = [event_rows(r, f"h{i}") for i, r in enumerate(recs)]
    insert_rows(con, "events", EVENT_COLUMNS, [r for r, _ in rows])
    insert_rows(con, "actors", ACTOR_COLUMNS, [a for _, acts in rows for a in acts])
    merge_store(con)
    con.close()
    return path


def test_version_and_choices():
    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0 and __version__ in r.output
    r = runner.invoke(app, ["dyad", "--help"])
    assert "day" in r.output and "quarter" in r.output
    r = runner.invoke(app, ["dyad", "USA", "TUR", "--by", "fortnight"])
    assert r.exit_code == 2 and "fortnight" in r.output
    r = runner.invoke(app, ["export", "--format", "xml", "--out", "x"])
    assert r.exit_code == 2 and "xml" in r.output


def test_dyad_quarters_zero_filled_and_precision(db):
    r = runner.invoke(app, ["dyad", "USA", "TUR", "--by", "quarter", "--db", str(db)])
    assert r.exit_code == 0, r.output
    first_table = r.output.split("\nperiod\t")[0]  # the series; the PLOVER type table follows
    series = {x[0]: x for x in (y.split("\t") for y in first_table.splitlines()) if x[0].startswith("2018-Q")}
    assert list(series) == ["2018-Q1", "2018-Q2", "2018-Q3"]  # Q2 only through the month-precision event
    assert series["2018-Q1"][1] == "2" and series["2018-Q2"][1] == "1" and series["2018-Q3"][1] == "2"
    r = runner.invoke(app, ["dyad", "USA", "TUR", "--by", "month", "--db", str(db)])
    months = [x.split("\t") for x in r.output.split("\nperiod\t")[0].splitlines() if x.startswith("2018-")]
    assert [m[0] for m in months] == [f"2018-{k:02d}" for k in range(1, 9)]  # zeros included
    assert dict((m[0], m[1]) for m in months)["2018-03"] == "0"
    r = runner.invoke(app, ["dyad", "USA", "TUR", "--by", "year", "--db", str(db)])
    assert "2018\t6\t" in r.output  # the year-only event counts in a year


def test_dyad_and_top_filters(db):
    r = runner.invoke(app, ["dyad", "USA", "TUR", "--by", "year", "--db", str(db), "--type", "ASSAULT"])
    assert r.exit_code == 0 and "2018\t1\t" in r.output
    r = runner.invoke(app, ["dyad", "USA", "TUR", "--by", "year", "--db", str(db), "--since", "2018-08-01",
                            "--min-confidence", "0.5"])
    assert "2018\t1\t" in r.output
    r = runner.invoke(app, ["dyad", "USA", "TUR", "--db", str(db), "--since", "someday"])
    assert r.exit_code == 2 and "--since" in r.output


def test_top_positional_with_names(db):
    r = runner.invoke(app, ["top", "TUR", "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert "USA\tUnited States" in r.output
    r2 = runner.invoke(app, ["top", "--actor", "TUR", "--db", str(db)])
    assert r2.output == r.output


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "newsevents.cli", *args], capture_output=True, text=True,
                          input=stdin)


def test_code_format_from_suffix_stdin_date_and_csv_columns(tmp_path):
    p = run("code", "-", "-o", str(tmp_path / "x.parquet"), stdin="Iran thanked Iraq.")
    assert p.returncode == 2 and "x.parquet" in p.stderr and "Traceback" not in p.stderr
    out = tmp_path / "ev.csv"
    p = run("code", "-", "-o", str(out), "--date", "March 14, 2019", "--no-alternatives",
            stdin="Britain accused Russia of the nerve agent attack in Salisbury. Russia will not send aid to Syria.")
    assert p.returncode == 0, p.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert rows and {"future", "hypothetical", "negated", "historical", "reported_by", "place"} <= set(rows[0])
    accuse = next(r for r in rows if r["source_country"] == "GBR")
    assert accuse["place"] == "Salisbury" and accuse["location_country"] == "GBR"
    assert accuse["date"] == "2019-03-14" and accuse["article_id"] == "stdin"
    assert any(r["future"] == "True" or r["negated"] == "True" for r in rows)
    table = tmp_path / "ev.txt"
    p = run("code", "-", "-o", str(table), stdin="Britain accused Russia of the nerve agent attack in Salisbury.")
    assert p.returncode == 0 and "Salisbury" in table.read_text() and "evidence" in table.read_text()


def test_table_width_and_flags():
    from newsevents.export import write_table

    rec = {"article_id": "a", "sentence": 0, "date": "2019-01-01", "cameo": "130", "plover": "THREATEN",
           "source": {"code": "USA", "text": "The United States of America"}, "target": {"code": "IRN", "text": "Iran"},
           "confidence": 0.8, "flags": {"future": True, "reported_by": {"text": "Pompeo", "code": "USAGOV"}},
           "trigger": {"text": "threatened"}, "location": {"name": "Tehran", "text": "Tehran"},
           "sentence_text": "Pompeo said the United States of America threatened Iran with new sanctions."}
    for width in (80, 200):
        buf = io.StringIO()
        write_table([rec], buf, width=width)
        lines = buf.getvalue().splitlines()
        assert max(len(x) for x in lines) <= width
        text = buf.getvalue()
        assert "Tehran" in text and "future" in text and "USAGOV" in text and "sanctions" in text
        assert "Ameri-" not in text  # words are wrapped, not cut


def test_jsonl_shape_keeps_old_fields(code_text):
    recs = code_text("Britain accused Russia of the attack in Salisbury.", date="2019-03-14")
    must = {"id", "article_id", "sentence", "sentence_text", "headline", "source", "target", "cameo", "cameo_name",
            "plover", "quad_class", "goldstein", "date", "date_precision", "date_source", "historical", "location",
            "trigger", "confidence", "flags", "why", "publication_date", "dateline"}
    assert recs and must <= set(recs[0]) and json.dumps(recs[0])
    assert {"name", "country", "lat", "lon", "geonameid", "feature", "source", "text"} <= set(recs[0]["location"])
