from newsevents.nlp import fix_doc


def test_hyphenated_verb_merged(nlp):
    doc = fix_doc(nlp("The seminar was co-organized by the two parties."))
    assert "co-organized" in [t.text for t in doc]
    assert any(t.lemma_ == "co-organize" for t in doc)


def test_party_of_country_is_one_org(nlp):
    doc = fix_doc(nlp("Officials of the Communist Party of Russia met in Moscow."))
    assert "the Communist Party of Russia" in [e.text for e in doc.ents if e.label_ == "ORG"]


def test_war_names_become_events(nlp):
    doc = fix_doc(nlp("They marked the victory in the Chinese People's War of Resistance Against Japanese Aggression."))
    ev = [e.text for e in doc.ents if e.label_ == "EVENT"]
    assert any("War of Resistance Against Japanese Aggression" in e for e in ev)
    assert not any(e.label_ in ("NORP", "FAC") and "Japanese" in e.text for e in doc.ents)
