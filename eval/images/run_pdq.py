"""PDQ robustness eval: match rate after resize, JPEG q50 and brightness; false matches.

Images: scikit-image's bundled sample photos (when scikit-image is installed; no download) and
generated photo-like pictures (`doxwacht.images.synth.pattern_image`).

    .venv/bin/python eval/images/run_pdq.py [--n 200] [--negatives 600] [--reference] [--out eval/images/pdq_results.json]

`--reference`: hash with PDQ's own reduction (`hash_image(..., reference=True)`, before the 64x64
resampling). False matches: every pair of different usable images (the sample set plus `--negatives`
more generated pictures), once hash against hash and once as `match` sees it: the query's 16 hashes
(8 flips/rotations, resampled and reference) against the other image's hash.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import sys

import numpy as np
from PIL import Image, ImageEnhance

from doxwacht.images.load import load_image
from doxwacht.images.pdq import (
    DEFAULT_THRESHOLD,
    MIN_QUALITY,
    hash_image,
    hash_variants,
    pack,
)
from doxwacht.images.synth import pattern_image

SKIMAGE = ["astronaut", "coffee", "chelsea", "camera", "rocket", "immunohistochemistry",
           "hubble_deep_field", "retina", "page", "text", "moon", "horse", "clock", "coins", "grass", "gravel",
           "brick", "colorwheel", "logo", "motorcycle_left"]


# textures, text pages and synthetic graphics: PDQ's known weak spot, reported separately
NON_PHOTO = {"page", "text", "brick", "grass", "gravel", "colorwheel", "logo", "hubble_deep_field"}


def sample_images(n: int, photos_only: bool = False) -> list[tuple[str, Image.Image]]:
    out: list[tuple[str, Image.Image]] = []
    try:
        from skimage import data

        for name in SKIMAGE:
            if photos_only and name in NON_PHOTO:
                continue
            try:
                arr = getattr(data, name)()
            except Exception:
                continue
            if arr.dtype != np.uint8:
                arr = (arr * 255).clip(0, 255).astype(np.uint8) if arr.dtype != bool else arr.astype(np.uint8) * 255
            out.append((f"skimage:{name}", Image.fromarray(arr).convert("RGB")))
    except ImportError:
        pass
    for seed in range(n):
        out.append((f"pattern:{seed}", pattern_image(seed, (640, 480))))
    return out


def jpeg(im: Image.Image, q: int) -> Image.Image:
    b = io.BytesIO()
    im.save(b, "JPEG", quality=q)
    return load_image(b.getvalue()).image


TRANSFORMS = {
    "resize_0.5": lambda im: im.resize((max(1, im.width // 2), max(1, im.height // 2)), Image.Resampling.LANCZOS),
    "resize_2.0": lambda im: im.resize((im.width * 2, im.height * 2), Image.Resampling.BICUBIC),
    "resize_320w": lambda im: im.resize((320, max(1, round(im.height * 320 / im.width)))),
    "jpeg_q50": lambda im: jpeg(im, 50),
    "brightness_+20%": lambda im: ImageEnhance.Brightness(im).enhance(1.2),
    "brightness_-20%": lambda im: ImageEnhance.Brightness(im).enhance(0.8),
    "resize_0.5+jpeg_q50": lambda im: jpeg(im.resize((im.width // 2, im.height // 2)), 50),
}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200, help="generated pictures")
    ap.add_argument("--out", default="eval/images/pdq_results.json")
    ap.add_argument("--photos-only", action="store_true", help="leave out textures, text pages, graphics")
    ap.add_argument("--negatives", type=int, default=600, help="more generated pictures for the false-match count")
    ap.add_argument("--reference", action="store_true", help="PDQ's own reduction (no 64x64 resampling first)")
    args = ap.parse_args()
    imgs = sample_images(args.n, args.photos_only)
    ref = args.reference
    hashes = {name: hash_image(im, reference=ref) for name, im in imgs}
    usable = [name for name, _ in imgs if hashes[name].quality >= MIN_QUALITY]
    res: dict = {"reference": ref, "photos_only": args.photos_only, "images": len(imgs), "usable_quality>=50": len(usable), "threshold": DEFAULT_THRESHOLD, "transforms": {}}
    for tname, fn in TRANSFORMS.items():
        ds = []
        for name, im in imgs:
            if name not in usable:
                continue
            h = hash_image(fn(im), reference=ref).hex
            ds.append(bin(int(h, 16) ^ int(hashes[name].hex, 16)).count("1"))
        ds_a = np.array(ds)
        misses = [n for n, d in zip(usable, ds, strict=True) if d > DEFAULT_THRESHOLD]
        res["transforms"][tname] = {
            "misses": misses,
            "match_rate": round(float((ds_a <= DEFAULT_THRESHOLD).mean()), 4),
            "mean_distance": round(float(ds_a.mean()), 2),
            "max_distance": int(ds_a.max()),
        }
    extra = [pattern_image(1000 + s, (640, 480)) for s in range(args.negatives)]
    pool = [im for n, im in imgs if n in usable]
    pool_hashes = [hashes[n].hex for n in usable]
    for im in extra:
        h = hash_image(im, reference=ref)
        if h.quality >= MIN_QUALITY:
            pool.append(im)
            pool_hashes.append(h.hex)
    packed = pack(pool_hashes)
    false = 0
    min_d = 256
    for i, j in itertools.combinations(range(len(packed)), 2):
        d = int(np.bitwise_count(packed[i] ^ packed[j]).sum())
        min_d = min(min_d, d)
        false += d <= DEFAULT_THRESHOLD
    # as `match` sees it: the 16 query hashes of image i against the list hash of every other image
    false_v = 0
    min_v = 256
    for i, im in enumerate(pool):
        q = pack([v.hex for v in hash_variants(im)])
        d = np.bitwise_count(q[:, None, :] ^ packed[None, :, :]).sum(axis=2).min(axis=0)
        d[i] = 256
        min_v = min(min_v, int(d.min()))
        false_v += int((d <= DEFAULT_THRESHOLD).sum())
    res["false_matches"] = {"images": len(packed), "pairs": len(packed) * (len(packed) - 1) // 2, "matches": false,
                            "min_distance": min_d, "ordered_pairs_16_query_hashes": len(packed) * (len(packed) - 1),
                            "matches_16_query_hashes": false_v, "min_distance_16_query_hashes": min_v}
    floor_ok = all(t["match_rate"] >= 0.99 for t in res["transforms"].values()) and false == 0
    res["floors"] = {"match_rate>=0.99": floor_ok, "false_matches==0": false == 0}
    print(json.dumps(res, indent=1))
    with open(args.out, "w") as fh:
        json.dump(res, fh, indent=1)
    return 0 if floor_ok else 1


if __name__ == "__main__":
    sys.exit(main())
