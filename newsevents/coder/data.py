"""The coder's data files (`verbs.yaml`, `nouns.yaml`, `classes.yaml`, `recode.yaml`) and the user's overlay.

A user folder (`--lexicon DIR` or `$NEWSEVENTS_LEXICON_DIR`) may hold files of the same names:
- `verbs.yaml`, `nouns.yaml`: entries added to the built-in ones and tried before them; an entry whose `v`
  (or `n`) equals a built-in entry's replaces it.
- `classes.yaml`: `NAME: [words]` adds or replaces a class; `NAME: {add: [words], remove: [words]}` edits one.
- `recode.yaml`: `recodes` with a built-in `name` replace that rule, others are added; `tables` and `wraps`
  entries replace the built-in ones of the same name.
Every user entry is validated; an error names the file and line.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

ENV = "NEWSEVENTS_LEXICON_DIR"
FILES = ("verbs.yaml", "nouns.yaml", "classes.yaml", "recode.yaml")
_user_dir: Path | None = None
EDIT_KEYS = ("add", "remove")  # classes.yaml overlay: edit a class


class LexiconError(ValueError):
    """A bad lexicon entry; the message names the file and entry or line."""


def set_user_dir(path: str | Path | None) -> None:
    """Use the overlay in `path` (None: only `$NEWSEVENTS_LEXICON_DIR`, if set) and forget loaded data."""
    global _user_dir
    _user_dir = Path(path) if path else None
    if _user_dir is not None and not _user_dir.is_dir():
        raise LexiconError(f"{_user_dir}: lexicon folder not found")
    clear_caches()


def user_dir() -> Path | None:
    if _user_dir is not None:
        return _user_dir
    env = os.environ.get(ENV)
    return Path(env) if env else None


class DataLoader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false; "on", "no", "yes" stay words (prepositions, determiners)."""


DataLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
DataLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                 list("tTfF"))


def load_yaml(text: str):
    return yaml.load(text, Loader=DataLoader)  # noqa: S506 - a SafeLoader subclass


_caches: list = []


def cached(fn):
    """lru_cache(1) that `clear_caches` (and so `set_user_dir`) resets."""
    wrapped = lru_cache(maxsize=1)(fn)
    _caches.append(wrapped)
    return wrapped


def clear_caches() -> None:
    for c in _caches:
        c.cache_clear()


def builtin(name: str):
    text = resources.files("newsevents.coder").joinpath(name).read_text(encoding="utf-8")
    return load_yaml(text)


def user_file(name: str):
    """The user's version of data file `name`: (parsed data, line of each top-level item, path), or None."""
    folder = user_dir()
    if folder is None or not (folder / name).is_file():
        return None
    path = folder / name
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=DataLoader)
        data = load_yaml(text)
    except (OSError, UnicodeDecodeError) as e:
        raise LexiconError(f"{path}: cannot read ({e.__class__.__name__})") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise LexiconError(f"{path}:{mark.line + 1 if mark else 1}: not valid YAML") from None
    lines = _item_lines(node)
    return data, lines, path


def _item_lines(node) -> dict:
    """Line numbers (1-based) of a YAML document's top-level list items (by index) or mapping keys (by key)."""
    if isinstance(node, yaml.SequenceNode):
        return {i: n.start_mark.line + 1 for i, n in enumerate(node.value)}
    if isinstance(node, yaml.MappingNode):
        return {k.value: k.start_mark.line + 1 for k, _ in node.value}
    return {}


@cached
def classes() -> dict[str, tuple[str, ...]]:
    """Word classes (ordered, lower case as written), built-in plus the user's."""
    out = {k: tuple(str(w) for w in v) for k, v in builtin("classes.yaml").items()}
    found = user_file("classes.yaml")
    if found is None:
        return out
    data, lines, path = found
    if not isinstance(data, dict):
        raise LexiconError(f"{path}:1: classes.yaml must map class names to word lists")
    for name, spec in data.items():
        where = f"{path}:{lines.get(name, 1)}: class {name}"
        if isinstance(spec, list):
            out[str(name)] = tuple(str(w) for w in spec)
        elif isinstance(spec, dict) and set(spec) <= set(EDIT_KEYS):
            drop = {str(w) for w in spec.get("remove") or []}
            kept = [w for w in out.get(str(name), ()) if w not in drop]
            out[str(name)] = tuple(kept + [str(w) for w in spec.get("add") or [] if str(w) not in kept])
        else:
            raise LexiconError(f"{where}: expected a list of words or {{add: [...], remove: [...]}}")
    return out


@cached
def _word_sets() -> dict[str, frozenset[str]]:
    return {k: frozenset(v) for k, v in classes().items()}


def words(name: str) -> frozenset[str]:
    """The words of class `name` as a set."""
    return _word_sets()[name]


def word_list(name: str) -> tuple[str, ...]:
    """The words of class `name` in their written order (for ordered slot lists)."""
    return classes()[name]
