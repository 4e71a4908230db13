"""Opening inputs (files and standard input), sniffing their encoding and format, and reading them
as decoded lines (streaming) or as one text (whole).

Encoding policy: input is UTF-8 (a UTF-8 byte-order mark is dropped; UTF-16 and UTF-32 with a
byte-order mark are decoded too). Invalid UTF-8 is decoded with replacement characters (U+FFFD)
and scanned anyway, so one bad byte never hides a phone number in the rest of a message; the first
occurrence in each file is reported once as a `Problem` of kind `encoding` with `skipped=False`.
A file whose first 64 KiB hold NUL bytes or mostly undecodable bytes is reported as binary and
skipped whole.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from doxwacht.ingest.records import Problem

STDIN = "-"
STDIN_NAME = "<stdin>"
HEAD_SIZE = 64 * 1024

FORMATS = ("telegram", "jsonl", "csv", "text")
_EXTENSIONS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonlines": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
}
CSV_DELIMITERS = (",", ";", "\t", "|")


class _CountingChain(io.RawIOBase):
    """A raw stream that first returns `head`, then the rest of `rest`, counting bytes handed out."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._pos = 0
        self._rest = rest
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._pos < len(self._head):
            n = min(len(buffer), len(self._head) - self._pos)
            buffer[:n] = self._head[self._pos : self._pos + n]
            self._pos += n
        else:
            data = self._rest.read(len(buffer))
            n = len(data) if data else 0
            buffer[:n] = data or b""
        self.count += n
        return n


class InputSource:
    """One input, opened in binary mode with its first bytes read for sniffing.

    `name` is the input as named (`<stdin>` for standard input); `size` the byte size where known;
    `bytes_read` how far reading has got (for a progress bar). Use `stream()` once to read the whole
    input from the start (the sniffed head included).
    """

    def __init__(self, name: str, fileobj: BinaryIO, *, size: int | None, owned: bool) -> None:
        self.name = name
        self.size = size
        self._file = fileobj
        self._owned = owned
        self.head = fileobj.read(HEAD_SIZE) or b""
        self._chain = _CountingChain(self.head, fileobj)
        self._stream_used = False
        self.encoding, self.bom_len = _sniff_encoding(self.head)

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> InputSource:
        """Open a path, or standard input for `-`. Raises OSError (FileNotFoundError, ...)."""
        if str(path) == STDIN:
            return cls.from_stream(sys.stdin.buffer, name=STDIN_NAME)
        p = Path(path)
        f = open(p, "rb")  # noqa: SIM115 - closed by close()
        try:
            size = os.fstat(f.fileno()).st_size
        except OSError:
            size = None
        return cls(str(path), f, size=size, owned=True)

    @classmethod
    def from_stream(cls, fileobj: BinaryIO, *, name: str = STDIN_NAME) -> InputSource:
        """Wrap an already open binary stream (not closed by `close()`)."""
        return cls(name, fileobj, size=None, owned=False)

    @classmethod
    def from_bytes(cls, data: bytes, *, name: str) -> InputSource:
        return cls(name, io.BytesIO(data), size=len(data), owned=True)

    @property
    def bytes_read(self) -> int:
        return self._chain.count

    @property
    def is_empty(self) -> bool:
        """True when the input holds nothing but whitespace (judged on the sniffed head)."""
        if len(self.head) >= HEAD_SIZE:
            return False
        return not self.head_text().strip()

    def binary_reason(self) -> str | None:
        """Why this input looks binary, or None."""
        if self.encoding != "utf-8":
            return None
        return _binary_reason(self.head)

    def stream(self) -> BinaryIO:
        if self._stream_used:
            raise RuntimeError(f"{self.name} can be read only once")
        self._stream_used = True
        return io.BufferedReader(self._chain, buffer_size=HEAD_SIZE)

    def head_text(self) -> str:
        """The sniffed head decoded leniently (for format detection)."""
        data = self.head[self.bom_len :]
        return data.decode(self.encoding, errors="replace")

    def close(self) -> None:
        if self._owned:
            self._file.close()

    def __enter__(self) -> InputSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -------------------------------------------------------------------------------

    def lines(self) -> Iterator[tuple[int, str] | Problem]:
        """Decoded lines with their line endings, numbered from 1, streaming.

        Yields one `Problem` (kind `encoding`, not skipped) at the first line with invalid UTF-8;
        that line and later ones are decoded with replacement characters.
        """
        stream = self.stream()
        if self.encoding != "utf-8":
            text = io.TextIOWrapper(stream, encoding=self.encoding, errors="replace", newline="")
            for lineno, line in enumerate(text, 1):
                yield lineno, line
            return
        reported = False
        for lineno, raw in enumerate(stream, 1):
            if lineno == 1 and self.bom_len:
                raw = raw[self.bom_len :]
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                line = raw.decode("utf-8", errors="replace")
                if not reported:
                    reported = True
                    yield encoding_problem(self.name, f"{self.name}:{lineno}")
            yield lineno, line

    def read_text(self, limit_bytes: int | None = None) -> tuple[str | None, Problem | None]:
        """The whole input as text. Returns (None, problem) when it is longer than `limit_bytes`;
        (text, problem) when invalid UTF-8 was replaced."""
        stream = self.stream()
        if limit_bytes is None:
            data = stream.read()
        else:
            data = stream.read(limit_bytes + 1)
            if len(data) > limit_bytes:
                return None, Problem(
                    "too_long",
                    self.name,
                    self.name,
                    f"invoer is groter dan {dutch_int(limit_bytes)} bytes en dus langer dan de limiet "
                    "(--max-chars); overgeslagen",
                )
        data = data[self.bom_len :]
        if self.encoding != "utf-8":
            return data.decode(self.encoding, errors="replace"), None
        try:
            return data.decode("utf-8"), None
        except UnicodeDecodeError as err:
            lineno = data.count(b"\n", 0, err.start) + 1
            return data.decode("utf-8", errors="replace"), encoding_problem(self.name, f"{self.name}:{lineno}")


