"""Clauses -> events: lexicons (verbs.yaml, nouns.yaml), predicates, arguments, event records."""

from newsevents.coder.events import SentenceCoder, SentenceEvent, event_id

__all__ = ["SentenceCoder", "SentenceEvent", "event_id"]
