"""OCR of chat screenshots -> text findings with boxes (skips cleanly without tesseract), and the
post-OCR repair step (no tesseract needed)."""

from __future__ import annotations

import os

import pytest

from doxwacht.images.load import load_image
from doxwacht.images.ocr import ocr_available, ocr_findings
from doxwacht.images.ocr_repair import Token, repair_iban, repair_phone, repair_tokens
from doxwacht.images.synth import chat_screenshot

# with CI=true (.ci/run installs tesseract-ocr-nld) these tests run, and fail, when tesseract is missing
needs_ocr = pytest.mark.skipif(
    not ocr_available("nld") and os.environ.get("CI") != "true",
    reason="tesseract with Dutch data (tesseract-ocr-nld) and pytesseract not installed",
)


@pytest.fixture(scope="module")
def engine():
    from doxwacht.pipeline import Engine

    return Engine()


@needs_ocr
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
    found, _text = ocr_findings(load_image(path), engine, image="chat.png")
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


@needs_ocr
def test_boxes_are_in_original_pixels_after_downscale(engine, tmp_path):
    img, bubbles = chat_screenshot(["bel hem maar 06-12345678"], font_size=28, size=(1440, 900))
    path = tmp_path / "big.png"
    img.save(path)
    loaded = load_image(path, max_side=1100)
    assert loaded.scale < 1
    found, _ = ocr_findings(loaded, engine)
    phone = next(f for f in found if f.label == "PHONE")
    x0, y0, x1, y1 = phone.box
    bx0, by0, bx1, by1 = bubbles[0].box
    assert bx0 - 3 <= x0 < x1 <= bx1 + 3 and by0 - 3 <= y0 < y1 <= by1 + 3


@needs_ocr
def test_blank_image_has_no_findings(engine):
    import io

    from PIL import Image

    b = io.BytesIO()
    Image.new("RGB", (300, 200), (255, 255, 255)).save(b, "PNG")
    assert ocr_findings(load_image(b.getvalue()), engine) == ([], "")


@needs_ocr
@pytest.mark.parametrize("dark", [False, True])
def test_dark_mode_and_wrapped_bubble(engine, dark):
    msgs = ["hij woont op Burgemeester de Withstraat 203, 5225 DJ Den Haag en zij ook",
            "mail: kees1987@kpnmail.nl"]
    img, bubbles = chat_screenshot(msgs, font_size=20, size=(420, 900), dark=dark, seed=3)
    assert len(bubbles) == 2
    found, text = ocr_findings(load_image(_png(img)), engine)
    by_label = {f.label: f for f in found}
    assert by_label["ADDRESS"].value == "burgemeester de withstraat|203||5225DJ|den haag", text
    assert by_label["EMAIL"].value == "kees1987@kpnmail.nl", text


def _png(img) -> bytes:  # type: ignore[no-untyped-def]
    import io

    b = io.BytesIO()
    img.save(b, "PNG")
    return b.getvalue()


# --- the repair step: validators decide ------------------------------------------------------------


def test_misread_iban_is_repaired_only_when_the_checksum_confirms():
    assert repair_iban("NLO2RABO0123456789") is None  # O -> 0 gives NL02..., whose check digits fail
    assert repair_iban("NL44RAB00123456789") == "NL44RABO0123456789"  # bank code 0 -> O, mod-97 holds
    assert repair_iban("NL9lABNA0417164300") == "NL91ABNA0417164300"  # l -> 1 in the check digits
    assert repair_iban("NL91ABNA0417164300") is None  # valid as read: nothing to repair
    assert repair_iban("NL91ABNA04171643O0") == "NL91ABNA0417164300"


def test_one_glyph_read_as_two_look_alikes_is_read_as_one():
    assert repair_iban("NL90OTRIO5445246193") == "NL90TRIO5445246193"  # "0" read as "0O"
    assert repair_iban("NL91ABNAO0417164300") == "NL91ABNA0417164300"
    assert repair_iban("NL90TRIO54452461933") is None  # a real extra digit ("33"): no look-alike pair
    assert repair_iban("NL90TRIO5445246193X") is None


def test_random_strings_one_too_long_are_rarely_turned_into_ibans():
    import random

    rnd = random.Random(11)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    made = sum(repair_iban("NL" + "".join(rnd.choice(alphabet) for _ in range(17))) is not None for _ in range(2000))
    assert made <= 3


def test_random_strings_are_not_turned_into_ibans():
    import random

    rnd = random.Random(7)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    made = 0
    for _ in range(2000):
        s = "NL" + "".join(rnd.choice(alphabet) for _ in range(16))
        fixed = repair_iban(s)
        if fixed is not None:
            made += 1
            assert sum(a != b for a, b in zip(s, fixed)) <= 3
    # only strings of the IBAN's shape with at most 3 look-alikes can pass, and then 1 in 97 by chance
    assert made <= 3
    assert repair_iban("NL12ABCDEFGHIJKLMN") is None  # letters where digits belong: no look-alikes
    assert repair_iban("DONAUDAMPFSCHIFF12") is None


def test_phone_repair_needs_a_valid_number():
    assert repair_phone("06-1234S678") == "06-12345678"
    assert repair_phone("O612345678") == "0612345678"
    assert repair_phone("06-12345678") is None  # valid as read
    assert repair_phone("06-1SSSS678") is None  # too many look-alikes
    assert repair_phone("Bellen") is None
    assert repair_phone("0671686932") is None  # 06-7: no Dutch mobile range, look-alikes or not


def _line(*words: tuple[str, int, int]) -> list[Token]:
    return [Token(text, (x0, 10, x1, 24), 0) for text, x0, x1 in words]


