"""Immutable findings: what a detector found, where, and why.

A `Finding` always points into the ORIGINAL text of its document: `text == original[start:end]`.
Later stages never mutate a finding; they return new ones (`Finding.replace`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any


class Label(StrEnum):
    """The kinds of personal data the engine reports."""

    PERSON = "PERSON"
    ADDRESS = "ADDRESS"
    POSTCODE = "POSTCODE"
    PHONE = "PHONE"
    EMAIL = "EMAIL"
    IBAN = "IBAN"
    BSN = "BSN"
    LICENSE_PLATE = "LICENSE_PLATE"
    DATE_OF_BIRTH = "DATE_OF_BIRTH"
    IP_ADDRESS = "IP_ADDRESS"
    URL = "URL"
    SOCIAL_HANDLE = "SOCIAL_HANDLE"
    GEO_COORDINATE = "GEO_COORDINATE"


@dataclass(frozen=True, slots=True)
class Evidence:
    """One reason behind a finding: what matched (`kind`), the detail, and its effect on the score."""

    kind: str  # e.g. "pattern", "validator", "context+", "context-", "gazetteer"
    detail: str
    weight: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "detail": self.detail, "weight": round(self.weight, 3)}


@dataclass(frozen=True, slots=True)
class Finding:
    label: str
    start: int
    end: int
    text: str
    value: str
    score: float
    detector: str
    evidence: tuple[Evidence, ...] = field(default=())

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span {self.start}:{self.end}")
        if len(self.text) != self.end - self.start:
            raise ValueError("finding text does not match its span length")
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score {self.score} outside 0..1")

    def replace(self, **changes: Any) -> Finding:
        return replace(self, **changes)

    def shifted(self, delta: int) -> Finding:
        """The same finding `delta` characters earlier (a batch's offsets made per message). Skips
        the checks of `__init__`, which the original already passed."""
        return unchecked_finding(
            self.label, self.start - delta, self.end - delta, self.text, self.value, self.score, self.detector, self.evidence
        )

    def with_evidence(self, *more: Evidence, score: float | None = None) -> Finding:
        new_score = self.score if score is None else min(1.0, max(0.0, score))
        return replace(self, evidence=self.evidence + more, score=new_score)

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    def contains(self, other: Finding) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Finding) -> bool:
        return self.start < other.end and other.start < self.end

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": self.value,
            "score": round(self.score, 3),
            "detector": self.detector,
            "evidence": [e.to_dict() for e in self.evidence],
        }


def _unchecked_factory() -> Callable[[str, int, int, str, str, float, str, tuple[Evidence, ...]], Finding]:
    # The frozen dataclass's `__init__` sets each field through `object.__setattr__` and then runs
    # `__post_init__`: about 3 us a finding. Setting the slots through their descriptors takes a
    # third of that; callers that have already checked what `__post_init__` checks use this.
    new = object.__new__
    label, start, end, text, value, score, detector, evidence = (
        Finding.__dict__[name].__set__
        for name in ("label", "start", "end", "text", "value", "score", "detector", "evidence")
    )

    def unchecked(
        label_: str, start_: int, end_: int, text_: str, value_: str, score_: float, detector_: str,
        evidence_: tuple[Evidence, ...],
    ) -> Finding:
        """`Finding(...)` without the checks of `__post_init__`: for spans and scores known valid."""
        f = new(Finding)
        label(f, label_)
        start(f, start_)
        end(f, end_)
        text(f, text_)
        value(f, value_)
        score(f, score_)
        detector(f, detector_)
        evidence(f, evidence_)
        return f

    return unchecked


unchecked_finding = _unchecked_factory()
