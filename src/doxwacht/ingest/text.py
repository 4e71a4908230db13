"""Plain text: the whole input as one message (the default), or split into lines or paragraphs
(blank-line separated), streamed. Ids: the file name for a whole file, `<file>:<line>` (the first
line of the message) when split."""

from __future__ import annotations

from collections.abc import Iterator

from doxwacht.ingest.records import Problem, Record
from doxwacht.ingest.sources import InputSource

FORMAT = "text"
SPLITS = ("none", "lines", "paragraphs")


def read_text(source: InputSource, *, split: str = "none", max_chars: int | None = None) -> Iterator[Record | Problem]:
    """`max_chars` lets a whole file that is certainly too long (more than 4 bytes per allowed
    character) be skipped without reading it all; shorter ones go to the engine, which enforces the
    limit exactly."""
    name = source.name
    if split == "none":
        limit = None if max_chars is None else 4 * max_chars + 4
        text, problem = source.read_text(limit)
        if problem is not None:
            yield problem
        if text is None or not text.strip():
            return
        yield Record(id=name, text=text, source=name, location=name, format=FORMAT)
        return
    if split == "lines":
        for item in source.lines():
            if isinstance(item, Problem):
                yield item
                continue
            lineno, line = item
            line = line.rstrip("\r\n")
            if line.strip():
                loc = f"{name}:{lineno}"
                yield Record(id=loc, text=line, source=name, location=loc, format=FORMAT)
        return
    if split == "paragraphs":
        buf: list[str] = []
        start = 0
        for item in source.lines():
            if isinstance(item, Problem):
                yield item
                continue
            lineno, line = item
            if line.strip():
                if not buf:
                    start = lineno
                buf.append(line)
            elif buf:
                yield _paragraph(name, start, buf)
                buf = []
        if buf:
            yield _paragraph(name, start, buf)
        return
    raise ValueError(f"unknown split {split!r}; expected one of {SPLITS}")


def _paragraph(name: str, start: int, lines: list[str]) -> Record:
    text = "".join(lines).rstrip("\r\n")
    loc = f"{name}:{start}"
    return Record(id=loc, text=text, source=name, location=loc, format=FORMAT)
