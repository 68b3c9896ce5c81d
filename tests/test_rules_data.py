"""The coder's rules are data: every lexicon, recode and frame example codes as it says, the data files
validate, the rule lint finds no word list in the coder, and a user overlay adds and overrides entries."""

import textwrap

import pytest

from newsevents.actors.resolver import ArticleMemory
from newsevents.coder import SentenceCoder
from newsevents.coder.data import LexiconError, builtin, set_user_dir
from newsevents.coder.frames import frames
from newsevents.coder.lexicon import load_lexicon
from newsevents.coder.predicates import find_predicates
from newsevents.coder.recode import combine, rules
from newsevents.nlp.fixes import fix_doc
from newsevents.tools import lint_rules


@pytest.fixture(scope="module")
def parse(nlp):
    return lambda texts: [fix_doc(d) for d in nlp.pipe(texts)]


def _codes(doc, keep_negated=True) -> set[str]:
    """Codes of the triggers (their entries and after wrappers) and of the events of a parsed text."""
    lex = load_lexicon()
    preds = [p for s in doc.sents for p in find_predicates(s, lex)]
    preds += [p.inner for p in preds if p.inner is not None]
    coder = SentenceCoder(ArticleMemory(date="2020-01-01"), keep_negated=keep_negated)
    return ({p.entry.code for p in preds if p.entry is not None} | {p.code for p in preds}
            | {e.code for s in doc.sents for e in coder.code(s)})


def test_every_lexicon_example_codes_its_entry(parse):
    lex = load_lexicon()
    entries = [e for lst in lex.verbs.values() for e in lst] + [e for lst in lex.nouns.values() for e in lst]
    assert len(entries) > 500
    wrong = [f"{e.lemma} {e.code}: {e.example!r} gives {sorted(_codes(d))}"
             for e, d in zip(entries, parse([e.example for e in entries]), strict=True) if e.code not in _codes(d)]
    assert not wrong, "\n".join(wrong)


def test_every_recode_example_gives_its_code(parse):
    recodes = rules()["recodes"]
    assert len(recodes) >= 6
    for r, doc in zip(recodes, parse([r.example for r in recodes]), strict=True):
        coder = SentenceCoder(ArticleMemory(date="2020-01-01"))
        events = [e for s in doc.sents for e in coder.code(s)]
        assert r.code in {e.code for e in events}, (r.name, r.example, [e.code for e in events])


def test_every_frame_example_finds_its_source_and_target(parse):
    fs = frames()
    assert len(fs) >= 6
    for f, doc in zip(fs, parse([f.example for f in fs]), strict=True):
        coder = SentenceCoder(ArticleMemory(date="2020-01-01"))
        pairs = {(e.source.text if e.source else None, e.target.text if e.target else None)
                 for s in doc.sents for e in coder.code(s)}
        assert any(s and f.src in s and t and f.tgt in t for s, t in pairs), (f.name, f.example, pairs)


def test_wrap_tables_combine_as_documented():
    assert combine("intent", "040", "030") == "036"  # "agreed to meet": intent to meet
    assert combine("intent", "190", "030") == "138"  # "threatened to attack": a threat
    assert combine("appeal", "163", "020") == "111"  # "called for sanctions against X": a denunciation
    assert combine("reject", "190", "120") == "120"
    assert combine("act", "085", "030") == "085"
    assert combine("consider", "040", "014") == "014"


def test_data_files_have_examples_and_known_codes():
    for e in builtin("verbs.yaml") + builtin("nouns.yaml"):
        assert e.get("ex"), e
    assert all(r.example and r.code for r in rules()["recodes"])


def test_no_word_list_left_in_the_coder():
    found = [line for p in lint_rules.coder_files() for line in lint_rules.findings(p)]
    assert not found, "\n".join(found)


def test_lint_flags_a_word_list(tmp_path):
    src = tmp_path / "rule.py"
    src.write_text('VERBS = {"meet", "visit"}\nDEPS = ("nsubj", "dobj")\n')
    found = lint_rules.findings(src)
    assert len(found) == 1 and "rule.py:1" in found[0]


