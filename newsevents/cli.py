"""The `newsevents` command line: wires the stages together, nothing more."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Optional

import typer

from newsevents import __version__
from newsevents.store.analytics import Period

app = typer.Typer(help="Code news text into who-did-what-to-whom political events (CAMEO/PLOVER).",
                  no_args_is_help=True, add_completion=True)
kb_app = typer.Typer(help="Look up and extend the actor knowledge base.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")

DEMO = Path(__file__).parent / "demo"


class CodeFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"
    gdelt = "gdelt"
    plover = "plover"


SUFFIX_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".txt": "table"}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newsevents {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit."),
          lexicon: Optional[Path] = typer.Option(
              None, "--lexicon", envvar="NEWSEVENTS_LEXICON_DIR",
              help="Folder with your verbs.yaml, nouns.yaml, classes.yaml, recode.yaml: added to the built-in "
                   "lexicon, overriding entries of the same name.")) -> None:
    """Code news text into who-did-what-to-whom political events (CAMEO/PLOVER)."""
    if lexicon is not None:
        _use_lexicon(lexicon)
    _check_scoring()


def _check_scoring() -> None:
    """$NEWSEVENTS_SCORING (confidence weights, for tuning) must parse: one line, exit 2, if it does not."""
    from newsevents.coder.scoring import ScoringError, current

    try:
        current()
    except ScoringError as e:
        _err(str(e))
        raise typer.Exit(2) from None


def _use_lexicon(folder: Path) -> None:
    """Load and check the user's lexicon overlay now: one line naming file and line on an error."""
    import os

    from newsevents.coder.data import ENV, LexiconError, set_user_dir
    from newsevents.coder.lexicon import validate

    try:
        set_user_dir(folder)
        validate()
    except LexiconError as e:
        _err(f"lexicon: {e}")
        raise typer.Exit(2) from None
    os.environ[ENV] = str(folder)  # worker processes (Dask, spaCy n_process) read the same overlay


def _iso_date(value: Optional[str], option: str) -> Optional[str]:
    from newsevents.ingest.formats import normalize_date

    if value is None:
        return None
    iso = normalize_date(value)
    if iso is None or len(iso) != 10:
        _err(f"{option} {value!r}: not a date (use YYYY-MM-DD)")
        raise typer.Exit(2)
    return iso


def _filters(since, until, types, min_confidence):
    from newsevents.store.analytics import Filters

    return Filters(_iso_date(since, "--since"), _iso_date(until, "--until"), [t for t in types or [] if t],
                   min_confidence)


SINCE_OPTION = typer.Option(None, "--since", help="Only events on or after this day (YYYY-MM-DD).")
UNTIL_OPTION = typer.Option(None, "--until", help="Only events on or before this day (YYYY-MM-DD).")
TYPE_OPTION = typer.Option(None, "--type", help="Only this PLOVER type (repeatable), e.g. CONSULT, ASSAULT.")
CONF_OPTION = typer.Option(0.0, "--min-confidence", help="Only events of at least this confidence.")


def _err(msg: str) -> None:
    from newsevents.export.safe import terminal_text

    typer.echo(f"newsevents: {terminal_text(msg)}", err=True)


def _Progress(quiet: bool, paths=None):  # noqa: N802 - kept name: a rich bar with total and ETA
    from newsevents.progress import Progress

    total = None
    if not quiet and sys.stderr.isatty() and paths:
        from newsevents.ingest.formats import count_articles

        total = count_articles(paths)
    return Progress(quiet, total)


def _write_atomic(path: Path, write) -> int:
    """Run write(file) on a temporary file beside `path`, then rename it over `path`: a failure (no model,
    full disk, Ctrl-C) leaves any earlier `path` untouched and no partial file behind."""
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with open(fd, "w", encoding="utf-8", newline="") as f:
            n = write(f)
            f.flush()
            os.fsync(f.fileno())
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # as an ordinary open() would have made it
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n


