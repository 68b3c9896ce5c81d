"""Modality and scope of a trigger: future, hypothetical, reported speech, obligation, and the clauses under
which a trigger is no event (hoped for, denied, prevented, a charge)."""

from __future__ import annotations

from newsevents.coder.args import first_conjunct, infinitive, negated, said_in_contact, subject_of
from newsevents.coder.data import words
from newsevents.coder.predicates import Pred, match_verb
from newsevents.coder.recode import roots


def flags(p: Pred) -> dict:
    """future, hypothetical and reported_by (the speaker's head token) of a trigger."""
    toks = [p.tok] + ([p.inner.tok] if p.inner is not None else [])
    if p.kind == "noun" and p.tok.dep_ == "dobj" and p.tok.head.pos_ in ("VERB", "AUX") and \
            p.tok.head.dep_ != "ccomp":  # (not "said it would launch a raid": a reported future)
        toks.append(p.tok.head)  # "a motion that would extend the truce", "will hold talks": the verb's mood
    aux = {c.lower_ for t in toks for c in t.children if c.dep_ in ("aux", "auxpass")}
    f = {}
    going = any(c.lower_ in words("FUTURE_MARKERS") for t in toks for c in t.children)
    if aux & words("FUTURE_AUX") or going or is_to(p.tok):
        f["future"] = True
    if p.tok.dep_ == "advcl" and p.tok.tag_ == "VBG":  # "would ask the Kurds to withdraw, allowing Ankara to"
        aux |= {c.lower_ for c in p.tok.head.children if c.dep_ == "aux"} & words("MODAL_AUX")
    modal = aux & words("MODAL_AUX")
    governed = p.inner is not None and p.inner.tok.dep_ == "ccomp" and p.inner.tok.head.i == p.tok.i
    if modal and not (modal == {"would"} and (future(p) or governed)):
        f["hypothetical"] = True  # "said it would launch", "warned it would retaliate": a reported future
    governors = _with_governors(toks)
    if p.kind == "noun" and p.tok.dep_ in ("dobj", "nsubj", "nsubjpass"):
        governors.append(p.tok.head)  # "when the US wants the support of local militias", "if the US holds drills"
    if any(c.lower_ in words("HYPOTHESIS_MARKERS") and c.dep_ == "mark" for t in governors for c in t.children) \
            or _inside_condition(p.tok):
        f["hypothetical"] = True  # "if they are able to reach agreement": the mark sits on the governing verb
    if any(t.tag_ in ("VBP", "VBZ") and any(c.lower_ in words("GENERIC_MARKERS") and c.dep_ in ("mark", "advmod")
                                           for c in t.children) for t in governors):
        f["hypothetical"] = True  # "when the US wants the support of militias, ...": any time, not an event
    if _asked(p.tok):
        f["hypothetical"] = True  # "Will China retaliate against Australia?": asked, not asserted
    if any(c.dep_ == "advmod" and c.lower_ in words("HEDGE_ADVERBS") for t in toks for c in t.children):
        f["hypothetical"] = True  # "a strike by US forces, possibly supported by France": maybe, not done
    if _judged_likely(p.tok):
        f["hypothetical"] = True  # "it is likely Paris will side with Rome": a forecast, not done
    spk = speaker_of(p.tok)
    if spk:
        f["reported_by"] = spk[0]
    elif _needed(p.tok):
        f["hypothetical"] = True  # "first need to capture the airport": not done (said by someone: an appeal)
    return f


def _inside_condition(t) -> bool:
    """The trigger lies inside an if-clause, however deep ("if the world helps by pushing them to accept")."""
    h = t
    for _ in range(6):
        if h.dep_ not in ("xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "acl", "conj") or h.head.i == h.i:
            break
        h = h.head
        if h.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in words("HYPOTHESIS_MARKERS") for c in h.children):
            return True
    return False


