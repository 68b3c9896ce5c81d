"""Resolve the date of an event from date words in its own clause, against the publication date.

"on Saturday" in a story of Monday 2015-09-28 -> 2015-09-26 (day); "Thursday" in a story of
Thursday 2015-09-03 -> that day; "yesterday"; "in May" -> month; "on Sept. 3" -> day;
"last week" -> week.  With no date words the event takes the publication date, marked as such.
"""

from __future__ import annotations

import datetime as dt
import re

from newsevents.nlp.spans import entity_at, sent_ents

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
        from newsevents.ingest.formats import normalize_date

        iso = normalize_date(value)  # "March 14, 2019", RSS dates, "14/03/2019"
        m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso or "")
        if not m:
            return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _month_day(month: int, day: int, year: int | None, pub: dt.date, forward: bool = False) -> dt.date | None:
    if year:
        y = year
    elif forward:
        y = pub.year if (month, day) >= (pub.month, pub.day) else pub.year + 1
    else:
        y = pub.year if (month, day) <= (pub.month, pub.day) or month <= pub.month + 1 else pub.year - 1
    try:
        return dt.date(y, month, day)
    except ValueError:
        return None


def _shift_month(pub: dt.date, n: int) -> str:
    m = pub.year * 12 + pub.month - 1 + n
    return f"{m // 12:04d}-{m % 12 + 1:02d}"


RELATIVE = {  # phrase -> (days back or month shift, precision)
    "last week": (-7, "week"), "this week": (0, "week"), "next week": (7, "week"),
    "earlier this week": (0, "week"), "later this week": (0, "week"),
}


DAY_WORDS = {  # phrase -> days from the publication date
    **dict.fromkeys(("today", "this morning", "this afternoon", "tonight", "this evening", "earlier in the day",
                     "earlier today", "on the day", "later today", "later in the day"), 0),
    **dict.fromkeys(("yesterday", "last night", "yesterday morning", "yesterday afternoon", "yesterday evening"), -1),
    **dict.fromkeys(("tomorrow", "tomorrow morning"), 1),
}
MONTH_WORDS = (("last month", -1), ("earlier this month", 0), ("this month", 0), ("next month", 1))
YEAR_WORDS = (("last year", -1), ("this year", 0), ("next year", 1))


def _relative(low: str, text: str, pub: dt.date, forward: bool) -> tuple[str, str] | None:
    """"yesterday", "last week", "earlier this month", "next year"."""
    if low in DAY_WORDS:
        return (pub + dt.timedelta(days=DAY_WORDS[low])).isoformat(), "day"
    if low in RELATIVE:
        n, prec = RELATIVE[low]
        return (pub + dt.timedelta(days=n)).isoformat(), prec
    for phrase, n in MONTH_WORDS:
        if low.endswith(phrase):
            return _shift_month(pub, n), "month"
    for phrase, n in YEAR_WORDS:
        if low.endswith(phrase):
            return f"{pub.year + n:04d}", "year"
    return None


def _weekday(low: str, text: str, pub: dt.date, forward: bool) -> tuple[str, str] | None:
    """"on Saturday" (the last one, or the next one in a future clause), "last Monday", "next Friday"."""
    for word, wd in WEEKDAYS.items():
        if word in low:
            if "next" in low or (forward and "last" not in low):
                ahead = (wd - pub.weekday()) % 7
                if "next" in low and ahead == 0:
                    ahead = 7
                return (pub + dt.timedelta(days=ahead)).isoformat(), "day"
            back = (pub.weekday() - wd) % 7
            if "last" in low and back == 0:
                back = 7
            return (pub - dt.timedelta(days=back)).isoformat(), "day"
    return None


def _calendar_day(low: str, text: str, pub: dt.date, forward: bool) -> tuple[str, str] | None:
    """"on Sept. 3", "3 September 2015"."""
    for pattern, month_group, day_group in ((MONTH_DAY, 1, 2), (DAY_MONTH, 2, 1)):
        m = pattern.search(text)
        if m and m.group(month_group).lower().rstrip(".") in MONTHS:
            d = _month_day(MONTHS[m.group(month_group).lower().rstrip(".")], int(m.group(day_group)),
                           int(m.group(3)) if m.group(3) else None, pub, forward)
            if d:
                return d.isoformat(), "day"
    return None


