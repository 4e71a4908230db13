"""Content-addressed blobs, capture records and custody events."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from doxwacht import __version__
from doxwacht.evidence import (BlobCorrupted, BlobStore, CaptureKind, CaptureRecord, Capturer, CustodyAction,
                               CustodyEvent, canonical_json)
from doxwacht.response import EvidenceItem, FixedClock

T = datetime(2024, 3, 5, 14, 45, tzinfo=UTC)


def test_put_and_get_by_sha256(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    data = b"Dit is die agent \xe2\x80\x94 origineel"
    sha = store.put(data)
    assert sha == hashlib.sha256(data).hexdigest()
    assert store.path(sha) == tmp_path / "blobs" / sha[:2] / sha[2:]
    assert store.get(sha) == data and sha in store and store.verify(sha)
    assert store.put(data) == sha  # idempotent
    assert [p.name for p in (tmp_path / "blobs" / sha[:2]).iterdir()] == [sha[2:]]  # no temp files left


def test_changed_blob_is_noticed(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    sha = store.put(b"origineel")
    p = store.path(sha)
    os.chmod(p, 0o644)
    p.write_bytes(b"veranderd")
    assert not store.verify(sha)
    with pytest.raises(BlobCorrupted):
        store.get(sha)
    with pytest.raises(BlobCorrupted):
        store.put(b"origineel")


def test_unknown_and_malformed_hashes(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    with pytest.raises(KeyError):
        store.get("0" * 64)
    with pytest.raises(ValueError):
        store.path("../../etc/passwd")
    assert "../x" not in store


def test_capture_text_record_and_file(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "store")
    clock = FixedClock(T)
    cap = Capturer(store, captured_by="analist 17", clock=clock)

    text = cap.text("Dit is die agent, bel 0612345678", "https://t.me/exposegroep/4711")
    assert text.record.kind == CaptureKind.TEXT and text.record.media_type.startswith("text/plain")
    assert store.get(text.record.sha256) == b"Dit is die agent, bel 0612345678"
    assert text.record.captured_at == T and text.record.tool_version == __version__
    assert text.event.action == CustodyAction.CAPTURED and text.event.sha256 == (text.record.sha256,)

    raw = {"id": 4711, "date": "2024-03-05T14:05:00", "text": "Dit is die agent"}
    rec = cap.record(raw, "export/result.json#4711")
    assert store.get(rec.record.sha256) == canonical_json(raw)
    assert json.loads(store.get(rec.record.sha256)) == raw
    assert cap.record(canonical_json(raw), "x").record.sha256 == rec.record.sha256  # the same bytes

    photo = tmp_path / "photo_1.jpg"
    photo.write_bytes(b"\xff\xd8\xff fake jpeg")
    att = cap.file(photo, source="export/photos/photo_1.jpg")
    assert att.record.media_type == "image/jpeg" and att.record.filename == "photo_1.jpg"
    assert att.record.size == photo.stat().st_size


def test_capture_needs_who_and_where(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="captured_by"):
        Capturer(BlobStore(tmp_path), captured_by=" ")
    with pytest.raises(ValueError, match="source"):
        Capturer(BlobStore(tmp_path), captured_by="x").text("t", "")


def test_records_round_trip_and_validate() -> None:
    rec = CaptureRecord("a" * 64, 10, "text/plain", T, "https://t.me/x/1", "analist", "0.1.0", CaptureKind.TEXT)
    assert CaptureRecord.from_dict(json.loads(json.dumps(rec.to_dict()))) == rec
    ev = CustodyEvent(CustodyAction.VERIFIED, T + timedelta(days=1), "rechercheur", ("a" * 64,),
                      manifest_sha256="b" * 64, ok=True, detail="intact")
    assert CustodyEvent.from_dict(json.loads(json.dumps(ev.to_dict()))) == ev
    with pytest.raises(ValueError):
        CaptureRecord("a" * 64, 10, "text/plain", datetime(2024, 1, 1), "s", "c", "v")
    with pytest.raises(ValueError):
        CaptureRecord("A" * 64, 10, "text/plain", T, "s", "c", "v")
    with pytest.raises(ValueError):
        CustodyEvent("captured", T, "x", ("nope",))


def test_capture_record_becomes_evidence_item(tmp_path: Path) -> None:
    cap = Capturer(BlobStore(tmp_path), captured_by="analist 17", clock=FixedClock(T))
    rec = cap.text("tekst", "https://t.me/x/1").record
    item = EvidenceItem.from_capture(rec, "tekst van het bericht")
    assert (item.sha256, item.captured_at, item.source, item.captured_by, item.tool_version, item.size) == (
        rec.sha256, T, "https://t.me/x/1", "analist 17", __version__, 5)
