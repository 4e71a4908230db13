"""`Document`: the original text of one message, its normalised form, and shared per-document caches."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate, repeat
from operator import add, and_, is_, itemgetter
from typing import Any

from doxwacht.document.normalize import IDENTITY, OffsetMap, normalize, normalize_many
from doxwacht.findings import Evidence, Finding, unchecked_finding

_WORD = re.compile(r"\w+")

# Messages of a batch are joined with this character. The normalisation turns any NUL in the input
# into a space, so in `norm` it only ever separates messages; no detector pattern matches it.
SEPARATOR = "\x00"


@dataclass(eq=False)
class Document:
    """One message. Detectors read `norm`; findings are built with `finding()` so their spans point
    into `original`."""

    original: str
    id: Any = None
    meta: Mapping[str, Any] = field(default_factory=dict)
    norm: str = field(init=False)
    offsets: OffsetMap = field(init=False)

    def __post_init__(self) -> None:
        self.norm, self.offsets = normalize(self.original)

    @classmethod
    def batch(cls, items: Sequence[str | Document]) -> list[Document]:
        """A document for every item (documents are kept as they are), normalised in one pass
        (`normalize_many`)."""
        texts = [t for t in items if not isinstance(t, Document)]
        if not texts:
            return list(items)  # type: ignore[arg-type]
        normalised = iter(normalize_many(texts))
        out: list[Document] = []
        new = cls.__new__
        for item in items:
            if isinstance(item, Document):
                out.append(item)
                continue
            doc = new(cls)
            doc.original = item
            doc.id = None
            doc.meta = {}
            doc.norm, doc.offsets = next(normalised)
            out.append(doc)
        return out

    @classmethod
    def join(cls, docs: list[Document]) -> Document:
        """One document holding `docs` separated by `SEPARATOR`, sharing their normalisation, so that
        detectors run once over a whole batch instead of once per message. Returns it with the
        original and normalised start of each part in `meta["parts"]`."""
        texts = [d.original for d in docs]
        if all(map(is_, [d.norm for d in docs], texts)) and all(map(is_, [d.offsets for d in docs], repeat(IDENTITY))):
            # every part is its own normalised text (`normalize` hands back the original itself then),
            # and so is the whole: one string serves as both
            return _plain_join(texts, map(add, map(len, texts), repeat(1)))[0]
        originals: list[str] = []
        norms: list[str] = []
        segments: list[tuple[int, int, int, int, bool]] = []
        parts: list[tuple[int, int]] = []
        o_base = n_base = 0
        for i, d in enumerate(docs):
            if i:
                segments.append((n_base, n_base + 1, o_base, o_base + 1, False))
                originals.append(SEPARATOR)
                norms.append(SEPARATOR)
                o_base += 1
                n_base += 1
            parts.append((o_base, n_base))
            if d.offsets.is_identity:
                if d.norm:
                    segments.append((n_base, n_base + len(d.norm), o_base, o_base + len(d.original), False))
            else:
                segments.extend((ns + n_base, ne + n_base, os_ + o_base, oe + o_base, at) for ns, ne, os_, oe, at in d.offsets.segments)
            originals.append(d.original)
            norms.append(d.norm)
            o_base += len(d.original)
            n_base += len(d.norm)
        joined = cls.__new__(cls)
        joined.original = "".join(originals)
        joined.id = None
        joined.meta = {"parts": parts}
        joined.norm = "".join(norms)
        segs = tuple(segments)
        joined.offsets = OffsetMap(segs, tuple(x[0] for x in segs)) if segs else OffsetMap()
        return joined

    @cached_property
    def lower(self) -> str:
        """Lower-cased normalised text, for case-insensitive lookups. Only used when
        `len(lower) == len(norm)`; see `lower_aligned`."""
        return self.norm.lower()

    @cached_property
    def lower_aligned(self) -> bool:
        return len(self.lower) == len(self.norm)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.to_original(start, end)

    def finding(
        self,
        label: str,
        start: int,
        end: int,
        *,
        value: str,
        score: float,
        detector: str,
        evidence: Iterable[Evidence] = (),
    ) -> Finding:
        """Build a finding from a span of the NORMALISED text; the span is mapped to the original."""
        if self.offsets.segments:
            start, end = self.offsets.to_original(start, end)
        text = self.original[start:end]
        if not 0 <= start <= end or len(text) != end - start:
            return Finding(label, start, end, text, value, score, detector, tuple(evidence))  # (raises)
        # the checks of `Finding.__post_init__` are done: the span above, the score clamped here
        return unchecked_finding(
            label, start, end, text, value, score if 0.0 < score <= 1.0 else min(1.0, max(0.0, score)), detector,
            tuple(evidence),
        )

    def window(self, start: int, end: int, before: int, after: int) -> tuple[int, int]:
        """The span `before` characters before `start` to `after` characters after `end` in `norm`,
        cut at the messages around it when this document is a batch."""
        lo = max(0, start - before)
        cut = self.norm.rfind(SEPARATOR, lo, start)
        if cut >= 0:
            lo = cut + 1
        hi = min(len(self.norm), end + after)
        cut = self.norm.find(SEPARATOR, end, hi)
        if cut >= 0:
            hi = cut
        return lo, hi

    def words_before(self, pos: int, window: int) -> list[str]:
        """Lower-cased whole words of the normalised text in the `window` characters before `pos`."""
        lo = max(0, pos - window)
        chunk = self.norm[lo:pos]
        cut = chunk.rfind(SEPARATOR)
        if cut >= 0:  # never read into the previous message of a batch
            lo += cut + 1
            chunk = chunk[cut + 1 :]
        words = _WORD.findall(chunk.lower())
        if lo > 0 and words and lo < len(self.norm) and self.norm[lo - 1].isalnum() and chunk[:1].isalnum():
            words = words[1:]  # the first word was cut by the window
        return words

    def words_after(self, pos: int, window: int) -> list[str]:
        hi = min(len(self.norm), pos + window)
        chunk = self.norm[pos:hi]
        cut = chunk.find(SEPARATOR)
        if cut >= 0:
            hi = pos + cut
            chunk = chunk[:cut]
        words = _WORD.findall(chunk.lower())
        if hi < len(self.norm) and words and self.norm[hi].isalnum() and chunk[-1:].isalnum():
            words = words[:-1]
        return words


class Joiner:
    """Joins subsets of one batch's documents as `Document.join` does, with what that needs worked out
    once per batch instead of once per join: the engine joins a batch's messages once per detector,
    each time the ones the prefilter chose for it. `joiner(chosen)` returns the joined document
    (`Document.join([docs[i] for i in chosen])`) and the original start of each part in it."""

    def __init__(self, docs: Sequence[Document]) -> None:
        self.docs = docs
        self.originals = originals = [d.original for d in docs]
        # per document: its own normalised text with the identity map (`Document.join`'s shared case)
        self.plain = list(map(and_, map(is_, [d.norm for d in docs], originals), map(is_, [d.offsets for d in docs], repeat(IDENTITY))))
        self.all_plain = all(self.plain)
        self.sizes = [len(t) + 1 for t in originals]  # (with the separator after it)

    def __call__(self, chosen: Sequence[int]) -> tuple[Document, list[int]]:
        if len(chosen) < 2:
            doc = Document.join([self.docs[i] for i in chosen])
            return doc, [o for o, _ in doc.meta["parts"]]
        pick = itemgetter(*chosen)
        if not (self.all_plain or all(pick(self.plain))):
            doc = Document.join(list(pick(self.docs)))
            return doc, [o for o, _ in doc.meta["parts"]]
        return _plain_join(pick(self.originals), pick(self.sizes))


def _plain_join(texts: Sequence[str], sizes: Iterable[int]) -> tuple[Document, list[int]]:
    """`Document.join` of documents that are each their own normalised text with the identity map (`texts`, and
    each one's length + 1 in `sizes`): one string serves as original and normalised text. Also each part's start."""
    joined = Document.__new__(Document)
    joined.original = joined.norm = SEPARATOR.join(texts)
    joined.id = None
    bases = [0, *accumulate(sizes)]
    bases.pop()
    joined.meta = {"parts": list(zip(bases, bases))}
    joined.offsets = IDENTITY
    return joined, bases
