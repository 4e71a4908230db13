"""Personal data in image metadata (EXIF, PNG text chunks).

`exif_findings(loaded)` returns `ImageFinding`s with `field` set (never `box`):

| label | field | value |
|---|---|---|
| GEO_COORDINATE | `EXIF:GPSInfo` | `lat,lon`, 6 decimals (0,0 and out-of-range positions are skipped) |
| DEVICE | `EXIF:Make+Model` | make and model joined by a space (make not repeated) |
| DEVICE_SERIAL | `EXIF:BodySerialNumber`, `EXIF:LensSerialNumber`, `EXIF:SerialNumber` (Canon/others, 0xC62F) | as written |
| PERSON | `EXIF:Artist`, `EXIF:CameraOwnerName`, `EXIF:Copyright`, `EXIF:XPAuthor`, `PNG:Author`, `PNG:Copyright` | as written, whitespace collapsed |
| DATE_TAKEN | `EXIF:DateTimeOriginal` (else `EXIF:DateTimeDigitized`, else `EXIF:DateTime`) | ISO `2023-05-01T12:34:56` |

Scores: GPS 0.95, serial 0.9, owner fields 0.85, device 0.6, date 0.6 (metadata is exact; the score
says how much it helps to identify or locate a person).
"""

from __future__ import annotations

import math
import re
from typing import Any

from PIL import Image

from doxwacht.findings import Evidence
from doxwacht.images.finding import DATE_TAKEN, DEVICE, DEVICE_SERIAL, ImageFinding
from doxwacht.images.load import LoadedImage

DETECTOR = "img.exif.v1"

IFD_EXIF = 0x8769
IFD_GPS = 0x8825

TAG_MAKE, TAG_MODEL, TAG_DATETIME, TAG_ARTIST, TAG_COPYRIGHT = 0x010F, 0x0110, 0x0132, 0x013B, 0x8298
TAG_XPAUTHOR = 0x9C9D
TAG_DATETIME_ORIGINAL, TAG_DATETIME_DIGITIZED = 0x9003, 0x9004
TAG_OWNER, TAG_BODY_SERIAL, TAG_LENS_SERIAL = 0xA430, 0xA431, 0xA435
TAG_DNG_SERIAL = 0xC62F

_DATE = re.compile(r"^\s*(\d{4})[:\-](\d{2})[:\-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})")


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        for enc in ("utf-8", "latin-1"):
            try:
                value = value.decode(enc)
                break
            except UnicodeDecodeError:
                continue
    if not isinstance(value, str):
        return ""
    return " ".join(value.replace("\x00", " ").split())


def _xp(value: Any) -> str:
    """Windows XP* tags: UTF-16LE bytes (or a tuple of byte values)."""
    if isinstance(value, tuple):
        value = bytes(value)
    if isinstance(value, bytes):
        try:
            return " ".join(value.decode("utf-16-le").replace("\x00", " ").split())
        except UnicodeDecodeError:
            return ""
    return _text(value)


def _dms(value: Any) -> float | None:
    try:
        d, m, s = (float(x) for x in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if any(math.isnan(x) or math.isinf(x) for x in (d, m, s)):
        return None
    return d + m / 60.0 + s / 3600.0


def gps_position(exif: Image.Exif) -> tuple[float, float] | None:
    """(lat, lon) in degrees from the GPS IFD, or None when absent, invalid or exactly 0,0."""
    try:
        gps = exif.get_ifd(IFD_GPS)
    except Exception:
        return None
    if not gps:
        return None
    lat, lon = _dms(gps.get(2)), _dms(gps.get(4))
    if lat is None or lon is None:
        return None
    if _text(gps.get(1)).upper().startswith("S"):
        lat = -lat
    if _text(gps.get(3)).upper().startswith("W"):
        lon = -lon
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0) or (lat == 0.0 and lon == 0.0):
        return None
    return lat, lon


def _iso_date(value: Any) -> str | None:
    m = _DATE.match(_text(value))
    if not m:
        return None
    y, mo, d, hh, mi, ss = (int(x) for x in m.groups())
    if y < 1900 or not (1 <= mo <= 12 and 1 <= d <= 31 and hh < 24 and mi < 60 and ss < 61):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}T{hh:02d}:{mi:02d}:{ss:02d}"


def exif_findings(loaded: LoadedImage, image: str | None = None) -> list[ImageFinding]:
    """Findings from the metadata of one loaded image. Never raises for odd metadata."""
    name = image if image is not None else loaded.source
    exif = loaded.exif
    out: list[ImageFinding] = []

    def add(label: str, field: str, value: str, score: float, detail: str) -> None:
        if value:
            out.append(ImageFinding(label, name, None, field, value, score, DETECTOR, (Evidence("metadata", detail),)))

    try:
        sub = exif.get_ifd(IFD_EXIF)
    except Exception:
        sub = {}
    pos = gps_position(exif)
    if pos is not None:
        add("GEO_COORDINATE", "EXIF:GPSInfo", f"{pos[0]:.6f},{pos[1]:.6f}", 0.95, "GPS-positie in EXIF")
    make, model = _text(exif.get(TAG_MAKE)), _text(exif.get(TAG_MODEL))
    device = model if make and model.lower().startswith(make.lower()) else " ".join(x for x in (make, model) if x)
    add(DEVICE, "EXIF:Make+Model", device, 0.6, "toestel in EXIF")
    for tag, field in ((TAG_BODY_SERIAL, "EXIF:BodySerialNumber"), (TAG_LENS_SERIAL, "EXIF:LensSerialNumber")):
        add(DEVICE_SERIAL, field, _text(sub.get(tag)), 0.9, "serienummer in EXIF")
    add(DEVICE_SERIAL, "EXIF:SerialNumber", _text(exif.get(TAG_DNG_SERIAL)), 0.9, "serienummer in EXIF")
    add("PERSON", "EXIF:Artist", _text(exif.get(TAG_ARTIST)), 0.85, "maker in EXIF")
    add("PERSON", "EXIF:CameraOwnerName", _text(sub.get(TAG_OWNER)), 0.85, "eigenaar in EXIF")
    add("PERSON", "EXIF:Copyright", _text(exif.get(TAG_COPYRIGHT)), 0.85, "auteursrecht in EXIF")
    add("PERSON", "EXIF:XPAuthor", _xp(exif.get(TAG_XPAUTHOR)), 0.85, "auteur in EXIF")
    for key in ("Author", "Copyright"):
        add("PERSON", f"PNG:{key}", _text(loaded.info.get(key)), 0.85, f"{key} in PNG-tekst")
    for tag, where, field in (
        (TAG_DATETIME_ORIGINAL, sub, "EXIF:DateTimeOriginal"),
        (TAG_DATETIME_DIGITIZED, sub, "EXIF:DateTimeDigitized"),
        (TAG_DATETIME, exif, "EXIF:DateTime"),
    ):
        iso = _iso_date(where.get(tag))
        if iso:
            add(DATE_TAKEN, field, iso, 0.6, "opnamedatum in EXIF")
            break
    return out
