"""Read a predicate's arguments off the dependency parse: subjects, objects, prepositional
objects, with passives, control, coordination and relative clauses handled."""

from __future__ import annotations

from newsevents.coder.data import words

SUBJ = ("nsubj", "nsubjpass", "csubj", "expl")
NOMINAL = ("NOUN", "PROPN", "PRON", "NUM")
CLIMB = ("xcomp", "advcl", "conj", "pcomp", "acomp", "ccomp", "pobj", "prep", "dobj", "attr", "oprd")
NP_LEFT = ("det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "predet", "case", "npadvmod",
           "advmod", "punct", "poss", "prep")


def is_passive(v) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in v.children)


def infinitive(v) -> bool:
    """v has the infinitive marker: "to attack", "to be extradited"."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)


def said_in_contact(v) -> bool:
    """v is what a call or visit was made to say: "called the Kenyan president to express support" (classes
    CONTACT_VERBS, SAID_IN_CONTACT)."""
    return v.head.lemma_.lower() in words("CONTACT_VERBS") and v.lemma_.lower() in words("SAID_IN_CONTACT")


def listed_appos(c) -> bool:
    """"The US, Russia, and Switzerland": the parser reads a list of names as an apposition with a conjunct."""
    return c.dep_ == "appos" and c.pos_ == "PROPN" and c.head.pos_ == "PROPN" and any(
        g.dep_ == "conj" and g.pos_ == "PROPN" for g in c.children)


def conjuncts(tok) -> list:
    """tok and the nouns coordinated with it ("China and Russia")."""
    out = [tok]
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if (c.dep_ == "conj" or listed_appos(c)) and c.pos_ in NOMINAL:
                out.append(c)
                stack.append(c)
    return sorted(out, key=lambda t: t.i)


def np_tokens(head) -> tuple[list, int]:
    """Tokens of the noun phrase headed by `head` (no relative clauses, conjuncts),
    and the index where its apposition/"of" tail begins (weaker evidence for resolution)."""
    keep = {head.i}
    tail = set()

    def add(t, into):
        for c in t.children:
            if c.dep_ in ("relcl", "acl", "conj", "cc", "advcl", "ccomp", "xcomp") or c.is_space:
                continue
            if c.dep_ == "punct" and c.i > head.i:
                continue
            into.add(c.i)
            add(c, into)

    for c in head.children:
        if c.is_space or c.dep_ in ("relcl", "acl", "conj", "cc", "advcl", "ccomp", "xcomp", "punct") or \
                listed_appos(c):
            continue
        if c.i < head.i:
            keep.add(c.i)
            add(c, keep)
        elif c.dep_ == "appos" or (c.dep_ == "prep" and c.lower_ in words("OF_PREPS")):
            tail.add(c.i)
            add(c, tail)
        elif c.dep_ in ("case", "compound", "nummod", "amod", "npadvmod", "nmod"):
            keep.add(c.i)
            add(c, keep)
    doc = head.doc
    core = [doc[i] for i in range(min(keep), max(keep) + 1)]
    rest = sorted(tail)
    toks = core + [doc[i] for i in rest if i > core[-1].i]
    return toks, len(core)


def _subjects_here(v) -> tuple[list, bool]:
    """Direct subjects of v; second value: True when they are the patient (passive)."""
    subs = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subs:  # the small model sometimes reads a sentence-initial name as npadvmod: "Sweden suspended aid"
        subs = [c for c in v.children if c.dep_ == "npadvmod" and c.i < v.i and c.ent_type_ in ("GPE", "NORP", "ORG")]
        return subs, False
    return subs, is_passive(v) or reduced_passive(v)


def reduced_passive(v) -> bool:
    """"a Canadian killed fighting Isis": a past-tense harm verb with no auxiliary and no object whose clause
    goes on with a participle is the parser's reading of "was killed while fighting"; its subject is whom it was
    done to (class HARM_VERBS)."""
    return v.tag_ == "VBD" and v.lemma_.lower() in words("HARM_VERBS") and not any(
        c.dep_ in ("aux", "auxpass", "dobj", "nsubjpass", "agent") for c in v.children) and any(
        c.dep_ in ("xcomp", "advcl") and c.tag_ == "VBG" and c.i > v.i for c in v.children)


def agents(v) -> list:
    out = []
    for c in v.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by" and (is_passive(v) or v.tag_ == "VBN")):
            out += [g for g in c.children if g.dep_ == "pobj"]
    if not out and is_passive(v):  # "is backed in its campaign against the cartels by the Mexican navy", "was seized
        # from his car by gunmen": the parser hangs the agent on the noun of the verb's own phrase
        out = [g for c in v.children if c.dep_ == "prep" and c.lower_ in words("AGENT_HOLDER_PREPS") for n in c.children
               if n.dep_ == "pobj" and n.pos_ == "NOUN" for b in n.children if b.dep_ == "prep" and b.lower_ == "by"
               for g in b.children if g.dep_ == "pobj"]
    return out


def conjoined_passive(v) -> bool:
    """"The militia is a group and is backed by Chad": a passive conjunct with no subject of its own; the
    subject it shares with the clause before is the one acted on."""
    return v.dep_ == "conj" and any(c.dep_ == "auxpass" for c in v.children) and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in v.children)


def shared_subjects(v) -> list:
    h = first_conjunct(v)
    return [c for c in h.children if c.dep_ in ("nsubj", "nsubjpass") and not rel_pronoun(c)]


def rel_pronoun(s) -> bool:
    """"who", "which", "that" as a relative pronoun (not "the WHO")."""
    return s.lower_ in words("REL_PRONOUNS") and not s.is_upper


def subject_of(v, depth: int = 0) -> list:
    """The doer of v: its subject, the agent of a passive, or a subject inherited up the tree."""
    if depth > 6:
        return []
    by = agents(v) or _judged_for(v)  # (a "for" clause: the one judged for it)
    if by:
        return by
    subs, passive = _subjects_here(v)
    if passive or conjoined_passive(v):
        return []
    subs = [s for s in subs if not rel_pronoun(s)] or (
        [v.head] if subs and v.dep_ == "relcl" and v.head.pos_ in NOMINAL else [])
    if subs:
        return subs
    if v.dep_ == "relcl" and v.head.pos_ in NOMINAL:  # "Malta, the island that hosts the summit": the named
        # noun the relative clause's noun is in apposition with
        named = v.head.head if v.head.dep_ == "appos" and v.head.head.pos_ == "PROPN" else v.head
        return [named]
    if v.dep_ == "acl":  # "candidates opposing Karzai": the noun does what its participle says (not an attack
        # noun: "a bombardment targeting Damascus" is done by whoever bombards)
        return _owner_of_plan(v) or agents(v) or ([v.head] if v.tag_ == "VBG" and v.head.pos_ in ("NOUN", "PROPN")
                             and not _an_attack(v.head) else [])
    if v.dep_ == "advcl" and v.tag_ == "VBG":  # "X withdrew, charging Y": the clause before it acts
        before = [s for c in v.head.children if c.dep_ in ("advcl", "conj") and c.i < v.i and c.pos_ == "VERB"
                  for s in c.children if s.dep_ == "nsubj" and not rel_pronoun(s)]
        if before and is_passive(v.head) and not agents(v.head):
            return before[-1:]
    if v.dep_ in ("xcomp", "advcl") and v.tag_ == "VBG" and reduced_passive(v.head):
        return [c for c in v.head.children if c.dep_ == "nsubj"]  # "a Canadian killed fighting Isis": he fought
    if v.dep_ in CLIMB and v.head.i != v.i:
        h = v.head
        if v.dep_ == "xcomp" and is_passive(h) and not is_passive(v) and h.lemma_.lower() in words("RAISING_VERBS"):
            raised = [c for c in h.children if c.dep_ == "nsubjpass" and not rel_pronoun(c)]
            if raised:  # "Poland's premier is set to meet", "was forced to resign": the passive's subject acts
                return raised  # (not "is believed to have fled": a hedged report, class RAISING_VERBS)
        # object control: "called on X to V", "urged X to V": the doer is the object
        if v.dep_ in ("xcomp", "ccomp", "advcl") and h.pos_ in ("VERB", "AUX"):
            objs = [c for c in h.children if c.dep_ in ("dobj",)] + [
                g for c in h.children if c.dep_ == "prep" and c.lower_ in words("CONTROL_PREPS") for g in c.children
                if g.dep_ == "pobj"]
            if objs and h.lemma_ in words("OBJECT_CONTROL") and not said_in_contact(v):
                return objs  # (not "called the Kenyan president to express support": the caller expresses it)
        return subject_of(h, depth + 1)
    return []


def _judged_for(v) -> list:
    """"Jailed by the court for travelling to join the militia", "thanked Oman for hosting": the one judged for a "for"
    clause did its act (the passive's subject or the object), not the judge."""
    if v.dep_ != "pcomp" or v.tag_ != "VBG" or v.head.lower_ != "for" or v.head.head.pos_ not in ("VERB", "AUX"):
        return []
    return [c for c in v.head.head.children if c.dep_ in ("nsubjpass", "dobj") and not rel_pronoun(c)]


def _owner_of_plan(v) -> list:
    """"Lula's decision to expel", "the decision by Lula to expel": whoever decided expels (not "its
    commitment to support": a pronoun is left to the clause's subject)."""
    if v.dep_ != "acl" or v.tag_ != "VB" or v.head.pos_ != "NOUN":
        return []
    return [c for c in v.head.children if c.dep_ == "poss" and c.pos_ != "PRON"] or prep_objects(v.head, "by")


def _an_attack(n) -> bool:
    """"a bombardment", "a wave of artillery bombardment": an attack noun, or a quantity of one."""
    return n.lemma_.lower() in words("ATTACK") or any(
        o.lemma_.lower() in words("ATTACK") for o in prep_objects(n, "of"))


def patients(v) -> list:
    """Direct objects of v (the subject of a passive)."""
    subs, passive = _subjects_here(v)
    if passive:
        return [_antecedent(v, s) for s in subs]
    if conjoined_passive(v):
        return shared_subjects(v)
    if v.dep_ == "acl" and v.tag_ == "VBN" and v.head.pos_ in ("NOUN", "PROPN"):
        return [v.head]  # "the convoy, attacked by Syrian forces": the noun is what was attacked
    objs = [_antecedent(v, c) for c in v.children if c.dep_ in ("dobj", "attr") and c.pos_ in NOMINAL]
    if not objs:  # "will not accept refugees fleeing the war": the parser reads the object as a participle's subject;
        # "found the banker guilty": as the subject of a small clause
        objs = [g for c in v.children if c.dep_ == "ccomp" and (c.tag_ == "VBG" or c.pos_ == "ADJ") and c.i > v.i
                and not any(a.dep_ in ("aux", "mark") for a in c.children)
                for g in c.children if g.dep_ == "nsubj" and g.pos_ in NOMINAL]
    return objs


def _antecedent(v, arg):
    """"the prince, whom Turkey accuses", "the soldiers who were captured": the noun a relative pronoun stands for."""
    if rel_pronoun(arg) and v.dep_ == "relcl" and (
            arg.lower_ in words("PERSON_REL_PRONOUNS") or v.head.pos_ == "PROPN"):
        return v.head  # (not "the incident, which the UK blamed on Russia": a thing, the slot goes on)
    return arg


def first_conjunct(x):
    """"logistics, training and heavy artillery": the first of a list (it holds the list's role); "repatriate
    and prosecute them": the first verb of a coordination (it holds the clause's place)."""
    for _ in range(8):
        if x.dep_ != "conj" or x.head.i == x.i:
            break
        x = x.head
    return x


def prep_objects(tok, prep: str) -> list:
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ == prep:
            for g in c.children:
                if g.dep_ == "pobj":
                    out.append(skip_quantity(g))
                elif g.dep_ == "pcomp":  # "with regard to X"
                    out += [x for x in g.children if x.dep_ == "pobj"]
    return out


def skip_quantity(tok):
    """"a number of agreements" -> agreements."""
    if tok.lemma_.lower() in words("QUANTITY"):
        inner = prep_objects(tok, "of")
        if inner:
            return inner[0]
    return tok


def datives(v) -> list:
    return [c for c in v.children if c.dep_ == "dative" and c.pos_ in NOMINAL]


def negated(tok) -> bool:
    """"did not attack", "no talks"; a verb conjoined without its own subject or auxiliary shares the
    negation of the verb it is joined to ("will not dismantle X or improve ties with Y")."""
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    if any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
        return True
    if any(c.dep_ == "advmod" and any(g.lower_ == "no" for g in c.children) for c in tok.children):
        return True  # "would no longer sell weapons"
    if tok.pos_ in ("VERB", "AUX") and any(_denying_subject(c) for c in tok.children
                                           if c.dep_ in ("nsubj", "nsubjpass")):
        return True  # "neither Britain nor France have ratified"
    if tok.pos_ == "VERB" and any(c.dep_ == "dobj" and any(g.dep_ == "det" and g.lower_ == "no" for g in c.children)
                                  for c in tok.children):
        return True  # "France has provided no evidence", "gave no details"
    if tok.dep_ == "xcomp" and tok.head.dep_ == "acomp" and tok.head.lower_ in words("READY_WORDS") and any(
            c.dep_ == "neg" for c in tok.head.head.children):
        return True  # "were not about to free", "is not ready to sign", "not willing to talk"
    return (tok.dep_ == "conj" and tok.pos_ in ("VERB", "AUX") and tok.head.pos_ in ("VERB", "AUX")
            and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in tok.children)
            and any(c.dep_ == "neg" for c in tok.head.children))


