"""Questions users ask of the store: a dyad over time, an actor's partners and actions, any SQL.

Counts are of merged events (one per real-world event) unless `raw` asks for every report.
Historical events and events without a date are left out of time series, and so are events whose
date is coarser than the period: a year-only date is not counted in a month ("this year" is not
January), a month-only date is counted by month, quarter and year.  Periods without events are
listed with zeros.  The cooperation-conflict index of a period is (cooperation - conflict) / all
events, from -1 (all conflict) to +1 (all cooperation), where cooperation is quad classes 1-2 and
conflict 3-4.  Filters (dates, PLOVER types, confidence) narrow every query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

PERIODS = ("day", "week", "month", "quarter", "year")


class Period(StrEnum):
    """The periods a dyad series can be counted by (command line and HTTP API choices)."""

    day = "day"
    week = "week"
    month = "month"
    quarter = "quarter"
    year = "year"
QUADS = {1: "verbal_coop", 2: "material_coop", 3: "verbal_conflict", 4: "material_conflict"}
PRECISION_RANK = {"day": 1, "week": 2, "month": 3, "year": 4}
FINEST_NEEDED = {"day": 1, "week": 2, "month": 3, "quarter": 3, "year": 4}  # coarsest precision a period takes
_RANK_SQL = "CASE date_precision WHEN 'day' THEN 1 WHEN 'week' THEN 2 WHEN 'month' THEN 3 WHEN 'year' THEN 4 END"


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple]


@dataclass
class Filters:
    """Narrow a query: event dates (inclusive ISO days), PLOVER types, minimum confidence."""

    since: str | None = None
    until: str | None = None
    types: list[str] = field(default_factory=list)
    min_confidence: float = 0.0

    def sql(self) -> tuple[str, list]:
        conds, params = [], []
        if self.since:
            conds.append("event_date >= CAST(? AS DATE)")
            params.append(self.since)
        if self.until:
            conds.append("event_date <= CAST(? AS DATE)")
            params.append(self.until)
        if self.types:
            conds.append(f"coalesce(plover, 'STATEMENT') IN ({', '.join('?' * len(self.types))})")
            params += [t.upper() for t in self.types]
        if self.min_confidence:
            conds.append("confidence >= ?")
            params.append(self.min_confidence)
        return (" AND " + " AND ".join(conds)) if conds else "", params


def _source(raw: bool) -> str:
    """The rows counted: every report, or merged events with the precision of their own date (the
    finest precision among the reports dated on the merged event's first day)."""
    if raw:
        return f"(SELECT *, {_RANK_SQL} AS prec FROM events)"
    return f"""(SELECT m.*, p.prec FROM merged_events m LEFT JOIN (
        SELECT c.cluster_id, min({_RANK_SQL.replace('date_precision', 'e.date_precision')}) AS prec
        FROM event_clusters c JOIN events e USING (event_id) JOIN merged_events mm USING (cluster_id)
        WHERE e.event_date = mm.event_date GROUP BY 1) p USING (cluster_id))"""


def period_label(d: dt.date, by: str) -> str:
    """2018-01-05 (day), 2018-W01 (ISO week), 2018-01, 2018-Q1, 2018."""
    if by == "day":
        return d.isoformat()
    if by == "week":
        y, w, _ = d.isocalendar()
        return f"{y}-W{w:02d}"
    if by == "month":
        return f"{d.year}-{d.month:02d}"
    if by == "quarter":
        return f"{d.year}-Q{(d.month - 1) // 3 + 1}"
    return str(d.year)


def _next_period(d: dt.date, by: str) -> dt.date:
    if by == "day":
        return d + dt.timedelta(days=1)
    if by == "week":
        return d + dt.timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[by]
    m = d.year * 12 + d.month - 1 + months
    return dt.date(m // 12, m % 12 + 1, 1)


def all_periods(first: dt.date, last: dt.date, by: str) -> list[dt.date]:
    out, d = [], first
    while d <= last:
        out.append(d)
        d = _next_period(d, by)
    return out


def labelled(table: Table, by: str) -> Table:
    """The table with its period column as labels (2018-Q1) for printing."""
    return Table(table.columns, [(period_label(r[0], by), *r[1:]) for r in table.rows])


@lru_cache(maxsize=1)
def actor_names() -> dict[str, str]:
    """Country and organisation codes -> names, for `top`."""
    from newsevents.actors.kb import data_rows

    names = {r["iso3"]: r["name"] for r in data_rows("countries.tsv")}
    names.update({"IGO": "international organisation", "UNO": "United Nations", "EUR": "European Union",
                  "NGO": "non-governmental organisation", "IMG": "international militarised group"})
    return names


def _side(code: str, role: str) -> tuple[str, str]:
    """SQL condition and parameter for an actor given as a country (CHN) or a full code (CHNGOV)."""
    code = code.strip().upper()
    col = f"{role}_country" if len(code) == 3 else f"{role}_code"
    return f"{col} = ?", code


def _dyad_where(a: str, b: str, directed: bool) -> tuple[str, list]:
    sa, pa = _side(a, "source")
    tb, pb = _side(b, "target")
    cond, params = f"({sa} AND {tb})", [pa, pb]
    if not directed:
        sb, pb2 = _side(b, "source")
        ta, pa2 = _side(a, "target")
        cond = f"({cond} OR ({sb} AND {ta}))"
        params += [pb2, pa2]
    return cond + " AND NOT historical AND event_date IS NOT NULL", params


def _period_where(a: str, b: str, by: str, directed: bool, filters: Filters | None) -> tuple[str, list]:
    where, params = _dyad_where(a, b, directed)
    fw, fp = (filters or Filters()).sql()
    return f"{where} AND coalesce(prec, 1) <= {FINEST_NEEDED[by]}{fw}", params + fp


def _fill(rows: list[tuple], by: str, width: int) -> list[tuple]:
    """Zero rows for the periods between the first and the last that have no events."""
    if not rows:
        return rows
    have = {r[0]: r for r in rows}
    zero = (0,) * (width - 1)
    return [have.get(p) or (p, *zero[:-1], None) for p in all_periods(rows[0][0], rows[-1][0], by)]


def dyad_series(con, a: str, b: str, by: str = "month", directed: bool = False, raw: bool = False,
                filters: Filters | None = None) -> Table:
    """Per period: events, counts per quad class, summed Goldstein, cooperation-conflict index."""
    if by not in PERIODS:
        raise ValueError(f"--by must be one of {', '.join(PERIODS)}")
    table = _source(raw)
    where, params = _period_where(a, b, by, directed, filters)
    quads = ", ".join(f"count(*) FILTER (WHERE quad_class = {q}) AS {n}" for q, n in QUADS.items())
    sql = f"""
        SELECT CAST(date_trunc('{by}', event_date) AS DATE) AS period, count(*) AS events, {quads},
               round(sum(goldstein), 1) AS goldstein,
               round((count(*) FILTER (WHERE quad_class IN (1, 2)) - count(*) FILTER (WHERE quad_class IN (3, 4)))
                     / count(*), 3) AS coop_conflict_index
        FROM {table} WHERE {where} GROUP BY 1 ORDER BY 1"""
    cur = con.execute(sql, params)
    cols = [d[0] for d in cur.description]
    return Table(cols, _fill(cur.fetchall(), by, len(cols)))


def dyad_types(con, a: str, b: str, by: str = "month", directed: bool = False, raw: bool = False,
               filters: Filters | None = None) -> Table:
    """Per period, the count of each PLOVER type (columns), statements as STATEMENT."""
    table = _source(raw)
    where, params = _period_where(a, b, by, directed, filters)
    rows = con.execute(f"""
        SELECT CAST(date_trunc('{by}', event_date) AS DATE) AS period, coalesce(plover, 'STATEMENT') AS type,
               count(*) FROM {table} WHERE {where} GROUP BY 1, 2 ORDER BY 1, 2""", params).fetchall()
    types = sorted({r[1] for r in rows})
    periods: dict = {}
    for period, t, n in rows:
        periods.setdefault(period, dict.fromkeys(types, 0))[t] = n
    if periods:
        for p in all_periods(min(periods), max(periods), by):
            periods.setdefault(p, dict.fromkeys(types, 0))
    return Table(["period", *types], [(p, *periods[p].values()) for p in sorted(periods)])


def top_partners(con, actor: str, limit: int = 15, raw: bool = False, filters: Filters | None = None) -> Table:
    """The actor's partners, either direction: events, cooperation, conflict, summed Goldstein; with names."""
    table = "events" if raw else "merged_events"
    s, p = _side(actor, "source")
    t, _ = _side(actor, "target")
    fw, fp = (filters or Filters()).sql()
    cur = con.execute(f"""
        WITH x AS (
            SELECT target_country AS partner, quad_class, goldstein FROM {table} WHERE {s} AND NOT historical{fw}
            UNION ALL
            SELECT source_country AS partner, quad_class, goldstein FROM {table} WHERE {t} AND NOT historical{fw})
        SELECT partner, count(*) AS events, count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperation,
               count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflict, round(sum(goldstein), 1) AS goldstein
        FROM x WHERE partner IS NOT NULL AND partner <> ? GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {int(limit)}""",
                      [p, *fp, p, *fp, p[:3]])
    cols = [d[0] for d in cur.description]
    names = actor_names()
    return Table([cols[0], "name", *cols[1:]], [(r[0], names.get(r[0], ""), *r[1:]) for r in cur.fetchall()])


def top_actions(con, actor: str, limit: int = 15, raw: bool = False, filters: Filters | None = None) -> Table:
    """What the actor does (as source) and has done to it (as target), per PLOVER type."""
    table = "events" if raw else "merged_events"
    s, p = _side(actor, "source")
    t, _ = _side(actor, "target")
    fw, fp = (filters or Filters()).sql()
    cur = con.execute(f"""
        SELECT coalesce(plover, 'STATEMENT') AS type,
               count(*) FILTER (WHERE {s}) AS as_source, count(*) FILTER (WHERE {t}) AS as_target
        FROM {table} WHERE ({s} OR {t}) AND NOT historical{fw} GROUP BY 1 ORDER BY 2 DESC, 3 DESC
        LIMIT {int(limit)}""", [p, p, p, p, *fp])
    return Table([d[0] for d in cur.description], cur.fetchall())


def run_query(con, sql: str, limit: int | None = None) -> Table:
    cur = con.execute(sql)
    if cur.description is None:
        return Table([], [])
    rows = cur.fetchmany(limit) if limit else cur.fetchall()
    return Table([d[0] for d in cur.description], rows)


def plot_dyad(series: Table, title: str, path: str) -> None:
    """PNG: events per quad class (stacked bars) and the cooperation-conflict index (line)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cols = series.columns
    periods = [r[0] for r in series.rows]
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(10, 6.5), sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    bottom = [0] * len(periods)
    colors = {"verbal_coop": "#9ecae1", "material_coop": "#3182bd", "verbal_conflict": "#fcae91",
              "material_conflict": "#de2d26"}
    width = _bar_width(periods)
    for name, color in colors.items():
        vals = [r[cols.index(name)] for r in series.rows]
        ax1.bar(periods, vals, bottom=bottom, color=color, label=name.replace("_", " "), width=width)
        bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
    from matplotlib.ticker import MaxNLocator

    ax1.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax1.set_ylabel("events")
    ax1.legend(loc="upper left", fontsize=8, ncol=4)
    ax1.set_title(title)
    idx = [float("nan") if v is None else v for v in (r[cols.index("coop_conflict_index")] for r in series.rows)]
    ax2.axhline(0, color="#999", linewidth=0.8)
    ax2.plot(periods, idx, marker="o", color="#333")
    ax2.set_ylim(-1.05, 1.05)
    ax2.set_ylabel("coop - conflict index")
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _bar_width(periods: list) -> float:
    if len(periods) < 2:
        return 20
    gaps = [(b - a).days for a, b in zip(periods, periods[1:], strict=False)]
    return max(0.8, min(gaps) * 0.8)
