"""The Dask engine gives the local engine's events; killed workers and clients lose and double nothing."""

from __future__ import annotations

import csv
import json
import os
import signal
from pathlib import Path

import duckdb
import pytest
from conftest import SHARED

from newsevents.engine import coded_articles
from newsevents.ingest import read_paths

DEMO = Path(__file__).resolve().parents[1] / "newsevents" / "demo"
GUARDIAN = SHARED / "corpus" / "guardian_2019_sample.csv"


@pytest.fixture(scope="module")
def client():
    from newsevents.engine.dask_engine import dask_client

    with dask_client(workers=2, quiet=True) as c:
        yield c


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    """The demo stories, plus three Guardian articles when ../shared is there."""
    paths = [DEMO]
    if GUARDIAN.exists():
        out = tmp_path_factory.mktemp("guardian") / "guardian3.csv"
        with open(GUARDIAN, newline="", encoding="utf-8") as f, open(out, "w", newline="", encoding="utf-8") as g:
            rows = csv.DictReader(f)
            w = csv.DictWriter(g, fieldnames=rows.fieldnames)
            w.writeheader()
            for _, row in zip(range(3), rows, strict=False):
                w.writerow(row)
        paths.append(out)
    return paths


def _records(done) -> list[dict]:
    return [r for c in done for r in c.records]


def test_dask_records_equal_local(client, corpus):
    from newsevents.engine.dask_engine import dask_coded_articles

    local = _records(coded_articles(read_paths(corpus)))
    dask = _records(dask_coded_articles(read_paths(corpus), client=client, partition_size=3))
    assert len(local) > 40  # primary events of the demo stories and three Guardian articles
    assert json.dumps(dask, sort_keys=True) == json.dumps(local, sort_keys=True)


