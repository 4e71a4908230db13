"""Evidence packages: a zip with the blobs and a ``manifest.json``, and the check that nothing in it
changed.

The manifest lists every file with its SHA-256 and size, the capture records, custody events given
at export, the creation time and the tool version, and ends with ``manifest_sha256``: the SHA-256 of
the manifest's canonical JSON without that key. `export_package` returns that hash in its
``exported`` custody event; pass it to `verify_package` as ``expected_manifest_sha256`` and a manifest
rewritten with a fresh self-hash is caught too.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from doxwacht import __version__
from doxwacht.evidence.blobs import BlobStore, blob_name, sha256_hex
from doxwacht.evidence.records import CaptureRecord, CustodyAction, CustodyEvent, iso
from doxwacht.response.clock import Clock, SystemClock

FORMAT = "doxwacht-evidence-package/1"
MANIFEST = "manifest.json"


def manifest_hash(manifest: Mapping[str, Any]) -> str:
    body = {k: v for k, v in manifest.items() if k != "manifest_sha256"}
    return sha256_hex(json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8"))


@dataclass(frozen=True)
class ExportResult:
    path: Path
    manifest_sha256: str
    package_sha256: str
    event: CustodyEvent


def export_package(items: Iterable[CaptureRecord], path: str | Path, *, store: BlobStore, exported_by: str,
                   clock: Clock | None = None, case_code: str | None = None,
                   custody: Iterable[CustodyEvent] = ()) -> ExportResult:
    """Write the zip at `path` (atomically) with the blobs of `items` and the manifest."""
    clock = clock or SystemClock()
    records = list(items)
    if not records:
        raise ValueError("an evidence package needs at least one item")
    if not exported_by.strip():
        raise ValueError("exported_by is empty")
    now = clock.now()
    blobs: dict[str, bytes] = {}
    for r in records:
        if r.sha256 not in blobs:
            data = store.get(r.sha256)  # checks the hash
            if len(data) != r.size:
                raise ValueError(f"capture record {r.sha256} says {r.size} bytes, the blob has {len(data)}")
            blobs[r.sha256] = data
    files: list[dict[str, Any]] = [{"path": blob_name(s), "sha256": s, "size": len(d)}
                                   for s, d in sorted(blobs.items())]
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "created_at": iso(now),
        "created_by": exported_by,
        "tool_version": __version__,
        "case_code": case_code,
        "files": files,
        "captures": [r.to_dict() for r in records],
        "custody": [e.to_dict() for e in custody],
    }
    manifest["manifest_sha256"] = manifest_hash(manifest)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    stamp = (max(now.year, 1980), now.month, now.day, now.hour, now.minute, now.second)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".zip", dir=target.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as z:
            for sha, data in sorted(blobs.items()):
                z.writestr(zipfile.ZipInfo(blob_name(sha), stamp), data, compress_type=zipfile.ZIP_DEFLATED)
            z.writestr(zipfile.ZipInfo(MANIFEST, stamp),
                       json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8"),
                       compress_type=zipfile.ZIP_DEFLATED)
        package_sha = sha256_hex(Path(tmp).read_bytes())
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    event = CustodyEvent(CustodyAction.EXPORTED, now, exported_by, tuple(sorted(blobs)),
                         manifest_sha256=manifest["manifest_sha256"], package_sha256=package_sha,
                         detail=f"{len(files)} file(s) to {target.name}")
    return ExportResult(target, manifest["manifest_sha256"], package_sha, event)


@dataclass(frozen=True)
class Problem:
    kind: str  # changed | missing | extra | duplicate | manifest_changed | manifest_invalid | unreadable | unlisted
    path: str
    detail: str


@dataclass(frozen=True)
class VerificationReport:
    path: Path
    checked_at: datetime
    problems: tuple[Problem, ...]
    files_checked: int
    manifest_sha256: str | None = None  # as recomputed from the manifest found
    captures: tuple[CaptureRecord, ...] = field(default=(), repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    def kinds(self) -> set[str]:
        return {p.kind for p in self.problems}

    def summary(self) -> str:
        if self.ok:
            return f"{self.path.name}: intact ({self.files_checked} file(s), manifest {self.manifest_sha256})"
        return f"{self.path.name}: {len(self.problems)} problem(s): " + "; ".join(
            f"{p.kind} {p.path}: {p.detail}" for p in self.problems)

    def event(self, actor: str) -> CustodyEvent:
        """The ``verified`` custody event for this check."""
        shas = tuple(sorted({c.sha256 for c in self.captures}))
        return CustodyEvent(CustodyAction.VERIFIED, self.checked_at, actor, shas,
                            manifest_sha256=self.manifest_sha256, ok=self.ok, detail=self.summary())


def verify_package(path: str | Path, *, expected_manifest_sha256: str | None = None,
                   clock: Clock | None = None) -> VerificationReport:
    """Check every file against the manifest, the manifest against its own hash (and the expected one),
    and report missing, extra, duplicate and changed files. Never raises for a damaged package."""
    clock = clock or SystemClock()
    p = Path(path)
    problems: list[Problem] = []

    def report(manifest_sha: str | None = None, checked: int = 0,
               captures: tuple[CaptureRecord, ...] = ()) -> VerificationReport:
        return VerificationReport(p, clock.now(), tuple(problems), checked, manifest_sha, captures)

    try:
        z = zipfile.ZipFile(p)
    except (OSError, zipfile.BadZipFile) as e:
        problems.append(Problem("unreadable", p.name, f"not a readable zip: {e}"))
        return report()
    with z:
        names = [i.filename for i in z.infolist()]
        for name, n in Counter(names).items():
            if n > 1:
                problems.append(Problem("duplicate", name, f"{n} entries with this name"))
        if MANIFEST not in names:
            problems.append(Problem("missing", MANIFEST, "the package has no manifest"))
            return report()
        try:
            manifest = json.loads(z.read(MANIFEST).decode("utf-8"))
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise ValueError(f"not a {FORMAT} manifest")
            files = manifest["files"]
            stored_hash = manifest["manifest_sha256"]
        except (zipfile.BadZipFile, zlib.error, UnicodeDecodeError, ValueError, KeyError, TypeError) as e:
            problems.append(Problem("manifest_invalid", MANIFEST, f"cannot read the manifest: {e}"))
            return report()
        actual = manifest_hash(manifest)
        if actual != stored_hash:
            problems.append(Problem("manifest_changed", MANIFEST,
                                    f"manifest hash is {actual}, the manifest says {stored_hash}"))
        if expected_manifest_sha256 is not None and actual != expected_manifest_sha256:
            problems.append(Problem("manifest_changed", MANIFEST,
                                    f"manifest hash is {actual}, {expected_manifest_sha256} was recorded at export"))
        listed: set[str] = set()
        checked = 0
        for f in files:
            name, want, size = str(f.get("path")), str(f.get("sha256")), f.get("size")
            listed.add(name)
            if name != blob_name_or_none(want):
                problems.append(Problem("changed", name, f"the name does not match the listed SHA-256 {want}"))
            if name not in names:
                problems.append(Problem("missing", name, "listed in the manifest, absent from the package"))
                continue
            try:
                data = z.read(name)
            except (zipfile.BadZipFile, zlib.error, OSError) as e:
                problems.append(Problem("changed", name, f"cannot be read intact: {e}"))
                continue
            checked += 1
            got = hashlib.sha256(data).hexdigest()
            if got != want:
                problems.append(Problem("changed", name, f"SHA-256 is {got}, the manifest says {want}"))
            elif size != len(data):
                problems.append(Problem("changed", name, f"{len(data)} bytes, the manifest says {size}"))
        for name in sorted(set(names) - listed - {MANIFEST}):
            problems.append(Problem("extra", name, "in the package, not in the manifest"))
        captures: list[CaptureRecord] = []
        listed_shas = {str(f.get("sha256")) for f in files}
        for c in manifest.get("captures", []):
            try:
                rec = CaptureRecord.from_dict(c)
            except (KeyError, ValueError, TypeError) as e:
                problems.append(Problem("manifest_invalid", MANIFEST, f"bad capture record: {e}"))
                continue
            captures.append(rec)
            if rec.sha256 not in listed_shas:
                problems.append(Problem("unlisted", blob_name(rec.sha256), "a capture record without its file"))
        return report(actual, checked, tuple(captures))


def blob_name_or_none(sha256: str) -> str | None:
    try:
        return blob_name(sha256)
    except ValueError:
        return None
