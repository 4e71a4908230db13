"""Content-addressed storage of originals: each blob is stored once, under its SHA-256, as
``<root>/blobs/ab/cdef…`` (the first two hex digits name the folder). Writes are atomic; reads check
the hash, so a changed blob is noticed, never silently served."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from doxwacht.evidence.records import SHA256_RE, check_sha256


class BlobCorrupted(RuntimeError):
    """A stored blob no longer matches its SHA-256."""


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def blob_name(sha256: str) -> str:
    """The blob's path relative to the store root (and inside an evidence package)."""
    check_sha256(sha256)
    return f"blobs/{sha256[:2]}/{sha256[2:]}"


class BlobStore:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        return self.root / blob_name(sha256)

    def __contains__(self, sha256: object) -> bool:
        return isinstance(sha256, str) and SHA256_RE.match(sha256) is not None and self.path(sha256).is_file()

    def put(self, data: bytes) -> str:
        """Store `data`; returns its SHA-256. Storing the same bytes again is a no-op."""
        digest = sha256_hex(data)
        target = self.path(digest)
        if target.is_file():
            if sha256_hex(target.read_bytes()) != digest:
                raise BlobCorrupted(f"stored blob {digest} does not match its hash")
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o444)
            os.replace(tmp, target)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        return digest

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
