"""Turn the triggers of one sentence into event records: find each trigger's source and target
phrases, resolve them to actors, expand coordination and groups, and score a confidence."""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field, replace

from newsevents.actors.resolver import Actor, ArticleMemory, make_code, resolve_group, resolve_tokens
from newsevents.coder.args import (
    NOMINAL,
    agents,
    conjuncts,
    datives,
    has_advmod,
    is_passive,
    negated,
    np_tokens,
    patients,
    prep_objects,
    subject_of,
)
from newsevents.coder.lexicon import classes, load_lexicon
from newsevents.coder.predicates import LIGHT_VERBS, NOUN_CARRIERS, Pred, combine, find_predicates, match_verb
from newsevents.nlp.spans import sent_ents
from newsevents.ontology import cameo

PEACEKEEPING = {"peacekeeping", "peacekeepers", "peacekeeper", "peace-keeping"}
EXERCISES = {"exercise", "drill", "game", "maneuver", "manoeuvre"}
CROWDS = {"people", "protester", "protesters", "demonstrator", "demonstrators", "student", "students", "worker",
          "workers", "resident", "residents", "crowd", "crowds", "thousands", "hundreds", "woman", "man", "farmers"}
RECEIVE_VERBS = {"face", "receive", "get", "draw", "win", "earn", "attract", "accept", "welcome"}
NON_ACTORS = {"it", "this", "that", "which", "what", "who", "they", "them", "he", "she", "him", "her"}
SELF_PRONOUNS = {"it", "they", "we", "he", "she"}
JOINT_WORDS = {"jointly", "together", "mutually", "bilaterally"}
RECIPROCAL_ROOTS = {"03", "04", "05", "06"}
SPEECH = {"say", "tell", "add", "note", "state", "announce", "declare", "stress", "emphasize", "emphasise",
          "claim", "report", "reiterate", "assert", "affirm", "remark", "point", "insist", "explain", "write",
          "indicate", "signal", "suggest", "confirm", "acknowledge", "admit", "reply", "respond", "argue", "hint"}
FUTURE_AUX = {"will", "shall", "'ll"}
MODAL_AUX = {"would", "could", "might", "may", "should", "must", "can"}
NOUN_SOURCE_PREPS = ("during", "at", "after", "before", "in", "on", "following", "amid", "upon", "since")