def _judged_likely(t) -> bool:
    """The trigger's clause completes "it is likely / possible / unlikely" (class LIKELIHOOD_WORDS)."""
    h = first_conjunct(t)
    return h.dep_ == "ccomp" and h.head.lemma_ == "be" and any(
        c.dep_ == "acomp" and c.lower_ in words("LIKELIHOOD_WORDS") for c in h.head.children)


def _asked(t) -> bool:
    """The trigger's sentence is a question (its last word, before closing quotes, is "?")."""
    last = next((x for x in reversed(t.sent) if not (x.is_space or x.is_quote or x.is_right_punct)), None)
    return last is not None and last.text == "?"


def _needed(t) -> bool:
    """"needs to capture", "has to withdraw" (not "had to withdraw": that was done)."""
    h = t.head
    return t.dep_ == "xcomp" and h.lemma_ in words("OBLIGATION_VERBS") and not (h.lemma_ == "have" and h.tag_ == "VBD")


def _with_governors(toks) -> list:
    """The tokens and the verbs or adjectives they complete ("are able to [reach]", "want to [meet]")."""
    out = list(toks)
    for t in toks:
        h = t
        for _ in range(3):
            if h.dep_ not in ("xcomp", "acomp") or h.head.i == h.i:
                break
            h = h.head
            out.append(h)
    return out


def unrealised_noun(p: Pred) -> bool:
    """A nominal trigger called planned, proposed, possible... ("the planned withdrawal", "a projected attack"),
    supposed ("in case of an invasion", "in the event of a strike") or wished ("wants Chilean backing"), names an
    act that has not happened (classes UNREALISED_MODIFIERS, SUPPOSING_NOUNS, DESIRE)."""
    if p.kind != "noun":
        return False
    t = p.tok
    supposed = t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lemma_.lower() in words("SUPPOSING_NOUNS") \
        and t.head.head.dep_ == "pobj" and t.head.head.head.lower_ == "in"
    wished = t.dep_ == "dobj" and t.head.lemma_.lower() in words("DESIRE")  # "Lima wants Chilean backing"
    return supposed or wished or any(
        c.dep_ in ("amod", "compound") and c.lemma_.lower() in words("UNREALISED_MODIFIERS") for c in t.children)


def speaker_of(tok, direct: bool = False) -> list:
    """The subject of the verb of saying whose clause holds tok ("Turkey said it will launch"). direct: only
    when no clause with a subject of its own, and no "how"/"why" clause, stands between them (the speaker is
    then who "it" or "they" stands for; not in "she said more was needed to understand how they targeted")."""
    h = tok
    for _ in range(4):
        if direct and (_wh_clause(h) or h.i != tok.i and h.pos_ in ("VERB", "AUX") and any(
                c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "PRON" for c in h.children)):
            return []
        if h.dep_ in ("ccomp", "parataxis") and h.head.lemma_.lower() in words("SPEECH"):
            return subject_of(h.head)
        if h.head.i == h.i:
            return []
        h = h.head
    return []


def _wh_clause(h) -> bool:
    return any(c.tag_ in ("WRB", "WP", "WDT") and c.dep_ in ("advmod", "mark", "nsubj", "dobj") for c in h.children)


def obligation(p: Pred) -> bool:
    """"must end", "should provide", "has to withdraw", "needs to stop"."""
    t = p.tok
    if p.kind == "noun":
        return False
    aux = {c.lower_ for c in t.children if c.dep_ in ("aux", "auxpass")}
    if t.dep_ == "conj":  # "must ensure security and provide amenities"
        aux |= {c.lower_ for c in t.head.children if c.dep_ in ("aux", "auxpass")}
    return bool(aux & words("OBLIGATION_AUX")) or (t.dep_ == "xcomp" and t.head.lemma_ in words("OBLIGATION_VERBS"))


