"""Actor knowledge base (countries, organisations, agents, office holders) and resolver."""

from newsevents.actors.kb import KB, load_kb
from newsevents.actors.resolver import Actor, ArticleMemory, resolve_text

__all__ = ["KB", "Actor", "ArticleMemory", "load_kb", "resolve_text"]
