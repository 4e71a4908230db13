"""What a Spark scan reads: JSONL and Parquet through Spark's readers, Telegram exports on the driver.

Every input becomes an RDD of *items*, plain tuples `(tag, source, number, payload)` that the scan
turns back into the `Record`s and `Problem`s of `doxwacht.ingest` on the executors:

* `("line", file, line number, text)`: a JSONL line (`sc.textFile`, numbered per file with
  `zipWithIndex`), parsed by the very reader `doxwacht scan` uses (`read_jsonl`), so ids, metadata,
  locations (`file:line`) and problems are the same;
* `("row", file, row number, json)`: a Parquet row (`spark.read.parquet`), read as a JSON object by
  the same reader; the record's format is `parquet`, its location `file:row`;
* `("record", source, 0, (id, text, location, format, meta))`: a Telegram message, read on the
  driver by `read_telegram` (an export is one JSON document, loaded whole anyway);
* `("problem", source, 0, (kind, location, message, skipped))`: a problem found on the driver.

Paths are anything Spark's Hadoop file systems understand (`/data/x.jsonl`, `hdfs://...`,
`s3a://...`, globs); a folder stands for the files in it (names starting with `_` or `.` left
out). A local folder with `result.json` is a Telegram export.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import groupby
from typing import Any

from doxwacht.ingest import Problem, ReadOptions, Record, read_path
from doxwacht.ingest.jsonl import read_jsonl

FORMATS = ("auto", "jsonl", "parquet", "telegram")
Item = tuple[str, str, int, Any]


@dataclass(frozen=True)
class SparkReadOptions:
    input_format: str = "auto"
    text_field: str = "text"
    id_field: str = "id"
    partitions_per_core: int = 8  # input splits per core: small slices, so the cores finish together

    def __post_init__(self) -> None:
        if self.input_format not in FORMATS:
            raise ValueError(f"onbekend invoerformaat {self.input_format!r} voor Spark; kies uit {', '.join(FORMATS)}")


class InputError(ValueError):
    """An input that cannot be scanned at all (missing, unknown format); Dutch message."""


@dataclass(frozen=True)
class _File:
    name: str  # as reported in locations: the path as given for a single file
    uri: str  # as Spark reads it
    size: int


def _hadoop_files(spark: Any, path: str) -> list[_File]:
    """The files a path stands for (a file, the files of a folder, or a glob), through Hadoop."""
    from py4j.protocol import Py4JError  # type: ignore[import-untyped]

    sc = spark.sparkContext
    jvm = sc._jvm
    try:
        hpath = jvm.org.apache.hadoop.fs.Path(path)
        fs = hpath.getFileSystem(sc._jsc.hadoopConfiguration())
        statuses = fs.globStatus(hpath)
    except Py4JError as err:  # an unknown scheme, no permission, an unreachable store: say so plainly
        java = getattr(err, "java_exception", None)
        text = str(java.toString()) if java is not None else str(err)
        first = (text.strip().splitlines() or [type(err).__name__])[0]
        raise InputError(f"{path}: kan de invoer niet openen ({first})") from None
    if statuses is None or len(statuses) == 0:
        raise InputError(f"bestand niet gevonden: {path}")
    files: list[_File] = []
    single = len(statuses) == 1 and statuses[0].isFile()
    for st in statuses:
        if st.isDirectory():
            children = sorted(fs.listStatus(st.getPath()), key=lambda s: s.getPath().toString())
            for child in children:
                name = child.getPath().getName()
                if child.isFile() and not name.startswith(("_", ".")):
                    files.append(_File(_display(child.getPath().toString()), child.getPath().toString(), child.getLen()))
        else:
            uri = st.getPath().toString()
            files.append(_File(path if single else _display(uri), uri, st.getLen()))
    return files


def _display(uri: str) -> str:
    return uri[len("file:"):] if uri.startswith("file:/") else uri


def _local_path(path: str) -> str | None:
    if "://" in path and not path.startswith("file://"):
        return None
    return path.removeprefix("file://")


def detect_format(path: str, files: list[_File] | None = None) -> str:
    """`telegram` for a local export (`result.json` or its folder, or a JSON document that is not
    JSON Lines), `parquet` by extension, else `jsonl`."""
    local = _local_path(path)
    if local is not None and os.path.isdir(local) and os.path.isfile(os.path.join(local, "result.json")):
        return "telegram"
    names = [f.uri for f in files] if files else [path]
    if names and all(n.endswith((".parquet", ".parq")) for n in names):
        return "parquet"
    if local is not None and local.endswith(".json") and os.path.isfile(local):
        from doxwacht.ingest.sources import detect_format as sniff

        with open(local, "rb") as fh:
            head = fh.read(64 * 1024).decode("utf-8", errors="replace")
        return "telegram" if sniff(local, head) == "telegram" else "jsonl"
    return "jsonl"


def telegram_items(path: str, options: SparkReadOptions) -> list[Item]:
    """A Telegram export read on the driver with `doxwacht.ingest`'s reader."""
    local = _local_path(path)
    if local is None:
        raise InputError(f"{path}: een Telegram-export wordt op de driver gelezen en moet een lokaal pad zijn")
    if os.path.isdir(local):
        if not os.path.isfile(os.path.join(local, "result.json")):
            raise InputError(f"{path} is een map zonder result.json")
        path = os.path.join(path, "result.json")
    if not os.path.exists(_local_path(path) or path):
        raise InputError(f"bestand niet gevonden: {path}")
    read = ReadOptions(input_format="telegram", text_field=options.text_field, id_field=options.id_field)
    return [to_item(item) for item in read_path(path, read)]


