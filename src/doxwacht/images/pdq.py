"""Known-image matching with PDQ (Meta's 256-bit perceptual hash, via the `pdqhash` package).

* `hash_image(img) -> PdqHash(hex, quality)`: 64 hex characters in the ThreatExchange layout (the
  first hex digit holds bits 255..252). The image is first reduced to at most 512 px on its longest
  side (as the ThreatExchange Python hasher does), then resampled to 64x64 with a Lanczos filter
  (`CANONICAL_SIZE`), the grid PDQ itself reduces every image to: PDQ's own reduction (two box
  filters half as wide as its sampling step) lets fine textures and text alias, differently at each
  size, so a resized copy of a brick wall or a text page was up to 62 bits away; resampled first it is
  at most 8 (docs/IMAGES.md, "PDQ"). `reference=True`: PDQ's own reduction, as the reference hasher
  (ThreatExchange, StopNCII) computes it; the two differ by ~8 bits on photos (median; p90 12).
  Quality < `MIN_QUALITY` (50) means the hash is unreliable (flat or tiny images).
* `hash_variants(img)`: the 8 flip/rotate (dihedral) hashes, for matching mirrored/rotated copies,
  then (`with_reference=True`, the default) the 8 reference hashes, so a list hashed elsewhere with
  the reference PDQ still matches as it did.
* `HashList`: hashes with labels; load/save CSV (`hash,label,quality`, header optional) or JSON
  (`[{"hash": ..., "label": ...}]` or `{"hashes": [...]}`). Kept packed as an (N, 4) uint64 array.
* `match(hash_or_variants, hashlist, threshold=31) -> list[Match]`: every entry within Hamming
  distance `threshold` (inclusive), best first; with variants, the smallest distance over them.
  Search: vectorised numpy XOR + popcount over the packed array (about 1M hashes in a few tens of
  milliseconds per query on one core; see bench/bench_images.py); `backend="faiss"` uses
  `faiss.IndexBinaryFlat` when faiss is installed.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from doxwacht.images.load import LoadedImage

DEFAULT_THRESHOLD = 31
MIN_QUALITY = 50
HASH_SIZE = 512  # longest side given to the hasher
CANONICAL_SIZE = 64  # PDQ's own grid: the image is resampled to it before hashing (not reference=True)

_HEX = re.compile(r"^[0-9a-fA-F]{64}$")


@dataclass(frozen=True, slots=True)
class PdqHash:
    hex: str
    quality: int


@dataclass(frozen=True, slots=True)
class Match:
    label: str
    hash: str
    distance: int
    index: int

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "hash": self.hash, "distance": self.distance}


def _pdq() -> Any:
    try:
        import pdqhash
    except ImportError as err:  # pragma: no cover - pdqhash is a dependency
        raise RuntimeError("pdqhash is niet geïnstalleerd (pip install pdqhash)") from err
    return pdqhash


def _reduced(img: Image.Image | LoadedImage) -> Image.Image:
    """RGB, at most `HASH_SIZE` px on its longest side."""
    im = img.image if isinstance(img, LoadedImage) else img
    if im.mode != "RGB":
        im = im.convert("RGB")
    if max(im.size) > HASH_SIZE:
        im = im.copy()
        im.thumbnail((HASH_SIZE, HASH_SIZE), Image.Resampling.BILINEAR)
    return im


def _array(img: Image.Image | LoadedImage, reference: bool = False) -> np.ndarray:
    im = _reduced(img)
    if not reference:
        im = im.resize((CANONICAL_SIZE, CANONICAL_SIZE), Image.Resampling.LANCZOS)
    return np.ascontiguousarray(np.asarray(im, dtype=np.uint8))


def bits_to_hex(bits: np.ndarray) -> str:
    """256 bits (bit k at index k) -> 64 hex, most significant (bit 255) first."""
    return np.packbits(np.asarray(bits, dtype=np.uint8)[::-1]).tobytes().hex()


def hash_image(img: Image.Image | LoadedImage, *, reference: bool = False) -> PdqHash:
    bits, quality = _pdq().compute(_array(img, reference))
    return PdqHash(bits_to_hex(bits), int(quality))


def hash_variants(img: Image.Image | LoadedImage, *, with_reference: bool = True) -> list[PdqHash]:
    """The 8 dihedral hashes (original, rotations, flips), original first; with `with_reference`, the 8
    reference hashes (PDQ's own reduction) after them."""
    reduced = _reduced(img)
    hashes, quality = _pdq().compute_dihedral(_array(reduced))
    out = [PdqHash(bits_to_hex(h), int(quality)) for h in hashes]
    if with_reference:
        hashes, quality = _pdq().compute_dihedral(_array(reduced, reference=True))
        out += [PdqHash(bits_to_hex(h), int(quality)) for h in hashes]
    return out


def normalize_hex(value: str) -> str:
    v = value.strip().lower()
    if not _HEX.match(v):
        raise ValueError(f"geen PDQ-hash (64 hextekens): {value[:80]!r}")
    return v


def pack(hexes: Sequence[str]) -> np.ndarray:
    """Hex hashes -> (N, 4) uint64."""
    if not hexes:
        return np.zeros((0, 4), dtype=np.uint64)
    raw = bytes.fromhex("".join(hexes))
    return np.frombuffer(raw, dtype=">u8").astype(np.uint64).reshape(-1, 4)


if hasattr(np, "bitwise_count"):

    def _popcount(x: np.ndarray) -> np.ndarray:
        return np.bitwise_count(x)

else:  # numpy < 2.0
    _TABLE = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)

    def _popcount(x: np.ndarray) -> np.ndarray:
        return _TABLE[x.view(np.uint8)].reshape(*x.shape, 8).sum(axis=-1, dtype=np.uint8)


