"""Licence plate eval: rendered Dutch plates of every sidecode on photos, rotated, small, JPEG-compressed.

Scenes: scikit-image's bundled sample photos and generated photo-like pictures as backgrounds, 1-3
plates each (sidecodes 1-14 in turn, 16-70 px high, turned up to 15 degrees), plus yellow look-alike
signs (SNACKBAR, TAXI, A12, ...) that must NOT be reported; saved as JPEG at quality 35-90.

A plate counts as found when a reported plate has the same text and a box overlapping it (IoU >= 0.3).
Precision: correct reports / all reports (a wrongly read plate counts against both).

    .venv/bin/python eval/images/run_plates.py [--n 150] [--out eval/images/plates_results.json]
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import random
import sys
import time

import numpy as np
from PIL import Image

from doxwacht.images.load import load_image
from doxwacht.images.plates import PlateReader
from doxwacht.images.synth import plate_scene

PHOTOS = ["astronaut", "coffee", "chelsea", "camera", "rocket", "motorcycle_left", "horse", "coins", "immunohistochemistry"]


def iou(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    ix = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union else 0.0


def backgrounds() -> list[Image.Image]:
    out = []
    try:
        from skimage import data

        for name in PHOTOS:
            try:
                arr = getattr(data, name)()
            except Exception:
                continue
            if arr.dtype != np.uint8:
                arr = (arr * 255).clip(0, 255).astype(np.uint8)
            out.append(Image.fromarray(arr).convert("RGB"))
    except ImportError:
        pass
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=150)
    ap.add_argument("--out", default="eval/images/plates_results.json")
    args = ap.parse_args()
    reader = PlateReader()
    bgs = backgrounds()
    rnd = random.Random(0)
    per_code: dict[int, list[int]] = collections.defaultdict(lambda: [0, 0])
    per_height: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    total = found = reported = correct = 0
    misses: list[dict[str, object]] = []
    wrong: list[dict[str, object]] = []
    t0 = time.perf_counter()
    for i in range(args.n):
        bg = bgs[i % len(bgs)] if bgs and i % 2 == 0 else None
        scene, placed = plate_scene(i, bg, plates=1 + i % 3, signs=1 + i % 2)
        q = rnd.randint(35, 90)
        buf = io.BytesIO()
        scene.save(buf, "JPEG", quality=q)
        got = reader.read(load_image(buf.getvalue()).image)
        reported += len(got)
        used: set[int] = set()
        for p in placed:
            total += 1
            h = p.box[3] - p.box[1]
            hb = "<25" if h < 25 else ("25-40" if h < 40 else ">=40")
            per_code[p.sidecode][0] += 1
            per_height[hb][0] += 1
            hit = next((k for k, g in enumerate(got) if k not in used and g.text == p.text and iou(g.box, p.box) >= 0.3), None)
            if hit is not None:
                used.add(hit)
                found += 1
                per_code[p.sidecode][1] += 1
                per_height[hb][1] += 1
            else:
                misses.append({"scene": i, "plate": p.text, "box": p.box, "jpeg": q,
                               "read": [(g.text, g.ocr) for g in got]})
        correct += len(used)
        for k, g in enumerate(got):
            if k not in used:
                wrong.append({"scene": i, "text": g.text, "ocr": g.ocr, "box": g.box, "truth": [p.text for p in placed]})
    dt = time.perf_counter() - t0
    result = {
        "scenes": args.n, "plates": total, "found": found, "reported": reported,
        "recall": round(found / total, 4) if total else None,
        "precision": round(correct / reported, 4) if reported else None,
        "recall_by_sidecode": {c: round(v[1] / v[0], 3) for c, v in sorted(per_code.items())},
        "recall_by_height_px": {k: f"{v[1]}/{v[0]}" for k, v in sorted(per_height.items())},
        "seconds_per_scene": round(dt / args.n, 3),
        "misses": misses[:40], "false_reports": wrong[:40],
    }
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(result, fh, indent=1)
    print(json.dumps({k: v for k, v in result.items() if k not in ("misses", "false_reports")}, indent=1))
    print(f"misses: {len(misses)}, false reports: {len(wrong)} (details in {args.out})", file=sys.stderr)


if __name__ == "__main__":
    main()
