"""What a mention's words match: knowledge-base phrases (longest first), the entry in force on a date,
and towns in the gazetteer.  Pure lookups; the evidence functions (evidence.py) decide what they mean."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import yaml

from newsevents.actors.kb import KB, Entry
from newsevents.when_where.places import PLACE_NOUNS, gazetteer


@lru_cache(maxsize=1)
def word_classes() -> dict[str, frozenset[str]]:
    """The word classes of targets.yaml (PHYSICAL, WEAPON, ACTIVITY, THING, STANDS_FOR_DOER)."""
    text = resources.files("newsevents.actors").joinpath("targets.yaml").read_text(encoding="utf-8")
    return {k: frozenset(v) for k, v in yaml.safe_load(text).items()}


def activities() -> frozenset[str]:
    """Heads that name an activity, not an actor, whatever actor word modifies them (targets.yaml ACTIVITY)."""
    return word_classes()["ACTIVITY"]


class Match(NamedTuple):
    """Knowledge-base entries for the tokens i..j-1 of a mention."""

    i: int
    j: int
    entries: list[Entry]


def entry_sector(e: Entry, date: str | None, former: bool) -> str | None:
    """The sector of an entry; a person out of office (or called "former") is an elite (ELI)."""
    if e.kind != "person":
        return e.sector
    if former:
        return "ELI"
    if date and e.end and date >= e.end:
        return "ELI"
    return e.sector  # undated mention: the office the knowledge base knows the person for


def pick_person(entries: list[Entry], date: str | None) -> Entry | None:
    """The person entry in force on `date` (today when None); dated terms before undated defaults."""
    people = [e for e in entries if e.kind == "person"]
    if not people:
        return None
    d = date or "9999"
    dated = [e for e in people if e.start or e.end]
    current = [e for e in dated if (e.start or "") <= d and (not e.end or d < e.end)]
    if current:
        return current[0]
    undated = [e for e in people if not (e.start or e.end)]
    if undated:
        return undated[0]
    past = sorted((e for e in dated if e.end and e.end <= d), key=lambda e: e.end)
    return past[-1] if past else people[0]


def pick_org(entries: list[Entry], date: str | None) -> Entry | None:
    """The organisation entry in force on `date` ("Taliban": rebels until 2021-08-15, the government after)."""
    orgs = [e for e in entries if e.kind == "org"]
    if date is None:
        return orgs[0] if orgs else None  # undated: the first (longest-standing) entry in orgs.tsv
    current = [e for e in orgs if (e.start or "") <= date and (not e.end or date < e.end)]
    return (current or orgs or [None])[0]


def other_first_name(tokens, m: Match) -> bool:
    """"Diane Abbott" is not the Abbott the knowledge base knows by surname alone, nor is "Sharon Robinson" the
    Sharon it knows (a surname used as a first name), nor a name apposed to a family word (targets.yaml KIN)."""
    i = m.i
    if m.j - i != 1 or tokens[i].ent_type_ != "PERSON" or not all(e.kind == "person" for e in m.entries):
        return False
    before = i > 0 and tokens[i - 1].pos_ == "PROPN" and tokens[i - 1].ent_type_ == "PERSON"
    after = m.j < len(tokens) and tokens[m.j].pos_ == "PROPN" and tokens[m.j].ent_iob_ == "I"
    t, kin = tokens[i], word_classes()["KIN"]
    family = t.dep_ == "appos" and t.head.lemma_.lower() in kin or any(
        c.dep_ == "appos" and c.lemma_.lower() in kin for c in t.children)  # "his mother, Sharon"
    return before or after or family


def _lookup_at(kb: KB, tokens, i: int) -> Match | None:
    """The longest knowledge-base phrase that starts at tokens[i]."""
    n = len(tokens)
    doc = tokens[i].doc
    for j in range(min(n, i + kb.max_tokens + 2), i, -1):
        if tokens[j - 1].i - tokens[i].i != j - 1 - i:
            continue
        entries = kb.lookup(doc[tokens[i].i : tokens[j - 1].i + 1].text)
        last = tokens[j - 1]
        if not entries and j > i + 1 and last.tag_ == "NNS" and last.lemma_ != last.lower_:  # "aid agencies"
            entries = [e for e in kb.lookup(f"{doc[tokens[i].i : last.i].text} {last.lemma_}") if e.kind == "agent"]
        if j == i + 1 and tokens[i].is_lower and tokens[i].pos_ == "NOUN":
            entries = [e for e in entries if e.kind != "org"]  # "a dialogue congress" is not Congress
        if not entries and j == i + 1 and tokens[i].lemma_ != tokens[i].text:
            entries = [e for e in kb.lookup(tokens[i].lemma_) if e.kind == "agent"]
        if entries:
            return Match(i, j, entries)
    return None


def find_matches(kb: KB, tokens) -> list[Match]:
    """Longest KB phrases among the tokens, left to right, without overlaps."""
    out: list[Match] = []
    i = 0
    while i < len(tokens):
        hit = None
        if tokens[i].ent_type_ != "EVENT" and not tokens[i].is_punct and not _negated_name(tokens[i]):
            hit = _lookup_at(kb, tokens, i)
            if hit and (_backer(tokens[hit.j - 1]) or _in_compound_modifier(tokens, hit)):
                hit = None
        if hit:
            out.append(hit)
            i = hit.j
        else:
            i += 1
    return out


def _in_compound_modifier(tokens, hit) -> bool:
    """A common word inside a hyphenated modifier of words ("state-of-the-art ventilators", "top-of-the-range
    equipment"): not an actor. Names keep theirs ("Turkish-backed", "pro-Russian", "US-led")."""
    first, last = tokens[hit.i], tokens[hit.j - 1]
    doc = first.doc
    if first.text[:1].isupper():
        return False
    k = _hyphen_after(last)
    after = k + 1 < len(doc) and doc[k].text == "-" and doc[k + 1].is_lower and doc[k + 1].pos_ in ("ADP", "DET")
    before = first.i >= 2 and doc[first.i - 1].text == "-" and doc[first.i - 2].is_lower and \
        doc[first.i - 2].pos_ in ("ADP", "DET")
    return after or before


def _negated_name(tok) -> bool:
    """"non-Syrians", "non-Muslims": the name is what they are not."""
    doc = tok.doc
    return tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ == "non"


def _backer(last) -> bool:
    """"Turkish-backed rebels", "United States-backed fighters": a name ending at `last` names the backer, not who
    the phrase is (targets.yaml BACKING)."""
    doc, k = last.doc, _hyphen_after(last)
    return k + 1 < len(doc) and doc[k].text == "-" and doc[k + 1].lower_ in word_classes()["BACKING"]


def _hyphen_after(last) -> int:
    """Where a hyphen after a match would stand: the match may end on it ("Turkish-", "state-")."""
    return last.i if last.text == "-" else last.i + 1


def _name_runs(tokens) -> list[list]:
    """Runs of capitalised words that are not people or nationalities (unless a region shares the name:
    "Amhara"): candidate place names."""
    runs, cur = [], []
    regions = gazetteer().extra
    for t in tokens:
        if (t.text[:1].isupper() and t.is_alpha and (
                t.ent_type_ != "PERSON" or _town_as_person(t)) and (t.ent_type_ != "NORP" or t.lower_ in regions)):
            cur.append(t)
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return runs


def _town_as_person(t) -> bool:
    """A one-word "person" that is a large town ("bombed Douma": the small model's PERSON), not a first name or
    surname beside another name."""
    doc = t.doc
    alone = t.ent_iob_ == "B" and (t.i + 1 >= len(doc) or doc[t.i + 1].ent_iob_ != "I")
    town = gazetteer().city(t.text) if alone and t.dep_ in ("pobj", "dobj") else None
    return town is not None and town.population >= 100_000


def place_country(tokens, name_alone: bool = False) -> tuple[str, str, bool] | None:
    """(country, name, whole mention) for a city or town named in the tokens (GeoNames); name_alone: a mention
    that is nothing but proper nouns may be a town the parser did not tag as a place ("Puerto Penasco")."""
    content = [t for t in tokens if not t.is_punct and t.pos_ not in ("DET",)]
    gz = gazetteer()
    for run in _name_runs(tokens):
        for n in range(min(len(run), 4), 0, -1):  # longest place name inside the run first
            for k in range(len(run) - n + 1):
                part = run[k : k + n]
                name = part[0].doc[part[0].i : part[-1].i + 1].text
                whole = len(part) == len(content)
                alone = name_alone and whole and all(t.pos_ == "PROPN" for t in part)
                doc, first = part[0].doc, part[0].i
                called = first >= 2 and doc[first - 1].lower_ == "of" and doc[first - 2].lemma_.lower() in PLACE_NOUNS
                # ("the town of Kismayo": a place, whatever the tagger says)
                town = gz.city(name, alone or called or all(t.ent_type_ in ("GPE", "LOC", "FAC") for t in part))
                if town is not None and town.country:
                    return town.country, name, whole
    return None