def hamming(a: str, b: str) -> int:
    return int(_popcount(pack([normalize_hex(a)]) ^ pack([normalize_hex(b)])).sum())


class HashList:
    """PDQ hashes with labels (the list to match against)."""

    def __init__(self, entries: Iterable[tuple[str, str]] = (), qualities: Iterable[int | None] | None = None) -> None:
        self.hashes: list[str] = []
        self.labels: list[str] = []
        self.qualities: list[int | None] = []
        qs = list(qualities) if qualities is not None else None
        for i, (h, label) in enumerate(entries):
            self.hashes.append(normalize_hex(h))
            self.labels.append(label)
            self.qualities.append(qs[i] if qs is not None else None)
        self._packed: np.ndarray | None = None
        self._faiss: Any = None

    def __len__(self) -> int:
        return len(self.hashes)

    def add(self, hash_hex: str, label: str = "", quality: int | None = None) -> None:
        self.hashes.append(normalize_hex(hash_hex))
        self.labels.append(label)
        self.qualities.append(quality)
        self._packed = None
        self._faiss = None

    @property
    def packed(self) -> np.ndarray:
        if self._packed is None:
            self._packed = pack(self.hashes)
        return self._packed

    @classmethod
    def from_packed(cls, packed: np.ndarray, labels: Sequence[str]) -> HashList:
        """A list straight from an (N, 4) uint64 array (benchmarks, large imports)."""
        hl = cls()
        hl._packed = np.ascontiguousarray(packed, dtype=np.uint64)
        hl.hashes = [row.astype(">u8").tobytes().hex() for row in hl._packed]
        hl.labels = list(labels)
        hl.qualities = [None] * len(hl.labels)
        return hl

    # -- files --------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> HashList:
        p = Path(path)
        text = p.read_text(encoding="utf-8-sig")
        if p.suffix.lower() == ".json" or text.lstrip()[:1] in ("[", "{"):
            return cls.from_json(text)
        return cls.from_csv(text)

    @classmethod
    def from_json(cls, text: str) -> HashList:
        data = json.loads(text)
        if isinstance(data, dict):
            data = data.get("hashes", [])
        if not isinstance(data, list):
            raise ValueError("JSON-hashlijst: verwacht een lijst of {\"hashes\": [...]}")
        hl = cls()
        for i, item in enumerate(data):
            if isinstance(item, str):
                hl.add(item, "")
            elif isinstance(item, dict) and "hash" in item:
                q = item.get("quality")
                hl.add(str(item["hash"]), str(item.get("label", "")), int(q) if q is not None else None)
            else:
                raise ValueError(f"JSON-hashlijst: item {i} heeft geen 'hash'")
        return hl

    @classmethod
    def from_csv(cls, text: str) -> HashList:
        hl = cls()
        rows = list(csv.reader(io.StringIO(text)))
        cols = {"hash": 0, "label": 1, "quality": 2}
        start = 0
        if rows and rows[0] and not _HEX.match(rows[0][0].strip()):
            header = [c.strip().lower() for c in rows[0]]
            if "hash" not in header:
                raise ValueError("CSV-hashlijst: geen kolom 'hash'")
            cols = {k: header.index(k) if k in header else -1 for k in cols}
            start = 1
        for n, row in enumerate(rows[start:], start=start + 1):
            if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
                continue
            try:
                h = row[cols["hash"]]
            except IndexError:
                raise ValueError(f"CSV-hashlijst regel {n}: geen hash") from None
            label = row[cols["label"]] if 0 <= cols["label"] < len(row) else ""
            q = row[cols["quality"]] if 0 <= cols["quality"] < len(row) else ""
            try:
                hl.add(h, label, int(q) if q.strip() else None)
            except ValueError as err:
                raise ValueError(f"CSV-hashlijst regel {n}: {err}") from None
        return hl

    def save(self, path: str | os.PathLike[str]) -> None:
        p = Path(path)
        if p.suffix.lower() == ".json":
            items = [
                {"hash": h, "label": lab, **({"quality": q} if q is not None else {})}
                for h, lab, q in zip(self.hashes, self.labels, self.qualities)
            ]
            p.write_text(json.dumps({"hashes": items}, indent=1) + "\n", encoding="utf-8")
            return
        with open(p, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["hash", "label", "quality"])
            for h, lab, q in zip(self.hashes, self.labels, self.qualities):
                w.writerow([h, lab, "" if q is None else q])

    # -- search -------------------------------------------------------------------------------
    def distances(self, query: str | Sequence[str]) -> np.ndarray:
        """Hamming distance of every entry to the query (the minimum over several query hashes)."""
        queries = [query] if isinstance(query, str) else list(query)
        packed = self.packed
        best = np.full(len(packed), 257, dtype=np.int32)
        for q in queries:
            qa = pack([normalize_hex(q)])[0]
            d = _popcount(packed ^ qa).sum(axis=1, dtype=np.int32)
            np.minimum(best, d, out=best)
        return best

    def _faiss_search(self, queries: Sequence[str], threshold: int) -> dict[int, int]:
        import faiss

        if self._faiss is None:
            index = faiss.IndexBinaryFlat(256)
            index.add(np.frombuffer(bytes.fromhex("".join(self.hashes)), dtype=np.uint8).reshape(-1, 32))
            self._faiss = index
        q = np.frombuffer(bytes.fromhex("".join(normalize_hex(x) for x in queries)), dtype=np.uint8).reshape(-1, 32)
        lims, dist, ids = self._faiss.range_search(q, threshold + 1)  # strict "<" radius
        found: dict[int, int] = {}
        for i, d in zip(ids.tolist(), dist.tolist()):
            found[i] = min(found.get(i, 257), int(d))
        return found


