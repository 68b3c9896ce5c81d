"""The source and target phrases of a trigger: lexicon slots, frames of nominal triggers, inherited subjects,
and the fallbacks used when no slot names an actor."""

from __future__ import annotations

from dataclasses import replace

from newsevents.actors.context import NO_COUNTRY, is_political
from newsevents.actors.matching import word_classes
from newsevents.actors.resolver import Actor
from newsevents.coder import recode
from newsevents.coder.args import (
    NOMINAL,
    agents,
    conjuncts,
    datives,
    first_conjunct,
    infinitive,
    is_passive,
    past_date,
    patients,
    prep_objects,
    rel_pronoun,
    said_in_contact,
    side_modifiers,
    skip_quantity,
    subject_of,
)
from newsevents.coder.data import word_list, words
from newsevents.coder.frames import frame_sources, frame_targets
from newsevents.coder.modality import condition_clauses, speaker_of
from newsevents.coder.predicates import Pred, match_noun, match_verb

NOT_ACTOR_ENTS = ("DATE", "TIME", "EVENT", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL", "LAW")


def _path_up(x, top) -> list:
    """Tokens from x's head up to (not including) top."""
    out, h = [], x.head
    while h.i != top.i and h.head.i != h.i:
        out.append(h)
        h = h.head
    return out


def _holders(q: Pred) -> list:
    """Tokens whose prepositions may hold a target of q: the trigger, its objects, the noun of a multiword
    entry ("went on strike against"), the light verb of a noun ("held drills near Taiwan")."""
    t = q.tok
    objs = [] if q.kind == "noun" else patients(t)
    holders = [t] + objs + [x for o in objs if (x := skip_quantity(o)) is not o]  # "a group of experts to Kenya"
    if q.kind == "verb" and q.entry is not None and getattr(q.entry, "extra", ()):
        holders += [g for c in t.children if c.dep_ == "prep" and c.lower_ in q.entry.extra
                    for g in c.children if g.dep_ == "pobj" and g.lemma_.lower() in q.entry.extra]
    if q.kind == "noun" and t.head.pos_ in ("VERB", "AUX") and t.dep_ in ("dobj", "nsubjpass"):
        holders.append(t.head)
    elif q.kind == "noun" and t.dep_ == "pobj" and t.head.head.pos_ in ("VERB", "AUX"):
        holders.append(t.head.head)
    return holders


def _slot_fill(q: Pred, slot: str, holders: list) -> list:
    """The heads in one target slot: dobj, dative, poss, or a preposition."""
    if slot == "dobj":
        if q.kind == "noun":
            return []
        # "met Erdogan Monday": the parser makes the date the verb's modifier and the name its compound
        return patients(q.tok) or [n for c in q.tok.children if c.dep_ == "npadvmod" and (n := past_date(c)) is not c]
    if slot == "dative":
        return datives(q.tok)
    if slot == "poss":
        return [c for h in holders for c in h.children if c.dep_ == "poss"]
    if _beside(q, slot):
        return []
    return [o for h in holders for o in prep_objects(h, slot)]


def _purpose_clauses(p: Pred) -> list:
    """"to V" clauses of the trigger, or of the verb whose object a noun trigger is ("announced assistance
    ... to help farmers in Malawi": the parser hangs the clause on "announced")."""
    t = p.inner.tok if p.inner is not None else p.tok
    holders = [t] + ([t.head] if p.kind == "noun" and p.inner is None and t.dep_ == "dobj" else [])
    return [c for h in holders for c in h.children if c.dep_ in ("advcl", "xcomp", "acl") and infinitive(c)]


class Slots:
    """Argument finding for SentenceCoder (needs `expand`, `actors_for`, `phrase`, `sentence_spans`, `lex`)."""

    def sources_and_origin(self, p: Pred, code: str) -> tuple[list, bool]:
        """Source heads, and whether they were inherited from the governing clause (weaker evidence)."""
        found = self._sources(p, code)
        speaker = self._speaker_for(p, found)
        if speaker:
            return speaker, False
        if found or p.kind == "verb" and subject_of(p.tok):
            return found, False
        if p.kind == "verb" and is_passive(p.tok) and not agents(p.tok) and p.tok.dep_ in ("ccomp", "xcomp") and \
                p.tok.head.lemma_.lower() in words("ORDERING_VERBS"):
            return subject_of(p.tok.head), True  # "Javid ordered that her passport be revoked": he revoked it
        if p.tok.dep_ == "acl" and p.tok.tag_ == "VBN" or p.kind == "verb" and is_passive(p.tok) and not \
                infinitive(p.tok):  # (not "authorised him to be extradited")
            return [], False  # "the men accused of torturing him", "but the summit was postponed": by someone
            # unnamed, not by the subject of a clause before it
        owner = self.its_owner(p.tok) if p.kind == "noun" else []
        if owner:
            return owner, True  # "quarrelled with Peru over its support for the rebels": Peru's
        inherited = self.governing_subject(p.tok)
        speaker = self._speaker_for(p, inherited, p.tok.head) if p.tok.dep_ == "dobj" and any(
            c.dep_ == "nsubj" and c in inherited for c in p.tok.head.children) else []
        if speaker:
            return speaker, False  # "India said it would escalate military action": India's
        return inherited, bool(inherited)

    @staticmethod
    def _speaker_for(p: Pred, found: list, at=None) -> list:
        """The speaker a lone "it", "he", "we" or "its government" stands for: "Turkey said it will launch",
        "the premier said he would not sign" (the speaker of the clause at `at`, the trigger by default)."""
        if len(found) != 1 or not (found[0].lower_ in words("SELF_PRONOUNS") or any(
                c.dep_ == "poss" and c.lower_ in words("POSSESSIVE_PRONOUNS")
                for c in found[0].children) and found[0].lower_ in words("OWN_STATE")):
            return []
        speaker = speaker_of(at if at is not None else p.tok, direct=True)
        if speaker and speaker[0].pos_ in ("PROPN", "NOUN") and not _speaks_for(speaker[0], found[0]):
            return speaker
        return []

    def its_owner(self, tok) -> list:
        """The country or organisation an "its" before a noun trigger stands for: the nearest one named before it
        in the sentence (not a person, not a place where someone is)."""
        poss = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ in words("ITS_WORDS")), None)
        if poss is None:
            return []
        for t in self.nouns_before(poss):
            if t.dep_ == "attr":
                continue  # (not "an EU state" in "though Chile is no EU state, its trade with Spain …")
            if any(a.code and a.country and not a.is_person for a in self.expand([t])):
                return [t]
        return []

    def governing_subject(self, tok) -> list:
        """The subject of the clause a nominal or non-finite trigger sits in: "Saudi Arabia lifted its
        blockade", "the parliament adopted a motion condemning the president"; not across a preposition of
        time or circumstance ("amid protests", "during fighting", "after the attack")."""
        h = tok
        for _ in range(4):
            if h.head.i == h.i or h.dep_ in ("ccomp", "parataxis", "relcl", "nsubj", "nsubjpass"):
                return []
            below, h = h, h.head
            if h.lower_ in words("CIRCUMSTANCE_PREPS") | words("TOPIC_PREPS") and \
                    h.dep_ in ("prep", "mark", "advmod", "advcl"):
                return []  # "sent aid amid protests in Beirut", "spoke about the attack": the doers are others
            if below.dep_ == "pobj" and h.dep_ == "prep" and h.head.lemma_.lower() in words("ANSWER_NOUNS"):
                return []  # "their reply to the bombing": the bomber is someone else
            if h.pos_ in ("VERB", "AUX") and h.lemma_.lower() in words("RECEIVE_VERBS"):
                return []  # "Trump received an invitation": the subject is whom it is done to
            if h.pos_ in ("VERB", "AUX"):
                carrier = h.lemma_.lower() in words("LIGHT_VERBS") | words("NOUN_CARRIERS") or _issues(h, below)
                # ("signed a decree to lift the curfew": the signer lifts it)
                if not carrier and match_verb(h, self.lex) is not None:
                    return []  # "Britain condemned the attack": the attacker is someone else
                subj = subject_of(h)
                if subj:
                    return subj
        return []

    def _sources(self, p: Pred, code: str) -> list:
        t = p.tok
        if p.kind != "noun":
            if is_passive(t) and (p.wrap in words("GOVERNED_FIRST_WRAPS") or "by" in p.targets) and not agents(t):
                return [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]  # "is committed to"
            subj = self.issuer(subject_of(t))
            return (self.doers_of_force(subj) or subj or self.force_side(t) or self.custodian(t, code)
                    or self.deployed_forces(t, code))
        return frame_sources(t, code, p.targets) or []

    def issuer(self, subj: list) -> list:
        """"The assembly adopted a motion condemning the minister": a document that names no one stands
        for whoever issued it (the subject of the issuing verb it is the object of; targets.yaml DOCUMENTS,
        classes ISSUING_VERBS)."""
        if len(subj) != 1 or subj[0].dep_ != "dobj" or not _issues(subj[0].head, subj[0]) or \
                any(a.code for a in self.expand(subj)):
            return subj
        return subject_of(subj[0].head) or subj

    def deployed_forces(self, v, code: str) -> list:
        """"Five hundred Nepalese soldiers were deployed to Lebanon": with no agent, forces of a named
        country sent or deployed act for it (their country is the source)."""
        if not is_passive(v) or agents(v) or not (code[:2] in recode.roots("posture") or code == "074"):
            return []
        subj = [c for c in v.children if c.dep_ == "nsubjpass" and (
            c.lemma_.lower() in words("TROOPS") or c.lower_ in words("TROOPS"))]
        return subj if any(a.country for a in self.expand(subj)) else []

    def custodian(self, v, code: str) -> list:
        """"was arrested in Chad", "expelled from Belarus", "freed from a prison in Mali": with no
        agent, an arrest, expulsion or release is done by the state of the place (recode.yaml roots custody)."""
        if not is_passive(v) or agents(v) or not code.startswith(tuple(recode.roots("custody"))):
            return []
        for prep in word_list("CUSTODY_PREPS"):
            for o in prep_objects(v, prep):
                for x in [o, *(n for inner in word_list("PLACE_OF_ACT_PREPS") for n in prep_objects(o, inner))]:
                    if x.pos_ == "PROPN" and any(a.country and not a.sector for a in self.expand([x])):
                        return [x]  # a country or a town in one (the parser may tag a country name as a person)
        return []

    def doers_of_force(self, subj: list) -> list:
        """"A car bombing by the Islamic State killed 75", "a Taliban attack killed ten": the subject is a use of
        force; whoever it names as its doer is the source."""
        for h in subj:
            e = match_noun(h, self.lex) if h.pos_ == "NOUN" else None
            if e is not None and e.code[:2] in recode.roots("force"):
                found = frame_sources(h, e.code, e.targets) or []
                whole, named = self.actors_for(h), self.expand(found)
                if found and not (all(a.country and a.sector for a in whole) and not any(a.sector for a in named)):
                    return found  # unless the whole phrase says more: "Syrian regime air strikes", not "Syrian"
        return []

    def force_side(self, v) -> list:
        """"Four children were killed in Israeli shelling": the country of the use of force a passive happened in."""
        if not is_passive(v) or agents(v):
            return []
        return [n for o in prep_objects(v, "in") if (e := match_noun(o, self.lex)) is not None
                and e.code[:2] in recode.roots("force") for n in side_modifiers(o)]

    def targets(self, p: Pred) -> list:
        """Target heads: a frame's, else the first lexicon slot that holds an actor, else the subject the
        governed action names, else a coded "with" object."""
        framed = frame_targets(p.tok, p.code, p.targets) if p.kind == "noun" else None
        if framed is not None:
            return framed
        said_to = [o for o in patients(p.tok) + datives(p.tok) if o.pos_ != "PRON"]
        if p.kind == "verb" and said_in_contact(p.tok) and not self.names_actor(said_to):
            callee = [o for o in patients(p.tok.head) if o.pos_ != "PRON"]
            if callee:
                return callee  # "phoned Ardern to congratulate her", "rang Kenyatta to express support"
        found, fallback = self.slot_targets(p)
        if found:
            return found
        inner = self.inner_subject(p, fallback)
        if inner:
            return inner
        if fallback and not any(a.code for a in self.expand(fallback)):
            t = p.inner.tok if p.inner is not None else p.tok
            coded = [c for c in prep_objects(t, "with") if any(a.country for a in self.expand([c]))]
            if coded:
                return coded  # "withdrew from the deal with Iran" (the parse hangs "with Iran" on the verb)
        return fallback

    def slot_targets(self, p: Pred) -> tuple[list, list]:
        """(heads of the first slot naming a coded actor, heads of the first filled slot) over the lexicon
        entry's slots, of the governed action first for intents and threats, of the wrapper first for appeals."""
        slots_from = [p]
        warned = p.kind == "verb" and self.names_actor(patients(p.tok))  # "warned the Malian junta that it risked
        # a war with Paris": the one warned
        if p.wrap in words("GOVERNED_FIRST_WRAPS") and p.inner is not None and not warned:
            slots_from = [p.inner, p]
        elif p.wrap in words("ASKING_WRAPS") and p.inner is not None:
            slots_from = [p, p.inner]
        fallback = []
        for q in slots_from:
            holders = _holders(q)
            for slot in q.targets:
                if _helped_against(q.code, {slot}):
                    continue  # "to provide a shield against Argentine influence": not whom it helps
                found = [f for f in map(past_date, _slot_fill(q, slot, holders))
                         if f.pos_ in NOMINAL and f.ent_type_ not in ("DATE", "TIME", "EVENT")]
                if not found:
                    continue
                chosen = self.judge_slot(found)
                if chosen:
                    return chosen, fallback
                if all(f.lower_ in words("PERSON_PRONOUNS") for f in found):
                    return found, found  # "he was arrested at the airport": he, whoever he is; no later slot
                fallback = fallback or found
        return [], fallback

    def judge_slot(self, found: list) -> list:
        """The slot's heads when they name a country or a coded actor, or the actor nested in them ("near the
        border with Ukraine", "welcomed the decision by the WEF"); [] when the slot holds no actor."""
        found = [self.antecedent_actor(f) for f in found]
        actors = self.expand(found)
        if any(a.country for a in actors) or any(f.ent_type_ == "PERSON" and f.pos_ == "PROPN" for f in found):
            return found  # a named person is someone, known or not ("arrested Robinson on suspicion of ...")
        nested = [o for f in found for prep in word_list("NESTED_PREPS") for o in prep_objects(f, prep)] + [
            c for f in found for c in f.children if c.dep_ == "poss" or (
                c.dep_ == "compound" and c.ent_type_ in ("ORG", "GPE", "NORP"))] + [
            a for f in found for c in f.children if c.dep_ == "acl" for a in agents(c)]
        about = [g for f in found if f.lemma_.lower() in words("ACCUSATION") for c in f.children
                 if c.dep_ in ("acl", "ccomp") for g in c.children if g.dep_ == "nsubj"]
        if about and not any(a.code for a in actors) and any(a.code for a in self.expand(about)):
            return about  # "an inquiry into claims that two officers took bribes": whom they are about
        if nested and (any(a.country for a in self.expand(nested)) or (
                not any(a.code for a in actors) and any(n.ent_type_ in ("ORG", "PERSON", "GPE", "NORP")
                                                        for n in nested))):
            return nested
        return found if any(a.code for a in actors) else []

    def antecedent_actor(self, f):
        """"a militia that Rwanda armed": a relative pronoun stands for a noun that names an actor."""
        v = f.head
        if rel_pronoun(f) and v.dep_ == "relcl" and v.head.pos_ == "NOUN" and any(
                a.code for a in self.expand([v.head])):
            return v.head
        return f

    def inner_subject(self, p: Pred, fallback: list) -> list:
        """"demanded that Paraguay return the land", "help Somalia rebuild": the one who is to act."""
        asking = p.wrap in words("ASKING_WRAPS")
        if p.inner is None or fallback and not (asking and not any(a.code for a in self.expand(fallback))):
            return []
        t = p.inner.tok
        inner_subj = [c for c in t.children if c.dep_ == "nsubj"] if asking else []
        inner_subj = inner_subj or [g for c in t.children if c.dep_ == "ccomp" for g in c.children
                                    if g.dep_ == "nsubj"]
        if inner_subj and not fallback or inner_subj and inner_subj[0].pos_ in ("PROPN", "NOUN"):
            return inner_subj
        return []

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
            place = head.dep_ == "pobj" and head.head.lower_ in words("PLACE_PREPS")
            for a in self.actors_for(head):
                if a.start not in seen and (a.code or e.label_ in ("PERSON", "ORG", "", "NP")):
                    seen.add(a.start)
                    out.append(replace(a, role_hint="place" if place else ""))
        return sorted(out, key=lambda a: not a.code)  # coded actors first

    def condition_subject(self, p: Pred, markers: str = "CONDITION_MARKERS") -> list:
        """The subject of an "if"/"unless" clause of a threat (whom the threat is addressed to), or of an
        "until"/"unless" clause of a refusal; `markers` names the class of conjunctions."""
        toks = [p.tok] + ([p.inner.tok] if p.inner is not None else [])
        for c in (c for t in toks for c in condition_clauses(t, markers)):
            subj = [g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]
            if subj and any(is_political(a) for a in self.expand(subj)):
                return subj  # a country, or an arm of a state or a group ("until the government raises pay")
        return []

    def purpose_object(self, p: Pred, helping: bool = True) -> list:
        """The object of a helping purpose clause ("provided aid to support Syrian refugees"), if it names an
        actor (class HELPING_VERBS; any verb with helping=False: "sent forces to oust Kurdish militants")."""
        for c in _purpose_clauses(p):
            if c.dep_ in ("advcl", "xcomp") and (not helping or c.lemma_.lower() in words("HELPING_VERBS")):
                objs = [o for o in c.children if o.dep_ == "dobj"]
                if objs and self.names_actor(objs):
                    return objs
        return []

    def place_of_act(self, p: Pred) -> list:
        """A country or town where the governed action is to be done ("agreed to open a clinic in Gdansk")."""
        t = p.inner.tok if p.inner is not None else p.tok
        return self._first_place([t], "PLACE_OF_ACT_PREPS", ("GPE", "LOC"))

    def destination(self, p: Pred) -> list:
        """The country forces are sent to or deployed in ("sent 200 troops in Syria", "deployed troops to
        Mali"), when nothing else is their target."""
        return self._first_place([p.tok, *patients(p.tok)], "DESTINATION_PREPS", ("GPE",))

    def posture_place(self, p: Pred) -> list:
        """Where forces are put on alert, mobilised or sent, when no one is named: "remained on alert near the
        Somali border", "put a battalion on standby to fly into Mali" (classes POSTURE_PREPS)."""
        t = p.tok
        holders = [t] + ([t.head.head] if t.dep_ == "pobj" else []) + [
            c for h in [t, t.head.head] for c in h.children if c.dep_ == "advcl" and infinitive(c)]
        for h in holders:
            for prep in word_list("POSTURE_PREPS"):
                found = [o for o in prep_objects(h, prep) if o.pos_ in ("NOUN", "PROPN") and o.ent_type_ not in
                         NOT_ACTOR_ENTS and o.lemma_.lower() not in words("PREP_IDIOM_NOUNS")]
                if found:
                    return found[:1]
        return []

    def _first_place(self, holders: list, preps: str, ents: tuple) -> list:
        """The first place (of the entity types `ents`) after a preposition of the class `preps` that has a country."""
        for prep in word_list(preps):
            found = [o for h in holders for o in prep_objects(h, prep) if o.ent_type_ in ents]
            if found and any(a.country for a in self.expand(found[:1])):
                return found[:1]
        return []

    def place_of_thing(self, p: Pred, tgt_heads: list) -> list:
        """The target names no one (a thing, or a force or mission of no country): the country it is in or
        goes to ("engineers to the UN mission in Mali", "returned the stolen statues to Cambodia"), if one is
        named."""
        actors = self.expand(tgt_heads)
        if any(a.is_person or a.sector not in (None, "MIL") or a.country and a.country not in NO_COUNTRY
               for a in actors):
            return []
        t = p.inner.tok if p.inner is not None else p.tok
        return self._first_place(tgt_heads, "PLACE_OF_ACT_PREPS", ("GPE", "LOC")) or self._first_place(
            [t], "DESTINATION_PREPS", ("GPE",))

    def purpose_place(self, p: Pred) -> list:
        """Aid whose purpose clause happens in a country ("gave 350 million euros to promote investment in
        Ethiopia", "grants to help farmers in Malawi"): that country is whom the aid goes to."""
        for c in _purpose_clauses(p):
            places = [o for x in c.subtree if x.dep_ == "prep" and x.lower_ == "in"
                      for o in x.children if o.dep_ == "pobj" and o.ent_type_ == "GPE"]
            if places and any(a.country for a in self.expand(places[:1])):
                return places[:1]
        return []

    def actor_in_clause(self, p: Pred, src_heads: list, tgt_heads: list) -> list:
        """The target slot holds no actor ("the embargo", "an investigation"): the coded actor of the
        trigger's own phrase or clause nearest to that slot (or to the trigger), if there is one."""
        t = p.inner.tok if p.inner is not None else p.tok
        used = {x.i for h in src_heads for x in h.subtree} | {t.i, p.tok.i}  # not inside the source's phrase
        used |= {c.i for c in p.tok.children if c.lemma_.lower() in getattr(p.entry, "extra", ())}  # "joined
        # forces with": a word of the verb
        anchor = tgt_heads[0].i if tgt_heads else t.i
        given = p.code[:2] in recode.roots("aid")
        cands = []
        for x in t.subtree:
            if x.i in used or x.pos_ not in ("NOUN", "PROPN") or x.ent_type_ in NOT_ACTOR_ENTS:
                continue
            path = _path_up(x, t)
            preps = {a.lower_ for a in path if a.dep_ == "prep"}
            if x.dep_ in ("compound", "amod", "nmod", "poss", "attr") or any(
                    v.pos_ in ("VERB", "AUX") and v.dep_ in ("ccomp", "relcl", "advcl") or
                    v.dep_ == "conj" and v.pos_ == "VERB" and match_verb(v, self.lex) is not None for v in path):
                continue  # a modifier of another noun, what something is ("is not a terrorist group"), or inside
                # another clause, or another event's ("praised the findings and urged Minsk to reply")
            if p.kind == "noun" and any(a.dep_ == "conj" for a in [x, *path]):
                continue  # "air strikes and artillery fire": coordinated with the act, not its target
            in_clause = p.kind == "noun" and any(v.pos_ in ("VERB", "AUX") for v in path)
            if x.dep_ == "pobj" and x.head.lower_ in words("LOCATIVE") and (x.head.head.i == t.i or in_clause):
                continue  # "talks in Geneva", "demands made at a summit in Doha": the venue is not the partner
            if preps & words("ROLE_PREPS"):
                continue  # "requested a briefing as leader of the opposition": a role, not a partner
            if x.lemma_.lower() in words("WARS"):
                continue  # "during the Iran-Iraq war": a war names the time, not a partner
            if given and first_conjunct(x).dep_ == "dobj" and first_conjunct(x).head.i == t.i:
                continue  # the aid given, not whom it is given to
            if recode.is_conflict(p.code) and (x.dep_ == "pobj" and x.head.lower_ in words("ON_BEHALF_PREPS")
                                               or preps & words("ALONGSIDE_PREPS")):
                continue  # the side fought for or alongside is no target (as in any_object)
            if _helped_against(p.code, preps):
                continue  # whom help is against is no target (as in any_object)
            if any(a.code for a in self.expand([x])):
                cands.append(x)
        cands.sort(key=lambda x: abs(x.i - anchor))
        return cands[:1]

    def any_object(self, p: Pred, exclude: tuple = ()) -> list:
        """No slot of the lexicon entry is filled: the nearest named or coded object of the trigger's
        clause ("awarded a state medal to the Chilean envoy", "called Lavrov"), other than `exclude`."""
        t = p.inner.tok if p.inner is not None else p.tok
        holders = [t] if p.kind == "noun" else [t] + patients(t)
        given = p.code[:2] in recode.roots("aid")  # "providing heavy artillery": the object is the aid, not whom
        cands = [] if p.kind == "noun" else (datives(t) if given else patients(t) + datives(t))
        if p.kind == "verb" and not cands:  # "Japan met and praised Australia": a shared object
            cands += [o for c in t.children if c.dep_ == "conj" and c.pos_ == "VERB" for o in patients(c)]
        for prep in word_list("ANY_OBJECT_PREPS"):
            if recode.is_conflict(p.code) and prep in words("ON_BEHALF_PREPS"):
                continue  # "to fight for a terrorist group": the side fought for is no target
            if _helped_against(p.code, {prep}) or _beside(p, prep):
                continue  # "a shield against Argentine influence": help against someone is not for them
            found = [o for h in holders for o in prep_objects(h, prep)]
            if p.kind == "verb" and prep in words("LOCATIVE"):  # "militias fighting in Syria": where, not whom
                found = [o for o in found if o.ent_type_ not in ("GPE", "LOC", "FAC")]
            cands += found
        if p.kind == "verb":  # "convicted the bank to pay": the parse reads the object as the clause's subject
            cands += [g for c in t.children if c.dep_ == "ccomp" and infinitive(c)
                      for g in c.children if g.dep_ == "nsubj"]
        cands = [o for c in cands for o in (prep_objects(c, "against") if c.lemma_.lower() in words("WARS") else [c])]
        # ("fought in the civil war against the militias": the militias, not the war)
        own = frozenset(p.entry.objects or ()) | frozenset(getattr(p.entry, "extra", ()) or ()) if (
            p.kind == "verb" and p.entry is not None) else frozenset()  # "staged a protest", "went on strike"
        cands = [c for c in cands if c.lemma_.lower() not in own and c.lower_ not in own]  # "staged a protest"
        cands = [c for c in cands if c not in exclude and c.pos_ in ("NOUN", "PROPN") and c.ent_type_ not in (
                 "DATE", "TIME", "EVENT", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL")]
        coded = [c for c in cands if any(a.code for a in self.expand([c]))]
        return coded[:1] or cands[:1]


def _beside(p: Pred, prep: str) -> bool:
    """"Fought with French troops in the campaign against the jihadists": with an ally, when the clause names whom
    the fight is against."""
    return prep == "with" and recode.is_conflict(p.code) and any(
        t.lower_ == "against" and t.dep_ == "prep" for t in p.tok.subtree)


def _helped_against(code: str, preps: set) -> bool:
    """Help (recode roots helping) and one of the prepositions naming whom it is against (class OPPOSING_PREPS)."""
    return code[:2] in recode.roots("helping") and bool(preps & words("OPPOSING_PREPS"))


def _issues(verb, noun) -> bool:
    """"passed a resolution", "signed a decree": an issuing verb and the document it issues (classes ISSUING_VERBS,
    targets.yaml DOCUMENTS)."""
    return verb.lemma_.lower() in words("ISSUING_VERBS") and noun.lemma_.lower() in word_classes()["DOCUMENTS"]


def _speaks_for(speaker, pronoun) -> bool:
    """"He called for talks, his office said": the speaker is the pronoun's own office (classes.yaml
    OWN_POSSESSIVE_OF), not who the pronoun stands for."""
    own = word_list("OWN_POSSESSIVE_OF")
    return any(c.dep_ == "poss" and f"{pronoun.lower_}:{c.lower_}" in own for c in speaker.children)


