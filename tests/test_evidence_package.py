"""Evidence packages: export, and verification that detects every kind of change."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from doxwacht import __version__
from doxwacht.evidence import (BlobStore, Capturer, CustodyAction, CustodyEvent, ExportResult, export_package,
                               manifest_hash, sha256_hex, verify_package)
from doxwacht.response import FixedClock

T = datetime(2024, 3, 5, 14, 45, tzinfo=UTC)


@pytest.fixture
def exported(tmp_path: Path) -> tuple[ExportResult, list, BlobStore]:
    store = BlobStore(tmp_path / "store")
    clock = FixedClock(T)
    cap = Capturer(store, captured_by="analist 17", clock=clock)
    caps = [cap.text("Dit is die agent [adres]", "https://t.me/exposegroep/4711"),
            cap.record({"id": 4711, "text": "Dit is die agent"}, "export/result.json#4711"),
            cap.raw(b"\xff\xd8\xff fake jpeg", "export/photos/1.jpg", "image/jpeg", filename="1.jpg")]
    clock.advance(timedelta(hours=1))
    result = export_package([c.record for c in caps], tmp_path / "out" / "DX-2024-0042.zip", store=store,
                            exported_by="analist 17", clock=clock, case_code="DX-2024-0042",
                            custody=[c.event for c in caps])
    return result, caps, store


def rewrite(src: Path, dst: Path, *, change: dict[str, bytes | None] | None = None,
            add: dict[str, bytes] | None = None) -> Path:
    """Copy a zip, replacing (bytes) or dropping (None) entries, and adding new ones: a tamperer's rewrite."""
    change = change or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            if info.filename in change:
                if change[info.filename] is not None:
                    zout.writestr(info, change[info.filename])
            else:
                zout.writestr(info, zin.read(info.filename))
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


def read_manifest(path: Path) -> dict:
    with zipfile.ZipFile(path) as z:
        return json.loads(z.read("manifest.json"))


def blob_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return sorted(n for n in z.namelist() if n.startswith("blobs/"))


def test_export_writes_blobs_and_manifest(exported) -> None:
    result, caps, _store = exported
    assert result.path.is_file()
    m = read_manifest(result.path)
    assert m["format"] == "doxwacht-evidence-package/1"
    assert m["created_at"] == "2024-03-05T15:45:00Z" and m["tool_version"] == __version__
    assert m["case_code"] == "DX-2024-0042" and m["created_by"] == "analist 17"
    assert m["manifest_sha256"] == manifest_hash(m) == result.manifest_sha256
    assert {f["sha256"] for f in m["files"]} == {c.record.sha256 for c in caps}
    assert [c["sha256"] for c in m["captures"]] == [c.record.sha256 for c in caps]
    assert [e["action"] for e in m["custody"]] == ["captured"] * 3
    with zipfile.ZipFile(result.path) as z:
        for f in m["files"]:
            assert f["path"] == f"blobs/{f['sha256'][:2]}/{f['sha256'][2:]}"
            assert sha256_hex(z.read(f["path"])) == f["sha256"] and len(z.read(f["path"])) == f["size"]
    assert result.package_sha256 == sha256_hex(result.path.read_bytes())
    ev = result.event
    assert ev.action == CustodyAction.EXPORTED and ev.manifest_sha256 == result.manifest_sha256
    assert ev.at == T + timedelta(hours=1) and set(ev.sha256) == {c.record.sha256 for c in caps}
    assert not list(result.path.parent.glob(".tmp-*"))


def test_intact_package_verifies(exported) -> None:
    result, _caps, _ = exported
    report = verify_package(result.path, expected_manifest_sha256=result.manifest_sha256,
                            clock=FixedClock(T + timedelta(days=2)))
    assert report.ok and report.problems == () and report.files_checked == 3
    assert report.manifest_sha256 == result.manifest_sha256
    assert "intact" in report.summary()
    ev = report.event("rechercheur")
    assert ev.action == CustodyAction.VERIFIED and ev.ok is True and ev.at == T + timedelta(days=2)
    assert CustodyEvent.from_dict(ev.to_dict()) == ev


def test_changed_byte_in_a_blob(exported, tmp_path: Path) -> None:
    result, _, _ = exported
    name = blob_names(result.path)[0]
    with zipfile.ZipFile(result.path) as z:
        data = bytearray(z.read(name))
    data[0] ^= 0x01
    bad = rewrite(result.path, tmp_path / "bad.zip", change={name: bytes(data)})
    report = verify_package(bad)
    assert not report.ok and report.kinds() == {"changed"}
    assert [p.path for p in report.problems] == [name]


