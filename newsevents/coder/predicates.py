"""Find the event triggers of a sentence: lexicon verbs, intent adjectives ("ready to"), and
noun triggers ("a meeting with"), and tie wrappers ("agreed to", "called on X to") to the
action they govern."""

from __future__ import annotations

from dataclasses import dataclass

from newsevents.coder.args import child_lemmas, infinitive, patients, prep_objects, skip_quantity
from newsevents.coder.lexicon import Lexicon, NounEntry, VerbEntry, word_list, words
from newsevents.coder.recode import combine


@dataclass
class Pred:
    tok: object  # spaCy token
    code: str
    targets: tuple[str, ...]
    kind: str  # verb | adj | noun
    wrap: str | None = None
    entry: VerbEntry | NounEntry | None = None
    inner: Pred | None = None
    absorbed: bool = False

    @property
    def specific(self) -> bool:
        return bool(self.entry is not None and getattr(self.entry, "specificity", 0))


def _object_words(v) -> set[str]:
    out = set()
    pobjs = [o for prep in word_list("ABOUT_PREPS") for o in prep_objects(v, prep)]  # "agreed to a deal"
    for o in patients(v) + [c for c in v.children if c.dep_ in ("dobj", "dative")] + pobjs:
        o = skip_quantity(o)
        out.add(o.lemma_.lower())
        out.add(o.lower_)
        mods = [c.lower_ for c in o.children if c.dep_ in ("compound", "amod")]
        if mods:
            out.add(" ".join(mods + [o.lower_]))
            out.add(" ".join(mods[-1:] + [o.lemma_.lower()]))
        if o.lemma_.lower() in ("state",):
            out |= {f"state of {g.lower_}" for g in prep_objects(o, "of")}
    return out


def match_verb(t, lex: Lexicon) -> VerbEntry | None:
    lemma = t.lemma_.lower()
    cands = lex.verbs.get(lemma)
    if not cands and "-" in lemma:
        cands = lex.verbs.get(lemma.split("-", 1)[1])
    if not cands and t.tag_ in ("VBD", "VBN", "VBG", "VBZ") and t.lower_.startswith(lemma) and t.lower_ != lemma:
        cands = lex.verbs.get(lemma + "e")  # the lemmatizer's "fined" -> "fin", "staged" -> "stag"
    if not cands:
        return None
    kids = None
    objs = None
    for e in cands:
        if e.extra:
            kids = child_lemmas(t) if kids is None else kids
            if not all(w in kids for w in e.extra):
                continue
        if e.unless:
            kids = child_lemmas(t) if kids is None else kids
            if any(w in kids for w in e.unless):
                continue
        if e.objects:
            objs = _object_words(t) if objs is None else objs
            if not objs & e.objects:
                continue
        if e.asks and any(c.dep_ == "ccomp" and _states(c) for c in t.children):
            continue  # "insisted that the army was ready": a claim, not a demand
        if e.intransitive and any(c.dep_ in ("dobj", "nsubjpass", "auxpass") for c in t.children):
            continue
        if e.transitive and not any(c.dep_ in ("dobj", "nsubjpass") for c in t.children):
            continue
        if e.clause and not any(c.dep_ == "ccomp" and any(g.dep_ == "mark" or g.lower_ == "that" for g in c.children)
                                or c.dep_ == "ccomp" for c in t.children):
            continue
        return e
    return None


def _states(clause) -> bool:
    """A that-clause in the indicative ("that the army was ready", "that it would win"), not one that asks for
    an act ("that Hamas disarm", "that Iran must stop")."""
    aux = {c.lower_ for c in clause.children if c.dep_ in ("aux", "auxpass")}
    if aux & words("OBLIGATION_AUX"):
        return False
    return clause.tag_ in ("VBD", "VBZ", "VBP") or bool(aux - {"to"}) or clause.lemma_ == "be"


