"""`doxwacht check` (pre-publication check + redaction), `doxwacht exposure`, and batches with bad images."""

from __future__ import annotations

import io
import json
import os

import numpy as np
import pytest
from PIL import Image
from typer.testing import CliRunner

from doxwacht.cli.app import app
from doxwacht.images.analyze import ImageAnalyzer
from doxwacht.images.archive import Post, iter_posts
from doxwacht.images.exposure import companies_in
from doxwacht.images.faces import faces_available
from doxwacht.images.plates import plates_available
from doxwacht.images.synth import paste_rotated, pattern_image, plate_image

if not (faces_available() and plates_available()):
    if os.environ.get("CI") == "true":
        pytest.fail("image extras missing (pip install -e '.[images,images-eval]')", pytrace=False)
    pytest.skip("onnxruntime / opencv / tesseract not installed", allow_module_level=True)
try:
    from skimage import data as skdata
except ImportError:
    if os.environ.get("CI") == "true":
        pytest.fail("scikit-image is missing (pip install -e '.[images-eval]')", pytrace=False)
    pytest.skip("scikit-image not installed", allow_module_level=True)

runner = CliRunner()
FACE_BOX = (180, 60, 270, 180)  # the astronaut's face in the 512x512 sample


def photo_with_face_and_plate(path, exif: bool = True) -> None:
    img = Image.fromarray(skdata.astronaut())
    paste_rotated(img, plate_image("GB-123-X", 34), (360, 470), 0)
    ex = Image.Exif()
    if exif:
        ex[0x013B] = "Jan de Vries"  # Artist
        ex[0x0110] = "Pixel 7"  # Model
    img.save(path, "JPEG", quality=92, exif=ex.tobytes())


@pytest.fixture(scope="module")
def analyzer() -> ImageAnalyzer:
    return ImageAnalyzer(ocr=False)


def test_check_redacts_faces_plates_and_strips_exif(tmp_path):
    photo = tmp_path / "foto.jpg"
    photo_with_face_and_plate(photo)
    post = tmp_path / "bericht.txt"
    post.write_text("Gisteren aangehouden op de Kerkweg 12 in Zwolle. Tips? Bel 06-12345678.", encoding="utf-8")
    out = tmp_path / "uit"
    r = runner.invoke(app, ["check", str(post), str(photo), "--out", str(out), "--no-ocr", "--json"])
    assert r.exit_code == 1, r.output  # something identifying was found
    rep = json.loads(r.stdout)
    labels = {f["label"] for f in rep["text"]["findings"]}
    assert {"ADDRESS", "PHONE"} <= labels
    assert "06-12345678" not in rep["text"]["redacted"] and "[telefoon]" in rep["text"]["redacted"]
    img = rep["images"][0]
    assert img["faces"] == 1 and img["plates"] == ["GB-123-X"]
    assert {m["label"] for m in img["metadata"]} >= {"PERSON", "DEVICE"}
    red = Image.open(img["redacted"])
    assert not red.getexif() and "exif" not in red.info  # metadata gone
    orig = np.asarray(Image.open(photo).convert("RGB"), dtype=np.float32)
    after = np.asarray(red.convert("RGB"), dtype=np.float32)
    x0, y0, x1, y1 = FACE_BOX
    face_before, face_after = orig[y0:y1, x0:x1], after[y0:y1, x0:x1]
    assert np.abs(face_before - face_after).mean() > 20  # the face changed strongly
    # and no detail survives: the blurred face has almost no local contrast left
    assert np.abs(np.diff(face_after, axis=1)).mean() < 0.25 * np.abs(np.diff(face_before, axis=1)).mean()
    assert np.abs(orig[300:400, 20:120] - after[300:400, 20:120]).mean() < 6  # the rest is kept
    assert Image.open(img["before_after"]).width > 2 * 400
    # the plate can no longer be read
    from doxwacht.images.plates import PlateReader

    assert PlateReader().read(red) == []


