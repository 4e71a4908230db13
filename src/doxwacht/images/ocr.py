"""OCR of screenshots (Tesseract), a repair step, then the text engine, then boxes.

`ocr_findings(loaded, engine)`:

1. `prepare`: greyscale, dark regions inverted and every background flattened to white (OpenCV), small
   images enlarged; then Tesseract (`lang="nld"`, falling back to `eng` when the Dutch data is missing,
   page segmentation `PSM`) reads word boxes; words with confidence < 0 (layout rows) are dropped.
2. `ocr_repair.repair_tokens`: words closer than a space that together form one e-mail address are
   merged; look-alike characters in IBAN- and phone-shaped words are corrected ONLY when schwifty /
   phonenumbers confirm the result (see `ocr_repair`).
3. The words are joined into text: words of one line with a space; lines of one paragraph (Tesseract's,
   or a line starting at the same left edge just below: a wrapped chat bubble) with a space when the
   line was wrapped (its next word would not have fitted) and "\\n" otherwise; paragraphs and blocks
   (chat bubbles) with "\\n\\n"; every word keeps its character span.
4. The text engine (`doxwacht.pipeline.Engine`, all detectors) scans that text.
5. Each text finding becomes an `ImageFinding` whose `box` is the union of the boxes of the words
   its span touches, in ORIGINAL image pixels (divided by `LoadedImage.scale` and the OCR upscale). Its
   first evidence is `Evidence("ocr", what Tesseract read)` over those words, then
   `Evidence("ocr-repair", ...)` when a word was repaired, then the detector's own evidence.

Needs the `tesseract` program with Dutch data (Debian: `tesseract-ocr tesseract-ocr-nld`) and the
`pytesseract` package; with `tesserocr` installed (extra `images`: its wheel bundles libtesseract,
and reads Debian's tessdata) Tesseract stays loaded and is used instead of a process per image;
`ocr_available()` says whether both are there. OpenCV (extra `images`) is used for `prepare` when present.
"""

from __future__ import annotations

import functools
import shutil
import statistics
import threading
from dataclasses import dataclass
from typing import Any

from PIL import Image

from doxwacht.findings import Evidence
from doxwacht.images.finding import Box, ImageFinding
from doxwacht.images.load import LoadedImage
from doxwacht.images.ocr_repair import Token, repair_tokens
from doxwacht.images.tesseract import open_api, program_languages, pytesseract_installed

DETECTOR_PREFIX = "img.ocr"
UPSCALE_BELOW = 600  # images smaller than this (longest side) are enlarged UPSCALE times
UPSCALE = 2.0
MIN_X_HEIGHT = 20.0  # px: text whose letters (median blob height) are smaller is enlarged to this height ...
MAX_UPSCALE = 2.5  # ... by at most this factor (Lanczos) ...
MAX_OCR_SIDE = 4000  # ... and never beyond this longest side (time and memory of Tesseract)
PSM = 11  # Tesseract page segmentation: sparse text (every line found; `_layout` rebuilds the order)
DARK_BELOW = 110  # a background darker than this (0-255) is dark mode: inverted
BG_KERNEL = 31  # px, median window that estimates a region's background
CLOSE_KERNEL = 15  # px, closing that removes text strokes to leave the background
PARAGRAPH_GAP = 0.8  # a line this many text heights (or less) below the one before continues it
ROW_GAP = 1.5  # a line this many text heights (or less) right of another on its baseline is the same row


