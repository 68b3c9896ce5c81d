"""The Dask engine: the same coding as the local engine, spread over the workers of a Dask cluster.

The client reads the input and cuts the article stream into partitions (a new one when a record file
changes or `partition_size` articles are reached).  Each worker loads the spaCy pipeline and the
knowledge base once (a worker plugin) and codes whole partitions with `engine.local.coded_articles`,
so events and ids are those of the local engine.  Results come back in input order.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from distributed.diagnostics.plugin import WorkerPlugin

from newsevents.engine.local import CodedArticle, ErrorHook, coded_articles
from newsevents.ingest import Article, InputError

DEFAULT_PARTITION = 40  # articles per task: ~7 s of coding, small against ~5 ms of scheduling


class LoadPipeline(WorkerPlugin):
    """Load the spaCy pipeline, lexicon, knowledge base and gazetteer once per worker process."""

    name = "newsevents-pipeline"

    def setup(self, worker=None) -> None:
        list(coded_articles([Article(id="warm-up", text="Russia attacked Ukraine in Kyiv on Monday.",
                                     date="2019-01-07")]))


@dataclass
class Partition:
    """Consecutive articles of the input, coded as one task; `key` names it (content and options)."""

    index: int
    articles: list[Article] = field(default_factory=list)
    key: str = ""


def _file_of(a: Article) -> str:
    return a.origin.rsplit(":", 1)[0]


def partition_key(articles: list[Article], options: dict | None) -> str:
    from newsevents.store.db import content_hash

    h = hashlib.sha1(json.dumps(options or {}, sort_keys=True).encode())
    for a in articles:
        h.update(f"{a.id}\x00{a.date}\x00{a.title}\x00{a.url}\x00{a.source}\x00{content_hash(a.text)}\x01".encode())
    return h.hexdigest()[:20]


def _cut(items: Iterable[Article | InputError], size: int, on_error: ErrorHook | None) -> Iterator[list[Article]]:
    """Consecutive articles: a new piece at `size` articles, and where a new file starts once a quarter is filled."""
    cur: list[Article] = []
    for item in items:
        if isinstance(item, InputError):
            if on_error:
                on_error(item)
            continue
        if cur and (len(cur) >= size or (_file_of(item) != _file_of(cur[-1]) and len(cur) >= size // 4)):
            yield cur
            cur = []
        cur.append(item)
    if cur:
        yield cur


def partitions(items: Iterable[Article | InputError], size: int = DEFAULT_PARTITION,
               on_error: ErrorHook | None = None, options: dict | None = None, tail: int = 2) -> Iterator[Partition]:
    """Cut the article stream into partitions of `size` articles (see _cut).  The last `tail` partitions
    are cut in quarters, so that at the end no worker waits long for the last one to finish.  The cuts
    depend on the input alone, so a re-run cuts the same partitions (same keys)."""
    held: deque[list[Article]] = deque()
    index = 0

    def part(articles: list[Article]) -> Partition:
        nonlocal index
        index += 1
        return Partition(index - 1, articles, partition_key(articles, options))

    for piece in _cut(items, size, on_error):
        held.append(piece)
        if len(held) > tail:
            yield part(held.popleft())
    quarter = max(1, -(-size // 4))
    for piece in held:
        for i in range(0, len(piece), quarter):
            yield part(piece[i:i + quarter])


def code_partition(articles: list[Article], options: dict | None, batch_size: int = 64
                   ) -> tuple[list[CodedArticle], list[InputError]]:
    """Worker side: code one partition with the local engine."""
    errors: list[InputError] = []
    return list(coded_articles(articles, errors.append, batch_size, 1, options)), errors


class Progress:
    """Articles done / total, rate and ETA on stderr, at most every `every` seconds."""

    def __init__(self, total: int | None = None, quiet: bool = False, every: float = 5.0, out=None):
        self.total, self.quiet, self.every = total, quiet, every
        self.done = 0
        self.t0 = self.last = time.perf_counter()
        self.out = out or sys.stderr

    def line(self) -> str:
        dt = max(time.perf_counter() - self.t0, 1e-9)
        rate = self.done / dt
        s = f"dask: {self.done}" + (f"/{self.total}" if self.total else "") + f" articles, {rate:.1f} articles/s"
        if self.total and rate > 0:
            s += f", ETA {max(self.total - self.done, 0) / rate:.0f} s"
        return s

    def add(self, n: int, force: bool = False) -> None:
        self.done += n
        now = time.perf_counter()
        if not self.quiet and (force or now - self.last >= self.every):
            self.last = now
            print(self.line(), file=self.out, flush=True)


@contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None, quiet: bool = False):
    """A client on an existing scheduler (tcp://HOST:PORT), or on a LocalCluster of `workers` processes
    bound to 127.0.0.1.  The pipeline plugin is registered on every worker, now and after restarts."""
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler, timeout="30s")
    else:
        try:
            import bokeh  # noqa: F401 - the dashboard pages need it

            dash = True
        except ImportError:
            dash = False
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        if not quiet and (scheduler or dash) and client.dashboard_link:
            print(f"dask dashboard: {client.dashboard_link}", file=sys.stderr)
        client.register_plugin(LoadPipeline())
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def dask_coded_articles(items: Iterable[Article | InputError], on_error: ErrorHook | None = None,
                        batch_size: int = 64, n_process: int = 1, options: dict | None = None, *,
                        client, partition_size: int = DEFAULT_PARTITION, in_flight: int | None = None,
                        progress: Progress | None = None) -> Iterator[CodedArticle]:
    """Like `coded_articles`, with the coding done by the cluster's workers; yields in input order."""
    from distributed import as_completed

    in_flight = in_flight or 2 * max(len(client.scheduler_info().get("workers", {})), 1) + 2
    parts = partitions(items, partition_size, on_error, options)
    futures = as_completed()
    pending: dict[int, object] = {}
    results: dict[int, tuple] = {}
    index_of: dict[str, int] = {}
    next_out = 0
    exhausted = False
    while True:
        while not exhausted and len(pending) + len(results) < in_flight:
            part = next(parts, None)
            if part is None:
                exhausted = True
                break
            fut = client.submit(code_partition, part.articles, options, batch_size, key=f"code-{part.key}-{part.index}")
            index_of[fut.key] = part.index
            pending[part.index] = fut
            futures.add(fut)
        if not pending and not results:
            return
        if next_out not in results:
            fut = next(futures)
            i = index_of.pop(fut.key)
            results[i] = fut.result()
            del pending[i]
            fut.release()
            continue
        coded, errors = results.pop(next_out)
        next_out += 1
        for e in errors:
            if on_error:
                on_error(e)
        if progress:
            progress.add(len(coded))
        yield from coded


def dask_coder(client, partition_size: int = DEFAULT_PARTITION, progress: Progress | None = None) -> Callable:
    """A drop-in for `coded_articles(items, on_error, batch_size, n_process, options)` that runs on `client`."""

    def run(items, on_error=None, batch_size=64, n_process=1, options=None):
        return dask_coded_articles(items, on_error, batch_size, n_process, options, client=client,
                                   partition_size=partition_size, progress=progress)

    return run
