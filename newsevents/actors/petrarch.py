"""Read PETRARCH2/Phoenix actor and agent dictionaries (their own format, see PETRARCH's
dictionaries.rst) into rows for the user knowledge base.

Actor files (`*actors*.txt`): a primary phrase (words joined by `_`), `+synonym` lines, and codes
in `[...]`, either on the phrase line or on following indented lines, optionally dated:
`[USAGOV 090120-170120]`, `[USAELI >170120]`, `[AFGGOV <730717]`, `[IGOUNO]`.  Agent files
(`*agents*.txt`): `PHRASE {plural} [~CODE]`, with `!SET! = A, B` substitution sets.
A malformed line is reported as `file:line: message` and skipped; the rest is read.

Codes: the country is the code's first three letters (CAMEO codes mapped to ISO: KSV -> XKX), kept
even when the built-in knowledge base does not know it (ARN, a fictional country; DDR), except for
CAMEO regions and religions.  A multi-code entry `[ELR/GAL]` (one actor that is several) stays one
actor: its country and sector come from the first code, and the whole "ELR/GAL" is kept as its code
in the user knowledge base (`Entry.code`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

SECTORS = {
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "LEG", "ELI", "CVL", "BUS", "MED", "EDU", "REL",
    "LAB", "AGR", "HLH", "HRI", "NGO", "REF", "CRM", "UAF", "SEP", "PRM", "IGO", "ENV", "DEV", "MNC", "MUS",
    "CHR", "HIN", "JEW", "BUD", "RAD", "PPL", "MOD", "INS", "IMG", "PRE", "SOC", "UNK",
}
# CAMEO codes that are regions, religions or "international", not countries (CAMEO manual, actor codes)
NOT_COUNTRIES = {
    "AFR", "ASA", "BLK", "BAL", "CAU", "CFR", "CAS", "CEU", "EIN", "EAF", "EEU", "EUR", "GUL", "LAM", "MEA", "MDT",
    "NAF", "NMR", "PGS", "SAS", "SAM", "SAF", "SCN", "SEA", "WAF", "WEU", "WST", "INT", "MOS", "BAH", "ITH", "ANG",
    "KKL",
}
# CAMEO/Phoenix country codes that differ from the ISO codes of the built-in knowledge base
CAMEO_ISO = {"KSV": "XKX", "TMP": "TLS", "ROM": "ROU", "ZAR": "COD"}
CODE = re.compile(r"^[A-Z0-9]{3,}(/[A-Z0-9]{3,})*$")  # "ELR/GAL": one actor that is several
DATE_RANGE = re.compile(r"^(\d{6}|\d{8})-(\d{6}|\d{8})$")
DATE_ONE = re.compile(r"^([<>])\s*(\d{6}|\d{8})$")
BRACKET = re.compile(r"\[([^\[\]]*)\]")


@dataclass(frozen=True)
class KBRow:
    kind: str  # person (dated) | org (undated actor) | agent
    phrase: str
    country: str | None
    sector: str | None
    entity: str | None
    start: str | None = None
    end: str | None = None
    code: str | None = None  # as imported; "ELR/GAL" for a multi-code entry (country/sector from the first)


class DictError(Exception):
    pass


def _date(s: str) -> str:
    """YYMMDD or YYYYMMDD -> YYYY-MM-DD (two-digit years up to 30 are 20xx)."""
    if len(s) == 6:
        yy = int(s[:2])
        s = f"{2000 + yy if yy <= 30 else 1900 + yy}{s[2:]}"
    y, m, d = int(s[:4]), int(s[4:6]), int(s[6:8])
    if not (1 <= m <= 12 and 1 <= d <= 31):
        raise DictError(f"bad date {s!r}")
    return f"{y:04d}-{m:02d}-{d:02d}"


def split_code(code: str, countries: set[str]) -> tuple[str | None, str | None]:
    """PETRARCH code -> (country, sector): USAGOV -> (USA, GOV), IGOUNOJUDICJ -> (UNO, JUD),
    NGO... -> (None, NGO), ELI -> (None, ELI); an unknown (e.g. fictional) country followed by sectors
    only is kept as the country: ARN -> (ARN, None), ARNGOV -> (ARN, GOV); ELR/GAL -> the first code's."""
    code = code.split("/")[0]
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    if not chunks:
        return None, None
    first = chunks[0]
    if first == "IGO":
        rest = chunks[1:]
        country = "UNO" if rest[:1] == ["UNO"] else "EUR" if rest[:1] == ["EUR"] else "IGO"
        rest = rest[1:] if country != "IGO" else rest
    elif first in ("NGO", "MNC", "IMG"):
        country, rest = None, chunks
    elif first in countries:
        country, rest = first, chunks[1:]
    elif first in SECTORS:
        country, rest = None, chunks
    elif first in CAMEO_ISO:
        country, rest = CAMEO_ISO[first], chunks[1:]
    elif first not in NOT_COUNTRIES and first.isalpha() and all(c in SECTORS for c in chunks[1:]):
        country, rest = first, chunks[1:]  # a country code we do not know (ARN, fictional; DDR, former)
    else:  # an unknown group code with other parts (KKLxxx): no country we can name
        country, rest = None, chunks[1:]
    sector = next((c for c in rest if c in SECTORS), None)
    sector = {"MNC": "BUS", "IMG": "REB", "INS": "REB", "IGO": None}.get(sector, sector) if sector else None
    return country, sector