@app.command()
def code(
    paths: list[Path] = typer.Argument(..., help="Text or HTML files, folders, .jsonl/.jsonl.gz or .csv files; "
                                       "- reads stdin (JSONL or text)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write events here (default: stdout)."),
    fmt: Optional[CodeFormat] = typer.Option(None, "--format", "-f", help="Default: table on a terminal, else "
                                             "jsonl; with --output, from its suffix (.jsonl, .csv, .txt)."),
    date: Optional[str] = typer.Option(None, "--date", help="Publication date of articles that carry none "
                                       "(text files; or a story.meta.json sidecar per file)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
    batch_size: int = typer.Option(64, help="Segments per spaCy batch."),
    processes: int = typer.Option(1, "--processes", "-p", help="Parser processes."),
    alternatives: bool = typer.Option(False, "--alternatives/--no-alternatives", help="Also pair a trigger's "
                                      "source with other actors of the sentence (flag 'alternative', low confidence)."),
    keep_negated: bool = typer.Option(False, "--keep-negated", help="Also emit negated conflict actions "
                                      "and hypothetical ones (flags 'negated', 'hypothetical'); negated cooperation is "
                                      "always coded as a rejection."),
    min_confidence: float = typer.Option(0.0, "--min-confidence", help="Drop events below this confidence."),
    engine: str = typer.Option("local", "--engine", help="local (one process) or dask (a Dask cluster)."),
    workers: Optional[int] = typer.Option(None, "--workers", help="Dask: worker processes of a local cluster."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask: an existing scheduler, tcp://HOST:PORT."),
    partition_size: int = typer.Option(40, "--partition-size", help="Dask: articles per task."),
) -> None:
    """Code articles into events (one record per source-target dyad)."""
    from contextlib import ExitStack

    from newsevents.engine import code_articles
    from newsevents.engine.dask_cli import check_engine, dask_records
    from newsevents.export import write_csv, write_jsonl, write_table
    from newsevents.ingest import read_paths
    from newsevents.nlp.load import ModelMissing

    fmt = fmt.value if isinstance(fmt, CodeFormat) else fmt
    if fmt is None:
        if output is not None:
            fmt = SUFFIX_FORMATS.get(output.suffix.lower())
            if fmt is None:
                _err(f"{output}: cannot tell the format from {output.suffix or 'no suffix'!r} (use .jsonl, .csv or "
                     ".txt, or --format jsonl|csv|table; `newsevents export` writes Parquet)")
                raise typer.Exit(2)
        else:
            fmt = "table" if sys.stdout.isatty() else "jsonl"
    default_date = _iso_date(date, "--date")
    errors: list[str] = []

    def on_error(e) -> None:
        if not getattr(e, "warning", False):
            errors.append(str(e))
        _err(str(e))

    check_engine(engine, workers, scheduler)
    progress = _Progress(quiet, paths)
    stack = ExitStack()  # holds the Dask client while the records are written
    if engine == "dask":
        records = dask_records(stack, read_paths(paths, default_date), on_error, batch_size,
                               {"alternatives": alternatives, "keep_negated": keep_negated}, workers, scheduler,
                               partition_size, quiet, progress.tick)
    else:
        records = code_articles(read_paths(paths, default_date), on_error=on_error, batch_size=batch_size,
                                n_process=processes, on_article=progress.tick,
                                options={"alternatives": alternatives, "keep_negated": keep_negated})
    if min_confidence > 0:
        records = (r for r in records if r["confidence"] >= min_confidence)
    writer = {"jsonl": write_jsonl, "csv": write_csv, "table": write_table}[fmt]
    try:
        if output is not None:
            n = _write_atomic(output, lambda f: writer(records, f))
        else:
            n = writer(records, sys.stdout)
    except ModelMissing as e:
        _err(str(e))
        raise typer.Exit(3) from None
    except KeyboardInterrupt:
        progress.close()
        _err(f"interrupted after {progress.n} articles (`newsevents ingest` stores as it goes and can --resume)")
        raise typer.Exit(130) from None
    except BrokenPipeError:  # `newsevents code ... | head`: the reader has all it wants
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
    except OSError as e:
        _err(f"{output}: cannot write ({e.strerror or e}); nothing was replaced" if output is not None
             else f"stdout: cannot write ({e.strerror or e})")
        raise typer.Exit(1) from None
    finally:
        progress.close()
        stack.close()
    if not quiet:
        _err(f"{progress.n} articles, {n} events" + (f", {len(errors)} input errors" if errors else ""))
    if progress.n == 0 and errors:
        raise typer.Exit(1)


@app.command()
def demo(fmt: CodeFormat = typer.Option("table", "--format", "-f")) -> None:
    """Code the demo stories shipped with the package and print the events."""
    code([DEMO], output=None, fmt=fmt, date=None, quiet=True, batch_size=64, processes=1, alternatives=False,
         keep_negated=False, min_confidence=0.0, engine="local", workers=None, scheduler=None, partition_size=40)


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

# --- the store ------------------------------------------------------------------------------------
DB_OPTION = typer.Option("newsevents.duckdb", "--db", help="The DuckDB store.")
DATA_OPTION = typer.Option(None, "--data", help="Read a Parquet dataset (from `ingest --data`) instead of --db.")


def _print_table(table, title: str | None = None) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table as RichTable

    from newsevents.export.safe import terminal_text, tsv_field

    if not sys.stdout.isatty():  # TSV: no field holds a tab or a line break
        typer.echo("\t".join(tsv_field(c) for c in table.columns))
        for row in table.rows:
            typer.echo("\t".join(tsv_field(v) for v in row))
        return
    t = RichTable(title=escape(terminal_text(title)) if title else None)
    for c in table.columns:
        t.add_column(escape(terminal_text(c)))
    for row in table.rows:
        t.add_row(*(escape(terminal_text(v)) for v in row))
    Console().print(t)


def _open(db: Path, read_only: bool = True, data: Optional[Path] = None):
    from newsevents.store import StoreError, open_db
    from newsevents.store.dataset import open_dataset

    try:
        return open_dataset(data) if data is not None else open_db(db, read_only=read_only)
    except StoreError as e:
        _err(str(e))
        raise typer.Exit(2) from None


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(None, help="Files or folders to code (with --resume: optional)."),
    db: Path = DB_OPTION,
    resume: bool = typer.Option(False, "--resume", help="Finish the last unfinished run (its paths by default)."),
    merge: bool = typer.Option(True, "--merge/--no-merge", help="Merge repeated reports afterwards."),
    batch_articles: int = typer.Option(25, help="Articles per transaction."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress or summary."),
    processes: int = typer.Option(1, "--processes", "-p", help="Parser processes."),
    engine: str = typer.Option("local", "--engine", help="local (one process) or dask (a Dask cluster)."),
    workers: Optional[int] = typer.Option(None, "--workers", help="Dask: worker processes of a local cluster."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask: an existing scheduler, tcp://HOST:PORT."),
    partition_size: int = typer.Option(40, "--partition-size", help="Dask: articles per task."),
    data: Optional[Path] = typer.Option(None, "--data", help="Write a Parquet dataset here instead of --db "
                                        "(on Dask; workers must see this folder)."),
    from_: Optional[Path] = typer.Option(None, "--from", help="Load a Parquet dataset (from --data) into --db."),
) -> None:
    """Code articles into the store; re-running adds nothing, --resume finishes a killed run."""
    from newsevents.engine.dask_cli import check_engine, ingest_scaled

    check_engine("dask" if data else engine, workers, scheduler)
    if engine == "dask" or data is not None or from_ is not None:
        raise typer.Exit(ingest_scaled(list(paths or []), db, data, from_, engine, workers, scheduler, partition_size,
                                       merge, quiet, resume, batch_articles))
    from newsevents.nlp.load import ModelMissing
    from newsevents.store import StoreError
    from newsevents.store import ingest as run_ingest
    if not paths and not resume:
        _err("give files or folders to ingest (or --resume)")
        raise typer.Exit(2)
    progress = _Progress(quiet, paths)

    def on_batch(rep) -> None:
        if not quiet and not sys.stderr.isatty():
            _err(f"stored {rep.articles} articles, {rep.events} events")

    try:
        rep = run_ingest(list(paths or []), db, resume=resume, batch_articles=batch_articles,
                         on_error=lambda e: _err(str(e)), on_batch=on_batch, on_article=progress.tick,
                         n_process=processes, merge=merge)
    except (StoreError, ModelMissing) as e:
        _err(str(e))
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        progress.close()
        _err(f"interrupted; the articles stored so far are kept: `newsevents ingest --resume --db {db}` finishes "
             "the run")
        raise typer.Exit(130) from None
    finally:
        progress.close()
    merged = rep.merged
    if not quiet:
        _err(f"run {rep.run_id}: {rep.articles} articles coded, {rep.events} events stored, {rep.skipped} already "
             f"in the store, {rep.errors} errors" + (f"; {merged[0]} new reports merged into {merged[1]} events"
                                                     if merged else ""))
    if rep.read == 0 and rep.errors:
        _err("nothing could be read")
        raise typer.Exit(1)


@app.command("merge")
def merge_cmd(
    db: Path = DB_OPTION,
    window: int = typer.Option(2, "--window", help="Days apart two reports of one event may be dated."),
    min_similarity: float = typer.Option(0.3, "--min-similarity", help="Word overlap (Jaccard) needed when the "
                                         "triggers differ."),
) -> None:
    """Recompute merged events (repeated reports of one event) with other settings."""
    import duckdb

    from newsevents.store import MergeParams, merge_store

    con = _open(db, read_only=False)
    try:
        n, m = merge_store(con, MergeParams(window, min_similarity))
    except (duckdb.Error, OSError) as e:  # full disk, lost file: the earlier merge result stays
        _err(f"{db}: cannot merge ({str(e).splitlines()[0]}); the earlier merged events are kept")
        raise typer.Exit(1) from None
    finally:
        con.close()
    _err(f"{n} reports -> {m} merged events")


@app.command()
def dyad(
    a: str = typer.Argument(..., help="Country (CHN) or actor code (CHNGOV)."),
    b: str = typer.Argument(..., help="Country or actor code."),
    by: Period = typer.Option("month", "--by", help="Period; events dated more coarsely are left out."),
    db: Path = DB_OPTION,
    data: Optional[Path] = DATA_OPTION,
    directed: bool = typer.Option(False, "--directed", help="Only A acting on B."),
    raw: bool = typer.Option(False, "--raw", help="Count every report, not merged events."),
    plot: Optional[Path] = typer.Option(None, "--plot", help="Also draw a PNG here."),
    since: Optional[str] = SINCE_OPTION, until: Optional[str] = UNTIL_OPTION,
    types: Optional[list[str]] = TYPE_OPTION, min_confidence: float = CONF_OPTION,
) -> None:
    """Counts per quad class and PLOVER type, Goldstein and a cooperation-conflict index over time."""
    from newsevents.store.analytics import dyad_series, dyad_types, labelled, plot_dyad

    by = by.value if isinstance(by, Period) else by
    flt = _filters(since, until, types, min_confidence)
    con = _open(db, data=data)
    try:
        series = dyad_series(con, a, b, by, directed, raw, flt)
        types_table = dyad_types(con, a, b, by, directed, raw, flt)
    finally:
        con.close()
    arrow = "->" if directed else "<->"
    if not series.rows:
        _err(f"no events between {a.upper()} and {b.upper()} in {data or db}")
        raise typer.Exit(1)
    _print_table(labelled(series, by), f"{a.upper()} {arrow} {b.upper()} by {by}")
    _print_table(labelled(types_table, by), "PLOVER types")
    if plot is not None:
        try:
            plot.parent.mkdir(parents=True, exist_ok=True)
            plot_dyad(series, f"{a.upper()} {arrow} {b.upper()}: events per {by}", str(plot))
        except OSError as e:
            _err(f"{plot}: cannot write the plot ({e.strerror or e})")
            raise typer.Exit(1) from None
        _err(f"plot written to {plot}")


@app.command()
def top(
    actor: Optional[str] = typer.Argument(None, help="Country (CHN) or actor code (CHNGOV)."),
    actor_opt: Optional[str] = typer.Option(None, "--actor", help="The same, as an option."),
    db: Path = DB_OPTION,
    data: Optional[Path] = DATA_OPTION,
    limit: int = typer.Option(15, "--limit"),
    raw: bool = typer.Option(False, "--raw", help="Count every report, not merged events."),
    since: Optional[str] = SINCE_OPTION, until: Optional[str] = UNTIL_OPTION,
    types: Optional[list[str]] = TYPE_OPTION, min_confidence: float = CONF_OPTION,
) -> None:
    """An actor's main partners (with names) and actions."""
    from newsevents.store.analytics import top_actions, top_partners

    actor = actor or actor_opt
    if not actor:
        _err("name an actor: `newsevents top CHN`")
        raise typer.Exit(2)
    flt = _filters(since, until, types, min_confidence)
    con = _open(db, data=data)
    try:
        _print_table(top_partners(con, actor, limit, raw, flt), f"partners of {actor.upper()}")
        _print_table(top_actions(con, actor, limit, raw, flt), f"actions of and on {actor.upper()}")
    finally:
        con.close()


@app.command()
def query(sql: str = typer.Argument(..., help="SQL over the tables articles, sentences, events, actors, "
                                    "event_clusters, merged_events, runs."),
          db: Path = DB_OPTION, data: Optional[Path] = DATA_OPTION,
          limit: int = typer.Option(100, "--limit", help="Rows to print (0: all).")) -> None:
    """Run one read-only SQL statement on the store (no other file can be read or written; with --data the
    dataset's views need file access, so only one SELECT/EXPLAIN statement is still enforced)."""
    from newsevents.store import StoreError
    from newsevents.store.db import connect_readonly
    from newsevents.store.safe_query import read_query

    try:
        con = _open(db, data=data) if data is not None else connect_readonly(db)
    except StoreError as e:
        _err(str(e))
        raise typer.Exit(2) from None
    try:
        table, more = read_query(con, sql, limit or None)
    except StoreError as e:
        _err(str(e))
        raise typer.Exit(1) from None
    finally:
        con.close()
    _print_table(table)
    if more:
        _err(f"first {limit} rows shown (--limit 0 for all)")


@app.command()
def export(
    fmt: ExportFormat = typer.Option(..., "--format", "-f"),
    out: Path = typer.Option(..., "--out", "-o", help="Output file."),
    db: Path = DB_OPTION,
    data: Optional[Path] = DATA_OPTION,
    merged: bool = typer.Option(False, "--merged", help="parquet/csv/jsonl: one row per merged event."),
    actor: Optional[str] = typer.Option(None, "--actor", help="Only events with this country or code on either "
                                        "side."),
    since: Optional[str] = SINCE_OPTION, until: Optional[str] = UNTIL_OPTION,
    types: Optional[list[str]] = TYPE_OPTION, min_confidence: float = CONF_OPTION,
) -> None:
    """Export the store's events."""
    import duckdb

    from newsevents.export.store_export import export_store

    fmt = fmt.value if isinstance(fmt, ExportFormat) else fmt
    flt = _filters(since, until, types, min_confidence)
    con = _open(db, data=data)
    try:
        n = export_store(con, fmt, out, merged, flt, actor)
    except (OSError, duckdb.IOException) as e:
        _err(f"{out}: cannot write ({str(e).splitlines()[0]})")
        raise typer.Exit(1) from None
    finally:
        con.close()
    left = getattr(n, "left_out", None)
    _err(f"{n} rows written to {out}" + (f"; {left}" if left else ""))


@app.command()
def serve(
    db: Path = DB_OPTION,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (default: this machine only)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    allow_origin: list[str] = typer.Option([], "--allow-origin", help="Enable CORS for this origin (repeatable; "
                                           "default: CORS off)."),
) -> None:
    """Serve the store: JSON API under /api (docs at /docs) and a dashboard at /, read-only.

    POST /api/ingest is enabled only when NEWSEVENTS_TOKEN is set (clients send it as a bearer token)."""
    import os

    from newsevents.server.cli import run_server

    code = run_server(db, host, port, os.environ.get("NEWSEVENTS_TOKEN") or None, allow_origin, _err)
    if code:
        raise typer.Exit(code)


@kb_app.command("import-petrarch")
def kb_import_petrarch(
    folder: Path = typer.Argument(..., help="Folder with PETRARCH/Phoenix *actors*.txt and *agents*.txt files."),
    out: Optional[Path] = typer.Option(None, "--out", help="User KB file (default: $NEWSEVENTS_KB_DIR/user_kb.tsv "
                                       "or ~/.newsevents/user_kb.tsv)."),
    override: bool = typer.Option(False, "--override", help="Imported entries win over built-in ones "
                                  "(default: they only add what the built-in knowledge base lacks)."),
) -> None:
    """Import PETRARCH/Phoenix actor and agent dictionaries into the user knowledge base."""
    import time

    from newsevents.actors.petrarch import DictError
    from newsevents.actors.user_kb import import_petrarch

    if not folder.is_dir():
        _err(f"{folder}: not a folder")
        raise typer.Exit(2)
    errors: list[str] = []

    def on_error(msg: str) -> None:
        errors.append(msg)
        _err(msg)

    t0 = time.perf_counter()
    try:
        n, path = import_petrarch(folder, out, "override" if override else "extend", on_error)
    except DictError as e:
        _err(str(e))
        raise typer.Exit(2) from None
    _err(f"{n} entries written to {path} in {time.perf_counter() - t0:.1f} s"
         + (f"; {len(errors)} malformed lines skipped" if errors else ""))


@kb_app.command("clear")
def kb_clear(out: Optional[Path] = typer.Option(None, "--out", help="User KB file to remove.")) -> None:
    """Remove the user knowledge base (back to the built-in one)."""
    from newsevents.actors.user_kb import user_kb_path

    path = out or user_kb_path()
    if path.exists():
        path.unlink()
        _err(f"removed {path}")
    else:
        _err(f"no user knowledge base at {path}")


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:  # console-script entry point
    app()


if __name__ == "__main__":
    main()