def future(p: Pred) -> bool:
    """"will attack", "is to invest", and "would" in reported speech ("said it would launch")."""
    t = p.tok
    if p.kind == "noun" and t.dep_ == "dobj" and t.head.pos_ == "VERB" and t.head.dep_ == "ccomp":
        t = t.head  # "said he would escalate military action": the verb's reported future
    aux = {c.lower_ for c in t.children if c.dep_ in ("aux", "auxpass")}
    if aux & words("REPORTED_FUTURE_AUX") or is_to(t):
        return True
    # "said it would launch": future in reported speech (not "the option is that Washington would ask")
    return "would" in aux and t.dep_ == "ccomp" and t.head.lemma_.lower() in words("SPEECH")


def condition_clauses(tok, markers: str = "CONDITION_MARKERS") -> list:
    """The clauses of tok introduced by a conjunction of the class `markers` ("unless the rebels agree")."""
    return [c for c in tok.children if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in words(markers)
                                                                 for m in c.children)]


def conditioned(tok) -> bool:
    """The trigger has an "if"/"unless" clause: "will withdraw its troops unless the rebels agree"."""
    return bool(condition_clauses(tok))


def is_to(t) -> bool:
    """"China is to invest in Argentina", "was due to meet the Somali president": be (or a word of schedule) +
    to-infinitive announces a future act."""
    return t.dep_ == "xcomp" and (t.head.lemma_ == "be" or t.head.lower_ in words("SCHEDULE_WORDS")) and \
        infinitive(t)


def in_reported_scope(tok) -> bool:
    """The trigger names what someone hopes, doubts or is accused of, not an event that took place."""
    h = tok
    for _ in range(5):
        if h.head.i == h.i:
            return False
        h = h.head
        if h.lower_ in words("COMMENT_WORDS") or h.lemma_.lower() in words("COMMENT_WORDS"):
            return True
    return False


def in_charge_scope(tok, lex) -> bool:
    """A trigger that names the charge of an accusation or arrest, or sits inside it: "arrested for collaborating
    with", "accused Peru of being careless in staging a raid on the border"."""
    h = tok
    for _ in range(6):
        if h.dep_ in ("ccomp", "relcl", "parataxis", "nsubj", "nsubjpass") or h.head.i == h.i:
            return False
        if h.dep_ in ("pcomp", "pobj") and h.head.dep_ == "prep" and h.head.lower_ in words("CHARGE_PREPS"):
            v = h.head.head
            entry = match_verb(v, lex) if v.pos_ in ("VERB", "AUX") else None
            return entry is not None and entry.code[:2] in roots("charge")
        h = h.head
    return False


def judgment(tok) -> bool:
    """A verb of judging with its predicate: "Ankara considers the YPG (as) terrorists", "Turkey regards the YPG
    as a threat" — an opinion, not an act."""
    if tok.lemma_.lower() not in words("JUDGING_VERBS"):
        return False
    kids = list(tok.children)
    if tok.dep_ == "relcl" and any(c.lower_ in words("REL_PRONOUNS") and c.dep_ in ("dep", "dobj") for c in kids) \
            and any(c.dep_ == "dobj" and c.lower_ not in words("REL_PRONOUNS") for c in kids):
        return True  # "the militia, which Kampala considers an outlaw group"
    for c in kids:
        if c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as"):
            return True
        if c.dep_ in ("xcomp", "ccomp") and (c.lemma_ == "be" or _subject_infinitive(c) or (
                c.pos_ in ("NOUN", "ADJ") and any(g.dep_ == "nsubj" for g in c.children))):
            return True  # "considers them to be terrorists", "considers it an outlaw group" (a small clause)
    return False


def back_reference(tok) -> bool:
    """"as Trump has ordered", "as agreed": an "as" clause without an object points back to an act, it reports
    none of its own."""
    return tok.pos_ == "VERB" and any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children) and not any(
        c.dep_ in ("dobj", "ccomp", "xcomp", "dative", "prep") for c in tok.children)