def match_noun(t, lex: Lexicon) -> NounEntry | None:
    cands = lex.nouns.get(t.lemma_.lower()) or lex.nouns.get(t.lower_)
    if not cands and t.lemma_.lower() in words("GENERIC_HEADS"):  # "a mediation effort", "a peace process"
        for c in t.children:
            if c.dep_ in ("compound", "amod") and c.i < t.i and c.pos_ == "NOUN":  # not "the so-called process"
                e = match_noun(c, lex)
                if e is not None and len(e.lemma.split()) == 1:
                    return e
        return None
    if not cands:
        return None
    for e in cands:
        parts = e.lemma.split()
        if len(parts) > 1 and not any(c.dep_ in ("compound", "amod") and c.lower_ == parts[0] for c in t.children):
            continue
        if e.of:
            owners = [skip_quantity(o) for o in prep_objects(t, "of")] + [c for c in t.children if c.dep_ == "poss"]
            ofs = {o.lemma_.lower() for o in owners}  # "the release of the prisoners", "the tanker's release"
            if not ofs & e.of and not (e.of & words("CAPTIVE") and any(o.ent_type_ == "PERSON" for o in owners)):
                continue  # (a captive may be named: "the release of Aung San Suu Kyi")
        return e
    return None


def inner_action(tok):
    """The action a wrapper governs: "agreed [to cooperate]", "committed to [deepening]"."""
    for c in tok.children:
        if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX"):
            return c
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in words("INNER_PREPS"):
            for g in c.children:
                if g.dep_ == "pcomp" and g.pos_ == "VERB":
                    return g
    for c in tok.children:
        if c.dep_ == "advcl" and c.pos_ == "VERB" and any(a.lower_ == "to" for a in c.children):
            return c
    return None


def _act_to_do(adj) -> bool:
    """"ready to talk", "committed to deepening": the adjective governs an action to do, not a that-clause
    ("determined that Russia emerges as the power broker" is an opinion)."""
    inner = inner_action(adj)
    return inner is not None and (inner.dep_ != "ccomp" or infinitive(inner))


NOT_TRIGGER_ENTS = ("EVENT", "WORK_OF_ART", "LAW")
NAME_ENTS = ("EVENT", "PERSON", "GPE", "ORG", "FAC", "LAW")


def find_predicates(sent, lex: Lexicon) -> list[Pred]:
    """The triggers of a sentence, in order: verbs and adjectives, then nouns, then wrappers tied to the
    action they govern."""
    preds = _verb_triggers(sent, lex)
    _add_noun_triggers(sent, lex, preds)
    for p in preds.values():
        if p.wrap:
            _attach_inner(p, preds)
    return [preds[i] for i in sorted(preds) if not _bare_wrapper(preds[i])]


def _bare_wrapper(p: Pred) -> bool:
    """"sought to drive back the militia": a wrapper whose governed action is no trigger says nothing coded;
    but a warning of what will or would happen is a threat ("warned that its jets would strike again"; not "warned
    that millions have been affected")."""
    bare = p.inner is None or p.inner.entry is None
    foretold = p.wrap == "threaten" and p.inner is not None and any(
        a.dep_ == "aux" and a.lower_ in words("FUTURE_AUX") | {"would"} for a in p.inner.tok.children)
    return bool(p.entry is not None and getattr(p.entry, "inner_only", False) and bare and not foretold)


def _verb_triggers(sent, lex: Lexicon) -> dict[int, Pred]:
    """Lexicon verbs, and intent adjectives that govern an action ("ready to talk")."""
    preds: dict[int, Pred] = {}
    for t in sent:
        if t.ent_type_ in NOT_TRIGGER_ENTS:
            continue
        if t.pos_ in ("VERB", "AUX") or t.tag_.startswith("VB"):
            e = match_verb(t, lex)
            if e and _question(t):
                continue  # "asked the envoy why Peru backs the junta", "asked whether Chile would join": a question
            if e:
                preds[t.i] = Pred(t, e.code, e.targets, "verb", e.wrap, e)
        elif t.pos_ == "ADJ" and t.lower_ in lex.wrappers_adj and _act_to_do(t):
            w = lex.wrappers_adj[t.lower_]
            preds[t.i] = Pred(t, "030" if w == "intent" else "120", ("with",), "adj", w)
    return preds


