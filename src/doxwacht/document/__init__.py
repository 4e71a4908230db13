"""The document layer: original text, one shared normalisation, and the offset map back."""

from doxwacht.document.document import Document
from doxwacht.document.normalize import OffsetMap, normalize, normalize_many

__all__ = ["Document", "OffsetMap", "normalize", "normalize_many"]
