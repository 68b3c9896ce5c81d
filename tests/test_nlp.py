"""The parse fixes are pipeline components: every nlp(text) from load_nlp has them, the bare parse
(select_pipes) does not, and the resolver's own parse gets them too."""

from newsevents.nlp import FIX_PIPES, fix_doc


def test_fixes_are_the_last_components(nlp):
    assert nlp.pipe_names[-len(FIX_PIPES):] == list(FIX_PIPES)
    assert nlp.pipe_names.index("ner") < nlp.pipe_names.index(FIX_PIPES[0])


def test_hyphenated_verb_merged(nlp):
    doc = nlp("The seminar was co-organized by the two parties.")
    assert "co-organized" in [t.text for t in doc]
    assert any(t.lemma_ == "co-organize" for t in doc)


def test_party_of_country_is_one_org(nlp):
    doc = nlp("Officials of the Communist Party of Russia met in Moscow.")
    assert "the Communist Party of Russia" in [e.text for e in doc.ents if e.label_ == "ORG"]


def test_war_names_become_events(nlp):
    doc = nlp("They marked the victory in the Chinese People's War of Resistance Against Japanese Aggression.")
    ev = [e.text for e in doc.ents if e.label_ == "EVENT"]
    assert any("War of Resistance Against Japanese Aggression" in e for e in ev)
    assert not any(e.label_ in ("NORP", "FAC") and "Japanese" in e.text for e in doc.ents)


def test_bare_parse_has_no_fixes_and_fix_doc_matches_the_components(nlp):
    text = "The seminar was co-organized by the Communist Party of Russia."
    with nlp.select_pipes(disable=list(FIX_PIPES)):
        bare = nlp(text)
    assert "co-organized" not in [t.text for t in bare]
    fixed = nlp(text)
    by_hand = fix_doc(bare)
    assert [t.text for t in by_hand] == [t.text for t in fixed]
    assert [(e.text, e.label_) for e in by_hand.ents] == [(e.text, e.label_) for e in fixed.ents]
    again = fix_doc(fixed)  # applying the fixes twice changes nothing
    assert [t.text for t in again] == [t.text for t in by_hand]
    assert [(e.text, e.label_) for e in again.ents] == [(e.text, e.label_) for e in by_hand.ents]


def test_pipe_with_processes_keeps_the_fixes(nlp):
    docs = list(nlp.pipe(["The seminar was co-organized by the two parties."] * 4, n_process=2, batch_size=2))
    assert all("co-organized" in [t.text for t in d] for d in docs)


def test_resolver_parse_gets_the_fixes(nlp):
    from newsevents.actors import resolve_text

    text = "the Chinese People's War of Resistance Against Japanese Aggression"
    with nlp.select_pipes(disable=list(FIX_PIPES)):
        assert resolve_text(text, nlp).country == "CHN"  # bare parse: "Chinese" read as an actor
    a = resolve_text(text, nlp)  # with the fixes the war name is an EVENT, no actor
    assert a.code is None and a.country is None, a


def _parsed(nlp, words, heads, deps, tags):
    """A doc with a given parse (the faulty ones the small model makes now and then)."""
    from spacy.tokens import Doc
    pos = {"IN": "ADP", "DT": "DET", "NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "JJ": "ADJ", ",": "PUNCT",
           "VBD": "VERB", "VBN": "VERB", "VBG": "VERB", "VBP": "VERB", "PRP$": "PRON", ".": "PUNCT", "CC": "CCONJ"}
    return Doc(nlp.vocab, words=words, heads=heads, deps=deps, tags=tags, pos=[pos[t] for t in tags])


def test_subject_taken_into_a_fronted_phrase_is_given_back(nlp):
    from newsevents.nlp.fixes import fix_fronted_subject
    words = ["On", "a", "visit", "to", "Kenya", ",", "President", "Buhari", "voiced", "his", "support", "."]
    heads = [8, 2, 0, 2, 3, 4, 7, 4, 8, 10, 8, 8]
    deps = ["prep", "det", "pobj", "prep", "pobj", "punct", "compound", "conj", "ROOT", "poss", "dobj", "punct"]
    tags = ["IN", "DT", "NN", "IN", "NNP", ",", "NNP", "NNP", "VBD", "PRP$", "NN", "."]
    doc = _parsed(nlp, words, heads, deps, tags)
    fix_doc(doc)
    assert (doc[7].dep_, doc[7].head.i) == ("nsubj", 8)
    words2 = ["In", "Kenya", "and", "Uganda", "officials", "voiced", "support", "."]
    heads2 = [5, 0, 1, 1, 5, 5, 5, 5]
    deps2 = ["prep", "pobj", "cc", "conj", "nsubj", "ROOT", "dobj", "punct"]
    doc2 = _parsed(nlp, words2, heads2, deps2, ["IN", "NNP", "CC", "NNP", "NNS", "VBD", "NN", "."])
    fix_fronted_subject(doc2)
    assert (doc2[3].dep_, doc2[3].head.i) == ("conj", 1)  # a verb with a subject is left alone


def test_reduced_relative_read_as_the_main_verb(nlp):
    for text, participle in (("Journalists detained covering the protests include a photographer.", "detained"),
                              ("Other Germans arrested in the raid last week include a teacher.", "arrested")):
        doc = nlp(text)
        assert next(t for t in doc if t.dep_ == "ROOT").lemma_ == "include"
        assert next(t for t in doc if t.text == participle).dep_ == "acl"
    doc = nlp("Police arrested the men and charged them.")
    assert next(t for t in doc if t.dep_ == "ROOT").text == "arrested"


def test_acronym_read_as_an_adverb_is_the_subject(nlp):
    words = ["With", "partners", ",", "USAID", "provided", "tents", "."]
    heads = [4, 0, 4, 4, 4, 4, 4]
    deps = ["prep", "pobj", "punct", "advmod", "ROOT", "dobj", "punct"]
    doc = _parsed(nlp, words, heads, deps, ["IN", "NNS", ",", "JJ", "VBD", "NNS", "."])
    fix_doc(doc)
    assert (doc[3].dep_, doc[3].pos_) == ("nsubj", "PROPN")
