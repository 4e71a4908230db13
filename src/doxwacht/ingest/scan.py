"""Reading inputs of any supported format, and the scan loop shared by the Python API and the CLI."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from doxwacht.document import Document
from doxwacht.ingest.csvfile import read_csv
from doxwacht.ingest.jsonl import read_jsonl
from doxwacht.ingest.records import Problem, Record, ScannedRecord
from doxwacht.ingest.sources import FORMATS, InputSource, detect_format, dutch_int
from doxwacht.ingest.telegram import read_telegram
from doxwacht.ingest.text import SPLITS, read_text
from doxwacht.pipeline import MessageTooLong

DEFAULT_MAX_CHARS = 1_000_000


@dataclass(frozen=True)
class ReadOptions:
    """How to read inputs. `input_format` is `auto` (by extension, then by content) or one of
    `telegram`, `jsonl`, `csv`, `text`. `text_field`/`id_field` apply to JSONL and CSV, `split`
    (`none`, `lines`, `paragraphs`) to plain text. `max_chars` only lets the plain-text reader skip
    a file that is certainly too long without reading it; the engine enforces the limit."""

    input_format: str = "auto"
    text_field: str = "text"
    id_field: str = "id"
    split: str = "none"
    max_chars: int | None = DEFAULT_MAX_CHARS

    def __post_init__(self) -> None:
        if self.input_format != "auto" and self.input_format not in FORMATS:
            raise ValueError(f"unknown input format {self.input_format!r}; expected auto or one of {FORMATS}")
        if self.split not in SPLITS:
            raise ValueError(f"unknown split {self.split!r}; expected one of {SPLITS}")


def read_source(
    source: InputSource, options: ReadOptions = ReadOptions(), *, on_media: Callable[[Record], None] | None = None
) -> Iterator[Record | Problem]:
    """Records and problems from one opened input, in input order. With `on_media`, a Telegram export
    is read with its media (`read_telegram(..., media=True)`): each record that lists exported files
    goes to `on_media`, and one with media but no text is not yielded (there is no text to scan)."""
    name = source.name
    if not source.head:
        yield Problem("empty", name, name, "leeg bestand; niets te scannen", skipped=False)
        return
    reason = source.binary_reason()
    if reason is not None:
        yield Problem("binary", name, name, reason)
        return
    if source.is_empty:
        yield Problem("empty", name, name, "bestand bevat alleen witruimte; niets te scannen", skipped=False)
        return
    fmt = options.input_format
    if fmt == "auto":
        fmt = detect_format(name, source.head_text(), text_field=options.text_field)
    if fmt == "telegram" and on_media is not None:
        for item in read_telegram(source, media=True):
            if isinstance(item, Record) and item.meta.get("media"):
                on_media(item)
                if not item.text:
                    continue
            yield item
    elif fmt == "telegram":
        yield from read_telegram(source)
    elif fmt == "jsonl":
        yield from read_jsonl(source, text_field=options.text_field, id_field=options.id_field)
    elif fmt == "csv":
        yield from read_csv(source, text_field=options.text_field, id_field=options.id_field)
    else:
        yield from read_text(source, split=options.split, max_chars=options.max_chars)


def read_path(path: str | os.PathLike[str], options: ReadOptions = ReadOptions()) -> Iterator[Record | Problem]:
    """Records and problems from one path (`-` is standard input). A missing file raises
    FileNotFoundError when the iterator is first advanced; other OS errors become a problem."""
    try:
        source = InputSource.open(path)
    except FileNotFoundError:
        raise
    except OSError as err:
        yield Problem("unreadable", str(path), str(path), f"kan niet lezen ({err.strerror or err}); overgeslagen")
        return
    with source:
        yield from read_source(source, options)


def read_inputs(paths: Iterable[str | os.PathLike[str]], options: ReadOptions = ReadOptions()) -> Iterator[Record | Problem]:
    """Records and problems from several paths, one after the other."""
    for path in paths:
        yield from read_path(path, options)


def scan_records(
    engine: Any, items: Iterable[Record | Problem], *, batch_size: int = 256, batch_chars: int = 1 << 20
) -> Iterator[ScannedRecord | Problem]:
    """Scan each record with `engine`; problems pass through in input order. Records are scanned in
    batches (`Engine.scan_batch`), which is several times faster on short chat messages than one by
    one. A message longer than the engine's `max_chars` (`MessageTooLong`) becomes a problem of kind
    `too_long` and is skipped.

    >>> from doxwacht import Engine
    >>> from doxwacht.ingest import read_path, scan_records, Problem
    >>> for item in scan_records(Engine(), read_path("result.json")):  # doctest: +SKIP
    ...     print(item if isinstance(item, Problem) else item.to_dict())
    """
    limit = getattr(engine, "max_chars", None)
    scan_batch = getattr(engine, "scan_batch", None)
    pending: list[Record] = []
    pending_chars = 0

    def too_long(record: Record, err: MessageTooLong) -> Problem:
        return Problem(
            "too_long",
            record.source,
            record.location,
            f"bericht van {dutch_int(err.length)} tekens is langer dan de limiet van "
            f"{dutch_int(err.limit)} (--max-chars); overgeslagen",
        )

    def flush() -> Iterator[ScannedRecord | Problem]:
        docs = [Document(r.text, id=r.id, meta=r.meta) for r in pending]
        try:
            results = scan_batch(docs) if scan_batch is not None and len(docs) > 1 else None
        except MessageTooLong:
            results = None  # one of them is too long for the engine: find which, one by one
        if results is not None:
            for record, result in zip(pending, results):
                yield ScannedRecord(record, result)
        else:
            for record, doc in zip(pending, docs):
                try:
                    yield ScannedRecord(record, engine.scan(doc))
                except MessageTooLong as err:
                    yield too_long(record, err)
        pending.clear()

    for item in items:
        if isinstance(item, Problem):
            yield from flush()
            pending_chars = 0
            yield item
            continue
        if limit is not None and len(item.text) > limit:  # skip normalising a text the engine refuses
            yield from flush()
            pending_chars = 0
            yield too_long(item, MessageTooLong(len(item.text), limit))
            continue
        pending.append(item)
        pending_chars += len(item.text)
        if len(pending) >= batch_size or pending_chars >= batch_chars:
            yield from flush()
            pending_chars = 0
    yield from flush()


def scan_paths(
    engine: Any, paths: Iterable[str | os.PathLike[str]], options: ReadOptions = ReadOptions()
) -> Iterator[ScannedRecord | Problem]:
    """`scan_records(engine, read_inputs(paths, options))`."""
    return scan_records(engine, read_inputs(paths, options))


@dataclass
class ScanStats:
    """Counts over a scan, for summaries and the exit status."""

    messages: int = 0
    with_findings: int = 0
    findings: int = 0
    problems: int = 0
    skipped: int = 0
    by_label: dict[str, int] = field(default_factory=dict)

    def update(self, item: ScannedRecord | Problem) -> None:
        if isinstance(item, Problem):
            self.problems += 1
            self.skipped += item.skipped
            return
        self.messages += 1
        n = len(item.result.findings)
        self.findings += n
        self.with_findings += n > 0
        for f in item.result.findings:
            self.by_label[f.label] = self.by_label.get(f.label, 0) + 1
