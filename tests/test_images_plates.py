"""Dutch licence plates: yellow + shape propose, OCR reads, sidecode rules confirm."""

from __future__ import annotations

import io
import os
import random

import pytest
from PIL import Image

from doxwacht.images.load import load_image
from doxwacht.images.plates import (
    PlateReader,
    confirm,
    plate_findings,
    plates_available,
)
from doxwacht.images.synth import (
    paste_rotated,
    pattern_image,
    plate_image,
    plate_scene,
    random_plate,
    yellow_sign,
)

if not plates_available():
    if os.environ.get("CI") == "true":
        pytest.fail("opencv-python-headless / tesseract missing (pip install -e '.[images]')", pytrace=False)
    pytest.skip("opencv or tesseract not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def reader() -> PlateReader:
    return PlateReader()


def jpeg(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return load_image(buf.getvalue()).image


@pytest.mark.parametrize("sidecode", range(1, 15))
def test_every_sidecode_read_and_validated(reader, sidecode):
    text = random_plate(random.Random(sidecode), sidecode)
    scene = pattern_image(sidecode, (800, 450))
    box = paste_rotated(scene, plate_image(text, 44), (400, 225), angle=(-1) ** sidecode * 6)
    plates = reader.read(jpeg(scene, 70))
    assert [p.text for p in plates] == [text]
    p = plates[0]
    assert p.sidecode == sidecode and p.value == text.replace("-", "")
    assert p.box[0] <= box[0] + 25 and p.box[2] >= box[2] - 25 and p.box[1] <= box[1] + 10 and p.box[3] >= box[3] - 10


def test_small_rotated_compressed_plates(reader):
    scene, placed = plate_scene(7, plates=3, signs=0, heights=(22, 30), max_angle=12)
    got = {p.text for p in reader.read(jpeg(scene, 50))}
    assert {p.text for p in placed} <= got


@pytest.mark.parametrize("word", ["SNACKBAR", "TAXI", "ZONE 30", "POSTNL", "A12", "HEMA"])
def test_yellow_signs_are_not_plates(reader, word):
    scene = pattern_image(1, (800, 450))
    paste_rotated(scene, yellow_sign(word, (260, 60)), (400, 225), 3)
    assert reader.read(jpeg(scene, 80)) == []


def test_confirm_rules():
    assert confirm("HF-41-ZX")[:3] == ("HF-41-ZX", "HF41ZX", 4)
    assert confirm("1GRB-00-B")[0] == "GRB-00-B"  # the rim read as "1"
    assert confirm("HF-4I-ZX")[0] == "HF-41-ZX"  # an I in a digit group is a 1
    assert confirm("GVD-12-B") is None  # a combination the RDW never issues
    assert confirm("SNACKBAR") is None and confirm("") is None and confirm("12") is None
    assert confirm("POSTNL") is None  # without dashes no letter/digit corrections


def test_confirm_uses_tesseracts_alternatives():
    # "2T" fits XX-99-99 (T read as 7) and XX-99-XX (2 read as Z); Tesseract's second choice for the
    # "2" was a Z, so the plate is NR-94-ZT
    alts = [[(c, 92.0)] for c in "NR-94-"] + [[("2", 83.1), ("Z", 53.2), ("7", 0.0)], [("T", 92.3), ("7", 0.0)]]
    assert confirm("NR-94-2T", alts)[:3] == ("NR-94-ZT", "NR94ZT", 4)
    assert confirm("NR-94-2T")[0] in ("NR-94-27", "NR-94-ZT")  # without alternatives: a guess
    alts = [[("J", 12.1), ("T", 12.6)]] + [[(c, 93.0)] for c in "J-12-XH"]
    assert confirm("JJ-12-XH", alts)[0] == "TJ-12-XH"  # the more confident alternative wins


def test_findings_carry_box_text_and_sidecode(tmp_path):
    scene = pattern_image(2, (1600, 900))
    paste_rotated(scene, plate_image("TX-451-B", 60), (800, 450), 0)
    p = tmp_path / "car.jpg"
    scene.save(p, quality=85)
    found = plate_findings(load_image(p), image="car.jpg")
    assert len(found) == 1
    f = found[0].to_dict()
    assert f["label"] == "LICENSE_PLATE" and f["value"] == "TX451B" and f["image"] == "car.jpg"
    assert {"kind": "plate", "detail": "TX-451-B", "weight": 0.0} in f["evidence"]
    assert any(e["detail"].startswith("sidecode 9") for e in f["evidence"])
    x0, y0, x1, y1 = f["box"]
    assert 600 < x0 < 800 < x1 < 1000 and 400 < y0 < 450 < y1 < 500
