"""Images per second on one core at 1280x720: load + PDQ (8 variants) + EXIF (+ OCR when available),
and the numpy Hamming search over 1M hashes.

    OMP_THREAD_LIMIT=1 taskset -c 0 .venv/bin/python bench/bench_images.py [--n 30]
"""

from __future__ import annotations

import argparse
import io
import os
import time

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # tesseract on one core

import numpy as np

from doxwacht.images.exif import exif_findings
from doxwacht.images.load import load_image
from doxwacht.images.ocr import ocr_available, ocr_findings
from doxwacht.images.pdq import HashList, hash_variants, match
from doxwacht.images.synth import chat_screenshot, pattern_image


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--hashes", type=int, default=1_000_000)
    args = ap.parse_args()
    blobs = []
    for i in range(args.n):
        b = io.BytesIO()
        pattern_image(i, (1280, 720)).save(b, "JPEG", quality=85)
        blobs.append(b.getvalue())
    t = time.perf_counter()
    for data in blobs:
        loaded = load_image(data)
        hash_variants(loaded)
        exif_findings(loaded)
    dt = time.perf_counter() - t
    print(f"load+PDQ(8 variants)+EXIF 1280x720 JPEG: {args.n / dt:.1f} images/s")
    if ocr_available():
        from doxwacht.pipeline import Engine

        engine = Engine()
        shots = [chat_screenshot(["Hij woont op Kerkweg 4, 1234 AB Zwolle", "bel 06-12345678"], size=(1280, 720), seed=i)[0]
                 for i in range(min(args.n, 10))]
        t = time.perf_counter()
        for img in shots:
            b = io.BytesIO()
            img.save(b, "PNG")
            loaded = load_image(b.getvalue())
            hash_variants(loaded)
            exif_findings(loaded)
            ocr_findings(loaded, engine)
        dt = time.perf_counter() - t
        print(f"load+PDQ+EXIF+OCR 1280x720 screenshot: {len(shots) / dt:.2f} images/s")
    else:
        print("OCR: tesseract not available, skipped")
    rng = np.random.default_rng(0)
    packed = rng.integers(0, 2**63, size=(args.hashes, 4), dtype=np.uint64)
    hl = HashList.from_packed(packed, [""] * args.hashes)
    q = hl.hashes[5]
    match(q, hl)
    t = time.perf_counter()
    for _ in range(5):
        match(q, hl)
    print(f"numpy Hamming search, {args.hashes} hashes: {(time.perf_counter() - t) / 5 * 1000:.1f} ms per query hash")
    qs = [hl.hashes[i] for i in range(8)]
    t = time.perf_counter()
    match(qs, hl)
    print(f"  8 variants: {(time.perf_counter() - t) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
