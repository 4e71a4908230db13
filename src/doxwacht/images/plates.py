"""Dutch licence plates in photos: colour and shape propose, OCR reads, the sidecode rules confirm.

No licence-plate model ships in any package, so (OpenCV + Tesseract):

1. Propose: yellow pixels (HSV hue 14-38 of 180, saturation and value >= 90; and a strict mask,
   >= 150, for plates next to yellowish surroundings), each mask as it is, opened and closed; each
   outer contour's minimum-area rectangle must have the plate's shape (long / short side 2.6..6.5; a
   plate's yellow part is about 4.4:1 without the blue EU band), be rectangular (contour area /
   rectangle area >= 0.72) and have a short side >= 8 px; at most 16, largest first.
2. Read: the rectangle is turned upright (any angle; steep ones both ways up), inset so the rim and
   the EU band stay out, scaled to 40 px character height, binarised (Otsu), and read by Tesseract
   as one line (psm 7) with a whitelist of plate characters (A-Z, 0-9, dash): `tesserocr` when
   installed (Tesseract stays loaded, ~10 ms a plate, alternatives per character), else `pytesseract`.
3. Confirm: the OCR'd text is fitted to every sidecode (1-14) with the same group lengths (when the
   dashes were read); per position the most confident alternative of the right kind (letter/digit)
   is taken, else a look-alike (0->D, 8->B, 5->S, 2->Z, ...: `_AS_LETTER`, `_AS_DIGIT`; at most two);
   without dashes no correction at all; the result must pass the text plate detector
   (`doxwacht.detectors.nl.plate`: RDW letters, forbidden combinations, sidecode shapes). A yellow
   sign with other text is refused here.

`PlateReader().read(image)` -> `list[Plate]` (box in the pixels of the image given, text with dashes,
compact value, sidecode, score); `plate_findings(loaded, reader)` -> `ImageFinding`s with label
`LICENSE_PLATE`, the box in ORIGINAL image pixels, value the compact plate (as the text detector's),
evidence: the OCR'd text and the sidecode.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image

from doxwacht.findings import Evidence
from doxwacht.images.finding import Box, ImageFinding
from doxwacht.images.load import LoadedImage
from doxwacht.images.tesseract import (
    has_tessdata,
    open_api,
    pytesseract_installed,
    tesserocr_installed,
)

PSM_SINGLE_LINE = 7  # tesserocr.PSM.SINGLE_LINE, Tesseract's --psm 7

LICENSE_PLATE = "LICENSE_PLATE"
DETECTOR = "img.plate.v1"
WHITELIST = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"
MAX_CANDIDATES = 16  # OCR calls per image at most (largest candidates first)
MAX_SIDE = 1600  # colour search on a reduced copy of larger images
CHAR_HEIGHT = 40  # character height for OCR, in pixels (characters fill ~75% of the plate's height)
INSET_W, INSET_H = 0.015, 0.06  # keep the rim out of the crop

# OCR confusions, resolved by the position's kind (letter or digit) in the sidecode
_AS_LETTER = {"0": "D", "8": "B", "5": "S", "2": "Z", "6": "G", "7": "T", "4": "H", "1": "J", "3": "B"}
_AS_DIGIT = {"O": "0", "D": "0", "Q": "0", "U": "0", "I": "1", "L": "1", "J": "1", "T": "7", "Z": "2", "S": "5",
             "B": "8", "G": "6", "A": "4", "E": "3", "H": "4"}


class PlatesUnavailable(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class Plate:
    box: Box  # axis-aligned, pixels of the image given
    text: str  # with dashes: "AB-12-CD"
    value: str  # compact upper case: "AB12CD"
    sidecode: int
    score: float
    ocr: str  # what Tesseract read
    angle: float  # degrees the plate was turned


def plates_available() -> bool:
    try:
        import cv2  # noqa: F401
    except ImportError:
        return False
    if tesserocr_installed():
        return has_tessdata("eng")
    return pytesseract_installed()


@functools.lru_cache(maxsize=1)
def _plate_detector() -> Any:
    from doxwacht.detectors.nl.plate import PlateDetector

    return PlateDetector()


_EDGE = "1IJL"  # a rim or band edge read as a character
Choices = list[list[tuple[str, float]]]  # per character of the OCR text: (character, confidence 0..100)


def _clean(ocr_text: str, choices: Choices | None) -> tuple[str, Choices | None]:
    """Upper case, only plate characters; `choices` kept aligned with the result (or dropped when
    they do not match the text)."""
    text = ocr_text.upper().replace("—", "-").replace("–", "-")
    if choices is not None and len(choices) != len(re.sub(r"\s", "", text)):
        choices = None
    if choices is None:
        return re.sub(r"[^A-Z0-9-]", "", text), None
    kept = [(c, ch) for c, ch in zip(re.sub(r"\s", "", text), choices, strict=True) if re.match(r"[A-Z0-9-]", c)]
    return "".join(c for c, _ in kept), [ch for _, ch in kept]


def confirm(ocr_text: str, choices: Choices | None = None) -> tuple[str, str, int, float] | None:
    """Fit OCR'd plate text to the sidecodes; returns (dashed, compact, sidecode, score) or None.
    A stray 1/I/J/L at either end (the rim read as a character) may be dropped. `choices` (Tesseract's
    alternatives per character, from `tesserocr`) decide between look-alikes: in a letter position
    the most confident letter among the alternatives is taken, in a digit position the most confident
    digit."""
    raw, ch = _clean(ocr_text, choices)
    lo, hi = 0, len(raw)
    while lo < hi and raw[lo] == "-":
        lo += 1
    while hi > lo and raw[hi - 1] == "-":
        hi -= 1
    spans = [(lo, hi)]
    if hi > lo and raw[lo] in _EDGE:
        spans.append((lo + 1, hi))
    if hi > lo and raw[hi - 1] in _EDGE:
        spans.append((lo, hi - 1))
        if raw[lo] in _EDGE:
            spans.append((lo + 1, hi - 1))
    best = None
    for k, (a, b) in enumerate(spans):
        while a < b and raw[a] == "-":
            a += 1
        while b > a and raw[b - 1] == "-":
            b -= 1
        got = _confirm_one(raw[a:b], ch[a:b] if ch is not None else None)
        if got is not None:
            got = (got[0], got[1], got[2], got[3] - (0.05 if k else 0.0))
            if best is None or got[3] > best[3]:
                best = got
    return best


def _pick(ch: str, alts: list[tuple[str, float]] | None, kind: str, allowed: str) -> tuple[str, float, bool] | None:
    """The character for one position: (character, cost, look-alike fix used) or None."""
    want = str.isalpha if kind == "X" else str.isdigit
    if alts:
        top = max(conf for _, conf in alts)
        fitting = [(c, conf) for c, conf in alts if len(c) == 1 and want(c) and c in allowed]
        if fitting:
            c, conf = max(fitting, key=lambda t: t[1])
            if c == ch or conf >= 1.0:
                return c, max(0.0, top - conf) / 100, False
    if want(ch) and ch in allowed:
        return ch, 0.0, False
    mapped = (_AS_LETTER if kind == "X" else _AS_DIGIT).get(ch)
    if mapped is not None and mapped in allowed:
        return mapped, 0.0, True
    return None


def _confirm_one(raw: str, choices: Choices | None) -> tuple[str, str, int, float] | None:
    from doxwacht.detectors.nl.plate import LETTERS, OLD_LETTERS, SIDECODES
    from doxwacht.document import Document

    groups = [g for g in raw.split("-") if g]
    compact = "".join(groups)
    alts = [c for c, sym in zip(choices, raw, strict=True) if sym != "-"] if choices is not None else None
    if not 6 <= len(compact) <= 8:
        return None
    dashes = len(groups) == 3
    tried: list[tuple[str, int, int, float]] = []  # (dashed, sidecode, look-alike fixes, cost)
    for code, shape in SIDECODES.items():
        parts = shape.split("-")
        kinds = "".join(parts)
        if len(kinds) != len(compact):
            continue
        if dashes and [len(g) for g in groups] != [len(p) for p in parts]:
            continue  # dashes were read: the group lengths must agree
        letters = OLD_LETTERS if code <= 3 else LETTERS
        out, fixes, cost = [], 0, 0.0
        for i, (c, kind) in enumerate(zip(compact, kinds, strict=True)):
            got = _pick(c, alts[i] if alts else None, kind, letters if kind == "X" else "0123456789")
            if got is None:
                break
            out.append(got[0])
            cost += got[1]
            fixes += got[2]
        else:
            if not dashes and (fixes or cost > 0.05):
                continue  # without the dashes a sign's word fits too easily: no corrections
            if fixes > 2:
                continue
            fixed, pos, dashed_parts = "".join(out), 0, []
            for p in parts:
                dashed_parts.append(fixed[pos : pos + len(p)])
                pos += len(p)
            tried.append(("-".join(dashed_parts), code, fixes, cost))
    best: tuple[str, str, int, float] | None = None
    for dashed, code, fixes, cost in sorted(tried, key=lambda t: (t[2], t[3])):
        found = [f for f in _plate_detector().detect(Document(dashed)) if f.text == dashed]
        if not found:
            continue
        score = max(0.5, 0.95 - 0.1 * fixes - min(0.08, 0.2 * cost) - (0.0 if dashes else 0.1))
        if best is None or score > best[3]:
            best = (dashed, found[0].value, code, score)
    return best


def _yellow_masks(bgr: np.ndarray) -> list[np.ndarray]:
    """Loose (plates in shade) and strict (bright plate yellow only: apart from yellowish hair, wood,
    skin around it) yellow masks."""
    import cv2

    hsv = cv2.cvtColor(bgr, cv2.COLOR_BGR2HSV)
    return [cv2.inRange(hsv, (14, 90, 90), (38, 255, 255)), cv2.inRange(hsv, (16, 150, 150), (34, 255, 255))]


def _proposals(bgr: np.ndarray) -> list[tuple[Any, float]]:
    """Rotated rectangles with the plate's shape, largest first, with their rectangularity. Contours
    of the yellow mask as it is (a plate's thin black rim keeps it apart from yellow surroundings),
    after a small opening (a rim blurred by JPEG: thin bridges to yellowish surroundings cut) and after
    a small closing (JPEG noise, characters touching the edge); near-duplicates dropped."""
    import cv2

    h, w = bgr.shape[:2]
    k = max(3, round(min(h, w) / 300) | 1)
    variants = []
    for mask in _yellow_masks(bgr):
        variants.append(mask)
        variants.append(cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))))
        variants.append(cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))))
    out: list[tuple[Any, float, float]] = []
    for m in variants:
        contours, _ = cv2.findContours(m, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for c in contours:
            area = cv2.contourArea(c)
            if area < 120:
                continue
            rect = cv2.minAreaRect(c)
            (rw, rh) = rect[1]
            long_side, short_side = max(rw, rh), min(rw, rh)
            if short_side < 8 or long_side / short_side < 2.6 or long_side / short_side > 6.5:
                continue
            fill = area / (rw * rh + 1e-9)
            if fill < 0.72:
                continue
            (cx, cy) = rect[0]
            if any(abs(cx - o[0][0][0]) < short_side / 2 and abs(cy - o[0][0][1]) < short_side / 2 for o in out):
                continue
            out.append((rect, fill, long_side * short_side))
    out.sort(key=lambda t: -t[2])
    return [(r, f) for r, f, _ in out[:MAX_CANDIDATES]]


def _upright_crop(bgr: np.ndarray, rect: Any) -> list[tuple[np.ndarray, float]]:
    """The rectangle's content turned upright (landscape), slightly inset (so the black rim and the
    blue band stay out), grey, binarised black on white with a white margin."""
    import cv2

    (cx, cy), (rw, rh), angle = rect
    if rw < rh:  # make the long side horizontal
        rw, rh = rh, rw
        angle += 90.0
    if angle > 90:
        angle -= 180
    if angle < -90:
        angle += 180
    m = cv2.getRotationMatrix2D((cx, cy), angle, 1.0)
    size = (max(8, int(rw * (1 - 2 * INSET_W))), max(8, int(rh * (1 - 2 * INSET_H))))
    m[0, 2] += size[0] / 2 - cx
    m[1, 2] += size[1] / 2 - cy
    crop = cv2.warpAffine(bgr, m, size, flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    grey = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    factor = CHAR_HEIGHT / 0.75 / max(1, grey.shape[0])
    grey = cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
    _, bw = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bw = cv2.copyMakeBorder(bw, 16, 16, 16, 16, cv2.BORDER_CONSTANT, value=255)
    crops = [(bw, angle)]
    if abs(angle) > 45:  # a steep rectangle could be either way up: try the half turn too
        crops.append((cv2.rotate(bw, cv2.ROTATE_180), angle + 180))
    return crops


class _Tesseract:
    """One line of plate characters: `tesserocr` (the API stays loaded, ~10 ms a line) when installed,
    else `pytesseract` (a tesseract process per call, ~150 ms)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        # None without tesserocr or readable tessdata: the tesseract program (pytesseract) then
        self.api: Any = open_api("eng", PSM_SINGLE_LINE, {
            "tessedit_char_whitelist": WHITELIST,
            "lstm_choice_mode": "2",  # alternatives per character
        })

    def line(self, image: np.ndarray) -> tuple[str, Choices | None]:
        """The text read, and per character Tesseract's alternatives (tesserocr only)."""
        if self.api is not None:
            import tesserocr

            with self.lock:  # one tesserocr API, one image at a time (the web server has threads)
                self.api.SetImage(Image.fromarray(image))
                self.api.Recognize()
                text = str(self.api.GetUTF8Text()).strip()
                if not text:
                    return "", None
                choices: Choices | None = []
                level = tesserocr.RIL.SYMBOL
                try:
                    it = self.api.GetIterator()
                    for r in tesserocr.iterate_level(it, level):
                        sym = r.GetUTF8Text(level) or ""
                        alts = [(c.GetUTF8Text() or "", float(c.Confidence())) for c in r.GetChoiceIterator()]
                        choices.extend([alts or [(sym, float(r.Confidence(level)))]] * len(sym))  # type: ignore[union-attr]
                except RuntimeError:  # no symbols: the plain text is used
                    choices = None
                return text, choices
        import pytesseract

        return str(pytesseract.image_to_string(
            Image.fromarray(image), lang="eng", config=f"--psm 7 -c tessedit_char_whitelist={WHITELIST}"
        )).strip(), None