def encoding_problem(source: str, location: str) -> Problem:
    return Problem(
        "encoding",
        source,
        location,
        "ongeldige UTF-8; de onleesbare bytes zijn vervangen door \ufffd en de tekst is toch gescand "
        "(verdere meldingen hierover voor dit bestand worden onderdrukt)",
        skipped=False,
    )


def dutch_int(n: int) -> str:
    """1000000 -> '1.000.000'."""
    return f"{n:,}".replace(",", ".")


def _sniff_encoding(head: bytes) -> tuple[str, int]:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8", len(codecs.BOM_UTF8)
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32", 0  # the codec consumes the BOM itself
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", 0
    return "utf-8", 0


def _binary_reason(head: bytes) -> str | None:
    if not head:
        return None
    if b"\x00" in head:
        return "binair bestand (bevat NUL-bytes; is het tekst, sla het dan op als UTF-8); overgeslagen"
    sample = head[:-4] if len(head) == HEAD_SIZE else head  # a character may be cut at the end
    if not sample:
        return None
    text = sample.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    control = sum(1 for c in text if c < " " and c not in "\t\n\r\f\v\x1b")
    if (bad + control) / max(1, len(text)) > 0.3:
        return "binair bestand (geen leesbare UTF-8-tekst); overgeslagen"
    return None


def detect_format(name: str, head: str, *, text_field: str = "text") -> str:
    """Pick the input format: by extension first (`.jsonl`, `.csv`, `.txt`, ...), else by content.

    Content sniffing: a JSON object on the first line is JSONL unless it holds `messages` or `chats`
    (a Telegram export on one line); JSON that does not close on the first line is a Telegram export
    (one pretty-printed document); a header line that names `text_field` between delimiters is CSV;
    anything else is plain text.
    """
    ext = Path(name).suffix.lower() if name != STDIN_NAME else ""
    if ext in _EXTENSIONS:
        return _EXTENSIONS[ext]
    return sniff_content(head, text_field=text_field, json_default=ext == ".json")


def sniff_content(head: str, *, text_field: str = "text", json_default: bool = False) -> str:
    stripped = head.lstrip()
    if stripped.startswith("{"):
        first = stripped.split("\n", 1)[0]
        try:
            obj = json.loads(first)
        except ValueError:
            return "telegram"
        if isinstance(obj, dict) and ("messages" in obj or "chats" in obj):
            return "telegram"
        return "jsonl"
    if stripped.startswith("[") or json_default:
        return "telegram"  # the Telegram reader explains what it expected
    first_line = stripped.split("\n", 1)[0].rstrip("\r")
    if csv_delimiter(first_line, text_field) is not None:
        return "csv"
    return "text"


def csv_delimiter(header_line: str, text_field: str) -> str | None:
    """The delimiter under which `header_line` has at least two columns, one of them `text_field`."""
    want = text_field.strip().lower()
    for delim in CSV_DELIMITERS:
        try:
            cells = next(csv.reader([header_line], delimiter=delim))
        except (csv.Error, StopIteration):
            continue
        if len(cells) >= 2 and want in (c.strip().lower() for c in cells):
            return delim
    return None