def _denying_subject(subj) -> bool:
    """A subject that denies its verb's act for each conjunct: "neither A nor B"."""
    neg = words("NEGATIVE_SUBJECT_WORDS")
    return any(c.dep_ in ("preconj", "det", "cc") and c.lower_ in neg for c in subj.children)


def has_advmod(tok, words: set[str]) -> bool:
    return any(c.dep_ in ("advmod", "prt") and c.lower_ in words for c in tok.children)


def child_lemmas(v) -> set[str]:
    """Lemmas hanging on v, and on its prepositions and direct objects (for multiword entries)."""
    out = set()
    for c in v.children:
        if c.dep_ == "prep" and c.n_rights and all(g.ent_type_ in ("DATE", "TIME") for g in c.children):
            continue  # "called X on Wednesday" is not "called on X"
        if c.dep_ in ("mark", "aux", "auxpass", "parataxis"):
            continue  # "for rebels driven from Chad", "to fly": the clause's own marker is no particle of the
            # verb; "refused to let the plane land, a witness said": an aside is none either
        out.add(c.lemma_.lower())
        if c.dep_ in ("prep", "dobj", "xcomp", "prt", "advmod", "acomp"):
            out |= {g.lemma_.lower() for g in c.children}
        elif c.dep_ in ("advcl", "ccomp"):  # "called for Burma to institute reforms"
            out |= {g.lemma_.lower() for g in c.children if g.dep_ == "mark"}
    return out


def past_date(tok):
    """"met Bashar Assad Tuesday": the parser heads the name with the date; the name is the phrase's head."""
    if tok.ent_type_ != "DATE":
        return tok
    names = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.ent_type_ != "DATE"]
    return names[-1] if names else tok


def side_modifiers(t) -> list:
    """Modifiers of t that name a people, a country by its initials or an organisation ("Israeli shelling", "US
    strikes", "a Taliban attack"); a place name says where ("Gaza air strikes")."""
    return [c for c in t.children if c.dep_ in ("amod", "compound") and c.i < t.i and (
        c.ent_type_ == "NORP" or (c.ent_type_ == "GPE" and c.text.replace(".", "").isupper())
        or (c.ent_type_ == "ORG" and c.dep_ == "compound"))]
