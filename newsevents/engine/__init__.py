"""Run the pipeline: articles in, event records out (locally; Dask comes later)."""

from newsevents.engine.local import CodedArticle, code_article_docs, code_articles, code_events, coded_articles

__all__ = ["CodedArticle", "code_article_docs", "code_articles", "code_events", "coded_articles"]