ACTOR_ENTS = ("PERSON", "ORG", "GPE", "NORP")
OFFICIALS = {"GOV", "LEG", "MIL", "JUD", "SPY", "ELI", "PTY", "OPP", "IGO", "UNO"}
LOCATIVE = {"in", "at", "inside", "near", "across", "throughout", "outside", "around"}
NOT_ACTOR_ENTS = ("DATE", "TIME", "EVENT", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL", "LAW")


def _path_up(x, top) -> list:
    """Tokens from x's head up to (not including) top."""
    out, h = [], x.head
    while h.i != top.i and h.head.i != h.i:
        out.append(h)
        h = h.head
    return out


@dataclass
class SentenceEvent:
    source: Actor | None
    target: Actor | None
    pred: Pred
    code: str
    flags: dict = field(default_factory=dict)
    confidence: float = 0.5
    why: list[str] = field(default_factory=list)


class SentenceCoder:
    """Codes the sentences of one article, carrying the article's memory of actors."""

    def __init__(self, memory: ArticleMemory, keep_negated: bool = False, alternatives: bool = False):
        self.lex = load_lexicon()
        self.non_agents = classes()["NON_AGENT"]
        self.partitives = classes()["PARTITIVE"]
        self.memory = memory
        self.keep_negated = keep_negated  # also emit negated conflict and hypothetical actions, flagged
        self.alternatives = alternatives  # also pair the source with other actors of the sentence (low confidence)
        self._cache: dict[int, list[Actor]] = {}
        self._spans: dict[tuple[int, int], list] = {}
        self._np: dict[int, tuple[list, int]] = {}
        self._doc_id: int | None = None
        self._doc_chunks: list = []
        self._chunk_starts: list[int] = []

    # --- actors -------------------------------------------------------------------------
    def actors_for(self, head) -> list[Actor]:
        """Actors named by the phrase headed by `head` (a group phrase gives two)."""
        if head.i in self._cache:
            return self._cache[head.i]
        inner = self.partitive(head)
        if inner is not None:  # "a column of Israeli tanks", "hundreds of villagers": the members act
            self._cache[head.i] = self.actors_for(inner)
            return self._cache[head.i]
        toks, core_end = self.phrase(head)
        group = resolve_group(toks, head, self.memory)
        if group:
            base = resolve_tokens(toks, head=head, memory=self.memory, core_end=core_end)
            out = []
            for country, sector, entity in group:
                sec = sector or base.sector
                out.append(Actor(text=base.text, start=base.start, end=base.end, code=make_code(country, sec),
                                 country=country, sector=sec, entity=entity, confidence=0.6,
                                 why=f"'{base.text}' -> {country} (named before)"))
        else:
            out = [resolve_tokens(toks, head=head, memory=self.memory, core_end=core_end)]
        self._cache[head.i] = out
        return out

    def partitive(self, head):
        """The members in "a column of tanks", "hundreds of villagers", "a group of foreign diplomats"
        (class PARTITIVE), when the head itself names no actor."""
        if head.lemma_.lower() not in self.partitives and head.lower_ not in self.partitives:
            return None
        members = [o for o in prep_objects(head, "of") if o.pos_ in ("NOUN", "PROPN")]
        return members[0] if members else None

    def group_of(self, head) -> list[Actor]:
        """"the leaders of India and Pakistan", "foreign ministers from China and Japan": one actor per
        country, with the sector of the head noun."""
        if head.pos_ != "NOUN" or head.tag_ not in ("NNS", "NNPS"):
            return []
        objs = [o for prep in ("of", "from") for o in prep_objects(head, prep)]
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
                if c.i in seen or c.pos_ not in NOMINAL or c.lower_ in ("it", "this", "that", "which", "what"):
                    continue
                seen.add(c.i)
                out += self.group_of(c) or self.split_modifiers(c) or self.actors_for(c)
        return out

    def split_modifiers(self, head) -> list[Actor]:
        """"Nigerian and British armed forces": one actor per coordinated nationality."""
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
        if head.lemma_.lower() not in self.non_agents and head.lower_ not in self.non_agents:
            return False
        return not any(a.country or a.sector for a in self.actors_for(head))

    # --- arguments ----------------------------------------------------------------------
    def sources(self, p: Pred) -> list:
        return self.sources_and_origin(p)[0]

    def sources_and_origin(self, p: Pred) -> tuple[list, bool]:
        """Source heads, and whether they were inherited from the governing clause (weaker evidence)."""
        found = self._sources(p)
        if len(found) == 1 and (found[0].lower_ in SELF_PRONOUNS or any(
                c.dep_ == "poss" and c.lower_ in ("his", "her", "its", "their", "our")
                for c in found[0].children) and found[0].lower_ in ("country", "government", "nation")):
            speaker = self.speaker_of(p.tok)  # "Turkey said it will launch", "Obama said he will not lift"
            if speaker and speaker[0].pos_ in ("PROPN", "NOUN"):
                return speaker, False
        if found or p.kind == "verb" and subject_of(p.tok):
            return found, False
        inherited = self.governing_subject(p.tok)
        return inherited, bool(inherited)

    def speaker_of(self, tok) -> list:
        h = tok
        for _ in range(4):
            if h.dep_ in ("ccomp", "parataxis") and h.head.lemma_.lower() in SPEECH:
                return subject_of(h.head)
            if h.head.i == h.i:
                return []
            h = h.head
        return []

    def governing_subject(self, tok) -> list:
        """The subject of the clause a nominal or non-finite trigger sits in: "Saudi Arabia lifted its
        blockade", "the parliament passed a resolution criticizing the president"."""
        h = tok
        for _ in range(4):
            if h.head.i == h.i or h.dep_ in ("ccomp", "parataxis", "relcl", "nsubj", "nsubjpass"):
                return []
            h = h.head
            if h.pos_ in ("VERB", "AUX"):
                if h.lemma_.lower() not in LIGHT_VERBS | NOUN_CARRIERS and match_verb(h, self.lex) is not None:
                    return []  # "Britain condemned the attack": the attacker is someone else
                subj = subject_of(h)
                if subj:
                    return subj
        return []

    def receiver(self, p: Pred):
        """The verb of "Iran faces criticism from the UN", "received an invitation from Putin"."""
        t = p.tok
        if p.kind == "noun" and t.dep_ == "dobj" and t.head.lemma_.lower() in RECEIVE_VERBS:
            return t.head
        return None

    def _sources(self, p: Pred) -> list:
        t = p.tok
        if p.kind != "noun":
            if is_passive(t) and (p.wrap or "by" in p.targets) and not agents(t):
                return [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]  # "is committed to"
            return subject_of(t)
        recv = self.receiver(p)
        if recv is not None:
            frm = prep_objects(t, "from") + prep_objects(recv, "from")
            if frm:
                return frm
        poss = [c for c in t.children if c.dep_ == "poss" and c.lower_ not in ("its", "their", "his", "her")]
        if poss and "poss" not in p.targets:  # "the tanker's release": the possessor is the one released
            return poss
        by = prep_objects(t, "by")
        if by:
            return by
        h = t.head
        if t.dep_ in ("dobj", "attr", "nsubjpass") and h.lemma_.lower() in LIGHT_VERBS:
            return subject_of(h)
        if (t.dep_ == "pobj" and h.dep_ == "prep" and h.lower_ in NOUN_SOURCE_PREPS and p.code[:2] == "04"
                and h.head.pos_ in ("VERB", "AUX")):  # "is engaged in talks": a stative passive's subject takes part
            return subject_of(h.head) or [c for c in h.head.children if c.dep_ == "nsubjpass" and not agents(h.head)]
        if t.dep_ == "pobj" and h.lower_ == "of" and h.head.dep_ in ("dobj",) and h.head.head.lemma_ in LIGHT_VERBS:
            return subject_of(h.head.head)
        return []

    def targets(self, p: Pred) -> list:
        recv = self.receiver(p)
        if recv is not None and (prep_objects(p.tok, "from") or prep_objects(recv, "from")):
            return subject_of(recv)  # the one who faces the criticism or receives the invitation
        if p.kind == "noun":
            clause_subj = [g for c in p.tok.children if c.dep_ in ("acl", "ccomp", "relcl") and c.pos_ == "VERB"
                           and any(m.lower_ == "that" for m in c.children) for g in c.children if g.dep_ == "nsubj"]
            if clause_subj:
                return clause_subj  # "its demand that the US ease sanctions"
        slots_from = [p]
        if p.wrap in ("intent", "reject", "threaten") and p.inner is not None:
            slots_from = [p.inner, p]
        elif p.wrap in ("appeal", "demand") and p.inner is not None:
            slots_from = [p, p.inner]
        fallback = []
        for q in slots_from:
            t = q.tok
            holders = [t] + ([] if q.kind == "noun" else patients(t))
            if q.kind == "verb" and q.entry is not None and getattr(q.entry, "extra", ()):
                holders += [g for c in t.children if c.dep_ == "prep" and c.lower_ in q.entry.extra
                            for g in c.children if g.dep_ == "pobj" and g.lemma_.lower() in q.entry.extra]
            if q.kind == "noun" and t.head.pos_ in ("VERB", "AUX") and t.dep_ in ("dobj", "nsubjpass"):
                holders.append(t.head)  # "held drills near Taiwan": the light verb carries the place
            elif q.kind == "noun" and t.dep_ == "pobj" and t.head.head.pos_ in ("VERB", "AUX"):
                holders.append(t.head.head)  # "went on strike against the ministry"
            for slot in q.targets:
                if slot == "dobj":
                    found = [] if q.kind == "noun" else patients(t)
                elif slot == "dative":
                    found = datives(t)
                elif slot == "poss":
                    found = [c for h in holders for c in h.children if c.dep_ == "poss"]
                else:
                    found = [o for h in holders for o in prep_objects(h, slot)]
                found = [f for f in found if f.pos_ in NOMINAL and f.ent_type_ not in ("DATE", "TIME", "EVENT")]
                if not found:
                    continue
                actors = self.expand(found)
                if any(a.country for a in actors):
                    return found
                nested = [o for f in found for prep in ("with", "of", "by") for o in prep_objects(f, prep)] + [
                    c for f in found for c in f.children if c.dep_ == "poss" or (
                        c.dep_ == "compound" and c.ent_type_ in ("ORG", "GPE", "NORP"))] + [
                    a for f in found for c in f.children if c.dep_ == "acl" for a in agents(c)]
                if nested and (any(a.country for a in self.expand(nested)) or (
                        not any(a.code for a in actors) and any(n.ent_type_ in ("ORG", "PERSON", "GPE", "NORP")
                                                                for n in nested))):
                    return nested  # "near the border with Ukraine", "welcomed the decision by the WEF"
                if any(a.code for a in actors):
                    return found
                fallback = fallback or found
        if p.inner is not None and (not fallback or (p.wrap in ("appeal", "demand") and not any(
                a.code for a in self.expand(fallback)))):
            t = p.inner.tok
            inner_subj = [c for c in t.children if c.dep_ == "nsubj"] if p.wrap in ("appeal", "demand") else []
            inner_subj = inner_subj or [g for c in t.children if c.dep_ == "ccomp" for g in c.children
                                        if g.dep_ == "nsubj"]
            if inner_subj and not fallback or inner_subj and inner_subj[0].pos_ in ("PROPN", "NOUN"):
                return inner_subj  # "demanded that Paraguay return the land", "help Somalia rebuild"
        if fallback and not any(a.code for a in self.expand(fallback)):
            t = p.inner.tok if p.inner is not None else p.tok
            coded = [c for c in prep_objects(t, "with") if any(a.country for a in self.expand([c]))]
            if coded:
                return coded  # "withdrew from the deal with Iran" (the parse hangs "with Iran" on the verb)
        return fallback

    def other_actors(self, sent, p: Pred, used_heads: list, taken: set) -> list[Actor]:
        """Coded actors named elsewhere in the sentence (nearest to the trigger first): candidate
        targets when the parse gives none or another one."""
        used = {t.i for h in used_heads for c in conjuncts(h) for t in self.phrase(c)[0]}
        out, seen = [], set(taken)
        ents = [e for e in self.sentence_spans(sent) if e.root.i != p.tok.i]
        ents.sort(key=lambda e: abs(e.root.i - p.tok.i))
        for e in ents:
            if e.root.i in used or e.root.i == p.tok.i:
                continue
            head = e.root
            while head.dep_ in ("compound", "amod", "nmod", "poss") and head.head.i != head.i and \
                    head.head.pos_ in ("NOUN", "PROPN"):
                head = head.head  # "Chinese goods" -> goods, "Israel's declaration" stays with its head noun
            if head.i in used:
                continue
            place = head.dep_ == "pobj" and head.head.lower_ in ("in", "at", "inside", "near", "across", "throughout")
            for a in self.actors_for(head):
                if a.start not in seen and (a.code or e.label_ in ("PERSON", "ORG", "", "NP")):
                    seen.add(a.start)
                    out.append(replace(a, role_hint="place" if place else ""))
        return sorted(out, key=lambda a: not a.code)  # coded actors first

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
                     and c.root.ent_type_ in ("", "FAC", "LOC") and c.root.lower_ not in NON_ACTORS]
            self._spans[key] = ents
        return self._spans[key]

    def condition_subject(self, p: Pred) -> list:
        """The subject of an "if"/"unless" clause of a threat: whom the threat is addressed to."""
        toks = [p.tok] + ([p.inner.tok] if p.inner is not None else [])
        for t in toks:
            for c in t.children:
                if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children):
                    subj = [g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]
                    if subj and any(a.country for a in self.expand(subj)):
                        return subj
        return []

    def names_actor(self, heads) -> bool:
        """Some head is a named entity or resolves to a coded actor."""
        return any(h.ent_type_ in ACTOR_ENTS or any(a.code for a in self.expand([h])) for h in heads)

    def actor_in_clause(self, p: Pred, src_heads: list, tgt_heads: list) -> list:
        """The target slot holds no actor ("the embargo", "an investigation"): the coded actor of the
        trigger's own phrase or clause nearest to that slot (or to the trigger), if there is one."""
        t = p.inner.tok if p.inner is not None else p.tok
        used = {x.i for h in src_heads for x in h.subtree} | {t.i, p.tok.i}  # not inside the source's phrase
        anchor = tgt_heads[0].i if tgt_heads else t.i
        cands = []
        for x in t.subtree:
            if x.i in used or x.pos_ not in ("NOUN", "PROPN") or x.ent_type_ in NOT_ACTOR_ENTS:
                continue
            if x.dep_ in ("compound", "amod", "nmod", "poss") or any(v.pos_ in ("VERB", "AUX") and v.dep_ in (
                    "ccomp", "relcl", "advcl") for v in _path_up(x, t)):
                continue  # a modifier of another noun, or inside another clause
            if x.dep_ == "pobj" and x.head.lower_ in LOCATIVE and x.head.head.i == t.i:
                continue  # "talks in Geneva": the venue is not the partner
            if any(a.code for a in self.expand([x])):
                cands.append(x)
        cands.sort(key=lambda x: abs(x.i - anchor))
        return cands[:1]

    def any_object(self, p: Pred) -> list:
        """No slot of the lexicon entry is filled: the nearest named or coded object of the trigger's
        clause ("awarded the Freedom Order to Bill Clinton", "called Lavrov")."""
        t = p.inner.tok if p.inner is not None else p.tok
        holders = [t] if p.kind == "noun" else [t] + patients(t)
        cands = [] if p.kind == "noun" else patients(t) + datives(t)
        if p.kind == "verb" and not cands:  # "Japan met and praised Australia": a shared object
            cands += [o for c in t.children if c.dep_ == "conj" and c.pos_ == "VERB" for o in patients(c)]
        for prep in ("to", "against", "with", "on", "at", "for", "from", "toward", "towards", "into", "over",
                     "in", "among", "inside", "across", "between"):
            cands += [o for h in holders for o in prep_objects(h, prep)]
        cands = [c for c in cands if c.pos_ in ("NOUN", "PROPN") and c.ent_type_ not in ("DATE", "TIME", "EVENT",
                 "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL")]
        coded = [c for c in cands if any(a.code for a in self.expand([c]))]
        return coded[:1] or cands[:1]

    # --- flags ----------------------------------------------------------------------------
    def flags(self, p: Pred) -> dict:
        toks = [p.tok] + ([p.inner.tok] if p.inner is not None else [])
        aux = {c.lower_ for t in toks for c in t.children if c.dep_ in ("aux", "auxpass")}
        f = {}
        if aux & FUTURE_AUX or any(c.lower_ == "going" for t in toks for c in t.children) or _is_to(p.tok):
            f["future"] = True
        if aux & MODAL_AUX and not (aux & MODAL_AUX == {"would"} and _future(p)):
            f["hypothetical"] = True  # "said it would launch" is reported future, not a hypothesis
        if any(c.lower_ == "if" and c.dep_ == "mark" for t in toks for c in t.children):
            f["hypothetical"] = True
        spk = self.speaker_of(p.tok)
        if spk:
            f["reported_by"] = spk[0]
        return f

    # --- events -----------------------------------------------------------------------------
    def reported_appeals(self, sent, triggers: set[int]) -> list[SentenceEvent]:
        """"Trump said North Korea must do something": an appeal from the speaker to the one who must act,
        when the clause has no coded action of its own."""
        out = []
        for v in sent:
            if v.lemma_.lower() not in SPEECH or v.pos_ not in ("VERB", "AUX"):
                continue
            for c in v.children:
                if c.dep_ != "ccomp" or c.i in triggers or negated(c):
                    continue
                if any(t.i in triggers for t in c.children if t.dep_ == "conj"):
                    continue
                if not {a.lower_ for a in c.children if a.dep_ == "aux"} & {"must", "should"}:
                    continue
                spk, subj = subject_of(v), [g for g in c.children if g.dep_ == "nsubj"]
                srcs, tgts = self.expand(spk), self.expand(subj)
                for s_ in srcs:
                    for t_ in tgts:
                        if s_.code and t_.code and not _same_actor(s_, t_):
                            pred = Pred(c, "020", (), "verb")
                            why = [f"'{v.text}' that '{c.text}' must happen -> 020 {cameo('020').name}"]
                            out.append(SentenceEvent(s_, t_, pred, "020", {"reported_by": spk[0]}, 0.5, why))
        return out

    def code(self, sent) -> list[SentenceEvent]:
        out: list[SentenceEvent] = []
        for p in find_predicates(sent, self.lex):
            if p.absorbed or p.tok.dep_ in ("amod", "compound") or in_denied_scope(p.tok):
                continue
            if in_reported_scope(p.tok) or in_charge_scope(p.tok, self):
                continue
            flags = self.flags(p)
            if flags.get("hypothetical") and not self.keep_negated:
                continue  # "could apologize", "if the government refuses": not an asserted event
            code = p.code
            notes = []
            if negated(p.tok) or (p.inner is not None and negated(p.inner.tok)) or (
                    p.kind == "noun" and p.tok.dep_ == "dobj" and p.tok.head.lemma_.lower() in LIGHT_VERBS
                    and negated(p.tok.head)):  # "will not begin talks"
                if not self.keep_negated and not _refusal(code):
                    continue
                flags["negated"] = True
                if _refusal(code):  # "will not accept", "did not provide support": a rejection
                    notes.append(f"negated {code} -> rejection")
                    code = REJECT_OF.get(code[:2], "120")
            elif _future(p) and (cameo(code).quad_class in (2, 4) or code[:2] == "04") and p.wrap is None:
                notes.append(f"future {code} -> {'threat' if cameo(code).quad_class == 4 else 'intent'}")
                code = combine("intent", code, code)  # "will attack" threatens, "will send aid" intends
            p.code = code
            src_heads, inherited = self.sources_and_origin(p)
            if any(self.non_agent(h) for h in src_heads):
                continue  # "an earthquake killed six people", "stocks encouraged investors"
            if p.code[:3] == "042" and p.tok.lemma_.lower() != "visit" and not any(
                    a.sector in OFFICIALS for a in self.expand(src_heads)):
                continue  # "immigrants arrived in Canada" is no visit: travel is a visit by an official
            if code == "114" and any(h.lemma_.lower() in CROWDS or any(
                    c.dep_ == "nummod" or c.lower_ in ("thousands", "hundreds") for c in h.subtree) for h in src_heads):
                p.code = code = "141"  # "thousands of people protested the killing": a demonstration
            tgt_heads = [t for t in self.targets(p) if t not in src_heads]
            srcs = self.expand(src_heads)
            between = self.expand(prep_objects(p.tok, "between") + [
                g for o in prep_objects(p.tok, "of") for g in prep_objects(o, "between")])
            if len([a for a in between if a.country]) >= 2 and not any(a.country for a in srcs):
                srcs, src_heads, tgt_heads = [], [], []  # "the signing of agreements between China and Russia"
            joint = p.tok.lemma_.startswith("co-") or has_advmod(p.tok, JOINT_WORDS) or (
                p.inner is not None and has_advmod(p.inner.tok, JOINT_WORDS)) or any(
                c.lower_ == "both" for h in src_heads for c in h.children) or (
                p.kind == "noun" and (has_advmod(p.tok.head, JOINT_WORDS) or any(
                    c.lower_ in ("joint", "bilateral") for c in p.tok.children)))
            if p.code[:2] == "15" and any(w.lower_ in PEACEKEEPING for w in p.tok.sent):
                p.code = "074"  # troops sent or deployed as peacekeepers: military protection (aid)
            if len(srcs) >= 2 and p.code[:2] == "15" and (joint or p.tok.lemma_.lower() in EXERCISES):
                p.code = "062"  # joint drills of two armies: military cooperation
            reciprocal = (p.inner.code if p.inner is not None else p.code)[:2] in RECIPROCAL_ROOTS or \
                p.code[:2] in RECIPROCAL_ROOTS
            weak = 0.0  # arguments read by a fallback rather than the lexicon entry's own slots
            if not tgt_heads and not (len(srcs) >= 2 and (joint or reciprocal)):
                tgt_heads = [t for t in self.any_object(p) if t not in src_heads]
                weak += 0.1 if tgt_heads else 0.0
            if inherited:
                weak += 0.1  # the subject of the governing clause
            if not (len(srcs) >= 2 and (joint or reciprocal)) and not self.names_actor(tgt_heads):
                better = self.actor_in_clause(p, src_heads, tgt_heads)
                if better:  # "lifted the embargo on Cuba", "opened an investigation into Yovanovitch"
                    tgt_heads = better
                    weak += 0.1
            if p.code[:2] == "13":
                cond = self.condition_subject(p)
                if cond and not any(a.country for a in self.expand(tgt_heads)):
                    tgt_heads = cond  # "threatened to kill her if the British government refuses": the one warned
            tgts = self.expand(tgt_heads)
            speaker = flags.get("reported_by")
            if speaker is not None and _obligation(p) and p.wrap is None and not flags.get("negated"):
                # "Russia says Israel must end its attacks": the speaker appeals to the one who must act
                notes.append(f"'{p.tok.text}' is what the speaker says must happen -> appeal")
                tgts = [a for a in srcs if a.code] or tgts
                tgt_heads = [speaker]
                srcs, src_heads = self.expand([speaker]), [speaker]
                p.code = combine("appeal", p.code, "020")
            pairs: list[tuple[Actor | None, Actor | None, str]] = []
            if tgts:
                pairs = [(s, t, "") for s in srcs or [None] for t in tgts if s is None or s.start != t.start or
                         s.country != t.country]
            if len(srcs) >= 2 and (joint or reciprocal) and not any(t.code for t in tgts):
                pairs = []
                tgts = []
            if tgts and not (not any(a.country for a in srcs) and len([a for a in between if a.country]) >= 2):
                pass
            elif len(srcs) >= 2 and (joint or reciprocal):
                pairs = [(a, b, "joint action of the subjects") for i, a in enumerate(srcs) for b in srcs[i + 1:]]
            elif not any(a.country for a in srcs) and len(between) >= 2:
                pairs = [(a, b, "between") for i, a in enumerate(between) for b in between[i + 1:]]
            if not pairs:
                pairs = [(s, None, "") for s in srcs]
            pairs = [(s, t, how) for s, t, how in pairs if not _same_actor(s, t)] or [(s, None, "") for s in srcs]
            if self.alternatives:
                taken = {a.start for s_, t_, _ in pairs for a in (s_, t_) if a is not None}
                others = self.other_actors(sent, p, src_heads + tgt_heads, taken)[:8]
                coded_target = any(t_.country for t_ in tgts)
                for alt in others if srcs else []:
                    if coded_target and alt.role_hint == "place":
                        continue  # "cooperation with China in the United Nations": a venue, not a second target
                    pairs += [(s_, alt, "alternative target: another actor in the sentence") for s_ in srcs
                              if not _same_actor(s_, alt) and (s_.code != alt.code or not s_.country)]
                if not any(s_ is not None and s_.country for s_ in srcs):
                    for alt in others:
                        pairs += [(alt, t_, "alternative source: another actor in the sentence")
                                  for t_ in tgts or [None] if not _same_actor(alt, t_)]
            for s, t, how in pairs:
                conf = 0.45 if p.kind == "noun" else 0.55
                conf += 0.2 if s is not None and s.code else 0.0
                conf += 0.15 if t is not None and t.code else 0.0
                conf += 0.05 if p.specific or p.inner is not None else 0.0
                conf -= 0.15 if flags.get("hypothetical") else 0.0
                conf -= weak + (0.1 if notes else 0.0)
                why = [f"{p.kind} '{p.tok.text}'" + (f" + '{p.inner.tok.text}'" if p.inner is not None else "")
                       + f" -> {p.code} {cameo(p.code).name}"]
                if how:
                    why.append(how)
                why += notes
                f = dict(flags)
                if how.startswith("alternative"):
                    f["alternative"] = True
                    conf = min(conf * 0.5, 0.3)
                out.append(SentenceEvent(s, t, p, p.code, f, round(max(0.05, min(conf, 0.95)), 3), why))
                if p.code == "042" and t is not None and t.country and not how.startswith("alternative"):
                    host = ["the host of the visit -> 043 " + cameo("043").name]  # the visited side hosts it
                    out.append(SentenceEvent(t, s, p, "043", dict(f), round(max(0.05, min(conf, 0.95)) - 0.05, 3),
                                             why[:1] + host))
        out += self.reported_appeals(sent, {e.pred.tok.i for e in out})
        return out


