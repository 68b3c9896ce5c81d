"""The event store (DuckDB): ingest, merging of repeated reports, analytics."""

from newsevents.store.db import DEFAULT_DB, StoreError, open_db
from newsevents.store.ingest import IngestReport, ingest
from newsevents.store.merge import MergeParams, merge_store

__all__ = ["DEFAULT_DB", "IngestReport", "MergeParams", "StoreError", "ingest", "merge_store", "open_db"]
