"""In-memory columns of the store's events for fast listing and dyad series.

Scanning the DuckDB file for every request costs tens of milliseconds at a million events (the
string columns are read for every row); the API needs a few.  At start (and after each ingest) the
server reads merged events and reports once, newest first, into Arrow columns; filters become NumPy
masks, a page is a `take` of the matching positions.  Results are the same as the SQL in
`store.analytics` (tested against it)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newsevents.ontology import cameo
from newsevents.server.columns import Codes, Dictionary, Either, Getter, Pairs, output_column
from newsevents.server.queries import FLAGS, BadRequest, EventFilter, actor_code
from newsevents.store.analytics import FINEST_NEEDED, PRECISION_RANK

_FLAG = "coalesce(CAST(json_extract(flags, '$.{0}') AS BOOLEAN), false)"
_RANK = "CASE {0} " + " ".join(f"WHEN '{k}' THEN {v}" for k, v in PRECISION_RANK.items()) + " END"
# a merged event's date precision is the finest among its reports dated on its first day (as analytics)
MERGED_SQL = f"""
WITH f AS (
    SELECT c.cluster_id, {', '.join(f"bool_and({_FLAG.format(x)}) AS all_{x}" for x in FLAGS[:3])},
           min(CASE WHEN events.event_date = mm.event_date THEN {_RANK.format('events.date_precision')} END) AS prec
    FROM event_clusters c JOIN events USING (event_id) JOIN merged_events mm USING (cluster_id) GROUP BY 1)
SELECT m.cluster_id AS id, source_code, source_country, target_code, target_country, plover, cameo, quad_class,
       goldstein, event_date, date_last, historical, location_name, location_country, lat, lon, mentions,
       n_articles, n_sources, confidence, json_extract_string(evidence, '$[0]') AS evidence,
       coalesce(json_array_length(evidence), 0) AS n_evidence,
       {', '.join(f"coalesce(f.all_{x}, false) AS flag_{x}" for x in FLAGS[:3])}, f.prec
FROM merged_events m LEFT JOIN f USING (cluster_id)
ORDER BY event_date DESC NULLS LAST, m.cluster_id"""
RAW_SQL = f"""
SELECT event_id AS id, article_id, source_code, source_country, source_text, target_code, target_country,
       target_text, plover, cameo, quad_class, goldstein, event_date, historical, location_name, location_country,
       lat, lon, confidence, trigger, flags, sentence_text AS evidence, {_RANK.format('date_precision')} AS prec,
       {', '.join(f"{_FLAG.format(x)} AS flag_{x}" for x in FLAGS[:3])}
