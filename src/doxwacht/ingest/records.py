"""What readers yield: records to scan and problems to report, kept apart by type.

A reader never raises on bad input data: a malformed line, record or file becomes a `Problem`
(with its location and a clear Dutch message for the user) and the reader goes on with the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from doxwacht.pipeline import ScanResult


@dataclass(frozen=True, slots=True)
class Record:
    """One message to scan.

    `id` is the input's own id where it has one (a JSONL/CSV id field, `<chat id>/<message id>` for
    Telegram), else `<file>:<line>`. `source` is the input as named on the command line (`<stdin>`
    for standard input), `location` a human-readable place in it (`data.jsonl:12`,
    `result.json:messages[7]`), `format` the input format that produced it.
    """

    id: Any
    text: str
    source: str
    location: str
    format: str
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in the input that could not be read as given.

    `kind` is a stable code for programs (`malformed`, `encoding`, `binary`, `empty`, `too_long`,
    `missing_field`, `unreadable`, `unsupported`); `message` is for people (Dutch). `skipped` tells
    whether input went unscanned because of it (False: e.g. text was repaired and scanned anyway,
    or the file was empty).
    """

    kind: str
    source: str
    location: str
    message: str
    skipped: bool = True

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass(frozen=True, slots=True)
class ScannedRecord:
    """A record and the engine's result for it."""

    record: Record
    result: ScanResult

    @property
    def findings(self) -> tuple[Any, ...]:
        return self.result.findings

    def to_dict(self) -> dict[str, Any]:
        """`ScanResult.to_dict()` (its `id` is the input's id) plus where the record came from."""
        out = self.result.to_dict()
        r = self.record
        out["source"] = {"file": r.source, "location": r.location, "format": r.format}
        if r.meta:
            out["meta"] = dict(r.meta)
        return out
