"""Countries for generic actors ("police", "troops", "officials", "the government") from their context.

A sector actor that names no country takes one, in this order (each weaker than a named country):
1. the place of the event, when the event's own clause names it ("police fired tear gas in Najaf"), or a town
   that is the event's other side ("an attack by government forces on Douma");
2. for an arm of the state ("the government", "security forces"), the country of the other side when that is a
   people, party or group inside a state ("Labour's leader accused the government", "Syrian rebels attacked
   government forces"); for such a group (not rebels: foreign governments condemn them), the country of the
   government it faces ("the opposition leader attacked the Polish government");
3. for officials and ministers, the government that reports the event ("Downing Street said senior ministers
   had agreed");
4. for "the regime" or "the junta", the country of the government leader named just before it;
   then the dateline ("BAGHDAD, Iraq - Police fired ...");
5. for people found where things happen (civilians, rebels, police: LOCAL_SECTORS), the one country where the
   places named in the event's sentence lie ("medics moved the wounded out of a town near Aleppo"),
   else the country of most places the article has named so far (two at least);
6. the article's dominant country so far (the country named most often before the mention), except for a phrase
   that names its backer ("Iranian-backed forces", "UN-backed government").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from newsevents.actors.matching import word_classes
from newsevents.actors.resolver import Actor, ArticleMemory, make_code

# sectors that name people or bodies acting for a country; others (UNK, no sector) are not actors by themselves
CONTEXT_SECTORS = {"GOV", "MIL", "COP", "REB", "CVL", "LEG", "JUD", "SPY", "OPP", "PTY", "REF", "MED", "EDU",
                   "BUS", "LAB", "AGR", "CRM", "UAF", "PRM", "HRI", "HLH", "ELI", "REL", "SEP", "PRE", "NGO"}
NO_COUNTRY = {"IGO", "UNO", "EUR", "IMG", "NGO", "MNC"}
# people, parties and groups inside a state: the government, police or army they face is their own
# (not citizens, students or reporters: they are often foreigners, "a court in Ankara released an Austrian student")
DOMESTIC_SECTORS = {"OPP", "PTY", "LAB", "REB", "SEP", "ELI"}
GOVERNMENTS = {"GOV", "LEG", "JUD"}  # ... and the opposition or a party facing a government is of its country
CIVIL_GROUPS = DOMESTIC_SECTORS - {"REB"}  # (not rebels: foreign governments condemn them)
INSURGENTS = {"REB", "INS", "UAF"}  # ... but rebels who fight a government are of its country
SPEAKER_SECTORS = {"GOV", "LEG"}  # "Downing Street said senior ministers had agreed": that government's ministers
STATE_WORDS = {"country", "nation", "state"}  # "a country that calls itself our friend", a minister said: not his
FIRST_PERSON = {"our", "my"}
INDEFINITE = {"a", "an", "another", "one", "some", "any"}
MANY_STATES = {"countries", "nations", "states", "governments"}
REGIME_WORDS = {"regime", "junta", "dictatorship"}  # "the regime": the government of the leader just named
FOREIGN = {"foreign", "international", "overseas", "western", "expatriate", "visiting", "exiled", "european",
           "europe's", "african", "asian", "nordic", "regional"}  # (a region is no country: "European officials")
# titles that head international bodies more often than national ones: "the Director-General" of the OPCW is not
# the country the story names most
INTERNATIONAL_TITLES = ("secretary-general", "secretary general", "director-general", "director general")
# a people of several states takes from its context only one of those states ("Kurdish forces" in a story that
# names Britain most are not British)
PEOPLES = dict.fromkeys(("kurdish", "kurds", "kurd"), frozenset({"SYR", "IRQ", "TUR", "IRN"}))
PEOPLES.update(dict.fromkeys(("arab", "arabs"), frozenset({  # the Arab League's members
    "DZA", "BHR", "COM", "DJI", "EGY", "IRQ", "JOR", "KWT", "LBN", "LBY", "MRT", "MAR", "OMN", "PSE", "QAT", "SAU",
    "SOM", "SDN", "SYR", "TUN", "ARE", "YEM"})))
# ... and the states where such a people has forces of its own (the YPG/SDF, the peshmerga): elsewhere its armed
# groups are insurgents the text names ("the PKK"), so unnamed "Kurdish forces" or "militias" are of these
ARMED_PEOPLES = dict.fromkeys(("kurdish", "kurds", "kurd"), frozenset({"SYR", "IRQ"}))
ARMED_SECTORS = {"MIL", "REB", "UAF", "INS", "SEP"}
# people found where things happen (not organs of a state, which act abroad): they may take the one country
# where the sentence's places lie ("civilians fleeing Afrin in northern Syria")
LOCAL_SECTORS = {"CVL", "REB", "UAF", "INS", "COP", "LAB", "AGR", "MED", "EDU", "HLH", "REL"}  # (not refugees:
# they are of the country they fled)


def _recent_leader(memory: ArticleMemory, at: int, other: Actor | None = None, span: int = 600) -> Actor | None:
    """The person in government named last within `span` characters before `at` ("Iran, Assad's closest ally,
    pledged to protect the regime's oil fields": Assad's regime), not of the other side's country ("urged the
    general to order raids on regime bases")."""
    for pos, person, _ in reversed(memory.persons):
        if pos < at and at - pos <= span and person.country and person.sector == "GOV" and (
                other is None or person.country != other.country):
            return person
    return None


