"""Content-addressed storage of originals: each blob is stored once, under its SHA-256, as
``<root>/blobs/ab/cdef…`` (the first two hex digits name the folder). Writes are atomic; reads check
the hash, so a changed blob is noticed, never silently served.

Durability: `put` returns once the blob is on disk (fsync of the file and its folder). Inside
`group_commit()` puts skip the per-file fsync and the whole group is made durable by ONE call when the
block ends (or at `sync()`): Linux `syncfs(2)` on the store's file system; where there is no syncfs,
each file keeps its own fsync (while it is still open for writing) and the end of the group syncs the
folders. The ingest writes a chunk's blobs this way and syncs before its database commit, so a stored
message never references a blob that a power cut could take away.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from doxwacht.evidence.records import SHA256_RE, check_sha256


class BlobCorrupted(RuntimeError):
    """A stored blob no longer matches its SHA-256."""


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def blob_name(sha256: str) -> str:
    """The blob's path relative to the store root (and inside an evidence package)."""
    check_sha256(sha256)
    return f"blobs/{sha256[:2]}/{sha256[2:]}"


def _load_syncfs() -> Any:  # the libc function, or None where there is none (not Linux)
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        fn = libc.syncfs
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int]
    fn.restype = ctypes.c_int
    return fn


_SYNCFS = _load_syncfs()


def _fsync_path(path: Path, *, directory: bool = False) -> None:
    fd = os.open(path, (os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)) if directory else os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_filesystem(paths: list[Path], folder: Path) -> str:
    """Make the files `paths` (and their folder entries) durable with as few calls as possible: one
    `syncfs(2)` on `folder`'s file system on Linux; without syncfs the files were fsynced when written
    (`BlobStore.put`) and only their folders are synced here. Returns the method used."""
    if not paths:
        return "none"
    unsynced_files: list[Path] = []
    if _SYNCFS is not None:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            if _SYNCFS(fd) == 0:
                return "syncfs"
        finally:
            os.close(fd)
        unsynced_files = paths  # syncfs failed: the files were written without their fsync
    for p in unsynced_files:
        _fsync_path(p)
    if os.name == "posix":  # folder entries (not possible on Windows, where NTFS journals them)
        for d in sorted({p.parent for p in paths}):
            _fsync_path(d, directory=True)
    return "fsync"


class BlobStore:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self._grouped = 0  # depth of group_commit blocks
        self._unsynced: list[Path] = []  # written (or found) inside a group, not yet made durable

    def path(self, sha256: str) -> Path:
        return self.root / blob_name(sha256)

    def __contains__(self, sha256: object) -> bool:
        return isinstance(sha256, str) and SHA256_RE.match(sha256) is not None and self.path(sha256).is_file()

    def put(self, data: bytes) -> str:
        """Store `data`; returns its SHA-256. Storing the same bytes again writes nothing (the stored
        blob is checked against its hash). Durable on return, or, inside `group_commit()`, when the
        group ends."""
        digest = sha256_hex(data)
        target = self.path(digest)
        if target.is_file():
            if sha256_hex(target.read_bytes()) != digest:
                raise BlobCorrupted(f"stored blob {digest} does not match its hash")
            if self._grouped:  # perhaps written by a run that died before its sync: sync it with the group
                self._unsynced.append(target)
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                if not (self._grouped and _SYNCFS is not None):  # without syncfs: each file's own fsync
                    f.flush()
                    os.fsync(f.fileno())
            os.chmod(tmp, 0o444)
            os.replace(tmp, target)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        if self._grouped:
            self._unsynced.append(target)
        elif os.name == "posix":
            _fsync_path(target.parent, directory=True)
        return digest

    @contextmanager
    def group_commit(self) -> Iterator[BlobStore]:
        """Puts inside the block skip their own fsync; the block's end makes them all durable with one
        `sync()`, also when the block raises (a blob the next run finds must be durable too)."""
        self._grouped += 1
        try:
            yield self
        finally:
            self._grouped -= 1
            if not self._grouped:
                self.sync()

    def sync(self) -> str:
        """Make every blob put in the current group durable now (see `sync_filesystem`)."""
        pending, self._unsynced = self._unsynced, []
        return sync_filesystem(pending, self.root)

    def get(self, sha256: str) -> bytes:
        """The blob's bytes, checked against its hash."""
        p = self.path(sha256)
        try:
            data = p.read_bytes()
        except FileNotFoundError:
            raise KeyError(f"no blob {sha256}") from None
        if sha256_hex(data) != sha256:
            raise BlobCorrupted(f"stored blob {sha256} does not match its hash")
        return data

    def verify(self, sha256: str) -> bool:
        try:
            self.get(sha256)
        except (KeyError, BlobCorrupted):
            return False
        return True
