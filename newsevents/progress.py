"""Progress on stderr for `code` and `ingest`: a rich bar with the article total and ETA when the
total is known (a spinner and count otherwise), shown only on a terminal."""

from __future__ import annotations

import sys


class Progress:
    """Counts articles; draws on stderr when it is a terminal and there is more than a handful."""

    def __init__(self, quiet: bool, total: int | None = None, label: str = "articles"):
        self.n = 0
        self.total = total
        self.label = label
        self.quiet = quiet or not sys.stderr.isatty()
        self._bar = None
        self._task = None

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RichProgress

        cols = [SpinnerColumn(), TextColumn(self.label), BarColumn(), MofNCompleteColumn(), TextColumn("eta"),
                TimeRemainingColumn(), TimeElapsedColumn()] if self.total else \
            [SpinnerColumn(), TextColumn(self.label), TextColumn("{task.completed}"), TimeElapsedColumn()]
        self._bar = RichProgress(*cols, console=Console(file=sys.stderr), transient=True)
        self._bar.start()
        self._task = self._bar.add_task(self.label, total=self.total, completed=self.n)

    def tick(self, _article=None) -> None:
        self.n += 1
        if self.quiet:
            return
        if self._bar is None and self.n >= 5:
            self._start()
        elif self._bar is not None:
            self._bar.update(self._task, completed=self.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()  # transient: the bar is erased before any table or summary is printed
            self._bar = None
