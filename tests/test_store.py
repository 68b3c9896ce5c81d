"""The DuckDB store: idempotent ingest, resume after kill -9, merging, analytics, exports, bad input."""

import datetime as dt
import json
import os
import signal
import subprocess
import sys

import duckdb
import pyarrow.parquet as pq
import pytest

from newsevents.export.store_export import GDELT_COLUMNS, export_store
from newsevents.store import MergeParams, ingest, merge_store, open_db
from newsevents.store.merge import clusters

STORIES = [
    ("Chinese President Xi Jinping met Russian President Vladimir Putin in Beijing on {day}. "
     "Xi praised Russia for its support."),
    "Iranian forces seized a British tanker in the Gulf on {day}. Britain condemned Iran for the seizure.",
    "The United States imposed sanctions on Iran on {day}. Iran accused the United States of economic terrorism.",
    "Indian police arrested 12 protesters in Delhi on {day}. Pakistan criticised India over the arrests.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _corpus(path, n):
    rows = []
    for i in range(n):
        text = STORIES[i % len(STORIES)].format(day=DAYS[i % 7]) + f" Report number {i}."
        rows.append({"id": f"a{i}", "text": text, "date": f"2019-07-{1 + i % 28:02d}", "source": f"paper{i % 3}"})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    d = tmp_path_factory.mktemp("store")
    db = d / "s.duckdb"
    rep = ingest([_corpus(d / "c.jsonl", 12)], db)
    con = open_db(db)
    merge_store(con)
    con.close()
    return db, rep


def _counts(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), "
                           "(SELECT count(DISTINCT event_id) FROM events), (SELECT count(*) FROM sentences), "
                           "(SELECT count(*) FROM actors)").fetchone()
    finally:
        con.close()


def test_ingest_stores_everything(store):
    db, rep = store
    arts, evs, distinct, sents, actors = _counts(db)
    assert rep.articles == arts == 12 and evs == rep.events > 12 and distinct == evs
    assert sents >= 24 and actors >= evs
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM events WHERE source_country = 'CHN' AND target_country = 'RUS' "
                       "AND plover = 'CONSULT'").fetchone()[0] == 3
    # every article's event count matches its events
    assert con.execute("SELECT count(*) FROM articles a WHERE n_events <> (SELECT count(*) FROM events e "
                       "WHERE e.content_hash = a.content_hash)").fetchone()[0] == 0
    con.close()


def test_ingest_is_idempotent(store, tmp_path):
    db, _ = store
    before = _counts(db)
    corpus = _corpus(tmp_path / "again.jsonl", 12)
    rep = ingest([corpus], db)
    assert rep.articles == 0 and rep.skipped == 12 and rep.events == 0
    assert _counts(db) == before


