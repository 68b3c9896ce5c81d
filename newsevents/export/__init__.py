"""Write event records as JSONL, CSV or a terminal table."""

from newsevents.export.writers import CSV_COLUMNS, flat_record, write_csv, write_jsonl, write_table

__all__ = ["CSV_COLUMNS", "flat_record", "write_csv", "write_jsonl", "write_table"]
