"""Importing PETRARCH/Phoenix dictionaries into the user knowledge base (team-written dictionary)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsevents.actors.kb import build_kb
from newsevents.actors.petrarch import read_actor_file, read_agent_file, split_code
from newsevents.actors.resolver import resolve_text
from newsevents.actors.user_kb import extend_with_user_kb, import_petrarch


def _env(tmp_path):
    """A child environment whose user KB is in tmp_path (PYTHONPATH kept: the tree under test)."""
    env = {"NEWSEVENTS_KB_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    if os.environ.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return env


SMALL = Path(__file__).parent / "data" / "petrarch_small"
COUNTRIES = set(build_kb().countries) | {"ISL", "MLT"}


def test_split_code():
    c = set(build_kb().countries)
    assert split_code("USAGOV", c) == ("USA", "GOV")
    assert split_code("IGOUNOJUDICJ", c) == ("UNO", "JUD")
    assert split_code("IGOEURLEG", c) == ("EUR", "LEG")
    assert split_code("NGOHLH", c) == (None, "NGO")
    assert split_code("ELI", c) == (None, "ELI")
    assert split_code("RUSINS", c) == ("RUS", "REB")


def test_actor_file_rows_and_errors():
    errors = []
    rows = list(read_actor_file(SMALL / "Team.Countries.actors.txt", COUNTRIES, errors.append))
    by = {}
    for r in rows:
        by.setdefault(r.phrase, []).append(r)
    assert {r.country for r in by["FREEDONIAN"]} == {"ISL"} and by["FREEDONIAN"][0].kind == "org"
    terms = sorted((r.start or "", r.end or "", r.sector) for r in by["FIREFLY"])
    assert ("1933-01-01", "1945-01-01", "GOV") in terms and ("", "", "ELI") in terms
    assert {(r.start, r.end, r.sector) for r in by["AMBASSADOR TRENTINO"]} == {
        ("1933-01-01", "1945-12-31", "GOV"), ("1945-12-31", None, "ELI")}
    assert by["HARPO HELPERS"][0].sector == "NGO" and by["UN FREEDONIA MISSION"][0].country == "UNO"
    assert "CHICO CORPS" in by  # read after the malformed lines
    lines = sorted(int(e.split(":")[1]) for e in errors)
    assert lines == [17, 18, 19, 20], errors
    assert all(e.startswith(str(SMALL / "Team.Countries.actors.txt")) and "skipped" in e for e in errors)


def test_agent_file_plurals_sets_and_errors():
    errors = []
    rows = {r.phrase: r.sector for r in read_agent_file(SMALL / "Team.agents.txt", errors.append)}
    assert rows["duck keeper"] == "AGR" and rows["duck keepers"] == "AGR"
    assert rows["firefightwoman"] == "CVL" and rows["firefightmen"] == "CVL"
    assert rows["high sheriffs"] == "COP" and "grand viziers" not in rows and rows["grand vizier"] == "GOV"
    assert sorted(int(e.split(":")[1]) for e in errors) == [8, 9, 10], errors


def test_import_extends_the_knowledge_base(tmp_path, nlp):
    path = tmp_path / "user_kb.tsv"
    errors = []
    n, _ = import_petrarch(SMALL, path, on_error=errors.append)
    assert n > 15 and len(errors) == 7
    kb = build_kb()
    assert extend_with_user_kb(kb, path) == n
    a = resolve_text("Rufus T. Firefly", nlp, date="1940-05-01", kb=kb)
    assert (a.country, a.sector) == ("ISL", "GOV"), a.why
    assert resolve_text("Rufus T. Firefly", nlp, date="1950-05-01", kb=kb).sector == "ELI"
    assert resolve_text("the high sheriffs", nlp, kb=kb).sector == "COP"
    # the built-in knowledge base still wins where both know a phrase (extend mode)
    assert resolve_text("the Kremlin", nlp, kb=kb).code == "RUSGOV"


def test_cli_import_reports_malformed_lines(tmp_path):
    env = _env(tmp_path)
    r = subprocess.run([sys.executable, "-m", "newsevents.cli", "kb", "import-petrarch", str(SMALL)],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert "Team.Countries.actors.txt:18:" in r.stderr and "Traceback" not in r.stderr
    assert (tmp_path / "user_kb.tsv").exists()
    r = subprocess.run([sys.executable, "-m", "newsevents.cli", "kb", "lookup", "Firefly", "--date", "1940-01-01"],
                       capture_output=True, text=True, env=env)
    assert "ISLGOV" in r.stdout, r.stdout + r.stderr
    r = subprocess.run([sys.executable, "-m", "newsevents.cli", "kb", "import-petrarch", str(tmp_path / "nope")],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 2 and "not a folder" in r.stderr


@pytest.mark.skipif(not (Path(__file__).resolve().parents[2] / "shared" / "reference" / "petrarch").exists(),
                    reason="../shared/reference/petrarch not present")
def test_phoenix_dictionaries_import(tmp_path):
    folder = Path(__file__).resolve().parents[2] / "shared" / "reference" / "petrarch"
    n, path = import_petrarch(folder, tmp_path / "kb.tsv")
    assert n > 40_000 and path.exists()


def test_binary_and_empty_dictionaries(tmp_path):
    (tmp_path / "Junk.actors.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "Empty.agents.txt").write_bytes(b"")
    errors = []
    n, _ = import_petrarch(tmp_path, tmp_path / "kb.tsv", on_error=errors.append)
    assert n >= 0 and errors and all(e.isascii() and "\n" not in e for e in errors)


def _imported_kb(tmp_path, override=False):
    path = tmp_path / "user_kb.tsv"
    import_petrarch(SMALL, path, mode="override" if override else "extend")
    kb = build_kb()
    extend_with_user_kb(kb, path)
    return kb


def test_fictional_country_code_resolves(tmp_path, nlp):
    assert split_code("ARN", COUNTRIES) == ("ARN", None) and split_code("ARNGOV", COUNTRIES) == ("ARN", "GOV")
    kb = _imported_kb(tmp_path)
    assert resolve_text("Arnor", nlp, kb=kb).code == "ARN"
    assert resolve_text("the Arnorians", nlp, kb=kb).code == "ARN"


def test_imported_date_restrictions(tmp_path, nlp):
    kb = _imported_kb(tmp_path)
    # [ARNGOV <20000101] then [ARNELI >20000101]
    assert resolve_text("King Elendil", nlp, date="1995-06-01", kb=kb).code == "ARNGOV"
    assert resolve_text("King Elendil", nlp, date="2005-06-01", kb=kb).code == "ARNELI"
    # [ARNGOV 19900101-20100101]: in office within the range, a former official after it
    assert resolve_text("Steward Mardil", nlp, date="2000-06-01", kb=kb).code == "ARNGOV"
    assert resolve_text("Steward Mardil", nlp, date="2015-06-01", kb=kb).code == "ARNELI"


def test_multi_code_entry_imports_first_code_kept_all(tmp_path, nlp):
    errors = []
    rows = [r for r in read_actor_file(SMALL / "Team.Countries.actors.txt", COUNTRIES, errors.append)
            if r.phrase == "ELROND GALADRIEL COUNCIL"]
    assert [r.code for r in rows] == ["ELR/GAL"] and rows[0].country == "ELR"
    assert all(int(e.split(":")[1]) < 24 for e in errors), errors  # the added entries all read
    kb = _imported_kb(tmp_path)
    assert [e.code for e in kb.lookup("Elrond Galadriel Council")] == ["ELR/GAL"]
    a = resolve_text("the Elrond Galadriel Council", nlp, kb=kb)
    assert (a.code, a.country, a.sector) == ("ELR", "ELR", None)


@pytest.mark.parametrize("override", [False, True])
def test_imported_synonym_does_not_split_built_in_country(tmp_path, nlp, override):
    kb = _imported_kb(tmp_path, override)
    assert resolve_text("Zealand", nlp, kb=kb).code == "SLD"  # the imported +ZEALAND
    assert resolve_text("New Zealand", nlp, kb=kb).code == "NZL"
    assert resolve_text("the New Zealand government", nlp, kb=kb).code == "NZLGOV"
    assert resolve_text("Russia", nlp, kb=kb).code == "RUS"
    # override still lets imported entries win over built-in non-country ones
    assert resolve_text("Arnor", nlp, kb=kb).code == "ARN"


def test_cli_lookup_uses_imported_codes(tmp_path):
    env = _env(tmp_path)
    r = subprocess.run([sys.executable, "-m", "newsevents.cli", "kb", "import-petrarch", str(SMALL), "--override"],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([sys.executable, "-m", "newsevents.cli", "kb", "lookup", "Arnor"],
                       capture_output=True, text=True, env=env)
    assert "code=ARN " in r.stdout, r.stdout + r.stderr
    r = subprocess.run([sys.executable, "-m", "newsevents.cli", "kb", "lookup", "New Zealand"],
                       capture_output=True, text=True, env=env)
    assert "code=NZL " in r.stdout, r.stdout + r.stderr


def test_cli_code_honours_imported_dates_against_article_date(tmp_path):
    env = _env(tmp_path)
    r = subprocess.run([sys.executable, "-m", "newsevents.cli", "kb", "import-petrarch", str(SMALL)],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "date": "1995-03-01", "text": "King Elendil criticised Arnor."}\n'
                   '{"id": "b", "date": "2005-03-01", "text": "King Elendil criticised Arnor."}\n')
    r = subprocess.run([sys.executable, "-m", "newsevents.cli", "code", str(src), "--format", "jsonl"],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    got = {(e["article_id"], e["source"]["code"], e["target"]["code"])
           for e in map(json.loads, r.stdout.splitlines())}
    assert got == {("a", "ARNGOV", "ARN"), ("b", "ARNELI", "ARN")}, got
