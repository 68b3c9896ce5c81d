"""Questions users ask of the store: a dyad over time, an actor's partners and actions, any SQL.

Counts are of merged events (one per real-world event) unless `raw` asks for every report.
Historical events and events without a date are left out of time series.  The cooperation-
conflict index of a period is (cooperation - conflict) / all events, from -1 (all conflict) to
+1 (all cooperation), where cooperation is quad classes 1-2 and conflict 3-4.
"""

from __future__ import annotations

from dataclasses import dataclass

PERIODS = ("day", "week", "month", "quarter", "year")
QUADS = {1: "verbal_coop", 2: "material_coop", 3: "verbal_conflict", 4: "material_conflict"}


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple]


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


def dyad_series(con, a: str, b: str, by: str = "month", directed: bool = False, raw: bool = False) -> Table:
    """Per period: events, counts per quad class, summed Goldstein, cooperation-conflict index."""
    if by not in PERIODS:
        raise ValueError(f"--by must be one of {', '.join(PERIODS)}")
    table = "events" if raw else "merged_events"
    where, params = _dyad_where(a, b, directed)
    quads = ", ".join(f"count(*) FILTER (WHERE quad_class = {q}) AS {n}" for q, n in QUADS.items())
    sql = f"""
        SELECT CAST(date_trunc('{by}', event_date) AS DATE) AS period, count(*) AS events, {quads},
               round(sum(goldstein), 1) AS goldstein,
               round((count(*) FILTER (WHERE quad_class IN (1, 2)) - count(*) FILTER (WHERE quad_class IN (3, 4)))
                     / count(*), 3) AS coop_conflict_index
        FROM {table} WHERE {where} GROUP BY 1 ORDER BY 1"""
    cur = con.execute(sql, params)
    return Table([d[0] for d in cur.description], cur.fetchall())


def dyad_types(con, a: str, b: str, by: str = "month", directed: bool = False, raw: bool = False) -> Table:
    """Per period, the count of each PLOVER type (columns), statements as STATEMENT."""
    table = "events" if raw else "merged_events"
    where, params = _dyad_where(a, b, directed)
    rows = con.execute(f"""
        SELECT CAST(date_trunc('{by}', event_date) AS DATE) AS period, coalesce(plover, 'STATEMENT') AS type,
               count(*) FROM {table} WHERE {where} GROUP BY 1, 2 ORDER BY 1, 2""", params).fetchall()
    types = sorted({r[1] for r in rows})
    periods: dict = {}
    for period, t, n in rows:
        periods.setdefault(period, dict.fromkeys(types, 0))[t] = n
    return Table(["period", *types], [(p, *counts.values()) for p, counts in periods.items()])


def top_partners(con, actor: str, limit: int = 15, raw: bool = False) -> Table:
    """The actor's partners, either direction: events, cooperation, conflict, summed Goldstein."""
    table = "events" if raw else "merged_events"
    s, p = _side(actor, "source")
    t, _ = _side(actor, "target")
    cur = con.execute(f"""
        WITH x AS (
            SELECT target_country AS partner, quad_class, goldstein FROM {table} WHERE {s} AND NOT historical
            UNION ALL
            SELECT source_country AS partner, quad_class, goldstein FROM {table} WHERE {t} AND NOT historical)
        SELECT partner, count(*) AS events, count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperation,
               count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflict, round(sum(goldstein), 1) AS goldstein
        FROM x WHERE partner IS NOT NULL AND partner <> ? GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {int(limit)}""",
                      [p, p, p[:3]])
    return Table([d[0] for d in cur.description], cur.fetchall())


def top_actions(con, actor: str, limit: int = 15, raw: bool = False) -> Table:
    """What the actor does (as source) and has done to it (as target), per PLOVER type."""
    table = "events" if raw else "merged_events"
    s, p = _side(actor, "source")
    t, _ = _side(actor, "target")
    cur = con.execute(f"""
        SELECT coalesce(plover, 'STATEMENT') AS type,
               count(*) FILTER (WHERE {s}) AS as_source, count(*) FILTER (WHERE {t}) AS as_target
        FROM {table} WHERE ({s} OR {t}) AND NOT historical GROUP BY 1 ORDER BY 2 DESC, 3 DESC LIMIT {int(limit)}""",
                      [p, p, p, p])
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
    idx = [r[cols.index("coop_conflict_index")] for r in series.rows]
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
