"""Evidence about who a mention names, and the one rule that merges it.

A mention is read once into an immutable `Context`.  Each evidence function looks at the context and at
what the stronger evidence before it established (`Resolution`), and returns one `Evidence` or None.
`EVIDENCE` lists them strongest first; `resolve` folds them with `merge`:

    each evidence fills the fields still empty (country, sector, entity) and can raise the confidence;
    only the fields it names in `replaces` overwrite what is known; the first evidence taken names the
    `via`; a `final` evidence ends the resolution.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from newsevents.actors.kb import KB, Entry
from newsevents.actors.matching import (
    Match,
    activities,
    entry_sector,
    find_matches,
    other_first_name,
    pick_org,
    pick_person,
    place_country,
)
from newsevents.nlp.spans import entity_at
from newsevents.when_where.places import PLACE_NOUNS

if TYPE_CHECKING:
    from newsevents.actors.resolver import ArticleMemory

PRONOUNS_PERSON = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
PRONOUNS_ANY = PRONOUNS_PERSON | {"they", "them", "it"}
OBJECT_PRONOUNS_PERSON = {"him", "her"}
OWNED_NOUNS = {"country", "nation", "government", "people"}  # "his country": the country of the person named
TITLE_WORDS = {"president", "premier", "minister", "chancellor", "king", "queen", "leader", "secretary",
               "governor", "mayor", "ambassador", "envoy", "spokesman", "spokeswoman", "chairman", "head"}
FORMER = {"former", "ex", "retired", "late", "then"}
OFFICE_SECTORS = {"GOV", "LEG", "MIL", "JUD", "SPY", "COP"}
GENERIC_TITLES = {"leader", "chief", "head"}  # "party leader Juan Guaido": leads something; the office is known
MEMBER_WORDS = {"gunman", "gunmen", "fighter", "fighters", "militant", "militants", "member", "members", "force",
                "forces", "troops", "supporters", "leader", "leaders", "commander", "commanders", "official",
                "officials", "spokesman", "spokeswoman", "spokesperson", "unit", "units", "group", "wing", "brigade",
                "brigades", "battalion", "cell", "cells", "faction", "branch", "affiliate"}
GEO_KINDS = ("country", "demonym", "capital", "seat", "org")  # entries that give a country
IDENTITY = frozenset({"country", "sector", "entity", "confidence"})


class Context(NamedTuple):
    """One mention, read once: its tokens, head, core, knowledge-base matches and the article so far."""

    tokens: tuple
    head: object  # the syntactic head (a spaCy Token)
    head_pos: int  # index of the head in tokens
    core_end: int  # tokens[core_end:] are an apposition or prepositional tail (weaker evidence)
    text: str  # the mention as written
    head_lower: str  # the head word in lower case
    surname_known: bool  # the head is a proper noun the article has named as a person (full name or surname)
    former: bool  # "former", "ex-" before the head: an office no longer held
    named_before: bool  # a lone proper noun the article has named as a person
    matches: tuple[Match, ...]
    memory: ArticleMemory | None
    date: str | None
    kb: KB | None = None

    @classmethod
    def build(cls, tokens, head, memory: ArticleMemory | None, date: str | None, core_end: int | None,
              kb: KB) -> Context:
        head = head if head is not None else tokens[-1]
        core_end = len(tokens) if core_end is None else core_end
        lower = head.lower_
        known = memory is not None and head.pos_ == "PROPN" and lower in memory.people
        named_before = known and sum(t.pos_ == "PROPN" for t in tokens[:core_end]) == 1
        first, last = tokens[0], tokens[-1]
        matches = tuple(m for m in find_matches(kb, tokens) if not other_first_name(tokens, m))
        return cls(tuple(tokens), head, next((k for k, t in enumerate(tokens) if t.i == head.i), len(tokens) - 1),
                   core_end, first.doc[first.i : last.i + 1].text, lower, known,
                   any(t.lower_ in FORMER for t in tokens[:core_end]), named_before, matches,
                   memory, date or (memory.date if memory else None), kb)

    @property
    def at(self) -> int:
        """Article offset of the head: what the article named before this point is known."""
        return self.memory.base + self.head.idx if self.memory is not None else self.head.idx

    def words(self, i: int, j: int) -> str:
        """The text of tokens[i:j]."""
        doc = self.tokens[0].doc
        return doc[self.tokens[i].i : self.tokens[j - 1].i + 1].text

    def covers_head(self, m: Match) -> bool:
        return m.i <= self.head_pos < m.j


class Evidence(NamedTuple):
    """One clue: what it says (country, sector, entity, confidence), from which tokens, and how (via, why)."""

    via: str  # pronoun | kb | memory | role | country | person | title | member | gazetteer | agent | former | ner
    why: str = ""  # the human sentence; empty for silent adjustments
    span: tuple[int, int] | None = None  # tokens[i:j] that gave it
    country: str | None = None
    sector: str | None = None
    entity: str | None = None
    confidence: float = 0.0
    is_person: bool = False
    entry: Entry | None = None  # the knowledge-base entry it read
    replaces: frozenset[str] = frozenset()  # fields it overwrites (else it only fills empty ones)
    final: bool = False  # nothing after it is consulted


class Resolution(NamedTuple):
    """The evidence merged so far."""

    country: str | None = None
    sector: str | None = None
    entity: str | None = None
    confidence: float = 0.0
    is_person: bool = False
    via: str = ""
    whys: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    final: bool = False

    def taken(self, via: str) -> Evidence | None:
        return next((e for e in self.evidence if e.via == via), None)


NOTHING = Resolution()


def merge(got: Resolution, ev: Evidence) -> Resolution:
    """The one rule (see the module docstring)."""
    rep = ev.replaces
    return Resolution(ev.country if "country" in rep or got.country is None else got.country,
                      ev.sector if "sector" in rep or got.sector is None else got.sector,
                      ev.entity if "entity" in rep or got.entity is None else got.entity,
                      ev.confidence if "confidence" in rep else max(got.confidence, ev.confidence),
                      got.is_person or ev.is_person, got.via or ev.via,
                      got.whys + (ev.why,) if ev.why else got.whys, got.evidence + (ev,), ev.final)


# --- the evidence functions, strongest first -------------------------------------------------------------

def pronoun(ctx: Context, got: Resolution) -> Evidence | None:
    """A personal pronoun, or "his country", is the person named before it. Example: "he" after "Putin said"."""
    head, memory = ctx.head, ctx.memory
    if memory is None:
        return None
    ref = None
    if ctx.head_lower in OBJECT_PRONOUNS_PERSON and head.dep_ in ("dobj", "dative", "pobj"):
        ref = memory.last_person(ctx.at, not_within=_own_subject_span(head, memory.base))
    elif ctx.head_lower in PRONOUNS_PERSON:
        ref = memory.last_person(ctx.at, subject=head.dep_ in ("nsubj", "nsubjpass", "poss"))
    if ref is None and ctx.head_lower in OWNED_NOUNS and any(
            c.dep_ == "poss" and c.lower_ in PRONOUNS_PERSON for c in head.children):
        ref = memory.last_person(ctx.at, subject=True)
    if ref is None:
        return None
    return Evidence("pronoun", f"pronoun -> {ref.entity or ref.text}", country=ref.country, sector=ref.sector,
                    entity=ref.entity, confidence=0.6, is_person=True, final=True)


def _own_subject_span(head, base: int) -> tuple[int, int] | None:
    """Article offsets of the subject of the clause an object pronoun sits in: in "the president pardoned him",
    "him" is not the president (a reflexive would be)."""
    verb = head.head.head if head.dep_ == "pobj" else head.head
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subj:
        return None
    toks = list(subj[0].subtree)
    return base + toks[0].idx, base + toks[-1].idx + len(toks[-1])


def _inside_longer_name(ctx: Context, m) -> bool:
    """A one-word organisation name that is also a common word for a kind of body ("Congress", "Senate"),
    after a name word the knowledge base does not know: "Nigeria Labour Congress" and "World Uyghur Congress" are
    not the US Congress."""
    words_in = [t for t in ctx.tokens[m.i:m.j] if not t.is_punct]
    if len(words_in) != 1 or m.i == 0 or m.i >= ctx.core_end or not any(e.kind == "agent" for e in m.entries):
        return False
    before = ctx.tokens[m.i - 1]  # the word just before it, part of the same name
    return before.pos_ == "PROPN" and before.text[:1].isupper() and not any(n.i <= m.i - 1 < n.j for n in ctx.matches)


def lone_pronoun(ctx: Context, got: Resolution) -> Evidence | None:
    """A pronoun alone, with no one named before it, names no one. Example: "they" opening an article."""
    if len(ctx.tokens) == 1 and ctx.head_lower in PRONOUNS_ANY:
        return Evidence("pronoun", "a pronoun with no referent", final=True)
    return None


def known_name(ctx: Context, got: Resolution) -> Evidence | None:
    """A person or organisation the knowledge base knows, at the head. Example: "Israel's Labour party"."""
    if ctx.named_before:
        return None  # a surname the article has named: memory decides
    head = ctx.head
    m = next((m for m in ctx.matches if ctx.covers_head(m)), None)
    if m is None:
        return None
    named = head.pos_ == "PROPN" or head.ent_type_ == "PERSON" or head.text[:1].isupper()
    p = pick_person(m.entries, ctx.date) if named else None
    if p:
        return Evidence("kb", f"{p.entity}: {p.office} of {p.country} {p.start}..{p.end or ''}", (m.i, m.j),
                        p.country, entry_sector(p, ctx.date, ctx.former), p.entity, 0.9, True, p)
    org = pick_org(m.entries, ctx.date)
    if org is None or _inside_longer_name(ctx, m):
        return None
    country, why = org.country, f"organisation {org.entity}"
    named_with = [e.country for n in ctx.matches if (n.i, n.j) != (m.i, m.j) and n.i < ctx.core_end
                  for e in n.entries if e.kind in ("country", "demonym") and e.country]
    entity = org.entity
    common = all(t.is_lower or t.is_punct for t in ctx.tokens[m.i:m.j])  # "the foreign secretary": a title
    if (org.sector in ("PTY", "LEG") or common) and named_with and named_with[0] != country:
        country, entity = named_with[0], None  # "Israel's Labour party", "the Nigerian Senate", "India's foreign
        why += f"; named with {country}"  # secretary": a name many countries share
    return Evidence("kb", why, (m.i, m.j), country, org.sector, entity, 0.9, entry=org)


def surname(ctx: Context, got: Resolution) -> Evidence | None:
    """A surname the article named before is that person. Example: "Tileuberdi" after "Mukhtar Tileuberdi"."""
    if got.country is not None or not ctx.surname_known:
        return None
    ref = ctx.memory.people[ctx.head_lower]
    return Evidence("memory", f"named before as {ref.entity or ref.text}", country=ref.country, sector=ref.sector,
                    entity=ref.entity, confidence=0.8, is_person=True, replaces=IDENTITY)


def role_reference(ctx: Context, got: Resolution) -> Evidence | None:
    """A title with "the" and no country is the person named last. Example: "the president" after "Putin"."""
    if got.country is not None or ctx.memory is None or ctx.surname_known:
        return None
    if ctx.head_lower not in TITLE_WORDS or ctx.tokens[0].lower_ not in ("the", "this") or len(ctx.tokens) > 3:
        return None
    if any(e.kind in ("country", "demonym") for m in ctx.matches for e in m.entries):
        return None
    ref = ctx.memory.last_person(ctx.at)
    if ref is None or ref.sector not in OFFICE_SECTORS | {"OPP", "PTY", "IGO"} or (
            got.sector is not None and got.sector != ref.sector):
        return None  # (not a private person named before: "Begum ... the home secretary")
    return Evidence("role", f"'{ctx.text}' -> {ref.entity or ref.text}", country=ref.country, sector=ref.sector,
                    entity=ref.entity, confidence=0.6, is_person=True, replaces=IDENTITY)


def _possessor(ctx: Context, m: Match) -> bool:
    """The match is the possessor of a common-noun head: "Assad's forces", "Assad's main backer"."""
    return (ctx.head.pos_ == "NOUN" and not ctx.covers_head(m) and m.j < len(ctx.tokens)
            and ctx.tokens[m.j].tag_ == "POS")


def _country_match(ctx: Context, start: int = 0) -> tuple[Match, Entry] | None:
    """The first phrase (from token `start`) whose first telling entry gives a country (an agent word first
    tells a sector)."""
    for m in ctx.matches:
        if m.i < start or _topic_of_tail(ctx, m):
            continue
        for e in m.entries:
            if e.kind == "org" and _inside_longer_name(ctx, m):
                break  # "the Pan Africanist Congress": not the US Congress
            if e.kind in GEO_KINDS and (e.kind != "org" or e.country):
                return m, e
            if e.kind == "agent":
                break
            if e.kind == "person" and ctx.tokens[m.i].pos_ == "PROPN" and not ctx.named_before:
                return m, e
    return None


def _topic_of_tail(ctx: Context, m: Match) -> bool:
    """A name after "on", "about", "against"... in the tail is what the phrase is about or against, not whose
    it is ("a tribunal on Chad", "sanctions against Peru"; class TOPIC_OF)."""
    return ctx.core_end <= m.i and m.i > 0 and ctx.tokens[m.i - 1].lower_ in TOPIC_OF


def _capital_alone(ctx: Context, m: Match) -> bool:
    """The capital is the whole mention ("Beijing", "the Kremlin"): it stands for the government."""
    content = [t for t in ctx.tokens if not t.is_punct and t.lower_ not in ("the",)]
    return len(ctx.matches) == 1 and m.j - m.i >= len(content)


def _longer_name(ctx: Context, m: Match) -> bool:
    """The organisation's name begins a longer spelling of one name, nothing else known in it: "Ahlu Sunnah
    Wa-Jama" (the KB knows "Ahlu Sunnah")."""
    rest = ctx.tokens[m.j : ctx.head_pos + 1]
    return (m.i == sum(t.pos_ == "DET" for t in ctx.tokens[: m.i]) and ctx.head.text[:1].isupper()
            and all(t.text[:1].isupper() or t.text == "-" for t in rest)
            and not any(o.i >= m.j and o.i <= ctx.head_pos for o in ctx.matches))


