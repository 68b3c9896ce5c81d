"""`newsevents serve --data DIR`: the API over a Parquet dataset written by store.dataset's writer
answers as over a DuckDB store of the same articles, read-only."""

import duckdb
import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402
from server_support import build_store, write_corpus  # noqa: E402

from newsevents.server import Settings, create_app  # noqa: E402

URLS = ["/api/events?raw=true&limit=500", "/api/events?raw=true&actor=JPN&limit=500",
        "/api/events?raw=true&dyad=JPN,KOR&date_from=2024-03-01&limit=500", "/api/events?raw=true&q=aid",
        "/api/dyads/JPN/KOR?by=month&raw=true", "/api/dyads/RUS/UKR?by=week&directed=true&raw=true",
        "/api/actors?q=korea", "/api/actors/JPN?raw=true"]


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    """The demo corpus as a dataset of two partitions (merged) and as a DuckDB store."""
    from newsevents.engine import coded_articles
    from newsevents.ingest import read_paths
    from newsevents.store.dataset import merge_dataset, write_partition

    folder = tmp_path_factory.mktemp("dataset")
    coded = list(coded_articles(read_paths([write_corpus(folder / "corpus.jsonl")])))
    data = folder / "data"
    half = len(coded) // 2
    write_partition(data, "p0", coded[:half])
    write_partition(data, "p1", coded[half:])
    merge_dataset(data)
    return data, build_store(tmp_path_factory.mktemp("db"))


@pytest.fixture(scope="module")
def client(stores):
    with TestClient(create_app(Settings(data=stores[0], token="s3cret")), raise_server_exceptions=False) as c:
        yield c


def parquet_count(data, table):
    return duckdb.sql(f"SELECT count(*) FROM read_parquet('{data}/{table}')").fetchall()[0][0]


def test_dataset_answers_as_the_store(client, stores):
    data, db = stores
    assert parquet_count(data, "events/*/*/*.parquet") > 20
    with TestClient(create_app(Settings(db=db))) as over_db:
        for url in URLS:
            a, b = client.get(url), over_db.get(url)
            assert a.status_code == b.status_code == 200, (url, a.text)
            assert a.json() == b.json(), url
    merged = client.get("/api/events?limit=500").json()
    assert merged["total"] == parquet_count(data, "merged/merged_events.parquet") == len(merged["items"])
    assert merged["total"] < client.get("/api/events?raw=true").json()["total"]


def test_dataset_event_detail_and_top_dyads(client):
    first = client.get("/api/events?dyad=JPN,KOR&limit=1").json()["items"][0]
    d = client.get(f"/api/events/{first['id']}").json()
    assert d["cluster_id"] == first["id"] and d["reports"]
    ev = d["reports"][0]["evidence"]
    assert ev["spans"] and all(0 <= s["start"] < s["end"] <= len(ev["text"]) for s in ev["spans"])
    top = client.get("/api/dyads?limit=3").json()["items"]
    assert top and top[0]["events"] >= top[-1]["events"]


def test_dataset_is_served_read_only(client):
    r = client.post("/api/ingest", json={"articles": [{"text": "Japan met Korea."}]},
                    headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 409 and "ingest --data" in r.json()["detail"]
    store = client.app.state.store
    with store.cursor() as cur:
        for stmt in ("CREATE TABLE x (a INT)", "SELECT * FROM read_csv('/etc/passwd')",
                     "SET enable_external_access = true", "INSTALL httpfs"):
            with pytest.raises(duckdb.Error):
                cur.execute(stmt)


def test_serve_data_not_a_dataset(tmp_path):
    from typer.testing import CliRunner

    from newsevents.cli import app

    r = CliRunner().invoke(app, ["serve", "--data", str(tmp_path)])
    assert r.exit_code == 2 and "not a newsevents Parquet dataset" in r.output and "Traceback" not in r.output
