"""`doxwacht scan --engine spark` and the `spark-submit` entry point.

    spark-submit --master spark://host:7077 \\
        --conf spark.executorEnv.PYSPARK_PYTHON=/opt/doxwacht/.venv/bin/python \\
        src/doxwacht/spark/submit.py berichten/ --output s3a://bak/vondsten --summary s3a://bak/doelen

(`python -m doxwacht.spark.submit ...` runs the same with a local session.) The watchlist key and
database are read on the driver from the usual configuration (`--key-file`/`--db`, or
DOXWACHT_WATCHLIST_KEY(_FILE) and DOXWACHT_DB) and shipped to the executors as a broadcast, never
as a Spark setting or a command-line value (see `doxwacht.spark.shipping`).

Exit status as `doxwacht scan`: 0 all scanned, 2 usage error, 3 input problems were reported.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_PROBLEMS = 3
MAX_PROBLEMS_SHOWN = 20


def _say(message: str) -> None:
    print(f"doxwacht: {message}", file=sys.stderr)


def run_scan(
    inputs: Sequence[str],
    *,
    output: str | None,
    output_format: str = "parquet",
    summary: str | None = None,
    master: str | None = "local[*]",
    input_format: str = "auto",
    text_field: str = "text",
    id_field: str = "id",
    min_score: float = 0.5,
    max_chars: int | None = None,
    intent: bool = True,
    db: str | None = None,
    key_file: str | None = None,
    only_hits: bool = False,
    overwrite: bool = False,
    quiet: bool = False,
    spark: Any = None,
) -> int:
    """Run a Spark scan and report on standard error (Dutch); returns the exit status."""
    from sqlalchemy.exc import SQLAlchemyError

    from doxwacht.ingest import DEFAULT_MAX_CHARS
    from doxwacht.spark.inputs import InputError, SparkReadOptions
    from doxwacht.spark.job import EngineSpec, OutputExists, scan_with_spark
    from doxwacht.spark.session import SparkUnavailable, make_session
    from doxwacht.spark.shipping import load_payload
    from doxwacht.spark.targets import load_keying
    from doxwacht.watchlist.keys import WatchlistKeyError

    if not inputs:
        _say("geen invoer: geef een of meer paden of URL's op (standaardinvoer kan niet met --engine spark)")
        return EXIT_USAGE
    if "-" in inputs:
        _say("standaardinvoer ('-') kan niet met --engine spark; geef een pad of URL op")
        return EXIT_USAGE
    if not output:
        _say("--output is verplicht met --engine spark (een map of URL voor de resultaten)")
        return EXIT_USAGE
    try:
        options = SparkReadOptions(input_format=input_format, text_field=text_field, id_field=id_field)
        payload = load_payload(db, key_file)
        keying = load_keying(db, key_file)
    except ValueError as err:
        _say(str(err))
        return EXIT_USAGE
    except (WatchlistKeyError, FileNotFoundError, PermissionError) as err:
        _say(f"watchlist: {err}")
        return EXIT_USAGE
    except SQLAlchemyError as err:  # the type only: the message may hold a database URL with a password
        _say(f"de database kan niet worden geopend ({type(err).__name__}); controleer --db of DOXWACHT_DB")
        return EXIT_USAGE
    try:
        session = spark if spark is not None else make_session(master)
    except SparkUnavailable as err:
        _say(f"Spark kan niet starten: {err}")
        return EXIT_USAGE
    spec = EngineSpec(threshold=min_score, max_chars=max_chars or DEFAULT_MAX_CHARS, intent=intent)
    try:
        report = scan_with_spark(
            session,
            list(inputs),
            output,
            output_format=output_format,
            summary=summary,
            spec=spec,
            options=options,
            watchlist_payload=payload,
            target_keying=keying,
            only_hits=only_hits,
            overwrite=overwrite,
        )
    except (InputError, OutputExists) as err:
        _say(str(err))
        return EXIT_USAGE
    for problem in report.problems[:MAX_PROBLEMS_SHOWN]:
        _say(str(problem))
    if report.problem_count > MAX_PROBLEMS_SHOWN:
        _say(f"nog {report.problem_count - min(MAX_PROBLEMS_SHOWN, len(report.problems))} meldingen niet getoond")
    if not quiet:
        _say(
            f"{report.messages} berichten gescand, {report.with_findings} met vondsten; "
            f"{report.problem_count} {'probleem' if report.problem_count == 1 else 'problemen'} gemeld, "
            f"{report.skipped} keer invoer overgeslagen; resultaten in {output}"
            + (f", samenvatting per doelwit in {summary}" if summary else "")
        )
        for row in report.top_targets:  # pseudonymous labels and role groups only, never a key or identifier
            _say(
                f"  {_target_name(row)}: {row['messages']} {'bericht' if row['messages'] == 1 else 'berichten'}, "
                f"{row['doxing']} doxing, "
                f"hoogste ernst {row['max_severity']}"
            )
    return EXIT_PROBLEMS if report.problem_count else EXIT_OK


def _target_name(row: dict[str, Any]) -> str:
    """`Agent A (politie)`, `Doelwit 3fa2c1 (burger)`, `Onbekend doelwit (journalist)`."""
    label, group = row["target_label"], row["target_group"]
    return label if row["target_kind"] == "channel" else f"{label} ({group})"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="doxwacht-spark",
        description="Scan berichten (JSONL, Parquet, Telegram-export) met Apache Spark.",
    )
    p.add_argument("inputs", nargs="+", help="paden of URL's (bestand, map, glob; hdfs://, s3a://, ...)")
    p.add_argument("--output", "-o", required=True, help="map of URL voor de resultaten per bericht")
    p.add_argument("--output-format", choices=("parquet", "jsonl"), default="parquet")
    p.add_argument("--summary", help="map of URL voor de samenvatting per doelwit")
    p.add_argument("--master", default=None, help="Spark-master; standaard die van spark-submit, anders local[*]")
    p.add_argument("--input-format", choices=("auto", "jsonl", "parquet", "telegram"), default="auto")
    p.add_argument("--text-field", default="text")
    p.add_argument("--id-field", default="id")
    p.add_argument("--min-score", type=float, default=0.5)
    p.add_argument("--max-chars", type=int, default=None)
    p.add_argument("--no-intent", dest="intent", action="store_false")
    p.add_argument("--db", help="database met de watchlist (pad of URL)")
    p.add_argument("--key-file", help="sleutelbestand van de watchlist")
    p.add_argument("--only-hits", action="store_true")
    p.add_argument("--overwrite", action="store_true", help="bestaande uitvoer vervangen")
    p.add_argument("--quiet", "-q", action="store_true")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    master = args.master
    if master is None:  # under spark-submit the JVM is already up, with its master; else run locally
        master = None if os.environ.get("PYSPARK_GATEWAY_PORT") else "local[*]"
    return run_scan(
        args.inputs,
        output=args.output,
        output_format=args.output_format,
        summary=args.summary,
        master=master,
        input_format=args.input_format,
        text_field=args.text_field,
        id_field=args.id_field,
        min_score=args.min_score,
        max_chars=args.max_chars,
        intent=args.intent,
        db=args.db,
        key_file=args.key_file,
        only_hits=args.only_hits,
        overwrite=args.overwrite,
        quiet=args.quiet,
    )


if __name__ == "__main__":
    # run as a file (spark-submit .../submit.py): its folder must not shadow top-level modules
    _here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _here]
    sys.exit(main())
