"""The `newsevents` command line: wires the stages together, nothing more."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from newsevents import __version__

app = typer.Typer(help="Code news text into who-did-what-to-whom political events (CAMEO/PLOVER).",
                  no_args_is_help=True, add_completion=False)
kb_app = typer.Typer(help="Look up and extend the actor knowledge base.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")

DEMO = Path(__file__).parent / "demo"


def _err(msg: str) -> None:
    typer.echo(f"newsevents: {msg}", err=True)


class _Progress:
    """A progress bar on stderr, only when stderr is a terminal and there are enough articles."""

    def __init__(self, quiet: bool):
        self.n = 0
        self.bar = None
        self.quiet = quiet or not sys.stderr.isatty()

    def tick(self, _article) -> None:
        self.n += 1
        if self.quiet:
            return
        if self.bar is None and self.n >= 5:
            from tqdm import tqdm

            self.bar = tqdm(unit=" articles", file=sys.stderr, initial=self.n)
        elif self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


@app.command()
def code(
    paths: list[Path] = typer.Argument(..., help="Text files, folders, .jsonl/.jsonl.gz or .csv files."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write events here (default: stdout)."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="jsonl, csv or table (default: table on a "
                                      "terminal, else jsonl; from the file suffix with --output)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
    batch_size: int = typer.Option(64, help="Segments per spaCy batch."),
    processes: int = typer.Option(1, "--processes", "-p", help="Parser processes."),
) -> None:
    """Code articles into events (one record per source-target dyad)."""
    from newsevents.engine import code_articles
    from newsevents.export import write_csv, write_jsonl, write_table
    from newsevents.ingest import read_paths
    from newsevents.nlp.load import ModelMissing

    if fmt is None:
        if output is not None:
            fmt = "csv" if output.suffix == ".csv" else "jsonl"
        else:
            fmt = "table" if sys.stdout.isatty() else "jsonl"
    if fmt not in ("jsonl", "csv", "table"):
        _err(f"unknown --format {fmt!r} (use jsonl, csv or table)")
        raise typer.Exit(2)
    errors: list[str] = []

    def on_error(e) -> None:
        errors.append(str(e))
        _err(str(e))

    progress = _Progress(quiet)
    records = code_articles(read_paths(paths), on_error=on_error, batch_size=batch_size, n_process=processes,
                            on_article=progress.tick)
    writer = {"jsonl": write_jsonl, "csv": write_csv, "table": write_table}[fmt]
    try:
        if output is not None:
            output.parent.mkdir(parents=True, exist_ok=True)
            with open(output, "w", encoding="utf-8", newline="") as f:
                n = writer(records, f)
        else:
            n = writer(records, sys.stdout)
    except ModelMissing as e:
        _err(str(e))
        raise typer.Exit(3) from None
    finally:
        progress.close()
    if not quiet:
        _err(f"{progress.n} articles, {n} events" + (f", {len(errors)} input errors" if errors else ""))
    if progress.n == 0 and errors:
        raise typer.Exit(1)


@app.command()
def demo(fmt: str = typer.Option("table", "--format", "-f", help="table, jsonl or csv")) -> None:
    """Code the demo stories shipped with the package and print the events."""
    code([DEMO], output=None, fmt=fmt, quiet=True, batch_size=64, processes=1)


@app.command()
def resolve(
    input: Path = typer.Argument(..., help="JSONL of mentions: {id, text, date?, context?}."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write results here (default: stdout)."),
) -> None:
    """Resolve actor mentions to country, sector, code and entity."""
    from newsevents.actors import resolve_text
    from newsevents.ingest.readers import read_jsonl
    from newsevents.nlp import load_nlp

    nlp = load_nlp()
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        for item in read_jsonl(input):
            if not hasattr(item, "text"):
                _err(str(item))
                continue
            a = resolve_text(item.text, nlp, date=item.date, context=item.extra.get("context"))
            out.write(json.dumps({"id": item.id, "text": item.text, "code": a.code, "country": a.country,
                                  "sector": a.sector, "entity": a.entity, "confidence": round(a.confidence, 3),
                                  "why": a.why}, ensure_ascii=False) + "\n")
    finally:
        if output:
            out.close()


@kb_app.command("lookup")
def kb_lookup(text: str = typer.Argument(..., help="An actor mention, e.g. 'Russian President Vladimir Putin'."),
              date: Optional[str] = typer.Option(None, "--date", help="YYYY-MM-DD: resolve as of this day.")) -> None:
    """Show how a mention resolves, and why."""
    from newsevents.actors import resolve_text
    from newsevents.nlp import load_nlp

    a = resolve_text(text, load_nlp(), date=date)
    typer.echo(f"{text!r} -> code={a.code} country={a.country} sector={a.sector} entity={a.entity} "
               f"confidence={a.confidence:.2f}\n  because: {a.why or 'nothing in the knowledge base matched'}")


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:  # console-script entry point
    app()


if __name__ == "__main__":
    main()