def phrase_country(ctx: Context, got: Resolution) -> Evidence | None:
    """A country, demonym, capital, organisation or known person in the phrase. Example: "Pakistani Army"."""
    if got.country is not None:
        return None
    found = _country_match(ctx)
    if found is None:
        return None
    m, e = found
    if e.kind == "person" and _possessor(ctx, m):
        later = _country_match(ctx, ctx.core_end)
        if later is None:  # "Assad's forces": his country; the head word tells the sector
            p = pick_person(m.entries, ctx.date)
            return Evidence("country", f"possessor '{ctx.words(m.i, m.j)}' -> {p.country}", (m.i, m.j), p.country,
                            confidence=0.7, entry=p)
        m, e = later  # "Assad's main backer, the Russian president, Vladimir Putin": the apposition says who
    if e.kind == "person":
        p = pick_person(m.entries, ctx.date)
        return Evidence("person", f"names {p.entity}", (m.i, m.j), p.country, entry_sector(p, ctx.date, ctx.former),
                        p.entity, 0.7, entry=p, replaces=IDENTITY)
    in_core = m.i < ctx.core_end
    if not in_core and place_country(_place_core(ctx)) is not None:
        return None  # "the town of Kismayo, the hub of the American mission": the town's country
    why, sector = f"{e.kind} '{ctx.words(m.i, m.j)}' -> {e.country}", None
    if e.kind in ("capital", "seat") and _capital_alone(ctx, m):
        sector, why = e.sector, why + "; capital used for its government"
    if e.kind == "org" and (ctx.covers_head(m) or not in_core or _longer_name(ctx, m)):
        sector = e.sector  # (an organisation elsewhere in the core lends its sector to members only)
    return Evidence("country", why, (m.i, m.j), e.country, sector, e.entity if e.kind == "org" else None,
                    0.85 if in_core else 0.6, entry=e)


