"""Reading the package's data files, shared by the actor knowledge base and the gazetteer.

A neutral module: it imports nothing from newsevents, so `actors` and `when_where` can both use it
while only `actors` imports `when_where` (never the other way)."""

from __future__ import annotations

import csv
from importlib import resources


def data_rows(name: str, folder: str = "actors") -> list[dict]:
    """Rows of a TSV data file of the package (`newsevents/<folder>/<name>`; comment lines skipped)."""
    text = resources.files("newsevents").joinpath(folder, name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))
