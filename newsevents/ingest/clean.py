"""Split an article into codable segments: drop web boilerplate, keep the headline,
repair mojibake, and read the publication date and dateline place from the text.

Offsets stay those of the original article text: each Segment knows where it starts,
and a repaired segment carries a map from its characters back to the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import ftfy

BOILERPLATE = re.compile(
    r"""^(?:hot\s+topics|go\s+to\s+forum|\d*\s*comment\(s\)|comments?|share(?:\s+this)?(?:\s+article)?|print|email|
    related(?:\s+(?:news|stories|articles))?|advertisement|click\s+here|read\s+more|subscribe|sign\s+up|
    follow\s+us|all\s+rights\s+reserved|copyright|editor'?s\s+picks?|most\s+(?:read|popular|viewed)|
    top\s+news|latest\s+news|you\s+may\s+also\s+like|photo\s*:|file\s+photo|endi?)\b""",
    re.I | re.X,
)
ONLY_PUNCT = re.compile(r"^[\W_]+$")
CRUMB = re.compile(r"^[A-Z][\w.&' -]{0,40}(?:\s+[/>|»]\s+[A-Z][\w.&' -]{0,40})+$")
BYLINE = re.compile(r"^(?:by|from)\s+[A-Z]", re.I)
UPDATED = re.compile(r"\b(?:updated|published|posted|date)\s*:?\s*(\d{4}-\d{2}-\d{2})", re.I)
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
BYLINE_PLACE = re.compile(r"\bin\s+([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*(?:,\s*[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*)?)")
WIRE_DATELINE = re.compile(
    r"^([A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+)*)((?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)?)"
    r"(?:,?\s+[A-Z][a-z]{2,4}\.?\s+\d{1,2})?\s*(?:\([^)]{1,40}\))?\s*(?:--|—|–|-|:)\s+"
)
AGENCY = re.compile(r"^(?:[:\s]*(?:Reuters|AP|AFP|Canadian Press|CP|Xinhua|UPI|dpa|ANSA|Interfax|IANS|PTI)"
                    r"\s*(?:--|—|–|-|:)\s+)+|^:\s+")
SENT_END = re.compile(r"""[.!?]["'”’)\]]*\s*$""")


@dataclass
class Segment:
    start: int  # offset of text[0] in the article text
    text: str  # text to parse (repaired)
    kind: str = "body"  # "title" or "body"
    offsets: list[int] | None = None  # per character of text, its offset in the article; None = start + i

    def to_article(self, i: int) -> int:
        if self.offsets is None:
            return self.start + i
        if i >= len(self.offsets):
            return (self.offsets[-1] + 1) if self.offsets else self.start
        return self.offsets[i]


@dataclass
class CleanDoc:
    segments: list[Segment] = field(default_factory=list)
    title: str | None = None
    pub_date: str | None = None
    dateline: str | None = None
    dropped: list[str] = field(default_factory=list)


def _is_boilerplate(line: str) -> bool:
    s = line.strip()
    return bool(BOILERPLATE.match(s) or ONLY_PUNCT.match(s) or (CRUMB.match(s) and len(s) < 80))


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for raw in text.splitlines(keepends=True):
        out.append((pos, raw.rstrip("\r\n")))
        pos += len(raw)
    return out


NON_ASCII_WORD = re.compile(r"\S*[^\x00-\x7f]\S*")


def _repair(seg_text: str, start: int) -> Segment:
    """Fix mojibake, then decode HTML entities ("Russia&#8217;s", "&amp;"), offsets kept."""
    seg = _fix_mojibake(seg_text, start)
    return _decode_entities(seg) if "&" in seg.text else seg


def _decode_entities(seg: Segment) -> Segment:
    """Replace each character entity by its character; every character maps back to the article."""
    from newsevents.ingest.html import ENTITY, decode_entity

    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in ENTITY.finditer(seg.text):
        ch = decode_entity(m)
        if ch == m.group(0):
            continue
        parts.append(seg.text[pos : m.start()])
        offsets.extend(seg.to_article(i) for i in range(pos, m.start()))
        parts.append(ch)
        offsets.extend([seg.to_article(m.start())] * len(ch))
        pos = m.end()
    if not parts:
        return seg
    parts.append(seg.text[pos:])
    offsets.extend(seg.to_article(i) for i in range(pos, len(seg.text)))
    return Segment(seg.start, "".join(parts), seg.kind, offsets)


def _fix_mojibake(seg_text: str, start: int) -> Segment:
    """Fix mojibake word by word (linear time), keeping a map back to the original offsets."""
    if seg_text.isascii():
        return Segment(start, seg_text)
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    changed = False
    for m in NON_ASCII_WORD.finditer(seg_text):
        parts.append(seg_text[pos : m.start()])
        offsets.extend(range(start + pos, start + m.start()))
        word = m.group(0)
        fixed = ftfy.fix_text(word, normalization=None)
        changed |= fixed != word
        parts.append(fixed)
        n, k = len(fixed), len(word)
        offsets.extend(start + m.start() + min(i * k // max(n, 1), k - 1) for i in range(n))
        pos = m.end()
    parts.append(seg_text[pos:])
    offsets.extend(range(start + pos, start + len(seg_text)))
    if not changed:
        return Segment(start, seg_text)
    return Segment(start, "".join(parts), offsets=offsets)


def _metadata(line: str, doc: CleanDoc) -> None:
    m = UPDATED.search(line) or ISO_DATE.search(line)
    if m and not doc.pub_date:
        doc.pub_date = m.group(1) if m.re is UPDATED else m.group(0)
    p = BYLINE_PLACE.search(UPDATED.split(line)[0])
    if p and not doc.dateline:
        doc.dateline = re.sub(r"\s+(?:Updated|Published|Posted|Date)$", "", p.group(1), flags=re.I)


def clean_article(text: str) -> CleanDoc:
    """Find the headline, metadata lines and body segments of one article."""
    doc = CleanDoc()
    blocks: list[tuple[int, str]] = []  # (start, text) of joined lines
    for pos, line in _lines(text):
        s = line.strip()
        if not s:
            blocks.append((-1, ""))  # paragraph break
            continue
        lead = len(line) - len(line.lstrip())
        if _is_boilerplate(s):
            doc.dropped.append(s)
            blocks.append((-1, ""))
            continue
        if (BYLINE.match(s) and len(s) < 200 and not SENT_END.search(s)) or (UPDATED.search(s) and len(s) < 120):
            _metadata(s, doc)
            doc.dropped.append(s)
            blocks.append((-1, ""))
            continue
        prev = blocks[-1] if blocks else (-1, "")
        if prev[0] >= 0 and not SENT_END.search(prev[1]) and s[:1].islower():
            blocks[-1] = (prev[0], text[prev[0] : pos + len(line)])  # a wrapped line: join
        else:
            blocks.append((pos + lead, s))
    body = [(st, t) for st, t in blocks if st >= 0]
    for n, (st, t) in enumerate(body):
        t = t.rstrip()
        a = AGENCY.match(t) if len(t) > 60 else None
        if a:  # "Reuters - ", "AFP - ": the agency is not part of the first sentence
            st, t = st + a.end(), t[a.end() :]
        m = WIRE_DATELINE.match(t) if len(t) > 60 else None
        if m and not doc.dateline:
            doc.dateline = (m.group(1).title() + m.group(2)).strip(" ,")
            st, t = st + m.end(), t[m.end() :]
        seg = _repair(t, st)
        if n == 0 and len(body) > 1 and not SENT_END.search(t) and len(t) < 160:
            seg.kind = "title"
            doc.title = seg.text
        doc.segments.append(seg)
    return doc
