"""Coding posted text without storing it (`POST /api/code`), and storing posted articles
(`POST /api/ingest`), each with a size limit, a time limit and a concurrency limit."""

from __future__ import annotations

import json
import tempfile
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path


class Busy(Exception):
    """Too many requests are being coded already (429)."""


class TooSlow(Exception):
    """Coding took longer than the time limit (503)."""


class Coder:
    """Runs the pipeline on posted text: at most `concurrency` requests admitted, one parse at a time.

    A request that times out gets an answer at once; its work finishes in the background and keeps its
    admission slot until then, so slow texts cannot pile up."""

    def __init__(self, concurrency: int = 2, timeout_s: float = 20.0) -> None:
        self.slots = threading.BoundedSemaphore(concurrency)
        self.timeout_s = timeout_s
        self.pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="newsevents-code")
        self.parse_lock = threading.Lock()

    def _run(self, fn, *args, timeout_s: float | None = None):
        if not self.slots.acquire(blocking=False):
            raise Busy("too many texts are being coded; try again shortly")

        def work():
            try:
                with self.parse_lock:
                    return fn(*args)
            finally:
                self.slots.release()

        future = self.pool.submit(work)
        try:
            return future.result(timeout=timeout_s or self.timeout_s)
        except FutureTimeout:
            raise TooSlow(f"coding took longer than {timeout_s or self.timeout_s:g} s") from None

    def code(self, text: str, date: str | None, title: str | None, alternatives: bool = False) -> list[dict]:
        return self._run(_code, text, date, title, alternatives)

    def ingest(self, store, articles: list[dict], timeout_s: float = 600.0) -> dict:
        """Store articles: the server's read-only connection is closed meanwhile (readers wait)."""

        def run():
            with store.writable() as db:
                return _ingest(db, articles)

        return self._run(run, timeout_s=timeout_s)

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


def _code(text: str, date: str | None, title: str | None, alternatives: bool) -> list[dict]:
    from newsevents.engine import code_articles
    from newsevents.ingest import Article

    errors: list[str] = []
    records = list(code_articles([Article(id="posted", text=text, date=date, title=title)],
                                 on_error=lambda e: errors.append(str(e)), options={"alternatives": alternatives}))
    if errors and not records:
        raise ValueError(errors[0])
    return records


def _ingest(db: Path, articles: list[dict]) -> dict:
    """Write the articles to a JSONL file and ingest it like `newsevents ingest`, then merge."""
    from newsevents.store import ingest, merge_store, open_db

    errors: list[str] = []
    with tempfile.TemporaryDirectory(prefix="newsevents-api-") as tmp:
        path = Path(tmp) / f"api-{uuid.uuid4().hex[:8]}.jsonl"
        with open(path, "w", encoding="utf-8") as f:
            for a in articles:
                f.write(json.dumps(a, ensure_ascii=False) + "\n")
        rep = ingest([path], db, on_error=lambda e: errors.append(str(e).replace(str(path), "request")))
    con = open_db(db)
    try:
        reports, merged = merge_store(con)
    finally:
        con.close()
    return {"articles": rep.articles, "events": rep.events, "skipped": rep.skipped, "errors": errors,
            "reports": reports, "merged_events": merged}
