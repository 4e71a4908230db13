"""CSV output: one row per finding (messages without findings produce no row)."""

from __future__ import annotations

import csv
from typing import TextIO

from doxwacht.findings import Evidence
from doxwacht.ingest.records import ScannedRecord
from doxwacht.ingest.scan import ScanStats

COLUMNS = ("id", "file", "location", "label", "start", "end", "text", "value", "score", "detector", "evidence")


def format_evidence(evidence: tuple[Evidence, ...], sep: str = "; ") -> str:
    """`kind: detail (+0.25)` per evidence item."""
    parts = []
    for e in evidence:
        weight = f" ({e.weight:+.2f})" if e.weight else ""
        parts.append(f"{e.kind}: {e.detail}{weight}" if e.detail else f"{e.kind}{weight}")
    return sep.join(parts)


class CsvWriter:
    """Columns (machine names, as in the JSONL output): id, file, location, label, start, end, text,
    value, score, detector, evidence."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._writer = csv.writer(stream, lineterminator="\n")
        self._writer.writerow(COLUMNS)

    def write(self, item: ScannedRecord) -> None:
        r = item.record
        for f in item.result.findings:
            self._writer.writerow(
                (
                    r.id,
                    r.source,
                    r.location,
                    f.label,
                    f.start,
                    f.end,
                    f.text,
                    f.value,
                    f"{f.score:.3f}",
                    f.detector,
                    format_evidence(f.evidence),
                )
            )

    def close(self, stats: ScanStats | None = None) -> None:
        self.stream.flush()