def test_check_text_report_is_dutch(tmp_path):
    photo = tmp_path / "leeg.png"
    Image.new("RGB", (320, 200), (90, 140, 200)).save(photo)
    post = tmp_path / "bericht.txt"
    post.write_text("Mooie dag vandaag bij het bureau.", encoding="utf-8")
    r = runner.invoke(app, ["check", str(post), str(photo), "--out", str(tmp_path / "o"), "--no-ocr"])
    assert r.exit_code == 0, r.output
    assert "Niets gevonden dat iemand identificeert" in r.stdout
    r = runner.invoke(app, ["check", str(tmp_path / "bestaat-niet.txt")])
    assert r.exit_code == 2 and "niet gevonden" in r.output


def test_exposure_counts_on_small_archive(tmp_path):
    a = tmp_path / "a.jpg"
    photo_with_face_and_plate(a, exif=False)
    b = tmp_path / "b.png"
    pattern_image(4, (640, 360)).save(b)
    c = tmp_path / "c.jpg"
    scene = pattern_image(5, (900, 500))
    paste_rotated(scene, plate_image("12-BDF-3", 40), (300, 300), -4)
    paste_rotated(scene, plate_image("NT-41-KP", 40), (650, 150), 5)
    scene.save(c, quality=85)
    (tmp_path / "kapot.jpg").write_bytes(b"\xff\xd8\xff\xe0 niet echt")
    lines = [
        {"id": "p1", "text": "Aanhouding in de Stationsstraat 5 in Assen", "images": ["a.jpg"]},
        {"id": "p2", "text": "Inbraak bij Jansen Installatietechniek B.V. vannacht", "image": "b.png"},
        {"id": "p3", "text": "Twee auto's in beslag genomen", "photos": ["c.jpg", "kapot.jpg", "weg.jpg"]},
        {"id": "p4", "text": "Fijne feestdagen!"},
    ]
    arch = tmp_path / "posts.jsonl"
    arch.write_text("\n".join(json.dumps(x) for x in lines) + "\n{kapot\n", encoding="utf-8")
    out = tmp_path / "exp.json"
    r = runner.invoke(app, ["exposure", str(arch), "--no-ocr", "--json", str(out)])
    assert r.exit_code == 3, r.output  # problems reported (bad line, missing and broken image), rest counted
    assert "kentekens" in r.stdout and "herkenbare personen" in r.stdout
    rep = json.loads(out.read_text(encoding="utf-8"))
    assert rep["posts"] == 4 and rep["images"] == 4 and rep["unreadable_images"] == 1
    assert rep["counts"]["plates"] == 3 and rep["posts_with"]["plates"] == 2
    assert rep["counts"]["people"] == 1 and rep["examples"]["people"][0]["post"] == "p1"
    assert rep["counts"]["addresses"] == 1 and rep["counts"]["companies"] == 1
    assert len(rep["problems"]) == 3


def test_telegram_export_and_folder_archives(tmp_path):
    (tmp_path / "photos").mkdir()
    photo_with_face_and_plate(tmp_path / "photos" / "photo_1.jpg", exif=False)
    export = {"name": "Politie X", "id": 77, "messages": [
        {"id": 1, "type": "message", "text": ["Kijk ", {"type": "bold", "text": "uit"}], "photo": "photos/photo_1.jpg"},
        {"id": 2, "type": "service", "action": "pin_message"},
        {"id": 3, "type": "message", "text": "", "photo": "photos/ontbreekt.jpg"},
    ]}
    (tmp_path / "result.json").write_text(json.dumps(export), encoding="utf-8")
    posts = list(iter_posts(tmp_path))
    assert [p.id for p in posts if isinstance(p, Post)] == ["77/1"]
    assert posts[0].text == "Kijk uit" and len(posts[0].images) == 1
    assert sum(not isinstance(p, Post) for p in posts) == 1
    folder = tmp_path / "map"
    folder.mkdir()
    pattern_image(1, (200, 100)).save(folder / "x.png")
    (folder / "x.txt").write_text("tekst bij x", encoding="utf-8")
    (folder / "los.txt").write_text("alleen tekst", encoding="utf-8")
    got = {p.id: (p.text, len(p.images)) for p in iter_posts(folder)}
    assert got == {"x.png": ("tekst bij x", 1), "los.txt": ("alleen tekst", 0)}


def test_companies_rule():
    assert companies_in("Inbraak bij Bakkerij De Vries B.V. en Jansen Holding") == ["Bakkerij De Vries B.V.", "Jansen Holding"]
    assert companies_in("KvK-nummer: 12345678") == ["KvK-nummer: 12345678"]
    assert companies_in("we gaan bv naar huis") == []