def _subject_infinitive(c) -> bool:
    kids = {g.dep_ for g in c.children}
    return bool(kids & {"nsubj", "nsubjpass"}) and any(g.dep_ in ("aux", "auxpass") and g.lower_ == "to"
                                                       for g in c.children)


def in_purpose(tok) -> bool:
    """A purpose clause: "dropped out of school to visit the country", "in order to attack" — intended, not
    reported as done (but what a call or visit was made to say was said: "called the Kenyan president to
    express support")."""
    return tok.dep_ == "advcl" and tok.pos_ == "VERB" and infinitive(tok) and not said_in_contact(tok)


def _excessive(adj) -> bool:
    """"too dangerous", "too late"."""
    return adj.pos_ == "ADJ" and any(c.dep_ == "advmod" and c.lower_ in words("EXCESS_WORDS") for c in adj.children)


def in_denied_scope(tok) -> bool:
    """Under a negated, denying or preventing word (class UNREALISED), in what is asked for (class ASKED:
    "demanded that Ankara force the withdrawal") or wished of someone else (class DESIRE: "we want Trump to
    shell"): "denied any plan to invade", "did not plan to attack", "prevented X from destroying", "a
    responsibility to assist", "without consulting", or "too dangerous to travel". The negated light verb of a
    noun trigger ("will not begin talks") negates the event itself: that is the modality's, not a scope."""
    h = first_conjunct(tok)  # "demanded that Paris repatriate and prosecute them": each conjunct is asked for
    for _ in range(4):
        that_clause = h.dep_ == "relcl" and any(c.dep_ == "mark" and c.lower_ == "that" for c in h.children)
        of_noun = h.dep_ == "acomp" and h.head.dep_ in ("acl", "ccomp") and h.head.head.pos_ == "NOUN"  # "no sign
        # Russia was willing to press Assad"
        if h.dep_ not in ("xcomp", "acl", "dobj", "pcomp", "pobj", "prep", "ccomp", "advcl") and not that_clause \
                and not of_noun \
                or h.head.i == h.i:
            return False
        light = h is tok and h.dep_ == "dobj" and h.head.lemma_.lower() in words("LIGHT_VERBS")
        complement = h.dep_ != "advcl"
        own_subject = any(c.dep_ == "nsubj" for c in h.children) or (
            h.dep_ == "xcomp" and any(c.dep_ == "dobj" for c in h.head.children))  # "would like the UN to send"
        infinitive_of_noun = h.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in h.children)
        h = h.head
        if h.lemma_.lower() in words("UNREALISED") or negated(h) and not light:
            return True
        if infinitive_of_noun and h.lemma_.lower() in words("UNREALISED_NOUNS"):
            return True  # "Ghana's refusal to send troops", "Oman's offer to broker a truce"
        if tok.pos_ in ("VERB", "AUX") and h.dep_ == "prep" and h.lower_ in words("TOPIC_PREPS"):
            return True  # "posted about sending gunboats": talked of, not done
        if complement and h.lemma_.lower() in words("ASKED"):
            return True  # "demanded that Erdoğan force the withdrawal": asked for, not done
        if h.dep_ == "prep" and any(c.dep_ == "advmod" and c.lower_ in words("INSTEAD_WORDS") for c in h.children):
            return True  # "rather than backing the policy", "instead of attacking Iran": not done
        if complement and own_subject and h.lemma_.lower() in words("DESIRE"):
            return True  # "we want Trump to shell the palace": wished of someone else, not done
        if h.dep_ == "prep" and h.lower_ in words("DELIBERATION_PREPS") and \
                h.head.lemma_.lower() in words("DELIBERATION_NOUNS"):
            return True  # "put off a decision on military strikes", "a vote on air strikes": deliberated, not done
        if any(_excessive(a) for a in [h] + [c for c in h.children if c.dep_ == "acomp"]):
            return True  # "too dangerous for British officials to travel"
    return False
