import pytest

from newsevents.ontology import cameo, codes, plover_of


def test_every_root_present_with_weights():
    table = codes()
    for root in range(1, 21):
        assert f"{root:02d}" in table
    assert len(table) > 300
    for c in table.values():
        assert -10.0 <= c.goldstein <= 10.0
        assert c.quad_class in (1, 2, 3, 4)


def test_known_facts():
    assert cameo("057").plover == "SUPPORT"
    assert cameo("057").goldstein == 8.0
    assert plover_of("010") is None  # statements have no PLOVER type
    assert plover_of("022") == "REQUEST"  # appeals map to REQUEST
    assert plover_of("163") == "COERCE"
    assert cameo("190").quad_class == 4
    assert cameo("040").quad_class == 1


def test_unknown_code():
    with pytest.raises(KeyError, match="999"):
        cameo("999")
