"""The HTTP API of `newsevents serve` (FastAPI TestClient) against a store built from the demo corpus."""

import json
import shutil
import time

import duckdb
import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402
from server_support import XSS_TEXT, build_store  # noqa: E402

from newsevents.server import Settings, create_app  # noqa: E402
from newsevents.server.store import connect_readonly  # noqa: E402


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("serve"))


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(Settings(db=db)), raise_server_exceptions=False) as c:
        yield c


def sql(db, query, params=()):
    con = connect_readonly(db)  # the server's configuration: DuckDB refuses a second one in-process
    try:
        return con.execute(query, params).fetchall()
    finally:
        con.close()


def get(client, url, status=200):
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.text)
    return r.json()


def all_items(client, url):
    d = get(client, url + ("&" if "?" in url else "?") + "limit=500")
    assert d["total"] == len(d["items"])
    return d["items"]


# --- events ---------------------------------------------------------------------------------------
def test_events_merged_default_and_paging(client, db):
    n_merged = sql(db, "SELECT count(*) FROM merged_events")[0][0]
    d = get(client, "/api/events")
    assert d["merged"] and d["total"] == n_merged and d["limit"] == 50 and len(d["items"]) == min(50, n_merged)
    first = get(client, "/api/events?limit=3&offset=0")["items"]
    second = get(client, "/api/events?limit=3&offset=3")["items"]
    assert len(first) == len(second) == 3 and not {i["id"] for i in first} & {i["id"] for i in second}
    assert get(client, f"/api/events?offset={n_merged}")["items"] == []
    raw = get(client, "/api/events?raw=true&limit=1")
    assert not raw["merged"] and raw["total"] == sql(db, "SELECT count(*) FROM events")[0][0]
    dates = [i["event_date"] for i in all_items(client, "/api/events") if i["event_date"]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("query", ["limit=501", "limit=0", "offset=-1", "quad=5", "min_confidence=2",
                                   "date_from=yesterday", "exclude=rumour", "cameo_root=4", "actor=US;DROP",
                                   "dyad=USA", "source=%27%20OR%201%3D1"])
def test_events_bad_parameters_are_422(client, query):
    d = get(client, "/api/events?" + query, 422)
    assert "detail" in d and "Traceback" not in json.dumps(d)


def test_event_filters_match_sql(client, db):
    def count(where, params=(), table="merged_events"):
        return sql(db, f"SELECT count(*) FROM {table} WHERE {where}", params)[0][0]

    cases = {
        "actor=JPN": count("source_country = 'JPN' OR target_country = 'JPN'"),
        "actor=KORGOV": count("source_code = 'KORGOV' OR target_code = 'KORGOV'"),
        "source=JPN": count("source_country = 'JPN'"),
        "target=KOR": count("target_country = 'KOR'"),
        "dyad=JPN,KOR": count("(source_country = 'JPN' AND target_country = 'KOR') OR "
                              "(source_country = 'KOR' AND target_country = 'JPN')"),
        "dyad=KOR,JPN&directed=true": count("source_country = 'KOR' AND target_country = 'JPN'"),
        "plover=accuse": count("plover = 'ACCUSE'"),
        "cameo_root=11": count("cameo LIKE '11%'"),
        "quad=4": count("quad_class = 4"),
        "date_from=2024-03-01&date_to=2024-05-31": count("event_date BETWEEN '2024-03-01' AND '2024-05-31'"),
        "min_confidence=0.9": count("confidence >= 0.9"),
        "q=PROTESTED": count("lower(evidence) LIKE '%protested%'"),
        "located=true": count("lat IS NOT NULL"),
        "raw=true&q=kharkiv": count("lower(sentence_text) LIKE '%kharkiv%'", table="events"),
        "raw=true&source=RUSMIL&quad=4": count("source_code = 'RUSMIL' AND quad_class = 4", table="events"),
    }
    for query, expected in cases.items():
        assert expected > 0, query  # every filter is tried on data it selects
        d = get(client, "/api/events?limit=500&" + query)
        assert d["total"] == expected == len(d["items"]), query
    for item in get(client, "/api/events?dyad=JPN,KOR&limit=500")["items"]:
        assert {item["source_country"], item["target_country"]} == {"JPN", "KOR"}


def test_event_flag_exclusion(client, db):
    raw = all_items(client, "/api/events?raw=true")
    for flag in ("future", "negated", "hypothetical"):
        kept = all_items(client, f"/api/events?raw=true&exclude={flag}")
        assert len(kept) == sum(not r["flags"].get(flag) for r in raw)
    assert any(r["flags"].get("future") for r in raw)  # the threat story gives a future-flagged report
    both = all_items(client, "/api/events?raw=true&exclude=future&exclude=negated")
    assert all(not r["flags"].get("future") and not r["flags"].get("negated") for r in both)
    merged = all_items(client, "/api/events")
    kept = all_items(client, "/api/events?exclude=future")
    flagged = {c for (c,) in sql(db, """SELECT cluster_id FROM event_clusters JOIN events USING (event_id)
        GROUP BY 1 HAVING bool_and(coalesce(CAST(json_extract(flags, '$.future') AS BOOLEAN), false))""")}
    assert flagged and {i["id"] for i in kept} == {i["id"] for i in merged} - flagged


def test_search_is_a_parameter_not_sql(client, db):
    before = sql(db, "SELECT count(*) FROM events")[0][0]
    d = get(client, "/api/events?q=%27%3B%20DROP%20TABLE%20events%3B%20--")
    assert d["total"] == 0
    assert get(client, "/api/events?q=100%25")["total"] == 0  # % is a character, not a wildcard
    assert sql(db, "SELECT count(*) FROM events")[0][0] == before


def test_event_detail_with_offsets_and_reports(client, db):
    (cluster,) = sql(db, "SELECT cluster_id FROM merged_events WHERE mentions > 1 ORDER BY cluster_id LIMIT 1")[0]
    d = get(client, f"/api/events/{cluster}")
    assert d["cluster_id"] == cluster and d["merged"]["mentions"] == len(d["reports"]) > 1
    texts = dict(sql(db, "SELECT content_hash, text FROM articles"))
    for rep in d["reports"]:
        ev = rep["evidence"]
        hash_ = sql(db, "SELECT content_hash FROM events WHERE event_id = ?", [rep["event_id"]])[0][0]
        assert texts[hash_][ev["start"]:ev["start"] + len(ev["text"])] == ev["text"]
        roles = {s["role"]: ev["text"][s["start"]:s["end"]] for s in ev["spans"]}
        assert roles["trigger"] == rep["trigger"]["text"]
        assert roles.get("source", rep["source_text"]) == rep["source_text"]
        assert rep["why"] and rep["article"]["id"] and "pub_date" in rep["article"]
    # a report id gives the same cluster, that report first
    other = d["reports"][-1]["event_id"]
    d2 = get(client, f"/api/events/{other}")
    assert d2["cluster_id"] == cluster and d2["reports"][0]["event_id"] == other
    assert get(client, "/api/events/0000000000000000", 404)["detail"] == "no such event"
    assert get(client, "/api/events/..%2F..%2Fetc", 404)


def test_event_detail_keeps_article_fields(client, db):
    (eid,) = sql(db, "SELECT event_id FROM events WHERE article_id = 'jk_protest' LIMIT 1")[0]
    rep = get(client, f"/api/events/{eid}")["reports"][0]
    assert rep["article"] == {"id": "jk_protest", "title": "Japan protests", "url": "https://example.org/jk",
                              "source": "Team wire", "pub_date": "2024-05-10"}


# --- dyads and actors -----------------------------------------------------------------------------
def test_dyad_series(client, db):
    from newsevents.store.analytics import dyad_series, dyad_types

    d = get(client, "/api/dyads/JPN/KOR?by=month")
    periods = {p["period"]: p for p in d["series"]}
    assert {"2024-03-01", "2024-05-01"} <= set(periods)
    assert periods["2024-03-01"]["coop_conflict_index"] == 1.0
    assert periods["2024-05-01"]["verbal_conflict"] >= 1 and periods["2024-05-01"]["coop_conflict_index"] < 0
    con = connect_readonly(db)
    try:
        for a, b in (("JPN", "KOR"), ("KORGOV", "JPN"), ("IND", "USA"), ("RUS", "UKR")):
            for by in ("day", "week", "month", "quarter", "year"):
                for directed in (False, True):
                    for raw in (False, True):
                        tables = (dyad_series(con, a, b, by, directed, raw), dyad_types(con, a, b, by, directed, raw))
                        expected = [[dict(zip(t.columns, (v.isoformat() if hasattr(v, "isoformat") else v
                                                          for v in row), strict=True)) for row in t.rows]
                                    for t in tables]
                        got = get(client, f"/api/dyads/{a}/{b}?by={by}&directed={directed}&raw={raw}")
                        assert [got["series"], got["types"]] == expected, (a, b, by, directed, raw)
    finally:
        con.close()
    assert any("ACCUSE" in t for t in d["types"])
    directed = get(client, "/api/dyads/kor/jpn?by=year&directed=true")
    assert directed["a"] == "KOR" and sum(p["events"] for p in directed["series"]) < sum(
        p["events"] for p in get(client, "/api/dyads/KOR/JPN?by=year")["series"])
    get(client, "/api/dyads/JPN/KOR?by=decade", 422)
    get(client, "/api/dyads/J%27P/KOR", 422)
    top = get(client, "/api/dyads?limit=2")
    assert len(top["items"]) == 2 and top["items"][0]["events"] >= top["items"][1]["events"]


def test_actors(client):
    d = get(client, "/api/actors?q=korea")
    codes = {i["code"] for i in d["items"]}
    assert {"KOR", "PRK"} <= codes and all(i["mentions"] > 0 for i in d["items"])
    assert len(get(client, "/api/actors?q=kor&limit=1")["items"]) == 1
    get(client, "/api/actors", 422)
    get(client, "/api/actors?q=a&limit=1000", 422)
    a = get(client, "/api/actors/JPN")
    assert a["partners"][0]["partner"] == "KOR" and a["partners"][0]["events"] >= 4
    assert {"AGREE", "ACCUSE"} <= {x["type"] for x in a["actions"]}
    get(client, "/api/actors/%3Cscript%3E", 422)


# --- coding ---------------------------------------------------------------------------------------
def test_code_posted_text(client, db):
    before = sql(db, "SELECT count(*) FROM events")[0][0]
    text = "Japan accused South Korea of violating the fisheries agreement."
    d = client.post("/api/code", json={"text": text, "date": "2024-05-10"}).json()
    assert d["n"] >= 1
    ev = d["events"][0]
    assert (ev["source"]["country"], ev["cameo"][:2], ev["target"]["country"]) == ("JPN", "11", "KOR")
    assert text[ev["trigger"]["start"]:ev["trigger"]["end"]] == ev["trigger"]["text"] == "accused"
    assert text[ev["source"]["start"]:ev["source"]["end"]] == "Japan"
    assert not any(e["flags"].get("alternative") for e in d["events"])
    assert sql(db, "SELECT count(*) FROM events")[0][0] == before  # nothing stored


def test_code_limits(client):
    r = client.post("/api/code", json={"text": "x" * 200_001})
    assert r.status_code == 413 and "larger than" in r.json()["detail"]
    r = client.post("/api/code", json={"text": "é" * 100_001})  # 200,002 bytes
    assert r.status_code == 413
    assert client.post("/api/code", json={"date": "2024-01-01"}).status_code == 422
    assert client.post("/api/code", content=b"{not json", headers={"content-type": "application/json"}
                       ).status_code == 422

    def chunks():  # no Content-Length: the limit applies to what arrives
        for _ in range(30):
            yield b"x" * 10_000

    r = client.post("/api/code", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["detail"].startswith("request body larger than")


def test_code_time_and_concurrency_limits(db, monkeypatch):
    import threading

    from newsevents.server import coding

    release = threading.Event()

    def slow(*args):
        release.wait(5)
        return []

    monkeypatch.setattr(coding, "_code", slow)
    with TestClient(create_app(Settings(db=db, code_concurrency=1, code_timeout_s=0.3))) as c:
        t0 = time.perf_counter()
        r = c.post("/api/code", json={"text": "Japan met Korea."})
        assert r.status_code == 503 and "longer than" in r.json()["detail"]
        assert time.perf_counter() - t0 < 3
        r = c.post("/api/code", json={"text": "Japan met Korea."})  # the slow one still holds the slot
        assert r.status_code == 429
        release.set()
        for _ in range(50):
            if c.post("/api/code", json={"text": "Japan met Korea."}).status_code == 200:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the slot was never released")


# --- ingest and auth ------------------------------------------------------------------------------
def test_ingest_disabled_without_token(client):
    r = client.post("/api/ingest", json={"articles": [{"text": "Japan met Korea."}]})
    assert r.status_code == 403 and "NEWSEVENTS_TOKEN" in r.json()["detail"]


def test_ingest_with_token(db, tmp_path):
    copy = tmp_path / "copy.duckdb"
    shutil.copy(db, copy)
    body = {"articles": [{"id": "new1", "date": "2024-07-01", "title": "Visit",
                          "text": "Brazilian President Lula met Argentine President Milei in Brasilia on Monday."}]}
    with TestClient(create_app(Settings(db=copy, token="s3cret-token"))) as c:
        r = c.post("/api/ingest", json=body)
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
        assert c.post("/api/ingest", json=body, headers={"Authorization": "Basic s3cret-token"}).status_code == 401
        assert c.post("/api/ingest", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 403
        before = c.get("/api/events?raw=true&limit=1").json()["total"]
        r = c.post("/api/ingest", json=body, headers={"Authorization": "Bearer s3cret-token"})
        assert r.status_code == 200, r.text
        assert r.json()["articles"] == 1 and r.json()["events"] >= 1
        after = c.get("/api/events?raw=true&q=Brasilia").json()
        assert after["total"] >= 1 and c.get("/api/events?raw=true&limit=1").json()["total"] > before
        again = c.post("/api/ingest", json=body, headers={"Authorization": "Bearer s3cret-token"}).json()
        assert again["articles"] == 0 and again["skipped"] == 1
        assert c.post("/api/ingest", json={"articles": []}, headers={"Authorization": "Bearer s3cret-token"}
                      ).status_code == 422
        big = {"articles": [{"text": "x" * 1_000_000}] * 6}
        assert c.post("/api/ingest", json=big, headers={"Authorization": "Bearer s3cret-token"}).status_code == 413


# --- security and plumbing ------------------------------------------------------------------------
def test_security_headers_and_no_cors(client):
    for url in ("/", "/api/events?limit=1", "/static/app.js", "/docs"):
        r = client.get(url, headers={"Origin": "https://evil.example"})
        assert r.status_code == 200
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "access-control-allow-origin" not in r.headers
    r = client.options("/api/events", headers={"Origin": "https://evil.example",
                                               "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in r.headers


def test_cors_when_asked(db):
    with TestClient(create_app(Settings(db=db, cors_origins=["http://localhost:3000"]))) as c:
        r = c.get("/api/events?limit=1", headers={"Origin": "http://localhost:3000"})
        assert r.headers["access-control-allow-origin"] == "http://localhost:3000"
        r = c.get("/api/events?limit=1", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in r.headers


def test_dashboard_assets_are_local(client):
    html = client.get("/").text
    assert "<script src=\"/static/app.js\"" in html and "http" not in html.replace("http-equiv", "")
    for asset in ("/static/app.js", "/static/app.css", "/static/docs.js", "/static/world.json"):
        body = client.get(asset).text
        assert "https://" not in body and "http://" not in body.replace("http://www.w3.org/2000/svg", ""), asset
    assert "innerHTML" not in client.get("/static/app.js").text
    assert len(client.get("/static/world.json").json()["rings"]) > 100


def test_docs_and_openapi(client):
    assert "docs.js" in client.get("/docs").text
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/events", "/api/events/{event_id}", "/api/dyads/{a}/{b}", "/api/actors", "/api/actors/{code}",
              "/api/code", "/api/ingest"):
        assert p in paths
    events = {p["name"]: p for p in paths["/api/events"]["get"]["parameters"]}
    assert {"actor", "dyad", "exclude", "q", "period", "raw", "limit", "offset"} <= set(events)
    assert events["limit"]["schema"]["maximum"] == 500 and events["exclude"]["schema"]["type"] == "array"
    assert events["actor"]["description"] and all(p["in"] == "query" for p in events.values())
    dyad = {p["name"]: p for p in paths["/api/dyads/{a}/{b}"]["get"]["parameters"]}
    assert dyad["a"]["in"] == dyad["b"]["in"] == "path" and "quarter" in dyad["by"]["schema"]["enum"]


def test_json_without_orjson_is_the_same(client, monkeypatch):
    from newsevents.server import routes
    from newsevents.server.cache import BodyCache

    urls = ("/api/events?raw=true&limit=20", "/api/events?located=true", "/api/dyads/JPN/KOR?by=week")
    fast = [client.get(u).json() for u in urls]
    monkeypatch.setattr(routes, "orjson", None)
    monkeypatch.setattr(client.app.state, "dyad_cache", BodyCache())
    assert [client.get(u).json() for u in urls] == fast and fast[0]["items"] and fast[2]["series"]


def test_dyad_answers_are_cached(client):
    cache = client.app.state.dyad_cache
    url = "/api/dyads/KOR/JPN?by=quarter&directed=true"
    first = client.get(url).content
    hits = cache.hits
    assert client.get(url).content == first and cache.hits == hits + 1
    assert client.get(url + "&raw=true").json()["merged"] is False and cache.hits == hits + 1


def test_body_cache_is_bounded():
    from newsevents.server.cache import BodyCache

    cache = BodyCache(max_bytes=800)
    for i in range(30):
        assert cache.get(i, lambda i=i: b"x" * 90 + str(i).encode()) == b"x" * 90 + str(i).encode()
    assert cache.size <= 800 and cache.get(29, lambda: b"new").endswith(b"29")
    assert cache.get(0, lambda: b"new") == b"new"  # the oldest went first


def test_dyad_forms_match_sql(client, db):
    """Countries, actor codes and one of each, either way or directed: the index as SQL."""
    (a, b), = sql(db, "SELECT source_code, target_code FROM events WHERE length(source_code) > 3 AND "
                      "length(target_code) > 3 AND source_country <> target_country GROUP BY 1, 2 "
                      "ORDER BY count(*) DESC, 1, 2 LIMIT 1")
    for x, y in ((a, b), (a[:3], b[:3]), (a, b[:3]), (a[:3], b), (b[:3], a[:3])):
        sx, ty = ("source_country" if len(x) == 3 else "source_code"), ("target_country" if len(y) == 3
                                                                          else "target_code")
        sy, tx = ("source_country" if len(y) == 3 else "source_code"), ("target_country" if len(x) == 3
                                                                          else "target_code")
        for table, key, raw in (("merged_events", "cluster_id", "false"), ("events", "event_id", "true")):
            one = f"{sx} = ? AND {ty} = ?"
            directed = [r[0] for r in sql(db, f"SELECT {key} FROM {table} WHERE {one} "
                                              f"ORDER BY event_date DESC NULLS LAST, {key}", [x, y])]
            either = [r[0] for r in sql(db, f"SELECT {key} FROM {table} WHERE ({one}) OR ({sy} = ? AND {tx} = ?) "
                                            f"ORDER BY event_date DESC NULLS LAST, {key}", [x, y, y, x])]
            got = get(client, f"/api/events?dyad={x},{y}&directed=true&raw={raw}&limit=500")["items"]
            assert [i["id"] for i in got] == directed, (x, y, raw)
            got = get(client, f"/api/events?dyad={x},{y}&raw={raw}&limit=500")["items"]
            assert [i["id"] for i in got] == either and either, (x, y, raw)


def test_errors_are_json_without_traceback(db, monkeypatch):
    from newsevents.server.index import EventIndex

    def boom(*a, **k):
        raise RuntimeError("secret internals /etc/shadow")

    monkeypatch.setattr(EventIndex, "page", boom)
    with TestClient(create_app(Settings(db=db)), raise_server_exceptions=False) as c:
        r = c.get("/api/events")
        assert r.status_code == 500 and r.json() == {"detail": "internal error"}
        r = c.get("/api/nothing/here")
        assert r.status_code == 404 and r.json()["detail"] == "no such endpoint"
        assert c.delete("/api/events").status_code == 405
        assert c.put("/api/nothing").json()["detail"] == "Method Not Allowed"


def test_store_is_read_only_without_external_access(db):
    from newsevents.server.store import Store

    store = Store(db)
    try:
        with store.cursor() as cur:
            for stmt in ("CREATE TABLE x (a INT)", "DELETE FROM events", "SELECT * FROM read_csv('/etc/passwd')",
                         "SET enable_external_access = true", "INSTALL httpfs"):
                with pytest.raises(duckdb.Error):
                    cur.execute(stmt)
    finally:
        store.close()


def test_xss_text_is_returned_as_data(client):
    d = get(client, "/api/events?raw=true&q=%3Cscript%3E")
    assert d["total"] >= 1 and d["items"][0]["evidence"] in XSS_TEXT


def test_serve_command_missing_store(tmp_path):
    from typer.testing import CliRunner

    from newsevents.cli import app

    r = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert r.exit_code == 2 and "no such database" in r.output and "Traceback" not in r.output


def test_combined_filters_match_sql(client, db):
    cases = {
        "actor=KOR&quad=1&date_from=2024-03-01": "(source_country = 'KOR' OR target_country = 'KOR') "
                                                 "AND quad_class = 1 AND event_date >= '2024-03-01'",
        "source=JPN&target=KOR&plover=ACCUSE": "source_country = 'JPN' AND target_country = 'KOR' "
                                               "AND plover = 'ACCUSE'",
        "dyad=JPN,KOR&cameo_root=04&min_confidence=0.5": "((source_country = 'JPN' AND target_country = 'KOR') OR "
        "(source_country = 'KOR' AND target_country = 'JPN')) AND cameo LIKE '04%' AND confidence >= 0.5",
        "actor=RUS&exclude=historical&located=true": "(source_country = 'RUS' OR target_country = 'RUS') AND NOT "
                                                     "historical AND lat IS NOT NULL",
    }
    for query, where in cases.items():
        ids = [r[0] for r in sql(db, f"SELECT cluster_id FROM merged_events WHERE {where} "
                                     "ORDER BY event_date DESC NULLS LAST, cluster_id")]
        assert ids, query
        assert [i["id"] for i in get(client, "/api/events?limit=500&" + query)["items"]] == ids, query


def test_empty_store(tmp_path):
    from newsevents.store import open_db

    open_db(tmp_path / "empty.duckdb").close()
    with TestClient(create_app(Settings(db=tmp_path / "empty.duckdb"))) as c:
        assert c.get("/api/events").json()["total"] == 0
        assert c.get("/api/events?raw=true&actor=USA&q=x").json()["items"] == []
        assert c.get("/api/dyads/USA/CHN").json()["series"] == []
        assert c.get("/api/dyads").json()["items"] == []
        assert c.get("/api/actors?q=us").json()["items"] == []


def test_waiting_ingest_goes_before_new_readers(db):
    import threading

    from newsevents.server.store import Store

    store = Store(db)
    try:
        serial = store._indexes[True].serial
        assert store.try_index(False) is not None  # a reader in flight
        done = threading.Event()

        def write():
            with store.writable():
                pass
            done.set()

        threading.Thread(target=write, daemon=True).start()
        for _ in range(100):
            if store.lock._waiting:
                break
            time.sleep(0.01)
        assert store.try_index(True) is None  # new readers wait behind the writer (off the event loop)
        assert not done.is_set()
        store.release()
        assert done.wait(30)
        with store.index(True) as index:  # reopened and re-read
            assert index.n > 0 and index.serial != serial
    finally:
        store.close()


def test_loopback_server_refuses_other_host_names(db):
    hosts = ["127.0.0.1", "localhost", "::1", "[::1]"]
    with TestClient(create_app(Settings(db=db, allowed_hosts=hosts)), base_url="http://127.0.0.1:8000") as c:
        assert c.get("/api/dyads").status_code == 200
        assert c.get("/api/dyads", headers={"Host": "localhost:8000"}).status_code == 200
        assert c.get("/api/dyads", headers={"Host": "evil.example:8000"}).status_code == 400
