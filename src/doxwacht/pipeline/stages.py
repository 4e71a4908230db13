"""Named, ordered post-processing stages over the findings of one document.

Stages never mutate findings; each returns a new list. Overlap resolution lives here, not in
detectors, so a detector only has to say what it saw.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from doxwacht.document import Document
from doxwacht.findings import Finding, Label


class Stage(Protocol):
    name: str

    def __call__(self, doc: Document, findings: list[Finding]) -> list[Finding]: ...


@dataclass(frozen=True)
class ThresholdStage:
    """Drop findings scored below `threshold`."""

    threshold: float = 0.5
    name: str = "threshold"

    def __call__(self, doc: Document, findings: list[Finding]) -> list[Finding]:
        if not findings:
            return []
        return [f for f in findings if f.score >= self.threshold]


# (outer, inner): an inner finding wholly inside an outer one is kept beside it, because both are true.
DEFAULT_NESTING: frozenset[tuple[str, str]] = frozenset(
    {
        (Label.ADDRESS, Label.POSTCODE),
        (Label.URL, Label.SOCIAL_HANDLE),
        (Label.URL, Label.GEO_COORDINATE),
        (Label.URL, Label.IP_ADDRESS),
        (Label.URL, Label.PHONE),
    }
)

# When two findings of different labels conflict with equal score, the more specific label wins.
DEFAULT_PRIORITY: tuple[str, ...] = (
    Label.IBAN,
    Label.EMAIL,
    Label.URL,
    Label.BSN,
    Label.PHONE,
    Label.LICENSE_PLATE,
    Label.IP_ADDRESS,
    Label.GEO_COORDINATE,
    Label.DATE_OF_BIRTH,
    Label.ADDRESS,
    Label.POSTCODE,
    Label.SOCIAL_HANDLE,
    Label.PERSON,
)


_BLOCK = 256  # characters: the overlap stage's index of kept findings (see `OverlapStage.__call__`)


def _position(f: Finding) -> tuple[int, int, str]:
    return (f.start, -f.end, f.label)


@dataclass(frozen=True)
class OverlapStage:
    """Resolve overlapping findings.

    * identical label and span from two detectors: one finding, the higher score;
    * an allowed nesting (ADDRESS containing POSTCODE, ...): both kept;
    * any other overlap: the stronger finding wins (score, then label priority, then length).

    Greedy over findings sorted strongest first, so O(n log n + n*k) with k the kept overlaps.
    """

    nesting: frozenset[tuple[str, str]] = DEFAULT_NESTING
    priority: Sequence[str] = DEFAULT_PRIORITY
    name: str = "overlap"
    _rank: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_rank", {label: i for i, label in enumerate(self.priority)})

    def _strength(self, f: Finding) -> tuple[float, int, int]:
        return (round(f.score, 6), -self._rank.get(f.label, len(self._rank)), f.end - f.start)

    def _compatible(self, a: Finding, b: Finding) -> bool:
        if a.label == b.label:
            return False
        if a.contains(b) and (a.label, b.label) in self.nesting:
            return True
        return b.contains(a) and (b.label, a.label) in self.nesting

    def __call__(self, doc: Document, findings: list[Finding]) -> list[Finding]:
        if len(findings) < 2:
            return list(findings) if findings else []
        # most messages: no two findings overlap, and all are kept (in the order below). Spans must
        # not be empty here: an empty span overlaps nothing, and two alike would tie in that order.
        ordered = sorted(findings, key=_position)
        reach = -1
        for f in ordered:
            if f.start < reach or f.start == f.end:
                break
            reach = f.end
        else:
            return ordered
        # the kept findings by the block of text their start is in: a finding is compared only with those that can
        # overlap it (starting at most the longest span before its end), not with every kept one (a message of
        # thousands of findings, a pasted list, made that quadratic)
        longest = max(f.end - f.start for f in findings)
        blocks: dict[int, list[Finding]] = {}
        kept: list[Finding] = []
        for f in sorted(findings, key=self._strength, reverse=True):
            near = [k for b in range((f.start - longest) // _BLOCK, f.end // _BLOCK + 1) for k in blocks.get(b, ())]
            if all(not f.overlaps(k) or self._compatible(f, k) for k in near):
                kept.append(f)
                blocks.setdefault(f.start // _BLOCK, []).append(f)
        kept.sort(key=lambda f: (f.start, -f.end, f.label))
        return kept
