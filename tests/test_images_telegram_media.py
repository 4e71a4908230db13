"""A Telegram export is parsed once: the reader puts each message's photo/file in `meta["media"]`,
`doxwacht scan` and `doxwacht exposure` take the photos from those records, so a photo carries the
id of its message's text record (also for chats without an id and for `left_chats`)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from doxwacht.cli.app import app
from doxwacht.images.archive import Post, iter_posts
from doxwacht.images.synth import pattern_image
from doxwacht.ingest import InputSource, Record, read_path
from doxwacht.ingest.telegram import read_telegram

runner = CliRunner()


def _export(tmp_path):
    (tmp_path / "photos").mkdir()
    for name in ("a.jpg", "b.jpg", "c.jpg"):
        pattern_image(len(name) + ord(name[0]), (320, 240)).save(tmp_path / "photos" / name)
    doc = {
        "chats": {"list": [
            {"name": "Zonder id", "type": "private_group", "messages": [  # no chat id: "chat0"
                {"id": 1, "type": "message", "text": "kijk", "photo": "photos/a.jpg"},
                {"id": 2, "type": "message", "text": "", "photo": "photos/b.jpg"},
                {"id": 3, "type": "message", "text": "", "photo": "(File not included. Change data exporting settings)"},
                {"id": 4, "type": "message", "text": "", "file": "files/spraak.ogg"},
            ]},
        ]},
        "left_chats": {"list": [
            {"name": "Oud", "id": 88, "type": "public_channel", "messages": [
                {"id": 5, "type": "message", "text": "weg", "photo": "photos/c.jpg"},
            ]},
        ]},
    }
    (tmp_path / "result.json").write_text(json.dumps(doc), encoding="utf-8")
    return tmp_path / "result.json"


def test_reader_puts_media_in_meta_and_media_only_messages_on_request(tmp_path):
    result = _export(tmp_path)
    records = [r for r in read_path(result) if isinstance(r, Record)]
    assert [r.id for r in records] == ["chat0/1", "88/5"]  # text records only, as before
    assert records[0].meta["media"] == ["photos/a.jpg"] and records[0].meta["chat"] == "Zonder id"
    with InputSource.open(result) as source:
        every = [r for r in read_telegram(source, media=True) if isinstance(r, Record)]
    assert {r.id: (r.text, r.meta.get("media")) for r in every} == {
        "chat0/1": ("kijk", ["photos/a.jpg"]), "chat0/2": ("", ["photos/b.jpg"]),
        "chat0/4": ("", ["files/spraak.ogg"]), "88/5": ("weg", ["photos/c.jpg"]),
    }  # the placeholder of a photo left out of the export is no media


def test_scan_gives_photos_the_ids_of_their_text_records(tmp_path):
    result = _export(tmp_path)
    r = runner.invoke(app, ["scan", str(tmp_path), "--format", "jsonl", "--no-intent", "--min-score", "0.99"])
    assert r.exit_code == 0, r.output
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    text = [x["id"] for x in rows if "image" not in x]
    photos = {x["id"]: x["image"] for x in rows if "image" in x}
    assert text == ["chat0/1", "88/5"]  # a message with only a photo is no text record
    assert photos == {"chat0/1": str(result.parent / "photos" / "a.jpg"),
                      "chat0/2": str(result.parent / "photos" / "b.jpg"),
                      "88/5": str(result.parent / "photos" / "c.jpg")}


def test_exposure_reads_the_export_with_the_scan_reader(tmp_path):
    _export(tmp_path)
    posts = {p.id: (p.text, [i.name for i in p.images]) for p in iter_posts(tmp_path) if isinstance(p, Post)}
    assert posts == {"chat0/1": ("kijk", ["a.jpg"]), "chat0/2": ("", ["b.jpg"]), "88/5": ("weg", ["c.jpg"])}
    r = runner.invoke(app, ["exposure", str(tmp_path), "--no-ocr"])
    assert r.exit_code == 0, r.output
