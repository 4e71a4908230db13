"""The detector protocol and a base class for the common candidate -> validate -> score shape."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import ClassVar, Protocol, runtime_checkable

from doxwacht.detectors.context import ContextWords
from doxwacht.document import Document
from doxwacht.findings import Evidence, Finding
from doxwacht.detectors.triggers import Trigger


@runtime_checkable
class Detector(Protocol):
    """A detector proposes findings in a document. It must not mutate the document or its findings.

    `name` is unique and versioned ("nl.phone.v1"); `labels` lists what it can report.
    """

    name: str
    labels: frozenset[str]

    # Optional: `triggers`, patterns one of which every candidate must contain (see
    # doxwacht.pipeline.prefilter). A detector may be handed a batch of messages joined by
    # `doxwacht.document.document.SEPARATOR` ("\x00"): no finding may span it.

    def detect(self, doc: Document) -> Iterable[Finding]: ...


class Rejected(Exception):
    """Raised by `PatternDetector.validate` when a candidate is not what it looked like."""


class PatternDetector:
    """Candidate (a regex over the normalised text) -> validate -> score with context words.

    Subclasses set `name`, `label`, `pattern`, `base_score`, `context`, and implement `validate`,
    which returns `(value, score, evidence)` or raises `Rejected`.
    """

    name: ClassVar[str]
    label: ClassVar[str]
    pattern: ClassVar[re.Pattern[str]]
    context: ClassVar[ContextWords | None] = None
    triggers: ClassVar[tuple[Trigger | str, ...]] = ()
    base_score: ClassVar[float] = 0.8

    @property
    def labels(self) -> frozenset[str]:
        return frozenset({self.label})

    def candidates(self, doc: Document) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(doc.norm)

    def span(self, match: re.Match[str]) -> tuple[int, int]:
        """The span of the candidate in the normalised text (a named group `v` if present)."""
        if "v" in match.re.groupindex and match.group("v") is not None:
            return match.span("v")
        return match.span()

    def validate(self, doc: Document, match: re.Match[str]) -> tuple[str, float, list[Evidence]]:
        raise NotImplementedError

    def detect(self, doc: Document) -> Iterator[Finding]:
        for match in self.candidates(doc):
            try:
                value, score, evidence = self.validate(doc, match)
            except Rejected:
                continue
            start, end = self.span(match)
            if self.context is not None:
                score, evidence = self.context.adjust(doc, start, end, score, evidence)
            yield doc.finding(
                self.label, start, end, value=value, score=score, detector=self.name, evidence=evidence
            )
