"""Store exports against their standards: GDELT 2.0 columns and codes, PLOVER field names, typed Parquet
with article metadata; export filters.  Field lists come from tests/data/standards (written from the
GDELT 2.0 codebook and the PLOVER manual)."""

import json
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from newsevents.export.gdelt import valid_code
from newsevents.export.store_export import GDELT_COLUMNS, export_store
from newsevents.store import ingest, merge_store, open_db

STD = Path(__file__).parent / "data" / "standards"
STORIES = [
    ("UN Secretary-General Antonio Guterres met Iranian Foreign Minister Javad Zarif in New York on Monday.",
     "2019-07-01"),
    ("Britain accused Russia of the nerve agent attack in Salisbury on Sunday.", "2019-07-08"),
    ("The United States imposed sanctions on Iran last year.", "2019-07-03"),
    ("Gunmen attacked a police post on Tuesday.", "2019-07-03"),
    ("Iranian forces seized a British tanker in the Gulf on Friday. Britain condemned Iran for the seizure.",
     "2019-07-20"),
    ("Iranian diplomats met American officials in Houston, Texas on Monday.", "2019-07-22"),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    d = tmp_path_factory.mktemp("exp")
    src = d / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"s{i}", "text": t, "date": day, "url": f"https://news.example/{i}",
                                       "title": f"Story {i}", "source": "Example News"}) + "\n"
                           for i, (t, day) in enumerate(STORIES)), encoding="utf-8")
    path = d / "e.duckdb"
    ingest([src], path)
    con = open_db(path)
    merge_store(con)
    con.close()
    return path


def _con(db):
    import duckdb

    return duckdb.connect(str(db), read_only=True)


def test_gdelt_columns_codes_and_left_out(db, tmp_path):
    want = [x for x in (STD / "gdelt2_event_columns.txt").read_text().splitlines() if x and not x.startswith("#")]
    assert GDELT_COLUMNS == want
    con = _con(db)
    out = tmp_path / "g.tsv"
    n = export_store(con, "gdelt", out)
    n_merged = con.execute("SELECT count(*) FROM merged_events").fetchone()[0]
    con.close()
    rows = [dict(zip(want, line.split("\t"), strict=True)) for line in out.read_text().splitlines()]
    assert len(rows) == n and 0 < n < n_merged
    assert n.left_out and "dated coarser than a day" in n.left_out  # "last year"
    for r in rows:
        assert r["Actor1Code"] or r["Actor2Code"], r
        for k in ("Actor1Code", "Actor2Code"):
            assert r[k] == "" or valid_code(r[k]), r[k]
        assert "UNK" not in (r["Actor1Code"] + r["Actor2Code"])
        assert re.fullmatch(r"20190[67]\d\d", r["SQLDATE"]) and not r["SQLDATE"].endswith("0101")
        assert len(r["Actor1Name"]) <= 100 and "A DRONE" not in r["Actor1Name"]
    names = {r["Actor1Name"] for r in rows} | {r["Actor2Name"] for r in rows}
    assert "UNITED NATIONS" in names or "ANTONIO GUTERRES" in names
    salisbury = [r for r in rows if r["ActionGeo_FullName"].startswith("Salisbury")]
    assert salisbury and salisbury[0]["ActionGeo_CountryCode"] == "UK"
    assert salisbury[0]["ActionGeo_ADM1Code"].startswith("UK") and len(salisbury[0]["ActionGeo_ADM1Code"]) > 2
    assert salisbury[0]["ActionGeo_FullName"] == "Salisbury, United Kingdom"
    houston = [r for r in rows if r["ActionGeo_FullName"].startswith("Houston")]
    assert houston and houston[0]["ActionGeo_FullName"] == "Houston, Texas, United States"
    assert houston[0]["ActionGeo_Type"] == "3" and houston[0]["ActionGeo_ADM1Code"] == "USTX"


def test_plover_field_names(db, tmp_path):
    std = yaml.safe_load((STD / "plover_fields.yaml").read_text())
    con = _con(db)
    out = tmp_path / "p.jsonl"
    n = export_store(con, "plover", out)
    con.close()
    recs = [json.loads(x) for x in out.read_text().splitlines()]
    assert recs and len(recs) == n
    for r in recs:
        assert set(std["event"]) <= set(r), set(std["event"]) - set(r)
        assert all(k in std["event"] or k.startswith("x_") for k in r), [k for k in r if k not in std["event"]]
        for k in std["lists"]:
            assert isinstance(r[k], list), k
        for ent in r["actor"] + r["recipient"]:
            assert list(ent) == std["entity"]
        if r["event_loc"]:
            assert set(std["event_loc"]) <= set(r["event_loc"])
        assert r["cite_info"].startswith("https://news.example/") and r["coder"].startswith("newsevents")
    un = [e for r in recs for e in r["actor"] + r["recipient"] if e["identifier_id"] and
          e["identifier_id"].startswith("UNO")]
    assert un and all(e["code"] in std["group_codes"] for e in un)
    assert any(r["event_loc"] and r["event_loc"]["extracted_place"] == "Salisbury" for r in recs)


def test_parquet_typed_with_article_metadata(db, tmp_path):
    con = _con(db)
    export_store(con, "parquet", tmp_path / "r.parquet")
    export_store(con, "parquet", tmp_path / "m.parquet", merged=True)
    con.close()
    t = pq.read_table(tmp_path / "r.parquet")
    assert pa.types.is_struct(t.schema.field("flags").type)
    assert {f.name for f in t.schema.field("flags").type} >= {"future", "hypothetical", "negated", "historical",
                                                              "reported_by"}
    assert pa.types.is_list(t.schema.field("why").type)
    rows = t.to_pylist()
    assert rows and all(r["url"] and r["title"] and r["pub_date"] and r["outlet"] == "Example News" for r in rows)
    m = pq.read_table(tmp_path / "m.parquet")
    for col in ("evidence", "article_ids", "sources", "event_ids"):
        assert pa.types.is_list(m.schema.field(col).type), col
    assert all(r["url"] and r["outlet"] for r in m.to_pylist())
    assert {r["date_precision"] for r in m.to_pylist()} >= {"day", "year"}  # "last year" keeps its precision


def test_export_filters(db, tmp_path):
    from newsevents.store.analytics import Filters

    con = _con(db)
    out = tmp_path / "f.jsonl"
    n_all = export_store(con, "jsonl", out)
    n_iran = export_store(con, "jsonl", out, actor="IRN")
    recs = [json.loads(x) for x in out.read_text().splitlines()]
    assert 0 < n_iran < n_all
    assert all("IRN" in ((r["source"] or {}).get("country"), (r["target"] or {}).get("country")) for r in recs)
    n_late = export_store(con, "jsonl", out, filters=Filters(since="2019-07-15", types=["CONSULT"]))
    recs = [json.loads(x) for x in out.read_text().splitlines()]
    con.close()
    assert 0 < n_late < n_all and all(r["plover"] == "CONSULT" and r["date"] >= "2019-07-15" for r in recs)
    assert all(r["url"] and r["outlet"] for r in recs)
