"""Detectors: plugins behind one small protocol, registered by unique versioned names."""

from doxwacht.detectors.base import Detector, PatternDetector
from doxwacht.detectors.context import ContextWords
from doxwacht.detectors.registry import DetectorRegistry, DuplicateDetectorError

__all__ = ["ContextWords", "Detector", "DetectorRegistry", "DuplicateDetectorError", "PatternDetector"]