def dominant_country(memory: ArticleMemory, before: int, among: frozenset | None = None) -> str | None:
    """The country (of `among`, when given) the article has named most often before `before` (the first named on
    a tie: a story names its own country early)."""
    return _most_named([iso for at, iso in memory.countries if at < before and (among is None or iso in among)])


def _most_named(seen: list[str], at_least: int = 1) -> str | None:
    """The code named most often in `seen` (the first named on a tie), if named `at_least` times."""
    if not seen:
        return None
    counts = Counter(seen)
    best = max(counts.values())
    return next(iso for iso in seen if counts[iso] == best) if best >= at_least else None


def _not_from_context(actor: Actor | None) -> bool:
    """No actor, one with a country, or one whose words say the context's country is not its own."""
    if actor is None or actor.country or actor.sector not in CONTEXT_SECTORS:
        return True
    words = set(actor.text.lower().split())
    if words & FOREIGN or words & MANY_STATES or any(t in actor.text.lower() for t in INTERNATIONAL_TITLES):
        return True  # "foreign diplomats", "international observers", "all countries": not the story's country
    if actor.head in STATE_WORDS and actor.text.lower().split()[0] in INDEFINITE:
        return True  # "a country that calls itself a friend": one the speaker will not name
    return actor.text.lower().split()[0] in FIRST_PERSON  # "our government", in an opinion piece: the writer's


def dominant_place(memory: ArticleMemory, before: int) -> str | None:
    """The country of most places (two at least) the article has named as where things happen before `before`."""
    return _most_named([iso for at, iso in memory.places if at < before], at_least=2)