def _agents(ctx: Context, got: Resolution) -> tuple[list[tuple[Match, Entry]], list[tuple[Match, Entry]]]:
    """Agent words in the core and in the tail, except in the phrase that gave the country."""
    used = [e.span for e in got.evidence if e.via in ("country", "person")]
    core, tail = [], []
    for m in ctx.matches:
        e = next((e for e in m.entries if e.kind == "agent"), None)
        if e is not None and (m.i, m.j) not in used:
            (core if m.i < ctx.core_end else tail).append((m, e))
    return core, tail


def office_title(ctx: Context, got: Resolution) -> Evidence | None:
    """A title written before a known person's name wins. Example: "US Senator Marco Rubio" (LEG, not GOV)."""
    if not got.is_person or ctx.former or got.sector == "ELI":
        return None
    titles = [(m, e) for m, e in _agents(ctx, got)[0] if e.sector in OFFICE_SECTORS and m.j <= ctx.head_pos
              and ctx.words(m.i, m.j).lower() not in GENERIC_TITLES]
    if not titles or any(e.sector == got.sector for _, e in titles):
        return None  # one of the titles is the known office ("Deputy Defence Minister Colonel-General X")
    m, e = titles[-1]
    return Evidence("title", f"title '{ctx.words(m.i, m.j)}' -> {e.sector}", (m.i, m.j), sector=e.sector, entry=e,
                    replaces=frozenset({"sector"}))


