"""Column stores for the in-memory event index (server/index.py).

`Codes`: a string column as integer codes with the sorted row positions of each value, so that a filter
is a slice (`rows`) or an integer comparison over the positions left (`test`).  `Either`: the rows where
a value is on either side (source or target).  `output_column`: a getter that turns row positions into a
list of JSON-ready values (strings from a dictionary, numbers from NumPy, None for nulls)."""

from __future__ import annotations

import json
from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

EMPTY = np.zeros(0, np.int32)
NO_MATCH = -2  # the code of a value that is not in a column: equal to no row's code
Getter = Callable[[np.ndarray], list]


class RowLists:
    """The sorted row positions of each integer key 0..k-1 (key -1 is left out)."""

    def __init__(self, keys: np.ndarray, k: int, pos: np.ndarray | None = None) -> None:
        if pos is None:
            order = np.argsort(keys, kind="stable")
            pos = order
        else:
            order = np.lexsort((pos, keys))
            pos = pos[order]
        self.rows = pos.astype(np.int32)
        self.bounds = np.searchsorted(keys[order], np.arange(k + 1))

    def get(self, key: int | None) -> np.ndarray:
        if key is None or key < 0:
            return EMPTY
        return self.rows[self.bounds[key]:self.bounds[key + 1]]


def _encode(col: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, list]:
    enc = pc.dictionary_encode(col)
    if isinstance(enc, pa.ChunkedArray):
        enc = enc.combine_chunks()
    ids = enc.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int32)
    return ids, enc.dictionary.to_pylist()


class Dictionary:
    """A string column as integer codes (-1: null) and its values; `take` gives the values of rows."""

    def __init__(self, col: pa.Array | pa.ChunkedArray, convert: Callable | None = None) -> None:
        self.ids, self.values = _encode(col)
        out = [convert(v) for v in self.values] if convert else list(self.values)
        self._out = [*out, convert(None) if convert else None]  # code -1 (null) is the last item

    def take(self, pos: np.ndarray) -> list:
        out = self._out
        return [out[i] for i in self.ids[pos].tolist()]


class Codes(Dictionary):
    """A Dictionary with the rows holding each value."""

    def __init__(self, col: pa.Array | pa.ChunkedArray) -> None:
        super().__init__(col)
        self.lookup = {v: i for i, v in enumerate(self.values)}
        self._rows = RowLists(self.ids, len(self.values))

    def code(self, value: str) -> int:
        return self.lookup.get(value, NO_MATCH)

    def rows(self, value: str) -> np.ndarray:
        return self._rows.get(self.lookup.get(value))

    def test(self, pos: np.ndarray, value: str) -> np.ndarray:
        return self.ids[pos] == self.code(value)


class Either:
    """The rows where a value is the source or the target (each row once), from two Codes columns."""

    def __init__(self, source: Codes, target: Codes) -> None:
        values = sorted(set(source.lookup) | set(target.lookup))
        self.lookup = {v: i for i, v in enumerate(values)}
        s, t = self._remap(source), self._remap(target)
        n = len(s)
        keys = np.concatenate([s, np.where(t == s, -1, t)])  # a row with the value on both sides counts once
        pos = np.concatenate([np.arange(n, dtype=np.int32), np.arange(n, dtype=np.int32)])
        self._rows = RowLists(keys, len(values), pos)

    def _remap(self, codes: Codes) -> np.ndarray:
        table = np.array([self.lookup[v] for v in codes.values] + [-1], np.int32)
        return table[codes.ids]

    def rows(self, value: str) -> np.ndarray:
        return self._rows.get(self.lookup.get(value))


class Pairs:
    """The rows of each (source value, target value) pair of two Codes columns."""

    def __init__(self, source: Codes, target: Codes) -> None:
        self.source, self.target = source, target
        self.k = len(target.values) + 1
        keys, inv = np.unique((source.ids.astype(np.int64) + 1) * self.k + (target.ids + 1), return_inverse=True)
        self.lookup = dict(zip(keys.tolist(), range(len(keys)), strict=True))
        self._rows = RowLists(inv.reshape(-1), len(keys))

    def rows(self, a: str, b: str) -> np.ndarray:
        """The rows with a as source and b as target."""
        i, j = self.source.code(a), self.target.code(b)
        if i < 0 or j < 0:
            return EMPTY
        return self._rows.get(self.lookup.get((i + 1) * self.k + j + 1))


def _numbers(col: pa.Array) -> Getter:
    if pa.types.is_boolean(col.type):
        vals = col.fill_null(False).to_numpy(zero_copy_only=False)
    else:
        vals = col.fill_null(0).to_numpy(zero_copy_only=False)
    if not col.null_count:
        return lambda pos: vals[pos].tolist()
    valid = col.is_valid().to_numpy(zero_copy_only=False)
    return lambda pos: [v if ok else None for v, ok in zip(vals[pos].tolist(), valid[pos].tolist(), strict=True)]


def _strings(col: pa.Array) -> Getter:
    return lambda pos: col.take(pa.array(pos, pa.int32())).to_pylist()


def output_column(name: str, col: pa.Array, unique: bool) -> Getter:
    """A getter of JSON-ready values: repeated strings and dates from a dictionary, numbers from NumPy,
    mostly distinct strings (`unique`) taken from the Arrow column."""
    if pa.types.is_date(col.type):
        col = pc.cast(col, pa.string())
    if pa.types.is_dictionary(col.type):
        col = pc.cast(col, col.type.value_type)
    if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
        if unique:
            return _strings(col)
        return Dictionary(col, _json_or_empty if name == "flags" else None).take
    return _numbers(col)


def _json_or_empty(value: str | None) -> dict:
    return json.loads(value or "{}")
