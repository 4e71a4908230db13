"""One Tesseract set-up for OCR and plates (`images/tesseract.py`, narrow exceptions), and the OCR
repair confirming phone numbers with the phone detector's own cached validator."""

from __future__ import annotations

import sys
import types

import pytest

from doxwacht.detectors.nl import phone
from doxwacht.images import ocr, plates, tesseract
from doxwacht.images.ocr_repair import repair_phone


def _fake_tesserocr(monkeypatch, error: type[Exception]) -> None:
    def api(**_kw):
        raise error("boom")

    monkeypatch.setitem(sys.modules, "tesserocr", types.SimpleNamespace(PyTessBaseAPI=api))


def test_unreadable_tessdata_means_no_api(monkeypatch):
    _fake_tesserocr(monkeypatch, RuntimeError)  # what tesserocr raises for a wrong tessdata path
    assert tesseract.open_api("nld", 11) is None


def test_a_bug_is_not_mistaken_for_a_missing_tesseract(monkeypatch):
    _fake_tesserocr(monkeypatch, TypeError)
    with pytest.raises(TypeError):
        tesseract.open_api("nld", 11)


def test_ocr_and_plates_share_the_one_setup():
    assert not hasattr(plates, "tessdata_path")  # the folder is found in one place only
    assert ocr.open_api is tesseract.open_api and plates.open_api is tesseract.open_api
    assert tesseract.tessdata_path().endswith("/")


def test_missing_program_gives_no_languages(monkeypatch):
    pytesseract = pytest.importorskip("pytesseract")

    def missing(**_kw):
        raise pytesseract.TesseractNotFoundError()

    monkeypatch.setattr(pytesseract, "get_languages", missing)
    tesseract.program_languages.cache_clear()
    try:
        assert tesseract.program_languages() == ()
    finally:
        tesseract.program_languages.cache_clear()


def test_phone_repair_uses_the_detectors_cached_validator():
    phone._parse_valid.cache_clear()
    assert repair_phone("O6-12345678") == "06-12345678"
    assert phone._parse_valid.cache_info().currsize == 1  # the repaired number was checked there
    assert repair_phone("O6-1234") is None  # too short to be a number