def member_of(ctx: Context, got: Resolution) -> Evidence | None:
    """Members of an organisation take its sector. Example: "Boko Haram gunmen" (REB)."""
    if got.sector is not None or ctx.head_lower not in MEMBER_WORDS:
        return None
    org = got.taken("country")
    if org is None or org.entry.kind != "org" or not org.entry.sector:
        return None
    return Evidence("member", f"member of an organisation -> {org.entry.sector}", org.span, sector=org.entry.sector)


def _place_core(ctx: Context) -> list:
    """The core, and for "the town of Kismayo, ..." the name its "of" gives."""
    core = list(ctx.tokens[: ctx.core_end])
    rest = ctx.tokens[ctx.core_end :]
    if ctx.head.lemma_.lower() in PLACE_NOUNS and rest and rest[0].lower_ == "of":
        for t in rest[1:]:
            if not t.text[:1].isupper():
                break
            core.append(t)
    return core


def town(ctx: Context, got: Resolution) -> Evidence | None:
    """A town gives its country; a town alone stands for its people. Example: "Mariupol" (UKR, CVL)."""
    if got.country is not None:
        return None
    place = place_country(_place_core(ctx), not any(e.kind == "agent" for m in ctx.matches
                                                              for e in m.entries))
    if place is None:
        return None
    country, name, whole = place
    return Evidence("gazetteer", f"place '{name}' -> {country} (gazetteer)", country=country,
                    sector="CVL" if whole else None, confidence=0.6)


