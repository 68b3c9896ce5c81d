"""Code articles into the store.

Each batch of articles is written in one transaction (article rows, sentences, events, actors), so a
killed run leaves only whole articles behind.  Articles are keyed by a hash of their text: running
again on the same input adds nothing, and `resume` picks up the paths of the last unfinished run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsevents.ingest import Article, InputError, read_paths
from newsevents.store.db import (
    ACTOR_COLUMNS,
    ARTICLE_COLUMNS,
    EVENT_COLUMNS,
    FAILURE_COLUMNS,
    SENTENCE_COLUMNS,
    StoreError,
    _pub,
    content_hash,
    event_rows,
    insert_rows,
    open_db,
)


@dataclass
class IngestReport:
    run_id: int
    articles: int = 0  # coded and stored this run
    events: int = 0
    skipped: int = 0  # already in the store (same text)
    errors: int = 0
    read: int = 0  # articles the readers gave (stored, skipped or failed)
    merged: tuple[int, int] | None = None  # (reports, merged events) when the run merged


def _last_unfinished(con) -> tuple[int, list[str]] | None:
    row = con.execute("SELECT run_id, paths FROM runs WHERE finished IS NULL ORDER BY run_id DESC LIMIT 1").fetchone()
    return (row[0], json.loads(row[1])) if row else None


def ingest(paths: list[Path], db: str | Path, resume: bool = False, batch_articles: int = 25,
           on_error: Callable[[InputError], None] | None = None,
           on_batch: Callable[[IngestReport], None] | None = None,
           on_article: Callable[[Article], None] | None = None, batch_size: int = 64,
           n_process: int = 1, alternatives: bool = False, merge: bool = False,
           coder: Callable | None = None) -> IngestReport:
    """Code `paths` into the store at `db`; return what was added.  The store keeps each trigger's
    primary dyads only, unless `alternatives` asks for the low-confidence alternative dyads too.
    `coder` replaces `engine.coded_articles` (same arguments), e.g. the Dask engine's.

    With `merge`, repeated reports are merged afterwards; the run is marked finished only then, so
    `resume` finishes a run killed while coding or while merging.  A write fault (full disk, read-only
    folder) raises StoreError with one line; whole articles written before it stay, and `resume` goes on."""
    import duckdb

    try:
        return _ingest(paths, db, resume, batch_articles, on_error, on_batch, on_article, batch_size, n_process,
                       alternatives, merge, coder)
    except (duckdb.Error, OSError) as e:  # full disk, read-only folder, lost file: DuckDB's IO/transaction errors
        msg = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise StoreError(f"{db}: cannot write ({msg}); articles stored before this are kept, "
                         f"`newsevents ingest --resume --db {db}` goes on from there") from None


def _ingest(paths, db, resume, batch_articles, on_error, on_batch, on_article, batch_size, n_process,
            alternatives, merge, coder) -> IngestReport:
    from newsevents.engine import coded_articles

    coded_articles = coder or coded_articles

    con = open_db(db)
    try:
        run = _last_unfinished(con) if resume else None
        if resume and run is None and not paths:
            raise StoreError(f"{db}: no unfinished run to resume")
        if run is not None:
            run_id, old_paths = run
            paths = paths or [Path(p) for p in old_paths]
        else:
            run_id = (con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchone()[0])
            stored = [str(p) if str(p) == "-" else os.path.abspath(p) for p in paths]  # resumable from anywhere
            con.execute("INSERT INTO runs VALUES (?, ?, NULL, ?, 0, 0, 0)",
                        [run_id, dt.datetime.now(), json.dumps(stored)])
        report = IngestReport(run_id)
        seen = {r[0] for r in con.execute("SELECT content_hash FROM articles").fetchall()}
        seen |= {r[0] for r in con.execute("SELECT content_hash FROM failures").fetchall()}

        def fresh() -> Iterator[Article | InputError]:
            for item in read_paths(paths):
                if isinstance(item, Article):
                    report.read += 1
                    h = content_hash(item.text)
                    if h in seen:
                        report.skipped += 1
                        if on_article:
                            on_article(item)
                        continue
                    seen.add(h)
                elif not item.warning:  # a warning is about a record that was kept
                    report.errors += 1
                yield item

        batch: list = []
        for done in coded_articles(fresh(), on_error, batch_size, n_process, {"alternatives": alternatives}):
            batch.append(done)
            if on_article:
                on_article(done.article)
            if len(batch) >= batch_articles:
                _write(con, batch, report)
                batch = []
                if on_batch:
                    on_batch(report)
        _write(con, batch, report)
        con.execute("UPDATE runs SET articles = articles + ?, skipped = ?, errors = errors + ? WHERE run_id = ?",
                    [report.articles, report.skipped, report.errors, run_id])
        if report.read == 0 and report.errors:  # nothing readable (moved files?): left for --resume
            return report
        if merge:  # only the new reports' blocks are merged; the run is finished only after it
            from newsevents.store.incremental import merge_new

            report.merged = merge_new(con)
        con.execute("UPDATE runs SET finished = ? WHERE run_id = ?", [dt.datetime.now(), run_id])
        return report
    finally:
        con.close()


def _write(con, batch: list, report: IngestReport) -> None:
    """Write whole articles in one transaction."""
    if not batch:
        return
    arts, sents, evs, acts, fails = [], [], [], [], []
    for done in batch:
        a = done.article
        h = content_hash(a.text)
        arts.append({"content_hash": h, "article_id": a.id, "origin": a.origin, "title": a.title or done.title,
                     "url": a.url, "source": a.source, "pub_date": _pub(done.pub_date), "dateline": done.dateline,
                     "n_sentences": len(done.sentences), "n_events": len(done.events),
                     "status": "error" if done.error else "done", "error": done.error, "run_id": report.run_id,
                     "text": a.text})
        sents += [{"content_hash": h, "sentence": i, "start_char": s, "end_char": e, "text": t}
                  for i, s, e, t in done.sentences]
        ids = set()
        for ev in done.events:
            row, actors = event_rows(ev, h)
            if row["event_id"] in ids:
                continue
            ids.add(row["event_id"])
            evs.append(row)
            acts += actors
        report.errors += bool(done.error)
        if done.error:
            fails.append({"content_hash": h, "article_id": a.id, "origin": a.origin, "run_id": report.run_id,
                          "reason": done.error, "failed_at": dt.datetime.now()})
    con.execute("BEGIN TRANSACTION")
    try:
        insert_rows(con, "articles", ARTICLE_COLUMNS, arts)
        insert_rows(con, "sentences", SENTENCE_COLUMNS, sents)
        insert_rows(con, "events", EVENT_COLUMNS, evs)
        insert_rows(con, "actors", ACTOR_COLUMNS, acts)
        insert_rows(con, "failures", FAILURE_COLUMNS, fails)
        con.execute("COMMIT")
    except Exception:
        try:
            con.execute("ROLLBACK")
        except Exception:  # the connection may be gone with the disk; the transaction dies with it
            pass
        raise
    report.articles += len(arts)
    report.events += len(evs)
