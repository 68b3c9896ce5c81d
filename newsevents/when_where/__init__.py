"""Event dates (relative expressions against the publication date) and places (gazetteer)."""

from newsevents.when_where.dates import DateMemory, event_date, parse_pub_date
from newsevents.when_where.places import dateline_place, event_place, gazetteer

__all__ = ["DateMemory", "dateline_place", "event_date", "event_place", "gazetteer", "parse_pub_date"]