REJECT_OF = {"03": "120", "04": "125", "05": "120", "06": "121", "07": "122", "08": "124"}


def _refusal(code: str) -> bool:
    """Negating a cooperative act (intent, consult, support, cooperate, aid, yield) is a rejection."""
    return code[:2] in REJECT_OF


def _obligation(p: Pred) -> bool:
    """"must end", "should provide", "has to withdraw", "needs to stop"."""
    t = p.tok
    if p.kind == "noun":
        return False
    aux = {c.lower_ for c in t.children if c.dep_ in ("aux", "auxpass")}
    if t.dep_ == "conj":  # "must ensure security and provide amenities"
        aux |= {c.lower_ for c in t.head.children if c.dep_ in ("aux", "auxpass")}
    return bool(aux & {"must", "should"}) or (t.dep_ == "xcomp" and t.head.lemma_ in ("have", "need"))


def _future(p: Pred) -> bool:
    t = p.tok
    aux = {c.lower_ for c in t.children if c.dep_ in ("aux", "auxpass")}
    if aux & (FUTURE_AUX | {"wo"}) or _is_to(t):
        return True
    # "said it would launch": future in reported speech (not "the option is that Washington would ask")
    return bool(aux & {"would"}) and t.dep_ == "ccomp" and t.head.lemma_.lower() in SPEECH


