"""Resolve the date of an event from date words in its own clause, against the publication date.

"on Saturday" in a story of Monday 2015-09-28 -> 2015-09-26 (day); "Thursday" in a story of
Thursday 2015-09-03 -> that day; "yesterday"; "in May" -> month; "on Sept. 3" -> day;
"last week" -> week.  With no date words the event takes the publication date, marked as such.
"""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
MONTHS = {m: i + 1 for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                          "september", "october", "november", "december"])}
MONTHS.update({m[:3]: n for m, n in list(MONTHS.items())})
MONTHS["sept"] = 9
MONTH_DAY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b")
DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?(?:,?\s+(\d{4}))?\b")
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def parse_pub_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    m = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _month_day(month: int, day: int, year: int | None, pub: dt.date) -> dt.date | None:
    y = year or (pub.year if (month, day) <= (pub.month, pub.day) or month <= pub.month + 1 else pub.year - 1)
    try:
        return dt.date(y, month, day)
    except ValueError:
        return None


def resolve_expression(text: str, pub: dt.date) -> tuple[str, str] | None:
    """(date, precision) for one date expression, or None when it names no usable date."""
    low = text.lower().strip()
    if "anniversary" in low:
        return None
    if low in ("today", "this morning", "this afternoon", "tonight", "this evening", "earlier in the day",
               "earlier today", "on the day"):
        return pub.isoformat(), "day"
    if low in ("yesterday", "last night"):
        return (pub - dt.timedelta(days=1)).isoformat(), "day"
    for word, wd in WEEKDAYS.items():
        if word in low and not re.search(r"\bnext\b", low):
            back = (pub.weekday() - wd) % 7
            if "last" in low and back == 0:
                back = 7
            return (pub - dt.timedelta(days=back)).isoformat(), "day"
    if "last week" in low:
        return (pub - dt.timedelta(days=7)).isoformat(), "week"
    m = MONTH_DAY.search(text)
    if m and m.group(1).lower().rstrip(".") in MONTHS:
        d = _month_day(MONTHS[m.group(1).lower().rstrip(".")], int(m.group(2)),
                       int(m.group(3)) if m.group(3) else None, pub)
        if d:
            return d.isoformat(), "day"
    m = DAY_MONTH.search(text)
    if m and m.group(2).lower().rstrip(".") in MONTHS:
        d = _month_day(MONTHS[m.group(2).lower().rstrip(".")], int(m.group(1)),
                       int(m.group(3)) if m.group(3) else None, pub)
        if d:
            return d.isoformat(), "day"
    words = re.findall(r"[a-z]+", low)
    months = [MONTHS[w] for w in words if w in MONTHS and len(w) > 3 or w in ("may",)]
    year = YEAR.search(text)
    if months:
        mo = months[0]
        y = int(year.group(1)) if year else (pub.year if mo <= pub.month else pub.year - 1)
        return f"{y:04d}-{mo:02d}", "month"
    if year and low.strip() == year.group(1):
        return year.group(1), "year"
    return None


def _clause_dates(tok):
    """DATE entities hanging on the predicate's own clause (not inside nested clauses)."""
    out = []
    stack = list(tok.children)
    while stack:
        c = stack.pop()
        if c.dep_ in ("ccomp", "relcl", "advcl", "xcomp", "conj", "acl", "pcomp") and c.pos_ in ("VERB", "AUX"):
            continue
        if c.ent_type_ == "DATE" or c.lower_ in ("yesterday", "today", "tonight"):
            ent = next((e for e in c.doc.ents if e.start <= c.i < e.end), None)
            out.append(ent.text if ent is not None else c.text)
        stack.extend(c.children)
    return out


def event_date(pred_tok, pub: dt.date | None) -> dict:
    """{"date", "date_precision", "date_source"} for an event triggered at pred_tok."""
    if pub is None:
        return {"date": None, "date_precision": None, "date_source": None}
    heads = [pred_tok]
    h = pred_tok
    for _ in range(3):  # nouns and wrapped verbs take the date of the clause that governs them
        if h.head.i == h.i or h.dep_ in ("ccomp", "relcl", "advcl", "conj"):
            break
        h = h.head
        heads.append(h)
    for t in heads:
        for expr in _clause_dates(t):
            r = resolve_expression(expr, pub)
            if r:
                return {"date": r[0], "date_precision": r[1], "date_source": f"'{expr}'"}
    return {"date": pub.isoformat(), "date_precision": "day", "date_source": "publication"}
