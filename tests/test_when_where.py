"""Dates and places of events, on cases written by the team (tests/data/when_where.yaml)."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from newsevents.when_where import DateMemory, dateline_place, event_date, event_place, parse_pub_date

CASES = yaml.safe_load((Path(__file__).parent / "data" / "when_where.yaml").read_text(encoding="utf-8"))


def _pub(v):
    return parse_pub_date(str(v)) if v else None


def _trigger(doc, word):
    return next(t for t in doc if t.text == word)


def test_enough_cases():
    assert len(CASES["dates"]) + len(CASES["places"]) >= 60


@pytest.mark.parametrize("case", CASES["dates"], ids=lambda c: c["text"][:40])
def test_date(nlp, case):
    doc = nlp(case["text"])
    got = event_date(_trigger(doc, case["trigger"]), _pub(case["pub"]), DateMemory())
    want = case["date"]
    assert got["date"] == (str(want) if want is not None else None), got
    assert got["date_precision"] == case["precision"], got
    if "historical" in case:
        assert got["historical"] is case["historical"], got


@pytest.mark.parametrize("case", CASES["places"], ids=lambda c: c["text"][:40])
def test_place(nlp, case):
    doc = nlp(case["text"])
    got = event_place(_trigger(doc, case["trigger"]), set(case.get("countries", [])),
                      dateline_place(case.get("dateline")))
    if case["name"] is None:
        assert got is None
        return
    assert got is not None and got["name"] == case["name"] and got["country"] == case["country"], got
    assert isinstance(got["geonameid"], int)
    for k in ("lat", "lon"):
        if k in case:
            assert (got[k] is None) if case[k] is None else abs(got[k] - case[k]) < 0.2, got
    if "source" in case:
        assert got["source"] == case["source"]


def test_date_carries_through_the_article(code_text):
    text = ("Chinese and Russian officials met in Khabarovsk on Saturday.\n\n"
            "The Chinese delegation also visited Russia's parliament.")
    recs = code_text(text, date="2015-09-28")
    assert recs and all(r["date"] == "2015-09-26" for r in recs), [(r["date"], r["date_source"]) for r in recs]
    assert any("carried" in r["date_source"] for r in recs)


def test_no_publication_date_no_guess(code_text):
    recs = code_text("Chinese officials met Russian diplomats on Saturday.")
    assert recs and all(r["date"] is None and r["date_precision"] is None for r in recs)


def test_every_record_has_the_fields(code_text):
    recs = code_text("Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on Thursday.",
                     date="2015-09-03")
    assert recs
    for r in recs:
        assert {"date", "date_precision", "location", "historical"} <= set(r)
        assert r["date"] == "2015-09-03"
        assert r["location"]["name"] == "Beijing" and r["location"]["country"] == "CHN"


def test_historical_flag_in_flags(code_text):
    recs = code_text("During World War II, the Soviet Union supported China against Japan.", date="2015-09-03")
    assert recs and all(r["historical"] and r["flags"].get("historical") for r in recs)


def test_parse_pub_date():
    assert parse_pub_date("2015-09-28 07:56") == dt.date(2015, 9, 28)
    assert parse_pub_date("28/09/2015") == dt.date(2015, 9, 28)  # day-first when month-first cannot be
    assert parse_pub_date("Mon, 28 Sep 2015 10:00:00 GMT") == dt.date(2015, 9, 28)
    assert parse_pub_date("2015-02-30") is None
    assert parse_pub_date("2015") is None  # a year is no publication day
    assert parse_pub_date("not a date") is None


def test_an_actors_country_breaks_only_a_near_tie():
    """A small town in an actor's country does not beat a capital of the same name."""
    from newsevents.when_where.places import gazetteer

    g = gazetteer()
    assert g.lookup("Vienna", None, {"USA"}).country == "AUT"
    assert g.lookup("Paris", None, {"USA"}).country == "FRA"
    assert g.lookup("Tripoli", None, {"LBN"}).country == "LBN"
