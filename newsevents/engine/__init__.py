"""Run the pipeline: articles in, event records out (locally; Dask comes later)."""

from newsevents.engine.local import code_article_docs, code_articles

__all__ = ["code_article_docs", "code_articles"]