def with_context(actor: Actor | None, location: dict | None, dateline: dict | None,
                 memory: ArticleMemory, at: int, speaker: Actor | None = None, other: Actor | None = None,
                 fights_other: bool = False, sentence_place: dict | None = None) -> Actor | None:
    """The actor, with a country from its context when it is a sector actor without one (see the module
    docstring; `speaker`: who reports the event; `other`: the event's other side; `fights_other`: the actor uses
    force against it)."""
    if _not_from_context(actor):
        return actor
    words = set(actor.text.lower().split())
    country, how, conf = None, "", 0.0
    if location and location.get("source") == "clause" and location.get("country"):
        country, how, conf = location["country"], f"place of the event '{location.get('name')}'", 0.5
    elif other is not None and other.via == "gazetteer" and other.country:
        country, how, conf = other.country, f"the town the event is done to or by, '{other.text}'", 0.5
    elif other is not None and other.country and other.country not in NO_COUNTRY and (
            actor.sector in STATE_ARMS and other.sector in DOMESTIC_SECTORS or
            actor.sector in CIVIL_GROUPS and other.sector in GOVERNMENTS or
            fights_other and actor.sector in INSURGENTS and other.sector in GOVERNMENTS):  # "rebels fighting the
        # Peruvian president" are Peruvian
        country, how, conf = other.country, f"the state of the other side, '{other.text}'", 0.45
    elif speaker is not None and speaker.country and speaker.sector in SPEAKER_SECTORS and \
            actor.sector in SPEAKER_SECTORS and actor.head not in STATE_WORDS:
        country, how, conf = speaker.country, f"the government reporting it, '{speaker.text}'", 0.45
    elif {w.removesuffix("'s").removesuffix("’s") for w in words} & REGIME_WORDS and (
            leader := _recent_leader(memory, at, other)) is not None:
        country, how, conf = leader.country, f"the leader named just before, '{leader.entity or leader.text}'", 0.45
    elif dateline and dateline.get("country"):
        country, how, conf = dateline["country"], f"dateline '{dateline.get('name')}'", 0.45
    elif sentence_place and sentence_place.get("country") and actor.sector in LOCAL_SECTORS:
        country, conf = sentence_place["country"], 0.4
        how = f"the place the sentence names, '{sentence_place.get('text')}'"
    elif not any(w.split("-")[-1] in word_classes()["BACKING"] for w in words if "-" in w):
        # ("Iranian-backed forces" fight for someone the phrase does not name: not the story's country)
        dom, how = (dominant_place(memory, at) if actor.sector in LOCAL_SECTORS else None,
                    "the country where the article's places lie")
        if dom is None:
            dom, how = dominant_country(memory, at), "the country the article names most"
        if dom:
            country, conf = dom, 0.35
    names = {p for w in words for p in w.split("-")}  # "Kurdish-led" too
    peoples = PEOPLES | ARMED_PEOPLES if actor.sector in ARMED_SECTORS else PEOPLES
    homes = [peoples[w] for w in names if w in peoples]
    if homes and country and any(country not in h for h in homes) and conf <= 0.35:
        country = dominant_country(memory, at, frozenset.intersection(*homes))  # "Kurdish militias" in a story about
        # Turkey's offensive are Syrian when it names Syria
    if not country or country in NO_COUNTRY or any(country not in h for h in homes):
        return actor
    why = "; ".join(w for w in (actor.why, f"country {country} from context: {how}") if w)
    return replace(actor, country=country, code=make_code(country, actor.sector),
                   confidence=min(actor.confidence or conf, conf), why=why, via=actor.via or "context")


STATE_SECTORS = {"GOV", "MIL", "COP", "REB", "LEG", "JUD", "SPY", "OPP", "PTY", "IMG", "SEP", "UAF", "PRM", "INS"}


def is_political(actor: Actor | None) -> bool:
    """A side that can carry an event: it has a country or an organisation code, or it is an arm of a state
    or an armed or political group ("police", "rebels") even where the text never says whose."""
    return actor is not None and (bool(actor.country) or actor.sector in STATE_SECTORS)


# intentions, protests and shows of force by a political actor may name no one as target ("workers went on
# strike", "the prime minister agreed to resign"), but statements (01x) must be about someone ("Ankara denies the
# claim" reports what was said, not an event); a state, or an arm of one, may also investigate,
# disapprove, refuse, concede, reduce relations and coerce without naming whom ("authorities launched an
# investigation", "the US suspended aid", "Bangladesh will not accept refugees", "Thailand's army declared martial
# law"); aid names whom it is for ("France has troops in Iraq, providing logistics" describes, it names no one)
INTRANSITIVE_ROOTS = ("03", "14", "15")
# acts whose object is a thing by nature: "Turkey violated the ceasefire" (the ceasefire is between the sides),
# "the opposition will boycott the elections"
TWO_SIDED_CODES = ("196", "133")
STATE_ONLY_ROOTS = ("08", "09", "11", "12", "16", "17")
STATE_ARMS = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY"}


