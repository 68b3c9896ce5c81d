"""The actor knowledge base: data files in this package, looked up by normalised phrase.

Keys are normalised by dropping everything but letters and digits and folding case,
so "U.S." and "US", "People's Republic" and "Peoples Republic" meet.  Acronyms and other
short all-capital names (US, WHO, PAN) also keep a case-sensitive key and only match in capitals.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from newsevents.data import data_rows  # also imported from here by exports, analytics and bench

_NORM = re.compile(r"[^0-9a-z]+")


_FOLD = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ð": "d", "þ": "th"})


# Common spellings of the same Arabic given names: "Mohammed Hussein" and "Mohamed Husain" meet.
_NAME_VARIANTS = re.compile(r"\b(?:(m[ou]ham+[ae]d)|(ahmad)|(h[uo]s+[ae]y?i?n)|(abd[eu]l)|(om[ae]r))\b")
_NAME_SPELLINGS = ("mohamed", "ahmed", "hussein", "abdul", "omar")


def norm(text: str) -> str:
    """Letters and digits only, case and diacritics folded, spellings of common Arabic given names made one:
    "Yıldırım" and "Yildirim", "Mohammed" and "Muhammad" meet."""
    low = text.lower().translate(_FOLD)
    if not low.isascii():
        low = unicodedata.normalize("NFKD", low)
    low = _NAME_VARIANTS.sub(lambda m: _NAME_SPELLINGS[m.lastindex - 1], low)
    return _NORM.sub("", low)


@dataclass(frozen=True)
class Entry:
    kind: str  # country | demonym | capital | seat | org | agent | person
    country: str | None
    sector: str | None
    entity: str | None
    start: str | None = None  # person: office start date
    end: str | None = None  # person: office end date
    office: str | None = None
    code: str | None = None  # imported entries: the dictionary's code ("ARN", "ELR/GAL"), kept for reference


GEO_KINDS = ("country", "demonym", "capital", "seat")
MIL_OFFICES = ("defence staff", "defense staff", "general", "army chief", "commander", "defence forces",
               "defense forces")


def _split(s: str | None) -> list[str]:
    return [x.strip() for x in (s or "").split(",") if x.strip()]


class KB:
    """Phrase -> entries.  `add` lets importers extend or override the built-in data."""

    def __init__(self) -> None:
        self.folded: dict[str, list[Entry]] = {}
        self.exact: dict[str, list[Entry]] = {}
        self.max_tokens = 1
        self.countries: dict[str, str] = {}  # iso3 -> name
        self.user: KB | None = None  # imported entries (see user_kb.py)
        self.user_first = False

    def add_user(self, phrase: str, entry: Entry, override: bool) -> None:
        """An imported entry: consulted only for phrases the built-in data lacks (or first, with override)."""
        if self.user is None:
            self.user = KB()
        self.user_first = override
        self.user.add(phrase, entry)
        self.max_tokens = max(self.max_tokens, self.user.max_tokens)

    def add(self, phrase: str, entry: Entry, front: bool = False) -> None:
        key = norm(phrase)
        if not key:
            return
        strict = phrase.replace(".", "").isupper() and len(key) <= 5 or (len(key) <= 2)
        table = self.exact if strict else self.folded
        k = phrase.replace(".", "").replace(" ", "") if strict else key
        keys = [k]
        if strict and len(k) >= 4 and k.isalpha() and k.isupper():
            keys.append(k.capitalize())  # "Nato", "Isis": acronyms as some outlets write them
        for k in keys:
            bucket = table.setdefault(k, [])
            if entry not in bucket:
                bucket.insert(0, entry) if front else bucket.append(entry)
        self.max_tokens = max(self.max_tokens, len(phrase.split()) + phrase.count("'") + phrase.count("-"))

    def lookup(self, phrase: str) -> list[Entry]:
        exact = self.exact.get(phrase.replace(".", "").replace(" ", ""), [])
        own = exact + self.folded.get(norm(phrase), [])
        if self.user is None:
            return own
        if self.user_first:  # override: imported entries first, except over built-in country names
            if any(e.kind in GEO_KINDS for e in own):
                return own  # "New Zealand", "Russian", "Kremlin" keep their built-in meaning
            return self.user.lookup(phrase) or own
        return own or self.user.lookup(phrase)


SPY_OFFICES = ("cia director", "intelligence")
COMMON_SURNAMES = {"kim", "lee", "park", "li", "wang", "zhang", "liu", "chen", "singh", "khan", "sharif", "ahmed",
                   "johnson", "brown", "smith", "jones", "martin", "lopez", "garcia", "fernandez", "rice", "bush",
                   "clinton", "castro", "deby", "morrison", "may", "abe", "martinez", "ali", "hussein", "hassan"}


CIVIL_GENERALS = ("secretary-general", "secretary general", "general secretary", "attorney general",
                  "attorney-general", "governor-general", "governor general", "solicitor general", "surgeon general",
                  "director-general", "director general", "inspector general", "prosecutor general",
                  "procurator general", "auditor general", "consul general", "consul-general")


def _office_sector(office: str) -> str:
    if any(w in office for w in SPY_OFFICES):
        return "SPY"
    if "opposition" in office:
        return "OPP"  # "opposition leader": not the government
    for civil in CIVIL_GENERALS:  # "UN secretary-general", "attorney general": civilian offices
        office = office.replace(civil, "")
    return "MIL" if any(w in office for w in MIL_OFFICES) else "GOV"


def _surnames(rows: list[dict]) -> dict[str, str]:
    """Surname -> full name, for surnames that only one person in the table carries."""
    owners: dict[str, set[str]] = {}
    for r in rows:
        words = r["name"].replace(".", "").split()
        if len(words) >= 2 and words[-1][:1].isupper():
            owners.setdefault(words[-1], set()).add(r["name"])
    return {s: next(iter(n)) for s, n in owners.items() if len(n) == 1 and len(s) >= 4
            and s.lower() not in COMMON_SURNAMES}


def build_kb() -> KB:
    kb = KB()
    for r in data_rows("countries.tsv"):
        iso = r["iso3"]
        kb.countries[iso] = r["name"]
        for name in [r["name"], *_split(r["aliases"])]:
            kb.add(name, Entry("country", iso, None, r["name"]))
        for d in _split(r["demonyms"]):
            kb.add(d, Entry("demonym", iso, None, r["name"]))
        if r["capital"]:
            kb.add(r["capital"], Entry("capital", iso, "GOV", r["name"]))
        for s in _split(r["seats"]):
            kb.add(s, Entry("seat", iso, "GOV", r["name"]))
    for r in data_rows("orgs.tsv"):
        kb.add(r["name"], Entry("org", r["country"] or None, r["sector"] or None, r["entity"],
                                r.get("start") or None, r.get("end") or None))
    for r in data_rows("agents.tsv"):
        kb.add(r["phrase"], Entry("agent", None, r["sector"], None))
    leaders = data_rows("leaders.tsv")
    surnames = _surnames(leaders)
    for r in leaders:
        e = Entry("person", r["country"], _office_sector(r["office"]), r["name"], r["start"] or None,
                  r["end"] or None, r["office"])
        last = r["name"].replace(".", "").split()[-1]
        for name in [r["name"], *_split(r["aliases"]), *([last] if surnames.get(last) == r["name"] else [])]:
            kb.add(name, e)
    return kb


@lru_cache(maxsize=1)
def load_kb() -> KB:
    """The built-in knowledge base plus the user's imported dictionaries, if any."""
    kb = build_kb()
    try:
        from newsevents.actors.user_kb import extend_with_user_kb
    except ImportError:  # pragma: no cover - importer not present
        return kb
    extend_with_user_kb(kb)
    return kb
