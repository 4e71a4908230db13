"""`ImageFinding`: personal data found in an image.

Text findings (`doxwacht.findings.Finding`) point at a character span of a message. An image has no
such span, so an image finding points at EITHER

* `box`: a pixel rectangle `(x0, y0, x1, y1)` (x1, y1 exclusive) in the image as it is shown, i.e.
  after EXIF orientation and at its ORIGINAL size (before any downscale by `load_image`); used for
  text read by OCR, or
* `field`: a metadata field, e.g. `"EXIF:GPSInfo"`, `"EXIF:BodySerialNumber"`, `"PNG:Author"`.

Exactly one of the two is set. `value` follows the value conventions of the text labels
(docs/CONTRACTS.md; GEO_COORDINATE is `lat,lon` with 6 decimals) plus the image-only labels below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from doxwacht.findings import Evidence

# Image-only labels (text labels such as PERSON, PHONE, GEO_COORDINATE are used as they are).
DEVICE = "DEVICE"  # camera/phone make and model: "Apple iPhone 12"
DEVICE_SERIAL = "DEVICE_SERIAL"  # body or lens serial number, as written
DATE_TAKEN = "DATE_TAKEN"  # ISO 8601 without zone, "2023-05-01T12:34:56"

Box = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class ImageFinding:
    label: str
    image: str  # path (or name) of the image
    box: Box | None
    field: str | None
    value: str
    score: float
    detector: str
    evidence: tuple[Evidence, ...] = field(default=())

    def __post_init__(self) -> None:
        if (self.box is None) == (self.field is None):
            raise ValueError("an image finding has exactly one of box and field")
        if self.box is not None:
            x0, y0, x1, y1 = self.box
            if not (0 <= x0 <= x1 and 0 <= y0 <= y1):
                raise ValueError(f"invalid box {self.box}")
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score {self.score} outside 0..1")

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "image": self.image,
            "box": list(self.box) if self.box is not None else None,
            "field": self.field,
            "value": self.value,
            "score": round(self.score, 3),
            "detector": self.detector,
            "evidence": [e.to_dict() for e in self.evidence],
        }
