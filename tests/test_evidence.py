"""The actor resolver's evidence functions, each alone on a parsed phrase, and the rule that merges them."""

import pytest

from newsevents.actors import evidence as ev
from newsevents.actors.evidence import IDENTITY, NOTHING, Context, Evidence, merge, resolve
from newsevents.actors.kb import load_kb
from newsevents.actors.resolver import Actor, ArticleMemory, core_split, resolve_text, resolve_tokens

DATE = "2020-01-01"


def context(nlp, text, memory=None, date=DATE):
    doc = nlp(text)
    toks = [t for t in doc if not t.is_space]
    roots = [t for t in toks if t.head.i == t.i]
    head = roots[0] if roots else toks[-1]
    return Context.build(toks, head, memory, date, core_split(toks, head), load_kb())


def after(ctx, *finds):
    """What the given evidence functions establish, in order (the state a later function sees)."""
    return resolve(ctx, finds)


@pytest.fixture
def memory(nlp):
    """An article that has named Vladimir Putin (as the subject) before offset 100."""
    mem = ArticleMemory(date=DATE, base=100)
    mem.note_person(resolve_text("Vladimir Putin", nlp, date=DATE), ["Vladimir", "Putin"], 0, subject=True)
    mem.note_country("RUS", 0)
    return mem


def test_pronoun_is_the_person_named_before(nlp, memory):
    e = ev.pronoun(context(nlp, "he", memory), NOTHING)
    assert (e.via, e.country, e.sector, e.entity, e.final) == ("pronoun", "RUS", "GOV", "Vladimir Putin", True)
    assert ev.pronoun(context(nlp, "his country", memory), NOTHING).country == "RUS"
    assert ev.pronoun(context(nlp, "he"), NOTHING) is None  # no article memory


def test_lone_pronoun_names_no_one(nlp):
    e = ev.lone_pronoun(context(nlp, "they"), NOTHING)
    assert (e.via, e.country, e.final, e.why) == ("pronoun", None, True, "a pronoun with no referent")
    assert ev.lone_pronoun(context(nlp, "the police"), NOTHING) is None


def test_known_name_at_the_head(nlp):
    ctx = context(nlp, "Russian President Vladimir Putin")
    e = ev.known_name(ctx, NOTHING)
    assert (e.via, e.country, e.sector, e.is_person, e.confidence) == ("kb", "RUS", "GOV", True, 0.9)
    assert ctx.words(*e.span) == "Vladimir Putin"
    party = ev.known_name(context(nlp, "Israel's Labour party"), NOTHING)
    assert (party.country, party.sector) == ("ISR", "PTY") and "named with ISR" in party.why
    assert ev.known_name(context(nlp, "the police"), NOTHING) is None


def test_surname_named_before(nlp, memory):
    ctx = context(nlp, "Putin", memory)
    assert ctx.named_before and ev.known_name(ctx, NOTHING) is None  # memory decides, not the KB
    e = ev.surname(ctx, NOTHING)
    assert (e.via, e.country, e.sector, e.replaces) == ("memory", "RUS", "GOV", IDENTITY)
    assert e.why == "named before as Vladimir Putin"
    assert ev.surname(context(nlp, "Putin"), NOTHING) is None


def test_role_reference_is_the_person_named_last(nlp, memory):
    e = ev.role_reference(context(nlp, "the president", memory), NOTHING)
    assert (e.via, e.country, e.entity) == ("role", "RUS", "Vladimir Putin")
    assert ev.role_reference(context(nlp, "the French president", memory), NOTHING) is None


def test_phrase_country(nlp):
    e = ev.phrase_country(context(nlp, "Pakistani Army"), NOTHING)
    assert (e.via, e.country, e.confidence, e.entry.kind) == ("country", "PAK", 0.85, "demonym")
    person = ev.phrase_country(context(nlp, "the Putin government"), NOTHING)
    assert (person.via, person.country, person.entity) == ("person", "RUS", "Vladimir Putin")
    known = after(context(nlp, "Pakistani Army"), ev.phrase_country)
    assert ev.phrase_country(context(nlp, "Pakistani Army"), known) is None  # the country is known


