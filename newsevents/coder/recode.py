"""Recoding rules read from `recode.yaml`: how a wrapper takes the code of the action it governs
(`combine`), and the context rules (`apply`) — negated cooperation is a rejection, a future attack a threat,
a protesting crowd a demonstration, troops sent as peacekeepers protect."""

from __future__ import annotations

from dataclasses import dataclass

from newsevents.coder.args import infinitive
from newsevents.coder.data import LexiconError, builtin, cached, classes, user_file, words
from newsevents.ontology import cameo, codes

CONDITION_KEYS = {"negated", "future", "wrapped", "passive", "roots", "codes", "quad", "source_words",
                  "source_numbered", "sentence_words", "min_sources", "joint_or_trigger_words", "trigger_preps",
                  "trigger_words", "unarmed_people", "conditioned", "modifier_words", "clause_words",
                  "purpose_words", "state_source"}
STAGES = ("modality", "arguments", "dyads", "sides")
# conditions that compare a Facts flag
FLAG_KEYS = ("negated", "future", "wrapped", "passive", "unarmed_people", "conditioned", "state_source")
LIST_KEYS = ("roots", "codes", "quad", "trigger_preps")  # conditions whose value is a list
CLASS_KEYS = ("source_words", "sentence_words", "joint_or_trigger_words", "trigger_words", "modifier_words",
              "clause_words", "purpose_words")


@dataclass(frozen=True)
class Recode:
    name: str
    stage: str
    when: dict
    then: object
    example: str
    code: str
    note: str = ""


@dataclass(frozen=True)
class Facts:
    """What the context rules may ask about one trigger."""

    negated: bool = False
    future: bool = False
    wrapped: bool = False
    passive: bool = False  # "were not consulted": the subject is the one acted on
    source_heads: tuple = ()
    sentence: object = None
    n_sources: int = 0
    joint: bool = False
    trigger: object = None
    unarmed_people: bool = False  # every side is a person or a political office, none armed, none a bare country
    conditioned: bool = False  # the trigger has an "if"/"unless" clause ("will withdraw unless the rebels agree")
    state_source: bool = False  # a source is a country or an arm of a state ("the UK", "British jets")


def _merged() -> dict:
    """recode.yaml with the user's overlay: rules replaced by name or added; tables and wraps replaced."""
    data = builtin("recode.yaml")
    found = user_file("recode.yaml")
    if found is None:
        return data
    user, lines, path = found
    if not isinstance(user, dict) or set(user) - {"tables", "wraps", "recodes", "roots"}:
        raise LexiconError(f"{path}:1: recode.yaml holds only tables, wraps, recodes and roots")
    for key in ("tables", "wraps", "roots"):
        data[key] = {**data.get(key, {}), **(user.get(key) or {})}
    by_name = {r.get("name"): i for i, r in enumerate(data["recodes"])}
    for r in user.get("recodes") or []:
        if r.get("name") in by_name:
            data["recodes"][by_name[r["name"]]] = r
        else:
            data["recodes"].append(r)
    return data


@cached
def rules() -> dict:
    """The parsed recode.yaml (with the user's overlay), validated."""
    data = _merged()
    known = codes()
    tables = {name: {str(k): str(v) for k, v in t.items()} for name, t in data["tables"].items()}
    for name, t in tables.items():
        for k, v in t.items():
            if v not in known:
                raise LexiconError(f"recode.yaml: table {name}: unknown CAMEO code {v!r} for {k!r}")
    recodes = []
    for n, r in enumerate(data.get("recodes") or [], 1):
        where = f"recode.yaml recode {n} ({r.get('name')!r})"
        bad = set(r.get("when") or {}) - CONDITION_KEYS
        if bad or r.get("stage") not in STAGES or not r.get("ex") or str(r.get("code")) not in known:
            raise LexiconError(f"{where}: needs a stage {STAGES}, known conditions (not {sorted(bad)}), "
                               f"an example `ex` and its expected `code`")
        _check_then(r["then"], tables, known, where)
        _check_when(dict(r["when"] or {}), where)
        recodes.append(Recode(r["name"], r["stage"], dict(r["when"]), r["then"], r["ex"], str(r["code"]),
                              r.get("note", "")))
    wraps = {w: [dict(rule) for rule in lst] for w, lst in data["wraps"].items()}
    for w, lst in wraps.items():
        for rule in lst:
            _check_then(rule["then"], tables, known, f"recode.yaml wrap {w}")
    roots = {k: frozenset(str(x) for x in v) for k, v in data.get("roots", {}).items()}
    return {"tables": tables, "wraps": wraps, "recodes": recodes, "roots": roots}


def _check_when(when: dict, where: str) -> None:
    """Each condition has a value of its kind: a list (roots, codes, quad, trigger_preps), a class name
    (source_words, sentence_words, joint_or_trigger_words, trigger_words), true/false, or a number
    (min_sources)."""
    for key, want in when.items():
        if key in LIST_KEYS and not isinstance(want, list):
            raise LexiconError(f"{where}: condition `{key}` needs a list, not {want!r}")
        if key in CLASS_KEYS and want not in classes():
            raise LexiconError(f"{where}: condition `{key}` names no class of classes.yaml: {want!r}")
        if (key in FLAG_KEYS or key == "source_numbered") and not isinstance(want, bool):
            raise LexiconError(f"{where}: condition `{key}` needs true or false, not {want!r}")
        if key == "min_sources" and not isinstance(want, int):
            raise LexiconError(f"{where}: condition `min_sources` needs a number, not {want!r}")


