"""Repairs for known faults of the small English model, as spaCy pipeline components that
`load_nlp` adds after NER (so every `nlp(text)` gets them):

- hyphenated verbs split into three tokens ("co - organized") are merged back into one, and so are Arabic
  names with a particle ("al - Assad");
- an ORG cut before "of <GPE>" ("Communist Party" + "Russia") is joined into one ORG;
- a prefixed irregular past tense the lemmatizer leaves as it is ("retook", "overran") gets the prefix plus the
  base verb's lemma ("retake", "overrun");
- war names ("War of Resistance Against Japanese Aggression", "World Anti-Fascist War"),
  often tagged FAC or ORG, become EVENT entities, so no actor or trigger is read inside them;
- a subject taken into a fronted phrase ("On a visit to Kenya, President Buhari voiced ...", parsed with
  "Buhari" as a conjunct of "Kenya", or an acronym read as an adverb) is given back to the verb that has
  none;
- a name read as an object predicate ("called President Wickremesinghe on Monday", as in "called him a liar") is the
  object;
- a reduced relative read as the main verb ("Journalists detained covering the protests include a photographer",
  parsed with "detained" as the root and "include" as its conjunct) is made a modifier of its noun, and the
  conjunct the root.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

FIX_PIPES = ("newsevents_merge_hyphenated", "newsevents_fix_entities")  # in pipeline order

HYPHEN_PREFIXES = {
    "co", "re", "pre", "counter", "cross", "self", "non", "anti", "over", "under", "out", "inter",
    "multi", "de", "un", "post", "mis", "semi", "sub", "super", "trans", "ex", "pro", "vice",
}
NAME_PARTICLES = {"al", "el", "ul", "bin", "ibn", "abu", "abd"}  # "al-Assad", "bin-Laden", "Abu-Bakr"
ORG_HEADS = {
    "party", "front", "union", "league", "movement", "council", "committee", "congress", "ministry",
    "bank", "army", "assembly", "federation", "republic", "court", "parliament", "government",
    "police", "forces", "guard", "organization", "organisation", "agency", "office", "department",
}
WAR_NAME = re.compile(
    r"(?:\b(?:[A-Z][\w'’]*(?:-[A-Z][\w'’]*)*\s+)*War\b(?:\s+(?:II|I|One|Two)\b)?(?:\s+(?:of|Against|against|on|for)\s+"
    r"(?:(?:the|of|Against|against|and)\s+)?[A-Z][\w'’-]*(?:\s+(?:(?:of|Against|against|the|and)\s+)?[A-Z][\w'’-]*)*)?)"
)


VERB_PREFIXES = ("re", "over", "under", "out", "with", "fore", "mis", "up")
_irregular: dict[str, list[str]] = {}  # the lemmatizer's verb exceptions ("took" -> ["take"]), set by add_fixes


def fix_prefixed_lemmas(doc: Doc) -> None:
    """"retook" -> "retake": the lemmatizer knows "took" but not every prefixed form of it."""
    if not _irregular:
        return
    for t in doc:
        if t.pos_ != "VERB" or t.lemma_ != t.lower_:
            continue
        for pre in VERB_PREFIXES:
            base = _irregular.get(t.lower_[len(pre):]) if t.lower_.startswith(pre) else None
            if base:
                t.lemma_ = pre + base[0]
                break


def merge_hyphenated(doc: Doc) -> None:
    """Merge "co", "-", "organized" into "co-organized" (lemma "co-organize"), and "al", "-", "Assad" into
    "al-Assad"."""
    spans = []
    i = 0
    while i + 2 < len(doc):
        a, h, b = doc[i], doc[i + 1], doc[i + 2]
        joined = h.text == "-" and not a.whitespace_ and not h.whitespace_ and b.is_alpha
        if (
            joined
            and a.lower_ in HYPHEN_PREFIXES
            and not (a.ent_type_ or h.ent_type_ or b.ent_type_)
            and (i + 3 >= len(doc) or doc[i + 3].ent_iob_ != "I")
        ):
            spans.append((doc[i : i + 3], b))
            i += 3
        elif joined and a.lower_ in NAME_PARTICLES and b.text[:1].isupper():  # "al-Assad": one name
            spans.append((doc[i : i + 3], b))
            i += 3
        else:
            i += 1
    if not spans:
        return
    with doc.retokenize() as rt:
        for span, last in spans:
            prefix = span[0].lower_
            name = prefix in NAME_PARTICLES
            rt.merge(
                span,
                attrs={
                    "LEMMA": span.text if name else f"{prefix}-{last.lemma_}",
                    "TAG": "NNP" if name else last.tag_,
                    "POS": "PROPN" if name else last.pos_,
                },
            )


def fix_entities(doc: Doc) -> None:
    """Join ORG + "of" + GPE, and relabel war names as EVENT."""
    ents = list(doc.ents)
    changed = False
    out: list[Span] = []
    i = 0
    while i < len(ents):
        e = ents[i]
        if (
            e.label_ == "ORG"
            and i + 1 < len(ents)
            and e[-1].lower_ in ORG_HEADS
            and ents[i + 1].label_ in ("GPE", "NORP", "LOC")
            and ents[i + 1].start == e.end + 1
            and doc[e.end].lower_ == "of"
        ):
            out.append(Span(doc, e.start, ents[i + 1].end, label="ORG"))
            changed = True
            i += 2
            continue
        out.append(e)
        i += 1
    wars = []
    if "War" in doc.text:
        for m in WAR_NAME.finditer(doc.text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None and len(span) > 1:
                wars.append(Span(doc, span.start, span.end, label="EVENT"))
    if wars:
        keep = [e for e in out if not any(e.start < w.end and w.start < e.end for w in wars)]
        out = keep + wars
        changed = True
    if changed:
        doc.set_ents(sorted(out, key=lambda s: s.start))


def fix_fronted_subject(doc: Doc) -> None:
    """A finite verb without a subject, right after a noun that the parser hung as a conjunct or apposition
    (without "and"/"or") inside a prepositional phrase of that verb: the noun is the verb's subject."""
    for v in doc:
        if v.tag_ not in ("VBD", "VBZ", "VBP") or v.dep_ != "ROOT" or v.i == 0 or any(
                c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj", "csubjpass") for c in v.children):
            continue
        n = doc[v.i - 1]
        if n.is_upper and n.is_alpha and len(n) > 1 and n.dep_ in ("advmod", "npadvmod", "amod", "dep") and \
                n.head.i == v.i and n.i > 0 and doc[n.i - 1].text == ",":
            n.dep_, n.pos_, n.tag_ = "nsubj", "PROPN", "NNP"  # "In cooperation with partners, USAID provided"
            continue
        if n.pos_ not in ("PROPN", "NOUN") or n.dep_ not in ("conj", "appos") or n.head.i >= n.i:
            continue
        if any(c.dep_ == "cc" for c in n.head.children) or not any(
                t.text == "," for t in doc[n.head.i + 1:n.left_edge.i]):
            continue
        up = n.head
        while up.head.i != up.i and up.head.i != v.i:
            up = up.head
        if up.dep_ == "prep" and up.head.i == v.i and up.i < n.i:
            n.head = v
            n.dep_ = "nsubj"


def fix_named_predicate(doc: Doc) -> None:
    """"Modi called Sri Lankan President Ranil Wickremesinghe on Monday": a name parsed as the object predicate of
    a verb with no object (as in "called him a liar") is its object."""
    for t in doc:
        if t.dep_ == "oprd" and t.pos_ == "PROPN" and t.ent_type_ in ("PERSON", "GPE", "ORG", "NORP") and not any(
                c.dep_ == "dobj" for c in t.head.children):
            t.dep_ = "dobj"


def fix_reduced_relative(doc: Doc) -> None:
    """"Those killed in the raid include two soldiers": a past-tense root (no auxiliary) whose conjunct or loose
    present-tense verb has no subject and no "and"/"or"/comma before it is a participle of its subject's noun;
    that verb is the main one."""
    for v in doc:
        if v.dep_ != "ROOT" or v.tag_ not in ("VBD", "VBN") or not v.lower_.endswith(("ed", "en", "wn", "nt")) or \
                any(c.dep_ in ("aux", "auxpass") for c in v.children):
            continue
        subj = [c for c in v.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN", "PRON")]
        main = [c for c in v.children if c.dep_ in ("conj", "dep") and c.tag_ in ("VBP", "VBZ") and c.i > v.i
                and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)]
        if len(subj) != 1 or not main or any(c.dep_ in ("cc", "punct", "dobj") and v.i < c.i < main[0].i
                                             for c in v.children):
            continue
        n, w = subj[0], main[0]
        w.head, w.dep_ = w, "ROOT"
        n.head, n.dep_ = w, "nsubj"
        for c in [c for c in v.children if c.dep_ == "punct" and c.i > w.i]:
            c.head = w
        v.head, v.dep_, v.tag_ = n, "acl", "VBN"


@Language.component(FIX_PIPES[0])
def merge_hyphenated_component(doc: Doc) -> Doc:
    """Pipeline component: merge_hyphenated, then fix_prefixed_lemmas."""
    merge_hyphenated(doc)
    fix_prefixed_lemmas(doc)
    return doc


@Language.component(FIX_PIPES[1])
def fix_entities_component(doc: Doc) -> Doc:
    """Pipeline component: fix_entities, then the parse repairs (fronted subject, named predicate, reduced
    relative)."""
    fix_entities(doc)
    fix_fronted_subject(doc)
    fix_named_predicate(doc)
    fix_reduced_relative(doc)
    return doc


def add_fixes(nlp: Language) -> Language:
    """Add the fix components at the end of a pipeline (once)."""
    if "lemmatizer" in nlp.pipe_names and not _irregular:
        lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
        if lookups is not None and lookups.has_table("lemma_exc"):
            _irregular.update(lookups.get_table("lemma_exc").get("verb", {}))
    for name in FIX_PIPES:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, last=True)
    return nlp


def fix_doc(doc: Doc) -> Doc:
    """Apply the fixes to a doc parsed without them (a pipeline from `load_nlp` has them already;
    applying them twice changes nothing)."""
    merge_hyphenated(doc)
    fix_prefixed_lemmas(doc)
    fix_entities(doc)
    fix_fronted_subject(doc)
    fix_named_predicate(doc)
    fix_reduced_relative(doc)
    return doc