def _add_noun_triggers(sent, lex: Lexicon, preds: dict[int, Pred]) -> None:
    """Lexicon nouns not covered by the verb they hang on ("launched an assault": the light verb's noun
    is the trigger; "ordered the arrest of": the noun names the event)."""
    for t in sent:
        if t.pos_ not in ("NOUN", "PROPN") or t.i in preds or t.ent_type_ in NAME_ENTS:
            continue
        e = match_noun(t, lex)
        if e is None:
            continue
        h = t.head
        v = h.head if t.dep_ == "pobj" else None
        if _audience(t):
            continue  # "told a rally in Quito", "addressed a meeting of party members": the audience of a speech
        if v is not None and v.i in preds and preds[v.i].entry is not None and \
                t.lemma_.lower() in getattr(preds[v.i].entry, "extra", ()):
            continue  # "went on strike": the verb entry names the noun
        if any(c.dep_ == "acl" and c.i in preds and c.lemma_.lower() in words("LIGHT_VERBS") for c in t.children):
            continue  # "the offensive launched by Ankara": the light verb's event covers it
        if h.i in preds and t.dep_ in ("dobj", "nsubjpass", "attr") and preds[h.i].kind == "verb":
            verb = preds[h.i]
            if h.lemma_.lower() in words("NOUN_CARRIERS") and verb.entry is not None and not verb.entry.objects:
                del preds[h.i]  # "ordered the arrest of": the noun names the event
            elif h.lemma_.lower() in words("LIGHT_VERBS") or verb.wrap or (
                    verb.entry is not None and verb.entry.objects):
                continue  # "launched an assault on", "agreed to talks": the verb's event covers it
        preds[t.i] = Pred(t, e.code, e.targets, "noun", None, e)


def _question(v) -> bool:
    """A verb of asking with a clause of "why", "whether", "if", "what", "how" (class QUESTION_VERBS)."""
    wh = ("WRB", "WP", "WDT")
    return v.lemma_.lower() in words("QUESTION_VERBS") and any(
        c.dep_ == "ccomp" and any(g.tag_ in wh or g.lower_ in words("QUESTION_MARKS") and g.dep_ == "mark"
                                  for g in c.children) for c in v.children)


def _audience(t) -> bool:
    """The object of a speech verb, or of "to" after one: the people spoken to (class AUDIENCE_VERBS)."""
    h = t.head.head if t.dep_ == "pobj" and t.head.lower_ == "to" else t.head if t.dep_ in ("dobj", "dative") else None
    return h is not None and h.lemma_.lower() in words("AUDIENCE_VERBS")


def _governed(p: Pred, preds: dict[int, Pred]):
    """The token of the action a wrapper governs, through aspectual and light verbs ("agreed to hold talks")."""
    inner = inner_action(p.tok)
    seen = 0
    carriers = words("ASPECTUAL") | words("LIGHT_VERBS")
    while inner is not None and inner.i not in preds and inner.lemma_.lower() in carriers and seen < 3:
        noun = next((c for c in inner.children if c.dep_ == "dobj" and c.i in preds), None)
        if noun is not None:
            return noun  # "willing to resume talks with Iran", "agreed to hold talks"
        inner = inner_action(inner)
        seen += 1
    if inner is None and p.wrap == "act":  # "signed a decree to lift the curfew": what the document does
        inner = next((a for c in p.tok.children if c.dep_ == "dobj" and c.lemma_.lower() in words("ENACTING_NOUNS")
                      for a in c.children if a.dep_ == "acl" and a.pos_ == "VERB"), None)
    if inner is None and p.wrap in words("ASKING_WRAPS"):  # "called for sanctions against X"
        inner = next((g for c in p.tok.children if c.dep_ == "prep" and c.lower_ == "for"
                      for g in c.children if g.dep_ == "pobj" and g.i in preds), None)
    return inner


def _attach_inner(p: Pred, preds: dict[int, Pred]) -> None:
    """A wrapper takes the code of the trigger it governs (absorbing it), or keeps the governed verb as a
    plain inner action."""
    inner = _governed(p, preds)
    if inner is not None and inner.i in preds:
        p.inner = preds[inner.i]
        p.inner.absorbed = True
        addressed = p.inner.kind == "verb" or p.inner.tok.head.pos_ in ("VERB", "AUX")  # "asked the UN to
        # open an inquiry" asks someone to act; "called for an investigation" denounces
        p.code = combine(p.wrap, p.inner.code, p.code, addressed=addressed)
    elif inner is not None:
        p.inner = Pred(inner, p.code, word_list("INNER_TARGETS"), "verb")
