"""doxwacht: find doxing and online threats against people in Dutch text."""

from doxwacht.document import Document
from doxwacht.findings import Evidence, Finding, Label
from doxwacht.pipeline import Engine, ScanResult

__version__ = "0.1.0"

__all__ = ["Document", "Engine", "Evidence", "Finding", "Label", "ScanResult", "__version__"]
