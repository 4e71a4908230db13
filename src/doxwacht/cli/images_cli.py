"""`doxwacht hash` and `doxwacht images ...`: images on the command line.

    doxwacht hash MAP --out hashes.csv          # PDQ hashes of every image in MAP (never the images)
    doxwacht images match IMG... --hashes hashes.csv [--threshold 31]
    doxwacht images scan IMG... [--hashes hashes.csv] [--ocr/--no-ocr]   # EXIF + OCR + matches

`hash` is meant to run on the victim's own device: the CSV holds only `hash,label,quality`; labels
are `afbeelding-0001`, ... unless `--names` puts the relative file names in (names can themselves be
personal). `match` and `scan` write one JSON object per image to standard output.

Exit status: 0 done; 2 usage error; 3 some images could not be read (reported on stderr, skipped).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

EXIT_USAGE = 2
EXIT_PROBLEMS = 3

images_app = typer.Typer(
    help="Afbeeldingen: metadata (EXIF), tekst in schermafdrukken (OCR) en bekende afbeeldingen (PDQ).",
    no_args_is_help=True,
    add_completion=False,
)


def _err(message: str) -> None:
    typer.echo(f"doxwacht: {message}", err=True)


def _load_hashes(path: Path) -> Any:
    from doxwacht.images.pdq import HashList

    try:
        return HashList.load(path)
    except FileNotFoundError:
        _err(f"hashlijst niet gevonden: {path}")
    except (ValueError, OSError, UnicodeDecodeError) as err:
        _err(f"hashlijst {path} onleesbaar: {err}")
    raise typer.Exit(EXIT_USAGE)


def _expand(paths: list[Path]) -> list[Path]:
    from doxwacht.images.load import iter_image_files

    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(iter_image_files(p))
        elif not p.exists():
            _err(f"bestand niet gevonden: {p}")
            raise typer.Exit(EXIT_USAGE)
        else:
            out.append(p)
    return out


def hash_command(
    folder: Annotated[Path, typer.Argument(help="Map met afbeeldingen (ook submappen).", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="CSV-bestand (of .json) voor de hashes.")] = Path(
        "hashes.csv"
    ),
    names: Annotated[
        bool, typer.Option("--names", help="Bestandsnamen als label opnemen (standaard: afbeelding-0001, ...).")
    ] = False,
    label: Annotated[str | None, typer.Option("--label", help="Voorvoegsel van de labels.")] = None,
) -> None:
    """Bereken PDQ-hashes van alle afbeeldingen in een map; alleen de hashes worden opgeslagen.

    Draai dit op je eigen apparaat: de afbeeldingen zelf verlaten het apparaat niet.
    """
    from doxwacht.images.load import ImageError, iter_image_files, load_image
    from doxwacht.images.pdq import MIN_QUALITY, HashList, hash_image

    if not folder.is_dir():
        _err(f"geen map: {folder}")
        raise typer.Exit(EXIT_USAGE)
    files = iter_image_files(folder)
    if not files:
        _err(f"geen afbeeldingen gevonden in {folder}")
        raise typer.Exit(EXIT_USAGE)
    hl = HashList()
    problems = low = 0
    prefix = label or "afbeelding"
    for path in files:
        try:
            h = hash_image(load_image(path))
        except ImageError as err:
            problems += 1
            _err(f"{err}; overgeslagen")
            continue
        if h.quality < MIN_QUALITY:
            low += 1
        name = str(path.relative_to(folder)) if names else f"{prefix}-{len(hl) + 1:04d}"
        hl.add(h.hex, name, h.quality)
    hl.save(out)
    typer.echo(f"{len(hl)} hashes geschreven naar {out}", err=True)
    if low:
        _err(f"{low} afbeelding(en) met lage kwaliteit (< {MIN_QUALITY}): die hashes zijn minder betrouwbaar")
    if problems:
        raise typer.Exit(EXIT_PROBLEMS)


@images_app.command("match")
def match_command(
    images: Annotated[list[Path], typer.Argument(help="Afbeeldingen of mappen.", show_default=False)],
    hashes: Annotated[Path, typer.Option("--hashes", help="Hashlijst (CSV of JSON) van bekende afbeeldingen.")],
    threshold: Annotated[
        int, typer.Option("--threshold", min=0, max=256, help="Maximale Hamming-afstand (PDQ: 31).")
    ] = 31,
) -> None:
    """Vergelijk afbeeldingen met een lijst bekende afbeeldingen (ook gespiegeld of gedraaid)."""
    from doxwacht.images.load import ImageError, load_image
    from doxwacht.images.pdq import hash_variants, match

    hl = _load_hashes(hashes)
    problems = 0
    for path in _expand(images):
        try:
            variants = hash_variants(load_image(path))
        except ImageError as err:
            problems += 1
            _err(f"{err}; overgeslagen")
            continue
        found = match(variants, hl, threshold)
        record = {
            "image": str(path),
            "hash": variants[0].hex,
            "quality": variants[0].quality,
            "matches": [m.to_dict() for m in found],
        }
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    if problems:
        raise typer.Exit(EXIT_PROBLEMS)


@images_app.command("scan")
def scan_command(
    images: Annotated[list[Path], typer.Argument(help="Afbeeldingen of mappen.", show_default=False)],
    hashes: Annotated[
        Path | None, typer.Option("--hashes", help="Ook vergelijken met deze hashlijst (CSV of JSON).")
    ] = None,
    ocr: Annotated[
        bool, typer.Option("--ocr/--no-ocr", help="Tekst in de afbeelding lezen (vereist tesseract).")
    ] = True,
    min_score: Annotated[float, typer.Option("--min-score", min=0.0, max=1.0, help="Minimale score (0..1).")] = 0.5,
) -> None:
    """Zoek persoonsgegevens in afbeeldingen: EXIF (GPS, toestel, eigenaar, datum) en tekst (OCR)."""
    from doxwacht.images.exif import exif_findings
    from doxwacht.images.load import ImageError, load_image
    from doxwacht.images.ocr import ocr_available, ocr_findings
    from doxwacht.images.pdq import hash_variants, match

    hl = _load_hashes(hashes) if hashes is not None else None
    use_ocr = ocr and ocr_available()
    if ocr and not use_ocr:
        _err("OCR niet beschikbaar (installeer tesseract-ocr, tesseract-ocr-nld en pytesseract); alleen metadata")
    engine = None
    if use_ocr:
        from doxwacht.pipeline import Engine

        engine = Engine(threshold=min_score)
    problems = 0
    for path in _expand(images):
        try:
            loaded = load_image(path)
        except ImageError as err:
            problems += 1
            _err(f"{err}; overgeslagen")
            continue
        findings = exif_findings(loaded, str(path))
        record: dict[str, Any] = {"image": str(path), "size": list(loaded.original_size)}
        if use_ocr:
            found, _text = ocr_findings(loaded, engine, image=str(path))
            findings += found
        record["findings"] = [f.to_dict() for f in findings if f.score >= min_score]
        if hl is not None:
            record["matches"] = [m.to_dict() for m in match(hash_variants(loaded), hl)]
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    if problems:
        raise typer.Exit(EXIT_PROBLEMS)


def register(app: typer.Typer) -> None:
    app.command("hash")(hash_command)
    app.add_typer(images_app, name="images")
