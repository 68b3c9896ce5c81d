"""Bounds on the work one article or one sentence can cost, applied around the parser and the coder.

- A segment longer than SAFE_CHARS is split at a paragraph, else a sentence end, else whitespace, so
  spaCy never meets a text over its `max_length` (E088) and its memory stays bounded.
- A stretch of more than RUN_CHARS characters without sentence punctuation is cut at whitespace, so
  the parser never builds one huge sentence.
- A sentence that still has more than MAX_SENT_TOKENS tokens is coded in windows of at most that many.
Offsets are kept: each piece is a Segment that maps its characters back to the article text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from newsevents.ingest.clean import Segment

SAFE_CHARS = 10_000  # a 100,000-character doc costs the parser about 290 MB while parsed, and a batch holds 64
NLP_MAX_LENGTH = 200_000  # set on the pipeline: our pieces never come near it; nothing longer can be parsed
RUN_CHARS = 2_000  # longest stretch without . ! ? ; : or a line break parsed as it is
MAX_SENT_TOKENS = 250

_PARA = re.compile(r"\n\s*\n")
_LINE = re.compile(r"\n")
_SENT = re.compile(r"[.!?;:][\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")
_STOP = re.compile(r"[.!?;:\n]")


def _piece(seg: Segment, a: int, b: int) -> Segment:
    if seg.offsets is None:
        return Segment(seg.start + a, seg.text[a:b], seg.kind)
    return Segment(seg.offsets[a] if a < len(seg.offsets) else seg.to_article(a), seg.text[a:b], seg.kind,
                   seg.offsets[a:b])


def _cut(text: str, lo: int, hi: int) -> int:
    """Where to cut text[lo:hi] (after a paragraph, sentence end or space in its second half), else hi."""
    mid = lo + (hi - lo) // 2
    for pattern in (_PARA, _LINE, _SENT, _SPACE):
        last = None
        for m in pattern.finditer(text, mid, hi):
            last = m
        if last is not None:
            return last.end()
    return hi


def _bounds(text: str, limit: int, lo: int = 0, hi: int | None = None) -> Iterator[tuple[int, int]]:
    hi = len(text) if hi is None else hi
    while hi - lo > limit:
        k = _cut(text, lo, lo + limit)
        yield lo, k
        lo = k
    if hi > lo:
        yield lo, hi


def _runs(text: str, lo: int, hi: int) -> Iterator[tuple[int, int]]:
    """Stretches of text[lo:hi] longer than RUN_CHARS without sentence punctuation or a line break."""
    prev = lo
    for m in _STOP.finditer(text, lo, hi):
        if m.start() - prev > RUN_CHARS:
            yield prev, m.start()
        prev = m.end()
    if hi - prev > RUN_CHARS:
        yield prev, hi


def split_segment(seg: Segment) -> list[Segment]:
    """The segment itself, or pieces of it no longer than SAFE_CHARS and without runaway sentences."""
    text = seg.text
    if len(text) <= RUN_CHARS or (len(text) <= SAFE_CHARS and next(_runs(text, 0, len(text)), None) is None):
        return [seg]
    cuts: list[tuple[int, int]] = []
    for lo, hi in _bounds(text, SAFE_CHARS):
        pos = lo
        for a, b in _runs(text, lo, hi):
            if a > pos:
                cuts.append((pos, a))
            cuts.extend(_bounds(text, RUN_CHARS // 2, a, b))
            pos = b
        if hi > pos:
            cuts.append((pos, hi))
    return [_piece(seg, a, b) for a, b in cuts if text[a:b].strip()]


def split_segments(segments: list[Segment]) -> tuple[list[Segment], int]:
    """All segments split as needed; also returns how many were split."""
    out: list[Segment] = []
    split = 0
    for seg in segments:
        pieces = split_segment(seg)
        split += len(pieces) > 1
        out.extend(pieces)
    return out, split


_BREAK_AFTER = {",", ";", ":", "-", "--", "—", "–"}
_BREAK_BEFORE = {"and", "but", "or", "while", "whereas", "as", "after", "before", "which", "who"}


def windows(sent, size: int = MAX_SENT_TOKENS) -> list:
    """The sentence span itself, or consecutive spans of at most `size` tokens cut at a comma,
    semicolon or conjunction in the last quarter of each window where there is one."""
    if len(sent) <= size:
        return [sent]
    doc = sent.doc
    out = []
    lo = sent.start
    while sent.end - lo > size:
        hi = lo + size
        cut = hi
        for i in range(hi - 1, lo + (3 * size) // 4, -1):
            if doc[i].text in _BREAK_AFTER:
                cut = i + 1
                break
            if doc[i].lower_ in _BREAK_BEFORE:
                cut = i
                break
        out.append(doc[lo:cut])
        lo = cut
    out.append(doc[lo : sent.end])
    return out
