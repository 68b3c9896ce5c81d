"""The event record: one type for what the coder produces and every writer, the store and the exports read.

`Event.to_dict()` is the JSON record (the JSONL line, the API's answer); `Event.from_dict()` reads one back.
A field added here reaches the JSONL writer, the API and `docs/event.schema.json` by itself; the flat CSV and
store rows (export/writers.py, store/db.py) name the fields they keep.

    python -m newsevents.record --schema > docs/event.schema.json
"""

from __future__ import annotations

import dataclasses
import sys
import types
import typing
from dataclasses import dataclass, field
from typing import Any

OMIT = {"omit_if_none": True}  # a key left out of the JSON record when its value is None


def _doc(text: str, **more) -> dict:
    return {"doc": text, **more}


class RecordError(ValueError):
    """A JSON record that does not fit the Event type (one line: the field and what is wrong)."""


@dataclass
class Actor:
    """One side of an event: the mention and what it resolved to."""

    text: str = field(metadata=_doc("the mention as written"))
    start: int = field(metadata=_doc("character offset of the mention in the article"))
    end: int = field(metadata=_doc("character offset just past the mention"))
    code: str | None = field(default=None, metadata=_doc("CAMEO actor code (country + sector)"))
    country: str | None = field(default=None, metadata=_doc("ISO 3166 alpha-3, or IGO/UNO/EUR…"))
    sector: str | None = field(default=None, metadata=_doc("CAMEO sector code (GOV, MIL, …)"))
    entity: str | None = field(default=None, metadata=_doc("the named person or organisation"))
    confidence: float = field(default=0.0, metadata=_doc("resolver confidence, 0..1"))
    why: str = field(default="", metadata=_doc("how the mention was resolved"))

    @classmethod
    def of(cls, a: Any, start: int, end: int) -> Actor:
        """From a resolver actor (actors.resolver.Actor), with article offsets."""
        return cls(text=a.text, start=start, end=end, code=a.code, country=a.country, sector=a.sector,
                   entity=a.entity, confidence=round(a.confidence, 3), why=a.why)


@dataclass
class Place:
    """Where the event happened: a gazetteer place and how it was found."""

    name: str = field(metadata=_doc("the gazetteer's name"))
    country: str | None = field(default=None, metadata=_doc("ISO 3166 alpha-3"))
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature: str | None = field(default=None, metadata=_doc("city, state, country…"))
    source: str | None = field(default=None, metadata=_doc("where in the text the place was found"))
    text: str | None = field(default=None, metadata=_doc("the place as written"))
    admin1: str | None = field(default=None, metadata=_doc("first-level administrative code"))


@dataclass
class Speaker:
    """Who reported the event ("X said …")."""

    text: str
    code: str | None = None


@dataclass
class Flags:
    """Modality of the event.  `alternative` and `reported_by` appear only when set."""

    future: bool = False
    hypothetical: bool = False
    negated: bool = False
    historical: bool = False
    alternative: bool | None = field(default=None, metadata={**OMIT, **_doc("a low-confidence alternative dyad")})
    reported_by: Speaker | None = field(default=None, metadata=OMIT)


@dataclass
class Trigger:
    """The word that triggered the event, with article offsets."""

    text: str
    start: int
    end: int


@dataclass
class Event:
    """One coded event: a source-target dyad for one trigger in one sentence."""

    id: str = field(metadata=_doc("stable id from article, sentence, trigger, actors and code"))
    article_id: str
    sentence: int = field(metadata=_doc("sentence index in the article"))
    sentence_text: str
    headline: bool
    source: Actor | None
    target: Actor | None
    cameo: str = field(metadata=_doc("CAMEO event code"))
    cameo_name: str | None
    plover: str | None = field(metadata=_doc("PLOVER event type (null for statements)"))
    quad_class: int | None
    goldstein: float | None
    date: str | None = field(metadata=_doc("YYYY, YYYY-MM or YYYY-MM-DD"))
    date_precision: str | None = field(metadata=_doc("day, week, month or year"))
    date_source: str | None
    historical: bool
    location: Place | None
    trigger: Trigger
    confidence: float
    flags: Flags
    why: list[str] = field(metadata=_doc("the evidence, one line per step"))
    publication_date: str | None
    dateline: str | None

    def to_dict(self) -> dict:
        """The JSON record (keys in field order; nested records as dicts)."""
        return _to_dict(self)

    @classmethod
    def from_dict(cls, d: dict) -> Event:
        """Read a JSON record back; RecordError names the field that does not fit."""
        return _from_dict(cls, d, "")


