"""The Spark scan: items -> the engine of `doxwacht scan`, once per partition -> results and problems.

Each executor process builds the engine once (`doxwacht.cli.app.make_engine`, with the watchlist
from the broadcast) and keeps it for every partition it is given. A partition is scanned with
`scan_records`, the loop `doxwacht scan` uses, so every message gets exactly the object the JSONL
output of the single-process scan holds (`ScannedRecord.to_dict()`), kept as a JSON string next to
a few flat columns for queries:

    id, level, severity, labels, targets, source, location, result

Problems (malformed lines, missing text fields, over-long messages, ...) are rows of their own kind;
they are counted and reported with their locations, never written as results. The scanned rows
are persisted (memory, then disk) so that writing, counting and summarising scan each message once.
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

OUTPUT_FORMATS = ("parquet", "jsonl")
MESSAGE_COLUMNS = ("id", "level", "severity", "labels", "targets", "source", "location", "result")


@dataclass(frozen=True)
class EngineSpec:
    """What an executor needs to build the engine (the watchlist comes by broadcast)."""

    threshold: float = 0.5
    max_chars: int = DEFAULT_MAX_CHARS
    intent: bool = True


_ENGINES: dict[tuple[EngineSpec, str | None], Any] = {}  # per executor process


def engine_for(spec: EngineSpec, watchlist: Any = None) -> Any:
    """The engine of this process for `spec` and the watchlist broadcast (built once, then cached)."""
    payload = None if watchlist is None else watchlist.value  # loaded once per process by Spark
    cache_key = (spec, None if payload is None else payload.token)
    engine = _ENGINES.get(cache_key)
    if engine is None:
        from doxwacht.cli.app import make_engine

        analyzer = None if payload is None else payload.analyzer()
        engine = make_engine(threshold=spec.threshold, max_chars=spec.max_chars, intent=spec.intent, watchlist=analyzer)
        _ENGINES[cache_key] = engine
    return engine


def target_keys(result: dict[str, Any]) -> list[str]:
    """`kind:who` for each target of the verdict (`watchlist:<person id>`, `person:<name>`,
    `group:<label>`, `role:<label>`, ...), plus the watchlist's persons when there is no verdict."""
    keys = set()
    verdict = result.get("verdict") or {}
    for t in verdict.get("targets") or ():
        kind = str(t.get("kind", ""))
        who = t.get("person") or t.get("name") or t.get("label") or t.get("group") or t.get("role") or ""
        keys.add(f"{kind}:{who}")
    for m in result.get("watchlist") or ():
        keys.add(f"watchlist:{m.get('person', '')}")
    return sorted(keys)


def _flat_id(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def scan_partition(
    items: Iterable[Item], spec: EngineSpec, options: SparkReadOptions, watchlist: Any = None, cpu_seconds: Any = None
) -> Iterator[tuple[Any, ...]]:
    """Rows `(kind, id, level, severity, labels, targets, source, location, result, problem_kind,
    message, skipped)`: kind `message` for a scanned message, `problem` for a problem. The CPU time
    the partition took (engine construction included) is added to the `cpu_seconds` accumulator."""
    started = time.process_time()
    yield from _scan_rows(items, spec, options, watchlist)
    if cpu_seconds is not None:
        cpu_seconds.add(time.process_time() - started)


def _scan_rows(items: Iterable[Item], spec: EngineSpec, options: SparkReadOptions, watchlist: Any) -> Iterator[tuple[Any, ...]]:
    engine = engine_for(spec, watchlist)
    for item in scan_records(engine, items_to_records(items, options)):
        if isinstance(item, Problem):
            yield ("problem", None, None, None, [], [], item.source, item.location, None, item.kind, item.message, item.skipped)
            continue
        out = item.to_dict()
        verdict = out.get("verdict") or {}
        severity = verdict.get("severity")
        yield (
            "message",
            _flat_id(out.get("id")),
            None if verdict.get("level") is None else str(verdict["level"]),
            None if severity is None else int(severity),
            sorted({str(f["label"]) for f in out.get("findings", ())}),
            target_keys(out),
            item.record.source,
            item.record.location,
            json.dumps(out, ensure_ascii=False, default=str),
            None,
            None,
            False,
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
        ]
    )


def scanned_frame(
    spark: Any, items: Any, spec: EngineSpec, options: SparkReadOptions, watchlist: Any = None, cpu_seconds: Any = None
) -> Any:
    """The DataFrame of scanned rows (lazy) for an RDD of items."""

    def run(part: Iterable[Item]) -> Iterator[tuple[Any, ...]]:
        return scan_partition(part, spec, options, watchlist, cpu_seconds)

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


def write_frame(df: Any, path: str, fmt: str, *, overwrite: bool = False, single_file: bool = False) -> None:
    """Parquet as it is; JSONL as the `result` column when there is one (the lines `doxwacht scan`
    writes), else as Spark's JSON lines."""
    if single_file:
        df = df.coalesce(1)
    mode = "overwrite" if overwrite else "errorifexists"
    if fmt == "parquet":
        df.write.mode(mode).parquet(path)
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
    only_hits: bool = False,
    overwrite: bool = False,
    max_problems: int = 100,
    top_targets: int = 10,
) -> SparkScanReport:
    """Scan `paths` on `spark` and write the per-message results to `output` (and the per-target
    summary to `summary` when given). Raises `InputError` for a missing input and `OutputExists`
    when an output exists and `overwrite` is off."""
    from pyspark import StorageLevel
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
    cpu = spark.sparkContext.accumulator(0.0)
    rows = scanned_frame(spark, items, spec, options, broadcast, cpu).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        messages = rows.where(F.col("kind") == "message").select(*MESSAGE_COLUMNS)
        written = messages.where(F.size("labels") > 0) if only_hits else messages
        write_frame(written, output, output_format, overwrite=overwrite)
        counts = rows.groupBy("kind").agg(
            F.count(F.lit(1)).alias("n"),
            F.sum(F.when(F.size("labels") > 0, 1).otherwise(0)).alias("hits"),
            F.sum(F.when(F.col("skipped"), 1).otherwise(0)).alias("skipped"),
        ).collect()
        report = SparkScanReport(output=output, summary=summary, scan_cpu_seconds=float(cpu.value))
        for row in counts:
            if row["kind"] == "message":
                report.messages, report.with_findings = int(row["n"]), int(row["hits"])
            else:
                report.problem_count, report.skipped = int(row["n"]), int(row["skipped"])
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
        per_target = target_summary(messages).persist(StorageLevel.MEMORY_AND_DISK)
        try:
            if summary is not None:
                write_frame(per_target, summary, output_format, overwrite=overwrite, single_file=True)
            report.top_targets = [r.asDict(recursive=True) for r in per_target.limit(top_targets).collect()]
        finally:
            per_target.unpersist()
        return report
    finally:
        rows.unpersist()
        if broadcast is not None:
            broadcast.destroy()


def _location_order(location: str) -> tuple[str, int, str]:
    """`data.jsonl:12` and `result.json:messages[7]` in numeric order."""
    m = re.match(r"(.*?)(\d+)(\D*)$", location)
    return (m.group(1), int(m.group(2)), m.group(3)) if m else (location, 0, "")
