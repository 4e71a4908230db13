"""The Spark scan: items -> the engine of `doxwacht scan`, once per partition -> results and problems.

Each executor process builds the engine once (`doxwacht.cli.app.make_engine`, with the watchlist
from the broadcast) and keeps it for every partition it is given. A partition is scanned with
`scan_records`, the loop `doxwacht scan` uses, so every message gets exactly the object the JSONL
output of the single-process scan holds (`ScannedRecord.to_dict()`), kept as a JSON string next to
a few flat columns for queries:

    id, level, severity, labels, targets, source, location, result

The targets are keyed as the case store keys them (`doxwacht.spark.targets`): opaque watchlist ids
and keyed hashes, never a name or an identifier; an internal column (`target_details`) carries their
kind, role group and pseudonymous label to the per-target summary.

Problems (malformed lines, missing text fields, over-long messages, ...) are rows of their own kind;
they are counted and reported with their locations, never written as results. The scanned rows
are persisted (memory, then disk) so that writing, collecting the problems and summarising scan each
message once; the counts are observed while the results are written (no job of their own).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from doxwacht.ingest import DEFAULT_MAX_CHARS, Problem, scan_records
from doxwacht.spark.inputs import Item, SparkReadOptions, input_rdd, items_to_records
from doxwacht.spark.targets import TargetKeying

OUTPUT_FORMATS = ("parquet", "jsonl")
MESSAGE_COLUMNS = ("id", "level", "severity", "labels", "targets", "source", "location", "result")


@dataclass(frozen=True)
class EngineSpec:
    """What an executor needs to build the engine (the watchlist comes by broadcast)."""

    threshold: float = 0.5
    max_chars: int = DEFAULT_MAX_CHARS
    intent: bool = True


# per executor process: the engine of the current job only (spec, watchlist token); a reused Python
# worker that gets a later job's tasks drops the earlier engine (and its watchlist snapshot)
_ENGINES: dict[tuple[EngineSpec, str | None], Any] = {}


def engine_for(spec: EngineSpec, watchlist: Any = None) -> Any:
    """The engine of this process for `spec` and the watchlist broadcast (built once, then cached)."""
    payload = None if watchlist is None else watchlist.value  # loaded once per process by Spark
    cache_key = (spec, None if payload is None else payload.token)
    engine = _ENGINES.get(cache_key)
    if engine is None:
        from doxwacht.cli.app import make_engine

        _ENGINES.clear()  # before building: never two engines (two watchlist snapshots) at once
        analyzer = None if payload is None else payload.analyzer()
        engine = make_engine(threshold=spec.threshold, max_chars=spec.max_chars, intent=spec.intent, watchlist=analyzer)
        _ENGINES[cache_key] = engine
    return engine


def _keying(target_keying: Any) -> TargetKeying:
    """The `TargetKeying` itself, from a broadcast or as given."""
    return target_keying if isinstance(target_keying, TargetKeying) else target_keying.value


def _flat_id(value: Any) -> str | None:
    if value is None:
        return None
    if type(value) is int:  # the common case; what json.dumps writes for an int
        return str(value)
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def scan_partition(
    items: Iterable[Item],
    spec: EngineSpec,
    options: SparkReadOptions,
    watchlist: Any = None,
    cpu_seconds: Any = None,
    target_keying: Any = None,
) -> Iterator[tuple[Any, ...]]:
    """Rows `(kind, id, level, severity, labels, targets, source, location, result, problem_kind,
    message, skipped, target_details)`: kind `message` for a scanned message, `problem` for a problem.
    `target_keying` (a `TargetKeying` or its broadcast) keys the targets. The CPU time the partition
    took (engine construction included) is added to the `cpu_seconds` accumulator."""
    started = time.process_time()
    keying = TargetKeying.for_this_run() if target_keying is None else _keying(target_keying)
    yield from _scan_rows(items, spec, options, watchlist, keying)
    if cpu_seconds is not None:
        cpu_seconds.add(time.process_time() - started)


def _scan_rows(
    items: Iterable[Item], spec: EngineSpec, options: SparkReadOptions, watchlist: Any, keying: TargetKeying
) -> Iterator[tuple[Any, ...]]:
    engine = engine_for(spec, watchlist)
    for item in scan_records(engine, items_to_records(items, options)):
        if isinstance(item, Problem):
            yield ("problem", None, None, None, [], [], item.source, item.location, None, item.kind, item.message,
                   item.skipped, [])
            continue
        out = item.to_dict()
        targets = keying.targets(out)
        verdict = out.get("verdict") or {}
        severity = verdict.get("severity")
        yield (
            "message",
            _flat_id(out.get("id")),
            None if verdict.get("level") is None else str(verdict["level"]),
            None if severity is None else int(severity),
            sorted({str(f["label"]) for f in out.get("findings", ())}),
            [t.key for t in targets],
            item.record.source,
            item.record.location,
            json.dumps(out, ensure_ascii=False, default=str),
            None,
            None,
            False,
            [t.as_row() for t in targets],
        )


def row_schema() -> Any:
    from pyspark.sql.types import (
        ArrayType,
        BooleanType,
        IntegerType,
        StringType,
        StructField,
        StructType,
    )

    s, strings = StringType(), ArrayType(StringType())
    return StructType(
        [
            StructField("kind", s, False),
            StructField("id", s),
            StructField("level", s),
            StructField("severity", IntegerType()),
            StructField("labels", strings),
            StructField("targets", strings),
            StructField("source", s),
            StructField("location", s),
            StructField("result", s),
            StructField("problem_kind", s),
            StructField("message", s),
            StructField("skipped", BooleanType()),
            StructField(  # for the summary only: kind, role group and pseudonymous label per key
                "target_details",
                ArrayType(StructType([StructField(n, s) for n in ("key", "kind", "group", "label")])),
            ),
        ]
    )


def scanned_frame(
    spark: Any,
    items: Any,
    spec: EngineSpec,
    options: SparkReadOptions,
    watchlist: Any = None,
    cpu_seconds: Any = None,
    target_keying: Any = None,
) -> Any:
    """The DataFrame of scanned rows (lazy) for an RDD of items. `target_keying` is a broadcast
    `TargetKeying`; without it the targets are keyed with a salt for this call, made here once."""
    keying = TargetKeying.for_this_run() if target_keying is None else target_keying

    def run(part: Iterable[Item]) -> Iterator[tuple[Any, ...]]:
        return scan_partition(part, spec, options, watchlist, cpu_seconds, keying)

    return spark.createDataFrame(items.mapPartitions(run), row_schema(), verifySchema=False)  # rows are built typed


@dataclass
class SparkScanReport:
    """What a Spark scan did. `problems` holds the first problems (by location) for the report."""

    messages: int = 0
    with_findings: int = 0
    problem_count: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    output: str | None = None
    summary: str | None = None
    scan_cpu_seconds: float = 0.0  # CPU time of the Python workers scanning (for sizing; retries count twice)
    top_targets: list[dict[str, Any]] = field(default_factory=list)


class OutputExists(ValueError):
    """The output path exists already; Dutch message."""


def _exists(spark: Any, path: str) -> bool:
    sc = spark.sparkContext
    hpath = sc._jvm.org.apache.hadoop.fs.Path(path)
    return bool(hpath.getFileSystem(sc._jsc.hadoopConfiguration()).exists(hpath))


def write_frame(
    df: Any, path: str, fmt: str, *, overwrite: bool = False, single_file: bool = False, dictionary: bool = True
) -> None:
    """Parquet as it is; JSONL as the `result` column when there is one (the lines `doxwacht scan`
    writes), else as Spark's JSON lines. `dictionary=False` writes Parquet without dictionary
    encoding: for the per-message results, whose widest columns (result, id, location) differ in
    every row, it takes about a fifth less of the JVM's writing CPU for 3% larger files."""
    if single_file:
        df = df.coalesce(1)
    mode = "overwrite" if overwrite else "errorifexists"
    if fmt == "parquet":
        df.write.mode(mode).option("parquet.enable.dictionary", str(dictionary).lower()).parquet(path)
    elif "result" in df.columns:
        df.select("result").write.mode(mode).text(path)
    else:
        df.write.mode(mode).option("ignoreNullFields", "false").json(path)