def _is_to(t) -> bool:
    """"China is to invest in Argentina": be + to-infinitive announces a future act."""
    return t.dep_ == "xcomp" and t.head.lemma_ == "be" and any(c.dep_ == "aux" and c.lower_ == "to"
                                                              for c in t.children)


def _same_actor(s: Actor | None, t: Actor | None) -> bool:
    """A dyad of one actor with itself (a group that names the source too, a split apposition)."""
    if s is None or t is None or s.code is None or not s.country:
        return False  # two unnamed "officials" or "governments" are not known to be one actor
    if "named before" in t.why or "named before" in s.why:
        return s.country == t.country
    return s.code == t.code and (s.entity == t.entity or s.entity is None or t.entity is None)


COMMENT_WORDS = {"skeptical", "sceptical", "pessimistic", "optimistic", "hopeful", "doubtful", "hope", "hopes",
                 "concern", "concerns", "optimism", "pessimism", "skepticism", "scepticism", "doubt", "doubts"}
CHARGE_ROOTS = ("11", "17")  # accusations and arrests: "arrested for collaborating with", "accused of helping"


def in_reported_scope(tok) -> bool:
    """The trigger names what someone hopes, doubts or is accused of, not an event that took place."""
    h = tok
    for _ in range(5):
        if h.head.i == h.i:
            return False
        h = h.head
        if h.lower_ in COMMENT_WORDS or h.lemma_.lower() in COMMENT_WORDS:
            return True
    return False


