"""OCR of screenshots (Tesseract via `pytesseract`), then the text engine, then boxes.

`ocr_findings(loaded, engine)`:

1. Tesseract (`lang="nld"`, falling back to `eng` when the Dutch data is missing) reads word boxes
   (`image_to_data`); words with confidence < 0 (layout rows) are dropped.
2. The words are joined into text: words of one line with a space, lines of one paragraph with
   "\\n", paragraphs and blocks (chat bubbles) with "\\n\\n"; every word keeps its character span.
3. The text engine (`doxwacht.pipeline.Engine`, all detectors) scans that text.
4. Each text finding becomes an `ImageFinding` whose `box` is the union of the boxes of the words
   its span touches, in ORIGINAL image pixels (divided by `LoadedImage.scale`). The OCR'd text of the
   finding is kept as `Evidence("ocr", text)`, followed by the detector's own evidence.

Needs the `tesseract` program with Dutch data (Debian: `tesseract-ocr tesseract-ocr-nld`) and the
`pytesseract` package; with `tesserocr` installed (extra `images`: its wheel bundles libtesseract,
and reads Debian's tessdata) Tesseract stays loaded and is used instead of a process per image; `ocr_available()` says whether both are there. Text of about 14 px and larger
is read at the image's own scale; smaller images (longest side < `UPSCALE_BELOW`) are upscaled 2x.
"""

from __future__ import annotations

import functools
import shutil
import threading
from dataclasses import dataclass
from typing import Any

from PIL import Image

from doxwacht.findings import Evidence
from doxwacht.images.finding import Box, ImageFinding
from doxwacht.images.load import LoadedImage

DETECTOR_PREFIX = "img.ocr"
UPSCALE_BELOW = 600


class OcrUnavailable(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    box: Box  # pixels of the image given to OCR
    conf: float
    start: int = 0  # span in the joined text
    end: int = 0


@functools.lru_cache(maxsize=1)
def _languages() -> tuple[str, ...]:
    try:
        import pytesseract

        return tuple(pytesseract.get_languages(config=""))
    except Exception:
        return ()


def ocr_available(lang: str = "nld") -> bool:
    """True when pytesseract is installed and the tesseract program has `lang` data."""
    try:
        import pytesseract  # noqa: F401
    except ImportError:
        return False
    if shutil.which("tesseract") is None:
        return False
    return lang in _languages()


def _lang(lang: str) -> str:
    langs = _languages()
    if lang in langs:
        return lang
    if "eng" in langs:
        return "eng"
    raise OcrUnavailable("tesseract zonder taaldata (installeer tesseract-ocr-nld)")


@functools.lru_cache(maxsize=4)
def _tesserocr_api(lang: str) -> Any:
    """A loaded Tesseract (tesserocr, ~0.15 s a 1280x720 screenshot instead of ~0.4 s for a tesseract
    process per image), or None when tesserocr is missing or cannot read the tessdata."""
    try:
        import tesserocr

        from doxwacht.images.plates import tessdata_path

        return tesserocr.PyTessBaseAPI(path=tessdata_path(), lang=lang)
    except Exception:
        return None


_api_lock = threading.Lock()


def _tsv_rows(image: Image.Image, lang: str) -> list[dict[str, Any]] | None:
    api = _tesserocr_api(lang)
    if api is None:
        return None
    with _api_lock:  # one API object, one image at a time
        api.SetImage(image)
        api.Recognize()
        tsv = api.GetTSVText(0) or ""
    rows = []
    for line in tsv.splitlines():
        parts = line.split("\t")
        if len(parts) < 12:
            continue
        level, _page, block, par, ln, _word, left, top, width, height, conf = parts[:11]
        rows.append({"level": level, "block_num": block, "par_num": par, "line_num": ln, "left": left, "top": top,
                     "width": width, "height": height, "conf": conf, "text": "\t".join(parts[11:])})
    return rows


def ocr_words(image: Image.Image, lang: str = "nld") -> tuple[list[Word], str]:
    """Word boxes and the joined text (see the module docstring)."""
    try:
        import pytesseract
    except ImportError as err:
        raise OcrUnavailable("pytesseract is niet geïnstalleerd") from err
    if shutil.which("tesseract") is None:
        raise OcrUnavailable("het programma tesseract is niet geïnstalleerd (apt-get install tesseract-ocr tesseract-ocr-nld)")
    lang = _lang(lang)
    rows = _tsv_rows(image, lang)
    if rows is None:
        data: dict[str, list[Any]] = pytesseract.image_to_data(image, lang=lang, output_type=pytesseract.Output.DICT)
        keys = ("block_num", "par_num", "line_num", "left", "top", "width", "height", "conf", "text")
        rows = [{k: data[k][i] for k in keys} for i in range(len(data["text"]))]
    words: list[Word] = []
    parts: list[str] = []
    pos = 0
    prev: tuple[int, int, int] | None = None
    for row in rows:
        text = (row["text"] or "").strip()
        try:
            conf = float(row["conf"])
        except (TypeError, ValueError):
            conf = -1.0
        if not text or conf < 0:
            continue
        key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        if prev is not None:
            sep = " " if key == prev else ("\n" if key[:2] == prev[:2] else "\n\n")
            parts.append(sep)
            pos += len(sep)
        prev = key
        x, y, w, h = (int(row[k]) for k in ("left", "top", "width", "height"))
        words.append(Word(text, (x, y, x + w, y + h), conf, pos, pos + len(text)))
        parts.append(text)
        pos += len(text)
    return words, "".join(parts)


def _union(boxes: list[Box], scale: float) -> Box:
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[2] for b in boxes)
    y1 = max(b[3] for b in boxes)
    return (int(x0 / scale), int(y0 / scale), int(round(x1 / scale)), int(round(y1 / scale)))


def ocr_findings(
    loaded: LoadedImage,
    engine: Any = None,
    *,
    lang: str = "nld",
    image: str | None = None,
) -> tuple[list[ImageFinding], str]:
    """Text findings in the image with word boxes, and the OCR text."""
    if engine is None:
        from doxwacht.pipeline import Engine

        engine = Engine()
    img = loaded.image
    scale = loaded.scale
    if max(img.size) < UPSCALE_BELOW:
        img = img.resize((img.width * 2, img.height * 2), Image.Resampling.LANCZOS)
        scale *= 2
    words, text = ocr_words(img, lang)
    if not text:
        return [], ""
    result = engine.scan(text)
    name = image if image is not None else loaded.source
    out: list[ImageFinding] = []
    for f in result.findings:
        touched = [w.box for w in words if w.start < f.end and w.end > f.start]
        if not touched:
            continue
        box = _union(touched, scale)
        out.append(
            ImageFinding(
                f.label,
                name,
                box,
                None,
                f.value,
                f.score,
                f"{DETECTOR_PREFIX}+{f.detector}",
                (Evidence("ocr", f.text),) + tuple(f.evidence),
            )
        )
    return out, text
