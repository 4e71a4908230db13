"""The `doxwacht` command line (Typer + Rich).

`doxwacht scan` reads inputs with `doxwacht.ingest`, scans them with `scan_records` (the same loop
the Python API offers) and writes with `doxwacht.output`. Tests inject detectors by replacing
`make_engine`.

Other commands live in sibling modules named `*_cli.py`: each is imported when this module loads;
it may add commands to `app` at import (`from doxwacht.cli.app import app`) or define
`register(app)`, which is then called.

Exit status: 0 all input scanned; 2 usage error (unknown option, missing file, no input);
3 input problems were reported on stderr (records or files skipped, invalid UTF-8 repaired, empty
files), everything else was scanned.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pkgutil
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from doxwacht.ingest import (
    DEFAULT_MAX_CHARS,
    STDIN,
    InputSource,
    Problem,
    ReadOptions,
    ScanStats,
    read_source,
    scan_records,
)
from doxwacht.output import make_writer
from doxwacht.pipeline import Engine
from doxwacht.pipeline.streaming_gc import StreamingGC

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_PROBLEMS = 3

PROGRESS_MIN_BYTES = 1 << 20  # show a progress bar from 1 MiB of input (or for standard input)
PROGRESS_EVERY = 64  # records between progress updates
MAX_PROBLEMS_SHOWN = 20  # per input; the rest are counted

app = typer.Typer(
    help="doxwacht: vind doxing en online bedreigingen in Nederlandse tekst.",
    no_args_is_help=True,
    add_completion=False,
)


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"
    csv = "csv"


class InputFormat(StrEnum):
    auto = "auto"
    telegram = "telegram"
    jsonl = "jsonl"
    csv = "csv"
    text = "text"
    parquet = "parquet"  # with --engine spark only


class ScanEngine(StrEnum):
    local = "local"
    spark = "spark"


class SparkOutputFormat(StrEnum):
    parquet = "parquet"
    jsonl = "jsonl"


class Split(StrEnum):
    none = "none"
    lines = "lines"
    paragraphs = "paragraphs"


CONFIGURED: Any = object()  # make_engine(watchlist=...): load the watchlist from the configuration


def make_engine(
    *,
    threshold: float,
    max_chars: int,
    intent: bool = True,
    db: str | None = None,
    key_file: str | None = None,
    watchlist: Any = CONFIGURED,
) -> Any:
    """The engine `doxwacht scan` uses: the detectors, the watchlist when a key is configured
    (DOXWACHT_WATCHLIST_KEY or a key file), then intent and the doxing verdict (unless `intent` is
    off). `watchlist` replaces the configured watchlist analyzer (None: none); the Spark executors
    pass the one shipped from the driver. Tests replace this function to inject their own detectors."""
    analyzers: list[Any] = []
    if watchlist is CONFIGURED:
        from doxwacht.watchlist.analyzer import analyzer_from_config

        watchlist = analyzer_from_config(db, key_file)
    if watchlist is not None:
        analyzers.append(watchlist)
    if intent:
        from doxwacht.intent import IntentAnalyzer
        from doxwacht.verdict import VerdictAnalyzer

        analyzers += [IntentAnalyzer(), VerdictAnalyzer()]
    return Engine(threshold=threshold, max_chars=max_chars, analyzers=analyzers)


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


def _stdin_is_terminal() -> bool:
    return sys.stdin is None or sys.stdin.isatty()


def _table_console(out: Any) -> Console:
    """Rich console for the table: the terminal's width, or a roomy 160 columns when the table goes
    to a file or pipe (unless COLUMNS says otherwise)."""
    if _stdout_is_terminal() or os.environ.get("COLUMNS"):
        return Console(file=out)
    return Console(file=out, width=160)


def _usage_error(message: str) -> typer.Exit:
    typer.echo(f"doxwacht: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def _resolve_inputs(files: list[str]) -> tuple[list[str], int | None]:
    """Check the inputs before anything is scanned; returns them and their total size (None when
    standard input is among them). A Telegram export folder stands for its `result.json`."""
    if not files:
        if _stdin_is_terminal():
            raise _usage_error(
                "geen invoer: geef een of meer bestanden op, of stuur tekst via standaardinvoer "
                "(zie 'doxwacht scan --help')"
            )
        files = [STDIN]
    resolved: list[str] = []
    total: int | None = 0
    for f in files:
        if f == STDIN:
            if STDIN in resolved:
                raise _usage_error("'-' (standaardinvoer) mag maar één keer voorkomen")
            resolved.append(f)
            total = None
            continue
        p = Path(f)
        if p.is_dir():
            if (p / "result.json").is_file():
                p = p / "result.json"
                f = str(p)
            else:
                raise _usage_error(f"{f} is een map; geef de bestanden erin op (bijvoorbeeld {p / 'result.json'})")
        if not p.exists():
            raise _usage_error(f"bestand niet gevonden: {f}")
        resolved.append(f)
        if total is not None:
            with contextlib.suppress(OSError):
                total += p.stat().st_size
    return resolved, total


class _Reporter:
    """Prints problems to stderr (at most MAX_PROBLEMS_SHOWN per input, the rest counted)."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.shown: dict[str, int] = {}
        self.hidden: dict[str, int] = {}
        self.console: Console | None = None  # set while a progress bar owns stderr

    def echo(self, message: str) -> None:
        if self.console is not None:
            self.console.print(message, markup=False, highlight=False, soft_wrap=True)
        else:
            typer.echo(message, err=True)

    def report(self, problem: Problem) -> None:
        n = self.shown.get(problem.source, 0)
        if n >= MAX_PROBLEMS_SHOWN:
            self.hidden[problem.source] = self.hidden.get(problem.source, 0) + 1
            return
        self.shown[problem.source] = n + 1
        self.echo(f"doxwacht: {problem}")

    def finish(self, stats: ScanStats) -> None:
        for source, n in self.hidden.items():
            self.echo(f"doxwacht: {source}: nog {n} meldingen niet getoond")
        if stats.problems and not self.quiet:
            self.echo(
                f"doxwacht: {stats.problems} {'probleem' if stats.problems == 1 else 'problemen'} gemeld, "
                f"{stats.skipped} keer invoer overgeslagen; {stats.messages} berichten gescand"
            )