class PlateReader:
    """Finds and reads Dutch (yellow) licence plates."""

    def __init__(self, min_score: float = 0.5):
        if not plates_available():
            raise PlatesUnavailable(
                "kentekenherkenning vereist opencv-python-headless, pytesseract en tesseract-ocr"
            )
        self.min_score = min_score
        self.tesseract = _Tesseract()

    def read(self, image: Image.Image) -> list[Plate]:
        import cv2

        rgb = np.asarray(image.convert("RGB"))
        h, w = rgb.shape[:2]
        scale = min(1.0, MAX_SIDE / max(h, w))
        bgr_full = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
        bgr = bgr_full if scale == 1.0 else cv2.resize(bgr_full, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        plates: list[Plate] = []
        for rect, fill in _proposals(bgr):
            (cx, cy), (rw, rh), ang = rect
            full_rect = ((cx / scale, cy / scale), (rw / scale, rh / scale), ang)
            best: Plate | None = None
            for crop, turned in _upright_crop(bgr_full, full_rect):
                text, choices = self.tesseract.line(crop)
                got = confirm(text, choices)
                if got is None:
                    continue
                dashed, value, code, score = got
                score = min(1.0, score * (0.9 + 0.1 * fill))
                pts = cv2.boxPoints(full_rect)
                x0, y0 = np.floor(pts.min(axis=0)).astype(int)
                x1, y1 = np.ceil(pts.max(axis=0)).astype(int)
                box = (max(0, int(x0)), max(0, int(y0)), min(w, int(x1)), min(h, int(y1)))
                plate = Plate(box, dashed, value, code, score, text, float(turned))
                if best is None or plate.score > best.score:
                    best = plate
            if best is not None and best.score >= self.min_score:
                plates.append(best)
        return plates


@functools.lru_cache(maxsize=1)
def default_reader() -> PlateReader:
    return PlateReader()


def plate_findings(loaded: LoadedImage, reader: PlateReader | None = None, *, image: str | None = None) -> list[ImageFinding]:
    """LICENSE_PLATE findings with boxes in ORIGINAL image pixels."""
    from doxwacht.detectors.nl.plate import SIDECODES

    rd = reader or default_reader()
    name = image if image is not None else loaded.source
    ow, oh = loaded.original_size
    out: list[ImageFinding] = []
    for p in rd.read(loaded.image):
        x0, y0, x1, y1 = (v / loaded.scale for v in p.box)
        box = (max(0, int(x0)), max(0, int(y0)), min(ow, round(x1)), min(oh, round(y1)))
        out.append(ImageFinding(
            LICENSE_PLATE, name, box, None, p.value, p.score, DETECTOR,
            (Evidence("ocr", p.ocr), Evidence("plate", p.text),
             Evidence("pattern", f"sidecode {p.sidecode} ({SIDECODES[p.sidecode]})"),
             Evidence("colour", "geel kenteken (kleur en vorm)")),
        ))
    return out
