"""Resolve an actor mention (a run of spaCy tokens) to country, sector, code and entity.

Order of evidence: a named person or organisation at the head of the mention, then
country names, demonyms and capitals next to the head, then the rest of the phrase
(appositions such as "head of the ... CPC Central Committee").  Within one article an
ArticleMemory carries people and countries forward: a later "Putin", "the president",
"he", or "the two countries" resolves to what was named before.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

import yaml

from newsevents.actors.kb import KB, Entry, load_kb
from newsevents.nlp.spans import entity_at

PRONOUNS_PERSON = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
GROUP_NOUNS = {"countries", "sides", "nations", "states", "governments", "parties", "leaders", "presidents",
               "heads", "neighbours", "neighbors", "allies", "delegations", "peoples"}
PERSON_GROUP = {"leaders", "presidents", "heads"}
TITLE_WORDS = {"president", "premier", "minister", "chancellor", "king", "queen", "leader", "secretary",
               "governor", "mayor", "ambassador", "envoy", "spokesman", "spokeswoman", "chairman", "head"}
FORMER = {"former", "ex", "retired", "late", "then"}
OFFICE_SECTORS = {"GOV", "LEG", "MIL", "JUD", "SPY", "COP"}
MEMBER_WORDS = {"gunman", "gunmen", "fighter", "fighters", "militant", "militants", "member", "members", "force",
                "forces", "troops", "supporters", "leader", "leaders", "commander", "commanders", "official",
                "officials", "spokesman", "spokeswoman", "spokesperson"}


@dataclass
class Actor:
    text: str
    start: int
    end: int
    code: str | None = None
    country: str | None = None
    sector: str | None = None
    entity: str | None = None
    confidence: float = 0.0
    why: str = ""
    is_person: bool = False
    named: bool = False  # the head is a name (person, organisation, place), known or not, or a physical target
    role_hint: str = ""  # "place" when the phrase is the object of a locative preposition

    def as_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "code": self.code,
                "country": self.country, "sector": self.sector, "entity": self.entity,
                "confidence": round(self.confidence, 3), "why": self.why}


def make_code(country: str | None, sector: str | None) -> str | None:
    if country and sector:
        return country + sector
    return country or sector


@dataclass
class ArticleMemory:
    """What an article has named so far, by character offset: people, countries, subjects.

    Lookups take `before` (an offset) so that a pronoun sees only what stands before it."""

    date: str | None = None
    base: int = 0  # article offset of the segment being coded (token.idx is segment-relative)
    people: dict[str, Actor] = field(default_factory=dict)
    countries: list[tuple[int, str]] = field(default_factory=list)
    persons: list[tuple[int, Actor, bool]] = field(default_factory=list)  # (offset, actor, was subject)

    def note_country(self, iso: str | None, at: int) -> None:
        if iso and len(iso) == 3 and iso not in ("IGO", "UNO"):
            self.countries.append((at, iso))

    def note_person(self, actor: Actor, names: list[str], at: int, subject: bool) -> None:
        for n in names:
            self.people.setdefault(n.lower(), actor)
        self.persons.append((at, actor, subject))

    def last_person(self, before: int, subject: bool = False) -> Actor | None:
        seen = [(at, a, subj) for at, a, subj in self.persons if at < before]
        if subject:
            subj = [a for at, a, s in seen[-4:] if s]
            if subj:
                return subj[-1]
        return seen[-1][1] if seen else None

    def last_two_countries(self, before: int) -> list[str]:
        out: list[str] = []
        for at, iso in reversed(self.countries):
            if at < before and iso not in out:
                out.append(iso)
            if len(out) == 2:
                return out[::-1]
        return []

    def last_two_people(self, before: int) -> list[Actor]:
        out: list[Actor] = []
        for at, a, _ in reversed(self.persons):
            if at < before and all(a.entity != b.entity for b in out):
                out.append(a)
            if len(out) == 2:
                return out[::-1]
        return []


def _entry_sector(e: Entry, date: str | None, former: bool) -> str | None:
    if e.kind != "person":
        return e.sector
    if former:
        return "ELI"
    if date and e.end and date >= e.end:
        return "ELI"
    return e.sector  # undated mention: the office the knowledge base knows the person for


def _pick_person(entries: list[Entry], date: str | None) -> Entry | None:
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


@lru_cache(maxsize=1)
def physical_targets() -> frozenset[str]:
    """Things that stand for their owners or users: physical targets and weapons (targets.yaml)."""
    text = resources.files("newsevents.actors").joinpath("targets.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return frozenset(data["PHYSICAL"]) | frozenset(data["WEAPON"])


def _pick_org(entries: list[Entry], date: str | None) -> Entry | None:
    """The organisation entry in force on `date` ("Taliban": rebels until 2021-08-15, the government after)."""
    orgs = [e for e in entries if e.kind == "org"]
    if date is None:
        return orgs[0] if orgs else None  # undated: the first (longest-standing) entry in orgs.tsv
    current = [e for e in orgs if (e.start or "") <= date and (not e.end or date < e.end)]
    return (current or orgs or [None])[0]


def _other_first_name(tokens, i: int, j: int, entries: list[Entry]) -> bool:
    """"Diane Abbott" is not the Abbott the knowledge base knows by surname alone."""
    return j - i == 1 and i > 0 and tokens[i - 1].pos_ == "PROPN" and tokens[i - 1].ent_type_ == "PERSON" and \
        tokens[i].ent_type_ == "PERSON" and all(e.kind == "person" for e in entries)


def _matches(kb: KB, tokens) -> list[tuple[int, int, list[Entry]]]:
    """Longest KB phrases among the tokens, left to right: (first, last+1, entries)."""
    out = []
    n = len(tokens)
    i = 0
    while i < n:
        if tokens[i].ent_type_ == "EVENT" or tokens[i].is_punct:
            i += 1
            continue
        hit = None
        for j in range(min(n, i + kb.max_tokens + 2), i, -1):
            doc = tokens[i].doc
            if tokens[j - 1].i - tokens[i].i != j - 1 - i:
                continue
            phrase = doc[tokens[i].i : tokens[j - 1].i + 1].text
            entries = kb.lookup(phrase)
            if j == i + 1 and tokens[i].is_lower and tokens[i].pos_ == "NOUN":
                entries = [e for e in entries if e.kind != "org"]  # "a dialogue congress" is not Congress
            if not entries and j == i + 1 and tokens[i].lemma_ != tokens[i].text:
                entries = [e for e in kb.lookup(tokens[i].lemma_) if e.kind == "agent"]
            if entries:
                hit = (i, j, entries)
                break
        if hit:
            out.append(hit)
            i = hit[1]
        else:
            i += 1
    return out


def resolve_tokens(tokens, head=None, memory: ArticleMemory | None = None, date: str | None = None,
                   core_end: int | None = None, kb: KB | None = None) -> Actor:
    """Resolve tokens (a list of spaCy tokens in order) of one mention.

    head: the syntactic head token; core_end: index in `tokens` after which the words are
    an apposition or prepositional tail (weaker evidence)."""
    kb = kb or load_kb()
    date = date or (memory.date if memory else None)
    first, last = tokens[0], tokens[-1]
    doc = first.doc
    text = doc[first.i : last.i + 1].text
    actor = Actor(text=text, start=first.idx, end=last.idx + len(last.text))
    head = head if head is not None else last
    core_end = len(tokens) if core_end is None else core_end
    lower = [t.lower_ for t in tokens]
    former = any(w in FORMER for w in lower[:core_end])

    # pronouns and references to what the article named before
    ref = None
    if memory is not None and head.lower_ in PRONOUNS_PERSON:
        ref = memory.last_person(memory.base + head.idx, subject=head.dep_ in ("nsubj", "nsubjpass", "poss"))
    if ref is None and memory is not None and head.lower_ in ("country", "nation", "government", "people") and any(
            c.dep_ == "poss" and c.lower_ in PRONOUNS_PERSON for c in head.children):
        ref = memory.last_person(memory.base + head.idx, subject=True)  # "his country"
    if ref is None and head.lower_ in PRONOUNS_PERSON | {"they", "them", "it"} and len(tokens) == 1:
        return replace(actor, confidence=0.0, why="a pronoun with no referent")
    if ref is not None:
        return replace(actor, code=ref.code, country=ref.country, sector=ref.sector, entity=ref.entity,
                       confidence=0.6, why=f"pronoun -> {ref.entity or ref.text}", is_person=True)
    matches = _matches(kb, tokens)
    head_pos = next((k for k, t in enumerate(tokens) if t.i == head.i), len(tokens) - 1)

    country = sector = entity = None
    why = []
    conf = 0.0
    person = False
    # 1. a person or organisation covering the head; a bare surname named before in the article is that person
    named_before = memory is not None and head.pos_ == "PROPN" and head.lower_ in memory.people and sum(
        t.pos_ == "PROPN" for t in tokens[:core_end]) == 1
    matches = [m for m in matches if not _other_first_name(tokens, *m)]
    for i, j, entries in [] if named_before else matches:
        if i <= head_pos < j:
            named = head.pos_ == "PROPN" or head.ent_type_ == "PERSON" or head.text[:1].isupper()
            p = _pick_person(entries, date) if named else None
            if p:
                country, sector, entity, person = p.country, _entry_sector(p, date, former), p.entity, True
                conf = 0.9
                why.append(f"{p.entity}: {p.office} of {p.country} {p.start}..{p.end or ''}")
                break
            org = _pick_org(entries, date)
            if org:
                country, sector, entity, conf = org.country, org.sector, org.entity, 0.9
                why.append(f"organisation {org.entity}")
                named = [e.country for a, b, es in matches if (a, b) != (i, j) and a < core_end for e in es
                         if e.kind in ("country", "demonym") and e.country]
                if org.sector == "PTY" and named and named[0] != country:
                    country = named[0]  # "Israel's Labour party": a party name many countries share
                    why.append(f"named with {country}")
                break
    # 2. surname or title known from earlier in the article
    if country is None and memory is not None:
        key = head.lower_
        if head.pos_ == "PROPN" and key in memory.people:
            ref = memory.people[key]
            country, sector, entity, conf, person = ref.country, ref.sector, ref.entity, 0.8, True
            why.append(f"named before as {ref.entity or ref.text}")
        elif head.lower_ in TITLE_WORDS and lower[0] in ("the", "this") and len(tokens) <= 3 and not any(
                e.kind in ("country", "demonym") for _, _, entries in matches for e in entries):
            ref = memory.last_person(memory.base + head.idx)
            if ref:
                country, sector, entity, conf, person = ref.country, ref.sector, ref.entity, 0.6, True
                why.append(f"'{text}' -> {ref.entity or ref.text}")
    # 3. countries, demonyms, capitals, other organisations and agent words
    agents_core, agents_tail = [], []
    org_sector = None
    for i, j, entries in matches:
        in_core = i < core_end
        for e in entries:
            if e.kind in ("country", "demonym", "capital", "seat", "org") and country is None:
                if e.kind == "org" and not e.country:
                    continue
                country = e.country
                entity = entity or (e.entity if e.kind in ("org",) else None)
                conf = max(conf, 0.85 if in_core else 0.6)
                why.append(f"{e.kind} '{doc[tokens[i].i : tokens[j - 1].i + 1].text}' -> {e.country}")
                if e.kind in ("capital", "seat") and len(matches) == 1 and j - i >= len(
                        [t for t in tokens if not t.is_punct and t.lower_ not in ("the",)]):
                    sector = sector or e.sector
                    why.append("capital used for its government")
                if e.kind == "org" and e.sector and sector is None and (i <= head_pos < j or not in_core):
                    sector = e.sector
                elif e.kind == "org" and e.sector:
                    org_sector = e.sector
                break
            if e.kind == "agent":
                (agents_core if in_core else agents_tail).append((i, j, e))
                break
            if e.kind == "person" and country is None and tokens[i].pos_ == "PROPN" and not named_before:
                p = _pick_person(entries, date)
                country, sector, entity, conf = p.country, _entry_sector(p, date, former), p.entity, 0.7
                why.append(f"names {p.entity}")
                break
    titles = [a for a in agents_core if a[2].sector in OFFICE_SECTORS and a[1] <= head_pos]
    if person and titles and not former and sector not in ("ELI",) and titles[-1][2].sector != sector:
        sector = titles[-1][2].sector  # "US Senator Marco Rubio": the title written in the text wins
        why.append(f"title '{doc[tokens[titles[-1][0]].i : tokens[titles[-1][1] - 1].i + 1].text}' -> {sector}")
    if sector is None and org_sector and head.lower_ in MEMBER_WORDS:
        sector = org_sector  # "Boko Haram gunmen": members of an organisation take its sector
        why.append(f"member of an organisation -> {sector}")
    if country is None:
        place = _place_country(tokens[:core_end])
        if place is not None:
            country, conf = place[0], max(conf, 0.6)
            why.append(f"place '{place[1]}' -> {country} (gazetteer)")
            if sector is None and place[2]:
                sector = "CVL"  # a town acting as itself: its people
    if sector is None:
        head_agents = [a for a in agents_core if a[0] <= head_pos < a[1]]
        pick = (head_agents or agents_core[-1:] or agents_tail[:1])
        if pick:
            sector = pick[0][2].sector
            conf = max(conf, 0.5)
            why.append(f"agent '{doc[tokens[pick[0][0]].i : tokens[pick[0][1] - 1].i + 1].text}' -> {sector}")
    if former and sector in OFFICE_SECTORS:
        sector = "ELI"  # "former President", "a former CIA official"
    if head.ent_type_ == "PERSON":
        person = True
        if not entity or not why or not why[0].startswith(entity):
            ent = entity_at(head)
            entity = ent.text if ent is not None else head.text
    actor.country, actor.sector, actor.entity = country, sector, entity
    actor.code = make_code(country, sector)
    actor.confidence = conf if actor.code else 0.0
    actor.why = "; ".join(why)
    actor.is_person = person
    actor.named = head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC") or \
        head.lemma_.lower() in physical_targets()
    return actor


def _place_country(tokens) -> tuple[str, str, bool] | None:
    """(country, name, whole mention) for a city or town named in the tokens (GeoNames)."""
    from newsevents.when_where.places import gazetteer

    runs, cur = [], []
    for t in tokens:
        if (t.pos_ == "PROPN" or t.text[:1].isupper()) and t.ent_type_ not in ("PERSON", "NORP") and t.is_alpha:
            cur.append(t)
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    content = [t for t in tokens if not t.is_punct and t.pos_ not in ("DET",)]
    gz = gazetteer()
    for run in runs:
        for n in range(min(len(run), 4), 0, -1):  # longest place name inside the run first
            for k in range(len(run) - n + 1):
                part = run[k : k + n]
                name = part[0].doc[part[0].i : part[-1].i + 1].text
                town = gz.city(name, all(t.ent_type_ in ("GPE", "LOC", "FAC") for t in part))
                if town is not None and town.country:
                    return town.country, name, len(part) == len(content)
    return None


def core_split(tokens, head) -> int:
    """Index in tokens where the apposition or prepositional tail after the head begins."""
    for k, t in enumerate(tokens):
        if t.i > head.i and (t.text in (",", "(") or t.dep_ in ("appos", "prep", "relcl", "acl")):
            return k
    return len(tokens)


def resolve_group(tokens, head, memory: ArticleMemory | None) -> list[tuple[str, str | None, str | None]]:
    """"the two countries", "both sides", "the two heads of state" -> the last two countries
    (or people) named before; a list of (country, sector, entity), else []."""
    if memory is None or head.lower_ not in GROUP_NOUNS:
        return []
    lower = {t.lower_ for t in tokens}
    if not lower & {"two", "both"}:
        return []
    if head.lower_ in PERSON_GROUP:
        people = memory.last_two_people(memory.base + head.idx)
        if len(people) == 2:
            return [(p.country, p.sector, p.entity) for p in people]
    return [(c, None, None) for c in memory.last_two_countries(memory.base + head.idx)]


def resolve_text(text: str, nlp, date: str | None = None, context: str | None = None, kb: KB | None = None) -> Actor:
    """Resolve a free-standing mention (the `resolve` command); context may name a country."""
    doc = nlp(text)
    toks = [t for t in doc if not t.is_space]
    if not toks:
        return Actor(text=text, start=0, end=0)
    roots = [t for t in toks if t.head.i == t.i or t.head.is_space]
    head = roots[0] if roots else toks[-1]
    actor = resolve_tokens(toks, head=head, date=date, core_end=core_split(toks, head), kb=kb)
    if actor.country is None and context:
        c = resolve_tokens([t for t in nlp(context) if not t.is_space], date=date)
        if c.country:
            actor.country = c.country
            actor.code = make_code(actor.country, actor.sector)
            actor.why += f"; country from context '{context}'"
    return actor
