"""The pre-publication check of an organisation's own post (text + images).

`check_post(text, images, out_dir, analyzer, engine) -> CheckReport`:

* the text goes through the text engine: every finding that identifies someone, and a redacted text
  (each finding replaced by `[adres]`, `[telefoon]`, ...);
* every image goes through `ImageAnalyzer` (faces, plates, OCR'd personal data, EXIF); a redacted
  copy is written (`<name>.bewerkt.jpg`: faces and plates pixelated + blurred, other boxed personal
  data filled black, no EXIF or other metadata) with a before/after picture (`<name>.voor-na.jpg`).

`CheckReport.text_report()` is the Dutch report; `to_dict()` the same as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from doxwacht.images.redact import dutch_label, redact, save_clean, side_by_side

EXIF_LABELS = {"GEO_COORDINATE": "GPS-locatie", "DEVICE": "toestel", "DEVICE_SERIAL": "serienummer toestel",
               "PERSON": "naam van de maker/eigenaar", "DATE_TAKEN": "opnamedatum"}


@dataclass(slots=True)
class ImageCheck:
    image: str
    error: str | None = None
    faces: int = 0
    plates: list[str] = field(default_factory=list)
    boxed: list[tuple[str, str]] = field(default_factory=list)  # (label, value) blacked out
    metadata: list[tuple[str, str]] = field(default_factory=list)  # (label, value) stripped
    redacted: str | None = None
    before_after: str | None = None
    skipped: list[str] = field(default_factory=list)

    @property
    def identifying(self) -> int:
        return self.faces + len(self.plates) + len(self.boxed) + len(self.metadata)


@dataclass(slots=True)
class CheckReport:
    text_findings: list[tuple[str, str, str]] = field(default_factory=list)  # (label, text, value)
    redacted_text: str = ""
    images: list[ImageCheck] = field(default_factory=list)

    @property
    def identifying(self) -> int:
        return len(self.text_findings) + sum(i.identifying for i in self.images)

    def to_dict(self) -> dict[str, Any]:
        return {
            "identifying": self.identifying,
            "text": {"findings": [{"label": a, "text": b, "value": c} for a, b, c in self.text_findings],
                     "redacted": self.redacted_text},
            "images": [
                {"image": i.image, "error": i.error, "faces": i.faces, "plates": i.plates,
                 "boxed": [{"label": a, "value": b} for a, b in i.boxed],
                 "metadata": [{"label": a, "value": b} for a, b in i.metadata],
                 "redacted": i.redacted, "before_after": i.before_after, "skipped": i.skipped}
                for i in self.images
            ],
        }

    def text_report(self) -> str:
        lines = ["Controle vóór publicatie", "=" * 24, ""]
        if self.identifying == 0:
            lines.append("Niets gevonden dat iemand identificeert. Controleer het bericht toch zelf:")
            lines.append("kleding, tatoeages, stemmen en omgeving herkent deze controle niet.")
        else:
            lines.append(f"Let op: {self.identifying} gegeven(s) gevonden die iemand kunnen identificeren. "
                         "Publiceer de bewerkte versie, of pas het bericht aan.")
        lines.append("")
        lines.append("Tekst:")
        if not self.text_findings:
            lines.append("  geen persoonsgegevens gevonden")
        for label, text, _value in self.text_findings:
            lines.append(f"  - {dutch_label(label)}: {text!r}")
        if self.text_findings:
            lines.append("  Bewerkte tekst:")
            lines.extend(f"    {line}" for line in self.redacted_text.splitlines() or [""])
        for i in self.images:
            lines.append("")
            lines.append(f"Afbeelding {i.image}:")
            if i.error:
                lines.append(f"  niet te lezen: {i.error}")
                continue
            if i.faces:
                lines.append(f"  - {i.faces} gezicht(en): vervaagd")
            for p in i.plates:
                lines.append(f"  - kenteken {p}: vervaagd")
            for label, value in i.boxed:
                lines.append(f"  - {dutch_label(label)} in beeld ({value}): zwart gemaakt")
            for label, value in i.metadata:
                lines.append(f"  - metadata {EXIF_LABELS.get(label, label)} ({value}): verwijderd")
            if not i.identifying:
                lines.append("  niets gevonden (metadata wordt altijd verwijderd)")
            if i.redacted:
                lines.append(f"  bewerkte versie: {i.redacted}")
            if i.before_after:
                lines.append(f"  voor/na: {i.before_after}")
            for s in i.skipped:
                lines.append(f"  niet gecontroleerd: {s}")
        return "\n".join(lines)


def redact_text(text: str, findings: list[Any]) -> str:
    out = text
    for f in sorted(findings, key=lambda f: -f.start):
        out = out[: f.start] + f"[{dutch_label(f.label)}]" + out[f.end :]
    return out


def check_post(text: str, images: list[Path], out_dir: Path, analyzer: Any, engine: Any = None) -> CheckReport:
    if engine is None:  # the analyzer's engine (the one its OCR text goes through), else a new one
        engine = getattr(analyzer, "engine", None)
    if engine is None:
        from doxwacht.pipeline import Engine

        engine = Engine()
    report = CheckReport()
    if text.strip():
        found = list(engine.scan(text).findings)
        report.text_findings = [(f.label, f.text, f.value) for f in found]
        report.redacted_text = redact_text(text, found)
    out_dir.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    for path in images:
        r = analyzer.analyze(path, keep_image=True)
        ic = ImageCheck(str(path), skipped=list(r.skipped))
        report.images.append(ic)
        if r.error is not None or r.loaded is None:
            ic.error = r.error
            continue
        boxed = [f for f in r.findings if f.box is not None]
        for f in boxed:
            if f.label == "FACE":
                ic.faces += 1
            elif f.label == "LICENSE_PLATE":
                ic.plates.append(next((e.detail for e in f.evidence if e.kind == "plate"), f.value))
            else:
                ic.boxed.append((f.label, f.value))
        ic.metadata = [(f.label, f.value) for f in r.findings if f.field is not None]
        loaded = r.loaded
        after = redact(loaded.image, boxed, scale=loaded.scale)
        stem = path.stem
        while stem in used:
            stem += "_"
        used.add(stem)
        red = out_dir / f"{stem}.bewerkt.jpg"
        save_clean(after, red)
        pair = out_dir / f"{stem}.voor-na.jpg"
        save_clean(side_by_side(loaded.image, after, boxed, scale=loaded.scale), pair, quality=85)
        ic.redacted, ic.before_after = str(red), str(pair)
    return report
