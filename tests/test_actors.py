import pytest

from newsevents.actors import resolve_text
from newsevents.actors.kb import build_kb


@pytest.mark.parametrize("text,country,sector", [
    ("Russian President Vladimir Putin", "RUS", "GOV"),
    ("the Kremlin", "RUS", "GOV"),
    ("Beijing", "CHN", "GOV"),
    ("four Saudi men", "SAU", "UNK"),
    ("American warplanes", "USA", "MIL"),
    ("Chile's Defense Ministry", "CHL", "GOV"),
    ("the U.S.", "USA", None),
    ("Pakistani Army", "PAK", "MIL"),
])
def test_resolve(nlp, text, country, sector):
    a = resolve_text(text, nlp, date="2020-01-01")
    assert (a.country, a.sector) == (country, sector), a.why


def test_dated_roles(nlp):
    assert resolve_text("Barack Obama", nlp, date="2012-06-01").sector == "GOV"
    assert resolve_text("Barack Obama", nlp, date="2019-06-01").sector == "ELI"
    assert resolve_text("Dmitry Medvedev", nlp, date="2010-01-01").code == "RUSGOV"


def test_acronyms_match_only_in_capitals(nlp):
    assert resolve_text("US", nlp).country == "USA"
    assert resolve_text("us", nlp).country is None


def test_kb_files_load_and_are_valid():
    import pycountry

    kb = build_kb()
    assert len(kb.countries) > 190
    for iso in kb.countries:
        assert iso == "XKX" or pycountry.countries.get(alpha_3=iso) is not None, iso
    for entries in list(kb.folded.values()) + list(kb.exact.values()):
        for e in entries:
            assert e.kind in {"country", "demonym", "capital", "seat", "org", "agent", "person"}
            if e.kind == "person":
                assert e.start and (e.end is None or e.start < e.end), e
            if e.sector:
                assert e.sector.isupper() and len(e.sector) == 3, e