def as_event(r: Event | dict) -> Event:
    """An Event from either an Event or its JSON record."""
    return r if isinstance(r, Event) else Event.from_dict(r)


def as_record(r: Event | dict) -> dict:
    """The JSON record of an Event (a dict is taken as one already)."""
    return r.to_dict() if isinstance(r, Event) else r


# --- conversion -----------------------------------------------------------------------------------------
def _to_dict(obj) -> dict:
    out = {}
    for f in dataclasses.fields(obj):
        v = getattr(obj, f.name)
        if v is None and f.metadata.get("omit_if_none"):
            continue
        out[f.name] = _to_dict(v) if dataclasses.is_dataclass(v) else list(v) if isinstance(v, list) else v
    return out


_HINTS: dict[type, dict] = {}


def _hints(cls) -> dict:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _options(tp) -> tuple[list, bool]:
    """The non-None members of a type and whether None is allowed."""
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union:
        args = typing.get_args(tp)
        return [a for a in args if a is not type(None)], type(None) in args
    return [tp], False


def _from_dict(cls, d, where: str):
    if not isinstance(d, dict):
        raise RecordError(f"{where or cls.__name__}: expected an object, got {type(d).__name__}")
    names = {f.name: f for f in dataclasses.fields(cls)}
    extra = sorted(set(d) - set(names))
    if extra:
        raise RecordError(f"{where + '.' if where else ''}{extra[0]}: not a field of {cls.__name__}")
    kw = {}
    for name, f in names.items():
        path = f"{where}.{name}" if where else name
        if name not in d:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise RecordError(f"{path}: missing")
            continue
        kw[name] = _value(_hints(cls)[name], d[name], path)
    return cls(**kw)


def _value(tp, v, path: str):
    opts, nullable = _options(tp)
    if v is None:
        if nullable:
            return None
        raise RecordError(f"{path}: must not be null")
    sub = opts[0]
    if dataclasses.is_dataclass(sub):
        return _from_dict(sub, v, path)
    if typing.get_origin(sub) is list:
        if not isinstance(v, list):
            raise RecordError(f"{path}: expected a list, got {type(v).__name__}")
        return list(v)
    want = (int, float) if sub is float else sub
    if not isinstance(v, want) or (sub is int and isinstance(v, bool)):
        raise RecordError(f"{path}: expected {sub.__name__}, got {type(v).__name__}")
    return v


# --- JSON Schema ----------------------------------------------------------------------------------------
_JSON = {str: "string", int: "integer", float: "number", bool: "boolean"}


def _schema_of(tp, defs: dict) -> dict:
    opts, nullable = _options(tp)
    sub = opts[0]
    if dataclasses.is_dataclass(sub):
        _define(sub, defs)
        s = {"$ref": f"#/$defs/{sub.__name__}"}
        return {"anyOf": [s, {"type": "null"}]} if nullable else s
    if typing.get_origin(sub) is list:
        s = {"type": "array", "items": _schema_of(typing.get_args(sub)[0], defs)}
    else:
        s = {"type": _JSON[sub]}
    if nullable:
        s["type"] = [s["type"], "null"]
    return s


def _define(cls, defs: dict) -> dict:
    if cls.__name__ in defs:
        return defs[cls.__name__]
    props, required = {}, []
    defs[cls.__name__] = body = {"type": "object", "description": (cls.__doc__ or "").strip(),
                                 "properties": props, "required": required, "additionalProperties": False}
    for f in dataclasses.fields(cls):
        props[f.name] = _schema_of(_hints(cls)[f.name], defs)
        if f.metadata.get("doc"):
            props[f.name]["description"] = f.metadata["doc"]
        if not f.metadata.get("omit_if_none"):
            required.append(f.name)
    return body


def json_schema() -> dict:
    """The JSON Schema (draft 2020-12) of the Event record, generated from the dataclasses above."""
    defs: dict = {}
    top = dict(_define(Event, defs))
    del defs["Event"]
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "newsevents/event.schema.json",
            "title": "Event", **top, "$defs": dict(sorted(defs.items()))}


def main(argv: list[str] | None = None) -> int:
    import json

    argv = sys.argv[1:] if argv is None else argv
    if argv != ["--schema"]:
        print("usage: python -m newsevents.record --schema > docs/event.schema.json", file=sys.stderr)
        return 2
    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