class OcrUnavailable(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    box: Box  # pixels of the image given to OCR
    conf: float
    start: int = 0  # span in the joined text
    end: int = 0
    raw: str = ""  # what Tesseract read (differs from `text` when repaired or merged)
    reason: str = ""  # why it was repaired


def ocr_available(lang: str = "nld") -> bool:
    """True when pytesseract is installed and the tesseract program has `lang` data."""
    return pytesseract_installed() and lang in program_languages()


def _lang(lang: str) -> str:
    langs = program_languages()
    if lang in langs:
        return lang
    if "eng" in langs:
        return "eng"
    raise OcrUnavailable("tesseract zonder taaldata (installeer tesseract-ocr-nld)")


@functools.lru_cache(maxsize=4)
def _tesserocr_api(lang: str) -> Any:
    """A loaded Tesseract (tesserocr, ~0.15 s a 1280x720 screenshot instead of ~0.4 s for a tesseract
    process per image), or None when tesserocr is missing or cannot read the tessdata."""
    return open_api(lang, PSM)


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


def prepare(image: Image.Image) -> tuple[Image.Image, float]:
    """The image as Tesseract reads it best, and the factor it was scaled by.

    Greyscale; with OpenCV, each region's background is estimated (median over `BG_KERNEL` px): where it
    is dark (dark mode, dark headers) the pixels are inverted, then the image is divided by its own
    closing (`CLOSE_KERNEL` px, wider than any stroke), which turns every bubble's and the page's background
    white and leaves dark text on it: one contrast for all bubbles, so Tesseract's layout step no longer
    drops grey or coloured bubbles. Without OpenCV: greyscale, inverted when the median is dark.
    Images whose longest side is below `UPSCALE_BELOW` are enlarged `UPSCALE` times, others whose text is
    small (`text_height` below `MIN_X_HEIGHT`) up to `MAX_UPSCALE` times, to at most `MAX_OCR_SIDE` px
    (Lanczos)."""
    gray = image.convert("L")
    try:
        import cv2
        import numpy as np
    except ImportError:
        from PIL import ImageOps, ImageStat

        if ImageStat.Stat(gray).median[0] < DARK_BELOW:
            gray = ImageOps.invert(gray)
    else:
        g = np.asarray(gray)
        bg = cv2.medianBlur(g, BG_KERNEL)
        g = np.where(bg < DARK_BELOW, 255 - g, g).astype(np.uint8)
        closed = cv2.morphologyEx(g, cv2.MORPH_CLOSE, np.ones((CLOSE_KERNEL, CLOSE_KERNEL), np.uint8))
        flat = cv2.divide(g, np.maximum(closed, 1), scale=255)
        gray = Image.fromarray(flat)
    factor = 1.0
    if max(gray.size) < UPSCALE_BELOW:
        factor = UPSCALE
    else:
        x_height = text_height(gray)
        if x_height and x_height < MIN_X_HEIGHT / 1.15:  # less is not worth a resize
            factor = min(MAX_UPSCALE, MIN_X_HEIGHT / x_height, MAX_OCR_SIDE / max(gray.size))
    if factor > 1.0:
        gray = gray.resize((round(gray.width * factor), round(gray.height * factor)), Image.Resampling.LANCZOS)
    return gray, factor


def text_height(gray: Image.Image) -> float | None:
    """The median height of letter-sized dark blobs (connected components) in a flattened greyscale
    image: about the x-height of its text; None without OpenCV or text."""
    try:
        import cv2
        import numpy as np
    except ImportError:
        return None
    binary = (np.asarray(gray) < 128).astype(np.uint8)
    n, _labels, stats, _c = cv2.connectedComponentsWithStats(binary, connectivity=8)
    h = stats[1:, cv2.CC_STAT_HEIGHT]
    w = stats[1:, cv2.CC_STAT_WIDTH]
    keep = (h >= 4) & (h <= 80) & (w <= 2 * h) & (w >= 2)
    if n < 2 or keep.sum() < 10:
        return None
    return float(np.median(h[keep]))


def _read(image: Image.Image, lang: str) -> list[dict[str, Any]]:
    try:
        import pytesseract
    except ImportError as err:
        raise OcrUnavailable("pytesseract is niet geïnstalleerd") from err
    if shutil.which("tesseract") is None:
        raise OcrUnavailable("het programma tesseract is niet geïnstalleerd (apt-get install tesseract-ocr tesseract-ocr-nld)")
    lang = _lang(lang)
    rows = _tsv_rows(image, lang)
    if rows is None:
        data: dict[str, list[Any]] = pytesseract.image_to_data(image, lang=lang, config=f"--psm {PSM}",
                                                               output_type=pytesseract.Output.DICT)
        keys = ("block_num", "par_num", "line_num", "left", "top", "width", "height", "conf", "text")
        rows = [{k: data[k][i] for k in keys} for i in range(len(data["text"]))]
    return rows


def _tokens(rows: list[dict[str, Any]]) -> list[tuple[Token, float, tuple[int, int]]]:
    """Words (as `Token`s with a line index), their confidence and (block, paragraph)."""
    out = []
    line_index = -1
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
        if key != prev:
            line_index += 1
            prev = key
        x, y, w, h = (int(row[k]) for k in ("left", "top", "width", "height"))
        out.append((Token(text, (x, y, x + w, y + h), line_index), conf, key[:2]))
    return out


def _box(line: list[Token]) -> Box:
    return (min(t.box[0] for t in line), min(t.box[1] for t in line), max(t.box[2] for t in line),
            max(t.box[3] for t in line))


def _rows(boxes: list[Box], heights: list[float]) -> list[list[int]]:
    """Lines grouped into rows: a line that starts just right of another (less than `ROW_GAP` text
    heights) on the same baseline is the rest of that line, split off by Tesseract's layout."""
    rows: list[list[int]] = []
    used: set[int] = set()
    for k in range(len(boxes)):
        if k in used:
            continue
        row = [k]
        used.add(k)
        while True:
            a = boxes[row[-1]]
            h = heights[row[-1]]
            nxt = [m for m in range(len(boxes)) if m not in used and 0 <= boxes[m][0] - a[2] < ROW_GAP * h
                   and min(a[3], boxes[m][3]) - max(a[1], boxes[m][1]) >= 0.5 * min(a[3] - a[1], boxes[m][3] - boxes[m][1])]
            if not nxt:
                break
            m = min(nxt, key=lambda i: boxes[i][0])
            row.append(m)
            used.add(m)
        rows.append(row)
    return rows


def _layout(lines: list[list[Token]], pars: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """Reading order of the lines and what goes before each: " " between the pieces of one row (see
    `_rows`) and for a soft wrap (a row that starts at the left edge of the row above, less than
    `PARAGRAPH_GAP` text heights below it, and whose first word would not have fitted on that row: a
    wrapped chat bubble, wherever Tesseract put it), "\\n" for another line of the same paragraph,
    "\\n\\n" between paragraphs (chat bubbles). A wrapped row follows the row it continues."""
    line_boxes = [_box(line) for line in lines]
    line_heights = [statistics.median(t.height for t in line) for line in lines]
    rows = _rows(line_boxes, line_heights)
    boxes = [(line_boxes[r[0]][0], min(line_boxes[i][1] for i in r), line_boxes[r[-1]][2],
              max(line_boxes[i][3] for i in r)) for r in rows]
    heights = [line_heights[r[0]] for r in rows]
    below: dict[int, int] = {}  # row -> the row that continues it
    taken: set[int] = set()
    for k, a in enumerate(boxes):
        best = None
        for m, b in enumerate(boxes):
            h = max(heights[k], heights[m])
            if m == k or m in taken or not (0 <= b[1] - a[3] < PARAGRAPH_GAP * h and abs(b[0] - a[0]) <= h):
                continue
            if best is None or b[1] < boxes[best][1]:
                best = m
        if best is not None:
            below[k] = best
            taken.add(best)
    order: list[tuple[int, str]] = []
    done: set[int] = set()
    for k in range(len(rows)):
        if k in done or k in taken:
            continue
        chain = [k]
        while chain[-1] in below and below[chain[-1]] not in done and below[chain[-1]] not in chain:
            chain.append(below[chain[-1]])
        right = max(boxes[m][2] for m in chain)  # the paragraph's wrap edge
        for n, m in enumerate(chain):
            if n:
                first = lines[rows[m][0]][0]
                wrapped = boxes[chain[n - 1]][2] + 0.3 * heights[m] + (first.box[2] - first.box[0]) > right
                sep = " " if wrapped else "\n"
            elif not order:
                sep = ""
            else:
                sep = "\n" if pars[order[-1][0]] == pars[rows[m][0]] else "\n\n"
            for i, line in enumerate(rows[m]):
                order.append((line, sep if i == 0 else " "))
            done.add(m)
    for k in range(len(rows)):  # rows left out by a cycle (none expected): in Tesseract's order
        if k not in done:
            order.extend((line, "\n\n" if i == 0 else " ") for i, line in enumerate(rows[k]))
    return order


def ocr_words(image: Image.Image, lang: str = "nld") -> tuple[list[Word], str]:
    """Word boxes (pixels of `image`) and the joined text (see the module docstring), after the repair
    step (`ocr_repair`)."""
    read = _tokens(_read(image, lang))
    if not read:
        return [], ""
    confs = {id(t): c for t, c, _ in read}
    pars_by_line: dict[int, tuple[int, int]] = {}
    for t, _c, par in read:
        pars_by_line.setdefault(t.line, par)
    tokens = repair_tokens([t for t, _c, _p in read])
    lines: list[list[Token]] = []
    for t in tokens:
        if lines and lines[-1][0].line == t.line:
            lines[-1].append(t)
        else:
            lines.append([t])
    words: list[Word] = []
    parts: list[str] = []
    pos = 0
    for k, sep in _layout(lines, [pars_by_line[line[0].line] for line in lines]):
        for n, t in enumerate(lines[k]):
            s = sep if n == 0 else " "
            parts.append(s)
            pos += len(s)
            words.append(Word(t.text, t.box, confs.get(id(t), 0.0), pos, pos + len(t.text), t.raw or t.text, t.reason))
            parts.append(t.text)
            pos += len(t.text)
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
    found, text, _extras = ocr_scan(loaded, engine, lang=lang, image=image)
    return found, text


def ocr_scan(
    loaded: LoadedImage,
    engine: Any = None,
    *,
    lang: str = "nld",
    image: str | None = None,
) -> tuple[list[ImageFinding], str, dict[str, Any]]:
    """`ocr_findings`, plus what the engine's analyzers (watchlist, intent, verdict) said about the
    OCR text: the `ScanResult.to_dict()` keys other than `id` and `findings` ({} without text)."""
    if engine is None:
        from doxwacht.pipeline import Engine

        engine = Engine()
    img, factor = prepare(loaded.image)
    scale = loaded.scale * factor
    words, text = ocr_words(img, lang)
    if not text:
        return [], "", {}
    result = engine.scan(text)
    extras = {k: v for k, v in result.to_dict().items() if k not in ("id", "findings")}
    name = image if image is not None else loaded.source
    out: list[ImageFinding] = []
    for f in result.findings:
        touched = [w for w in words if w.start < f.end and w.end > f.start]
        if not touched:
            continue
        box = _union([w.box for w in touched], scale)
        evidence = [Evidence("ocr", _as_read(text, f.start, f.end, touched))]
        repaired = [w for w in touched if w.reason]
        if repaired:
            evidence.append(Evidence("ocr-repair", "; ".join(f"{w.raw} -> {w.text}: {w.reason}" for w in repaired)))
        out.append(
            ImageFinding(
                f.label,
                name,
                box,
                None,
                f.value,
                f.score,
                f"{DETECTOR_PREFIX}+{f.detector}",
                tuple(evidence) + tuple(f.evidence),
            )
        )
    return out, text, extras


def _as_read(text: str, start: int, end: int, touched: list[Word]) -> str:
    """`text[start:end]` with each repaired word as Tesseract read it."""
    parts = []
    cur = start
    for w in touched:
        if not w.reason:
            continue
        parts.append(text[cur : max(cur, w.start)])
        parts.append(w.raw)
        cur = max(cur, min(w.end, end))
    parts.append(text[cur:end])
    return "".join(parts)
