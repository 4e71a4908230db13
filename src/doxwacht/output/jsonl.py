"""JSON Lines output: one object per scanned message, written as it is scanned."""

from __future__ import annotations

import json
from typing import TextIO

from doxwacht.ingest.records import ScannedRecord
from doxwacht.ingest.scan import ScanStats


class JsonlWriter:
    """`ScannedRecord.to_dict()` per line: `ScanResult.to_dict()` (`id` is the input's id,
    `findings`, and what analyzers added) plus `source` {file, location, format} and `meta`."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, item: ScannedRecord) -> None:
        self.stream.write(json.dumps(item.to_dict(), ensure_ascii=False, default=str) + "\n")

    def close(self, stats: ScanStats | None = None) -> None:
        self.stream.flush()