def faiss_available() -> bool:
    try:
        import faiss  # noqa: F401
    except ImportError:
        return False
    return True


def match(
    query: str | PdqHash | Sequence[str | PdqHash],
    hashlist: HashList,
    threshold: int = DEFAULT_THRESHOLD,
    *,
    backend: str = "numpy",
    limit: int | None = None,
) -> list[Match]:
    """Entries of `hashlist` within `threshold` bits of the query (or of any of several query hashes,
    e.g. the 8 variants), best first."""
    if isinstance(query, (str, PdqHash)):
        query = [query]
    hexes = [q.hex if isinstance(q, PdqHash) else q for q in query]
    if not len(hashlist) or not hexes:
        return []
    if backend == "faiss":
        found = hashlist._faiss_search(hexes, threshold)
        idx = np.array(sorted(found), dtype=np.int64)
        dist = np.array([found[i] for i in idx.tolist()], dtype=np.int32)
    elif backend == "numpy":
        d = hashlist.distances(hexes)
        idx = np.nonzero(d <= threshold)[0]
        dist = d[idx]
    else:
        raise ValueError(f"unknown backend {backend!r}")
    order = np.lexsort((idx, dist))
    out = [
        Match(hashlist.labels[int(i)], hashlist.hashes[int(i)], int(d), int(i))
        for i, d in zip(idx[order], dist[order])
    ]
    return out[:limit] if limit else out
