"""Every module imports in a fresh interpreter whatever the order, and the actor resolver's use of the gazetteer
runs one way (actors -> when_where -> data), with top-level imports only."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import newsevents

PKG = Path(newsevents.__file__).resolve().parent


def module_names() -> list[str]:
    names = []
    for path in PKG.rglob("*.py"):
        parts = path.relative_to(PKG.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return sorted(names)


@pytest.mark.parametrize("order", ["alphabetical", "reverse"])
def test_every_module_imports_in_a_fresh_interpreter(order):
    names = module_names()
    assert "newsevents.actors.resolver" in names and "newsevents.when_where.places" in names
    if order == "reverse":
        names.reverse()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(PKG.parent), os.environ.get("PYTHONPATH", "")]))
    code = "import importlib, sys\nfor n in sys.argv[1:]:\n    importlib.import_module(n)\n"
    run = subprocess.run([sys.executable, "-c", code, *names], env=env, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]


def imports_of(path: Path) -> list[tuple[str, bool]]:
    """(module, at top level) for every newsevents module a file imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("newsevents"):
            out.append((node.module, id(node) in top))
        elif isinstance(node, ast.Import):
            out += [(a.name, id(node) in top) for a in node.names if a.name.startswith("newsevents")]
    return out


def test_when_where_never_imports_actors():
    found = [(p.name, m) for p in (PKG / "when_where").glob("*.py") for m, _ in imports_of(p)
             if m.startswith("newsevents.actors")]
    assert not found


def test_actors_import_when_where_at_top_level_only():
    found = [(p.name, m) for p in (PKG / "actors").glob("*.py") for m, top in imports_of(p)
             if m.startswith("newsevents.when_where") and not top]
    assert not found
    assert any(m == "newsevents.when_where.places" for m, _ in imports_of(PKG / "actors" / "matching.py"))


def test_data_module_imports_nothing_of_the_package():
    assert imports_of(PKG / "data.py") == []
    from newsevents.actors.kb import data_rows
    from newsevents.data import data_rows as neutral

    assert data_rows is neutral
    assert any(r["iso3"] == "FRA" for r in neutral("countries.tsv"))
