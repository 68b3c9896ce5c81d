"""Command-line glue for the scale-out options (--engine dask, --workers, --scheduler, --data, --from)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import typer

ENGINES = ("local", "dask")


def _err(msg: str) -> None:
    typer.echo(f"newsevents: {msg}", err=True)


def check_engine(engine: str, workers: int | None, scheduler: str | None) -> None:
    if engine not in ENGINES:
        _err(f"unknown --engine {engine!r} (use local or dask)")
        raise typer.Exit(2)
    if engine == "local" and (workers or scheduler):
        _err("--workers and --scheduler need --engine dask")
        raise typer.Exit(2)
    if workers is not None and workers < 1:
        _err("--workers must be at least 1")
        raise typer.Exit(2)


def _client(stack: ExitStack, workers: int | None, scheduler: str | None, quiet: bool):
    from newsevents.engine.dask_engine import dask_client

    try:
        return stack.enter_context(dask_client(workers, scheduler, quiet))
    except (OSError, TimeoutError) as e:
        _err(f"cannot reach the Dask scheduler {scheduler or '(local cluster)'} ({str(e).splitlines()[0]})")
        raise typer.Exit(2) from None


def dask_records(stack: ExitStack, items, on_error, batch_size: int, options: dict, workers: int | None,
                 scheduler: str | None, partition_size: int, quiet: bool,
                 on_article: Callable | None = None) -> Iterator[dict]:
    """Event records coded on Dask, in input order (the stack keeps the client open while they are read)."""
    from newsevents.engine.dask_engine import Progress, dask_coded_articles

    client = _client(stack, workers, scheduler, quiet)
    progress = Progress(None, quiet or sys.stderr.isatty())
    for done in dask_coded_articles(items, on_error, batch_size, 1, options, client=client,
                                    partition_size=partition_size, progress=progress):
        yield from done.records
        if on_article:
            on_article(done.article)


def ingest_scaled(paths: list[Path], db: Path, data: Path | None, from_: Path | None, engine: str,
                  workers: int | None, scheduler: str | None, partition_size: int, merge: bool, quiet: bool,
                  resume: bool, batch_articles: int) -> int:
    """`newsevents ingest` with --data (write a Parquet dataset on Dask), --from (load one into the
    DuckDB store) or --engine dask (code on Dask into the DuckDB store).  Returns the exit code."""
    from newsevents.nlp.load import ModelMissing
    from newsevents.store import StoreError

    if from_ is not None:
        return _load(from_, db, merge, quiet)
    if not paths and not (resume and data is None):
        _err("give files or folders to ingest")
        return 2
    with ExitStack() as stack:
        client = _client(stack, workers, scheduler, quiet)
        try:
            if data is not None:
                return _to_dataset(paths, data, client, partition_size, merge, quiet)
            from newsevents.engine.dask_engine import Progress, dask_coder
            from newsevents.store import ingest as run_ingest

            coder = dask_coder(client, partition_size, Progress(None, quiet))
            rep = run_ingest(list(paths or []), db, resume=resume, batch_articles=batch_articles,
                             on_error=lambda e: _err(str(e)), coder=coder, merge=merge)
        except (StoreError, ModelMissing) as e:
            _err(str(e))
            return 2
    merged = rep.merged
    if not quiet:
        _err(f"run {rep.run_id}: {rep.articles} articles coded, {rep.events} events stored, {rep.skipped} already "
             f"in the store, {rep.errors} errors" + (f"; {merged[0]} new reports merged into {merged[1]} events"
                                                     if merged else ""))
    return 0


def _to_dataset(paths: list[Path], data: Path, client, partition_size: int, merge: bool, quiet: bool) -> int:
    from newsevents.engine.dask_dataset import code_to_dataset
    from newsevents.ingest import read_paths
    from newsevents.store.dataset import merge_dataset

    if data.exists() and not data.is_dir():
        _err(f"{data}: not a folder")
        return 2
    rep = code_to_dataset(lambda: read_paths(paths), data, client, {"alternatives": False},
                          on_error=lambda e: _err(str(e)), partition_size=partition_size, quiet=quiet)
    merged = merge_dataset(data) if merge else None
    if not quiet:
        _err(f"{data}: {rep.articles} articles coded in {rep.partitions} partitions, {rep.events} events written, "
             f"{rep.skipped} already in the dataset, {rep.errors} errors"
             + (f"; {merged[0]} new reports merged into {merged[1]} events" if merged else ""))
    return 0


def _load(from_: Path, db: Path, merge: bool, quiet: bool) -> int:
    import datetime as dt
    import json

    from newsevents.store import StoreError, open_db
    from newsevents.store.dataset import load_into_db, manifests
    from newsevents.store.incremental import merge_new

    if not (from_ / "_manifests").is_dir():
        _err(f"{from_}: not a newsevents Parquet dataset (no _manifests folder)")
        return 2
    try:
        con = open_db(db)
    except StoreError as e:
        _err(str(e))
        return 2
    try:
        run_id = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchone()[0]
        con.execute("INSERT INTO runs VALUES (?, ?, NULL, ?, 0, 0, 0)",
                    [run_id, dt.datetime.now(), json.dumps([f"--from {from_}"])])
        n_art, n_ev = load_into_db(con, from_, run_id) if manifests(from_) else (0, 0)
        con.execute("UPDATE runs SET finished = ?, articles = ? WHERE run_id = ?", [dt.datetime.now(), n_art, run_id])
        merged = merge_new(con) if merge else None
    finally:
        con.close()
    if not quiet:
        _err(f"{from_} -> {db}: {n_art} articles, {n_ev} events added"
             + (f"; {merged[0]} new reports merged into {merged[1]} events" if merged else ""))
    return 0
