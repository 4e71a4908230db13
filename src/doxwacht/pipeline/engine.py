"""`Engine`: owns a detector registry and the post-processing stages, and scans documents."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from doxwacht.detectors.registry import DetectorRegistry
from doxwacht.document import Document
from doxwacht.findings import Finding
from doxwacht.pipeline.stages import OverlapStage, Stage, ThresholdStage


class Analyzer(Protocol):
    """A later layer that reads a finished scan and adds one entry to the record under `key`
    (the watchlist adds "watchlist", intent adds "intent", the verdict adds "verdict").

    Analyzers run in order after the stages; each sees the entries of those before it in `extras`.
    The returned value must be JSON-serialisable, or an object (or list of objects) with `to_dict()`.
    """

    key: str

    def analyze(self, doc: Document, findings: tuple[Finding, ...], extras: dict[str, Any]) -> Any: ...


def _jsonable(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class ScanResult:
    """What one scan of one document produced. Later layers (watchlist, intent, verdict) add to
    `extras` under their own key."""

    document: Document
    findings: tuple[Finding, ...]
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> Any:
        return self.document.id

    def by_label(self, label: str) -> list[Finding]:
        return [f for f in self.findings if f.label == label]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.document.id, "findings": [f.to_dict() for f in self.findings]}
        out.update({k: _jsonable(v) for k, v in self.extras.items()})
        return out


class Engine:
    """Scan text for personal data.

    >>> engine = Engine()
    >>> [f.label for f in engine.scan("bel 06-12345678").findings]
    ['PHONE']
    """

    def __init__(
        self,
        registry: DetectorRegistry | None = None,
        *,
        threshold: float = 0.5,
        stages: Sequence[Stage] | None = None,
        max_chars: int = 1_000_000,
        analyzers: Sequence[Analyzer] = (),
    ) -> None:
        self.registry = registry if registry is not None else DetectorRegistry.from_entry_points()
        self.stages: tuple[Stage, ...] = tuple(stages) if stages is not None else (
            OverlapStage(),
            ThresholdStage(threshold),
        )
        self.max_chars = max_chars
        self.analyzers: list[Analyzer] = list(analyzers)

    def add_analyzer(self, analyzer: Analyzer) -> None:
        if any(a.key == analyzer.key for a in self.analyzers):
            raise ValueError(f"an analyzer for {analyzer.key!r} is already installed")
        self.analyzers.append(analyzer)

    @property
    def detector_versions(self) -> dict[str, str]:
        return {d.name: d.name.rsplit(".", 1)[-1] for d in self.registry}

    def scan(self, text: str | Document, *, id: Any = None) -> ScanResult:
        doc = text if isinstance(text, Document) else Document(text, id=id)
        if len(doc.original) > self.max_chars:
            raise MessageTooLong(len(doc.original), self.max_chars)
        findings: list[Finding] = []
        for detector in self.registry:
            findings.extend(detector.detect(doc))
        for stage in self.stages:
            findings = stage(doc, findings)
        result_findings = tuple(findings)
        extras: dict[str, Any] = {}
        for analyzer in self.analyzers:
            extras[analyzer.key] = analyzer.analyze(doc, result_findings, extras)
        return ScanResult(doc, result_findings, extras)

    def scan_many(self, texts: Iterable[str]) -> list[ScanResult]:
        return [self.scan(t) for t in texts]


class MessageTooLong(ValueError):
    def __init__(self, length: int, limit: int) -> None:
        super().__init__(f"message of {length} characters exceeds the limit of {limit} (--max-chars)")
        self.length = length
        self.limit = limit
