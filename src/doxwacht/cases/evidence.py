"""Evidence packages of a case, through `doxwacht.evidence` (export and verify), logged in the audit trail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from doxwacht.cases import audit
from doxwacht.cases.ingest import default_evidence_dir
from doxwacht.evidence import BlobStore, CaptureRecord, export_package, verify_package
from doxwacht.response.clock import Clock, SystemClock
from doxwacht.store import Store
from doxwacht.store.models import Case, CaseEvent, CaseMessage, EvidenceRecord


def _aware(dt: Any) -> Any:
    from datetime import UTC
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt


def export_case(store: Store, code: str, out: str | Path, *, user: str, reason: str | None = None,
                evidence_dir: str | Path | None = None, clock: Clock | None = None) -> Any:
    clock = clock or SystemClock()
    blobs = BlobStore(evidence_dir or default_evidence_dir(store))
    with store.transaction(write=True) as s:
        case = s.scalar(select(Case).where(Case.code == code.upper()))
        if case is None:
            raise ValueError(f"zaak {code} bestaat niet")
        if case.protected and not (reason and reason.strip()):
            raise ValueError(f"zaak {case.code} betreft een beschermd persoon: geef een reden op (--reason)")
        recs = s.scalars(select(EvidenceRecord).join(CaseMessage, CaseMessage.message_id == EvidenceRecord.message_id)
                         .where(CaseMessage.case_id == case.id).order_by(EvidenceRecord.id)).all()
        items = [CaptureRecord(r.sha256, r.size, r.media_type, _aware(r.captured_at), r.source, r.captured_by,
                               r.tool_version, r.kind) for r in recs]
        if not items:
            raise ValueError(f"zaak {case.code} heeft geen beveiligde originelen")
        res = export_package(items, out, store=blobs, exported_by=user, clock=clock, case_code=case.code)
        s.add(CaseEvent(case_id=case.id, at=clock.now(), actor=user, kind="bewijs_geexporteerd",
                        text=f"Bewijspakket gemaakt (manifest {res.manifest_sha256[:12]}…)",
                        details={"manifest_sha256": res.manifest_sha256, "package_sha256": res.package_sha256}))
        audit.record(store, s, actor=user, action="evidence.export", object_type="case", object_id=case.code,
                     reason=reason, details={"items": len(items), "manifest_sha256": res.manifest_sha256,
                                             "package_sha256": res.package_sha256, "protected": case.protected},
                     at=clock.now())
        return res


def verify(store: Store, path: str | Path, *, user: str) -> Any:
    report = verify_package(path)
    with store.transaction(write=True) as s:
        audit.record(store, s, actor=user, action="evidence.verify", object_type="package",
                     object_id=report.manifest_sha256, details={"ok": report.ok, "files": report.files_checked})
    return report