def _check_then(then, tables, known, where: str) -> None:
    if isinstance(then, dict):
        if set(then) != {"wrap"}:
            raise LexiconError(f"{where}: `then` must be a code, a table, inner/own, or {{wrap: NAME}}")
        return
    if str(then) not in tables and str(then) not in known and then not in ("inner", "own"):
        raise LexiconError(f"{where}: unknown `then` {then!r}")


def wrap_names() -> frozenset[str]:
    return frozenset(rules()["wraps"])


def roots(name: str) -> frozenset[str]:
    """A named group of CAMEO roots (recode.yaml `roots`)."""
    return rules()["roots"][name]


def table(name: str, code: str) -> str:
    t = rules()["tables"][name]
    return t.get(code[:2], t["default"])


def is_conflict(code: str) -> bool:
    """A code of conflict: CAMEO roots 14 (protest) to 20."""
    return int(code[:2]) >= 14


def combine(wrap: str, inner: str, own: str, addressed: bool = False) -> str:
    """Code of a wrapper given the code of the action it governs ("agreed to [meet]" -> 036). addressed: the
    governed action is a verb someone is asked to do ("urged Erdogan to seize Afrin"), not a noun ("called for
    sanctions against X")."""
    root = inner[:2]
    for rule in rules()["wraps"].get(wrap, [{"then": "own"}]):
        if "roots" in rule and root not in rule["roots"]:
            continue
        if "conflict" in rule and is_conflict(inner) != rule["conflict"]:
            continue
        if "addressed" in rule and rule["addressed"] != addressed:
            continue
        return _result(rule["then"], inner, own)
    return own


def _result(then, inner: str, own: str) -> str:
    if isinstance(then, dict):
        return combine(then["wrap"], inner, own)
    if then == "inner":
        return inner
    if then == "own":
        return own
    if then in rules()["tables"]:
        return table(then, inner)
    return str(then)


def _holds(key: str, want, code: str, f: Facts) -> bool:
    """One condition of a recode rule."""
    if key in FLAG_KEYS:
        return getattr(f, key) == want
    if key == "roots":
        return code[:2] in want
    if key == "codes":
        return code in want
    if key == "quad":
        return cameo(code).quad_class in want
    if key == "source_words":
        return any(h.lemma_.lower() in words(want) for h in f.source_heads)
    if key == "source_numbered":
        return any(c.dep_ == "nummod" or c.lower_ in words("CROWD_NUMBERS") for h in f.source_heads
                   for c in h.subtree) == want
    if key == "sentence_words":
        return f.sentence is not None and any(w.lower_ in words(want) for w in f.sentence)
    if key == "min_sources":
        return f.n_sources >= want
    if key == "trigger_preps":
        return f.trigger is not None and f.trigger.pos_ == "NOUN" and any(
            c.dep_ == "prep" and c.lower_ in want for c in f.trigger.children)
    if key == "trigger_words":
        return f.trigger is not None and f.trigger.lemma_.lower() in words(want)
    if key == "joint_or_trigger_words":
        return f.joint or _holds("trigger_words", want, code, f)
    if key == "modifier_words":  # "a scathing attack", "launched a blistering attack on"
        nouns = [f.trigger] + [c for c in f.trigger.children if c.dep_ == "dobj"] if f.trigger is not None else []
        return any(m.dep_ in ("amod", "advmod") and m.lower_ in words(want) for n in nouns for m in n.children)
    if key == "clause_words":  # "attacked the minister, calling him a liar"
        t = f.trigger
        holders = [t] + ([t.head] if t is not None and t.dep_ == "dobj" else []) if t is not None else []
        return any(c.dep_ in ("advcl", "xcomp") and c.tag_ == "VBG" and c.lemma_.lower() in words(want)
                   for h in holders for c in h.children)
    if key == "purpose_words":  # "sent experts to Iraq to investigate the attack"
        t = f.trigger
        return t is not None and any(c.dep_ in ("advcl", "xcomp") and infinitive(c) and c.lemma_.lower() in
                                     words(want) for c in t.children)
    raise LexiconError(f"recode.yaml: unknown condition {key!r}")


def apply(stage: str, code: str, facts: Facts) -> tuple[str, list[Recode]]:
    """The code after the rules of one stage (each sees the code left by the one before), and the rules applied."""
    applied = []
    for r in rules()["recodes"]:
        if r.stage == stage and all(_holds(k, v, code, facts) for k, v in r.when.items()):
            applied.append(r)
            code = _result(r.then, code, code)
    return code, applied


def notes(applied: list[Recode], code: str) -> list[str]:
    """The `why` notes of the applied rules that have one (`code`: the code before them)."""
    return [r.note.format(code=code) for r in applied if r.note]
