"""Frames of nominal triggers read from `frames.yaml`: where the source or target of a noun event sits
("Iran faced criticism from Germany", "Russia's attack on Ukraine", "China held talks with Russia")."""

from __future__ import annotations

from dataclasses import dataclass

from newsevents.coder.args import agents, prep_objects, side_modifiers, subject_of
from newsevents.coder.data import LexiconError, builtin, cached, classes
from newsevents.coder.data import words as word_class

ATTRS = {"dep": lambda t: t.dep_, "lemma": lambda t: t.lemma_.lower(), "lower": lambda t: t.lower_,
         "pos": lambda t: t.pos_}
ARG_STEP_KEYS = ("prep:", "child:")
PATH_KEYS = ("requires", "source", "target")
LEADER_DEP_KEYS = ("npadvmod", "compound", "nmod", "amod")  # how "Saudi" hangs on "led" in "Saudi-led"
STEP_KEYS = ("head", "subject", "passive_subject", "poss", "that_clause", "led_by", "side_modifiers", "done_by")


@dataclass(frozen=True)
class Frame:
    name: str
    when: dict
    requires: str
    source: str
    target: str
    example: str
    src: str
    tgt: str


def _step(toks: list, step: str) -> list:
    """Follow one path step from each token."""
    out: list = []
    for t in toks:
        if step == "head":
            out.append(t.head)
        elif step == "subject":
            out += subject_of(t)
        elif step == "passive_subject":
            out += [] if agents(t) else [c for c in t.children if c.dep_ == "nsubjpass"]
        elif step == "poss":
            out += [c for c in t.children if c.dep_ == "poss" and c.lower_ not in word_class("OWN_POSSESSIVES")]
        elif step == "that_clause":
            out += [c for c in t.children if c.dep_ in ("acl", "ccomp", "relcl") and c.pos_ == "VERB"
                    and any(m.lower_ == "that" for m in c.children)]
        elif step == "led_by":  # "a Saudi-led strike": Saudi
            out += [g for c in t.children if c.dep_ == "amod" and c.lemma_.lower() in word_class("LEADING_WORDS")
                    for g in c.children if g.dep_ in LEADER_DEP_KEYS]
        elif step == "done_by":  # "the offensive launched by Ankara", "threats coming from Isis"
            out += _participle_doers(t, "DOING_VERBS", "by") + _participle_doers(t, "ORIGIN_VERBS", "from")
        elif step == "side_modifiers":  # "Israeli shelling", "US airstrikes", "a Taliban attack": who uses force
            out += side_modifiers(t)
        elif step.startswith("prep:"):
            out += prep_objects(t, step[5:])
        else:  # child:DEP,DEP
            deps = step[6:].split(",")
            out += [c for c in t.children if c.dep_ in deps]
    return out


def _participle_doers(t, verbs: str, prep: str) -> list:
    """The objects of `prep` on participles of the class `verbs` after t ("the raid launched by Ankara")."""
    return [o for c in t.children if c.dep_ == "acl" and c.lemma_.lower() in word_class(verbs)
            for o in prep_objects(c, prep)]


def follow(trigger, expr: str) -> list:
    """The tokens a path expression finds from the trigger ("A + B" joins, "A | B" falls back)."""
    found: list = []
    for alt in expr.split("|"):
        found = []
        for part in alt.split("+"):
            toks = [trigger]
            for step in part.strip().split(".")[1:]:
                toks = _step(toks, step)
            found += toks
        if found:
            return found
    return found


def _holds(key: str, want, trigger, code: str, targets: tuple) -> bool:
    if key == "root":
        return code[:2] in want
    if key == "slot_not":
        return want not in targets
    *path, attr = key.split(".")
    tok = trigger
    for _ in path[1:]:
        tok = tok.head
    value = ATTRS[attr](tok)
    return value in (word_class(want) if isinstance(want, str) else want)


def _check_path(expr: str, where: str) -> None:
    for part in expr.replace("|", "+").split("+"):
        steps = part.strip().split(".")
        known = [s in STEP_KEYS or s.startswith(ARG_STEP_KEYS) for s in steps[1:]]
        if steps[0] != "trigger" or not all(known):
            raise LexiconError(f"{where}: bad path {expr!r}")


def _check_when(when: dict, where: str) -> None:
    for key, want in when.items():
        if key in ("root", "slot_not"):
            continue
        *path, attr = key.split(".")
        if path[:1] != ["trigger"] and path[:1] != ["head"] or attr not in ATTRS or any(s != "head" for s in path[1:]):
            raise LexiconError(f"{where}: bad condition {key!r}")
        if isinstance(want, str) and want not in classes():
            raise LexiconError(f"{where}: unknown class {want!r}")


@cached
def frames() -> tuple[Frame, ...]:
    """The frames, validated."""
    out = []
    for n, f in enumerate(builtin("frames.yaml"), 1):
        where = f"frames.yaml frame {n} ({f.get('name')!r})"
        if not f.get("ex") or not (f.get("source") or f.get("target")):
            raise LexiconError(f"{where}: needs an example `ex` and a `source` or `target` path")
        when = {(k if k.startswith(("trigger.", "root", "slot_not")) else "trigger." + k): v
                for k, v in (f.get("when") or {}).items()}
        _check_when(when, where)
        for key in PATH_KEYS:
            if f.get(key):
                _check_path(f[key], where)
        out.append(Frame(f["name"], when, f.get("requires", ""), f.get("source", ""), f.get("target", ""),
                         f["ex"], str(f.get("src", "")), str(f.get("tgt", ""))))
    return tuple(out)


def _applies(f: Frame, trigger, code: str, targets: tuple) -> bool:
    return all(_holds(k, v, trigger, code, targets) for k, v in f.when.items()) and (
        not f.requires or bool(follow(trigger, f.requires)))


def frame_sources(trigger, code: str, targets: tuple) -> list | None:
    """Source heads from the first frame with a source that applies; None when no frame applies."""
    for f in frames():
        if f.source and _applies(f, trigger, code, targets):
            return follow(trigger, f.source)
    return None


def frame_targets(trigger, code: str, targets: tuple) -> list | None:
    """Target heads from the first frame with a target that applies; None when no frame applies."""
    for f in frames():
        if f.target and _applies(f, trigger, code, targets):
            return follow(trigger, f.target)
    return None
