"""The office holders in newsevents/actors/leaders.tsv: every row well formed, and a few known lookups."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pycountry
import pytest

from newsevents.actors.kb import build_kb, data_rows
from newsevents.actors.resolver import _pick_person

TRANSNATIONAL = {"IGO", "UNO", "EUR"}
COLUMNS = ["name", "aliases", "country", "office", "start", "end"]


def _rows() -> list[tuple[int, dict]]:
    """(line number, row) pairs, numbered as in the file, so that a failure names its line."""
    from importlib import resources

    text = resources.files("newsevents.actors").joinpath("leaders.tsv").read_text(encoding="utf-8")
    lines = [(n, ln) for n, ln in enumerate(text.splitlines(), 1) if ln.strip() and not ln.startswith("#")]
    header = lines[0][1].split("\t")
    assert header == COLUMNS
    rows = []
    for n, ln in lines[1:]:
        fields = ln.split("\t")
        rows.append((n, dict(zip(header, fields, strict=False)) if len(fields) == len(header) else {"_bad": ln}))
    return rows


def _good() -> list[tuple[int, dict]]:
    return [(n, r) for n, r in _rows() if "_bad" not in r]


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def test_loader_reads_every_row():
    assert len(data_rows("leaders.tsv")) == len(_rows()) > 900


def test_every_row_is_well_formed():
    known = {c.alpha_3 for c in pycountry.countries} | {r["iso3"] for r in data_rows("countries.tsv")} | TRANSNATIONAL
    bad = []
    for n, r in _rows():
        where = f"leaders.tsv:{n}"
        if "_bad" in r:
            bad.append(f"{where}: not {len(COLUMNS)} tab-separated fields")
            continue
        if not r["name"].strip() or r["name"] != r["name"].strip():
            bad.append(f"{where}:name: empty or padded")
        if r["country"] not in known:
            bad.append(f"{where}:country: unknown code {r['country']!r}")
        if not r["office"] or r["office"] != r["office"].lower():
            bad.append(f"{where}:office: not plain lower case")
        try:
            start, end = _date(r["start"]), _date(r["end"])
        except ValueError as e:
            bad.append(f"{where}:start/end: {e}")
            continue
        if start is None:
            bad.append(f"{where}:start: missing (leave a row out rather than guess its dates)")
        if start and end and start >= end:
            bad.append(f"{where}:end: not after start")
        if end and end.year > 2026 or start and start.year > 2026:
            bad.append(f"{where}: date in the future")
    assert not bad, "\n".join(bad)


def test_no_duplicate_terms():
    seen: dict[tuple, int] = {}
    dups = []
    for n, r in _good():
        key = (r["name"], r["office"], r["start"])
        if key in seen:
            dups.append(f"leaders.tsv:{n}: {key} already on line {seen[key]}")
        seen.setdefault(key, n)
    assert not dups, "\n".join(dups)


def test_one_person_never_holds_one_office_twice_at_once():
    terms: dict[tuple, list[tuple[str, str, int]]] = {}
    for n, r in _good():
        terms.setdefault((r["name"], r["country"], r["office"]), []).append((r["start"], r["end"] or "9999", n))
    clashes = []
    for key, ts in terms.items():
        ts.sort()
        for (_, e1, n1), (s2, _, n2) in zip(ts, ts[1:], strict=False):
            if s2 < e1:
                clashes.append(f"leaders.tsv:{n2}: {key} overlaps line {n1}")
    assert not clashes, "\n".join(clashes)


def _overlap(a: dict, b: dict) -> bool:
    return (a["start"] or "0") < (b["end"] or "9999") and (b["start"] or "0") < (a["end"] or "9999")


def test_no_alias_shared_by_two_people_in_office_together():
    """A shared alias would let the resolver pick one of two people in force on the same day."""
    from newsevents.actors.kb import _split, norm

    owners: dict[str, list[dict]] = {}
    for _, r in _good():
        for a in {norm(x) for x in [r["name"], *_split(r["aliases"])]}:
            owners.setdefault(a, []).append(r)
    clashes = [(a, x["name"], y["name"]) for a, rs in owners.items() for x in rs for y in rs
               if x["name"] < y["name"] and _overlap(x, y)]
    assert not clashes, clashes


def _who(phrase: str, date: str):
    return _pick_person(build_kb().lookup(phrase), date)


@pytest.mark.parametrize("phrase,date,name,country,office", [
    ("John Bolton", "2019-05-01", "John Bolton", "USA", "national security adviser"),
    ("Bolton", "2018-06-12", "John Bolton", "USA", "national security adviser"),
    ("Mattis", "2017-06-01", "Jim Mattis", "USA", "defense secretary"),
    ("Haspel", "2019-03-01", "Gina Haspel", "USA", "cia director"),
    ("Corbyn", "2019-03-01", "Jeremy Corbyn", "GBR", "opposition leader"),
    ("Sajid Javid", "2019-03-01", "Sajid Javid", "GBR", "home secretary"),
    ("Rudd", "2017-06-01", "Amber Rudd", "GBR", "home secretary"),
    ("Rudd", "2008-06-01", "Kevin Rudd", "AUS", "prime minister"),
    ("Mogherini", "2018-01-10", "Federica Mogherini", "EUR", "high representative"),
    ("Hulusi Akar", "2019-10-10", "Hulusi Akar", "TUR", "defence minister"),
    ("Haftar", "2019-04-05", "Khalifa Haftar", "LBY", "commander"),
    ("Guaidó", "2019-02-01", "Juan Guaido", "VEN", "opposition leader"),
    ("Bouteflika", "2019-03-01", "Abdelaziz Bouteflika", "DZA", "president"),
    ("Varadkar", "2019-10-01", "Leo Varadkar", "IRL", "taoiseach"),
])
def test_known_office_holders_resolve(phrase, date, name, country, office):
    p = _who(phrase, date)
    assert p is not None and (p.entity, p.country, p.office) == (name, country, office)


def test_sector_follows_the_office():
    assert _who("Hulusi Akar", "2016-01-01").sector == "MIL"  # chief of general staff then
    assert _who("Haspel", "2019-01-01").sector == "SPY"
    assert _who("Bolton", "2019-01-01").sector == "GOV"


def test_cli_lookup_names_the_office_holder():
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    out = subprocess.run([sys.executable, "-m", "newsevents.cli", "kb", "lookup", "John Bolton"],
                         capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "country=USA" in out.stdout and "John Bolton" in out.stdout
