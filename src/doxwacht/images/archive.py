"""An account's archive of posts with their images: `iter_posts(path) -> Post | ArchiveProblem`.

Three shapes:

* a Telegram Desktop export (`result.json`, or the folder holding it): every message with text
  and/or a `photo` (or an image `file`), paths relative to the export folder; the post id is
  `<chat id>/<message id>`, as `doxwacht scan` names Telegram records;
* JSONL: one object a line with `text` and any of `image`, `images`, `photo`, `photos` (a path
  or a list; relative to the JSONL file's folder) and an optional `id` (else `<file>:<line>`);
* a folder: every image is a post; a `.txt` file with the same stem as an image is that post's
  text, other `.txt` files are text-only posts.

Malformed lines, missing image files and unreadable files are `ArchiveProblem`s (Dutch message):
reported and skipped, the rest goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from doxwacht.images.load import IMAGE_SUFFIXES
from doxwacht.ingest.fields import scalar_id
from doxwacht.ingest.records import Problem
from doxwacht.ingest.sources import InputSource
from doxwacht.ingest.telegram import NOT_INCLUDED, TextShapeError, flatten_text, read_telegram

IMAGE_KEYS = ("image", "images", "photo", "photos")


@dataclass(frozen=True, slots=True)
class Post:
    id: str
    text: str
    images: tuple[Path, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class ArchiveProblem:
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


def is_telegram_export(path: Path) -> bool:
    return (path.is_dir() and (path / "result.json").is_file()) or (path.is_file() and path.name == "result.json")


def iter_posts(path: str | Path) -> Iterator[Post | ArchiveProblem]:
    p = Path(path)
    if is_telegram_export(p):
        yield from iter_telegram(p / "result.json" if p.is_dir() else p)
    elif p.is_dir():
        yield from iter_folder(p)
    elif p.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        yield from iter_jsonl(p)
    elif p.suffix.lower() in IMAGE_SUFFIXES:
        yield Post(str(p), "", (p,))
    else:
        yield ArchiveProblem(str(p), "onbekend archief: geef een map, een Telegram-export (result.json) of JSONL op")


def _image_paths(base: Path, value: Any) -> list[Path]:
    items = value if isinstance(value, list) else [value]
    return [base / v for v in items if isinstance(v, str) and v and not v.startswith(NOT_INCLUDED)]


def _check_images(loc: str, paths: list[Path]) -> tuple[list[Path], list[ArchiveProblem]]:
    ok, bad = [], []
    for p in paths:
        if p.is_file():
            ok.append(p)
        else:
            bad.append(ArchiveProblem(loc, f"afbeelding niet gevonden: {p}; overgeslagen"))
    return ok, bad


def _open(path: Path) -> InputSource | ArchiveProblem:
    try:
        return InputSource.open(path)
    except OSError as err:
        return ArchiveProblem(str(path), f"kan niet lezen ({err.strerror or err})")


def iter_telegram(result: Path) -> Iterator[Post | ArchiveProblem]:
    """The export read by `doxwacht scan`'s own reader (`ingest.telegram`, with media): the same
    messages, chats (also `left_chats`) and ids as the text scan."""
    source = _open(result)
    if isinstance(source, ArchiveProblem):
        yield source
        return
    base = result.parent
    with source:
        for item in read_telegram(source, media=True):
            if isinstance(item, Problem):
                yield ArchiveProblem(item.location, item.message)
                continue
            paths = [base / m for m in item.meta.get("media", ()) if Path(m).suffix.lower() in IMAGE_SUFFIXES]
            ok, bad = _check_images(item.location, paths)
            yield from bad
            if item.text or ok:
                yield Post(str(item.id), item.text, tuple(ok))


def iter_jsonl(path: Path) -> Iterator[Post | ArchiveProblem]:
    """Lines read as `ingest.jsonl` reads them (`InputSource.lines`: streamed, invalid UTF-8 reported
    once), text joined by `ingest.telegram.flatten_text`; unlike a text scan, a post may have no text."""
    source = _open(path)
    if isinstance(source, ArchiveProblem):
        yield source
        return
    base = path.parent
    with source:
        for item in source.lines():
            if isinstance(item, Problem):
                yield ArchiveProblem(item.location, item.message)
                continue
            n, line = item
            if not line.strip():
                continue
            loc = f"{path}:{n}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                yield ArchiveProblem(loc, f"ongeldige JSON ({err.msg}); regel overgeslagen")
                continue
            if not isinstance(obj, dict):
                yield ArchiveProblem(loc, "geen JSON-object; regel overgeslagen")
                continue
            try:
                text = flatten_text(obj.get("text")) or ""
            except TextShapeError as err:
                yield ArchiveProblem(loc, f"{err}; regel overgeslagen")
                continue
            paths: list[Path] = []
            for key in IMAGE_KEYS:
                if key in obj:
                    paths += _image_paths(base, obj[key])
            ok, bad = _check_images(loc, paths)
            yield from bad
            rid = obj.get("id")
            yield Post(str(scalar_id(rid)) if rid is not None else f"{path.name}:{n}", text, tuple(ok))


def iter_folder(folder: Path) -> Iterator[Post | ArchiveProblem]:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    texts = {p.with_suffix(""): p for p in files if p.suffix.lower() == ".txt"}
    used: set[Path] = set()
    for p in files:
        if p.suffix.lower() not in IMAGE_SUFFIXES:
            continue
        txt = texts.get(p.with_suffix(""))
        text = ""
        if txt is not None:
            used.add(txt)
            text = txt.read_text(encoding="utf-8", errors="replace")
        yield Post(str(p.relative_to(folder)), text, (p,))
    for txt in texts.values():
        if txt not in used:
            yield Post(str(txt.relative_to(folder)), txt.read_text(encoding="utf-8", errors="replace"), ())
