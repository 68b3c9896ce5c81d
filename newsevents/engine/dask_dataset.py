"""Code input into a Parquet dataset on a Dask cluster: each worker writes its own partitions.

The client reads the input, cuts partitions (keyed by their content) and submits those without a
manifest.  A task writes its partition's files and then its manifest; a task retried after a worker
died, or re-run after the client was killed, rewrites the same files, so no event is doubled.
Workers must see DIR at the same path (a shared folder on a real cluster).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsevents.engine.dask_engine import DEFAULT_PARTITION, Partition, Progress, code_partition, partitions
from newsevents.ingest import Article, InputError
from newsevents.store.dataset import known_hashes, manifests, write_partition


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


def _unique(items: Iterable[Article | InputError], report: DatasetReport | None) -> Iterator[Article | InputError]:
    """Drop articles whose text came earlier in this input (as the DuckDB store does)."""
    from newsevents.store.db import content_hash

    seen: set[str] = set()
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


def _todo(read, data: Path, partition_size: int, options: dict | None, report: DatasetReport | None,
          on_error=None) -> Iterator[Partition]:
    """Partitions still to write.  Keys come from the input alone, so a re-run after a killed client cuts
    the same partitions: finished ones (manifest present) are skipped, unfinished ones rewrite the same
    files.  Articles whose text an earlier run already wrote are dropped from the partitions."""
    from newsevents.store.db import content_hash

    done = {m["key"] for m in manifests(data)}
    old = known_hashes(data)
    for part in partitions(_unique(read(), report), partition_size, on_error, options):
        if part.key in done:
            if report:
                report.skipped += len(part.articles)
            continue
        keep = [a for a in part.articles if content_hash(a.text) not in old]
        if report:
            report.skipped += len(part.articles) - len(keep)
        part.articles = keep
        yield part


def code_to_dataset(read: Callable[[], Iterable[Article | InputError]], data: str | Path, client,
                    options: dict | None = None, on_error: Callable[[InputError], None] | None = None,
                    partition_size: int = DEFAULT_PARTITION, batch_size: int = 64, quiet: bool = False,
                    on_partition: Callable[[dict], None] | None = None) -> DatasetReport:
    """Code what `read()` yields into the dataset at `data`.  `read` is called twice: once to count the
    articles to do (for progress and ETA), once to code them."""
    from distributed import as_completed

    data = Path(data).resolve()
    data.mkdir(parents=True, exist_ok=True)
    total = sum(len(p.articles) for p in _todo(read, data, partition_size, options, None))
    report = DatasetReport()
    progress = Progress(total, quiet)
    in_flight = 2 * max(len(client.scheduler_info().get("workers", {})), 1) + 2
    parts = _todo(read, data, partition_size, options, report, on_error)
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
