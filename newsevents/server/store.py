"""Read-only access to the DuckDB store for the server: one connection, a cursor per thread, the
in-memory event index, and a readers-writer lock so that `POST /api/ingest` can swap in new data
between requests."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from newsevents.store.db import StoreError

SAFE_CONFIG = {"enable_external_access": False, "autoload_known_extensions": False,
               "autoinstall_known_extensions": False, "lock_configuration": True}


def connect_readonly(path: str | Path) -> duckdb.DuckDBPyConnection:
    """The store, read-only, with external access (files, URLs, extensions) disabled and locked."""
    try:  # the reliability work adds this to the store; prefer it once it is there
        from newsevents.store.db import connect_readonly as store_connect
    except ImportError:
        store_connect = None
    if store_connect is not None:
        return store_connect(path)
    p = Path(path)
    if not p.exists():
        raise StoreError(f"{p}: no such database (run `newsevents ingest … --db {p}` first)")
    try:
        con = duckdb.connect(str(p), read_only=True, config=dict(SAFE_CONFIG))
    except duckdb.Error as e:
        raise StoreError(f"{p}: cannot open the database ({str(e).splitlines()[0]})") from None
    return con


class RWLock:
    """Many readers or one writer; a waiting writer goes before new readers."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._waiting = 0

    def acquire_read(self, wait: bool = True) -> bool:
        with self._cond:
            while self._writing or self._waiting:
                if not wait:
                    return False
                self._cond.wait()
            self._readers += 1
            return True

    def release_read(self) -> None:
        with self._cond:
            self._readers -= 1
            self._cond.notify_all()

    @contextmanager
    def read(self) -> Iterator[None]:
        self.acquire_read()
        try:
            yield
        finally:
            self.release_read()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            self._waiting += 1
            while self._writing or self._readers:
                self._cond.wait()
            self._waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


class Store:
    """The open store: `with store.cursor() as cur:` for reads, `with store.writable():` to change it."""

    accepts_ingest = True

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.lock = RWLock()
        self._local = threading.local()
        self._generation = 0
        self._con = self._connect()
        self._indexes = self._build_indexes()

    def _connect(self) -> duckdb.DuckDBPyConnection:
        return connect_readonly(self.path)

    def _build_indexes(self) -> dict:
        from newsevents.server.index import EventIndex

        cur = self._con.cursor()
        try:
            indexes = {raw: EventIndex(cur, raw) for raw in (False, True)}
        finally:
            cur.close()
        # the index is a few hundred thousand long-lived objects: keep them out of the cyclic garbage
        # collector's full passes, which otherwise stall a request now and then
        gc.collect()
        gc.freeze()
        return indexes

    @contextmanager
    def index(self, raw: bool):
        """The in-memory index of merged events (raw=False) or reports, for this request."""
        with self.lock.read():
            yield self._indexes[raw]

    def try_index(self, raw: bool):
        """The index without waiting (call release() after), or None while an ingest swaps the data."""
        return self._indexes[raw] if self.lock.acquire_read(wait=False) else None

    def release(self) -> None:
        self.lock.release_read()

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self.lock.read():
            local = self._local
            if getattr(local, "generation", None) != self._generation:
                local.cur = self._con.cursor()
                local.generation = self._generation
            yield local.cur

    @contextmanager
    def writable(self) -> Iterator[Path]:
        """Close the read-only connection, let the caller write to `path`, then reopen it."""
        with self.lock.write():
            self._con.close()
            self._generation += 1
            try:
                yield self.path
            finally:
                self._con = self._connect()
                self._indexes = self._build_indexes()

    def close(self) -> None:
        self._con.close()