def to_item(item: Record | Problem) -> Item:
    if isinstance(item, Problem):
        return ("problem", item.source, 0, (item.kind, item.location, item.message, item.skipped))
    return ("record", item.source, 0, (item.id, item.text, item.location, item.format, dict(item.meta)))


def input_rdd(spark: Any, paths: Iterable[str], options: SparkReadOptions | None = None) -> Any:
    """One RDD of items for all inputs, in input order. Raises `InputError` for a missing input."""
    options = options or SparkReadOptions()
    sc = spark.sparkContext
    splits = max(2, sc.defaultParallelism * options.partitions_per_core)
    rdds: list[Any] = []
    driver_items: list[Item] = []

    def flush_driver_items() -> None:
        if driver_items:
            rdds.append(sc.parallelize(list(driver_items), max(1, min(splits, len(driver_items) // 256 + 1))))
            driver_items.clear()

    for path in paths:
        fmt = options.input_format
        if fmt == "auto" and detect_format(path) == "telegram":
            fmt = "telegram"
        if fmt == "telegram":
            driver_items.extend(telegram_items(path, options))
            continue
        files = _hadoop_files(spark, path)
        if fmt == "auto":
            fmt = detect_format(path, files)
        for f in files:
            if f.size == 0:
                driver_items.append(("problem", f.name, 0, ("empty", f.name, "leeg bestand; niets te scannen", False)))
                continue
            flush_driver_items()
            rdds.append(_file_rdd(spark, f, fmt, splits))
    flush_driver_items()
    if not rdds:
        return sc.emptyRDD()
    return rdds[0] if len(rdds) == 1 else sc.union(rdds)


def _file_rdd(spark: Any, f: _File, fmt: str, splits: int) -> Any:
    name = f.name
    if fmt == "parquet":
        rows = spark.read.parquet(f.uri).rdd
        return rows.zipWithIndex().map(
            lambda ri: ("row", name, ri[1] + 1, json.dumps(ri[0].asDict(recursive=True), ensure_ascii=False, default=str))
        )
    sc = spark.sparkContext
    lines = sc.textFile(f.uri, minPartitions=splits)
    starts = _line_starts(lines)
    if starts is None:  # numbered in Python: one more pass of the lines through the Python workers
        return lines.zipWithIndex().map(lambda li: ("line", name, li[1] + 1, li[0]))

    def numbered(index: int, part: Iterable[str]) -> Iterator[Item]:
        first = starts[index] + 1
        return (("line", name, first + k, line) for k, line in enumerate(part))

    return lines.mapPartitionsWithIndex(numbered, preservesPartitioning=True)


def _line_starts(lines: Any) -> list[int] | None:
    """The number of lines before each partition of a text RDD, counted on the JVM (Spark's own
    `zipWithIndex` of the very same Java RDD counts them when it is built), so the lines go through
    the Python workers once; None where that is not available (then Python's `zipWithIndex`)."""
    try:
        zipped = lines._jrdd.rdd().zipWithIndex()
        starts = [int(p.startIndex()) for p in zipped.partitions()]
    except Exception:  # noqa: BLE001 - an internal of Spark's; fall back to numbering in Python
        return None
    return starts if len(starts) == lines.getNumPartitions() else None


class _Lines:
    """What `read_jsonl` needs of an input: its name and its numbered lines."""

    def __init__(self, name: str, lines: Iterator[tuple[int, str]]) -> None:
        self.name = name
        self._lines = lines

    def lines(self) -> Iterator[tuple[int, str]]:
        for n, line in self._lines:
            yield n, (line[1:] if n == 1 and line.startswith("\ufeff") else line)


def items_to_records(items: Iterable[Item], options: SparkReadOptions) -> Iterator[Record | Problem]:
    """Items back into records and problems, in order, streaming (runs on the executors)."""
    for (tag, source), group in groupby(items, key=lambda item: (item[0], item[1])):
        if tag == "record":
            for _, _, _, (rid, text, location, fmt, meta) in group:
                yield Record(id=rid, text=text, source=source, location=location, format=fmt, meta=meta)
        elif tag == "problem":
            for _, _, _, (kind, location, message, skipped) in group:
                yield Problem(kind, source, location, message, skipped)
        else:  # a run of lines (JSONL) or rows (Parquet) of one file
            lines = _Lines(source, ((n, text) for _, _, n, text in group))
            for item in read_jsonl(lines, text_field=options.text_field, id_field=options.id_field):  # type: ignore[arg-type]
                if tag == "row" and isinstance(item, Record):
                    item = replace(item, format="parquet")
                yield item
