"""Run the pipeline: articles in, event records out (locally; Dask comes later)."""

from newsevents.engine.local import code_articles, code_article_docs

__all__ = ["code_article_docs", "code_articles"]
