from conftest import dyads

from newsevents.coder.lexicon import load_lexicon, validate


def test_lexicon_valid():
    assert validate() > 300


def test_every_cameo_root_has_a_verb_entry():
    lex = load_lexicon()
    roots = {e.code[:2] for lst in lex.verbs.values() for e in lst}
    assert {f"{r:02d}" for r in range(1, 21)} <= roots


def one(code_text, text, date="2020-05-05"):
    return dyads(code_text(text, date=date))


def test_svo(code_text):
    assert ("EGY", "ISR", "ACCUSE") in one(code_text, "Egypt condemned Israel on Monday.")


def test_passive_hyphenated(code_text):
    d = one(code_text, "The conference was co-organized by Japan and South Korea.")
    assert ("JPN", "KOR", "CONSULT") in d


def test_coordination_expands_dyads(code_text):
    d = one(code_text, "France and Germany criticized Hungary.")
    assert {("FRA", "HUN", "ACCUSE"), ("DEU", "HUN", "ACCUSE")} <= d


def test_reported_speech_source_is_the_actor(code_text):
    d = one(code_text, "Ivanov said Russia is ready to strengthen cooperation with China.")
    assert ("RUS", "CHN", "AGREE") in d


def test_relative_clause_subject(code_text):
    d = one(code_text, "Xi met Russian President Vladimir Putin, who visited China on Thursday.")
    assert ("RUS", "CHN", "CONSULT") in d


def test_nominal_trigger(code_text):
    d = one(code_text, "Chinese President Xi Jinping spoke during a meeting with Russian President Vladimir Putin.")
    assert ("CHN", "RUS", "CONSULT") in d


def test_negation_blocks_event(code_text):
    d = one(code_text, "Russia did not attack Ukraine.")
    assert not any(p == "ASSAULT" for _, _, p in d)


def test_threaten_to_attack_is_threat_not_assault(code_text):
    d = one(code_text, "North Korea threatened to attack South Korea.")
    assert ("PRK", "KOR", "THREATEN") in d
    assert not any(p == "ASSAULT" for _, _, p in d)


def test_call_on_is_request_to_group(code_text):
    text = "China and Russia held talks on Monday. Liu called on the two countries to strengthen coordination."
    recs = code_text("Chinese official Liu met people. " + text)
    assert any(r["plover"] == "REQUEST" and r["target"] and r["target"]["country"] == "RUS" for r in recs)


def test_war_name_yields_no_actor_or_conflict(code_text):
    recs = code_text("Putin attended commemorations of the victory in the Chinese People's War of Resistance "
                     "Against Japanese Aggression.")
    assert not any((r["target"] or {}).get("country") == "JPN" for r in recs)
    assert not any(r["quad_class"] in (3, 4) for r in recs)


def test_record_shape_and_offsets(code_text):
    text = "Headline here\n\nJapan praised India for its support on Monday."
    recs = code_text(text, date="2020-05-06")
    r = next(r for r in recs if r["plover"] == "SUPPORT")
    for k in ("id", "article_id", "sentence", "source", "target", "cameo", "plover", "quad_class", "goldstein",
              "date", "location", "trigger", "confidence"):
        assert k in r
    assert text[r["source"]["start"] : r["source"]["end"]] == "Japan"
    assert text[r["trigger"]["start"] : r["trigger"]["end"]] == "praised"
    assert r["date"] == "2020-05-04"
    assert recs == code_text(text, date="2020-05-06")  # stable ids and output


FILLER = " The weather was mild. Markets were calm. Schools opened late. Trains ran on time."


def test_full_article_event_needs_both_sides(code_text):
    """A brief keeps an event whose side has no country; a full article (ARTICLE_SENTENCES or more) drops it
    from the primary events, and --alternatives keeps it flagged."""
    from newsevents.engine import code_articles
    from newsevents.ingest import Article

    brief = "Rebels seized the town of Kidal."
    assert [r["plover"] for r in code_text(brief)] == ["COERCE"]
    assert code_text(brief + FILLER) == []
    kept = list(code_articles([Article(id="a", text=brief + FILLER)], options={"alternatives": True}))
    assert kept and all(r["flags"]["alternative"] for r in kept)
    assert ("FRA", "DEU", "SUPPORT") in dyads(code_text("France praised Germany." + FILLER))


def test_full_article_drops_an_event_inside_one_generic_side(code_text):
    """In a full article, an event whose two sides have the same code and are not both named ("the cabinet
    agreed with the government") is a mis-linked side; two named people of one state stay; a protest keeps
    itself and loses the target."""
    text = "Peru's cabinet agreed with the Peruvian government on Monday."
    assert dyads(code_text(text)) and not dyads(code_text(text + FILLER))
    assert ("RUS", "RUS", "CONSULT") in dyads(code_text("Vladimir Putin met Sergei Lavrov in Moscow." + FILLER))
    demo = [r for r in code_text("Peruvian students demonstrated against Peruvian students in Lima." + FILLER)]
    assert [r["plover"] for r in demo] == ["PROTEST"] and demo[0]["target"] is None


def test_what_something_is_is_no_target(code_text):
    """"is not a banned group": a predicate noun says what the subject is; it is no one acted on."""
    recs = code_text("The militia denies any link, and is not a banned terrorist group in Kenya.")
    assert recs and not any((r["target"] or {}).get("text", "").endswith("terrorist group") for r in recs)
