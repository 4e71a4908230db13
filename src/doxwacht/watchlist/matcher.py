"""The in-memory index a scan looks identifiers up in.

A `Matcher` is immutable: a snapshot of the register at one generation. Four parallel numpy arrays,
sorted by digest: the digest's two 64-bit halves, the person's index and the `Kind` code (21 bytes an
entry; 1,000,000 identifiers with their name variants take well under 100 MB). A look-up is a
`searchsorted` over the first half, a batch at a time. To pick up changes, build a new matcher and
swap the reference (`WatchlistAnalyzer.swap`): a scan holds the matcher it started with, so it sees
the old register or the new one, never a mix.

The matcher holds digests and opaque person ids only; `serialize()` writes the same, plus the key
fingerprint, so a snapshot file cannot be used with another key.
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from doxwacht.watchlist.keys import DIGEST_BYTES, Hasher, WrongKeyError
from doxwacht.watchlist.kinds import Kind

_MAGIC = b"DXWM\x01"
_BE64 = np.dtype(">u8")


@dataclass(frozen=True, slots=True)
class Hit:
    person: str
    kind: Kind


def split_digests(digests: bytes | bytearray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Concatenated 16-byte digests -> (high, low) uint64 halves."""
    pairs = np.frombuffer(digests, dtype=_BE64, count=2 * count).reshape(count, 2)
    return pairs[:, 0].astype(np.uint64), pairs[:, 1].astype(np.uint64)