def test_resume_after_kill(tmp_path):
    corpus = _corpus(tmp_path / "c.jsonl", 48)
    db = tmp_path / "k.duckdb"
    cmd = [sys.executable, "-m", "newsevents.cli", "ingest", str(corpus), "--db", str(db), "--batch-articles", "2",
           "--no-merge"]
    p = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    for line in p.stderr:
        if "stored" in line:
            break
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    partial = _counts(db)
    assert 0 < partial[0] < 48, "the run finished before it could be killed; make the corpus bigger"
    r = subprocess.run([sys.executable, "-m", "newsevents.cli", "ingest", "--resume", "--db", str(db)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    arts, evs, distinct, _, _ = _counts(db)
    assert arts == 48 and evs == distinct
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM runs WHERE finished IS NULL").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM articles a WHERE n_events <> (SELECT count(*) FROM events e "
                       "WHERE e.content_hash = a.content_hash)").fetchone()[0] == 0
    per_story = con.execute("SELECT count(*) FROM events GROUP BY article_id ORDER BY 1").fetchall()
    con.close()
    assert len(per_story) >= 40


def test_bad_input_in_the_middle(tmp_path, capfd):
    from typer.testing import CliRunner

    from newsevents.cli import app

    good = {"id": "g1", "text": "Russian troops shelled Ukrainian positions near Donetsk on Monday.",
            "date": "2019-07-01"}
    good2 = {"id": "g2", "text": "France condemned Russia for the shelling of Ukrainian towns.", "date": "2019-07-02"}
    path = tmp_path / "mixed.jsonl"
    with open(path, "wb") as f:
        f.write((json.dumps(good) + "\n").encode())
        f.write(b'{"id": "broken", "text": "no end\n')
        f.write(b"\x00\x01\x02\xff\xfe binary junk\n")
        f.write(b'{"id": "empty", "text": ""}\n')
        f.write((json.dumps(good2) + "\n").encode())
    db = tmp_path / "m.duckdb"
    r = CliRunner().invoke(app, ["ingest", str(path), "--db", str(db)])
    assert r.exit_code == 0
    assert "mixed.jsonl:2" in r.output and "Traceback" not in r.output
    con = duckdb.connect(str(db), read_only=True)
    ids = {x[0] for x in con.execute("SELECT article_id FROM articles WHERE status = 'done'").fetchall()}
    con.close()
    assert {"g1", "g2"} <= ids


def _row(eid, day, text, trigger, art, src="USA", tgt="CHN", plover="CONSULT", geo=None):
    return {"event_id": eid, "content_hash": art, "article_id": art, "source_code": src + "GOV",
            "source_country": src, "target_code": tgt + "GOV", "target_country": tgt, "plover": plover,
            "cameo": "040", "quad_class": 1, "goldstein": 1.0, "event_date": dt.date(2019, 6, day),
            "historical": False, "location_name": None, "location_country": None, "lat": None, "lon": None,
            "geonameid": geo, "location_source": "clause" if geo else None, "trigger": trigger,
            "confidence": 0.8, "sentence_text": text}


def test_merge_five_reports_of_one_summit():
    reports = [
        _row("e1", 28, "Trump met Xi on the sidelines of the G20 summit in Osaka.", "met", "a1", geo=1853909),
        _row("e2", 28, "Xi and Trump held talks at the G20 summit in Osaka on Saturday.", "talks", "a2", geo=1853909),
        _row("e3", 29, "The US president met the Chinese leader at the Osaka summit.", "met", "a3"),
        _row("e4", 29, "Trump's meeting with Xi at the G20 summit in Osaka ended a truce.", "meeting", "a4"),
        _row("e5", 28, "Xi met Trump in Osaka, where the two leaders agreed to restart trade talks.", "met", "a5",
             src="CHN", tgt="USA"),
    ]
    groups = clusters(reports, MergeParams())
    assert len(groups) == 1 and len(groups[0]) == 5


def test_merge_keeps_two_summits_in_one_week_apart():
    reports = [
        _row("e1", 3, "Putin met Erdogan in Sochi to discuss Syria.", "met", "a1", "RUS", "TUR", geo=491422),
        _row("e2", 3, "Erdogan and Putin held talks in Sochi on Monday.", "talks", "a2", "TUR", "RUS", geo=491422),
        _row("e3", 4, "Putin met Erdogan in Ankara to discuss Syria.", "met", "a3", "RUS", "TUR", geo=323786),
        _row("e4", 9, "Putin met Erdogan again on Sunday to discuss Syria.", "met", "a4", "RUS", "TUR"),
        _row("e5", 3, "Russia accused Turkey of shelling Syrian troops.", "accused", "a5", "RUS", "TUR",
             plover="ACCUSE"),
    ]
    groups = sorted(clusters(reports, MergeParams()), key=len)
    assert [len(g) for g in groups] == [1, 1, 1, 2]
    assert {e["event_id"] for e in groups[-1]} == {"e1", "e2"}


def test_merge_window_is_tunable():
    reports = [_row("e1", 3, "Putin met Erdogan.", "met", "a1", "RUS", "TUR"),
               _row("e2", 6, "Putin met Erdogan.", "met", "a2", "RUS", "TUR")]
    assert len(clusters(reports, MergeParams(window_days=2))) == 2
    assert len(clusters(reports, MergeParams(window_days=3))) == 1


def test_merged_events_in_store(store):
    db, _ = store
    con = duckdb.connect(str(db), read_only=True)
    n_events, n_links = con.execute("SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM event_clusters)"
                                    ).fetchone()
    total_mentions = con.execute("SELECT sum(mentions) FROM merged_events").fetchone()[0]
    ev = json.loads(con.execute("SELECT evidence FROM merged_events ORDER BY mentions DESC LIMIT 1").fetchone()[0])
    con.close()
    assert n_links == n_events == total_mentions
    assert ev and all(isinstance(s, str) for s in ev)


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl", "gdelt", "plover"])
def test_exports_read_back(store, tmp_path, fmt):
    db, _ = store
    con = duckdb.connect(str(db), read_only=True)
    n_events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    n_merged = con.execute("SELECT count(*) FROM merged_events").fetchone()[0]
    out = tmp_path / f"x.{fmt}"
    n = export_store(con, fmt, out)
    con.close()
    if fmt == "parquet":
        t = pq.read_table(out)
        assert n == t.num_rows == n_events
        assert {"event_id", "cluster_id", "plover", "source_code"} <= set(t.schema.names)
    elif fmt == "csv":
        rows = duckdb.sql(f"SELECT * FROM read_csv('{out}', header=true)").fetchall()
        assert len(rows) == n == n_events
    elif fmt == "jsonl":
        recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
        assert len(recs) == n_events and all(r["cluster_id"] and "trigger" in r for r in recs)
        assert all(r["source"] is None or isinstance(r["source"]["start"], int) for r in recs)
    elif fmt == "gdelt":
        lines = out.read_text(encoding="utf-8").splitlines()
        assert 0 < len(lines) == n <= n_merged and all(len(x.split("\t")) == len(GDELT_COLUMNS) == 61 for x in lines)
        rel = duckdb.sql(f"SELECT * FROM read_csv('{out}', delim='\t', header=false, "
                         f"names={GDELT_COLUMNS!r}, all_varchar=true)")
        rows = rel.fetchall()
        cols = rel.columns
        for r in rows:
            rec = dict(zip(cols, r, strict=True))
            assert len(rec["SQLDATE"]) == 8 and rec["EventRootCode"] == rec["EventCode"][:2]
            assert int(rec["NumMentions"]) >= 1
    else:
        recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
        assert recs and all(r["event"] and r["date"] and r["event_text"] for r in recs)
        assert any(r["actor"] and r["actor"][0]["code"] and r["recipient"] and r["recipient"][0]["code"] for r in recs)
        assert sum(1 for r in recs if r["event"]) == n


def test_dyad_and_plot(store, tmp_path):
    from typer.testing import CliRunner

    from newsevents.cli import app

    db, _ = store
    png = tmp_path / "d.png"
    r = CliRunner().invoke(app, ["dyad", "USA", "IRN", "--by", "week", "--db", str(db), "--plot", str(png)])
    assert r.exit_code == 0, r.output
    assert "coop_conflict_index" in r.output and "COERCE" in r.output and "ACCUSE" in r.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    r = CliRunner().invoke(app, ["top", "--actor", "IRN", "--db", str(db)])
    assert r.exit_code == 0 and "USA" in r.output and "GBR" in r.output
    r = CliRunner().invoke(app, ["query", "SELECT plover, count(*) FROM events GROUP BY 1", "--db", str(db)])
    assert r.exit_code == 0 and "CONSULT" in r.output
    r = CliRunner().invoke(app, ["query", "SELECT nonsense FROM nowhere", "--db", str(db)])
    assert r.exit_code == 1 and "query failed" in r.output
    r = CliRunner().invoke(app, ["dyad", "USA", "IRN", "--db", str(tmp_path / "none.duckdb")])
    assert r.exit_code == 2 and "no such database" in r.output


def test_export_to_an_unwritable_path_is_one_line(store, tmp_path):
    from typer.testing import CliRunner

    from newsevents.cli import app

    db, _ = store
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = CliRunner().invoke(app, ["export", "--format", "csv", "--out", str(blocker / "out.csv"), "--db", str(db)])
    assert r.exit_code == 1 and "cannot write" in r.output and "Traceback" not in r.output
