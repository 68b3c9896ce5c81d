"""Event dates (relative expressions against the publication date) and places."""

from newsevents.when_where.dates import event_date, parse_pub_date

__all__ = ["event_date", "parse_pub_date"]
