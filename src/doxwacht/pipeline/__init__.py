"""The pipeline: an engine runs its detectors on a document, then named post-processing stages."""

from doxwacht.pipeline.engine import Analyzer, Engine, MessageTooLong, ScanResult
from doxwacht.pipeline.stages import OverlapStage, Stage, ThresholdStage

__all__ = ["Analyzer", "Engine", "MessageTooLong", "OverlapStage", "ScanResult", "Stage", "ThresholdStage"]
