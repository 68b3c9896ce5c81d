"""Readers for article inputs and the cleaning of article text."""

from newsevents.ingest.clean import Segment, clean_article
from newsevents.ingest.readers import Article, InputError, read_paths

__all__ = ["Article", "InputError", "Segment", "clean_article", "read_paths"]