FROM events ORDER BY event_date DESC NULLS LAST, event_id"""
QUADS = {1: "verbal_coop", 2: "material_coop", 3: "verbal_conflict", 4: "material_conflict"}
NO_DATE = np.iinfo(np.int32).min
_SERIALS = itertools.count(1)
CODE_COLUMNS = ("source_code", "source_country", "target_code", "target_country", "plover")
UNIQUE_STRINGS = ("id", "evidence")  # mostly distinct per row: taken from Arrow, not a dictionary


@dataclass
class Term:
    """One code filter: the rows passing it (sorted) and a test of any positions."""

    rows: np.ndarray
    test: Callable[[np.ndarray], np.ndarray]


def _num(col: pa.ChunkedArray, dtype, fill) -> np.ndarray:
    return col.combine_chunks().fill_null(fill).to_numpy(zero_copy_only=False).astype(dtype)


class EventIndex:
    """Merged events (raw=False) or reports (raw=True), newest first, as filterable columns."""

    def __init__(self, cur, raw: bool) -> None:
        self.raw = raw
        self.serial = next(_SERIALS)  # tells this index from the one an ingest replaces it with
        rel = cur.sql(RAW_SQL if raw else MERGED_SQL)
        t = (rel.to_arrow_table() if hasattr(rel, "to_arrow_table") else rel.arrow()).combine_chunks()
        self.n = t.num_rows
        self.codes = {c: Codes(t[c]) for c in CODE_COLUMNS}
        self.either = {"country": Either(self.codes["source_country"], self.codes["target_country"]),
                       "code": Either(self.codes["source_code"], self.codes["target_code"])}
        self.pairs = {kind: Pairs(self.codes[f"source_{kind}"], self.codes[f"target_{kind}"])
                      for kind in ("country", "code")}
        self.root = Codes(pc.utf8_slice_codeunits(t["cameo"], 0, 2))
        self.quad = _num(t["quad_class"], np.int8, 0)
        self.goldstein = _num(t["goldstein"], np.float64, np.nan)
        self.days = _num(pc.cast(t["event_date"], pa.int32()), np.int32, NO_DATE)
        self.n_dated = int(np.count_nonzero(self.days != NO_DATE))
        self._neg_days = -self.days[:self.n_dated].astype(np.int64)  # ascending: rows are newest first
        if np.any(np.diff(self._neg_days) < 0) or np.any(self.days[self.n_dated:] != NO_DATE):
            raise RuntimeError("event index: rows are not ordered by date")
        self.confidence = _num(t["confidence"], np.float64, np.nan)
        self.historical = _num(t["historical"], bool, False)
        self.prec = _num(t["prec"], np.int8, 1)  # date precision rank, 1 (day) where unknown, as analytics
        self.located = _num(pc.and_(pc.is_valid(t["lat"]), pc.is_valid(t["lon"])), bool, False)
        self.flags = {x: _num(t[f"flag_{x}"], bool, False) for x in FLAGS[:3]}
        self.evidence = t["evidence"].combine_chunks()
        self.columns = self._output(t)

    def _output(self, t: pa.Table) -> list[tuple[str, Getter]]:
        """The getters of the listed fields, in the order of the SQL, then cameo_name and the id alias."""
        out = []
        for name in t.column_names:
            if name.startswith("flag_") or name == "prec":
                continue
            if name in self.codes:
                out.append((name, self.codes[name].take))
            else:
                out.append((name, output_column(name, t[name].combine_chunks(), name in UNIQUE_STRINGS)))
        names = Dictionary(t["cameo"], lambda c: cameo(c).name if c else None)
        out.append(("cameo_name", names.take))
        return out

    # --- filtering --------------------------------------------------------------------------------
    def _col(self, code: str, role: str) -> Codes:
        return self.codes[f"{role}_country" if len(code) == 3 else f"{role}_code"]

    def _either(self, code: str) -> np.ndarray:
        return self.either["country" if len(code) == 3 else "code"].rows(code)

    def _actor(self, value: str, role: str | None = None) -> Term:
        code = actor_code(value)
        if role:
            col = self._col(code, role)
            return Term(col.rows(code), lambda pos: col.test(pos, code))
        s, t = self._col(code, "source"), self._col(code, "target")
        return Term(self._either(code), lambda pos: s.test(pos, code) | t.test(pos, code))

    def _dyad(self, a: str, b: str, directed: bool) -> Term:
        """a acting on b (directed) or either way; from the pair lists where both are countries or both
        actor codes, else by testing the rows of the side with fewer."""
        a, b = actor_code(a), actor_code(b)
        sa, tb = self._col(a, "source"), self._col(b, "target")
        sb, ta = self._col(b, "source"), self._col(a, "target")

        def test(pos):
            one = sa.test(pos, a) & tb.test(pos, b)
            return one if directed else one | (sb.test(pos, b) & ta.test(pos, a))

        if (len(a) == 3) == (len(b) == 3):
            pairs = self.pairs["country" if len(a) == 3 else "code"]
            rows = pairs.rows(a, b)
            if not directed and a != b:  # the two directions hold different rows
                rows = np.sort(np.concatenate([rows, pairs.rows(b, a)]))
            return Term(rows, test)
        rows = min(sa.rows(a), tb.rows(b), key=len) if directed else min(self._either(a), self._either(b), key=len)
        return Term(rows[test(rows)], test)

    def _value(self, codes: Codes, value: str) -> Term:
        return Term(codes.rows(value), lambda pos: codes.test(pos, value))

    def _terms(self, f: EventFilter) -> list[Term]:
        """The code filters (actor, sides, dyad, type, CAMEO root)."""
        terms = [self._actor(f.actor)] if f.actor else []
        terms += [self._actor(code, role) for code, role in ((f.source, "source"), (f.target, "target")) if code]
        if f.dyad:
            parts = [p for p in f.dyad.replace(",", " ").split() if p]
            if len(parts) != 2:
                raise BadRequest("dyad takes two codes, e.g. dyad=CHN,RUS")
            terms.append(self._dyad(parts[0], parts[1], f.directed))
        if f.plover:
            terms.append(self._value(self.codes["plover"], f.plover.strip().upper()))
        if f.cameo_root:
            if not (len(f.cameo_root) == 2 and f.cameo_root.isdigit()):
                raise BadRequest("cameo_root is two digits, e.g. 04")
            terms.append(self._value(self.root, f.cameo_root))
        return terms

    def _dates(self, date_from: dt.date | None, date_to: dt.date | None) -> tuple[int, int]:
        """The positions [lo, hi) dated within the range (rows are ordered by date, undated last)."""
        if not (date_from or date_to):
            return 0, self.n
        lo = int(np.searchsorted(self._neg_days, -_day(date_to), "left")) if date_to else 0
        hi = int(np.searchsorted(self._neg_days, -_day(date_from), "right")) if date_from else self.n_dated
        return lo, max(lo, hi)

    def _keep(self, f: EventFilter, pos: np.ndarray) -> np.ndarray:
        """The mask of the value filters over pos."""
        keep = np.ones(len(pos), bool)
        if f.quad is not None:
            keep &= self.quad[pos] == f.quad
        if f.min_confidence is not None:
            keep &= self.confidence[pos] >= f.min_confidence
        if f.located:
            keep &= self.located[pos]
        if f.period:
            keep &= self.prec[pos] <= FINEST_NEEDED[f.period]
        for flag in f.exclude:
            if flag not in FLAGS:
                raise BadRequest(f"exclude takes {', '.join(FLAGS)}")
            keep &= ~(self.historical if flag == "historical" else self.flags[flag])[pos]
        return keep

    def select(self, f: EventFilter) -> np.ndarray:
        """Positions (newest first) of the rows that pass the filter.

        The code filter with the fewest rows gives the candidates, clipped to the date range (a slice, as
        rows are ordered by date); the other filters test only the candidates."""
        terms = self._terms(f)
        lo, hi = self._dates(f.date_from, f.date_to)
        if terms:
            first = min(terms, key=lambda t: len(t.rows))
            pos = first.rows[np.searchsorted(first.rows, lo):np.searchsorted(first.rows, hi)]
            for term in terms:
                if term is not first and len(pos):
                    pos = pos[term.test(pos)]
        else:
            pos = np.arange(lo, hi, dtype=np.int32)
        pos = pos[self._keep(f, pos)]
        if f.q and len(pos):
            hits = pc.match_substring(pc.utf8_lower(self.evidence.take(pa.array(pos, pa.int32()))), f.q.lower())
            pos = pos[hits.fill_null(False).to_numpy(zero_copy_only=False)]
        return pos

    def rows(self, pos: np.ndarray) -> list[dict]:
        """The listed fields of the rows at pos, with `event_id` (reports) or `cluster_id` (merged)."""
        names = [name for name, _ in self.columns] + ["event_id" if self.raw else "cluster_id"]
        values = [get(pos) for _, get in self.columns]
        values.append(values[0])
        return [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]

    def page(self, f: EventFilter, limit: int, offset: int) -> dict:
        pos = self.select(f)
        return {"total": int(len(pos)), "limit": limit, "offset": offset, "merged": not self.raw,
                "items": self.rows(pos[offset:offset + limit])}

    # --- dyad series ------------------------------------------------------------------------------
    def dyad(self, a: str, b: str, by: str, directed: bool) -> tuple[list[dict], list[dict]]:
        """As analytics.dyad_series and dyad_types: dated, non-historical events whose date is as fine as
        the period needs, per period, with zero rows for the empty periods between the first and last."""
        if by not in FINEST_NEEDED:
            raise BadRequest("by is day, week, month, quarter or year")
        pos = self._dyad(a, b, directed).rows
        pos = pos[~self.historical[pos] & (self.days[pos] != NO_DATE) & (self.prec[pos] <= FINEST_NEEDED[by])]
        if not len(pos):
            return [], []
        keys = _period(self.days[pos], by)
        grid = _periods(int(keys.min()), int(keys.max()), by)
        inv = np.searchsorted(grid, keys)
        n = len(grid)
        quad = self.quad[pos]
        quad = np.where((quad >= 1) & (quad <= 4), quad, 0)  # 0: no quad class (counted in events only)
        by_quad = np.bincount(inv * 5 + quad, minlength=n * 5).reshape(n, 5)
        counts = {name: by_quad[:, q] for q, name in QUADS.items()}
        total = by_quad.sum(axis=1)
        gold = self.goldstein[pos]
        known = ~np.isnan(gold)
        gsum = _round(np.bincount(inv, weights=np.where(known, gold, 0.0), minlength=n), 1).tolist()
        has_gold = np.bincount(inv, weights=known, minlength=n).tolist()
        coop = counts["verbal_coop"] + counts["material_coop"]
        conf = counts["verbal_conflict"] + counts["material_conflict"]
        index = _round((coop - conf) / np.maximum(total, 1), 3).tolist()
        events = total.tolist()
        # an empty period, as analytics._fill: zeros, Goldstein 0, no index
        gold_col = [(g if h else None) if e else 0 for g, h, e in zip(gsum, has_gold, events, strict=True)]
        index_col = [x if e else None for x, e in zip(index, events, strict=True)]
        periods = np.datetime_as_string(grid.astype("datetime64[D]")).tolist()
        keys = ("period", "events", *counts, "goldstein", "coop_conflict_index")
        series = [dict(zip(keys, row, strict=True)) for row in zip(
            periods, events, *(c.tolist() for c in counts.values()), gold_col, index_col, strict=True)]
        return series, self._types(pos, inv, periods)

    def _types(self, pos: np.ndarray, inv: np.ndarray, periods: list[str]) -> list[dict]:
        """Per period, the count of each PLOVER type present (no type: STATEMENT)."""
        plover = self.codes["plover"]
        ids = plover.ids[pos]
        present = np.flatnonzero(np.bincount(ids + 1)) - 1  # the ids present (-1: no type), ascending
        label = {i: (plover.values[i] if i >= 0 else None) or "STATEMENT" for i in present.tolist()}
        columns = sorted(set(label.values()))
        col = np.zeros(int(present.max()) + 2, np.int64)  # id -1 (none) at the last slot
        for i, t in label.items():
            col[i] = columns.index(t)
        grid = np.bincount(inv * len(columns) + col[ids], minlength=len(periods) * len(columns))
        keys = ["period", *columns]
        return [dict(zip(keys, (p, *r), strict=True))
                for p, r in zip(periods, grid.reshape(len(periods), len(columns)).tolist(), strict=True)]


def _day(d: dt.date) -> int:
    return (d - dt.date(1970, 1, 1)).days


def _period(days: np.ndarray, by: str) -> np.ndarray:
    """The first day (days since 1970-01-01) of each date's period, as DuckDB's date_trunc."""
    d = days.astype("datetime64[D]")
    if by == "day":
        out = d
    elif by == "week":  # ISO weeks start on Monday; 1970-01-01 was a Thursday
        out = d - ((days.astype(np.int64) + 3) % 7).astype("timedelta64[D]")
    elif by == "month":
        out = d.astype("datetime64[M]").astype("datetime64[D]")
    elif by == "quarter":
        months = d.astype("datetime64[M]").astype(np.int64)
        out = (months - months % 3).astype("datetime64[M]").astype("datetime64[D]")
    elif by == "year":
        out = d.astype("datetime64[Y]").astype("datetime64[D]")
    else:
        raise BadRequest("by is day, week, month, quarter or year")
    return out.astype(np.int64)


def _periods(first: int, last: int, by: str) -> np.ndarray:
    """Every period start from first to last (days since 1970-01-01), as analytics.all_periods."""
    if by in ("day", "week"):
        return np.arange(first, last + 1, 7 if by == "week" else 1, dtype=np.int64)
    m0, m1 = (np.array(x, "datetime64[D]").astype("datetime64[M]").astype(np.int64) for x in (first, last))
    months = np.arange(m0, m1 + 1, {"month": 1, "quarter": 3, "year": 12}[by])
    return months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def _round(x: np.ndarray, digits: int) -> np.ndarray:
    """Round half away from zero, as SQL does."""
    q = 10 ** digits
    return np.sign(x) * np.floor(np.abs(x) * q + 0.5) / q