@pytest.fixture
def overlay(tmp_path):
    yield tmp_path
    set_user_dir(None)


def test_user_overlay_adds_a_verb_and_a_class(overlay, parse):
    (overlay / "verbs.yaml").write_text(textwrap.dedent('''\
        - {v: snub, code: "110", ex: "France snubbed Italy."}
        - {v: befriend, obj: "@PETS", code: "051", ex: "Norway befriended the cats of Sweden."}
        '''))
    (overlay / "classes.yaml").write_text("PETS: [cat, cats, dog]\nCROWDS: {add: [fans]}\n")
    doc = parse(["France snubbed Italy. Norway befriended the cats of Sweden."])[0]
    before = _codes(doc)
    set_user_dir(overlay)
    after = _codes(doc)
    assert "110" not in before and {"110", "051"} <= after
    from newsevents.coder.data import words
    assert "fans" in words("CROWDS") and "people" in words("CROWDS")


def test_user_overlay_overrides_a_builtin_verb_and_recode(overlay, parse):
    (overlay / "verbs.yaml").write_text('- {v: condemn, code: "112", ex: "Japan condemned the test."}\n')
    (overlay / "recode.yaml").write_text(textwrap.dedent('''\
        recodes:
          - name: a future conflict is a threat
            stage: modality
            when: {future: true, negated: false, wrapped: false, quad: [4]}
            then: "130"
            note: "future {code} -> threat"
            ex: "Russia will attack Ukraine."
            code: "130"
        '''))
    set_user_dir(overlay)
    doc = parse(["Japan condemned North Korea. Russia will attack Ukraine."])[0]
    assert {"112", "130"} <= _codes(doc, keep_negated=False)
    assert "138" not in _codes(doc, keep_negated=False)


@pytest.mark.parametrize("name,text,where", [
    ("verbs.yaml", "- {v: snub, code: \"999\", ex: \"x\"}\n", "verbs.yaml:1"),
    ("verbs.yaml", "- {v: snub, code: \"110\"}\n- {v: x}\n", "verbs.yaml:2"),
    ("nouns.yaml", "- {n: snub, code: \"110\", ex: \"a\"}\n- {n: rebuff, code: \"0\", ex: \"b\"}\n", "nouns.yaml:2"),
    ("classes.yaml", "PETS: 3\n", "classes.yaml:1"),
    ("verbs.yaml", "- {v: snub, code: [\n", "verbs.yaml:"),
])
def test_user_overlay_errors_name_file_and_line(overlay, name, text, where):
    (overlay / name).write_text(text)
    set_user_dir(overlay)
    with pytest.raises(LexiconError, match=where.replace(".", r"\.")):
        load_lexicon()


@pytest.mark.parametrize("when,message", [
    ("{roots: 5}", "`roots` needs a list"),
    ("{source_words: NO_SUCH_CLASS}", "names no class"),
    ("{negated: maybe}", "needs true or false"),
])
def test_user_recode_with_a_bad_condition_value_stops_validation(overlay, when, message):
    from newsevents.coder.lexicon import validate

    (overlay / "recode.yaml").write_text(textwrap.dedent(f'''\
        recodes:
          - name: bad one
            stage: modality
            when: {when}
            then: "190"
            ex: "Iran attacked Iraq."
            code: "190"
        '''))
    set_user_dir(overlay)
    with pytest.raises(LexiconError, match=message):
        validate()


def test_scoring_weights_from_the_environment(monkeypatch):
    from newsevents.coder.scoring import DEFAULT, ScoringError, current, parse

    assert parse("verb=0.4, recoded=0.2").verb == 0.4 and parse("recoded=0.2").noun == DEFAULT.noun
    with pytest.raises(ScoringError, match="unknown weight 'vrb'"):
        parse("vrb=0.4")
    with pytest.raises(ScoringError, match="not a number"):
        parse("verb=high")
    monkeypatch.setenv("NEWSEVENTS_SCORING", "verb=0.3")
    assert current().verb == 0.3
    monkeypatch.delenv("NEWSEVENTS_SCORING")
    assert current() == DEFAULT