@pytest.mark.parametrize("data", [
    b"",
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
    b"GIF89a\x01\x00",
    b"not an image at all",
])
def test_bad_images_never_crash_a_batch(analyzer, tmp_path, data):
    bad = tmp_path / "bad.bin"
    bad.write_bytes(data)
    good = tmp_path / "good.png"
    pattern_image(2, (300, 200)).save(good)
    reports = [analyzer.analyze(p) for p in (bad, good, tmp_path / "missing.png")]
    assert reports[0].error and reports[2].error and reports[1].error is None
    r = runner.invoke(app, ["images", "scan", str(bad), str(good), "--no-ocr"])
    assert r.exit_code == 3
    assert len(r.stdout.splitlines()) == 1 and "overgeslagen" in r.stderr


def test_truncated_jpeg_in_batch(analyzer):
    buf = io.BytesIO()
    Image.fromarray(skdata.astronaut()).save(buf, "JPEG")
    rep = analyzer.analyze(buf.getvalue()[: len(buf.getvalue()) // 2])
    assert rep.error is not None or rep.size == (512, 512)  # refused as truncated, or read as far as it goes


def test_doxwacht_scan_includes_image_and_telegram_photo_findings(tmp_path):
    photo = tmp_path / "foto.jpg"
    photo_with_face_and_plate(photo, exif=False)
    (tmp_path / "tg" / "photos").mkdir(parents=True)
    photo_with_face_and_plate(tmp_path / "tg" / "photos" / "p1.jpg", exif=False)
    export = {"name": "Kanaal", "id": 5, "messages": [
        {"id": 9, "type": "message", "text": "bel 06-12345678", "photo": "photos/p1.jpg"}]}
    (tmp_path / "tg" / "result.json").write_text(json.dumps(export), encoding="utf-8")
    r = runner.invoke(app, ["scan", str(photo), str(tmp_path / "tg"), "--format", "jsonl", "--no-intent"])
    assert r.exit_code == 0, r.output
    recs = [json.loads(x) for x in r.stdout.splitlines()]
    img = next(x for x in recs if x["id"] == str(photo))
    labels = {f["label"]: f for f in img["findings"]}
    assert img["faces"] == 1 and labels["LICENSE_PLATE"]["value"] == "GB123X"
    assert all(len(f["box"]) == 4 for f in img["findings"])
    tg = [x for x in recs if x["id"] == "5/9"]
    assert len(tg) == 2  # the message's text, and its photo
    assert any(f["label"] == "PHONE" for f in tg[0]["findings"])
    assert {f["label"] for f in tg[1]["findings"]} >= {"FACE", "LICENSE_PLATE"}
    r = runner.invoke(app, ["scan", str(photo), "--format", "jsonl", "--no-images", "--no-intent"])
    assert r.exit_code == 3  # without images an image file is binary input: reported and skipped


def test_check_fills_personal_data_read_by_ocr(tmp_path):
    from doxwacht.images.ocr import ocr_available
    from doxwacht.images.synth import chat_screenshot

    if not ocr_available():
        if os.environ.get("CI") == "true":
            pytest.fail("tesseract with Dutch data missing", pytrace=False)
        pytest.skip("tesseract not installed")
    shot, _ = chat_screenshot(["Hij woont op Hoofdstraat 12, 1234 AB Amsterdam", "bel 06-12345678"], size=(720, 600))
    p = tmp_path / "schermafdruk.png"
    shot.save(p)
    post = tmp_path / "leeg.txt"
    post.write_text("", encoding="utf-8")
    r = runner.invoke(app, ["check", str(post), str(p), "--out", str(tmp_path / "o"), "--json"])
    assert r.exit_code == 1, r.output
    img = json.loads(r.stdout)["images"][0]
    assert {b["label"] for b in img["boxed"]} >= {"PHONE", "ADDRESS"}
    red = np.asarray(Image.open(img["redacted"]).convert("L"))
    from doxwacht.images.analyze import ImageAnalyzer

    phone = next(f for f in ImageAnalyzer(faces=False, plates=False, pdq=False).analyze(p).findings if f.label == "PHONE")
    x0, y0, x1, y1 = phone.box
    assert red[y0:y1, x0:x1].max() < 40  # filled black: nothing of the number is left
