"""Load the verb and noun lexicons (YAML data files in this package, plus the user's overlay) and index them.

`validate()` checks every entry (known code, known class, example present) and is run by the tests.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsevents.coder.data import LexiconError, builtin, cached, clear_caches, user_file, word_list, words
from newsevents.coder.data import classes as _classes
from newsevents.coder.recode import wrap_names
from newsevents.ontology import codes

__all__ = ["LexiconError", "Lexicon", "VerbEntry", "NounEntry", "classes", "load_lexicon", "validate", "words"]


@dataclass(frozen=True)
class VerbEntry:
    lemma: str
    extra: tuple[str, ...]  # particles/prepositions/words that must hang on the verb
    objects: frozenset[str] | None
    code: str
    wrap: str | None
    targets: tuple[str, ...]
    example: str
    intransitive: bool = False  # only without a direct object ("workers struck" vs "jets struck a depot")
    transitive: bool = False  # only with a direct object ("returned the frogs to Brazil", not "returned home")
    clause: bool = False  # only with a that-clause ("agreed that there was a need": a statement)
    inner_only: bool = False  # a wrapper that is an event only with a coded governed action ("sought to attack")
    unless: tuple[str, ...] = ()  # words that must not hang on the verb ("called the minister", not "called on")
    asks: bool = False  # a that-clause must ask for an act ("insisted that Hamas disarm", not "that it was ready")

    @property
    def specificity(self) -> int:
        return ((2 + (len(self.objects) <= 12)) if self.objects else 0) + len(self.extra) + self.intransitive + \
            self.transitive + 2 * self.clause


@dataclass(frozen=True)
class NounEntry:
    lemma: str
    of: frozenset[str] | None
    code: str
    targets: tuple[str, ...]
    example: str


def _slots(items) -> tuple[str, ...]:
    """Target slots (the data loader keeps a bare `on` a word)."""
    return tuple(str(x) for x in items)


@cached
def classes() -> dict[str, frozenset[str]]:
    """Word classes as sets (built-in plus the user's)."""
    return {k: frozenset(v) for k, v in _classes().items()}


def _words(spec, where: str) -> frozenset[str] | None:
    if spec in (None, "", []):
        return None
    items = [spec] if isinstance(spec, str) else list(spec)
    out: set[str] = set()
    for it in map(str, items):
        if it.startswith("@"):
            if it[1:] not in classes():
                raise LexiconError(f"{where}: unknown class {it}")
            out |= classes()[it[1:]]
        else:
            out.add(it.lower())
    return frozenset(out)


def _check_code(code, where: str) -> str:
    code = str(code)
    if code not in codes():
        raise LexiconError(f"{where}: unknown CAMEO code {code!r}")
    return code


@dataclass
class Lexicon:
    verbs: dict[str, list[VerbEntry]]
    nouns: dict[str, list[NounEntry]]
    wrappers_adj: dict[str, str]  # "ready" -> intent


def _entries(name: str, key: str) -> list[tuple[dict, str]]:
    """(entry, where) of a lexicon file: the user's entries first, then the built-in ones they do not replace."""
    out: list[tuple[dict, str]] = []
    found = user_file(name)
    if found is not None:
        data, lines, path = found
        if not isinstance(data, list):
            raise LexiconError(f"{path}:1: {name} must be a list of entries")
        for i, e in enumerate(data):
            where = f"{path}:{lines.get(i, 1)}"
            if not isinstance(e, dict) or key not in e or "code" not in e:
                raise LexiconError(f"{where}: an entry needs `{key}` and `code`")
            out.append((e, f"{where} ({e.get(key)!r})"))
    replaced = {str(e[key]) for e, _ in out}
    for n, e in enumerate(builtin(name), 1):
        if str(e[key]) not in replaced:
            out.append((e, f"{name} entry {n} ({e.get(key)!r})"))
    return out


def _verb_entry(e: dict, where: str) -> VerbEntry:
    words_ = str(e["v"]).split()
    wrap = e.get("wrap")
    if wrap and wrap not in wrap_names():
        raise LexiconError(f"{where}: unknown wrap {wrap!r}")
    if not e.get("ex"):
        raise LexiconError(f"{where}: no example")
    extra = tuple(words_[1:])
    tg = e.get("tgt")
    default = word_list("VERB_TARGETS")
    targets = _slots(tg) if tg else (extra[-1:] + default if extra else default)
    return VerbEntry(words_[0], extra, _words(e.get("obj"), where), _check_code(e["code"], where), wrap,
                     targets, e["ex"], bool(e.get("intrans")), bool(e.get("trans")), bool(e.get("clause")),
                     bool(e.get("inner_only")), tuple(str(w) for w in e.get("unless") or ()), bool(e.get("asks")))


def _noun_entry(e: dict, where: str) -> NounEntry:
    if not e.get("ex"):
        raise LexiconError(f"{where}: no example")
    tg = e.get("tgt")
    return NounEntry(str(e["n"]), _words(e.get("of"), where), _check_code(e["code"], where),
                     _slots(tg) if tg else word_list("NOUN_TARGETS"), e["ex"])


@cached
def load_lexicon() -> Lexicon:
    verbs: dict[str, list[VerbEntry]] = {}
    for e, where in _entries("verbs.yaml", "v"):
        entry = _verb_entry(e, where)
        verbs.setdefault(entry.lemma, []).append(entry)
    for lst in verbs.values():
        lst.sort(key=lambda v: -v.specificity)  # stable: the user's entry wins a tie
    nouns: dict[str, list[NounEntry]] = {}
    for e, where in _entries("nouns.yaml", "n"):
        entry = _noun_entry(e, where)
        nouns.setdefault(entry.lemma.split()[-1], []).append(entry)
    for lst in nouns.values():
        lst.sort(key=lambda n: -len(n.lemma.split()))  # "air strike" before "strike"
    adjectives = {w: "intent" for w in word_list("INTENT_ADJ")} | {w: "reject" for w in word_list("REJECT_ADJ")}
    return Lexicon(verbs, nouns, adjectives)


def validate() -> int:
    """Load everything (lexicon, recode rules, frames); raise LexiconError on the first bad entry; return the
    number of lexicon entries."""
    from newsevents.coder import frames, recode

    clear_caches()
    lex = load_lexicon()
    recode.rules()
    frames.frames()
    return sum(map(len, lex.verbs.values())) + sum(map(len, lex.nouns.values()))
