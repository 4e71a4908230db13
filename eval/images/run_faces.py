"""Face eval: recall at IoU >= 0.3 on faces >= 20 px wide, and false positives on photos without faces.

Everything comes from scikit-image's bundled sample data (no download):

* `photos`: the two sample photos with a face (astronaut, camera), as they are and rescaled;
* `composites`: the astronaut's and the cameraman's faces cut out (with some hair and neck) and pasted,
  scaled to 20-160 px face width, 1-4 per scene, onto other sample photos and generated pictures,
  some saved as JPEG q50;
* `lfw`: the 100 face crops of `skimage.data.lfw_subset()` (25x25 px greyscale, tight crops),
  upscaled to 40-100 px and pasted (hard: blurry, no context) - reported apart;
* negatives: sample photos without people (coffee, chelsea (a cat), rocket, coins, horse, ...),
  textures (brick, grass, gravel), the 100 LFW non-face crops pasted, and generated pictures;
  `--more-negatives` adds 279 more: the non-face crops pasted at 30-140 px (3 layouts, one as JPEG
  q50), the sample photos at x0.5 and x2 as JPEG q60, generated pictures, plate scenes and chat
  screenshots (these were used to choose the second look's thresholds: not held out).

    .venv/bin/python eval/images/run_faces.py [--max-side 1280] [--coarse-side 640 | 0] [--no-verify]
        [--more-negatives] [--out eval/images/faces_results.json]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import time

import numpy as np
from PIL import Image
from skimage import data

from doxwacht.images.faces import DEFAULT_COARSE_SIDE, DEFAULT_MAX_SIDE, FaceDetector
from doxwacht.images.synth import chat_screenshot, pattern_image, plate_scene

# face boxes in the sample photos (x0, y0, x1, y1), checked by eye
FACES = {"astronaut": (180, 60, 270, 180), "camera": (200, 118, 258, 196)}
NEGATIVE = ["coffee", "chelsea", "rocket", "coins", "horse", "immunohistochemistry", "moon", "clock",
            "brick", "grass", "gravel", "page", "text", "hubble_deep_field", "colorwheel", "logo", "retina"]


def rgb(name: str) -> Image.Image:
    arr = getattr(data, name)()
    if arr.dtype != np.uint8:
        arr = (arr * 255).clip(0, 255).astype(np.uint8) if arr.dtype != bool else arr.astype(np.uint8) * 255
    return Image.fromarray(arr).convert("RGB")


def iou(a, b) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union else 0.0


def jpeg(img: Image.Image, q: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=q)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def face_patches() -> list[tuple[Image.Image, tuple[float, float, float, float]]]:
    """Cut-outs around each sample face, with the face box inside the cut-out (relative, 0..1)."""
    out = []
    for name, (x0, y0, x1, y1) in FACES.items():
        w, h = x1 - x0, y1 - y0
        cx0, cy0, cx1, cy1 = x0 - 0.5 * w, y0 - 0.4 * h, x1 + 0.5 * w, y1 + 0.4 * h
        img = rgb(name)
        cut = img.crop((int(cx0), int(cy0), int(cx1), int(cy1)))
        rel = ((x0 - int(cx0)) / cut.width, (y0 - int(cy0)) / cut.height,
               (x1 - int(cx0)) / cut.width, (y1 - int(cy0)) / cut.height)
        out.append((cut, rel))
    return out


def composite(seed: int, patches, backgrounds) -> tuple[Image.Image, list[tuple[float, float, float, float]]]:
    rnd = random.Random(seed)
    bg = backgrounds[seed % len(backgrounds)]
    size = rnd.choice([(1280, 720), (960, 640), (800, 800)])
    scene = bg.resize(size)
    boxes: list[tuple[float, float, float, float]] = []
    taken: list[tuple[int, int, int, int]] = []
    for _ in range(rnd.randint(1, 4)):
        cut, rel = rnd.choice(patches)
        face_w = rnd.choice([20, 24, 28, 32, 40, 56, 80, 110, 160])
        scale = face_w / ((rel[2] - rel[0]) * cut.width)
        pw, ph = max(1, int(cut.width * scale)), max(1, int(cut.height * scale))
        for _try in range(20):
            x, y = rnd.randint(0, size[0] - pw), rnd.randint(0, size[1] - ph)
            if all(x + pw < t[0] or t[2] < x or y + ph < t[1] or t[3] < y for t in taken):
                break
        else:
            continue
        scene.paste(cut.resize((pw, ph), Image.Resampling.LANCZOS), (x, y))
        taken.append((x, y, x + pw, y + ph))
        boxes.append((x + rel[0] * pw, y + rel[1] * ph, x + rel[2] * pw, y + rel[3] * ph))
    if seed % 3 == 0:
        scene = jpeg(scene, 50)
    return scene, boxes


def more_negatives(backgrounds, lfw) -> list[Image.Image]:
    out = []
    for seed in (21, 22, 23):
        rnd = random.Random(seed)
        for k in range(100, 200, 4):
            scene = backgrounds[(k // 4 + seed) % len(backgrounds)].resize((1280, 720))
            for j in range(4):
                crop = Image.fromarray((lfw[k + j] * 255).astype(np.uint8)).convert("RGB")
                w = rnd.randint(30, 140)
                scene.paste(crop.resize((w, w), Image.Resampling.BICUBIC), (20 + j * 310, rnd.randint(10, 570)))
            out.append(jpeg(scene, 50) if seed == 22 else scene)
    for name in NEGATIVE:
        img = rgb(name)
        for f in (0.5, 2.0):
            out.append(jpeg(img.resize((max(16, int(img.width * f)), max(16, int(img.height * f)))), 60))
    out += [pattern_image(300 + s, (1280, 720)) for s in range(40)]
    out += [pattern_image(500 + s, (1280, 720)) for s in range(60)]
    out += [plate_scene(s)[0] for s in range(30)]
    for s in range(40):
        msgs = ["Hij woont op Kerkweg 4, 1234 AB Zwolle", "bel 06-12345678 :)", "oké tot morgen", "wie is dit?"]
        size = (1280, 720) if s < 20 else (720, 1280)
        out.append(chat_screenshot(msgs, size=size, seed=100 + s, dark=s % 2 == 0)[0])
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=120, help="composite scenes")
    ap.add_argument("--out", default="eval/images/faces_results.json")
    ap.add_argument("--max-side", type=int, default=DEFAULT_MAX_SIDE, help="FaceDetector max_side (default 1280)")
    ap.add_argument("--coarse-side", type=int, default=DEFAULT_COARSE_SIDE,
                    help="FaceDetector coarse_side: first pass size, full size only around proposals (0: one pass)")
    ap.add_argument("--no-verify", action="store_true", help="no second look at candidates below the threshold")
    ap.add_argument("--more-negatives", action="store_true", help="279 more images without faces")
    args = ap.parse_args()
    det = FaceDetector(max_side=args.max_side, coarse_side=args.coarse_side or None, verify=not args.no_verify)
    sets: dict[str, list[tuple[Image.Image, list]]] = {"photos": [], "composites": [], "lfw": []}
    for name, box in FACES.items():
        img = rgb(name)
        for f in (1.0, 0.5, 2.0):
            sets["photos"].append((img.resize((int(img.width * f), int(img.height * f))), [tuple(v * f for v in box)]))
    patches = face_patches()
    backgrounds = [rgb(n) for n in ("coffee", "rocket", "horse", "coins", "immunohistochemistry")]
    backgrounds += [pattern_image(s, (1280, 720)) for s in range(5)]
    for seed in range(args.n):
        sets["composites"].append(composite(seed, patches, backgrounds))
    lfw = data.lfw_subset()
    rnd = random.Random(1)
    for k in range(0, 100, 4):
        scene = backgrounds[k % len(backgrounds)].resize((960, 640))
        boxes = []
        for j in range(4):
            face = Image.fromarray((lfw[k + j] * 255).astype(np.uint8)).convert("RGB")
            w = rnd.randint(40, 100)
            x, y = 40 + j * 220, rnd.randint(40, 500)
            scene.paste(face.resize((w, w), Image.Resampling.BICUBIC), (x, y))
            boxes.append((x, y, x + w, y + w))
        sets["lfw"].append((scene, boxes))
    result: dict[str, object] = {"max_side": args.max_side, "coarse_side": args.coarse_side or None,
                                 "verify": det.verify}
    t0 = time.perf_counter()
    images = 0
    by_width: dict[str, list[int]] = {}
    for name, items in sets.items():
        total = found = extra = 0
        for img, boxes in items:
            images += 1
            got = [f.box for f in det.detect(img)]
            used: set[int] = set()
            for b in boxes:
                if b[2] - b[0] < 20:
                    continue
                total += 1
                wb = f"{int(b[2] - b[0]) // 20 * 20}-{int(b[2] - b[0]) // 20 * 20 + 19}px"
                by_width.setdefault(f"{name} {wb}", [0, 0])[0] += 1
                hit = next((k for k, g in enumerate(got) if k not in used and iou(g, b) >= 0.3), None)
                if hit is not None:
                    used.add(hit)
                    found += 1
                    by_width[f"{name} {wb}"][1] += 1
            extra += len(got) - len(used)
        result[name] = {"faces": total, "found": found, "recall": round(found / total, 4) if total else None,
                        "unmatched_detections": extra}
    neg_imgs = [rgb(n) for n in NEGATIVE] + [pattern_image(100 + s, (1280, 720)) for s in range(30)]
    for k in range(100, 200, 4):
        scene = backgrounds[k % len(backgrounds)].resize((960, 640))
        for j in range(4):
            crop = Image.fromarray((lfw[k + j] * 255).astype(np.uint8)).convert("RGB")
            scene.paste(crop.resize((70, 70)), (40 + j * 220, 200))
        neg_imgs.append(scene)
    if args.more_negatives:
        neg_imgs += more_negatives(backgrounds, lfw)
    fp_images = fp = 0
    fp_names = []
    for k, img in enumerate(neg_imgs):
        images += 1
        got = det.detect(img)
        fp += len(got)
        fp_images += bool(got)
        if got:
            fp_names.append(NEGATIVE[k] if k < len(NEGATIVE) else f"negative-{k}")
    result["negatives"] = {"images": len(neg_imgs), "false_faces": fp, "images_with_false_faces": fp_images,
                           "which": fp_names}
    result["recall_by_width"] = {k: f"{v[1]}/{v[0]}" for k, v in sorted(by_width.items())}
    result["seconds_per_image"] = round((time.perf_counter() - t0) / images, 3)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(result, fh, indent=1)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