def _month_or_year(low: str, text: str, pub: dt.date, forward: bool) -> tuple[str, str] | None:
    """"in May" (the last May, or the next one in a future clause), "in May 2015", "in 2015"."""
    words = re.findall(r"[a-z]+", low)
    months = [MONTHS[w] for w in words if w in MONTHS and len(w) > 3 or w in ("may",)]
    year = YEAR.search(text)
    if months:
        mo = months[0]
        if year:
            y = int(year.group(1))
        elif forward:
            y = pub.year if mo >= pub.month else pub.year + 1
        else:
            y = pub.year if mo <= pub.month else pub.year - 1
        return f"{y:04d}-{mo:02d}", "month"
    if year and re.fullmatch(r"(?:in\s+)?(?:the\s+year\s+)?" + year.group(1), low):
        return year.group(1), "year"
    return None


EXPRESSION_STEPS = (_relative, _weekday, _calendar_day, _month_or_year)  # the first that reads a date wins


def resolve_expression(text: str, pub: dt.date, forward: bool = False) -> tuple[str, str] | None:
    """(date, precision) for one date expression, or None when it names no usable date.

    forward: the clause speaks of the future ("will meet on Friday"), so bare weekdays, months and
    month/day forms point ahead of the publication date instead of back.
    """
    low = text.lower().strip()
    if "anniversary" in low or re.search(r"\b(every|each|annual|annually|years?\s+old)\b", low):
        return None
    for step in EXPRESSION_STEPS:
        found = step(low, text, pub, forward)
        if found is not None:
            return found
    return None


HISTORIC_PREPS = {"during", "in", "since", "after", "before", "throughout"}
AGO = re.compile(r"\b(decades?|centuries|century|years)\s+ago\b", re.I)


def _clause_dates(tok):
    """DATE entities (and historic EVENT names) on the predicate's own clause, not in nested clauses:
    (text, first token) pairs."""
    out = []
    stack = list(tok.children)
    while stack:
        c = stack.pop()
        if c.dep_ in ("ccomp", "relcl", "advcl", "xcomp", "conj", "acl", "pcomp") and c.pos_ in ("VERB", "AUX"):
            continue
        if c.ent_type_ in ("DATE", "TIME") or c.lower_ in ("yesterday", "today", "tonight", "tomorrow"):
            ent = entity_at(c)
            out.append((ent.text, ent[0]) if ent is not None else (c.text, c))
        elif c.ent_type_ == "EVENT" and c.dep_ == "pobj" and c.head.lower_ in HISTORIC_PREPS:
            ent = entity_at(c)
            if ent is not None and "war" in ent.text.lower() and c.head.head.lower_ != "victory":
                out.append(("during " + ent.text, ent[0]))
        stack.extend(c.children)
    return out


def _historic(expr: str, resolved: tuple[str, str] | None, pub: dt.date) -> bool:
    if expr.startswith("during ") or AGO.search(expr):
        return True
    if resolved is None:
        return False
    return int(resolved[0][:4]) < pub.year - 1


class DateMemory:
    """The last explicit event date of an article: later sentences of the same story thread take it.

    A thread is the set of actor countries of the event that set the date: a later event takes the
    date only when it shares one of them (or when either side has no countries to compare).  Deadlines
    ("by 10 October") and dates of future clauses are never carried."""

    def __init__(self) -> None:
        self.last: dict | None = None
        self.thread: frozenset = frozenset()

    def remember(self, out: dict, thread: frozenset, carry: bool) -> None:
        if carry:
            self.last, self.thread = out, thread

    def carried(self, thread: frozenset) -> dict | None:
        if self.last is None:
            return None
        if thread and self.thread and not (thread & self.thread):
            return None
        return self.last


