"""Code input into a Parquet dataset on a Dask cluster: each worker writes its own partitions.

The client reads the input, drops articles whose text the dataset already holds (the manifests'
content hashes) or that came earlier in the run, cuts partitions and submits them.  A task writes
its partition's files and then its manifest; a task retried after a worker died rewrites the same
files.  Re-running after the client was killed codes only the articles without a manifest.
Workers must see DIR at the same path (a shared folder on a real cluster).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsevents.engine.dask_engine import DEFAULT_PARTITION, Progress, code_partition, partitions
from newsevents.ingest import Article, InputError
from newsevents.store.dataset import known_hashes, write_partition


@dataclass
class DatasetReport:
    articles: int = 0  # coded and written this run
    events: int = 0
    skipped: int = 0  # already in the dataset (same text)
    errors: int = 0
    partitions: int = 0


def code_to_partition(articles: list[Article], options: dict | None, batch_size: int, data: str, key: str):
    """Worker side: code one partition and write it; returns (manifest, errors)."""
    coded, errors = code_partition(articles, options, batch_size)
    return write_partition(data, key, coded), errors


def _fresh(items: Iterable[Article | InputError], seen: set[str], report: DatasetReport | None
           ) -> Iterator[Article | InputError]:
    from newsevents.store.db import content_hash

    for item in items:
        if isinstance(item, Article):
            h = content_hash(item.text)
            if h in seen:
                if report:
                    report.skipped += 1
                continue
            seen.add(h)
        elif report:
            report.errors += 1
        yield item


def code_to_dataset(read: Callable[[], Iterable[Article | InputError]], data: str | Path, client,
                    options: dict | None = None, on_error: Callable[[InputError], None] | None = None,
                    partition_size: int = DEFAULT_PARTITION, batch_size: int = 64, quiet: bool = False,
                    on_partition: Callable[[dict], None] | None = None) -> DatasetReport:
    """Code what `read()` yields into the dataset at `data`.  `read` is called twice: once to count the
    articles to do (for progress and ETA), once to code them."""
    from distributed import as_completed

    data = Path(data).resolve()
    data.mkdir(parents=True, exist_ok=True)
    seen = known_hashes(data)
    total = sum(1 for x in _fresh(read(), set(seen), None) if isinstance(x, Article))
    report = DatasetReport()
    progress = Progress(total, quiet)
    in_flight = 2 * max(len(client.scheduler_info().get("workers", {})), 1) + 2
    parts = partitions(_fresh(read(), seen, report), partition_size, on_error, options)
    futures = as_completed()
    running = 0
    exhausted = False
    while True:
        while not exhausted and running < in_flight:
            part = next(parts, None)
            if part is None:
                exhausted = True
                break
            futures.add(client.submit(code_to_partition, part.articles, options, batch_size, str(data), part.key,
                                      key=f"dataset-{part.key}"))
            running += 1
        if not running:
            break
        fut = next(futures)
        manifest, errors = fut.result()
        fut.release()
        running -= 1
        for e in errors:
            if on_error:
                on_error(e)
        report.partitions += 1
        report.articles += manifest["articles"]
        report.events += manifest["events"]
        report.errors += manifest["errors"]
        progress.add(manifest["articles"])
        if on_partition:
            on_partition(manifest)
    if not quiet and report.partitions:
        progress.add(0, force=True)
    return report
