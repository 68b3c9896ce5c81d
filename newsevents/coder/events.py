"""Turn the triggers of one sentence into events: a chain of small steps over an immutable candidate
(scope → modality → arguments → relations → fallbacks → speaker → pairs → score).

Where to look: a verb's code is in `verbs.yaml`, a noun's in `nouns.yaml`; recodes (negation, future, crowds,
peacekeeping) in `recode.yaml`; the source/target frames of nominal triggers in `frames.yaml`; word classes in
`classes.yaml`; how a phrase becomes an actor in `phrases.py` and `actors/resolver.py`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

from newsevents.actors.resolver import Actor, ArticleMemory
from newsevents.coder import recode
from newsevents.coder.args import has_advmod, negated, prep_objects, said_in_contact, subject_of
from newsevents.coder.data import words
from newsevents.coder.lexicon import load_lexicon
from newsevents.coder.modality import (
    back_reference,
    conditioned,
    future,
    in_charge_scope,
    in_denied_scope,
    in_purpose,
    in_reported_scope,
    judgment,
    obligation,
    unrealised_noun,
)
from newsevents.coder.modality import flags as modality_flags
from newsevents.coder.phrases import PhraseActors
from newsevents.coder.predicates import Pred, find_predicates, match_noun, match_verb
from newsevents.coder.scoring import Scoring, current
from newsevents.coder.slots import Slots
from newsevents.ontology import cameo


@dataclass
class SentenceEvent:
    source: Actor | None
    target: Actor | None
    pred: Pred
    code: str
    flags: dict = field(default_factory=dict)
    confidence: float = 0.5
    why: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Candidate:
    """One trigger on its way to events; every step returns a new candidate, or None to drop it."""

    pred: Pred
    code: str
    flags: tuple = ()  # (name, value) pairs: future, hypothetical, negated, reported_by
    notes: tuple[str, ...] = ()
    src_heads: tuple = ()
    inherited: bool = False
    tgt_heads: tuple = ()
    srcs: tuple = ()
    tgts: tuple = ()
    between: tuple = ()
    joint: bool = False
    reciprocal: bool = False
    weak: float = 0.0  # confidence taken off for arguments found by a fallback

    @property
    def flag(self) -> dict:
        return dict(self.flags)

    @property
    def pair_of_subjects(self) -> bool:
        """"China and Russia met", "A and B jointly ...": the coordinated subjects act on each other."""
        return len(self.srcs) >= 2 and (self.joint or self.reciprocal)


class SentenceCoder(PhraseActors, Slots):
    """Codes the sentences of one article, carrying the article's memory of actors."""

    def __init__(self, memory: ArticleMemory, keep_negated: bool = False, alternatives: bool = False,
                 scoring: Scoring | None = None):
        super().__init__(memory)
        self.lex = load_lexicon()
        self.keep_negated = keep_negated  # also emit negated conflict and hypothetical actions, flagged
        self.alternatives = alternatives  # also pair the source with other actors of the sentence (low confidence)
        self.scoring = scoring or current()

    def code(self, sent) -> list[SentenceEvent]:
        """The events of one sentence."""
        out: list[SentenceEvent] = []
        self.group_before = self.memory.last_group  # (named in an earlier sentence: "the group" is not the SDF)
        for subj in (c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")):
            for a in self.actors_for(subj):
                self.note_actor(a)  # "Islamic State lost its last town. Its fighters ...": whose fighters
        for p in find_predicates(sent, self.lex):
            if self.out_of_scope(p):
                continue
            c: Candidate | None = Candidate(p, p.code)
            for step in (self.modality, self.arguments, self.relations, self.fallbacks, self.speaker):
                c = step(c)
                if c is None:
                    break
            if c is not None:
                out += self.events(sent, c)
        out += self.reported_appeals(sent, {e.pred.tok.i for e in out})
        return out

    # --- steps ---------------------------------------------------------------------------
    def out_of_scope(self, p: Pred) -> bool:
        """Absorbed by a wrapper, a modifier ("the attack helicopter"), a clause that is the subject of another
        ("to withdraw would be a mistake"), or under a denying, hoping or charging word ("denied any plan to
        invade", "hopes for talks", "arrested for collaborating with")."""
        return (p.absorbed or p.tok.dep_ in ("amod", "compound", "csubj") or _described(p) or in_denied_scope(p.tok)
                or in_purpose(p.tok) or in_reported_scope(p.tok) or in_charge_scope(p.tok, self.lex) or judgment(p.tok)
                or unrealised_noun(p) or back_reference(p.tok))

    def modality(self, c: Candidate) -> Candidate | None:
        """Flags; drops hypotheticals and negated acts (unless keep_negated); "will not accept" -> rejection,
        "will attack" -> threat (recode.yaml, stage modality)."""
        p = c.pred
        flags = modality_flags(p)
        if flags.get("hypothetical") and not self.keep_negated:
            return None  # "could apologize", "if the government refuses": not an asserted event
        inner_neg = p.inner is not None and negated(p.inner.tok) and p.wrap != "threaten"  # "warned it will not
        # allow marches" is still a warning
        neg = negated(p.tok) or inner_neg or (
            p.kind == "noun" and p.tok.dep_ == "dobj" and p.tok.head.lemma_.lower() in words("LIGHT_VERBS")
            and negated(p.tok.head))  # "will not begin talks"
        passive = any(ch.dep_ in ("nsubjpass", "auxpass") for ch in p.tok.children)
        facts = recode.Facts(negated=neg, future=future(p), wrapped=p.wrap is not None, passive=passive,
                             trigger=p.tok, conditioned=conditioned(p.tok))
        code, applied = recode.apply("modality", c.code, facts)
        if neg:  # "will not accept" refuses; "is not planning to send" only says there is no plan
            refusal = any(r.when.get("negated") for r in applied) and \
                p.tok.lemma_.lower() not in words("PLANNING_VERBS")
            if not self.keep_negated and not refusal:
                return None
            flags["negated"] = True
        return replace(c, code=code, flags=tuple(flags.items()), notes=tuple(recode.notes(applied, c.code)))

    def arguments(self, c: Candidate) -> Candidate | None:
        """Source and target heads; drops non-agents ("an earthquake killed") and travel that is no visit;
        a protesting crowd demonstrates (recode.yaml, stage arguments)."""
        p = c.pred
        src_heads, inherited = self.sources_and_origin(p, c.code)
        src_heads = [h for h in src_heads if h.i != p.tok.i]  # the event is not its own doer
        if any(self.non_agent(h) for h in src_heads):
            return None  # "an earthquake killed six people", "stocks encouraged investors"
        if c.code[:3] == "042" and p.tok.lemma_.lower() != "visit" and not any(
                a.sector in words("OFFICIAL_SECTORS") for a in self.expand(src_heads)):
            return None  # "immigrants arrived in Canada" is no visit: travel is a visit by an official
        code, _ = recode.apply("arguments", c.code, recode.Facts(source_heads=tuple(src_heads), trigger=p.tok))
        tgt_heads = [t for t in self.targets(p) if t not in src_heads and t.i != p.tok.i]  # not the act itself
        srcs = self.expand(src_heads)
        between = self.expand(prep_objects(p.tok, "between") + [
            g for o in prep_objects(p.tok, "of") for g in prep_objects(o, "between")] + [
            g for h in src_heads if h.pos_ == "NOUN" and match_noun(h, self.lex) is not None
            for g in prep_objects(h, "between")])  # "the meeting between Serbia and Kosovo failed to agree"
        pair_noun = p.kind == "noun" and c.code not in recode.roots("mediation_codes")
        if len([a for a in between if a.country]) >= 2 and (pair_noun or not any(a.country for a in srcs)):
            srcs, src_heads, tgt_heads = [], [], []  # "the signing of agreements between China and Russia", "told
            # the Guardian there was a phone call between Trump and Erdoğan": the two it is between
        return replace(c, code=code, src_heads=tuple(src_heads), inherited=inherited, tgt_heads=tuple(tgt_heads),
                       srcs=tuple(srcs), between=tuple(between))

    def relations(self, c: Candidate) -> Candidate:
        """Joint and reciprocal action of coordinated subjects; peacekeepers and joint drills (recode.yaml,
        stage dyads)."""
        p = c.pred
        jw = words("JOINT_WORDS")
        joint = p.tok.lemma_.startswith("co-") or has_advmod(p.tok, jw) or (
            p.inner is not None and has_advmod(p.inner.tok, jw)) or any(
            ch.lower_ == "both" for h in c.src_heads for ch in h.children) or (
            p.kind == "noun" and (has_advmod(p.tok.head, jw) or any(
                ch.lower_ in words("JOINT_MODIFIERS") for ch in p.tok.children)))
        facts = recode.Facts(sentence=p.tok.sent, n_sources=len(c.srcs), joint=joint, trigger=p.tok)
        code, _ = recode.apply("dyads", c.code, facts)
        both, codes = recode.roots("reciprocal"), recode.roots("reciprocal_codes")
        inner = p.inner.code if p.inner is not None else code
        reciprocal = (inner[:2] in both or code[:2] in both or inner in codes or code in codes) and \
            code not in recode.roots("mediation_codes")  # "a truce brokered by Oman and Qatar": together
        return replace(c, code=code, joint=joint, reciprocal=reciprocal)

    def fallbacks(self, c: Candidate) -> Candidate:
        """A target where the lexicon slots name none: any object, the actor of the trigger's clause, the one
        a conditional threat is addressed to; each lowers the confidence."""
        p, weak, tgt_heads = c.pred, c.weak, list(c.tgt_heads)
        src_heads = list(c.src_heads)
        if not tgt_heads and not c.pair_of_subjects:
            tgt_heads = self.any_object(p, exclude=tuple(src_heads))
            weak += self.scoring.fallback if tgt_heads else 0.0
        if c.inherited:
            weak += self.scoring.fallback  # the subject of the governing clause
        if any(said_in_contact(ch) and match_verb(ch, self.lex) is not None for ch in p.tok.children):
            weak += self.scoring.fallback  # "rang Kenyatta to express support": what was said says more
        pronoun = any(h.lower_ in words("OBJECT_PRONOUNS") | words("PERSON_PRONOUNS") for h in tgt_heads)
        if not c.pair_of_subjects and not self.names_actor(tgt_heads) and not pronoun:  # "accusing it of arming
            # rebels": "it"; "he was arrested at Manchester airport": "he", whoever he is, not the airport
            better = self.actor_in_clause(p, src_heads, tgt_heads)
            if better:  # "lifted the embargo on Cuba", "opened an investigation into Yovanovitch"
                tgt_heads = better
                weak += self.scoring.fallback
        if c.code[:2] in recode.roots("aid") and not self.names_actor(tgt_heads):
            helped = self.purpose_object(p) or self.purpose_place(p)
            if helped:  # "provided $1.7bn in assistance to support Syrian refugees": the ones supported
                tgt_heads = helped
        if not c.pair_of_subjects and not pronoun:  # (not "Modi and Sharif are due to meet in Dushanbe")
            where = self.place_target(c, tgt_heads)
            if where:
                tgt_heads = where
                weak += self.scoring.fallback
        threat, refusal = c.code[:2] in recode.roots("conditional_threat"), c.code[:2] in recode.roots("refusal")
        if threat or refusal:
            cond = self.condition_subject(p, "CONDITION_MARKERS" if threat else "REFUSAL_CONDITION_MARKERS")
            own = {a.country for a in c.srcs if a.country} if threat else set()
            if cond and not any(a.country and a.country not in own for a in self.expand(tgt_heads)):
                tgt_heads = cond  # "threatened to kill her if the British government refuses": the one warned;
                # "will not lift the embargo until Cuba undertakes reforms": the one who must move first; "warned
                # the US would respond if Assad used chemical weapons": not the US
        posture_roots = recode.roots("posture")
        posture = c.code[:2] in posture_roots or p.code[:2] in posture_roots  # also troops sent as peacekeepers
        mine = [h for h in tgt_heads if self.own_forces(h, c.srcs, posture)]
        tgt_heads = [h for h in tgt_heads if h not in mine]
        if mine and posture and not tgt_heads:  # "mobilised the army for an assault against Gaza", "sent forces
            # to oust Kurdish militants": the one the forces are for; else the country they go to
            tgt_heads = [o for f in prep_objects(p.tok, "for") for o in prep_objects(f, "against")] or \
                self.purpose_object(p, helping=False) or self.destination(p)
        tgts = tuple(self.expand(tgt_heads))
        facts = recode.Facts(trigger=p.tok, unarmed_people=_unarmed_people(list(c.srcs) + list(tgts)),
                             state_source=any(a.country and (not a.sector or a.sector in words("STATE_ARM_SECTORS"))
                                              for a in c.srcs))
        code, applied = recode.apply("sides", c.code, facts)
        return replace(c, code=code, tgt_heads=tuple(tgt_heads), tgts=tgts, weak=weak,
                       notes=c.notes + tuple(recode.notes(applied, c.code)))

    def place_target(self, c: Candidate, tgt_heads: list) -> list:
        """A place as target where no one is named: where a promised act is done ("agreed to lay down their
        weapons in eastern Lebanon"), where a thing or a force of no country goes ("send police to the UN mission
        in Haiti"), where forces are put ("remained on alert near the Somali border"); [] when none applies."""
        p, root = c.pred, c.code[:2]
        where = []
        if root in recode.roots("place_targets") and not any(a.country for a in self.expand(tgt_heads)):
            where = self.place_of_act(p)
        if not where and root in recode.roots("place_beneficiary") and tgt_heads:
            where = self.place_of_thing(p, tgt_heads)
        if not where and root in recode.roots("posture") and not tgt_heads:
            where = self.posture_place(p)
        return where

    def own_forces(self, head, srcs, posture: bool = False) -> bool:
        """"withdraw its troops", "pull US troops out": the source's own forces are its means, not its target;
        so are forces of no named country that a state mobilises or deploys ("mobilised the troops")."""
        if head.lemma_.lower() not in words("TROOPS") and head.lower_ not in words("TROOPS"):
            return False
        state = words("STATE_SIDES")
        mine = {s.country for s in srcs if s.country and str(s.sector) in state}
        if posture and any(s.country or str(s.sector) in state for s in srcs):
            mine.add(None)
        return bool(mine) and all(a.country in mine and str(a.sector) in state for a in self.expand([head]))

    def speaker(self, c: Candidate) -> Candidate:
        """"Russia says Israel must end its attacks": the speaker appeals to the one who must act."""
        p, speaker = c.pred, c.flag.get("reported_by")
        if speaker is None or not obligation(p) or p.wrap is not None or c.flag.get("negated"):
            return c
        note = f"'{p.tok.text}' is what the speaker says must happen -> appeal"
        return replace(c, notes=c.notes + (note,), tgts=tuple(a for a in c.srcs if a.code) or c.tgts,
                       tgt_heads=(speaker,), srcs=tuple(self.expand([speaker])), src_heads=(speaker,),
                       code=recode.combine("appeal", c.code, "020"))

    # --- pairs and events -------------------------------------------------------------------
    def pairs(self, c: Candidate) -> list[tuple[Actor | None, Actor | None, str]]:
        """(source, target, how) dyads: each source with each target; coordinated subjects with each other;
        "between A and B"; a source alone when there is no target."""
        srcs, tgts = list(c.srcs), list(c.tgts)
        named_between = len([a for a in c.between if a.country]) >= 2 or (len(c.between) >= 2 and not srcs)
        pairs: list[tuple[Actor | None, Actor | None, str]] = []
        if tgts:
            pairs = [(s, t, "") for s in srcs or [None] for t in tgts if s is None or s.start != t.start or
                     s.country != t.country]
        if c.pair_of_subjects and not any(t.code or t.named for t in tgts):
            pairs, tgts = [], []  # "China and Russia held joint drills near the coast": with each other
        if tgts and not (not any(a.country for a in srcs) and named_between):
            pass
        elif c.pair_of_subjects:
            pairs = [(a, b, "joint action of the subjects") for i, a in enumerate(srcs) for b in srcs[i + 1:]]
        elif not any(a.country for a in srcs) and len(c.between) >= 2:
            pairs = [(a, b, "between") for i, a in enumerate(c.between) for b in c.between[i + 1:]]
        if not pairs:
            pairs = [(s, None, "") for s in srcs]
        return [(s, t, how) for s, t, how in pairs if not _same_actor(s, t)] or [(s, None, "") for s in srcs]

    def alternative_pairs(self, sent, c: Candidate, pairs: list) -> list:
        """Low-confidence pairings of the source with other actors of the sentence (only with alternatives)."""
        srcs, tgts, p = list(c.srcs), list(c.tgts), c.pred
        taken = {a.start for s_, t_, _ in pairs for a in (s_, t_) if a is not None}
        others = self.other_actors(sent, p, list(c.src_heads) + list(c.tgt_heads), taken)[:8]
        coded_target = any(t_.country for t_ in tgts)
        out = []
        for alt in others if srcs else []:
            if coded_target and alt.role_hint == "place":
                continue  # "cooperation with China in the United Nations": a venue, not a second target
            out += [(s_, alt, "alternative target: another actor in the sentence") for s_ in srcs
                    if not _same_actor(s_, alt) and (s_.code != alt.code or not s_.country)]
        if not any(s_ is not None and s_.country for s_ in srcs):
            for alt in others:
                out += [(alt, t_, "alternative source: another actor in the sentence")
                        for t_ in tgts or [None] if not _same_actor(alt, t_)]
        return out

    def events(self, sent, c: Candidate) -> list[SentenceEvent]:
        """One event per dyad, scored; a visit also gives the host's 043."""
        p, flags = c.pred, c.flag
        pairs = self.pairs(c)
        if self.alternatives:
            pairs += self.alternative_pairs(sent, c, pairs)
        out = []
        for s, t, how in pairs:
            alt = how.startswith("alternative")
            raw = self.scoring.raw(p.kind, s is not None and bool(s.code), t is not None and bool(t.code),
                                   p.specific or p.inner is not None, bool(flags.get("hypothetical")), c.weak,
                                   bool(c.notes), alt)
            why = [f"{p.kind} '{p.tok.text}'" + (f" + '{p.inner.tok.text}'" if p.inner is not None else "")
                   + f" -> {c.code} {cameo(c.code).name}"] + ([how] if how else []) + list(c.notes)
            f = dict(flags) | ({"alternative": True} if alt else {})
            out.append(SentenceEvent(s, t, p, c.code, f, self.scoring.clamp(raw), why))
            if c.code == "042" and t is not None and t.country and s is not None and s.code and not alt:
                host = ["the host of the visit -> 043 " + cameo("043").name]  # the visited side hosts a known visitor
                out.append(SentenceEvent(t, s, p, "043", dict(f), self.scoring.host_of(raw), why[:1] + host))
        return out

    def reported_appeals(self, sent, triggers: set[int]) -> list[SentenceEvent]:
        """"Trump said North Korea must do something": an appeal from the speaker to the one who must act,
        when the clause has no coded action of its own; "Ankara said Kurdish militants were responsible": an accusation
        (classes BLAME_WORDS)."""
        out = []
        for v in sent:
            if v.lemma_.lower() not in words("SPEECH") or v.pos_ not in ("VERB", "AUX"):
                continue
            for c in v.children:
                if c.dep_ != "ccomp" or c.i in triggers or negated(c):
                    continue
                if any(t.i in triggers for t in c.children if t.dep_ == "conj"):
                    continue
                if {a.lower_ for a in c.children if a.dep_ == "aux"} & words("OBLIGATION_AUX"):
                    out += self._speaker_pairs(v, c, "020", "must happen")
                elif _blames(c):
                    out += self._speaker_pairs(v, c, "112", "is to blame")
        return out

    def _speaker_pairs(self, v, c, code: str, what: str) -> list[SentenceEvent]:
        spk, subj = subject_of(v), [g for g in c.children if g.dep_ == "nsubj"]
        out = []
        for s_ in self.expand(spk):
            for t_ in self.expand(subj):
                own_state = s_.country and s_.country == t_.country and str(t_.sector) in words("OWN_ARMS")
                if s_.code and t_.code and s_.code != t_.code and not _same_actor(s_, t_) and not own_state:
                    # "Germany must": a view; "the president says British troops must go home": an order or a
                    # view, not an appeal
                    pred = Pred(c, code, (), "verb")
                    why = [f"'{v.text}' that '{c.text}' {what} -> {code} {cameo(code).name}"]
                    out.append(SentenceEvent(s_, t_, pred, code, {"reported_by": spk[0]},
                                             self.scoring.reported_appeal, why))
        return out


def _blames(c) -> bool:
    """"the militants were responsible", "the group was behind the bombing": a copula clause that blames its subject."""
    return c.lemma_.lower() == "be" and any(
        (g.dep_ == "acomp" and g.lower_ in words("BLAME_WORDS")) or (g.dep_ == "prep" and g.lower_ == "behind")
        for g in c.children)


def _unarmed_people(sides: list) -> bool:
    """Two or more sides, each a person or a political office ("Senator Corker", "Trump"), none armed and none
    a bare country (classes.yaml PEOPLE_SECTORS, ARMED_SECTORS)."""
    if len(sides) < 2:
        return False
    people, armed = words("PEOPLE_SECTORS"), words("ARMED_SECTORS")
    return all((a.is_person or str(a.sector) in people or a.head in words("VIEW_WORDS")) and str(a.sector) not in
               armed for a in sides)  # ("clashed with Lula's assessment": a view is no armed side)


def _same_actor(s: Actor | None, t: Actor | None) -> bool:
    """A dyad of one actor with itself (a group that names the source too, a split apposition)."""
    if s is None or t is None or s.code is None or not s.country:
        return False  # two unnamed "officials" or "governments" are not known to be one actor
    if s.named_before or t.named_before:
        return s.country == t.country
    if s.sector == t.sector == "GOV" and s.entity is None and t.entity is None and s.head and t.head and \
            s.text.lower() != t.text.lower() and not _adjacent(s, t):
        return False  # "the state government signed with the Gujarat department": two bodies of one country
    return s.code == t.code and (s.entity == t.entity or s.entity is None or t.entity is None)


def _adjacent(s: Actor, t: Actor) -> bool:
    """One phrase split in two by the parse ("the US president, Donald Trump")."""
    return -3 <= t.start - s.end <= 3 or -3 <= s.start - t.end <= 3


def event_id(article_id: str, sentence: int, trigger_start: int, src: Actor | None, tgt: Actor | None,
             code: str) -> str:
    key = f"{article_id}|{sentence}|{trigger_start}|{src.start if src else ''}|{tgt.start if tgt else ''}|" \
          f"{src.country if src else ''}|{tgt.country if tgt else ''}|{code}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _described(p) -> bool:
    """A noun trigger that says what someone is ("Iran is a greater threat to Israel", "there are concerns"), or a
    verb about what its subject is ("denies being part of the cell"): a description, not an act (not a meeting or call
    between two: "there were talks between the two envoys")."""
    if p.kind == "verb":  # "denies being part of the cell": what the subject is, denied
        return any(c.dep_ in ("xcomp", "ccomp") and c.tag_ == "VBG" and c.lemma_.lower() in words("COPULAS")
                   for c in p.tok.children)
    return p.tok.dep_ == "attr" and p.tok.head.lemma_.lower() in words("COPULAS") and not any(
        c.dep_ == "prep" and c.lower_ == "between" for c in p.tok.children)
