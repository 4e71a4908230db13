"""`Engine`: owns a detector registry and the post-processing stages, and scans documents."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import and_
from typing import Any, Protocol

from doxwacht.detectors.registry import DetectorRegistry
from doxwacht.document import Document
from doxwacht.document.document import Joiner
from doxwacht.findings import Finding
from doxwacht.pipeline.prefilter import Prefilter
from doxwacht.pipeline.stages import OverlapStage, Stage, ThresholdStage


class Analyzer(Protocol):
    """A later layer that reads a finished scan and adds one entry to the record under `key`
    (the watchlist adds "watchlist", intent adds "intent", the verdict adds "verdict").

    Analyzers run in order after the stages; each sees the entries of those before it in `extras`.
    The returned value must be JSON-serialisable, or an object (or list of objects) with `to_dict()`.

    An analyzer may also have the optional per-batch hook of `BatchAnalyzer`; `Engine.scan_batch` then
    calls it once per batch (of more than one message) instead of `analyze` per message.
    """

    key: str

    def analyze(self, doc: Document, findings: tuple[Finding, ...], extras: dict[str, Any]) -> Any: ...


class BatchAnalyzer(Analyzer, Protocol):
    """An analyzer with the optional per-batch hook. `analyze_batch(docs, findings_list, extras_list)`
    must return what `[analyze(d, f, x) for d, f, x in zip(docs, findings_list, extras_list)]` returns,
    one value per message in order; it reads the extras dicts (the entries of the analyzers before
    it, per message) and does not change them: the engine adds the values under `key`. It lets an
    analyzer do work once per batch instead of once per message, and keeps its tables warm in the
    CPU caches while it goes through the batch (intent, verdict, watchlist have one)."""

    def analyze_batch(
        self,
        docs: Sequence[Document],
        findings_list: Sequence[tuple[Finding, ...]],
        extras_list: Sequence[dict[str, Any]],
    ) -> Sequence[Any]: ...


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

    @classmethod
    def _make(cls, document: Document, findings: tuple[Finding, ...], extras: dict[str, Any]) -> ScanResult:
        """`ScanResult(document, findings, extras)` without the frozen dataclass's `__init__`, which
        costs more than a short message's whole post-processing (2 us of 4; `scan_batch` makes one per
        message)."""
        new = object.__new__(cls)
        new.__dict__.update(document=document, findings=findings, extras=extras)
        return new


def _finding_order(f: Finding) -> tuple[int, int, str]:
    return (f.start, -f.end, f.label)


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
        use_prefilter: bool = True,
        use_hyperscan: bool = True,
    ) -> None:
        self.registry = registry if registry is not None else DetectorRegistry.from_entry_points()
        # below-threshold findings are dropped first, so that they never suppress an overlapping one
        self.stages: tuple[Stage, ...] = tuple(stages) if stages is not None else (
            ThresholdStage(threshold),
            OverlapStage(),
        )
        # the default stages need nothing done for a message without findings
        self._skip_empty = all(type(s) in (ThresholdStage, OverlapStage) for s in self.stages)
        # and the overlap stage hands back its findings in the engine's order already
        self._sorted_by_stages = bool(self.stages) and type(self.stages[-1]) is OverlapStage
        self._detectors = list(self.registry)
        # the detectors are fixed at construction: a registry changed later needs a new engine
        self.prefilter = Prefilter(self._detectors if use_prefilter else [], use_hyperscan=use_hyperscan)
        if not use_prefilter:
            self.prefilter.always = (1 << len(self._detectors)) - 1
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
        return self.scan_batch([doc])[0]

    def scan_batch(self, docs: Sequence[str | Document]) -> list[ScanResult]:
        """Scan several messages at once. The prefilter decides per message which detectors can find
        anything; each detector then runs once over its messages joined (see `Document.join`, `Joiner`), which
        removes the per-call cost that dominates on short chat messages. Results are identical to
        scanning each message on its own with every detector."""
        documents = Document.batch(docs)
        for d in documents:
            if len(d.original) > self.max_chars:
                raise MessageTooLong(len(d.original), self.max_chars)
        masks = self.prefilter.masks([d.norm for d in documents])
        per_doc: list[list[Finding]] = [[] for _ in documents]
        everyone = range(len(documents))
        join = Joiner(documents)  # (what joining needs, once per batch)
        sizes = join.sizes  # (each message's length + 1)
        for bit, detector in enumerate(self._detectors):
            chosen = list(compress(everyone, map(and_, masks, repeat(1 << bit))))  # (no Python loop per message)
            if not chosen:
                continue
            if len(chosen) == 1:
                per_doc[chosen[0]].extend(detector.detect(documents[chosen[0]]))
                continue
            joined, bases = join(chosen)
            for f in detector.detect(joined):
                k = bisect_right(bases, f.start) - 1
                doc_i = chosen[k]
                base = bases[k]
                if f.end - base >= sizes[doc_i]:
                    continue  # spans a separator: the detector broke the batch contract
                per_doc[doc_i].append(f.shifted(base) if base else f)
        findings_list: list[tuple[Finding, ...]] = []
        stages, skip_empty = self.stages, self._skip_empty
        sort = not self._sorted_by_stages
        for doc, found in zip(documents, per_doc):
            if found or not skip_empty:
                for stage in stages:
                    found = stage(doc, found)
                if sort and len(found) > 1:
                    found.sort(key=_finding_order)
            findings_list.append(tuple(found))
        extras_list: list[dict[str, Any]] = [{} for _ in documents]
        if self.analyzers:
            self._analyze(documents, findings_list, extras_list)
        make = ScanResult._make
        return [make(d, f, x) for d, f, x in zip(documents, findings_list, extras_list)]

    def _analyze(
        self, documents: Sequence[Document], findings_list: list[tuple[Finding, ...]], extras_list: list[dict[str, Any]]
    ) -> None:
        """Run the analyzers in order, each over the whole batch: through its `analyze_batch` hook when
        it has one (see `BatchAnalyzer`) and the batch holds more than one message, else message by
        message. Each analyzer sees, per message, the entries of the analyzers before it."""
        for analyzer in self.analyzers:
            key = analyzer.key
            batch = getattr(analyzer, "analyze_batch", None) if len(documents) > 1 else None
            if batch is not None:
                values = batch(documents, findings_list, extras_list)
                if len(values) != len(documents):
                    raise ValueError(
                        f"analyzer {key!r}: analyze_batch returned {len(values)} values for {len(documents)} messages"
                    )
                for extras, value in zip(extras_list, values):
                    extras[key] = value
            else:
                analyze = analyzer.analyze
                for doc, found, extras in zip(documents, findings_list, extras_list):
                    extras[key] = analyze(doc, found, extras)

    def scan_many(self, texts: Iterable[str | Document], batch_size: int = 256) -> Iterator[ScanResult]:
        """Scan a stream of messages in batches, yielding one result per message in input order."""
        batch: list[str | Document] = []
        for t in texts:
            batch.append(t)
            if len(batch) >= batch_size:
                yield from self.scan_batch(batch)
                batch = []
        if batch:
            yield from self.scan_batch(batch)


class MessageTooLong(ValueError):
    def __init__(self, length: int, limit: int) -> None:
        super().__init__(f"message of {length} characters exceeds the limit of {limit} (--max-chars)")
        self.length = length
        self.limit = limit