class Matcher:
    __slots__ = ("hasher", "persons", "generation", "_hi", "_lo", "_person", "_kind")

    def __init__(
        self,
        hasher: Hasher | None,
        persons: Sequence[str],
        hi: np.ndarray,
        lo: np.ndarray,
        person: np.ndarray,
        kind: np.ndarray,
        *,
        generation: int = 0,
        sorted_: bool = False,
    ) -> None:
        if not (len(hi) == len(lo) == len(person) == len(kind)):
            raise ValueError("matcher arrays differ in length")
        if not sorted_ and len(hi):
            order = np.lexsort((lo, hi))
            hi, lo, person, kind = hi[order], lo[order], person[order], kind[order]
        self.hasher = hasher
        self.persons: tuple[str, ...] = tuple(persons)
        self.generation = generation
        self._hi = np.ascontiguousarray(hi, dtype=np.uint64)
        self._lo = np.ascontiguousarray(lo, dtype=np.uint64)
        self._person = np.ascontiguousarray(person, dtype=np.int32)
        self._kind = np.ascontiguousarray(kind, dtype=np.uint8)

    # ------------------------------------------------------------------ building
    @classmethod
    def empty(cls, hasher: Hasher | None = None, *, generation: int = 0) -> Matcher:
        z = np.zeros(0, dtype=np.uint64)
        return cls(hasher, (), z, z, np.zeros(0, np.int32), np.zeros(0, np.uint8), generation=generation, sorted_=True)

    @classmethod
    def build(
        cls,
        hasher: Hasher | None,
        persons: Sequence[str],
        entries: Iterable[tuple[int, int, bytes]],
        *,
        generation: int = 0,
    ) -> Matcher:
        """From (person index into `persons`, kind code, 16-byte digest) entries."""
        person_idx: list[int] = []
        kinds: list[int] = []
        digests = bytearray()
        for p, k, d in entries:
            if len(d) != DIGEST_BYTES:
                raise ValueError("digest of the wrong length")
            person_idx.append(p)
            kinds.append(k)
            digests += d
        hi, lo = split_digests(digests, len(person_idx))
        return cls(
            hasher,
            persons,
            hi,
            lo,
            np.asarray(person_idx, dtype=np.int32),
            np.asarray(kinds, dtype=np.uint8),
            generation=generation,
        )

    @classmethod
    def from_chunks(
        cls,
        hasher: Hasher | None,
        persons: Sequence[str],
        chunks: Iterable[tuple[np.ndarray, np.ndarray, bytes]],
        *,
        generation: int = 0,
    ) -> Matcher:
        """From chunks of (person index array, kind array, concatenated digests): how the register
        streams a large table without holding it as Python objects."""
        his, los, ps, ks = [], [], [], []
        for person_idx, kinds, digests in chunks:
            hi, lo = split_digests(digests, len(person_idx))
            his.append(hi)
            los.append(lo)
            ps.append(np.asarray(person_idx, dtype=np.int32))
            ks.append(np.asarray(kinds, dtype=np.uint8))
        if not his:
            return cls.empty(hasher, generation=generation)
        return cls(
            hasher,
            persons,
            np.concatenate(his),
            np.concatenate(los),
            np.concatenate(ps),
            np.concatenate(ks),
            generation=generation,
        )

    # ------------------------------------------------------------------ looking up
    def __len__(self) -> int:
        return len(self._hi)

    @property
    def nbytes(self) -> int:
        return int(self._hi.nbytes + self._lo.nbytes + self._person.nbytes + self._kind.nbytes)

    def lookup(self, digests: Sequence[bytes]) -> list[tuple[tuple[int, Kind], ...]]:
        """For each digest, the (person index, kind) entries stored under it (usually none)."""
        n = len(digests)
        out: list[tuple[tuple[int, Kind], ...]] = [()] * n
        if n == 0 or len(self._hi) == 0:
            return out
        qhi, qlo = split_digests(b"".join(digests), n)
        left = np.searchsorted(self._hi, qhi, "left")
        right = np.searchsorted(self._hi, qhi, "right")
        for i in np.flatnonzero(right > left).tolist():
            lo = qlo[i]
            hits = tuple(
                (int(self._person[j]), Kind(int(self._kind[j])))
                for j in range(int(left[i]), int(right[i]))
                if self._lo[j] == lo
            )
            out[i] = hits
        return out

    def contains(self, digests: Sequence[bytes]) -> list[bool]:
        return [bool(h) for h in self.lookup(digests)]

    def query(self, kind: Kind | str, canonical: str) -> list[Hit]:
        """The persons registered under `canonical` for a `Kind` (only that kind) or a hash domain
        ("name": names and relatives' names). Needs the hasher."""
        if self.hasher is None:
            raise ValueError("this matcher has no key: it can look up digests only")
        domain = kind.domain if isinstance(kind, Kind) else kind
        hits = self.lookup([self.hasher.digest(domain, canonical)])[0]
        return [Hit(self.persons[p], k) for p, k in hits if not isinstance(kind, Kind) or k == kind]

    def person_id(self, index: int) -> str:
        return self.persons[index]

    # ------------------------------------------------------------------ snapshots
    def serialize(self) -> bytes:
        header = json.dumps(
            {
                "generation": self.generation,
                "fingerprint": self.hasher.fingerprint if self.hasher else None,
                "entries": len(self),
                "persons": list(self.persons),
            },
            separators=(",", ":"),
        ).encode()
        return b"".join(
            [
                _MAGIC,
                struct.pack("<Q", len(header)),
                header,
                self._hi.astype("<u8").tobytes(),
                self._lo.astype("<u8").tobytes(),
                self._person.astype("<i4").tobytes(),
                self._kind.tobytes(),
            ]
        )

    @classmethod
    def load(cls, data: bytes, hasher: Hasher | None) -> Matcher:
        """The inverse of `serialize()`; refuses a snapshot made with another key."""
        if not data.startswith(_MAGIC):
            raise ValueError("geen watchlist-snapshot")
        pos = len(_MAGIC)
        (hlen,) = struct.unpack_from("<Q", data, pos)
        pos += 8
        header = json.loads(data[pos : pos + hlen])
        pos += hlen
        if hasher is not None and header["fingerprint"] != hasher.fingerprint:
            raise WrongKeyError("deze watchlist-snapshot is met een andere sleutel gemaakt")
        n = header["entries"]
        hi = np.frombuffer(data, "<u8", n, pos)
        pos += 8 * n
        lo = np.frombuffer(data, "<u8", n, pos)
        pos += 8 * n
        person = np.frombuffer(data, "<i4", n, pos)
        pos += 4 * n
        kind = np.frombuffer(data, np.uint8, n, pos)
        return cls(hasher, header["persons"], hi, lo, person, kind, generation=header["generation"], sorted_=True)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write a snapshot file (owner-only), atomically."""
        target = Path(path)
        tmp = target.with_name(target.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(self.serialize())
        os.replace(tmp, target)

    @classmethod
    def load_file(cls, path: str | os.PathLike[str], hasher: Hasher | None) -> Matcher:
        return cls.load(Path(path).read_bytes(), hasher)

    def __repr__(self) -> str:
        return f"Matcher(entries={len(self)}, persons={len(self.persons)}, generation={self.generation})"
