"""A watched folder: files dropped into it (JSONL, CSV, Telegram exports, plain text) are read with the
same readers as `doxwacht scan`, once each.

The folder is polled. A file is taken once it is stable: its size and modification time are the same as
at the previous poll, or it was last modified at least `settle` seconds ago (so a file still being
copied is left alone). Processed files are remembered by path, size, mtime and SHA-256 under
`folder:<absolute folder>`; a file touched without changing its content is not read again, a file whose
content changed is read again (the store drops the messages it already has). Large files are handed
over in batches of `batch_size` items; the position also records how far into the current file the
last handed-over batch reached, so a restart goes on from there. Unreadable input is reported as a
problem, the rest goes on.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from doxwacht.ingest.connectors.base import Batch, PositionedConnector
from doxwacht.ingest.connectors.position import PositionStore
from doxwacht.ingest.records import Problem, Record
from doxwacht.ingest.scan import ReadOptions, read_path

SUFFIXES = frozenset({".json", ".jsonl", ".ndjson", ".csv", ".txt", ".text"})
_PARTIAL = (".part", ".tmp", ".crdownload", ".partial", ".swp", "~")


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class FolderConnector(PositionedConnector):
    name = "folder"

    def __init__(self, folder: str | os.PathLike[str], positions: PositionStore, *, settle: float = 2.0,
                 batch_size: int = 1000, recursive: bool = True, suffixes: Iterable[str] = SUFFIXES,
                 options: ReadOptions | None = None, clock: Callable[[], float] = time.time) -> None:
        super().__init__(positions)
        self.folder = Path(folder).resolve()
        if not self.folder.is_dir():
            raise ValueError(f"map bestaat niet: {folder}")
        self.settle, self.batch_size, self.recursive = settle, max(1, batch_size), recursive
        self.suffixes = frozenset(s.lower() for s in suffixes)
        self.options, self.clock = options or ReadOptions(), clock
        self.state: dict[str, Any] = self.load(self.key, {}) or {}
        self.state.setdefault("files", {})
        self._observed: dict[str, tuple[int, int]] = {}
        self._reading: tuple[str, str, int, int, Iterator[Record | Problem], int] | None = None

    @property
    def key(self) -> str:
        return f"folder:{self.folder}"

    # ------------------------------------------------------------------ choosing files
    def _candidates(self) -> list[Path]:
        walker = self.folder.rglob("*") if self.recursive else self.folder.iterdir()
        out = []
        for p in walker:
            rel = p.relative_to(self.folder)
            if any(part.startswith(".") for part in rel.parts) or p.name.endswith(_PARTIAL):
                continue
            if p.suffix.lower() in self.suffixes and p.is_file():
                out.append(p)
        return sorted(out)

    def _next_file(self) -> tuple[str, os.stat_result] | None:
        """The next stable file that is new or changed; records an up-to-date entry for touched files."""
        now = self.clock()
        for p in self._candidates():
            rel = p.relative_to(self.folder).as_posix()
            try:
                st = p.stat()
            except OSError:
                continue  # removed meanwhile
            seen = self.state["files"].get(rel)
            if seen and seen.get("size") == st.st_size and seen.get("mtime_ns") == st.st_mtime_ns:
                continue
            sig = (st.st_size, st.st_mtime_ns)
            stable = self._observed.get(rel) == sig or now - st.st_mtime >= self.settle
            self._observed[rel] = sig
            if not stable:
                continue
            return rel, st
        return None

    # ------------------------------------------------------------------ polling
    def poll(self) -> Batch:
        batch = Batch()
        try:
            return self._poll(batch)
        except BaseException:
            self._reading = None  # reopen from the committed position next time
            raise

    def _poll(self, batch: Batch) -> Batch:
        if self._reading is None:
            found = self._next_file()
            if found is None:
                return batch
            rel, st = found
            path = self.folder / rel
            try:
                digest = file_sha256(path)
            except OSError as err:
                batch.problems.append(Problem("unreadable", str(path), rel,
                                              f"kan niet lezen ({err.strerror or err}); overgeslagen"))
                return batch
            seen = self.state["files"].get(rel)
            entry = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": digest}
            if seen and seen.get("sha256") == digest:  # touched, not changed
                batch.position[self.key] = self._with(files={rel: entry})
                batch.more = True
                return batch
            current = self.state.get("current") or {}
            done = current.get("done", 0) if current.get("path") == rel and current.get("sha256") == digest else 0
            items = read_path(path, self.options)
            for _ in itertools.islice(items, done):
                pass
            self._reading = (rel, digest, st.st_size, st.st_mtime_ns, items, done)
        rel, digest, size, mtime_ns, items, done = self._reading
        chunk = list(itertools.islice(items, self.batch_size))
        for item in chunk:
            (batch.problems if isinstance(item, Problem) else batch.records).append(item)  # type: ignore[arg-type]
        done += len(chunk)
        batch.more = True
        if len(chunk) < self.batch_size:  # file finished
            self._reading = None
            entry = {"size": size, "mtime_ns": mtime_ns, "sha256": digest}
            batch.position[self.key] = self._with(files={rel: entry}, current=None)
        else:
            self._reading = (rel, digest, size, mtime_ns, items, done)
            batch.position[self.key] = self._with(current={"path": rel, "sha256": digest, "done": done})
        return batch

    def _with(self, *, files: dict[str, Any] | None = None, **changes: Any) -> dict[str, Any]:
        new = {**self.state, "files": {**self.state["files"], **(files or {})}}
        new.update(changes)
        return new

    def committed(self, batch: Batch) -> None:
        if self.key in batch.position:
            self.state = batch.position[self.key]
