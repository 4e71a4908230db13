"""The in-memory index a scan looks identifiers up in.

A `Matcher` is immutable: a snapshot of the register at one generation. Four parallel numpy arrays,
sorted by digest: the digest's two 64-bit halves, the person's index and the `Kind` code (21 bytes an
entry, plus 6 to 12 for the Bloom filter and about 1.5 for the bucket index; 1,000,000 identifiers with
their name variants take well under 100 MB). A look-up goes through a Bloom filter (two bits an entry,
from the digest itself) that settles most misses in pure Python, then through a direct index on the top
bits of the first half to the few entries of its bucket (not a binary search through the whole array,
whose reads are mostly cache misses). To pick up changes, build a new matcher and
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
from typing import Any

import numpy as np

from doxwacht.files import write_atomic
from doxwacht.watchlist.keys import DIGEST_BYTES, Hasher, WrongKeyError
from doxwacht.watchlist.kinds import Kind

_MAGIC = b"DXWM\x01"
_KINDS = {int(k): k for k in Kind}
_PREFILTER_CODES = np.array(sorted(int(k) for k in Kind if k.prefilter), dtype=np.uint8)
_BE64 = np.dtype(">u8")


@dataclass(frozen=True, slots=True)
class Hit:
    person: str
    kind: Kind


def _bloom(hi: np.ndarray, lo: np.ndarray) -> tuple[bytes, int]:
    """A Bloom filter over the digests, two bits per entry taken from the digest itself (it is
    uniformly random already): about 48 bits an entry, so that a miss is ruled out in pure Python
    for all but ~0.2% of the look-ups."""
    bits_log2 = max(16, int(np.ceil(np.log2(max(1, len(hi)) * 48))))
    shift = 64 - bits_log2
    bloom = np.zeros(1 << (bits_log2 - 3), dtype=np.uint8)
    for half in (hi, lo):
        pos = (half >> np.uint64(shift)).astype(np.int64)
        np.bitwise_or.at(bloom, pos >> 3, np.left_shift(1, pos & 7).astype(np.uint8))
    return bloom.tobytes(), shift


def _buckets(hi: np.ndarray) -> tuple[memoryview, int]:
    """A direct index into the sorted digests: for each value of the top bits of the high half (about
    one bucket an entry), where its entries start. A look-up reads two neighbouring offsets and a
    bucket of a few entries instead of a binary search through the whole array (some twenty reads, most
    of them cache misses in an array of tens of megabytes). One bucket per two to four entries: about
    1.5 bytes an entry."""
    bits = max(1, min(24, int(np.ceil(np.log2(max(2, len(hi))))) - 2))
    shift = 64 - bits
    starts = np.searchsorted(hi >> np.uint64(shift), np.arange((1 << bits) + 1, dtype=np.uint64)).astype(np.uint32)
    return starts.data, shift


# Above this share of (surname token, place word) combinations registered as pairs, nearly every place near a surname
# passes the pairs, and checking them only costs: the bench's register drawn from 89 surname tokens and 133 place words
# has every pair (1.0, its scans 3-10 points slower on new messages with the check), one drawn from the gazetteers
# 0.022 (a third faster)
PAIR_FILTER_MAX_DENSITY = 0.5


def _pair_density(kind: np.ndarray) -> float:
    """The share of the (surname token, place word) combinations the register holds as pairs: pre-filter entries, stored
    once each (`Matcher.__init__`)."""
    surnames = int(np.count_nonzero(kind == int(Kind.SURNAME)))
    places = int(np.count_nonzero(kind == int(Kind.PLACE_WORD)))
    pairs = int(np.count_nonzero(kind == int(Kind.SURNAME_PLACE_WORD)))
    return pairs / (surnames * places) if surnames and places else 0.0


def _pairs_complete(person: np.ndarray, kind: np.ndarray) -> bool:
    """Whether every person with a surname + place entry has surname-token + place-word entries too (the
    analyzer's pre-filter for surname + place may only be used then): read before the pre-filter
    entries are stored once for all their persons."""
    with_place = np.unique(person[kind == int(Kind.SURNAME_PLACE)])
    if not len(with_place):
        return True
    return bool(np.isin(with_place, person[kind == int(Kind.SURNAME_PLACE_WORD)]).all())


def split_digests(digests: bytes | bytearray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Concatenated 16-byte digests -> (high, low) uint64 halves."""
    pairs = np.frombuffer(digests, dtype=_BE64, count=2 * count).reshape(count, 2)
    return pairs[:, 0].astype(np.uint64), pairs[:, 1].astype(np.uint64)


class Matcher:
    __slots__ = (
        "hasher", "persons", "generation", "memo", "is_empty", "pair_filter", "_hi", "_lo", "_person", "_kind", "_bloom",
        "_shift", "_starts", "_bucket_shift", "_views",
    )

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
        pair_filter: bool | None = None,
    ) -> None:
        if not (len(hi) == len(lo) == len(person) == len(kind)):
            raise ValueError("matcher arrays differ in length")
        complete = _pairs_complete(person, kind) if pair_filter is None else pair_filter
        if not sorted_ and len(hi):
            order = np.lexsort((kind, lo, hi))
            hi, lo, person, kind = hi[order], lo[order], person[order], kind[order]
            # a pre-filter word ("jansen" as a surname) is stored once, not once per person
            pre = np.isin(kind, _PREFILTER_CODES)
            dup = np.zeros(len(hi), dtype=bool)
            dup[1:] = pre[1:] & (hi[1:] == hi[:-1]) & (lo[1:] == lo[:-1]) & (kind[1:] == kind[:-1])
            if dup.any():
                keep = ~dup
                hi, lo, person, kind = hi[keep], lo[keep], person[keep], kind[keep]
        self.hasher = hasher
        self.persons: tuple[str, ...] = tuple(persons)
        self.generation = generation
        # whether the analyzer builds surname + place candidates only around a place word registered together with
        # a surname of the text: where every person with a surname + place also has its surname-token + place-word
        # pairs (registered since they exist; a register with older persons has to register them again to gain the
        # filter), and where the pairs are sparse enough to filter anything out (`_pair_density`)
        self.pair_filter = bool(complete) and _pair_density(kind) <= PAIR_FILTER_MAX_DENSITY
        # per-snapshot memo for callers (the analyzer caches which words are registered surnames)
        self.memo: dict[str, Any] = {}
        # aligned as well as contiguous: a snapshot read with `frombuffer` at an odd offset is not,
        # and numpy would copy a misaligned array on every `searchsorted`
        self._hi = np.require(hi, np.uint64, ("C_CONTIGUOUS", "ALIGNED"))
        self._lo = np.require(lo, np.uint64, ("C_CONTIGUOUS", "ALIGNED"))
        self._person = np.require(person, np.int32, ("C_CONTIGUOUS", "ALIGNED"))
        self._kind = np.require(kind, np.uint8, ("C_CONTIGUOUS", "ALIGNED"))
        self._bloom, self._shift = _bloom(self._hi, self._lo)
        self._starts, self._bucket_shift = _buckets(self._hi)
        # the columns as memoryviews: indexing and slicing one gives Python ints without numpy's call overhead
        self._views = (self._hi.data, self._lo.data, self._person.data, self._kind.data)
        self.is_empty = len(self._hi) == 0  # (an attribute: the analyzer asks once per text)

    # ------------------------------------------------------------------ building
    @classmethod
    def empty(cls, hasher: Hasher | None = None, *, generation: int = 0) -> Matcher:
        z = np.zeros(0, dtype=np.uint64)
        return cls(
            hasher, (), z, z, np.zeros(0, np.int32), np.zeros(0, np.uint8), generation=generation, sorted_=True,
            pair_filter=True,
        )

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
        arrays = self._hi.nbytes + self._lo.nbytes + self._person.nbytes + self._kind.nbytes
        return int(arrays + len(self._bloom) + self._starts.nbytes)

    def _maybe(self, digest: bytes) -> bool:
        """The Bloom filter: False means surely not registered (most look-ups end here)."""
        bloom, shift = self._bloom, self._shift
        a = int.from_bytes(digest[:8], "big") >> shift
        if not (bloom[a >> 3] >> (a & 7)) & 1:
            return False
        b = int.from_bytes(digest[8:16], "big") >> shift
        return bool((bloom[b >> 3] >> (b & 7)) & 1)

    def lookup(self, digests: Sequence[bytes]) -> list[tuple[tuple[int, Kind], ...]]:
        """For each digest, the (person index, kind) entries stored under it (usually none)."""
        return [tuple(zip(c[0], [_KINDS[k] for k in c[1]])) if c else () for c in self.lookup_columns(digests)]

    def lookup_columns(self, digests: Sequence[bytes]) -> list[tuple[list[int], list[int]] | None]:
        """For each digest, None (usually) or the entries stored under it as two parallel lists: the
        person indexes and the `Kind` codes (plain ints: what the analyzer groups, without a `Kind`
        object per entry). Behind the Bloom filter, through the bucket index (`_buckets`)."""
        out: list[tuple[list[int], list[int]] | None] = [None] * len(digests)
        if not digests or self.is_empty:
            return out
        bloom, shift, starts, bucket_shift = self._bloom, self._shift, self._starts, self._bucket_shift
        hi, lo, person, kind = self._views
        for i, d in enumerate(digests):
            x = int.from_bytes(d[:8], "big")
            a = x >> shift
            if not (bloom[a >> 3] >> (a & 7)) & 1:
                continue
            y = int.from_bytes(d[8:16], "big")
            b = y >> shift
            if not (bloom[b >> 3] >> (b & 7)) & 1:
                continue
            bucket = x >> bucket_shift
            start, end = starts[bucket], starts[bucket + 1]
            if start == end:
                continue
            his = hi[start:end].tolist()
            if x not in his:
                continue
            first = start + his.index(x)
            stop = first + his.count(x)
            if stop - first == 1:  # one entry: the usual case
                if lo[first] == y:
                    out[i] = [person[first]], [kind[first]]
                continue
            los = lo[first:stop].tolist()
            persons = [p for p, v in zip(person[first:stop].tolist(), los) if v == y]
            if persons:
                out[i] = persons, [k for k, v in zip(kind[first:stop].tolist(), los) if v == y]
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
                "pair_filter": self.pair_filter,
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
        return cls(
            hasher, header["persons"], hi, lo, person, kind, generation=header["generation"], sorted_=True,
            pair_filter=header.get("pair_filter", False),
        )

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write a snapshot file (owner-only), atomically."""
        write_atomic(path, self.serialize())

    @classmethod
    def load_file(cls, path: str | os.PathLike[str], hasher: Hasher | None) -> Matcher:
        return cls.load(Path(path).read_bytes(), hasher)

    def __repr__(self) -> str:
        return f"Matcher(entries={len(self)}, persons={len(self.persons)}, generation={self.generation})"
