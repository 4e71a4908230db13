"""One image, every image detector: `ImageAnalyzer.analyze(src) -> ImageReport`.

Load (bounded, `load.py`), EXIF, OCR text through the text engine, faces, licence plates and PDQ
(hash, and matches when a hash list is given). Pass the `engine` the text scan uses (`doxwacht scan`:
`cli.app.make_engine`, with watchlist, intent and verdict): its analyzers' keys for the OCR text land
in `ImageReport.extras` and in `to_dict()`, as on a text record; without one a plain `Engine` is built.

Each stage can be switched off; a stage whose software is missing is skipped and named in
`ImageReport.skipped` (Dutch reason), so a batch never stops on a missing extra. A bad image gives a report with `error` set (Dutch message, `reason`) and
no findings: callers report it and go on.

Timings per stage (seconds) are kept in `ImageReport.timings` for the bench.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import IO, Any

from doxwacht.images.finding import ImageFinding
from doxwacht.images.load import ImageError, LoadedImage, load_image


@dataclass(slots=True)
class ImageReport:
    image: str
    size: tuple[int, int] | None = None
    findings: list[ImageFinding] = field(default_factory=list)
    faces: int = 0
    plates: int = 0
    hash: str | None = None
    quality: int | None = None
    matches: list[Any] = field(default_factory=list)
    ocr_text: str = ""
    extras: dict[str, Any] = field(default_factory=dict)  # the engine's analyzers on the OCR text
    error: str | None = None
    reason: str | None = None
    skipped: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    loaded: LoadedImage | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"image": self.image}
        if self.error is not None:
            out.update(error=self.error, reason=self.reason)
            return out
        out.update(
            size=list(self.size) if self.size else None,
            faces=self.faces,
            plates=self.plates,
            findings=[f.to_dict() for f in self.findings],
        )
        if self.hash is not None:
            out.update(pdq=self.hash, pdq_quality=self.quality)
        if self.matches:
            out["matches"] = [m.to_dict() for m in self.matches]
        if self.skipped:
            out["skipped"] = self.skipped
        out.update(self.extras)  # watchlist, intent, verdict: the keys a text record has
        return out


class ImageAnalyzer:
    def __init__(
        self,
        *,
        ocr: bool = True,
        faces: bool = True,
        plates: bool = True,
        hashes: Any = None,  # a pdq.HashList: match against it
        pdq: bool = True,
        engine: Any = None,
        min_score: float = 0.5,
    ) -> None:
        self.min_score = min_score
        self.hashes = hashes
        self.pdq = pdq or hashes is not None
        self.skipped: list[str] = []
        self.engine = engine
        self.ocr = ocr
        if ocr:
            from doxwacht.images.ocr import ocr_available

            if not ocr_available():
                self.ocr = False
                self.skipped.append("OCR: tesseract met Nederlandse taaldata of pytesseract ontbreekt")
            elif engine is None:
                from doxwacht.pipeline import Engine

                self.engine = Engine(threshold=min_score)
        self.face_detector: Any = None
        if faces:
            from doxwacht.images.faces import FaceDetector, faces_available

            if faces_available():
                self.face_detector = FaceDetector()
            else:
                self.skipped.append("gezichten: onnxruntime ontbreekt (pip install 'doxwacht[images]')")
        self.plate_reader: Any = None
        if plates:
            from doxwacht.images.plates import PlateReader, plates_available

            if plates_available():
                self.plate_reader = PlateReader(min_score=min_score)
            else:
                self.skipped.append("kentekens: opencv-python-headless of tesseract ontbreekt")

    def analyze(
        self, src: str | os.PathLike[str] | bytes | IO[bytes], *, name: str | None = None, keep_image: bool = False
    ) -> ImageReport:
        label = name or (str(src) if isinstance(src, (str, os.PathLike)) else "<bytes>")
        report = ImageReport(label, skipped=list(self.skipped))
        t = time.perf_counter()
        try:
            loaded = load_image(src, name=label)
        except ImageError as err:
            report.error, report.reason = err.message, err.reason
            return report
        report.timings["load"] = time.perf_counter() - t
        report.size = loaded.original_size
        if keep_image:
            report.loaded = loaded
        findings: list[ImageFinding] = []
        self._stage(report, "exif", lambda: findings.extend(_exif(loaded, label)))
        if self.ocr:
            def run_ocr() -> None:
                from doxwacht.images.ocr import ocr_scan

                found, text, extras = ocr_scan(loaded, self.engine, image=label)
                findings.extend(found)
                report.ocr_text = text
                report.extras = extras

            self._stage(report, "ocr", run_ocr)
        if self.face_detector is not None:
            from doxwacht.images.faces import face_findings

            def run_faces() -> None:
                found = face_findings(loaded, self.face_detector, image=label)
                report.faces = sum(1 for f in found if f.score >= self.min_score)
                findings.extend(found)

            self._stage(report, "faces", run_faces)
        if self.plate_reader is not None:
            from doxwacht.images.plates import plate_findings

            def run_plates() -> None:
                found = plate_findings(loaded, self.plate_reader, image=label)
                # a plate also read by OCR as text: keep the plate finding (it has the plate's box)
                values = {f.value for f in found}
                findings[:] = [f for f in findings if not (f.label == "LICENSE_PLATE" and f.value in values)]
                report.plates = len(found)
                findings.extend(found)

            self._stage(report, "plates", run_plates)
        if self.pdq:
            def run_pdq() -> None:
                from doxwacht.images.pdq import hash_variants, match

                variants = hash_variants(loaded)
                report.hash, report.quality = variants[0].hex, variants[0].quality
                if self.hashes is not None:
                    report.matches = match(variants, self.hashes)

            self._stage(report, "pdq", run_pdq)
        report.findings = [f for f in findings if f.score >= self.min_score]
        return report

    @staticmethod
    def _stage(report: ImageReport, name: str, fn: Any) -> None:
        t = time.perf_counter()
        try:
            fn()
        except Exception as err:  # one stage failing (a corrupt region, a tesseract crash) spoils no other
            report.skipped.append(f"{name}: mislukt ({type(err).__name__}: {err})")
        report.timings[name] = time.perf_counter() - t


def _exif(loaded: LoadedImage, name: str) -> list[ImageFinding]:
    from doxwacht.images.exif import exif_findings

    return exif_findings(loaded, name)