DEADLINE = re.compile(r"^(?:by|until|till|before)\b", re.I)


def governing_heads(tok, stop_deps=("ccomp", "relcl", "advcl", "conj")) -> list:
    """tok and up to three heads above it, up to the edge of its clause: nouns and wrapped verbs take the
    date and place of the clause that governs them."""
    heads = [tok]
    h = tok
    for _ in range(3):
        if h.head.i == h.i or h.dep_ in stop_deps:
            break
        h = h.head
        heads.append(h)
    return heads


def _future(heads) -> bool:
    """The clause speaks of the future: "will meet", "is to visit", "is scheduled to", "plans to"."""
    for t in heads:
        for c in t.children:
            if c.dep_ in ("aux", "auxpass") and c.lower_ in ("will", "shall", "'ll", "wo"):
                return True
        if t.dep_ == "xcomp" and t.head.lemma_ in ("plan", "schedule", "expect", "due", "set", "go", "be"):
            if t.head.lemma_ != "be" or any(c.lower_ == "to" for c in t.children):
                return True
    return False


def _sentence_dates(pred_tok) -> list[tuple]:
    """DATE entities anywhere in the sentence, nearest to the trigger first: (text, first token)."""
    sent = pred_tok.sent
    ents = [e for e in sent_ents(sent) if e.label_ in ("DATE", "TIME")]
    ents.sort(key=lambda e: abs(e.start - pred_tok.i))
    return [(e.text, e[0]) for e in ents]


def _deadline(tok) -> bool:
    """The date follows "by"/"until"/"before": a deadline, not the time of the event."""
    if tok is None:
        return False
    i = tok.i - 1
    while i >= 0 and tok.i - i <= 3 and (tok.doc[i].like_num or tok.doc[i].lower_ in ("the", "end", "of")):
        i -= 1
    return i >= 0 and bool(DEADLINE.match(tok.doc[i].text))


def event_date(pred_tok, pub: dt.date | None, memory: DateMemory | None = None,
               thread: frozenset | set | None = None) -> dict:
    """{"date", "date_precision", "date_source", "historical"} for an event triggered at pred_tok.

    Order: a date in the event's own clause; a date elsewhere in the sentence; the last explicit date
    of the article (carried); the publication date.  A war named as the time ("during World War II"),
    "decades ago" or a year long before publication marks the event historical.
    """
    none = {"date": None, "date_precision": None, "date_source": None, "historical": False}
    heads = governing_heads(pred_tok)
    fwd = _future(heads)
    thread = frozenset(thread or ())
    for expr, first in [e for t in heads for e in _clause_dates(t)]:
        r = None if expr.startswith("during ") else resolve_expression(expr, pub, fwd) if pub else None
        if _historic(expr, r, pub or dt.date.max):
            return {"date": r[0] if r else None, "date_precision": r[1] if r else None,
                    "date_source": f"'{expr}' (historical)", "historical": True}
        if r:
            out = {"date": r[0], "date_precision": r[1], "date_source": f"'{expr}'", "historical": False}
            if memory is not None:
                memory.remember(out, thread, not (fwd or _deadline(first) or DEADLINE.match(expr)))
            return out
    if pub is None:
        return none
    for expr, first in _sentence_dates(pred_tok):
        if _deadline(first) or DEADLINE.match(expr):
            continue  # "... in place by 15 October, the leaders agreed": not when they agreed
        r = resolve_expression(expr, pub, fwd)
        if r and not _historic(expr, r, pub):
            out = {"date": r[0], "date_precision": r[1], "date_source": f"'{expr}' (in the sentence)",
                   "historical": False}
            if memory is not None:
                memory.remember(out, thread, not (fwd or _deadline(first) or DEADLINE.match(expr)))
            return out
    last = memory.carried(thread) if memory is not None else None
    if last is not None:
        return dict(last, date_source=f"carried from an earlier sentence ({last['date_source']})")
    return {"date": pub.isoformat(), "date_precision": "day", "date_source": "publication", "historical": False}
