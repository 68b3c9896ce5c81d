"""Reading bytes that were never meant to be read: encodings, NUL bytes, broken CSV quoting, JSON arrays.

Bytes are never the reason a file is lost: a byte-order mark decides UTF-8/16/32, UTF-16/32 without one
is recognised by its zero bytes, and anything that is not UTF-8 is read as Windows-1252, with the five bytes
that code page leaves undefined read as Latin-1.  NUL characters are removed wherever they are, with a warning.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
from collections.abc import Iterator

BOMS = [  # longest first: the UTF-32-LE mark starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
]
LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")  # physical lines, each with its line end
MAX_CSV_ERRORS = 100  # a file with more broken records than this is abandoned (each costs a re-parse)


def _cp1252_or_latin1(err: UnicodeDecodeError):
    return err.object[err.start : err.end].decode("latin-1"), err.end


codecs.register_error("newsevents-latin1", _cp1252_or_latin1)


def sniff(head: bytes) -> tuple[str | None, int]:
    """(encoding, BOM length) from the first bytes; (None, 0) when they are not UTF-16/32."""
    for bom, enc in BOMS:
        if head.startswith(bom):
            return enc, len(bom)
    sample = head[:4096]
    n = len(sample)
    if n < 4:
        return None, 0
    zeros = [sum(1 for b in sample[i::4] if b == 0) / max(len(sample[i::4]), 1) for i in range(4)]
    if zeros[0] < 0.1 and min(zeros[1:]) > 0.9:
        return "utf-32-le", 0
    if zeros[3] < 0.1 and min(zeros[:3]) > 0.9:
        return "utf-32-be", 0
    even = (zeros[0] + zeros[2]) / 2
    odd = (zeros[1] + zeros[3]) / 2
    if odd > 0.4 and even < 0.05:
        return "utf-16-le", 0
    if even > 0.4 and odd < 0.05:
        return "utf-16-be", 0
    return None, 0


def looks_binary(data: bytes) -> bool:
    """Over 1 % NUL, or over 5 % (and at least 64) control bytes, in the first 4 KB (and not UTF-16/32): an
    image, an archive. A short text with a few stray control characters is text, read line by line."""
    sample = data[:4096]
    if not sample:
        return False
    ctrl = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    # compressed data: about 11 % control bytes
    return sample.count(0) / len(sample) > 0.01 or (ctrl >= 64 and ctrl / len(sample) > 0.05)


def decode_line(raw: bytes) -> str:
    """One line (or file) that is not UTF-16/32: UTF-8, else Windows-1252 with Latin-1 for its holes."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="newsevents-latin1")


def decode_bytes(data: bytes) -> tuple[str | None, str]:
    """(text, encoding) of a whole file; text is None for a binary file."""
    enc, skip = sniff(data[:4096])
    if enc:
        return data[skip:].decode(enc, errors="replace"), enc
    if looks_binary(data):
        return None, "binary"
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="newsevents-latin1"), "cp1252"


def strip_nuls(text: str) -> tuple[str, int, int]:
    """(text without NUL characters, how many there were, the line of the first one)."""
    k = text.find("\x00")
    if k < 0:
        return text, 0, 0
    return text.replace("\x00", ""), text.count("\x00"), text.count("\n", 0, k) + 1


def nul_message(n: int) -> str:
    return f"{n} NUL character{'s' if n > 1 else ''} removed"


def csv_rows(lines: list[str]) -> Iterator[tuple[int, list[str] | None, str | None]]:
    """(line number, fields, None) per CSV record of `lines` (each ending in its newline), strictly
    parsed.  A broken record (an unterminated quote, text after a closing quote) gives (line, fields,
    message), its first line read alone and leniently, and parsing goes on from the next line."""
    pos, errors = 0, 0
    while pos < len(lines):
        reader = csv.reader(iter(lines[pos:]), strict=True)
        done = 0
        try:
            for row in reader:
                yield pos + done + 1, row, None
                done = reader.line_num
            return
        except csv.Error as e:
            bad = pos + done + 1
            errors += 1
            if errors > MAX_CSV_ERRORS:
                yield bad, None, f"more than {MAX_CSV_ERRORS} malformed CSV records; the rest of the file skipped"
                return
            alone = next(csv.reader([lines[bad - 1].rstrip("\r\n")]), None)
            yield bad, alone, f"malformed CSV quoting ({e}): this line read on its own, reading goes on"
            pos = bad


def json_array(text: str) -> Iterator[tuple[int, object | None, str | None]]:
    """(line, element, None) per element of a JSON array held in `text`; (line, None, message) on a fault
    (what follows a malformed element cannot be found again, so reading stops there)."""
    dec = json.JSONDecoder()
    pos = text.index("[") + 1
    n, line, seen = len(text), 1, 0
    while True:
        while pos < n and text[pos] in " \t\r\n,":
            pos += 1
        line += text.count("\n", seen, pos)
        seen = pos
        if pos >= n:
            yield line, None, "JSON array not closed; elements before this were kept"
            return
        if text[pos] == "]":
            return
        try:
            obj, end = dec.raw_decode(text, pos)
        except json.JSONDecodeError as e:
            yield line, None, f"invalid JSON in array ({e.msg}); elements before this were kept"
            return
        yield line, obj, None
        pos = end