def _phrase(raw: str) -> str:
    return " ".join(raw.replace("_", " ").split())


def _strip_comment(line: str) -> str:
    for mark in ("#", " ;", "\t;"):
        k = line.find(mark)
        if k >= 0:
            line = line[:k]
    return line.rstrip()


def _restrictions(text: str, where: str) -> list[tuple[str | None, str | None, str | None]]:
    """[(code, start, end)] from the bracketed parts of a line; raises DictError."""
    if text.count("[") != text.count("]"):
        raise DictError("unbalanced '[' ... ']'")
    out = []
    for body in BRACKET.findall(text):
        parts = body.split()
        if not parts:
            raise DictError("empty code '[]'")
        code = parts[0]
        if code == "---":
            out.append((None, None, None))
            continue
        if not CODE.match(code):
            raise DictError(f"bad code {ascii(code[:40])}")
        start = end = None
        if len(parts) > 1:
            spec = "".join(parts[1:])
            m, one = DATE_RANGE.match(spec), DATE_ONE.match(spec)
            if m:
                start, end = _date(m.group(1)), _date(m.group(2))
            elif one:
                start, end = (_date(one.group(2)), None) if one.group(1) == ">" else (None, _date(one.group(2)))
            else:
                raise DictError(f"bad date restriction {ascii(spec[:40])}")
        out.append((code, start, end))
    return out


Code = tuple[str | None, str | None, str | None]  # (code, start date, end date)


@dataclass
class _ActorEntry:
    """One actor entry being read: its phrases (the head line and its + synonyms), codes, entity name."""

    phrases: list[str] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    entity: str | None = None

    def clear(self) -> None:
        self.phrases, self.codes, self.entity = [], [], None

    def rows(self, countries: set[str]) -> Iterator[KBRow]:
        """Dated codes make person rows; undated codes make org rows (person rows when dated ones exist)."""
        if not self.phrases:
            return
        dated = [c for c in self.codes if c[0] and (c[1] or c[2])]
        undated = [c for c in self.codes if c[0] and not (c[1] or c[2])]
        base_country = next((split_code(c[0], countries)[0] for c in self.codes if c[0]
                             and split_code(c[0], countries)[0]), None)
        for ph in self.phrases:
            for code, start, end in dated:
                country, sector = split_code(code, countries)
                yield KBRow("person", ph, country or base_country, sector, self.entity, start, end, code)
            for code, _, _ in undated:
                country, sector = split_code(code, countries)
                kind = "person" if dated else "org"
                yield KBRow(kind, ph, country or base_country, sector, self.entity, None, None, code)


def _code_line(line: str, entry: _ActorEntry, where: str) -> None:
    """An indented "[CODE date]" line: more codes for the open entry."""
    if not entry.phrases:
        raise DictError("code line outside an actor entry")
    if line.strip()[:1] != "[":
        raise DictError(f"expected '[CODE ...]', got {ascii(line.strip()[:40])}")
    entry.codes += _restrictions(line, where)


def _synonym_line(line: str, entry: _ActorEntry, where: str) -> None:
    """A "+SYNONYM [CODE]" line: another phrase (and maybe codes) for the open entry."""
    if not entry.phrases:
        raise DictError("synonym outside an actor entry")
    head, _, rest = line[1:].partition("[")
    ph = _phrase(head)
    if not ph:
        raise DictError("empty synonym")
    entry.phrases.append(ph)
    if rest:
        entry.codes += _restrictions("[" + rest, where)


