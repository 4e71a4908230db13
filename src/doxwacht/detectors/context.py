"""Context words: whole words in a declared window around a candidate raise or lower its score."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from doxwacht.document import Document
from doxwacht.document.document import SEPARATOR
from doxwacht.findings import Evidence


@dataclass(frozen=True)
class ContextWords:
    """Positive and negative cue words, matched as whole lower-case words.

    `window` is in characters of normalised text before the candidate (and `after` characters after
    it). The largest positive and the largest negative cue each apply once: repeated cues do not
    stack. With `negative_stops_at_number`, a negative cue before the candidate counts only when no
    other number (five digits or more: not a year) stands between them: in "bsn 710993407, tel 06-28374651" the
    cue "bsn" labels the first number, not the phone number after it; and, with `crossing_cues`, not
    across the end of a sentence when the candidate's own sentence has one of those words before it
    ("Vragen over je pakket? Klantenservice 088-...": "pakket" is the question's, not the number's).
    """

    positive: frozenset[str] = field(default_factory=frozenset)
    negative: frozenset[str] = field(default_factory=frozenset)
    window: int = 40
    after: int = 20
    boost: float = 0.25
    penalty: float = 0.45
    negative_stops_at_number: bool = False
    crossing_cues: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, positive: Iterable[str] = (), negative: Iterable[str] = (),
           **kw: float | bool | frozenset[str]) -> ContextWords:
        return cls(frozenset(w.lower() for w in positive), frozenset(w.lower() for w in negative), **kw)  # type: ignore[arg-type]

    def cues(self, doc: Document, start: int, end: int) -> tuple[str | None, str | None]:
        words = doc.words_before(start, self.window)
        if self.after:
            words += doc.words_after(end, self.after)
        pos = next(filter(self.positive.__contains__, words), None) if self.positive else None
        neg = next(filter(self.negative.__contains__, words), None) if self.negative else None
        if neg is not None and self.negative_stops_at_number:
            neg = self._negative_since_last_number(doc, start, end)
        return pos, neg

    def _negative_since_last_number(self, doc: Document, start: int, end: int) -> str | None:
        lo = max(0, start - self.window)
        lo = max(lo, doc.norm.rfind(SEPARATOR, lo, start) + 1)  # never a number of the previous message in a batch
        # nor a cue of the sentence before, where the number's own sentence names what it is (`crossing_cues`: "... van
        # je pakket? PostNL klantenservice 088-..."; but "Wat is je klantnummer? 0612345678" answers the question)
        cut = None
        for cut in _SENTENCE_END.finditer(doc.norm, lo, start):  # noqa: B007 (the last match is the one wanted)
            pass
        if cut is not None and any(map(self.crossing_cues.__contains__, doc.words_before(start, start - cut.end()))):
            lo = cut.end()
        last = None
        for last in _NUMBER.finditer(doc.norm, lo, start):  # noqa: B007 (the last match is the one wanted)
            pass
        if last is None:
            words = doc.words_before(start, start - lo)
        else:
            words = doc.words_before(start, start - last.end())
            if words and _AFTERTHOUGHT.match(doc.norm, last.end(), start):
                words = words[1:]  # "710993407 (bsn), 06-..." labels the number before it
        if self.after:
            words += doc.words_after(end, self.after)
        return next(filter(self.negative.__contains__, words), None)

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


_NUMBER = re.compile(r"\d{5,}")
# where a sentence ends: "?", "!" or a full stop before a capital (not a line break: a "Trackingcode:" line above its number)
_SENTENCE_END = re.compile(r"[?!]|\.\s+(?=[A-Z])")
# a word that follows a number and closes its clause: "710993407 (bsn),", "710993407 bsn;"
_AFTERTHOUGHT = re.compile(r"[ (]{0,2}\w+\)?[,;)\n]")