def agent_word(ctx: Context, got: Resolution) -> Evidence | None:
    """A word for a kind of actor gives the sector (at the head, else core, else tail), unless it only modifies
    an activity (targets.yaml ACTIVITY). Example: "police" (COP); "police investigation" (none)."""
    if got.sector is not None:
        return None
    core, tail = _agents(ctx, got)
    on_head = [a for a in core if ctx.covers_head(a[0])]
    if not on_head and ctx.head.pos_ == "NOUN" and ctx.head.lemma_.lower() in activities():
        return None  # "military cooperation", "a government shutdown": an activity, not a kind of actor
    if _head_of(ctx) in activities():
        return None  # "the state of emergency": a condition, though its head is an actor word
    pick = on_head or core[-1:] or tail[:1]
    if not pick:
        return None
    rebels = [a for a in core if a[1].sector in IRREGULAR_SECTORS and not ctx.covers_head(a[0])]
    role = on_head or (core[-1:] if ctx.head.pos_ == "PROPN" else [])  # "opposition spokesman Luis Pardo"
    role_word = ctx.words(role[0][0].i, role[0][0].j).lower() if role else ""
    if role and rebels and (ctx.head.lemma_.lower() in FORCE_HEADS or role_word in MEMBER_WORDS
                            or role[0][1].sector == "GOV"):  # (an "opposition lawmaker" stays LEG)
        pick = rebels[-1:]  # "rebel forces", "an opposition spokesman": the rebels' forces, the opposition's voice
    m, e = pick[0]
    if e.sector in IRREGULAR_SECTORS and _for_government(ctx):
        return Evidence("agent", f"'pro-government' {ctx.words(m.i, m.j)} -> MIL", (m.i, m.j), sector="MIL",
                        confidence=0.5, entry=e)
    return Evidence("agent", f"agent '{ctx.words(m.i, m.j)}' -> {e.sector}", (m.i, m.j), sector=e.sector,
                    confidence=0.5, entry=e)


