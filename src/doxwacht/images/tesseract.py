"""Where Tesseract is, and opening it: shared by OCR (`ocr.py`) and the plate reader (`plates.py`).

Two ways to run it: `tesserocr` (extra `images`; its wheel bundles libtesseract and reads Debian's
tessdata, the API stays loaded) and `pytesseract` (a `tesseract` process per call; Debian:
`tesseract-ocr tesseract-ocr-nld`). Only the errors these raise for "not installed" or "cannot read
the data" are caught (ImportError; tesserocr's RuntimeError; pytesseract's TesseractNotFoundError, an
OSError, and TesseractError, a RuntimeError): anything else is a bug and propagates.
"""

from __future__ import annotations

import functools
import glob
import os
import shutil
from typing import Any

MISSING = (ImportError, OSError, RuntimeError)  # not installed, no program, unreadable tessdata


def tessdata_path() -> str:
    """Debian's tessdata folder (tesseract-ocr-eng/-nld), or TESSDATA_PREFIX; ends with '/'."""
    env = os.environ.get("TESSDATA_PREFIX")
    if env and os.path.isdir(env):
        return env.rstrip("/") + "/"
    found = sorted(glob.glob("/usr/share/tesseract-ocr/*/tessdata"))
    if found:
        return found[-1] + "/"
    return "/usr/share/tessdata/"


def has_tessdata(lang: str) -> bool:
    return os.path.isfile(f"{tessdata_path()}{lang}.traineddata")


def tesserocr_installed() -> bool:
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        return False
    return True


def pytesseract_installed() -> bool:
    """pytesseract and the `tesseract` program."""
    try:
        import pytesseract  # noqa: F401
    except ImportError:
        return False
    return shutil.which("tesseract") is not None


@functools.lru_cache(maxsize=1)
def program_languages() -> tuple[str, ...]:
    """The languages the `tesseract` program has data for; () without pytesseract or the program."""
    try:
        import pytesseract

        return tuple(pytesseract.get_languages(config=""))
    except MISSING:
        return ()


def open_api(lang: str, psm: int, variables: dict[str, str] | None = None) -> Any:
    """A new `tesserocr.PyTessBaseAPI` for `lang` and page segmentation `psm`, with `variables` set;
    None when tesserocr is missing or cannot read the tessdata (callers fall back to pytesseract).
    One API reads one image at a time: callers hold a lock around it."""
    try:
        import tesserocr
    except ImportError:
        return None
    try:
        api = tesserocr.PyTessBaseAPI(path=tessdata_path(), lang=lang, psm=psm)
    except RuntimeError:  # "Failed to init API, possibly an invalid tessdata path"
        return None
    for name, value in (variables or {}).items():
        api.SetVariable(name, value)
    return api