def test_split_email_is_merged_and_keeps_the_box():
    tokens = _line(("mail:", 0, 40), ("kees1987", 50, 110), ("@gmail.com", 118, 200))
    out = repair_tokens(tokens)
    assert [t.text for t in out] == ["mail:", "kees1987@gmail.com"]
    assert out[1].box == (50, 10, 200, 24) and out[1].raw == "kees1987 @gmail.com"
    # "r.van. dijk@...": a local part cannot end with "."; the word before it stays apart
    tokens = _line(("e-mail", 0, 60), ("jan.", 66, 90), ("devries@x.nl", 94, 180))
    assert [t.text for t in repair_tokens(tokens)] == ["e-mail", "jan.devries@x.nl"]
    # a word at a normal space from an address is not glued to it
    tokens = _line(("mail", 0, 40), ("kees@gmail.com", 50, 160))
    assert [t.text for t in repair_tokens(tokens)] == ["mail", "kees@gmail.com"]


def test_repaired_iban_over_groups_keeps_each_word_box():
    tokens = _line(("IBAN", 0, 40), ("NL44", 50, 80), ("RAB0", 88, 120), ("0123", 128, 160), ("4567", 168, 200),
                   ("89", 208, 224))
    out = repair_tokens(tokens)
    assert [t.text for t in out] == ["IBAN", "NL44", "RABO", "0123", "4567", "89"]
    assert out[2].raw == "RAB0" and out[2].box == (88, 10, 120, 24) and "schwifty" in out[2].reason
    assert all(not t.reason for i, t in enumerate(out) if i != 2)


def test_at_lookalike_only_where_an_address_results():
    out = repair_tokens(_line(("mail:", 0, 40), ("kees1987", 50, 110), ("®kpnmail.nl", 118, 200)))
    assert [t.text for t in out] == ["mail:", "kees1987@kpnmail.nl"]
    assert [t.text for t in repair_tokens(_line(("Merk®", 0, 40), ("2024", 50, 90)))] == ["Merk®", "2024"]


def test_iban_split_by_ocr_inside_a_group_is_merged_only_when_valid():
    out = repair_tokens(_line(("naar", 0, 40), ("NL29INGB47", 50, 150), ("79881108", 158, 240), ("van", 250, 280)))
    assert [t.text for t in out] == ["naar", "NL29INGB4779881108", "van"]
    assert out[1].box == (50, 10, 240, 24) and out[1].raw == "NL29INGB47 79881108"
    # the same split with a wrong digit stays as read; a compact valid IBAN is left alone
    out = repair_tokens(_line(("NL29INGB47", 50, 150), ("79881109", 158, 240)))
    assert [t.text for t in out] == ["NL29INGB47", "79881109"]
    out = repair_tokens(_line(("NL91ABNA0417164300", 50, 200)))
    assert out[0].text == "NL91ABNA0417164300" and not out[0].reason


def test_email_piece_that_cannot_start_an_address_is_merged():
    """Dark, JPEG-compressed screenshots: Tesseract splits "anna_smit@..." before the "_"; an address
    cannot start with "_", so the piece joins the word before it (up to one space). Words before a
    complete address stay apart, even when their boxes overlap (the "j" reaches under "op")."""
    out = repair_tokens(_line(("mail:", 0, 40), ("anna", 48, 90), ("_smit@ziggo.nl", 90, 200)))
    assert [t.text for t in out] == ["mail:", "anna_smit@ziggo.nl"]
    assert out[1].box == (48, 10, 200, 24) and out[1].raw == "anna _smit@ziggo.nl"
    out = repair_tokens(_line(("hem", 0, 30), ("op", 37, 55), ("jan.devries@live.nl", 51, 250)))
    assert [t.text for t in out] == ["hem", "op", "jan.devries@live.nl"]
    # "1@live.nl" is an address on its own and "lisa200" is a space away: nothing says they belong together
    out = repair_tokens(_line(("e-mail", 0, 60), ("lisa200", 67, 130), ("1@live.nl", 137, 200)))
    assert [t.text for t in out] == ["e-mail", "lisa200", "1@live.nl"]


def test_colon_for_dot_and_stray_mark_before_an_address():
    out = repair_tokens(_line(("mail:", 0, 40), ("p:jansen@bakkerij-jansen.nl", 50, 250)))
    assert [t.text for t in out] == ["mail:", "p.jansen@bakkerij-jansen.nl"]
    assert out[1].raw == "p:jansen@bakkerij-jansen.nl" and "':' read for '.'" in out[1].reason
    assert repair_tokens(_line(("mo:elamrani@kpnmail.nl,", 0, 200)))[0].text == "mo.elamrani@kpnmail.nl,"
    # a label before the colon is no initial: left as read (the text detector finds jan@x.nl after it)
    assert repair_tokens(_line(("mail:jan@x.nl", 0, 120)))[0].text == "mail:jan@x.nl"
    assert repair_tokens(_line(("mailto:jan@x.nl", 0, 120)))[0].text == "mailto:jan@x.nl"
    assert repair_tokens(_line(("to:jan@x.nl", 0, 120)))[0].text == "to:jan@x.nl"
    out = repair_tokens(_line(("e-mail", 0, 60), ("-anna_smit@ziggo.nl", 70, 250)))
    assert [t.text for t in out] == ["e-mail", "anna_smit@ziggo.nl"] and "stray mark" in out[1].reason
    # nothing changes a word that is no address
    assert repair_tokens(_line(("-x@y", 0, 40)))[0].text == "-x@y"