def is_asserted_dyad(source: Actor | None, target: Actor | None, code: str) -> bool:
    """An event names who acts and, except for the acts listed above (INTRANSITIVE_ROOTS, TWO_SIDED_CODES,
    STATE_ONLY_ROOTS), whom it is done to (someone, not something); and at least one side is political."""
    if source is None or not is_actor(source) or is_thing(source):
        return False  # "attacks killed five people", "the voices of colleagues called": no one acts
    if target is None or not is_actor(target):  # "refused a supply mission", "urged reforms": no one
        # ("the UN warned of a catastrophe", "the cabinet agreed it was vital": said, not done)
        return is_political(source) and (code[:2] in INTRANSITIVE_ROOTS or code in TWO_SIDED_CODES or (
            code[:2] in STATE_ONLY_ROOTS and (source.sector in STATE_ARMS or is_state(source))))
    return is_political(source) or is_political(target)


# A full article (this many sentences or more) names the sides of the events it reports, so an event whose
# source, or whose target, is still no country after the context (dateline, earlier actors, the article's
# country) is background, opinion or not political ("our neighbours agreed", "a shirt signed by the coach").
# A brief of a few sentences gives no such context: there the one-sided event stays.
ARTICLE_SENTENCES = 5
# in a full article, an event below this confidence (several sides found by fallbacks) is an alternative: read by
# eye, nine in ten such Guardian events were wrong (README, "Read by eye")
ARTICLE_MIN_CONFIDENCE = 0.66
SHOW_ROOTS = ("14", "15")  # protests and shows of force: they may name no one they are against


def names_both_sides(source: Actor | None, target: Actor | None, code: str) -> bool:
    """Both sides known: the source has a country, and so has the target, unless the target is a person
    ("revoked the citizenship of Jane Doe"), a name, or none at all for a protest or a show of force
    (SHOW_ROOTS, TWO_SIDED_CODES)."""
    if source is None or not source.country:
        return False
    if code[:2] in SHOW_ROOTS or code in TWO_SIDED_CODES:
        return True
    return target is not None and bool(target.country or target.is_person or target.entity)


def same_side(source: Actor | None, target: Actor | None) -> bool:
    """Both sides the same actor code, and one of them no named entity ("the cabinet agreed ... the regime",
    "diplomats met officials"): in a full article, a mis-linked side more often than an event inside one body
    (two named people of one government stay: "Putin met Medvedev")."""
    return source is not None and target is not None and bool(source.code) and source.code == target.code and \
        not (source.entity and target.entity)


def is_state(actor: Actor) -> bool:
    """The country itself, named ("Bangladesh will not accept refugees"), not its people ("Australians")."""
    return bool(actor.country) and not actor.sector and actor.why.startswith("country ")


def is_thing(source: Actor) -> bool:
    """A source whose head is a thing or an activity cannot act, whatever country it names ("a British proposal
    agreed", "Mr Trump's foreign policy"); documents, campaigns and aid stand for whoever issued, waged or gave
    them ("a UN report accused", "the Turkish offensive killed") (targets.yaml THING, ACTIVITY, STANDS_FOR_DOER)."""
    if not source.head or source.named:
        return False
    classes = word_classes()
    return source.head in classes["THING"] or (
        source.head in classes["ACTIVITY"] and source.head not in classes["STANDS_FOR_DOER"])


def is_actor(actor: Actor) -> bool:
    """Someone: a country, a sector ("police", "an inmate"), or a name ("Siemens", "Flynn")."""
    return bool(actor.country or actor.sector or actor.named)
