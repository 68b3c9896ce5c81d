"""In-memory columns of the store's events for fast listing and dyad series.

Scanning the DuckDB file for every request costs tens of milliseconds at a million events (the
string columns are read for every row); the API needs a few.  At start (and after each ingest) the
server reads merged events and reports once, newest first, into Arrow columns; filters become NumPy
masks, a page is a `take` of the matching positions.  Results are the same as the SQL in
`store.analytics` (tested against it)."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newsevents.ontology import cameo
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
EMPTY = np.zeros(0, np.int32)


class Codes:
    """A string column as integer codes, with the sorted row positions of each value."""

    def __init__(self, col: pa.ChunkedArray) -> None:
        enc = pc.dictionary_encode(col).combine_chunks()
        self.ids = enc.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int32)
        self.lookup = {v: i for i, v in enumerate(enc.dictionary.to_pylist())}
        order = np.argsort(self.ids, kind="stable").astype(np.int32)
        bounds = np.searchsorted(self.ids[order], np.arange(len(self.lookup) + 1))
        self._rows = [order[bounds[i]:bounds[i + 1]] for i in range(len(self.lookup))]

    def rows(self, value: str) -> np.ndarray:
        i = self.lookup.get(value)
        return self._rows[i] if i is not None else EMPTY


def _num(col: pa.ChunkedArray, dtype, fill) -> np.ndarray:
    return col.combine_chunks().fill_null(fill).to_numpy(zero_copy_only=False).astype(dtype)


class EventIndex:
    """Merged events (raw=False) or reports (raw=True), newest first, as filterable columns."""

    def __init__(self, cur, raw: bool) -> None:
        self.raw = raw
        rel = cur.sql(RAW_SQL if raw else MERGED_SQL)
        t = (rel.to_arrow_table() if hasattr(rel, "to_arrow_table") else rel.arrow()).combine_chunks()
        self.n = t.num_rows
        self.codes = {c: Codes(t[c]) for c in ("source_code", "source_country", "target_code", "target_country",
                                              "plover")}
        self.root = Codes(pc.utf8_slice_codeunits(t["cameo"], 0, 2))
        self.quad = _num(t["quad_class"], np.int8, 0)
        self.goldstein = _num(t["goldstein"], np.float64, np.nan)
        self.days = _num(pc.cast(t["event_date"], pa.int32()), np.int32, NO_DATE)
        self.confidence = _num(t["confidence"], np.float64, np.nan)
        self.historical = _num(t["historical"], bool, False)
        self.prec = _num(t["prec"], np.int8, 1)  # date precision rank, 1 (day) where unknown, as analytics
        self.located = _num(pc.and_(pc.is_valid(t["lat"]), pc.is_valid(t["lon"])), bool, False)
        self.flags = {x: _num(t[f"flag_{x}"], bool, False) for x in FLAGS[:3]}
        for c in ("source_code", "source_country", "target_code", "target_country", "plover", "cameo",
                  "location_name", "location_country", "article_id"):  # repeated strings stored once
            if c in t.column_names:
                t = t.set_column(t.column_names.index(c), c, pc.dictionary_encode(t[c]).combine_chunks())
        self.table = t
        out = t.drop_columns([c for c in t.column_names if c.startswith("flag_") or c == "prec"])
        for c in ("event_date", "date_last"):
            if c in out.column_names:
                out = out.set_column(out.column_names.index(c), c, pc.cast(out[c], pa.string()))
        names = [cameo(c).name if c else None for c in t["cameo"].chunk(0).dictionary.to_pylist()] if self.n else []
        out = out.append_column("cameo_name", pa.DictionaryArray.from_arrays(
            t["cameo"].chunk(0).indices, pa.array(names, pa.string())) if self.n else pa.array([], pa.string()))
        self.out = out

    # --- filtering --------------------------------------------------------------------------------
    def _side(self, code: str, role: str) -> np.ndarray:
        code = actor_code(code)
        return self.codes[f"{role}_country" if len(code) == 3 else f"{role}_code"].rows(code)

    def _dyad(self, a: str, b: str, directed: bool) -> np.ndarray:
        rows = np.intersect1d(self._side(a, "source"), self._side(b, "target"), assume_unique=True)
        if not directed:
            rows = _union(rows, np.intersect1d(self._side(b, "source"), self._side(a, "target"),
                                                   assume_unique=True))
        return rows

    def select(self, f: EventFilter) -> np.ndarray:
        """Positions (newest first) of the rows that pass the filter.

        Code filters intersect precomputed row lists; the others test only the rows left."""
        lists = []
        if f.actor:
            lists.append(_union(self._side(f.actor, "source"), self._side(f.actor, "target")))
        if f.source:
            lists.append(self._side(f.source, "source"))
        if f.target:
            lists.append(self._side(f.target, "target"))
        if f.dyad:
            parts = [p for p in f.dyad.replace(",", " ").split() if p]
            if len(parts) != 2:
                raise BadRequest("dyad takes two codes, e.g. dyad=CHN,RUS")
            lists.append(self._dyad(parts[0], parts[1], f.directed))
        if f.plover:
            lists.append(self.codes["plover"].rows(f.plover.strip().upper()))
        if f.cameo_root:
            if not (len(f.cameo_root) == 2 and f.cameo_root.isdigit()):
                raise BadRequest("cameo_root is two digits, e.g. 04")
            lists.append(self.root.rows(f.cameo_root))
        if lists:
            pos = min(lists, key=len)
            for other in lists:
                if other is not pos:
                    pos = np.intersect1d(pos, other, assume_unique=True)
        else:
            pos = np.arange(self.n, dtype=np.int32)
        keep = np.ones(len(pos), bool)
        if f.quad is not None:
            keep &= self.quad[pos] == f.quad
        if f.date_from or f.date_to:
            days = self.days[pos]
            keep &= days != NO_DATE
            if f.date_from:
                keep &= days >= _day(f.date_from)
            if f.date_to:
                keep &= days <= _day(f.date_to)
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
        pos = pos[keep]
        if f.q:
            hits = pc.match_substring(pc.utf8_lower(self.table["evidence"].take(pos)), f.q.lower())
            pos = pos[hits.fill_null(False).to_numpy(zero_copy_only=False)]
        return pos

    def page(self, f: EventFilter, limit: int, offset: int) -> dict:
        pos = self.select(f)
        sub = self.out.take(pos[offset:offset + limit])
        rows = pa.table([pc.cast(c, c.type.value_type) if pa.types.is_dictionary(c.type) else c for c in sub.columns],
                        names=sub.column_names).to_pylist()
        for r in rows:
            if self.raw:
                r["event_id"] = r["id"]
                r["flags"] = json.loads(r["flags"] or "{}")
            else:
                r["cluster_id"] = r["id"]
        return {"total": int(len(pos)), "limit": limit, "offset": offset, "merged": not self.raw, "items": rows}

    # --- dyad series ------------------------------------------------------------------------------
    def dyad(self, a: str, b: str, by: str, directed: bool) -> tuple[list[dict], list[dict]]:
        """As analytics.dyad_series and dyad_types: dated, non-historical events whose date is as fine as
        the period needs, per period, with zero rows for the empty periods between the first and last."""
        if by not in FINEST_NEEDED:
            raise BadRequest("by is day, week, month, quarter or year")
        pos = self._dyad(a, b, directed)
        pos = pos[~self.historical[pos] & (self.days[pos] != NO_DATE) & (self.prec[pos] <= FINEST_NEEDED[by])]
        if not len(pos):
            return [], []
        keys = _period(self.days[pos], by)
        grid = _periods(int(keys.min()), int(keys.max()), by)
        inv = np.searchsorted(grid, keys)
        n = len(grid)
        quad = self.quad[pos]
        counts = {name: np.bincount(inv[quad == q], minlength=n) for q, name in QUADS.items()}
        total = np.bincount(inv, minlength=n)
        gold = self.goldstein[pos]
        gsum = _round(np.bincount(inv, weights=np.nan_to_num(gold), minlength=n), 1).tolist()
        has_gold = np.bincount(inv, weights=~np.isnan(gold), minlength=n).tolist()
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
        names = {i: v for v, i in plover.lookup.items()}
        ids = plover.ids[pos]
        present = np.unique(ids)
        label = {int(i): names.get(int(i)) or "STATEMENT" for i in present}
        columns = sorted(set(label.values()))
        col = np.zeros(int(present.max()) + 2, np.int64)  # id -1 (none) at the last slot
        for i, t in label.items():
            col[i] = columns.index(t)
        grid = np.bincount(inv * len(columns) + col[ids], minlength=len(periods) * len(columns))
        keys = ["period", *columns]
        return [dict(zip(keys, (p, *r), strict=True))
                for p, r in zip(periods, grid.reshape(len(periods), len(columns)).tolist(), strict=True)]


def _union(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Sorted union of two sorted position arrays."""
    x = np.sort(np.concatenate([a, b]), kind="stable")
    return x[np.concatenate([[True], x[1:] != x[:-1]])] if len(x) else x


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
