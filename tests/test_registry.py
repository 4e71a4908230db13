"""The detector registry: entry points, uniqueness, and engines that each own their registry."""

from __future__ import annotations

import pytest

from doxwacht import Document, Engine, Evidence, Finding
from doxwacht.detectors import DetectorRegistry, DuplicateDetectorError
from doxwacht.detectors.nl import builtin_detectors


class CaseNumberDetector:
    """A third-party detector: Dutch police case numbers ("PL0900-2024123456")."""

    name = "test.casenumber.v1"
    labels = frozenset({"CASE_NUMBER"})
    triggers = ("PL\\d{4}",)

    def detect(self, doc: Document):
        import re

        for m in re.finditer(r"\bPL\d{4}-\d{10}\b", doc.norm):
            yield doc.finding("CASE_NUMBER", m.start(), m.end(), value=m.group(), score=0.9, detector=self.name,
                              evidence=[Evidence("pattern", "PLxxxx-yyyyyyyyyy")])


def test_builtin_detectors_are_found_through_the_entry_point() -> None:
    registry = DetectorRegistry.from_entry_points()
    names = registry.names()
    assert {d.name for d in builtin_detectors()} <= set(names)
    assert len(names) == len(set(names))
    assert all(n.startswith("nl.") and n.rsplit(".", 1)[-1].startswith("v") for n in names if n.startswith("nl."))


def test_duplicate_names_are_refused() -> None:
    registry = DetectorRegistry([CaseNumberDetector()])
    with pytest.raises(DuplicateDetectorError, match="test.casenumber.v1"):
        registry.add(CaseNumberDetector())


def test_objects_without_the_protocol_are_refused() -> None:
    with pytest.raises(TypeError, match="Detector protocol"):
        DetectorRegistry([object()])  # type: ignore[list-item]


def test_each_engine_owns_its_registry() -> None:
    extended = DetectorRegistry(builtin_detectors())
    extended.add(CaseNumberDetector())
    custom = Engine(extended)
    plain = Engine(DetectorRegistry(builtin_detectors()))
    text = "aangifte onder PL0900-2024123456, bel 06-12345678"
    custom_labels = {f.label for f in custom.scan(text).findings}
    plain_labels = {f.label for f in plain.scan(text).findings}
    assert custom_labels == {"CASE_NUMBER", "PHONE"}
    assert plain_labels == {"PHONE"}


def test_findings_are_frozen() -> None:
    f = Engine().scan("bel 06-12345678").findings[0]
    assert isinstance(f, Finding)
    with pytest.raises(AttributeError):
        f.score = 0.1  # type: ignore[misc]
