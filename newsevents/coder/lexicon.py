"""Load the verb and noun lexicons (YAML data files in this package) and index them.

`validate()` checks every entry (known code, known class, example present) and is run by the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from newsevents.ontology import codes

DEFAULT_VERB_TARGETS = ("dobj", "dative", "with", "against", "on", "to", "toward", "towards", "at", "into")
DEFAULT_NOUN_TARGETS = ("with", "on", "against", "to", "between")
WRAPS = {"intent", "appeal", "demand", "reject", "threaten", "consider", "act"}


class LexiconError(ValueError):
    pass


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
    """Target slots; YAML 1.1 reads a bare `on` as True, so map booleans back to words."""
    return tuple("on" if x is True else "off" if x is False else str(x) for x in items)


def _load(name: str):
    text = resources.files("newsevents.coder").joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=1)
def classes() -> dict[str, frozenset[str]]:
    return {k: frozenset(v) for k, v in _load("classes.yaml").items()}


def _words(spec, where: str) -> frozenset[str] | None:
    if spec in (None, "", []):
        return None
    items = [spec] if isinstance(spec, str) else list(spec)
    out: set[str] = set()
    for it in items:
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


INTENT_ADJECTIVES = {"ready": "intent", "willing": "intent", "committed": "intent", "determined": "intent",
                     "prepared": "intent", "eager": "intent", "keen": "intent", "set": "intent",
                     "unwilling": "reject", "reluctant": "reject"}


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    verbs: dict[str, list[VerbEntry]] = {}
    for n, e in enumerate(_load("verbs.yaml"), 1):
        where = f"verbs.yaml entry {n} ({e.get('v')!r})"
        words = str(e["v"]).split()
        wrap = e.get("wrap")
        if wrap and wrap not in WRAPS:
            raise LexiconError(f"{where}: unknown wrap {wrap!r}")
        if not e.get("ex"):
            raise LexiconError(f"{where}: no example")
        extra = tuple(words[1:])
        tg = e.get("tgt")
        targets = _slots(tg) if tg else (extra[-1:] + DEFAULT_VERB_TARGETS if extra else DEFAULT_VERB_TARGETS)
        entry = VerbEntry(words[0], extra, _words(e.get("obj"), where), _check_code(e["code"], where), wrap,
                          targets, e["ex"], bool(e.get("intrans")), bool(e.get("trans")), bool(e.get("clause")))
        verbs.setdefault(words[0], []).append(entry)
    for lst in verbs.values():
        lst.sort(key=lambda v: -v.specificity)
    nouns: dict[str, list[NounEntry]] = {}
    for n, e in enumerate(_load("nouns.yaml"), 1):
        where = f"nouns.yaml entry {n} ({e.get('n')!r})"
        if not e.get("ex"):
            raise LexiconError(f"{where}: no example")
        tg = e.get("tgt")
        entry = NounEntry(str(e["n"]), _words(e.get("of"), where), _check_code(e["code"], where),
                          _slots(tg) if tg else DEFAULT_NOUN_TARGETS, e["ex"])
        nouns.setdefault(entry.lemma.split()[-1], []).append(entry)
    return Lexicon(verbs, nouns, dict(INTENT_ADJECTIVES))


def validate() -> int:
    """Load everything; raise LexiconError on the first bad entry; return the number of entries."""
    load_lexicon.cache_clear()
    lex = load_lexicon()
    return sum(map(len, lex.verbs.values())) + sum(map(len, lex.nouns.values()))
