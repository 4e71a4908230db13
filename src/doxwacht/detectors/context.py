"""Context words: whole words in a declared window around a candidate raise or lower its score."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from doxwacht.document import Document
from doxwacht.findings import Evidence


@dataclass(frozen=True)
class ContextWords:
    """Positive and negative cue words, matched as whole lower-case words.

    `window` is in characters of normalised text before the candidate (and `after` characters after
    it). The largest positive and the largest negative cue each apply once: repeated cues do not
    stack.
    """

    positive: frozenset[str] = field(default_factory=frozenset)
    negative: frozenset[str] = field(default_factory=frozenset)
    window: int = 40
    after: int = 20
    boost: float = 0.25
    penalty: float = 0.45

    @classmethod
    def of(cls, positive: Iterable[str] = (), negative: Iterable[str] = (), **kw: float) -> ContextWords:
        return cls(frozenset(w.lower() for w in positive), frozenset(w.lower() for w in negative), **kw)  # type: ignore[arg-type]

    def cues(self, doc: Document, start: int, end: int) -> tuple[str | None, str | None]:
        words = doc.words_before(start, self.window)
        if self.after:
            words += doc.words_after(end, self.after)
        pos = next(filter(self.positive.__contains__, words), None) if self.positive else None
        neg = next(filter(self.negative.__contains__, words), None) if self.negative else None
        return pos, neg

    def adjust(
        self, doc: Document, start: int, end: int, score: float, evidence: list[Evidence]
    ) -> tuple[float, list[Evidence]]:
        pos, neg = self.cues(doc, start, end)
        if pos is not None:
            score += self.boost
            evidence.append(Evidence("context+", pos, self.boost))
        if neg is not None:
            score -= self.penalty
            evidence.append(Evidence("context-", neg, -self.penalty))
        return min(1.0, max(0.0, score)), evidence
