"""Where connectors put the records they read: a `Sink`, and the wire form of a `Record`.

Connectors (Telegram live, feeds, Mastodon, a watched folder, the HTTP ingest endpoint) read
records from somewhere and hand them to a sink: the Redis stream publisher of `doxwacht.live`
in production, a `ListSink` in tests, or a `CallbackSink` that scans and stores at once on the
embedded default. A connector saves its position only after `put` returned, so a crash repeats
at most the last batch; the store drops repeats by the record's identity (source, platform,
channel, id), so nothing is lost and nothing is stored twice.

The wire form is a flat mapping of strings (what a Redis stream entry holds): `id`, `text`,
`source`, `location`, `format` and `meta` (JSON). `record_from_fields` turns a bad entry into a
`Problem` instead of raising.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any, Protocol, runtime_checkable

from doxwacht.ingest.records import Problem, Record

SOURCE_META = "ingest_source"
WIRE_VERSION = "1"
FIELDS = ("v", "id", "text", "source", "location", "format", "meta")


@runtime_checkable
class Sink(Protocol):
    """Takes records; returns when they are safely handed over (published, stored)."""

    def put(self, records: Iterable[Record]) -> int:
        """Hand over `records`; return how many were taken."""
        ...


class ListSink:
    """Keeps what it is given, in order (tests, dry runs)."""

    def __init__(self) -> None:
        self.records: list[Record] = []

    def put(self, records: Iterable[Record]) -> int:
        batch = list(records)
        self.records.extend(batch)
        return len(batch)


class CallbackSink:
    """Calls `fn(batch)` for each batch, e.g. `Ingestor(...).ingest` on the embedded default."""

    def __init__(self, fn: Callable[[list[Record]], Any]) -> None:
        self.fn = fn

    def put(self, records: Iterable[Record]) -> int:
        batch = list(records)
        if batch:
            self.fn(batch)
        return len(batch)


class TaggingSink:
    """Names the reader in each record's meta (`ingest_source`) before handing it on, so a message keeps the
    same store key (source, platform, channel, id) whether it is stored at once or goes through the Redis
    stream and a worker: a repeat is then recognised either way. A name already there is kept (a record read
    and re-published keeps its first reader), unless `force`: then this sink's name always wins, as for records
    whose meta an outside caller wrote (`POST /api/ingest`), who must not pick another reader's keys."""

    def __init__(self, inner: Sink, source: str, *, force: bool = False) -> None:
        self.inner = inner
        self.source = source
        self.force = force

    def put(self, records: Iterable[Record]) -> int:
        return self.inner.put([r if not self.force and (r.meta or {}).get(SOURCE_META) else
                               replace(r, meta={**dict(r.meta or {}), SOURCE_META: self.source}) for r in records])

    def close(self) -> None:
        close = getattr(self.inner, "close", None)
        if close is not None:
            close()


def record_to_fields(record: Record) -> dict[str, str]:
    """The record as a flat mapping of strings."""
    return {
        "v": WIRE_VERSION,
        "id": str(record.id),
        "text": record.text,
        "source": record.source,
        "location": record.location,
        "format": record.format,
        "meta": json.dumps(dict(record.meta or {}), ensure_ascii=False, sort_keys=True, default=str),
    }


def _s(v: Any) -> str:
    return v.decode("utf-8") if isinstance(v, bytes | bytearray) else str(v)


def record_from_fields(fields: Mapping[Any, Any], *, where: str = "stream") -> Record | Problem:
    """The record a `record_to_fields` mapping describes (keys and values may be bytes), or a Problem
    saying what is wrong with it."""
    try:
        f = {_s(k): _s(v) for k, v in fields.items()}
    except (UnicodeDecodeError, AttributeError):
        return Problem("encoding", where, where, "bericht is geen geldige UTF-8; overgeslagen")
    if f.get("v", WIRE_VERSION) != WIRE_VERSION:
        return Problem("unsupported", where, where, f"onbekende berichtversie {f.get('v')!r}; overgeslagen")
    missing = [k for k in ("id", "text") if k not in f]
    if missing:
        return Problem("missing_field", where, where, f"veld(en) ontbreken: {', '.join(missing)}; overgeslagen")
    try:
        meta = json.loads(f.get("meta") or "{}")
    except json.JSONDecodeError:
        return Problem("malformed", where, where, "veld 'meta' is geen geldige JSON; overgeslagen")
    if not isinstance(meta, dict):
        return Problem("malformed", where, where, "veld 'meta' is geen JSON-object; overgeslagen")
    return Record(id=f["id"], text=f["text"], source=f.get("source", where), location=f.get("location", where),
                  format=f.get("format", "stream"), meta=meta)
