"""OCR of chat screenshots -> text findings with boxes. Skips cleanly without tesseract."""

from __future__ import annotations

import pytest

from doxwacht.images.load import load_image
from doxwacht.images.ocr import ocr_available, ocr_findings
from doxwacht.images.synth import chat_screenshot

pytestmark = pytest.mark.skipif(
    not ocr_available("nld"), reason="tesseract with Dutch data (tesseract-ocr-nld) and pytesseract not installed"
)


@pytest.fixture(scope="module")
def engine():
    from doxwacht.pipeline import Engine

    return Engine()


@pytest.mark.parametrize("font_size", [14, 20])
def test_chat_screenshot_findings_with_boxes(engine, tmp_path, font_size):
    msgs = [
        "Hij woont op Hoofdstraat 12, 1234 AB Amsterdam",
        "bel hem maar 06-12345678",
        "IBAN: NL91ABNA0417164300 stort maar",
    ]
    img, bubbles = chat_screenshot(msgs, font_size=font_size)
    path = tmp_path / "chat.png"
    img.save(path)
    found, text = ocr_findings(load_image(path), engine, image="chat.png")
    by_label = {f.label: f for f in found}
    assert by_label["PHONE"].value == "+31612345678"
    assert by_label["IBAN"].value == "NL91ABNA0417164300"
    assert by_label["ADDRESS"].value.startswith("hoofdstraat|12|")
    for label, bubble in (("ADDRESS", 0), ("PHONE", 1), ("IBAN", 2)):
        x0, y0, x1, y1 = by_label[label].box
        bx0, by0, bx1, by1 = bubbles[bubble].box
        assert bx0 <= x0 < x1 <= bx1 and by0 <= y0 < y1 <= by1, (label, by_label[label].box, bubbles[bubble].box)
        assert by_label[label].field is None and by_label[label].image == "chat.png"
        assert by_label[label].evidence[0].kind == "ocr"


def test_boxes_are_in_original_pixels_after_downscale(engine, tmp_path):
    img, bubbles = chat_screenshot(["bel hem maar 06-12345678"], font_size=28, size=(1440, 900))
    path = tmp_path / "big.png"
    img.save(path)
    loaded = load_image(path, max_side=1100)
    assert loaded.scale < 1
    found, _ = ocr_findings(loaded, engine)
    phone = [f for f in found if f.label == "PHONE"][0]
    x0, y0, x1, y1 = phone.box
    bx0, by0, bx1, by1 = bubbles[0].box
    assert bx0 - 3 <= x0 < x1 <= bx1 + 3 and by0 - 3 <= y0 < y1 <= by1 + 3


def test_blank_image_has_no_findings(engine):
    import io

    from PIL import Image

    b = io.BytesIO()
    Image.new("RGB", (300, 200), (255, 255, 255)).save(b, "PNG")
    assert ocr_findings(load_image(b.getvalue()), engine) == ([], "")
