"""Serving a Parquet dataset (`newsevents serve --data DIR`, written by `ingest --data`).

The dataset's tables become views, made by store.dataset's own reader (`attach_views`: the manifests'
files, hive partitions), in a small DuckDB catalog file in a temporary folder; the server opens that
file read-only with external access disabled except for the dataset's Parquet files, and locked.  The
in-memory index and every query then work as over a DuckDB store.  The dataset is not written:
`POST /api/ingest` answers 409 (add articles with `newsevents ingest --data DIR`)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb

from newsevents.server.store import SAFE_CONFIG, Store
from newsevents.store.dataset import MERGED, _ddl, _sql_str, attach_views, manifests
from newsevents.store.db import StoreError

READ_ONLY_MESSAGE = "this server reads a Parquet dataset: add articles with `newsevents ingest --data DIR`"


def dataset_files(data: Path) -> set[str]:
    """The Parquet files the dataset's views read: the manifests' files and the merged tables."""
    files = {str(data / rel) for m in manifests(data) for rel in m["files"]}
    merged = [data / "merged" / f"{t}.parquet" for t in MERGED]
    return files | {str(p) for p in merged if p.exists()}


def write_catalog(data: Path, dest: Path) -> set[str]:
    """A DuckDB file at dest with the dataset's tables as views; returns the files they read."""
    before = dataset_files(data)
    con = duckdb.connect(str(dest))
    try:
        attach_views(con, data)
        for table in ("runs", *MERGED):
            path = data / "merged" / f"{table}.parquet"
            if table in MERGED and path.exists():
                con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({_sql_str(path)})")
            else:
                con.execute(_ddl(table))
    finally:
        con.close()
    return before | dataset_files(data)  # a manifest added meanwhile: its files are allowed too


def connect_dataset(data: Path, folder: Path, name: str) -> duckdb.DuckDBPyConnection:
    """The dataset through a catalog written in folder, opened read-only; only its files can be read."""
    if not (data / "_manifests").is_dir():
        raise StoreError(f"{data}: not a newsevents Parquet dataset (no _manifests folder)")
    catalog = folder / name
    try:
        files = write_catalog(data, catalog)
        con = duckdb.connect(str(catalog), read_only=True,
                             config={k: v for k, v in SAFE_CONFIG.items() if k.startswith("auto")})
        if files:
            con.execute("SET allowed_paths = ?", [sorted(files)])
        for key in ("enable_external_access", "lock_configuration"):
            con.execute(f"SET {key} = {str(SAFE_CONFIG[key]).lower()}")
    except duckdb.Error as e:
        raise StoreError(f"{data}: cannot read the dataset ({str(e).splitlines()[0]})") from None
    return con


class DatasetStore(Store):
    """A Store over a Parquet dataset (read-only: no ingest)."""

    accepts_ingest = False

    def __init__(self, data: str | Path) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="newsevents-serve-")
        try:
            super().__init__(Path(data).resolve())
        except BaseException:
            self._folder.cleanup()
            raise

    def _connect(self) -> duckdb.DuckDBPyConnection:
        return connect_dataset(self.path, Path(self._folder.name), f"catalog-{self._generation}.duckdb")

    def writable(self):
        raise StoreError(READ_ONLY_MESSAGE)

    def close(self) -> None:
        super().close()
        self._folder.cleanup()
