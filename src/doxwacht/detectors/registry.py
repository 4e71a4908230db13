"""A registry of detectors, owned by one engine. Third parties add detectors through the
`doxwacht.detectors` entry point group: each entry point names a callable returning detectors."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib.metadata import entry_points

from doxwacht.detectors.base import Detector

ENTRY_POINT_GROUP = "doxwacht.detectors"


class DuplicateDetectorError(ValueError):
    pass


class DetectorRegistry:
    def __init__(self, detectors: Iterable[Detector] = ()) -> None:
        self._detectors: dict[str, Detector] = {}
        for d in detectors:
            self.add(d)

    def add(self, detector: Detector) -> None:
        if not isinstance(detector, Detector):
            raise TypeError(f"{detector!r} does not implement the Detector protocol (name, labels, detect)")
        if detector.name in self._detectors:
            raise DuplicateDetectorError(f"a detector named {detector.name!r} is already registered")
        self._detectors[detector.name] = detector

    def remove(self, name: str) -> None:
        del self._detectors[name]

    def get(self, name: str) -> Detector:
        return self._detectors[name]

    def names(self) -> list[str]:
        return list(self._detectors)

    def __iter__(self) -> Iterator[Detector]:
        return iter(self._detectors.values())

    def __len__(self) -> int:
        return len(self._detectors)

    @classmethod
    def builtin(cls) -> DetectorRegistry:
        from doxwacht.detectors.nl import builtin_detectors

        return cls(builtin_detectors())

    @classmethod
    def from_entry_points(cls, group: str = ENTRY_POINT_GROUP) -> DetectorRegistry:
        """All detectors that installed packages declare (the built-in Dutch set is one of them).
        Falls back to the built-in set when the package metadata is not installed."""
        registry = cls()
        eps = list(entry_points(group=group))
        if not any(ep.value.startswith("doxwacht.detectors.nl") for ep in eps):
            for d in cls.builtin():
                registry.add(d)
        for ep in sorted(eps, key=lambda e: e.name):
            factory = ep.load()
            for d in factory():
                registry.add(d)
        return registry
