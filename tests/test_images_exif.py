"""EXIF personal data and the ImageFinding contract."""

from __future__ import annotations

import dataclasses
import io

import pytest
from PIL import Image
from PIL.TiffImagePlugin import IFDRational as R

from doxwacht.findings import Evidence
from doxwacht.images.exif import exif_findings, gps_position
from doxwacht.images.finding import ImageFinding
from doxwacht.images.load import load_image


def _jpeg(exif: Image.Exif) -> bytes:
    b = io.BytesIO()
    Image.new("RGB", (32, 24), (50, 90, 130)).save(b, "JPEG", exif=exif.tobytes())
    return b.getvalue()


def _full_exif(lat_ref="N", lon_ref="E") -> Image.Exif:
    ex = Image.Exif()
    ex[0x010F] = "Apple"
    ex[0x0110] = "iPhone 12"
    ex[0x013B] = "Jan  de Vries"
    ex[0x8298] = "(c) Jan de Vries"
    ex[0x8825] = {1: lat_ref, 2: (R(52), R(22), R(1234, 100)), 3: lon_ref, 4: (R(4), R(53), R(3, 1))}
    ex[0x8769] = {0x9003: "2023:05:01 12:34:56", 0xA431: "SN12345", 0xA430: "Piet Jansen", 0xA435: "L-99"}
    return ex


def test_all_fields():
    found = {(f.label, f.field): f for f in exif_findings(load_image(_jpeg(_full_exif()), name="foto.jpg"))}
    assert found[("GEO_COORDINATE", "EXIF:GPSInfo")].value == "52.370094,4.884167"
    assert found[("DEVICE", "EXIF:Make+Model")].value == "Apple iPhone 12"
    assert found[("DEVICE_SERIAL", "EXIF:BodySerialNumber")].value == "SN12345"
    assert found[("DEVICE_SERIAL", "EXIF:LensSerialNumber")].value == "L-99"
    assert found[("PERSON", "EXIF:Artist")].value == "Jan de Vries"
    assert found[("PERSON", "EXIF:CameraOwnerName")].value == "Piet Jansen"
    assert found[("PERSON", "EXIF:Copyright")].value == "(c) Jan de Vries"
    assert found[("DATE_TAKEN", "EXIF:DateTimeOriginal")].value == "2023-05-01T12:34:56"
    for f in found.values():
        assert f.image == "foto.jpg" and f.box is None and f.detector == "img.exif.v1"


def test_south_west_and_null_island():
    f = [x for x in exif_findings(load_image(_jpeg(_full_exif("S", "W")))) if x.label == "GEO_COORDINATE"]
    assert f[0].value == "-52.370094,-4.884167"
    ex = Image.Exif()
    ex[0x8825] = {1: "N", 2: (R(0), R(0), R(0)), 3: "E", 4: (R(0), R(0), R(0))}
    assert gps_position(load_image(_jpeg(ex)).exif) is None


def test_garbage_gps_is_ignored():
    ex = Image.Exif()
    ex[0x8825] = {1: "N", 2: (R(1), R(0)), 3: "E"}
    assert exif_findings(load_image(_jpeg(ex))) == []
    ex[0x8825] = {1: "N", 2: (R(95), R(0), R(0)), 3: "E", 4: (R(4), R(0), R(0))}
    assert exif_findings(load_image(_jpeg(ex))) == []


def test_make_not_repeated_and_xp_author_and_png_text():
    ex = Image.Exif()
    ex[0x010F] = "Canon"
    ex[0x0110] = "Canon EOS 80D"
    ex[0x9C9D] = "Kees Bakker".encode("utf-16-le") + b"\x00\x00"
    found = {f.field: f.value for f in exif_findings(load_image(_jpeg(ex)))}
    assert found == {"EXIF:Make+Model": "Canon EOS 80D", "EXIF:XPAuthor": "Kees Bakker"}

    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Anna Smit")
    b = io.BytesIO()
    Image.new("RGB", (8, 8)).save(b, "PNG", pnginfo=info)
    found = exif_findings(load_image(b.getvalue()))
    assert [(f.label, f.field, f.value) for f in found] == [("PERSON", "PNG:Author", "Anna Smit")]


def test_no_metadata_no_findings():
    b = io.BytesIO()
    Image.new("RGB", (8, 8)).save(b, "PNG")
    assert exif_findings(load_image(b.getvalue())) == []


def test_image_finding_contract():
    f = ImageFinding("PHONE", "a.png", (1, 2, 30, 40), None, "+31612345678", 0.9, "d", (Evidence("ocr", "06"),))
    assert f.to_dict() == {
        "label": "PHONE",
        "image": "a.png",
        "box": [1, 2, 30, 40],
        "field": None,
        "value": "+31612345678",
        "score": 0.9,
        "detector": "d",
        "evidence": [{"kind": "ocr", "detail": "06", "weight": 0.0}],
    }
    with pytest.raises(ValueError):
        ImageFinding("X", "a", None, None, "v", 0.5, "d")
    with pytest.raises(ValueError):
        ImageFinding("X", "a", (0, 0, 1, 1), "EXIF:Make", "v", 0.5, "d")
    with pytest.raises(ValueError):
        ImageFinding("X", "a", (5, 0, 1, 1), None, "v", 0.5, "d")
    with pytest.raises(ValueError):
        ImageFinding("X", "a", None, "f", "v", 1.5, "d")
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.value = "x"  # frozen
