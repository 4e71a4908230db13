"""`doxwacht hash` and `doxwacht images ...`: images on the command line.

    doxwacht hash MAP --out hashes.csv          # PDQ hashes of every image in MAP (never the images)
    doxwacht images match IMG... --hashes hashes.csv [--threshold 31]
    doxwacht images scan IMG... [--hashes hashes.csv] [--ocr/--no-ocr] [--faces/--no-faces] [--plates/--no-plates]
    doxwacht check POST.txt IMG... [--out bewerkt]     # pre-publication check, redacted copies
    doxwacht exposure ARCHIVE [--json out.json]        # exposure audit of an account's posts

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
    help="Afbeeldingen: metadata (EXIF), tekst (OCR), gezichten, kentekens en bekende afbeeldingen (PDQ).",
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


def _engine(min_score: float) -> Any:
    """The one text engine of `images scan`, `check` and `exposure`: for the post's text and for the
    text read from its images (never a second engine build)."""
    from doxwacht.pipeline import Engine

    return Engine(threshold=min_score)


def _analyzer(ocr: bool, faces: bool, plates: bool, hashes: Path | None, min_score: float, engine: Any = None) -> Any:
    from doxwacht.images.analyze import ImageAnalyzer

    hl = _load_hashes(hashes) if hashes is not None else None
    analyzer = ImageAnalyzer(ocr=ocr, faces=faces, plates=plates, hashes=hl, min_score=min_score, engine=engine)
    for reason in analyzer.skipped:
        _err(f"niet beschikbaar: {reason}")
    return analyzer


@images_app.command("scan")
def scan_command(
    images: Annotated[list[Path], typer.Argument(help="Afbeeldingen of mappen.", show_default=False)],
    hashes: Annotated[
        Path | None, typer.Option("--hashes", help="Ook vergelijken met deze hashlijst (CSV of JSON).")
    ] = None,
    ocr: Annotated[
        bool, typer.Option("--ocr/--no-ocr", help="Tekst in de afbeelding lezen (vereist tesseract).")
    ] = True,
    faces: Annotated[bool, typer.Option("--faces/--no-faces", help="Gezichten zoeken (CenterFace).")] = True,
    plates: Annotated[bool, typer.Option("--plates/--no-plates", help="Gele Nederlandse kentekens lezen.")] = True,
    min_score: Annotated[float, typer.Option("--min-score", min=0.0, max=1.0, help="Minimale score (0..1).")] = 0.5,
) -> None:
    """Zoek persoonsgegevens in afbeeldingen: EXIF (GPS, toestel, eigenaar, datum), tekst (OCR),
    gezichten en kentekens, met het vak (x0, y0, x1, y1) in pixels."""
    analyzer = _analyzer(ocr, faces, plates, hashes, min_score, _engine(min_score) if ocr else None)
    problems = 0
    for path in _expand(images):
        report = analyzer.analyze(path, name=str(path))
        if report.error is not None:
            problems += 1
            _err(f"{path}: {report.error}; overgeslagen")
            continue
        record = report.to_dict()
        record.pop("skipped", None)
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    if problems:
        raise typer.Exit(EXIT_PROBLEMS)


_scan_analyzers: dict[tuple[float, int], tuple[Any, Any]] = {}


def _scan_analyzer(min_score: float, engine: Any = None) -> Any:
    """The image analyzer of `doxwacht scan`, built once per engine: OCR text goes through `engine`,
    the scan's own (watchlist, intent, verdict), so an image record carries the same keys as a text
    record."""
    key = (min_score, id(engine))
    if key not in _scan_analyzers:
        from doxwacht.images.analyze import ImageAnalyzer

        analyzer = ImageAnalyzer(min_score=min_score, pdq=False, engine=engine)
        for reason in analyzer.skipped:
            _err(f"afbeeldingen: niet beschikbaar: {reason}")
        _scan_analyzers.clear()  # one scan, one engine: drop an earlier scan's analyzer (and engine)
        _scan_analyzers[key] = (analyzer, engine)  # the engine is kept so that its id stays unique
    return _scan_analyzers[key][0]


def _write_image(report: Any, record_id: str, out: Any, fmt: str) -> None:
    if fmt == "jsonl":
        record = {"id": record_id, "source": {"file": report.image, "format": "image"}}
        record.update(report.to_dict())
        record.pop("skipped", None)
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    if fmt == "csv":  # the same columns as the text findings (output/csvfile.py); the box is in `location`
        import csv

        from doxwacht.output.csvfile import format_evidence

        w = csv.writer(out, lineterminator="\n")
        for f in report.findings:
            shown = next((e.detail for e in f.evidence if e.kind == "plate"), f.value)
            box = getattr(f, "box", None)
            where = f"{report.image}#box=" + ",".join(str(int(v)) for v in box) if box else report.image
            w.writerow((record_id, report.image, where, f.label, "", "", shown, f.value, f"{f.score:.3f}",
                        f.detector, format_evidence(tuple(f.evidence))))
        return
    from doxwacht.images.redact import dutch_label

    parts = []
    for f in report.findings:
        shown = next((e.detail for e in f.evidence if e.kind == "plate"), f.value)
        parts.append("gezicht" if f.label == "FACE" else f"{dutch_label(f.label)} {shown}")
    out.write(f"{record_id}: afbeelding {report.image}: {', '.join(parts) if parts else 'niets gevonden'}\n")
    verdict = report.extras.get("verdict") or {}
    if verdict.get("level") in ("personal_data", "hostile", "doxing"):  # as the text table shows it
        from doxwacht.verdict.render import verdict_lines

        out.write(f"{record_id}: " + "; ".join(verdict_lines(report.extras)) + "\n")


def scan_image_input(
    path: str, out: Any, fmt: str, min_score: float, stats: Any, reporter: Any, engine: Any = None
) -> bool:
    """`doxwacht scan` hook: an image file given on the command line is scanned here (EXIF, OCR,
    faces, plates; findings with boxes) and written as one JSON object (`id` = the path); returns
    False for anything that is not an image file (the text readers take it)."""
    from doxwacht.images.load import IMAGE_SUFFIXES

    if Path(path).suffix.lower() not in IMAGE_SUFFIXES or not Path(path).is_file():
        return False
    _scan_one(Path(path), path, out, fmt, min_score, stats, reporter, engine)
    return True


def _scan_one(
    path: Path, record_id: str, out: Any, fmt: str, min_score: float, stats: Any, reporter: Any, engine: Any = None
) -> None:
    from doxwacht.ingest import Problem

    report = _scan_analyzer(min_score, engine).analyze(path, name=str(path))
    if report.error is not None:
        problem = Problem("unreadable", str(path), str(path),
                          f"geen leesbare afbeelding ({report.error}); binair bestand overgeslagen")
        stats.update(problem)
        reporter.report(problem)
        return
    stats.messages += 1
    stats.findings += len(report.findings)
    stats.with_findings += bool(report.findings)
    for f in report.findings:
        stats.by_label[f.label] = stats.by_label.get(f.label, 0) + 1
    _write_image(report, record_id, out, fmt)


def read_with_media(source: Any, options: Any, photos: list[tuple[str, list[Path]]]) -> Any:
    """`doxwacht scan` hook: `ingest.read_source(source, options)`, a Telegram export read with its media:
    each record's exported files go to `photos` as (record id, paths). One parse of the export: the
    photos carry the ids of the text records."""
    from doxwacht.ingest import read_source

    base = Path(source.name).parent

    def keep(record: Any) -> None:
        photos.append((str(record.id), [base / m for m in record.meta["media"]]))

    return read_source(source, options, on_media=keep)


def scan_photos(
    path: str, photos: list[tuple[str, list[Path]]], out: Any, fmt: str, min_score: float, stats: Any,
    reporter: Any, engine: Any = None,
) -> None:
    """`doxwacht scan` hook, after a Telegram export's text: the images `read_with_media` collected,
    `id` = `<chat>/<message>` as the message's text record."""
    from doxwacht.images.load import IMAGE_SUFFIXES

    missing = 0
    for record_id, paths in photos:
        for image in paths:
            if image.suffix.lower() not in IMAGE_SUFFIXES:
                continue  # a video, a voice message, a document
            if not image.is_file():  # not exported: noted, not an input problem (the text was scanned)
                missing += 1
                continue
            _scan_one(image, record_id, out, fmt, min_score, stats, reporter, engine)
    if missing:
        reporter.echo(f"doxwacht: {path}: {missing} foto('s) niet in de export gevonden (niet meegeëxporteerd?); "
                      "alleen de tekst van die berichten is gescand")


