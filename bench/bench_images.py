"""Images per second on one core at 1280x720: load + PDQ (8 variants) + EXIF (+ OCR when available),
the whole image pipeline (OCR + faces + plates + PDQ hash, `ImageAnalyzer`) with the share of each
stage, and the numpy Hamming search over 1M hashes.

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
    print(f"load+PDQ(16 hashes: 8 variants, resampled and reference)+EXIF 1280x720 JPEG: {args.n / dt:.1f} images/s")
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
    full_pipeline(args.n)
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


def full_pipeline(n: int) -> None:
    """OCR + faces + plates + PDQ (+ EXIF, load) per image with ImageAnalyzer: half photos (plates and
    pasted faces on generated scenes), half chat screenshots, 1280x720 JPEG/PNG."""
    try:
        import cv2

        cv2.setNumThreads(1)
        import doxwacht.images.analyze  # noqa: F401  (the image extra is installed)
        from doxwacht.images.synth import plate_scene
    except ImportError as err:
        print(f"full pipeline: skipped ({err})")
        return
    face = None
    try:
        from PIL import Image
        from skimage import data

        face = Image.fromarray(data.astronaut()).crop((150, 20, 300, 220))
    except ImportError:
        pass
    blobs = []
    for i in range(n):
        buf = io.BytesIO()
        if i % 2 == 0:
            scene, _ = plate_scene(i, plates=2, signs=1)
            if face is not None:
                scene.paste(face.resize((75, 100)), (100 + 37 * (i % 20), 60))
            scene.save(buf, "JPEG", quality=85)
        else:
            shot = chat_screenshot(["Hij woont op Kerkweg 4, 1234 AB Zwolle", "bel 06-12345678", "kenteken 12-BDF-3"],
                                   size=(1280, 720), seed=i)[0]
            shot.save(buf, "PNG")
        blobs.append(buf.getvalue())
    for face_side, coarse, verify in ((1280, 640, True), (1280, 640, False), (1280, None, True), (640, None, True)):
        _run_pipeline(blobs, face_side, coarse, verify)


def _run_pipeline(blobs: list[bytes], face_side: int, coarse: int | None = None, verify: bool = True) -> None:
    from doxwacht.images.analyze import ImageAnalyzer
    from doxwacht.images.faces import FaceDetector

    n = len(blobs)
    analyzer = ImageAnalyzer(hashes=None, pdq=True)
    if analyzer.skipped:
        print("full pipeline: missing stages:", "; ".join(analyzer.skipped))
    if analyzer.face_detector is not None:
        analyzer.face_detector = FaceDetector(max_side=face_side, coarse_side=coarse, verify=verify)
    analyzer.analyze(blobs[0])  # warm up (model load)
    totals: dict[str, float] = {}
    t = time.perf_counter()
    cpu = time.process_time()
    for data_ in blobs:
        rep = analyzer.analyze(data_)
        for k, v in rep.timings.items():
            totals[k] = totals.get(k, 0.0) + v
    dt = time.perf_counter() - t
    cpu = time.process_time() - cpu
    passes = f"coarse pass at {coarse}, full size around proposals" if coarse else "one pass"
    passes += ", second look at candidates" if verify else ", no second look"
    print(f"OCR+faces+plates+PDQ(+EXIF, load) 1280x720, faces at max_side {face_side} ({passes}), {n} images "
          f"(half photos, half screenshots): {n / dt:.2f} images/s wall, {n / cpu:.2f} images/s of CPU time "
          "(the second is what one idle core gives when the machine is shared)")
    whole = sum(totals.values())
    for k, v in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"  {k:7s} {v / n * 1000:7.1f} ms/image  {v / whole * 100:5.1f}%")


if __name__ == "__main__":
    main()
