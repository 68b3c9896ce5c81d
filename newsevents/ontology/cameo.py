"""Load the CAMEO table (cameo.tsv) once; look codes up by string."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad_class: int
    plover: str | None
    mode: str | None
    context: str | None

    @property
    def root(self) -> str:
        return self.code[:2]


@lru_cache(maxsize=1)
def codes() -> dict[str, CameoCode]:
    """All CAMEO codes keyed by code string ("057", "0214", ...)."""
    text = resources.files("newsevents.ontology").joinpath("cameo.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader((ln for ln in text.splitlines() if not ln.startswith("#")), delimiter="\t")
    out = {}
    for r in rows:
        out[r["code"]] = CameoCode(
            code=r["code"],
            name=r["name"],
            goldstein=float(r["goldstein"]),
            quad_class=int(r["quad"]),
            plover=r["plover"] or None,
            mode=r["mode"] or None,
            context=r["context"] or None,
        )
    return out


def cameo(code: str) -> CameoCode:
    """Return the entry for a code; raise KeyError naming the code when unknown."""
    table = codes()
    if code in table:
        return table[code]
    raise KeyError(f"unknown CAMEO code {code!r}")


def plover_of(code: str) -> str | None:
    """PLOVER type of a CAMEO code (None for CAMEO 01 statements)."""
    return cameo(code).plover
