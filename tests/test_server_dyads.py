"""/api/dyads against store.analytics on a store built for the edge cases of the series: dates of
every precision (and none), reports of one merged event dated the same day with different
precisions, historical events, events without a type or a Goldstein score, and gaps of many periods."""

import datetime as dt
import random

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from newsevents.server import Settings, create_app  # noqa: E402
from newsevents.server.store import connect_readonly  # noqa: E402
from newsevents.store import open_db  # noqa: E402
from newsevents.store.analytics import dyad_series, dyad_types  # noqa: E402

DYADS = [("JPN", "KOR"), ("KOR", "JPN"), ("JPN", "CHN"), ("CHN", "KOR")]
PRECISIONS = ["day"] * 5 + ["week", "month", "month", "year", None]
PLOVER = [("CONSULT", "040", 1, 1.0), ("AID", "070", 2, 7.0), ("ACCUSE", "112", 3, -2.0),
          ("ASSAULT", "180", 4, -9.0), (None, "010", 1, 0.0)]


def _date(rng: random.Random, precision: str | None) -> dt.date:
    d = dt.date(2022, 11, 1) + dt.timedelta(days=rng.randrange(800))
    if precision == "week":
        return d - dt.timedelta(days=d.weekday())
    if precision == "month":
        return d.replace(day=1)
    if precision == "year":
        return d.replace(month=1, day=1)
    return d


def _reports(rng: random.Random) -> list[dict]:
    """Clusters of one to three reports of one dyad; half the clusters' reports share a day."""
    out, n = [], 0
    for c in range(150):
        a, b = rng.choice(DYADS)
        plover, cam, quad, gold = rng.choice(PLOVER)
        same_day = rng.random() < 0.5
        first = _date(rng, rng.choice(PRECISIONS))
        for _ in range(rng.randint(1, 3)):
            prec = rng.choice(PRECISIONS)
            date = first if same_day else _date(rng, prec)
            if rng.random() < 0.05:
                date = prec = None
            out.append({"event_id": f"e{n:04d}", "cluster_id": f"c{c:04d}",
                        "source_code": a + ("GOV" if rng.random() < 0.4 else ""), "source_country": a,
                        "target_code": b, "target_country": b, "plover": plover, "cameo": cam, "quad_class": quad,
                        "goldstein": None if rng.random() < 0.1 else gold, "event_date": date,
                        "date_precision": prec, "historical": rng.random() < 0.05,
                        "confidence": round(rng.random(), 2)})
            n += 1
    return out


def _merged(reports: list[dict]) -> list[dict]:
    clusters: dict[str, list[dict]] = {}
    for r in reports:
        clusters.setdefault(r["cluster_id"], []).append(r)
    out = []
    for cid, rs in clusters.items():
        dates = [r["event_date"] for r in rs if r["event_date"]]
        out.append({**{k: rs[0][k] for k in ("source_code", "source_country", "target_code", "target_country",
                                             "plover", "cameo", "quad_class", "goldstein", "confidence")},
                    "cluster_id": cid, "event_date": min(dates, default=None), "date_last": max(dates, default=None),
                    "historical": all(r["historical"] for r in rs), "mentions": len(rs)})
    # a merged event without reports (the store allows it): its date counts as precise
    out.append({**out[0], "cluster_id": "c9999", "event_date": dt.date(2023, 6, 1), "historical": False})
    return out


def _insert(con, table: str, rows: list[dict]) -> None:
    cols = list(rows[0])
    con.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                    [[r[c] for c in cols] for r in rows])


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("dyads") / "dyads.duckdb"
    reports = _reports(random.Random(14))
    con = open_db(path)
    try:
        _insert(con, "events", [{k: v for k, v in r.items() if k != "cluster_id"} | {"flags": "{}"}
                                for r in reports])
        _insert(con, "event_clusters", [{"event_id": r["event_id"], "cluster_id": r["cluster_id"]} for r in reports])
        _insert(con, "merged_events", _merged(reports))
    finally:
        con.close()
    return path


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(Settings(db=db)), raise_server_exceptions=False) as c:
        yield c


def _expected(con, a, b, by, directed, raw) -> list[list[dict]]:
    tables = (dyad_series(con, a, b, by, directed, raw), dyad_types(con, a, b, by, directed, raw))
    return [[dict(zip(t.columns, (v.isoformat() if hasattr(v, "isoformat") else v for v in row), strict=True))
             for row in t.rows] for t in tables]


def test_series_equal_analytics(client, db):
    con = connect_readonly(db)
    try:
        for a, b in (("JPN", "KOR"), ("JPNGOV", "KOR"), ("CHN", "KOR"), ("CHN", "JPN"), ("USA", "KOR")):
            for by in ("day", "week", "month", "quarter", "year"):
                for directed in (False, True):
                    for raw in (False, True):
                        r = client.get(f"/api/dyads/{a}/{b}?by={by}&directed={directed}&raw={raw}")
                        assert r.status_code == 200, r.text
                        got = r.json()
                        assert [got["series"], got["types"]] == _expected(con, a, b, by, directed, raw), \
                            (a, b, by, directed, raw)
    finally:
        con.close()


def test_the_store_exercises_the_rules(client):
    """Coarse dates are counted only in periods as long as their precision; empty periods are zeros."""
    def total(by, raw):
        s = client.get(f"/api/dyads/JPN/KOR?by={by}&raw={raw}").json()["series"]
        return sum(p["events"] for p in s), s

    for raw in (False, True):
        counts = [total(by, raw)[0] for by in ("day", "week", "month", "year")]
        assert counts == sorted(counts) and counts[0] < counts[1] < counts[2] < counts[3], (raw, counts)
    _, days = total("day", False)
    empty = [p for p in days if p["events"] == 0]
    assert empty and all(p["coop_conflict_index"] is None and p["goldstein"] == 0 for p in empty)
    assert [p["period"] for p in days] == [(dt.date.fromisoformat(days[0]["period"]) + dt.timedelta(i)).isoformat()
                                           for i in range(len(days))]


def test_labels(client):
    d = client.get("/api/dyads/JPN/KOR?by=quarter").json()
    assert len(d["labels"]) == len(d["series"])
    assert all(lab.startswith(p["period"][:4] + "-Q") for lab, p in zip(d["labels"], d["series"], strict=True))
    w = client.get("/api/dyads/JPN/KOR?by=week").json()
    assert w["labels"][0] == "{}-W{:02d}".format(*dt.date.fromisoformat(w["series"][0]["period"]).isocalendar()[:2])


def test_period_filter_lists_the_events_a_bar_counts(client):
    """The dashboard's click on a period: /api/events with period=by lists exactly the events counted."""
    for by, end in (("month", lambda d: (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)),
                    ("year", lambda d: d.replace(year=d.year + 1)), ("week", lambda d: d + dt.timedelta(days=7))):
        for raw in (False, True):
            series = client.get(f"/api/dyads/JPN/KOR?by={by}&raw={raw}").json()["series"]
            for p in series[:12]:
                start = dt.date.fromisoformat(p["period"])
                q = (f"/api/events?dyad=JPN,KOR&date_from={start}&date_to={end(start) - dt.timedelta(days=1)}"
                     f"&period={by}&exclude=historical&raw={raw}&limit=1")
                assert client.get(q).json()["total"] == p["events"], (by, raw, p)
    assert client.get("/api/events?period=decade").status_code == 422
    everything = client.get("/api/events?dyad=JPN,KOR&limit=1").json()["total"]
    assert client.get("/api/events?dyad=JPN,KOR&period=day&limit=1").json()["total"] < everything