def test_changed_byte_in_the_zip_file_itself(exported, tmp_path: Path) -> None:
    result, _, _ = exported
    raw = bytearray(result.path.read_bytes())
    with zipfile.ZipFile(result.path) as z:
        info = z.getinfo(blob_names(result.path)[0])
    offset = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 2
    raw[offset] ^= 0xFF  # a byte inside the compressed data
    bad = tmp_path / "flipped.zip"
    bad.write_bytes(bytes(raw))
    report = verify_package(bad)  # reported, never raised
    assert not report.ok and "changed" in report.kinds()


def test_missing_file(exported, tmp_path: Path) -> None:
    result, _, _ = exported
    name = blob_names(result.path)[1]
    report = verify_package(rewrite(result.path, tmp_path / "bad.zip", change={name: None}))
    assert report.kinds() == {"missing"} and report.problems[0].path == name


def test_extra_file(exported, tmp_path: Path) -> None:
    result, _, _ = exported
    report = verify_package(rewrite(result.path, tmp_path / "bad.zip", add={"blobs/00/extra": b"ingevoegd"}))
    assert report.kinds() == {"extra"} and report.problems[0].path == "blobs/00/extra"


def test_duplicate_entry(exported, tmp_path: Path) -> None:
    result, _, _ = exported
    name = blob_names(result.path)[0]
    with pytest.warns(UserWarning, match="Duplicate name"):
        bad = rewrite(result.path, tmp_path / "bad.zip", add={name: b"tweede versie"})
    assert "duplicate" in verify_package(bad).kinds()


def test_changed_manifest_without_new_hash(exported, tmp_path: Path) -> None:
    result, _, _ = exported
    m = read_manifest(result.path)
    m["captures"][0]["captured_by"] = "iemand anders"
    bad = rewrite(result.path, tmp_path / "bad.zip", change={"manifest.json": json.dumps(m).encode()})
    report = verify_package(bad)
    assert report.kinds() == {"manifest_changed"}


def test_changed_manifest_with_recomputed_hash_needs_the_recorded_hash(exported, tmp_path: Path) -> None:
    result, _, _ = exported
    m = read_manifest(result.path)
    m["created_at"] = "2024-01-01T00:00:00Z"
    m["manifest_sha256"] = manifest_hash(m)
    bad = rewrite(result.path, tmp_path / "bad.zip", change={"manifest.json": json.dumps(m).encode()})
    assert verify_package(bad).ok  # self-consistent: only the hash recorded at export catches it
    report = verify_package(bad, expected_manifest_sha256=result.event.manifest_sha256)
    assert report.kinds() == {"manifest_changed"} and "recorded at export" in report.problems[0].detail


def test_replaced_blob_with_consistent_manifest_is_caught_by_the_recorded_hash(exported, tmp_path: Path) -> None:
    result, _, _ = exported
    name = blob_names(result.path)[0]
    m = read_manifest(result.path)
    new = b"vervalst"
    for f in m["files"]:
        if f["path"] == name:
            f["sha256"], f["size"] = sha256_hex(new), len(new)
    m["manifest_sha256"] = manifest_hash(m)
    bad = rewrite(result.path, tmp_path / "bad.zip", change={name: new, "manifest.json": json.dumps(m).encode()})
    report = verify_package(bad, expected_manifest_sha256=result.manifest_sha256)
    assert {"manifest_changed", "changed", "unlisted"} <= report.kinds()


def test_broken_manifest_and_not_a_zip(exported, tmp_path: Path) -> None:
    result, _, _ = exported
    bad = rewrite(result.path, tmp_path / "bad.zip", change={"manifest.json": b"{niet json"})
    assert verify_package(bad).kinds() == {"manifest_invalid"}
    no_manifest = rewrite(result.path, tmp_path / "nomanifest.zip", change={"manifest.json": None})
    assert verify_package(no_manifest).kinds() == {"missing"}
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"dit is geen zip")
    report = verify_package(junk)
    assert report.kinds() == {"unreadable"} and not report.ok
    assert verify_package(tmp_path / "bestaat-niet.zip").kinds() == {"unreadable"}


def test_export_refuses_empty_and_corrupt_input(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "s")
    with pytest.raises(ValueError):
        export_package([], tmp_path / "x.zip", store=store, exported_by="x")
    cap = Capturer(store, captured_by="x", clock=FixedClock(T))
    rec = cap.text("tekst", "src").record
    with pytest.raises(ValueError):
        export_package([rec], tmp_path / "x.zip", store=store, exported_by=" ")
    import os

    p = store.path(rec.sha256)
    os.chmod(p, 0o644)
    p.write_bytes(b"anders")
    from doxwacht.evidence import BlobCorrupted

    with pytest.raises(BlobCorrupted):
        export_package([rec], tmp_path / "x.zip", store=store, exported_by="x")
    assert not (tmp_path / "x.zip").exists()
