"""Input readers: Telegram Desktop exports, JSON Lines, CSV and plain text, and the scan loop.

Readers yield `Record`s (one message each) and `Problem`s (what could not be read, with its
location) in input order; `scan_records(engine, items)` scans the records and passes problems on.
The CLI uses exactly these functions::

    from doxwacht import Engine
    from doxwacht.ingest import Problem, read_path, scan_records

    for item in scan_records(Engine(), read_path("result.json")):
        if isinstance(item, Problem):
            print("skipped:", item)
        else:
            print(item.record.id, [f.label for f in item.result.findings])
"""

from doxwacht.ingest.csvfile import read_csv
from doxwacht.ingest.jsonl import read_jsonl
from doxwacht.ingest.records import Problem, Record, ScannedRecord
from doxwacht.ingest.scan import (
    DEFAULT_MAX_CHARS,
    ReadOptions,
    ScanStats,
    read_inputs,
    read_path,
    read_source,
    scan_paths,
    scan_records,
)
from doxwacht.ingest.sources import FORMATS, STDIN, STDIN_NAME, InputSource, detect_format
from doxwacht.ingest.telegram import flatten_text, read_telegram
from doxwacht.ingest.text import SPLITS, read_text

__all__ = [
    "DEFAULT_MAX_CHARS",
    "FORMATS",
    "SPLITS",
    "STDIN",
    "STDIN_NAME",
    "InputSource",
    "Problem",
    "ReadOptions",
    "Record",
    "ScanStats",
    "ScannedRecord",
    "detect_format",
    "flatten_text",
    "read_csv",
    "read_inputs",
    "read_jsonl",
    "read_path",
    "read_source",
    "read_telegram",
    "read_text",
    "scan_paths",
    "scan_records",
]
