"""The Event record: docs/event.schema.json is current, coded events validate against it, and
to_dict/from_dict round-trip; the writers and the store take Events and their dicts alike."""

import copy
import io
import json
from pathlib import Path

import jsonschema
import pytest

from newsevents.record import Event, RecordError, json_schema

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "newsevents" / "demo"


@pytest.fixture(scope="module")
def demo_events():
    from newsevents.engine import code_events
    from newsevents.ingest import Article

    arts = [Article(id=f.stem, text=f.read_text("utf-8"), date="2024-03-13") for f in sorted(DEMO.glob("*.txt"))]
    events = list(code_events(arts, options={"keep_negated": True}))
    assert len(events) > 20
    return events


def test_schema_file_is_current():
    on_disk = json.loads((ROOT / "docs" / "event.schema.json").read_text("utf-8"))
    assert on_disk == json_schema(), "regenerate: python -m newsevents.record --schema > docs/event.schema.json"


def test_demo_events_validate_and_round_trip(demo_events):
    validator = jsonschema.Draft202012Validator(json_schema())
    for ev in demo_events:
        d = ev.to_dict()
        validator.validate(d)
        assert Event.from_dict(json.loads(json.dumps(d))) == ev
    kinds = {k for ev in demo_events for k in ev.to_dict()["flags"]}
    assert {"future", "negated", "reported_by"} <= kinds  # the optional flags are exercised too
    assert any(ev.location is not None for ev in demo_events) and any(ev.date for ev in demo_events)


def test_schema_rejects_what_from_dict_rejects(demo_events):
    validator = jsonschema.Draft202012Validator(json_schema())
    good = demo_events[0].to_dict()
    bad_cases = [("cameo", None, "cameo: must not be null"), ("sentence", "3", "sentence: expected int"),
                 ("colour", "red", "colour: not a field of Event")]
    for key, value, msg in bad_cases:
        d = dict(good, **{key: value})
        assert not validator.is_valid(d)
        with pytest.raises(RecordError, match=msg):
            Event.from_dict(d)
    d = copy.deepcopy(good)
    del d["trigger"]["start"]
    assert not validator.is_valid(d)
    with pytest.raises(RecordError, match=r"^trigger\.start: missing$"):
        Event.from_dict(d)


def test_optional_flags_are_left_out_when_unset(demo_events):
    plain = next(ev for ev in demo_events if ev.flags.reported_by is None and not ev.flags.alternative)
    assert list(plain.to_dict()["flags"]) == ["future", "hypothetical", "negated", "historical"]


def test_writers_and_store_take_events_and_dicts_alike(demo_events):
    from newsevents.export import write_csv, write_jsonl
    from newsevents.store.db import event_rows

    dicts = [ev.to_dict() for ev in demo_events]
    for writer in (write_jsonl, write_csv):
        a, b = io.StringIO(), io.StringIO()
        writer(demo_events, a)
        writer(dicts, b)
        assert a.getvalue() == b.getvalue()
    assert [event_rows(ev, "h") for ev in demo_events] == [event_rows(d, "h") for d in dicts]


def test_cli_main_prints_the_schema(capsys):
    from newsevents.record import main

    assert main(["--schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Event"
    assert main([]) == 2


def _leaves(schema: dict, defs: dict, prefix: str = "") -> set[str]:
    out = set()
    for name, prop in schema["properties"].items():
        ref = prop.get("$ref") or next((a["$ref"] for a in prop.get("anyOf", []) if "$ref" in a), None)
        if ref and name != "flags":
            out |= _leaves(defs[ref.rsplit("/", 1)[1]], defs, f"{prefix}{name}.")
        else:
            out.add(prefix + name)
    return out


# Where each field of the record goes in the store and the CSV.  A field added to Event fails this test
# until it is placed here (and in store/db.py, export/writers.py) or named as left out, with the reason.
ACTOR = ("text", "start", "end", "code", "country", "sector", "entity", "confidence", "why")
STORE = {"id": "events.event_id (hashed with the content hash)", "flags": "events.flags (JSON)",
         "why": "events.why (JSON)", "trigger.text": "events.trigger",
         "location.lat": "events.lat", "location.lon": "events.lon", "location.geonameid": "events.geonameid",
         "publication_date": "articles.pub_date", "dateline": "articles.dateline",
         **{f"{r}.{k}": f"actors.{k}_char" for r in ("source", "target") for k in ("start", "end")}}
NOT_STORED = {"source.confidence", "source.why", "target.confidence", "target.why", "date_source",
              "location.feature", "location.admin1"}  # evidence kept in the JSONL record only
CSV_NAMES = {"trigger.text": "trigger", "location.name": "location", "location.text": "place", "flags": "future",
             **{f"{r}.{k}": f"{r}_{k}" for r in ("source", "target") for k in ACTOR}}
NOT_IN_CSV = {"headline", "source.start", "source.end", "source.entity", "source.confidence", "source.why",
              "target.start", "target.end", "target.entity", "target.confidence", "target.why", "trigger.start",
              "trigger.end", "location.lat", "location.lon", "location.geonameid", "location.feature",
              "location.source", "location.admin1", "why", "date_source", "publication_date", "dateline"}


def test_every_record_field_has_a_place_in_the_store_and_the_csv():
    from newsevents.export.writers import CSV_COLUMNS
    from newsevents.store.db import EVENT_COLUMNS

    schema = json_schema()
    leaves = _leaves(schema, schema["$defs"])
    for path in sorted(leaves):
        in_store = path in STORE or path.replace(".", "_") in EVENT_COLUMNS or path in NOT_STORED
        assert in_store, f"{path}: add it to the store (store/db.py) or to NOT_STORED"
        csv = CSV_NAMES.get(path, path.replace(".", "_"))
        assert csv in CSV_COLUMNS or path in NOT_IN_CSV, f"{path}: add it to the CSV (export/writers.py) or NOT_IN_CSV"
    assert not (NOT_STORED | NOT_IN_CSV | set(STORE) | set(CSV_NAMES)) - leaves  # no stale names