def scan_with_spark(
    spark: Any,
    paths: Sequence[str],
    output: str,
    *,
    output_format: str = "parquet",
    summary: str | None = None,
    spec: EngineSpec | None = None,
    options: SparkReadOptions | None = None,
    watchlist_payload: Any = None,
    target_keying: TargetKeying | None = None,
    only_hits: bool = False,
    overwrite: bool = False,
    max_problems: int = 100,
    top_targets: int = 10,
) -> SparkScanReport:
    """Scan `paths` on `spark` and write the per-message results to `output` (and the per-target
    summary to `summary` when given), the targets keyed with `target_keying` (`load_keying`; without
    it, a salt for this run). Raises `InputError` for a missing input and `OutputExists`
    when an output exists and `overwrite` is off."""
    from pyspark import StorageLevel
    from pyspark.sql import Observation
    from pyspark.sql import functions as F

    from doxwacht.spark.shipping import ship
    from doxwacht.spark.summary import target_summary

    spec = spec or EngineSpec()
    options = options or SparkReadOptions()
    if output_format not in OUTPUT_FORMATS:
        raise ValueError(f"onbekend uitvoerformaat {output_format!r}; kies parquet of jsonl")
    if not overwrite:
        for target in (output, summary):
            if target is not None and _exists(spark, target):
                raise OutputExists(f"{target} bestaat al; kies een ander pad of verwijder het eerst")
    items = input_rdd(spark, paths, options)
    broadcast = ship(spark, watchlist_payload)
    keying = spark.sparkContext.broadcast(target_keying or TargetKeying.for_this_run())
    cpu = spark.sparkContext.accumulator(0.0)
    rows = scanned_frame(spark, items, spec, options, broadcast, cpu, keying).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        # counted while the results are written (an observation: no job of its own, and counted once
        # per partition however often a task is retried); the cache serves the problems and the summary
        counts = Observation("doxwacht-counts")
        message, problem = F.col("kind") == "message", F.col("kind") == "problem"
        observed = rows.observe(
            counts,
            F.count(F.when(message, 1)).alias("messages"),
            F.count(F.when(message & (F.size("labels") > 0), 1)).alias("hits"),
            F.count(F.when(problem, 1)).alias("problems"),
            F.count(F.when(problem & F.col("skipped"), 1)).alias("skipped"),
        )
        messages = observed.where(message).select(*MESSAGE_COLUMNS)
        written = messages.where(F.size("labels") > 0) if only_hits else messages
        write_frame(written, output, output_format, overwrite=overwrite, dictionary=False)
        counted = counts.get
        report = SparkScanReport(
            output=output, summary=summary, scan_cpu_seconds=float(cpu.value), messages=int(counted["messages"]),
            with_findings=int(counted["hits"]), problem_count=int(counted["problems"]), skipped=int(counted["skipped"]),
        )
        if report.problem_count:
            first = (
                rows.where(F.col("kind") == "problem")
                .select("problem_kind", "source", "location", "message", "skipped")
                .limit(max_problems)
                .collect()
            )
            report.problems = sorted(
                (Problem(r["problem_kind"], r["source"], r["location"], r["message"], bool(r["skipped"])) for r in first),
                key=lambda p: (p.source, _location_order(p.location)),
            )
        per_target = target_summary(rows.where(F.col("kind") == "message")).persist(StorageLevel.MEMORY_AND_DISK)
        try:
            if summary is not None:
                write_frame(per_target, summary, output_format, overwrite=overwrite, single_file=True)
            report.top_targets = [r.asDict(recursive=True) for r in per_target.limit(top_targets).collect()]
        finally:
            per_target.unpersist()
        return report
    finally:
        rows.unpersist()
        keying.destroy()
        if broadcast is not None:
            broadcast.destroy()


def _location_order(location: str) -> tuple[str, int, str]:
    """`data.jsonl:12` and `result.json:messages[7]` in numeric order."""
    m = re.match(r"(.*?)(\d+)(\D*)$", location)
    return (m.group(1), int(m.group(2)), m.group(3)) if m else (location, 0, "")
