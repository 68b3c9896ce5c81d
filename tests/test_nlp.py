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