def check_command(
    post: Annotated[Path, typer.Argument(help="Tekst van het bericht (tekstbestand; '-' voor geen tekst).",
                                         show_default=False)],
    images: Annotated[list[Path] | None, typer.Argument(help="Afbeeldingen bij het bericht.", show_default=False)] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Map voor de bewerkte afbeeldingen.")] = Path("bewerkt"),
    json_out: Annotated[bool, typer.Option("--json", help="Rapport als JSON in plaats van tekst.")] = False,
    ocr: Annotated[bool, typer.Option("--ocr/--no-ocr", help="Tekst in de afbeeldingen lezen.")] = True,
    min_score: Annotated[float, typer.Option("--min-score", min=0.0, max=1.0, help="Minimale score (0..1).")] = 0.5,
) -> None:
    """Controle vóór publicatie van een eigen bericht: wat in tekst en beeld identificeert iemand?

    Schrijft bewerkte afbeeldingen (gezichten en kentekens onherstelbaar vervaagd, persoonsgegevens in
    beeld zwart, metadata verwijderd) en een voor/na-afbeelding naar --out.
    Exitstatus: 0 niets gevonden, 1 er is iets gevonden, 2 gebruiksfout, 3 afbeeldingen onleesbaar.
    """
    from doxwacht.images.check import check_post

    text = ""
    if str(post) != "-":
        if not post.is_file():
            _err(f"bestand niet gevonden: {post}")
            raise typer.Exit(EXIT_USAGE)
        try:
            text = post.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            _err(f"{post} is geen UTF-8-tekst; geef de tekst van het bericht als tekstbestand")
            raise typer.Exit(EXIT_USAGE) from None
    paths = _expand(list(images or []))
    engine = _engine(min_score)
    analyzer = _analyzer(ocr, True, True, None, min_score, engine)
    report = check_post(text, paths, out, analyzer, engine)
    if json_out:
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n")
    else:
        typer.echo(report.text_report())
    if any(i.error for i in report.images):
        raise typer.Exit(EXIT_PROBLEMS)
    if report.identifying:
        raise typer.Exit(1)