def in_charge_scope(tok, coder) -> bool:
    h = tok
    if h.dep_ not in ("pcomp", "pobj") or h.head.dep_ != "prep" or h.head.lower_ not in ("for", "of", "with"):
        return False
    v = h.head.head
    entry = match_verb(v, coder.lex) if v.pos_ in ("VERB", "AUX") else None
    return entry is not None and entry.code[:2] in CHARGE_ROOTS


def in_denied_scope(tok) -> bool:
    """Under a negated, denying or preventing verb (class UNREALISED): "denied any plan to invade", "did not
    plan to attack", "prevented X from destroying"."""
    h = tok
    for _ in range(4):
        if h.dep_ not in ("xcomp", "acl", "dobj", "pcomp", "pobj", "prep", "ccomp", "advcl") or h.head.i == h.i:
            return False
        h = h.head
        if h.lemma_.lower() in classes()["UNREALISED"] or negated(h):
            return True
    return False


def event_id(article_id: str, sentence: int, trigger_start: int, src: Actor | None, tgt: Actor | None,
             code: str) -> str:
    key = f"{article_id}|{sentence}|{trigger_start}|{src.start if src else ''}|{tgt.start if tgt else ''}|" \
          f"{src.country if src else ''}|{tgt.country if tgt else ''}|{code}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