def _head_line(line: str, entry: _ActorEntry, where: str) -> _ActorEntry:
    """A "PHRASE [CODE]" line: a new entry.  Without a phrase the open entry is closed (cleared) and
    DictError raised; with bad codes DictError is raised and the open entry stays as it was."""
    head, _, rest = line.partition("[")
    ph = _phrase(head)
    if not ph or not re.search(r"[A-Za-z0-9]", ph):
        entry.clear()
        raise DictError(f"no actor phrase in {ascii(line.strip()[:40])}")
    new_codes = _restrictions("[" + rest, where) if rest else []
    return _ActorEntry([ph], new_codes, ph.title())


def read_actor_file(path: Path, countries: set[str], on_error: Callable[[str], None]) -> Iterator[KBRow]:
    """Rows of one actor dictionary."""
    entry = _ActorEntry()
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, raw in enumerate(f, 1):
            where = f"{path.name}:{n}"
            line = _strip_comment(raw.rstrip("\n"))
            if not line.strip():
                continue
            try:
                if line[:1] in (" ", "\t") or line.lstrip().startswith("["):
                    _code_line(line, entry, where)
                elif line.startswith("+"):
                    _synonym_line(line, entry, where)
                else:
                    yield from entry.rows(countries)
                    entry = _head_line(line, entry, where)
            except DictError as e:
                on_error(f"{path}:{n}: {e}, skipped")
    yield from entry.rows(countries)


def _plurals(word: str) -> list[str]:
    if word.endswith("Y") and not word.endswith(("AY", "EY", "OY", "UY")):
        return [word[:-1] + "IES"]
    if word.endswith(("SS", "SH", "CH", "X")):
        return [word + "ES"]
    if word.endswith("S"):
        return []
    return [word + "S"]


def read_agent_file(path: Path, on_error: Callable[[str], None]) -> Iterator[KBRow]:
    """Rows of one agent dictionary."""
    sets: dict[str, list[str]] = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, raw in enumerate(f, 1):
            line = _strip_comment(raw.rstrip("\n")).strip()
            if not line or line.startswith("<!--"):
                continue
            try:
                m = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", line)
                if m:
                    sets[m.group(1)] = [x.strip() for x in m.group(2).split(",") if x.strip()]
                    continue
                if line.count("[") != 1 or line.count("]") != 1 or line.index("[") > line.index("]"):
                    raise DictError("expected 'PHRASE {plural} [~CODE]'")
                head, _, rest = line.partition("[")
                code = rest.split("]")[0].strip()
                if not re.match(r"^~?[A-Z]{3,}~?$", code):
                    raise DictError(f"bad agent code {ascii(code[:40])}")
                plural = None
                pm = re.search(r"\{([^{}]*)\}", head)
                if pm:
                    plural = pm.group(1).strip()
                    head = head[: pm.start()] + head[pm.end() :]
                elif "{" in head or "}" in head:
                    raise DictError("unbalanced '{' ... '}'")
                forms = [head.strip()]
                marker = re.search(r"![A-Z]+!", forms[0])
                if marker:
                    if marker.group(0) not in sets:
                        raise DictError(f"unknown substitution set {marker.group(0)}")
                    forms = [forms[0].replace(marker.group(0), x) for x in sets[marker.group(0)]]
                    auto = False
                else:
                    auto = plural is None and not forms[0].endswith("_")
                    if plural:
                        forms.append(plural)
                    elif auto:
                        forms += _plurals(forms[0].rstrip("_"))
                sector = code.strip("~")[:3]
                sector = {"INS": "REB", "MNC": "BUS"}.get(sector, sector)
                for form in forms:
                    ph = _phrase(form).lower()
                    if ph:
                        yield KBRow("agent", ph, None, sector, None, code=code)
            except DictError as e:
                on_error(f"{path}:{n}: {e}, skipped")


def read_dictionaries(folder: Path, countries: set[str], on_error: Callable[[str], None]) -> Iterator[KBRow]:
    """Every actor and agent dictionary in a folder (verb, issue and discard files are not actors)."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".txt")
    actor_files = [p for p in files if "actor" in p.name.lower()]
    agent_files = [p for p in files if "agent" in p.name.lower()]
    if not actor_files and not agent_files:
        raise DictError(f"{folder}: no *actors*.txt or *agents*.txt dictionaries found")
    for p in actor_files:
        yield from read_actor_file(p, countries, on_error)
    for p in agent_files:
        yield from read_agent_file(p, on_error)
