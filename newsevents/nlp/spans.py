"""Entity lookups that stay linear on long documents (spaCy's Span.ents and doc.ents walk the whole
document on every call): the entities are listed once per document and found by bisection."""

from __future__ import annotations

import bisect


def _index(doc):
    idx = doc.user_data.get("newsevents_ents")
    if idx is None:
        ents = list(doc.ents)
        idx = ([e.start for e in ents], ents)
        doc.user_data["newsevents_ents"] = idx
    return idx


def ents_between(doc, start: int, end: int) -> list:
    """Entities starting in tokens [start, end)."""
    starts, ents = _index(doc)
    return ents[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]


def sent_ents(sent) -> list:
    return ents_between(sent.doc, sent.start, sent.end)


def entity_at(tok):
    """The entity covering a token, or None."""
    starts, ents = _index(tok.doc)
    k = bisect.bisect_right(starts, tok.i) - 1
    if k >= 0 and ents[k].start <= tok.i < ents[k].end:
        return ents[k]
    return None
