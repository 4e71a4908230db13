"""Securing originals: a message's text, its raw export record, an attachment. Each capture stores
the bytes in the `BlobStore` and returns the `CaptureRecord` and the ``captured`` `CustodyEvent`."""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from doxwacht import __version__
from doxwacht.evidence.blobs import BlobStore
from doxwacht.evidence.records import CaptureKind, CaptureRecord, CustodyAction, CustodyEvent
from doxwacht.response.clock import Clock, SystemClock


@dataclass(frozen=True)
class Capture:
    record: CaptureRecord
    event: CustodyEvent


def canonical_json(record: Mapping[str, Any]) -> bytes:
    """A record as stable JSON bytes (sorted keys, no spaces, UTF-8). Prefer the export's own bytes
    (`Capturer.raw`) when you have them: those are the original."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


class Capturer:
    def __init__(self, store: BlobStore, *, captured_by: str, clock: Clock | None = None,
                 tool_version: str = __version__) -> None:
        if not captured_by.strip():
            raise ValueError("captured_by is empty: say who (or which service) captures")
        self.store = store
        self.captured_by = captured_by
        self.clock: Clock = clock or SystemClock()
        self.tool_version = tool_version

    def raw(self, data: bytes, source: str, media_type: str, *, kind: CaptureKind = CaptureKind.ATTACHMENT,
            filename: str = "") -> Capture:
        if not source:
            raise ValueError("source is empty: give the URL or file the original came from")
        digest = self.store.put(data)
        now = self.clock.now()
        record = CaptureRecord(digest, len(data), media_type, now, source, self.captured_by, self.tool_version, kind,
                               filename)
        event = CustodyEvent(CustodyAction.CAPTURED, now, self.captured_by, (digest,),
                             detail=f"{kind} from {source}")
        return Capture(record, event)

    def text(self, text: str, source: str) -> Capture:
        return self.raw(text.encode("utf-8"), source, "text/plain; charset=utf-8", kind=CaptureKind.TEXT)

    def record(self, record: Mapping[str, Any] | bytes, source: str) -> Capture:
        data = record if isinstance(record, bytes) else canonical_json(record)
        return self.raw(data, source, "application/json", kind=CaptureKind.RECORD)

    def file(self, path: str | Path, source: str | None = None, media_type: str | None = None) -> Capture:
        p = Path(path)
        mt = media_type or mimetypes.guess_type(p.name)[0] or "application/octet-stream"
        return self.raw(p.read_bytes(), source or str(p), mt, kind=CaptureKind.ATTACHMENT, filename=p.name)
