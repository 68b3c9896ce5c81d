"""The actors a noun phrase names: one, or several for groups ("the leaders of India and Pakistan"),
coordinated nationalities ("Nigerian and British forces") and partitives ("a column of Israeli tanks")."""

from __future__ import annotations

import bisect
from dataclasses import replace
from itertools import pairwise

from newsevents.actors.context import NO_COUNTRY
from newsevents.actors.resolver import Actor, ArticleMemory, make_code, resolve_group, resolve_tokens
from newsevents.coder.args import NOMINAL, conjuncts, np_tokens, past_date, prep_objects, subject_of
from newsevents.coder.data import word_list, words
from newsevents.nlp.spans import sent_ents

ACTOR_ENTS = ("PERSON", "ORG", "GPE", "NORP")
# the nouns a pronoun can stand for
ARGUMENT_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "dative", "appos", "conj", "attr")


class PhraseActors:
    """Resolves noun phrases of one article's sentences to actors, with per-phrase caches."""

    def __init__(self, memory: ArticleMemory):
        self.memory = memory
        self.group_before: Actor | None = None  # the organisation named before this sentence ("the group")
        self._cache: dict[int, list[Actor]] = {}
        self._spans: dict[tuple[int, int], list] = {}
        self._np: dict[int, tuple[list, int]] = {}
        self._doc_id: int | None = None
        self._doc_chunks: list = []
        self._chunk_starts: list[int] = []

    def actors_for(self, head) -> list[Actor]:
        """Actors named by the phrase headed by `head` (a group phrase gives two)."""
        if head.i in self._cache:
            return self._cache[head.i]
        self._cache[head.i] = []  # (while it is worked out: "some of its fighters" asks who "its" is)
        name = past_date(head)
        if name is not head:
            self._cache[head.i] = self.actors_for(name)
            return self._cache[head.i]
        inner = self.partitive(head)
        if inner is not None:  # "a column of Israeli tanks", "hundreds of villagers": the members act
            self._cache[head.i] = self.actors_for(inner)
            return self._cache[head.i]
        named = self.examples(head)
        if named:  # "western states such as Norway and Chile": the states named
            self._cache[head.i] = named
            return named
        toks, core_end = self.phrase(head)
        group = resolve_group(toks, head, self.memory)
        if group:
            base = resolve_tokens(toks, head=head, memory=self.memory, core_end=core_end)
            out = []
            for country, sector, entity in group:
                sec = sector or base.sector
                out.append(Actor(text=base.text, start=base.start, end=base.end, code=make_code(country, sec),
                                 country=country, sector=sec, entity=entity, confidence=0.6,
                                 why=f"'{base.text}' -> {country} (named before)", via="group"))
        else:
            out = [self.apposed(head, self.owned(head, resolve_tokens(toks, head=head, memory=self.memory,
                                                                      core_end=core_end)))]
        self._cache[head.i] = out
        return out

    def examples(self, head) -> list[Actor]:
        """The countries a plural common noun lists with "such as" ("donors such as Norway and Chile", "backers of
        the opposition, such as Qatar"; the parser may hang "such as" on a later noun of the phrase)."""
        if head.pos_ != "NOUN" or head.tag_ != "NNS":
            return []
        for t in head.subtree:
            if t.dep_ == "prep" and t.lower_ == "as" and any(c.lower_ == "such" for c in t.children):
                listed = [c for o in t.children if o.dep_ == "pobj" for c in conjuncts(o)]
                found = [a for c in listed for a in self.actors_for(c) if a.country and not a.sector]
                if found and len(found) == len(listed):
                    return found
        return []

    def owned(self, head, actor: Actor) -> Actor:
        """"its fighters", "their troops": members of the organisation or country that last acted in the
        article (`note_actor`); "his forces": of the leader named last; "Norway told its citizens": people of
        the clause's own subject (class CITIZEN_WORDS); only when the phrase names no country of its own."""
        poss = {c.lower_ for c in head.children if c.dep_ == "poss"}
        if not actor.country and (self._the_group(head) or str(actor.sector) in words("MEMBER_SECTORS") and any(
                c.dep_ == "poss" and self._the_group(c) for c in head.children)):  # (not "the group's hostages")
            group = self.group_before  # "the group's last gunmen", "the group claimed the raid"
            if group is not None and group.entity and group.code:
                own = self._the_group(head)
                return replace(actor, country=group.country, code=group.code if own else make_code(
                    group.country, actor.sector), sector=group.sector if own else actor.sector, confidence=0.5,
                    entity=group.entity, why=f"{actor.why}; '{head.text}': {group.entity}, which acted before")
        if actor.country or not poss & (words("OWNER_PRONOUNS") | words("PERSON_OWNER_PRONOUNS")):
            return actor
        if poss & words("PERSON_OWNER_PRONOUNS"):
            leader = self.memory.last_person(self.memory.base + head.idx)
            owner, how = (leader, "named before") if str(actor.sector) in words("MEMBER_SECTORS") and leader is not \
                None and leader.country and leader.sector in words("LEADER_SECTORS") else (None, "")
        elif head.lemma_.lower() in words("CITIZEN_WORDS"):
            owner, how = self.clause_subject_country(head), "the clause's subject"
        elif str(actor.sector) in words("MEMBER_SECTORS"):  # "Ankara agreed to send its troops": the clause's
            # subject's; else the last to act
            owner, how = None, "the clause's subject"
            if head.dep_ == "dobj":
                owner = self.clause_subject_country(head)
            if owner is None:
                owner, how = self.memory.last_actor, "which acted before"
        else:
            return actor
        if owner is None:
            return actor
        return replace(actor, country=owner.country, code=make_code(owner.country, actor.sector), confidence=0.5,
                       entity=owner.entity, why=f"{actor.why}; '{head.text}' of {owner.text}, {how}")

    def apposed(self, head, actor: Actor) -> Actor:
        """"Turkey, the only country that trains them": a common noun in apposition with a named country is
        that country."""
        if actor.country or head.dep_ != "appos" or head.pos_ != "NOUN" or head.head.pos_ != "PROPN":
            return actor
        named = self.actors_for(head.head)
        if len(named) != 1 or not named[0].country or named[0].is_person:
            return actor
        n = named[0]
        return replace(actor, country=n.country, code=make_code(n.country, actor.sector), confidence=0.6,
                       why=f"{actor.why}; in apposition with '{n.text}'".lstrip("; "))

    @staticmethod
    def _the_group(tok) -> bool:
        """"the group", "the militia": an organisation named before (class GROUP_WORDS)."""
        return tok.lemma_.lower() in words("GROUP_WORDS") and any(
            c.dep_ == "det" and c.lower_ == "the" for c in tok.children) and not any(
            c.dep_ in ("amod", "compound", "prep") for c in tok.children)

    def clause_subject_country(self, head) -> Actor | None:
        """The subject of the verb over `head`, when it names one country ("Oslo urged its citizens to leave")."""
        v = head
        for _ in range(4):
            if v.head.i == v.i:
                return None
            v = v.head
            if v.pos_ in ("VERB", "AUX"):
                break
        if v.pos_ not in ("VERB", "AUX") or any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children):
            return None  # "its nationals were killed by a strike": whose is not said in the clause
        found = [a for s in subject_of(v) for c in conjuncts(s) if c.i != head.i and not any(
            g.dep_ == "poss" and g.lower_ in words("OWNER_PRONOUNS") for g in c.children) for a in self.actors_for(c)]
        countries = {a.country for a in found}
        if len(countries) != 1 or None in countries or countries & NO_COUNTRY:
            return None
        return found[0]

    def note_actor(self, actor: Actor | None) -> None:
        """Remember a named organisation or country that acted, for a later "its fighters"."""
        if actor is not None and actor.country and (actor.entity or not actor.sector) and not actor.is_person:
            self.memory.last_actor = actor
            if actor.entity and str(actor.sector) in words("ARMED_GROUP_SECTORS"):
                self.memory.last_group = actor  # (not a party or the UN: "the group" of a story is an armed one)

    def partitive(self, head):
        """The members in "a column of tanks", "hundreds of villagers", "a group of foreign diplomats"
        (class PARTITIVE), when the head itself names no actor."""
        if head.lemma_.lower() not in words("PARTITIVE") and head.lower_ not in words("PARTITIVE"):
            return None
        members = [o for o in prep_objects(head, "of") if o.pos_ in ("NOUN", "PROPN")]
        return members[0] if members else None

    def group_of(self, head) -> list[Actor]:
        """"the leaders of India and Pakistan", "foreign ministers from China and Japan": one actor per
        country, with the sector of the head noun."""
        if head.pos_ != "NOUN" or head.tag_ not in ("NNS", "NNPS"):
            return []
        objs = [o for prep in word_list("OF_PREPS") for o in prep_objects(head, prep)]
        if not objs:
            return []
        members = conjuncts(objs[0])
        if len(members) < 2:
            return []
        base = resolve_tokens([head], head=head, memory=self.memory)
        out = []
        for m in members:
            found = self.actors_for(m)
            if len(found) != 1 or not found[0].country:
                return []
            a = found[0]
            sector = base.sector or a.sector
            out.append(replace(a, sector=sector, code=make_code(a.country, sector),
                               why=f"{a.why}; {head.text} of {a.text}"))
        return out

    def phrase(self, head) -> tuple[list, int]:
        """np_tokens of a head, computed once per sentence coder."""
        if head.i not in self._np:
            self._np[head.i] = np_tokens(head)
        return self._np[head.i]

    def expand(self, heads) -> list[Actor]:
        out: list[Actor] = []
        seen = set()
        for h in heads:
            for c in conjuncts(h):
                country_adj = c.pos_ == "ADJ" and c.ent_type_ in ("NORP", "GPE")  # "Israeli shelling": Israeli
                if c.i in seen or (c.pos_ not in NOMINAL and not country_adj):
                    continue
                seen.add(c.i)
                found = self.pronoun(c) if c.lower_ in words("OBJECT_PRONOUNS") else []
                if found or c.lower_ in words("DEMONSTRATIVES"):
                    out += found
                    continue
                out += self.group_of(c) or self.split_modifiers(c) or self.actors_for(c)
        return out

    def pronoun(self, pron) -> list[Actor]:
        """"accusing it of", "providing them with arms": the object pronoun stands for the nearest country,
        organisation or group named before it in the sentence ("it": one, not a person; "them": several), not
        the subject of its own verb nor a place named as where someone is."""
        if pron.dep_ not in ("dobj", "pobj", "dative"):
            return []
        verb = pron.head.head if pron.dep_ == "pobj" else pron.head
        subj = [h for h in subject_of(verb) if h.lower_ not in words("OBJECT_PRONOUNS")]  # "held by them"
        own = {t.i for s in subj for c in conjuncts(s) for t in c.subtree}
        own_codes = {a.code for a in self.expand(subj)}
        plural = pron.lower_ == "them"
        for t in self.nouns_before(pron):
            if t.i in own or (t.tag_ in ("NNS", "NNPS") or len(conjuncts(t)) > 1) != plural:
                continue
            found = [a for a in self.expand([t]) if a.code and not a.is_person and a.code not in own_codes]
            if found:
                return [replace(a, text=pron.text, start=pron.idx, end=pron.idx + len(pron.text),
                                confidence=min(a.confidence, 0.5), why=f"pronoun '{pron.text}' -> {a.text}: {a.why}")
                        for a in found]
        return []

    @staticmethod
    def nouns_before(tok):
        """Nouns before `tok` in its sentence, nearest first, that may name whom a pronoun stands for: arguments,
        not a place where someone is ("Hezbollah in neighbouring Lebanon ... accusing it": the group)."""
        for t in reversed(list(tok.sent[: tok.i - tok.sent.start])):
            if t.pos_ in ("NOUN", "PROPN") and t.dep_ in ARGUMENT_DEPS and not (
                    t.dep_ == "pobj" and t.head.lower_ in words("LOCATIVE")):
                yield t

    def listed_people(self, head) -> list[Actor]:
        """"Donald Trump and Theresa May spoke": the parser may hang one name on the other; one actor per
        person the phrase lists."""
        if head.ent_type_ != "PERSON":
            return []
        doc = head.doc
        ents = [e for e in doc.ents if e.label_ == "PERSON" and e.start >= head.left_edge.i and e.end <= head.i + 1]
        if len(ents) < 2 or not all(any(t.dep_ == "cc" or t.text == "," for t in doc[a.end:b.start])
                                    for a, b in pairwise(ents)):
            return []
        out, start = [], head.left_edge.i
        for e in ents:  # each piece: from after the last "and" or comma to the name (the last: to the head)
            end = head.i + 1 if e is ents[-1] else e.end
            toks = [t for t in doc[start:end] if not (t.is_punct or t.dep_ == "cc")]
            out.append(resolve_tokens(toks, head=e.root, memory=self.memory))
            start = e.end
        return out

    def split_modifiers(self, head) -> list[Actor]:
        """"Nigerian and British armed forces": one actor per coordinated nationality."""
        people = self.listed_people(head)
        if people:
            return people
        named = ("NORP", "GPE", "ORG")
        mods = [c for c in head.children if c.dep_ in ("amod", "compound", "poss", "nmod")
                and (c.ent_type_ in named or c.pos_ == "PROPN")
                and any(g.dep_ == "conj" and (g.ent_type_ in named or g.pos_ == "PROPN") for g in c.children)]
        if not mods:
            return []
        first = mods[0]
        chain = [first] + [g for g in first.subtree if g.dep_ == "conj" and (g.ent_type_ in named or g.pos_ == "PROPN")]
        out = []
        for k, m in enumerate(chain):
            last = k == len(chain) - 1
            toks = list(head.doc[m.i : head.i + 1]) if last else [m, head]
            toks = [t for t in toks if not t.is_punct and t.dep_ != "cc" and t.dep_ != "case"]
            a = resolve_tokens(toks, head=head, memory=self.memory)
            if not last:
                a = replace(a, text=m.text, start=m.idx, end=m.idx + len(m.text))
            out.append(a)
        return out

    def non_agent(self, head) -> bool:
        """A subject that cannot act: a natural force, an accident, a market, an abstraction, a date
        (class NON_AGENT), unless the phrase names an actor ("Palestinian mortar fire")."""
        if head.ent_type_ in ("DATE", "TIME"):
            return True
        if head.lemma_.lower() not in words("NON_AGENT") and head.lower_ not in words("NON_AGENT"):
            return False
        return not any(a.country or a.sector for a in self.actors_for(head))

    def names_actor(self, heads) -> bool:
        """Some head is a named entity (or a proper name the tagger missed) or resolves to a coded actor."""
        return any(h.ent_type_ in ACTOR_ENTS or h.pos_ == "PROPN" and not h.ent_type_ or any(
            a.code for a in self.expand([h])) for h in heads)

    def sentence_spans(self, sent) -> list:
        """Named entities and actor-like noun chunks ("two servicemen") of a sentence, computed once."""
        key = (sent.start, sent.end)
        if key not in self._spans:
            doc = sent.doc
            if id(doc) != self._doc_id:  # noun chunks are found per document: do it once per document
                self._doc_id, self._doc_chunks = id(doc), list(doc.noun_chunks)
                self._chunk_starts = [c.start for c in self._doc_chunks]
            lo = bisect.bisect_left(self._chunk_starts, sent.start)
            hi = bisect.bisect_left(self._chunk_starts, sent.end)
            ents = [e for e in sent_ents(sent) if e.label_ in ("GPE", "ORG", "NORP", "PERSON")]
            ents += [c for c in self._doc_chunks[lo:hi] if c.root.pos_ in ("NOUN", "PROPN")
                     and c.root.ent_type_ in ("", "FAC", "LOC") and c.root.lower_ not in words("NON_ACTORS")]
            self._spans[key] = ents
        return self._spans[key]