def _progress(total: int | None) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[messages]} berichten"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )


@app.command()
def scan(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            help="Invoerbestanden: Telegram-export (result.json of de exportmap), JSONL, CSV of tekst. "
            "'-' of niets: standaardinvoer.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Uitvoerformaat: jsonl (één object per bericht), table (tabel voor het scherm), "
            "csv (één rij per vondst). Standaard: table op een terminal, anders jsonl.",
            show_default=False,
        ),
    ] = None,
    input_format: Annotated[
        InputFormat,
        typer.Option("--input-format", "-i", help="Invoerformaat; auto: op extensie, anders op inhoud."),
    ] = InputFormat.auto,
    text_field: Annotated[
        str, typer.Option("--text-field", help="Veld (JSONL) of kolom (CSV) met de berichttekst.")
    ] = "text",
    id_field: Annotated[
        str,
        typer.Option("--id-field", help="Veld (JSONL) of kolom (CSV) met het bericht-id; anders <bestand>:<regel>."),
    ] = "id",
    split: Annotated[
        Split,
        typer.Option("--split", help="Platte tekst: none (heel bestand is één bericht), lines of paragraphs."),
    ] = Split.none,
    min_score: Annotated[
        float, typer.Option("--min-score", min=0.0, max=1.0, help="Minimale score van een vondst (0..1).")
    ] = 0.5,
    only_hits: Annotated[
        bool, typer.Option("--only-hits", help="Alleen berichten met vondsten uitvoeren.")
    ] = False,
    max_chars: Annotated[
        int,
        typer.Option("--max-chars", min=1, help="Langere berichten worden gemeld en overgeslagen."),
    ] = DEFAULT_MAX_CHARS,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Geen voortgangsbalk en geen samenvatting op stderr.")
    ] = False,
    intent: Annotated[
        bool,
        typer.Option("--intent/--no-intent", help="Ook intentie (dreiging, oproep, haat) en het doxing-oordeel bepalen."),
    ] = True,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database met de watchlist (pad of URL); standaard DOXWACHT_DB of ./doxwacht.db."),
    ] = None,
    key_file: Annotated[
        str | None,
        typer.Option("--key-file", help="Sleutelbestand van de watchlist; anders DOXWACHT_WATCHLIST_KEY(_FILE)."),
    ] = None,
    images: Annotated[
        bool,
        typer.Option("--images/--no-images", help="Afbeeldingen (en foto's in een Telegram-export) scannen: "
                     "tekst (OCR), gezichten, kentekens, EXIF."),
    ] = True,
    engine: Annotated[
        ScanEngine,
        typer.Option("--engine", help="local: dit proces; spark: Apache Spark (JSONL, Parquet, Telegram; zie docs/SCALE.md)."),
    ] = ScanEngine.local,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Spark: map of URL voor de resultaten per bericht (verplicht)."),
    ] = None,
    spark_output_format: Annotated[
        SparkOutputFormat,
        typer.Option("--output-format", help="Spark: formaat van de resultaten en de samenvatting."),
    ] = SparkOutputFormat.parquet,
    summary: Annotated[
        str | None,
        typer.Option("--summary", help="Spark: map of URL voor de samenvatting per doelwit (gepseudonimiseerd)."),
    ] = None,
    master: Annotated[
        str, typer.Option("--master", help="Spark: de master, bijvoorbeeld local[4] of spark://host:7077.")
    ] = "local[*]",
) -> None:
    """Scan berichten op persoonsgegevens die voor doxing gebruikt worden.

    Exitstatus: 0 alles gescand, 2 gebruiksfout, 3 er zijn invoerproblemen gemeld
    (berichten of bestanden overgeslagen, ongeldige UTF-8 vervangen, lege bestanden).
    """
    if engine is ScanEngine.spark:
        from doxwacht.spark.submit import run_scan

        raise typer.Exit(
            run_scan(
                list(files or []), output=output, output_format=spark_output_format.value, summary=summary,
                master=master, input_format=input_format.value, text_field=text_field, id_field=id_field,
                min_score=min_score, max_chars=max_chars, intent=intent, db=db, key_file=key_file,
                only_hits=only_hits, quiet=quiet,
            )
        )
    if input_format is InputFormat.parquet:
        raise _usage_error("Parquet-invoer kan alleen met --engine spark")
    inputs, total = _resolve_inputs(list(files or []))
    fmt = (output_format.value if output_format else None) or ("table" if _stdout_is_terminal() else "jsonl")
    options = ReadOptions(
        input_format=input_format.value,
        text_field=text_field,
        id_field=id_field,
        split=split.value,
        max_chars=max_chars,
    )
    extra: dict[str, Any] = {}
    if not intent:
        extra["intent"] = False
    if db is not None or key_file is not None:
        extra.update(db=db, key_file=key_file)
    try:
        engine = make_engine(threshold=min_score, max_chars=max_chars, **extra)
    except Exception as err:  # a wrong key or an unreadable database: a usage error, said plainly
        from doxwacht.watchlist.keys import WatchlistKeyError

        if isinstance(err, (WatchlistKeyError, FileNotFoundError, PermissionError)):
            raise _usage_error(f"watchlist: {err}") from None
        raise
    out = sys.stdout
    writer = make_writer(fmt, out, console=_table_console(out) if fmt == "table" else None)
    stats = ScanStats()
    reporter = _Reporter(quiet)

    show_progress = not quiet and _stderr_is_terminal() and (total is None or total >= PROGRESS_MIN_BYTES)
    progress = _progress(total) if show_progress else None
    task = None
    if progress is not None:
        progress.start()
        reporter.console = progress.console
        task = progress.add_task("scannen", total=total, messages=0)
    done_bytes = 0
    ticks = 0
    with StreamingGC() as gc_settings:  # a long scan: the engine's heap out of the collector's way
        try:
            for path in inputs:
                if images and _images_cli().scan_image_input(path, out, fmt, min_score, stats, reporter, engine):
                    continue
                try:
                    source = InputSource.open(path)
                except OSError as err:
                    problem = Problem("unreadable", path, path, f"kan niet lezen ({err.strerror or err}); overgeslagen")
                    stats.update(problem)
                    reporter.report(problem)
                    continue
                photos: list[Any] = []  # a Telegram export's images: (record id, paths), scanned after its text
                with source:
                    if progress is not None and task is not None:
                        progress.update(task, description=Path(source.name).name)
                    records = (_images_cli().read_with_media(source, options, photos) if images
                               else read_source(source, options))
                    for item in scan_records(engine, records):
                        stats.update(item)
                        if isinstance(item, Problem):
                            reporter.report(item)
                        elif not only_hits or item.result.findings:
                            writer.write(item)
                        ticks += 1
                        gc_settings.seen()
                        if progress is not None and task is not None and ticks % PROGRESS_EVERY == 0:
                            progress.update(task, completed=done_bytes + source.bytes_read, messages=stats.messages)
                    done_bytes += source.size or source.bytes_read
                if photos:
                    _images_cli().scan_photos(path, photos, out, fmt, min_score, stats, reporter, engine)
                    if progress is not None and task is not None:
                        progress.update(task, completed=done_bytes, messages=stats.messages)
        finally:
            if progress is not None:
                progress.stop()
                reporter.console = None
    writer.close(stats)
    reporter.finish(stats)
    if stats.problems:
        raise typer.Exit(EXIT_PROBLEMS)


def _images_cli() -> Any:
    from doxwacht.cli import images_cli

    return images_cli


@app.command()
def version() -> None:
    """Toon de versie."""
    from doxwacht import __version__

    typer.echo(__version__)


def _load_command_modules() -> None:
    package = sys.modules[__package__] if __package__ else None
    if package is None or not hasattr(package, "__path__"):
        return
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.endswith("_cli"):
            module = importlib.import_module(f"{__package__}.{info.name}")
            register = getattr(module, "register", None)
            if callable(register):
                register(app)


def main() -> None:
    app(prog_name="doxwacht")


_load_command_modules()
