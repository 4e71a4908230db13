"""Compiled Hyperscan databases kept on disk, so that a new process loads the prefilter's database in
about a millisecond instead of compiling it again (about 0.3 s, a third of the engine's start-up).

A database is stored under a key that hashes everything its compilation depends on: the
expressions, ids and flags, the hyperscan package's version, the machine and this module's format
version. A changed pattern therefore never gets a stale database; it gets a new file. The
directory is `$DOXWACHT_CACHE_DIR`, else `$XDG_CACHE_HOME/doxwacht`, else `~/.cache/doxwacht`
(never inside the installed package), at most `KEEP` files; `DOXWACHT_CACHE_DIR=off` turns the cache off. Files are
written atomically (a temporary file, then `os.replace`) and carry a SHA-256 of their content: a
missing, unreadable, corrupt or incompatible file means compiling as before, and any error writing
is ignored, so the cache can only make start-up faster, never change a result.
"""

from __future__ import annotations

import hashlib
import os
import platform
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from doxwacht.files import write_atomic

FORMAT = 1
KEEP = 16  # databases kept per directory (other pattern sets, versions); the oldest go first
_OFF = {"off", "0", "no", "false", "none"}


def cache_dir() -> Path | None:
    """Where compiled databases are kept; None when the cache is off."""
    configured = os.environ.get("DOXWACHT_CACHE_DIR")
    if configured is not None:
        if configured.strip().lower() in _OFF or not configured.strip():
            return None
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "doxwacht"


def _hyperscan_version(hs: Any) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("hyperscan")
    except PackageNotFoundError:  # pragma: no cover - metadata missing
        return str(getattr(hs, "__version__", "?"))


def _hyperscan_errors(hs: Any) -> tuple[type[BaseException], ...]:
    return (getattr(hs, "error", OSError), ValueError, TypeError)


def database_key(hs: Any, expressions: Sequence[bytes], ids: Sequence[int], flags: Sequence[int]) -> str:
    h = hashlib.sha256()
    h.update(repr((FORMAT, _hyperscan_version(hs), platform.machine(), platform.system())).encode())
    for expression, i, f in zip(expressions, ids, flags):
        h.update(b"\x00%d\x00%d\x00" % (i, f))
        h.update(expression)
    return h.hexdigest()


def compile_database(hs: Any, expressions: Sequence[bytes], ids: Sequence[int], flags: Sequence[int]) -> Any:
    """`hs.Database()` compiled in block mode with these expressions, from the cache when it holds it."""
    directory = cache_dir()
    path = None
    if directory is not None:
        path = directory / f"hyperscan-{database_key(hs, expressions, ids, flags)}.db"
        db = _load(hs, path)
        if db is not None:
            return db
    db = hs.Database()
    db.compile(expressions=list(expressions), ids=list(ids), elements=len(expressions), flags=list(flags))
    if path is not None:
        _store(hs, db, path)
    return db


def _load(hs: Any, path: Path) -> Any:
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    digest, payload = blob[:32], blob[32:]
    if len(digest) != 32 or hashlib.sha256(payload).digest() != digest:
        return None
    try:
        return hs.loadb(payload, hs.HS_MODE_BLOCK)
    except _hyperscan_errors(hs):  # another platform's or version's database: compile instead
        return None


def _store(hs: Any, db: Any, path: Path) -> None:
    try:
        payload = hs.dumpb(db)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, hashlib.sha256(payload).digest() + payload)
        _prune(path.parent)
    except (OSError, *_hyperscan_errors(hs)):  # type: ignore[misc]  # read-only home, full disk, ...: only an optimisation
        return


def _prune(directory: Path) -> None:
    """Remove all but the `KEEP` most recently written databases: a changed pattern set leaves its
    old file behind, which nothing would ever read again."""
    files = sorted(directory.glob("hyperscan-*.db"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in files[KEEP:]:
        try:
            old.unlink()
        except OSError:
            pass
