"""PLOVER event records (one JSON object per line and merged event), with the field names of the
PLOVER manual: `id`, `date`, `enddate`, `event` and `mode` (lists), `context`, `actor` and `recipient`
(lists of entities: `code` = the country, or IGO/NGO/IMG for groups, plus `sector`, `entity_text`,
`identifier_id`), `event_loc` (`extracted_place`, `resolved_place`, `country_code`, `feature_class`,
`feature_code`, lat/lon, geonameid), `quad_code`, `event_text`, `cite_info`, `coder`, `coded_date`.
Fields beyond the manual are prefixed `x_`.
"""

from __future__ import annotations

import datetime as dt
import json

PLOVER_FIELDS = ["id", "date", "enddate", "event", "mode", "context", "actor", "recipient", "event_loc",
                 "quad_code", "event_text", "cite_info", "coder", "coded_date"]
ENTITY_FIELDS = ["code", "sector", "entity_text", "identifier_id"]
LOC_FIELDS = ["extracted_place", "resolved_place", "country_code", "feature_class", "feature_code", "lat", "lon",
              "geonameid"]
GROUP_CODES = {"IGO": "IGO", "UNO": "IGO", "EUR": "IGO", "NGO": "NGO", "IMG": "IMG", "NGM": "NGO", "MNC": "MNC"}
FEATURES = {"city": ("P", "PPL"), "town": ("P", "PPL"), "country": ("A", "PCLI"), "state": ("A", "ADM1"),
            "province": ("A", "ADM1"), "area": ("L", "AREA"), "air base": ("S", "AIRB")}


def entity(code, country, sector, name, text) -> list[dict]:
    """A PLOVER actor list (one entity), or [] when nothing is known."""
    if not (code or country or text):
        return []
    lead = country or (code or "")[:3] or None
    return [{"code": GROUP_CODES.get(lead, lead) if lead and lead != "UNK" else None,
             "sector": sector if sector and sector != "UNK" else None,
             "entity_text": name or text, "identifier_id": code if code and code != "UNK" else None}]


def event_loc(r: dict, place) -> dict | None:
    if not r["location_name"]:
        return None
    fc, fcode = FEATURES.get(place.feature if place is not None else "", ("P", "PPL") if r["lat"] else ("A", "PCLI"))
    return {"extracted_place": r.get("location_text") or r["location_name"], "resolved_place": r["location_name"],
            "country_code": r["location_country"], "feature_class": fc, "feature_code": fcode, "lat": r["lat"],
            "lon": r["lon"], "geonameid": r["geonameid"]}


def plover_record(r: dict, place, version: str) -> dict:
    from newsevents.ontology import cameo

    c = cameo(r["cameo"])
    text = json.loads(r["evidence"] or "[]")
    return {
        "id": r["cluster_id"], "date": r["event_date"].isoformat() if r["event_date"] else None,
        "enddate": (r["date_last"] or r["event_date"]).isoformat() if r["event_date"] else None,
        "event": [r["plover"]], "mode": [c.mode] if c.mode else [],
        "context": [x for x in (c.context or "").split(",") if x],
        "actor": entity(r["source_code"], r["source_country"], r["source_sector"], r["source_name"],
                        r["source_text"]),
        "recipient": entity(r["target_code"], r["target_country"], r["target_sector"], r["target_name"],
                            r["target_text"]),
        "event_loc": event_loc(r, place), "quad_code": r["quad_class"],
        "event_text": text[0] if text else None, "cite_info": r["url"] or r["origin"],
        "coder": f"newsevents {version}",
        "coded_date": (r["added"] or dt.datetime.now()).date().isoformat(),
        "x_date_precision": ["day", "week", "month", "year"][r["prec"] - 1] if r.get("prec") else None,
        "x_cameo": r["cameo"], "x_goldstein": r["goldstein"], "x_num_mentions": r["mentions"],
        "x_num_articles": r["n_articles"], "x_sources": json.loads(r["sources"] or "[]"), "x_event_texts": text,
        "x_confidence": r["confidence"],
    }
