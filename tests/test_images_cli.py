"""`doxwacht hash`, `doxwacht images match`, `doxwacht images scan`."""

from __future__ import annotations

import csv
import io
import json

import pytest
from PIL import Image, ImageOps
from typer.testing import CliRunner

pytest.importorskip("pdqhash")

from doxwacht.cli.app import app
from doxwacht.images.synth import pattern_image

runner = CliRunner()


@pytest.fixture()
def folder(tmp_path):
    d = tmp_path / "mijn_fotos"
    (d / "sub").mkdir(parents=True)
    pattern_image(1).save(d / "vakantie.jpg")
    pattern_image(2).save(d / "sub" / "thuis.png")
    (d / "notes.txt").write_text("geen afbeelding")
    return d


def test_hash_writes_only_hashes(folder, tmp_path):
    out = tmp_path / "hashes.csv"
    r = runner.invoke(app, ["hash", str(folder), "--out", str(out)])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(out.open()))
    assert [row["label"] for row in rows] == ["afbeelding-0001", "afbeelding-0002"]
    assert all(len(row["hash"]) == 64 for row in rows)
    text = out.read_text()
    assert "vakantie" not in text and "thuis" not in text  # no file names unless --names
    assert out.stat().st_size < 1000  # hashes only, never image data
    r = runner.invoke(app, ["hash", str(folder), "--out", str(out), "--names"])
    assert "vakantie.jpg" in out.read_text()


def test_hash_reports_bad_images_exit_3(folder, tmp_path):
    (folder / "kapot.jpg").write_bytes(b"\xff\xd8\xff\xe0 nope")
    r = runner.invoke(app, ["hash", str(folder), "--out", str(tmp_path / "h.csv")])
    assert r.exit_code == 3
    assert "kapot.jpg" in r.output
    r = runner.invoke(app, ["hash", str(tmp_path / "nope"), "--out", str(tmp_path / "h.csv")])
    assert r.exit_code == 2


def test_match_finds_mirrored_copy(folder, tmp_path):
    out = tmp_path / "hashes.csv"
    assert runner.invoke(app, ["hash", str(folder), "--out", str(out)]).exit_code == 0
    copy = tmp_path / "gedeeld.jpg"
    ImageOps.mirror(pattern_image(1)).resize((400, 300)).save(copy, quality=60)
    other = tmp_path / "anders.png"
    pattern_image(99).save(other)
    r = runner.invoke(app, ["images", "match", str(copy), str(other), "--hashes", str(out)])
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert lines[0]["matches"][0]["label"] == "afbeelding-0002"  # sorted: sub/thuis.png, vakantie.jpg
    assert lines[1]["matches"] == []
    r = runner.invoke(app, ["images", "match", str(copy), "--hashes", str(tmp_path / "missing.csv")])
    assert r.exit_code == 2


def test_scan_reports_exif(tmp_path):
    ex = Image.Exif()
    ex[0x013B] = "Jan de Vries"
    b = io.BytesIO()
    Image.new("RGB", (16, 16)).save(b, "JPEG", exif=ex.tobytes())
    p = tmp_path / "f.jpg"
    p.write_bytes(b.getvalue())
    r = runner.invoke(app, ["images", "scan", str(p), "--no-ocr"])
    assert r.exit_code == 0, r.output
    rec = json.loads(r.stdout.splitlines()[0])
    assert rec["findings"][0]["value"] == "Jan de Vries" and rec["findings"][0]["field"] == "EXIF:Artist"
