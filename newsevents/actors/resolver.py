"""Resolve an actor mention (a run of spaCy tokens) to country, sector, code and entity.

The evidence functions in evidence.py, strongest first: a pronoun's referent, a named person or
organisation at the head of the mention, a surname or title named before, country names, demonyms and
capitals in the phrase, a title, a town, an agent word; the rest of the phrase (appositions such as "head
of the ... CPC Central Committee") is weaker evidence.  Within one article an ArticleMemory carries people
and countries forward: a later "Putin", "the president", "he", or "the two countries" resolves to what was
named before.  Each Actor keeps a `why` (the sentence) and a `via` (which evidence resolved it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from newsevents.actors.evidence import Context, Resolution, resolve
from newsevents.actors.kb import KB, load_kb
from newsevents.actors.matching import word_classes

GROUP_NOUNS = {"countries", "sides", "nations", "states", "governments", "parties", "leaders", "presidents",
               "heads", "neighbours", "neighbors", "allies", "delegations", "peoples"}
PERSON_GROUP = {"leaders", "presidents", "heads"}
NAME_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")
NOBODY = {"nobody", "none", "no-one", "noone"}  # and any head with the determiner "no"
NAMED_BEFORE = ("memory", "group")  # vias of an actor resolved to someone the article named before


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
    via: str = ""  # the evidence that resolved it (see evidence.py): kb, memory, pronoun, agent, ... ("" none)
    head: str = ""  # the lemma of the head word, lower case, when the head is a common noun ("proposal")

    @property
    def named_before(self) -> bool:
        """Resolved to someone the article named before: a surname ("Putin" after "Vladimir Putin") or a
        group ("the two countries", via "group")."""
        return self.via in NAMED_BEFORE

    def as_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "code": self.code,
                "country": self.country, "sector": self.sector, "entity": self.entity,
                "confidence": round(self.confidence, 3), "why": self.why}


def _common_head(head) -> str:
    """The lemma of a common-noun head outside any name, unless an "of" phrase names the doer of the act the
    head names ("at the request of Iraq's government": targets.yaml DOER_OF); else ""."""
    lemma = head.lemma_.lower()
    if head.pos_ != "NOUN" or head.ent_type_ or lemma in word_classes()["DOER_OF"] and any(
            c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
        return ""
    return lemma


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
    places: list[tuple[int, str]] = field(default_factory=list)  # (offset, country) of places named as where
    persons: list[tuple[int, Actor, bool]] = field(default_factory=list)  # (offset, actor, was subject)
    last_actor: Actor | None = None  # the named organisation or country that last acted ("its fighters")
    last_group: Actor | None = None  # the named organisation that last acted ("the group's fighters")

    def note_country(self, iso: str | None, at: int) -> None:
        if iso and len(iso) == 3 and iso not in ("IGO", "UNO"):
            self.countries.append((at, iso))

    def note_place(self, iso: str | None, at: int) -> None:
        if iso and len(iso) == 3:
            self.places.append((at, iso))

    def note_person(self, actor: Actor, names: list[str], at: int, subject: bool) -> None:
        for n in names:
            self.people.setdefault(n.lower(), actor)
        self.persons.append((at, actor, subject))

    def last_person(self, before: int, subject: bool = False, not_within: tuple[int, int] | None = None
                    ) -> Actor | None:
        """The person named last before `before` (of the last four, the last subject when `subject`), not one
        named inside the span `not_within`."""
        seen = [(at, a, subj) for at, a, subj in self.persons if at < before and not (
            not_within and not_within[0] <= at < not_within[1])]
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


@lru_cache(maxsize=1)
def physical_targets() -> frozenset[str]:
    """Things that stand for their owners or users: physical targets and weapons (targets.yaml)."""
    return word_classes()["PHYSICAL"] | word_classes()["WEAPON"]


def resolve_tokens(tokens, head=None, memory: ArticleMemory | None = None, date: str | None = None,
                   core_end: int | None = None, kb: KB | None = None) -> Actor:
    """Resolve tokens (a list of spaCy tokens in order) of one mention: read the mention into a context,
    merge the evidence functions' findings (evidence.py), and make the Actor.

    head: the syntactic head token; core_end: index in `tokens` after which the words are
    an apposition or prepositional tail (weaker evidence)."""
    if head is not None and (head.lower_ in NOBODY or any(c.dep_ == "det" and c.lower_ == "no" for c in head.children)):
        first, last = tokens[0], tokens[-1]  # "no country", "nobody": no one
        return Actor(text=first.doc[first.i : last.i + 1].text, start=first.idx, end=last.idx + len(last.text),
                     why="names no one")
    ctx = Context.build(tokens, head, memory, date, core_end, kb or load_kb())
    return _actor(ctx, resolve(ctx))


def _actor(ctx: Context, got: Resolution) -> Actor:
    """The Actor for a merged resolution; a final (pronoun) resolution is taken as it stands."""
    first, last = ctx.tokens[0], ctx.tokens[-1]
    code = make_code(got.country, got.sector)
    head = ctx.head
    named = not got.final and (head.pos_ == "PROPN" or head.ent_type_ in NAME_LABELS or
                               head.lemma_.lower() in physical_targets())
    return Actor(text=ctx.text, start=first.idx, end=last.idx + len(last.text), code=code, country=got.country,
                 sector=got.sector, entity=got.entity, confidence=got.confidence if code or got.final else 0.0,
                 why="; ".join(got.whys), is_person=got.is_person, named=named, via=got.via,
                 head=_common_head(head))


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
            actor.via = actor.via or "context"
    return actor