def test_office_title_wins_over_the_known_office(nlp):
    ctx = context(nlp, "US Senator Marco Rubio")
    got = after(ctx, ev.known_name, ev.phrase_country)
    e = ev.office_title(ctx, got)
    assert (e.via, e.sector, e.replaces) == ("title", "LEG", frozenset({"sector"}))
    assert ev.office_title(ctx, NOTHING) is None  # not (yet) a person


def test_member_of_an_organisation(nlp):
    ctx = context(nlp, "Boko Haram gunmen")
    e = ev.member_of(ctx, after(ctx, ev.phrase_country))
    assert (e.via, e.sector) == ("member", "REB")
    assert ev.member_of(ctx, NOTHING) is None


def test_town(nlp):
    e = ev.town(context(nlp, "Mariupol"), NOTHING)
    assert (e.via, e.country, e.sector) == ("gazetteer", "UKR", "CVL")
    e = ev.town(context(nlp, "Shanghai police"), NOTHING)
    assert (e.country, e.sector) == ("CHN", None)  # the town is not the whole mention


def test_agent_word(nlp):
    e = ev.agent_word(context(nlp, "the police"), NOTHING)
    assert (e.via, e.sector, e.confidence) == ("agent", "COP", 0.5)
    assert ev.agent_word(context(nlp, "American warplanes"), NOTHING).sector == "MIL"
    assert ev.agent_word(context(nlp, "Tuesday"), NOTHING) is None


def test_former_office(nlp):
    ctx = context(nlp, "a former CIA official")
    got = after(ctx, ev.phrase_country, ev.member_of)
    assert got.sector == "SPY"
    assert ev.former_office(ctx, got).sector == "ELI"
    assert ev.former_office(context(nlp, "a CIA official"), got) is None


def test_person_name(nlp):
    e = ev.person_name(context(nlp, "Diane Abbott"), NOTHING)
    assert (e.via, e.entity, e.is_person) == ("ner", "Diane Abbott", True)
    assert ev.person_name(context(nlp, "the police"), NOTHING) is None


def test_merge_fills_empty_fields_and_replaces_only_what_it_names():
    got = merge(NOTHING, Evidence("kb", "first", country=None, sector="NGO", entity="Greenpeace", confidence=0.9))
    got = merge(got, Evidence("country", "second", country="FRA", sector="GOV", confidence=0.6))
    assert (got.country, got.sector, got.entity, got.confidence, got.via) == ("FRA", "NGO", "Greenpeace", 0.9, "kb")
    got = merge(got, Evidence("title", "", sector="LEG", replaces=frozenset({"sector"})))
    assert got.sector == "LEG" and got.whys == ("first", "second")
    got = merge(got, Evidence("memory", "third", country="RUS", confidence=0.8, replaces=IDENTITY))
    assert (got.country, got.sector, got.entity, got.confidence) == ("RUS", None, None, 0.8)
    assert [e.via for e in got.evidence] == ["kb", "country", "title", "memory"]


def test_a_final_evidence_ends_the_resolution(nlp):
    got = resolve(context(nlp, "they"))
    assert got.final and [e.via for e in got.evidence] == ["pronoun"]


def test_every_evidence_function_has_an_example():
    for find in ev.EVIDENCE:
        assert find.__doc__ and "Example:" in find.__doc__, find.__name__


def test_actor_via_and_named_before(nlp, memory):
    doc = nlp("Putin")
    a = resolve_tokens(list(doc), head=doc[0], memory=memory)
    assert a.via == "memory" and a.named_before and "named before" in a.why
    assert resolve_text("Russian President Vladimir Putin", nlp, date=DATE).via == "kb"
    assert resolve_text("the police", nlp).via == "agent" and not resolve_text("the police", nlp).named_before
    assert resolve_text("the police", nlp, context="Iraq").via == "agent"  # the first evidence names the via
    assert resolve_text("the talks", nlp).via == ""
    assert Actor("the two countries", 0, 17, via="group").named_before
    assert "via" not in resolve_text("the police", nlp).as_dict()  # the record is unchanged