def test_partitions_cut_at_size_and_files(tmp_path):
    from newsevents.engine.dask_engine import partitions

    rows = [{"id": f"r{i}", "text": f"Story {i}."} for i in range(10)]
    (tmp_path / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    (tmp_path / "b.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows[:3]))
    parts = list(partitions(read_paths([tmp_path]), size=4, tail=0))
    assert [len(p.articles) for p in parts] == [4, 4, 2, 3]
    assert len({p.key for p in parts}) == 4
    parts = list(partitions(read_paths([tmp_path]), size=8))  # the last two in quarters: no long wait at the end
    assert [len(p.articles) for p in parts] == [8, 2, 2, 1]
    assert [p.index for p in parts] == [0, 1, 2, 3] and len({p.key for p in parts}) == 4
    again = list(partitions(read_paths([tmp_path]), size=8))
    assert [p.key for p in again] == [p.key for p in parts]


def _local_store(tmp_path, corpus) -> Path:
    from newsevents.store import ingest, open_db
    from newsevents.store.incremental import merge_new

    db = tmp_path / "local.duckdb"
    ingest(corpus, db)
    con = open_db(db)
    merge_new(con)
    con.close()
    return db


TABLE_QUERIES = ["SELECT * EXCLUDE (run_id) FROM articles ORDER BY content_hash",
                 "SELECT * FROM sentences ORDER BY 1, 2", "SELECT * FROM events ORDER BY event_id",
                 "SELECT * FROM actors ORDER BY event_id, role, start_char",
                 "SELECT * FROM merged_events ORDER BY cluster_id", "SELECT * FROM event_clusters ORDER BY 1"]


def _same_tables(a: Path, b: Path) -> None:
    ca, cb = duckdb.connect(str(a), read_only=True), duckdb.connect(str(b), read_only=True)
    try:
        for q in TABLE_QUERIES:
            assert ca.execute(q).fetchall() == cb.execute(q).fetchall(), q
    finally:
        ca.close()
        cb.close()


def _load(data: Path, db: Path) -> None:
    from newsevents.store import open_db
    from newsevents.store.dataset import load_into_db, merge_dataset
    from newsevents.store.incremental import merge_new

    merge_dataset(data)
    con = open_db(db)
    load_into_db(con, data)
    merge_new(con)
    con.close()


def test_dataset_with_a_worker_killed_equals_local_store(client, corpus, tmp_path):
    from newsevents.engine.dask_dataset import code_to_dataset
    from newsevents.store.dataset import open_dataset

    pids = client.run(os.getpid)
    killed = []

    def kill_one(_manifest) -> None:
        if not killed:  # the other partitions are still running or queued
            killed.append(next(iter(pids.values())))
            os.kill(killed[0], signal.SIGKILL)

    data = tmp_path / "ds"
    rep = code_to_dataset(lambda: read_paths(corpus), data, client, {"alternatives": False}, partition_size=2,
                          quiet=True, on_partition=kill_one)
    assert killed and rep.articles == len(list(read_paths(corpus))) - rep.skipped
    con = open_dataset(data)
    n, distinct = con.execute("SELECT count(*), count(DISTINCT event_id) FROM events").fetchone()
    years = con.execute("SELECT count(*) FROM events WHERE year = 0 AND event_date IS NOT NULL").fetchone()[0]
    con.close()
    assert n == distinct == rep.events and years == 0
    _load(data, tmp_path / "from_dataset.duckdb")
    _same_tables(tmp_path / "from_dataset.duckdb", _local_store(tmp_path, corpus))


def test_rerun_after_the_client_died_finishes_without_doubles(client, corpus, tmp_path):
    from newsevents.engine.dask_dataset import code_to_dataset
    from newsevents.store.dataset import manifests, open_dataset

    data = tmp_path / "ds"

    def die(_manifest) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        code_to_dataset(lambda: read_paths(corpus), data, client, {"alternatives": False}, partition_size=2,
                        quiet=True, on_partition=die)
    first = len(manifests(data))
    assert first >= 1
    rep = code_to_dataset(lambda: read_paths(corpus), data, client, {"alternatives": False}, partition_size=2,
                          quiet=True)
    assert rep.skipped >= 2 * first - 1  # the finished partitions were not coded again
    again = code_to_dataset(lambda: read_paths(corpus), data, client, {"alternatives": False}, partition_size=2,
                            quiet=True)
    assert again.articles == 0 and again.partitions == 0
    con = open_dataset(data)
    n, distinct, arts = con.execute("SELECT count(*), count(DISTINCT event_id), count(DISTINCT content_hash) "
                                    "FROM events").fetchone()
    n_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    con.close()
    assert n == distinct and n_articles == len({a.text for a in read_paths(corpus) if hasattr(a, "text")})
    _load(data, tmp_path / "from_dataset.duckdb")
    _same_tables(tmp_path / "from_dataset.duckdb", _local_store(tmp_path, corpus))


def test_cli_dask_engine_and_data_option(tmp_path):
    from typer.testing import CliRunner

    from newsevents.cli import app

    runner = CliRunner()
    out_local, out_dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    assert runner.invoke(app, ["code", str(DEMO), "-o", str(out_local), "-q"]).exit_code == 0
    r = runner.invoke(app, ["code", str(DEMO), "-o", str(out_dask), "-q", "--engine", "dask", "--workers", "1"])
    assert r.exit_code == 0, r.output
    assert out_dask.read_bytes() == out_local.read_bytes()
    data = tmp_path / "ds"
    r = runner.invoke(app, ["ingest", str(DEMO), "--data", str(data), "--workers", "1", "-q"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["query", "SELECT count(*) AS n FROM merged_events", "--data", str(data)])
    assert r.exit_code == 0 and int(r.output.split()[-1]) > 10
    r = runner.invoke(app, ["ingest", "--from", str(data), "--db", str(tmp_path / "s.duckdb"), "-q"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["query", "SELECT count(*) AS n FROM merged_events", "--db", str(tmp_path / "s.duckdb")])
    assert int(r.output.split()[-1]) > 10
    bad = runner.invoke(app, ["code", str(DEMO), "--engine", "spark"])
    assert bad.exit_code == 2 and "unknown --engine" in bad.output
    nodata = runner.invoke(app, ["dyad", "USA", "RUS", "--data", str(tmp_path / "nope")])
    assert nodata.exit_code == 2 and "not a newsevents Parquet dataset" in nodata.output
