"""Output writers: JSON Lines (one object per message), CSV (one row per finding) and a Rich table.

Each writer has `write(scanned_record)` and `close(stats)`.
"""

from __future__ import annotations

from typing import Protocol, TextIO

from rich.console import Console

from doxwacht.ingest.records import ScannedRecord
from doxwacht.ingest.scan import ScanStats
from doxwacht.output.csvfile import COLUMNS as CSV_COLUMNS
from doxwacht.output.csvfile import CsvWriter, format_evidence
from doxwacht.output.jsonl import JsonlWriter
from doxwacht.output.table import TableWriter, summary_line

OUTPUT_FORMATS = ("jsonl", "table", "csv")


class Writer(Protocol):
    def write(self, item: ScannedRecord) -> None: ...

    def close(self, stats: ScanStats | None = None) -> None: ...


def make_writer(fmt: str, stream: TextIO, *, console: Console | None = None) -> Writer:
    """A writer for `fmt` (`jsonl`, `csv`, `table`) on `stream` (`console` for the table)."""
    if fmt == "jsonl":
        return JsonlWriter(stream)
    if fmt == "csv":
        return CsvWriter(stream)
    if fmt == "table":
        return TableWriter(console if console is not None else Console(file=stream))
    raise ValueError(f"unknown output format {fmt!r}; expected one of {OUTPUT_FORMATS}")


__all__ = [
    "CSV_COLUMNS",
    "OUTPUT_FORMATS",
    "CsvWriter",
    "JsonlWriter",
    "TableWriter",
    "Writer",
    "format_evidence",
    "make_writer",
    "summary_line",
]