def exposure_command(
    archive: Annotated[Path, typer.Argument(help="Map, Telegram-export (map of result.json) of JSONL met "
                                                 "afbeeldingspaden.", show_default=False)],
    json_path: Annotated[Path | None, typer.Option("--json", help="Ook het volledige resultaat als JSON hierheen.")] = None,
    ocr: Annotated[bool, typer.Option("--ocr/--no-ocr", help="Tekst in de afbeeldingen lezen (trager).")] = True,
    min_score: Annotated[float, typer.Option("--min-score", min=0.0, max=1.0, help="Minimale score (0..1).")] = 0.5,
) -> None:
    """Blootstellingsaudit van een archief eigen berichten: kentekens, herkenbare personen, adressen
    en bedrijven, met een samenvattende tabel (en JSON met de berichten per categorie)."""
    from doxwacht.images.archive import iter_posts
    from doxwacht.images.exposure import audit

    if not archive.exists():
        _err(f"niet gevonden: {archive}")
        raise typer.Exit(EXIT_USAGE)
    engine = _engine(min_score)
    analyzer = _analyzer(ocr, True, True, None, min_score, engine)
    report = audit(iter_posts(archive), analyzer, engine)
    for problem in report.problems[:20]:
        _err(problem)
    if len(report.problems) > 20:
        _err(f"nog {len(report.problems) - 20} meldingen niet getoond")
    typer.echo(report.table())
    if json_path is not None:
        json_path.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
        _err(f"JSON geschreven naar {json_path}")
    if report.problems:
        raise typer.Exit(EXIT_PROBLEMS)


def register(app: typer.Typer) -> None:
    app.command("hash")(hash_command)
    app.command("check")(check_command)
    app.command("exposure")(exposure_command)
    app.add_typer(images_app, name="images")
