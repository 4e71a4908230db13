"""The built-in Dutch detectors: the default plugin, registered through the `doxwacht.detectors`
entry point like any third-party detector."""

from __future__ import annotations

from doxwacht.detectors.base import Detector


def builtin_detectors() -> list[Detector]:
    """A fresh instance of every built-in Dutch detector."""
    return []