def _after_prefix(toks, k: int, prefix: str) -> str:
    """"anti-Maduro", "pro-regime" at toks[k] (one token, or three): the word after the prefix, else ""."""
    t = toks[k]
    if t.lower_.startswith(prefix + "-"):
        return t.text[len(prefix) + 1 :]
    if t.lower_ == prefix and k + 2 < len(toks) and toks[k + 1].text == "-":
        return toks[k + 2].text
    return ""


def _for_government(ctx: Context) -> bool:
    """"pro-regime fighters", "pro-government militias", "regime loyalists": armed men on a government's side."""
    toks = ctx.tokens[: ctx.core_end]
    for k, t in enumerate(toks[:-1]):
        side = _after_prefix(toks, k, "pro").lower()
        if side in GOVERNMENT_SIDE or (t.lower_ in GOVERNMENT_SIDE and toks[k + 1].lemma_.lower() == "loyalist"):
            return True
    return False


def _head_of(ctx: Context) -> str:
    """The head and its "of" complement as lemmas ("state of emergency"), or ""."""
    prep = next((c for c in ctx.head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = next((o for o in prep.children if o.dep_ == "pobj"), None) if prep is not None else None
    return f"{ctx.head.lemma_.lower()} of {obj.lemma_.lower()}" if obj is not None else ""


GOVERNMENT_SIDE = {"government", "regime", "state"}
TOPIC_OF = {"on", "about", "over", "against", "regarding", "concerning", "toward", "towards"}
IRREGULAR_SECTORS = {"REB", "OPP", "INS", "UAF", "SEP"}
FORCE_HEADS = {"force", "forces", "troop", "troops", "unit", "units", "army", "brigade", "battalion"}
OPPOSING_SECTORS = {"OPP", "REB", "INS", "UAF", "SEP", "CVL"}


def opponent_of(ctx: Context, got: Resolution) -> Evidence | None:
    """Those against a leader or a government belong to its country. Example: "the anti-Maduro opposition" (VEN)."""
    if got.country is not None or got.sector not in OPPOSING_SECTORS:
        return None
    if ctx.kb is None:
        return None
    toks = ctx.tokens[: ctx.core_end]
    for k in range(len(toks)):
        name = _after_prefix(toks, k, "anti")
        entries = [e for e in ctx.kb.lookup(name) if e.kind in ("person", "country", "capital")] if name else []
        p = pick_person(entries, ctx.date) if entries and entries[0].kind == "person" else next(iter(entries), None)
        if p is not None and p.country:
            return Evidence("country", f"against '{name}' -> {p.country}", country=p.country, confidence=0.6)
    return None


def former_office(ctx: Context, got: Resolution) -> Evidence | None:
    """An office called "former" is an elite's. Example: "a former CIA official" (ELI, not SPY)."""
    if ctx.former and got.sector in OFFICE_SECTORS:
        return Evidence("former", sector="ELI", replaces=frozenset({"sector"}))
    return None


def person_name(ctx: Context, got: Resolution) -> Evidence | None:
    """A head the parser tags as a person is a person, named as written. Example: "Diane Abbott"."""
    head = ctx.head
    if head.ent_type_ != "PERSON":
        return None
    entity = got.entity
    if not entity or not got.whys or not got.whys[0].startswith(entity):
        ent = entity_at(head)
        entity = ent.text if ent is not None else head.text
    return Evidence("ner", entity=entity, is_person=True, replaces=frozenset({"entity"}))


EVIDENCE = (pronoun, lone_pronoun, known_name, surname, role_reference, phrase_country, office_title, member_of,
            town, agent_word, opponent_of, former_office, person_name)


def resolve(ctx: Context, evidence=EVIDENCE) -> Resolution:
    """Merge the evidence functions' findings, strongest first."""
    got = NOTHING
    for find in evidence:
        ev = find(ctx, got)
        if ev is not None:
            got = merge(got, ev)
            if got.final:
                break
    return got
