"""Public reports and objections into the cases layer: the text is scanned at once (intent + verdict) and
stored as a message of source "meldformulier" through the `Ingestor`; the case policy opens or groups a
case, else the report gets a case of its own. Uploaded files are secured as evidence. The reporter gets
a status token; only its SHA-256 is stored."""

from __future__ import annotations

import json
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select

from doxwacht.cases import audit
from doxwacht.cases.ingest import Ingestor, identity, next_code
from doxwacht.cases.policy import CasePolicy
from doxwacht.evidence import BlobStore, Capturer
from doxwacht.evidence.capture import CaptureKind
from doxwacht.ingest import Record
from doxwacht.store import Store
from doxwacht.store.models import Case, CaseEvent, CaseMessage, EvidenceRecord, Message
from doxwacht.web.models import WebReport, WebUpload
from doxwacht.web.security import new_token, token_hash
from doxwacht.web.uploads import StoredUpload

REPORT_SOURCE = "meldformulier"
OBJECTION_SOURCE = "bezwaarformulier"
ACTOR = "meldformulier"
NO_CASES = CasePolicy(id="bezwaar", version=1, open=(), join=())


@dataclass
class Receipt:
    case_code: str
    token: str
    kind: str
    report_id: int | None = None


def _first_url(links: str) -> str | None:
    for part in links.split():
        if urlsplit(part).scheme in ("http", "https"):
            return part[:500]
    return None


class ReportIngestors:
    """One `Ingestor` per server thread and form (report, objection), each with its run kept open: a report
    then costs no run, no reload of the watchlist persons and no run audit entry of its own. `close()` (at
    shutdown) ends the runs. Without it (`ingestors=None`) each report gets an Ingestor and a run of its own."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._all: list[Ingestor] = []
        self._lock = threading.Lock()

    def get(self, store: Store, engine: Any, *, source: str, policy: CasePolicy | None, evidence_dir: Path,
            clock: Any) -> Ingestor:
        mine = self._local.__dict__.setdefault("by_key", {})
        key = (id(store), id(engine), source, json.dumps(policy.stamp(), sort_keys=True, default=str) if policy is not None else None, str(evidence_dir))
        ing = mine.get(key)
        if ing is None:
            ing = Ingestor(store, engine, user=ACTOR, policy=policy, evidence_dir=evidence_dir, clock=clock,
                           source=source, evidence_all=True)
            mine[key] = ing
            with self._lock:
                self._all.append(ing)
        return ing

    def close(self) -> None:
        with self._lock:
            ingestors, self._all = self._all, []
        for ing in ingestors:
            ing.close_run()


def _store_message(store: Store, engine: Any, *, text: str, source: str, platform: str, url: str | None,
                   evidence_dir: Path, clock: Any, policy: CasePolicy | None,
                   ingestors: ReportIngestors | None = None) -> tuple[str, int]:
    key = f"{source}-{secrets.token_hex(12)}"
    rec = Record(id=key, text=text, source=source, location=source, format=source,
                 meta={"platform": platform, "url": url, "channel": source})
    ident = identity(rec, source=source, platform=None, channel=None)
    if ingestors is not None:
        ids = ingestors.get(store, engine, source=source, policy=policy, evidence_dir=evidence_dir,
                            clock=clock).ingest_batch([rec])
        if ident in ids:
            return key, ids[ident]
    else:
        Ingestor(store, engine, user=ACTOR, policy=policy, evidence_dir=evidence_dir, clock=clock, source=source,
                 evidence_all=True).ingest([rec])
    with store.transaction() as s:  # by the whole identity: the unique index, not a scan of the source's messages
        mid = s.scalar(select(Message.id).where(Message.source == ident.source, Message.platform == ident.platform,
                                                Message.channel == ident.channel, Message.message_key == ident.message_key))
    if mid is None:  # pragma: no cover - the ingestor stores every record it is given
        raise RuntimeError("bericht niet opgeslagen")
    return key, mid


def _own_case(s: Any, message_id: int, *, category: str, source: str, platform: str, label: str,
              now: Any, policy: CasePolicy) -> Case:
    m = s.get(Message, message_id)
    level = m.level if m is not None else "none"
    severity = m.severity if m is not None else 0
    case = Case(code=next_code(s, now), group_key=f"{source}:{message_id}", target_key=f"{source}:{message_id}",
                target_group="burger", target_label=label, protected=False, targets=[], category=category,
                level=level, severity=severity, source=source, platform=platform, channel=source,
                platforms=[platform], status="nieuw", message_count=1, opened_at=now, updated_at=now,
                first_seen=now, last_seen=now)
    s.add(case)
    s.flush()
    s.add(CaseMessage(case_id=case.id, message_id=message_id))
    s.add(CaseEvent(case_id=case.id, at=now, actor=ACTOR, kind="geopend",
                    text=f"Zaak geopend via {source}", details={"message_id": message_id}, policy=policy.stamp()))
    return case


def _attach(s: Any, capturer: Capturer, report: WebReport, message_id: int, files: list[StoredUpload]) -> None:
    for f in files:
        cap = capturer.raw(f.path.read_bytes(), f"{REPORT_SOURCE}:{report.id}", f.media_type,
                           kind=CaptureKind.ATTACHMENT, filename=f.filename).record
        s.add(EvidenceRecord(message_id=message_id, sha256=cap.sha256, size=cap.size, media_type=cap.media_type,
                             kind=str(cap.kind), captured_at=cap.captured_at, source=cap.source[:500],
                             captured_by=cap.captured_by, tool_version=cap.tool_version))
        s.add(WebUpload(report_id=report.id, sha256=cap.sha256, media_type=f.media_type, size=f.size,
                        filename=f.filename))


def submit_report(store: Store, engine: Any, *, evidence_dir: Path, clock: Any, what: str, links: str,
                  platform: str, reporter: str, contact_kind: str, contact: str,
                  files: list[StoredUpload], ingestors: ReportIngestors | None = None) -> Receipt:
    text = what.strip() + ("\n\nLinks:\n" + links.strip() if links.strip() else "")
    policy = CasePolicy.default()
    _, mid = _store_message(store, engine, text=text, source=REPORT_SOURCE, platform=platform,
                            url=_first_url(links), evidence_dir=evidence_dir, clock=clock, policy=policy,
                            ingestors=ingestors)
    token = new_token()
    now = clock.now()
    capturer = Capturer(BlobStore(evidence_dir), captured_by=ACTOR, clock=clock)
    with store.transaction(write=True) as s:
        case_id = s.scalar(select(CaseMessage.case_id).where(CaseMessage.message_id == mid))
        case = s.get(Case, case_id) if case_id is not None else None
        if case is None:
            case = _own_case(s, mid, category="overig", source=REPORT_SOURCE, platform=platform,
                             label="Melder (meldformulier)", now=now, policy=policy)
        report = WebReport(kind="melding", token_hash=token_hash(token), case_id=case.id, message_id=mid,
                           created_at=now, reporter=reporter, contact_kind=contact_kind,
                           contact=contact or None, details={"files": len(files)})
        s.add(report)
        s.flush()
        _attach(s, capturer, report, mid, files)
        s.add(CaseEvent(case_id=case.id, at=now, actor=ACTOR, kind="melding",
                        text=f"Melding via meldformulier ontvangen ({len(files)} bijlage(n))",
                        details={"report_id": report.id, "message_id": mid}, policy=policy.stamp()))
        case.updated_at = now
        audit.record(store, s, actor=ACTOR, action="report.received", object_type="case", object_id=case.code,
                     details={"report_id": report.id, "files": len(files), "level": case.level}, at=now)
        return Receipt(case.code, token, "melding", report.id)


def submit_objection(store: Store, engine: Any, *, evidence_dir: Path, clock: Any, url: str, recognisable: str,
                     request: str, contact_kind: str, contact: str,
                     ingestors: ReportIngestors | None = None) -> Receipt:
    text = (f"Bezwaar tegen bericht: {url.strip()}\n\nWat is herkenbaar:\n{recognisable.strip()}\n\n"
            f"Verzoek:\n{request.strip()}")
    host = (urlsplit(url.strip()).hostname or "onbekend")[:64]
    _, mid = _store_message(store, engine, text=text, source=OBJECTION_SOURCE, platform=host,
                            url=_first_url(url), evidence_dir=evidence_dir, clock=clock, policy=NO_CASES,
                            ingestors=ingestors)
    token = new_token()
    now = clock.now()
    with store.transaction(write=True) as s:
        case = _own_case(s, mid, category="bezwaar", source=OBJECTION_SOURCE, platform=host,
                         label="Bezwaarmaker", now=now, policy=NO_CASES)
        report = WebReport(kind="bezwaar", token_hash=token_hash(token), case_id=case.id, message_id=mid,
                           created_at=now, reporter="bezwaar", contact_kind=contact_kind,
                           contact=contact or None, details={})
        s.add(report)
        s.flush()
        audit.record(store, s, actor=ACTOR, action="objection.received", object_type="case", object_id=case.code,
                     details={"report_id": report.id}, at=now)
        return Receipt(case.code, token, "bezwaar", report.id)


PUBLIC_STATUS = {
    "nieuw": "Ontvangen",
    "in behandeling": "In behandeling",
    "actie uitgezet": "In behandeling",
    "wacht op reactie": "In behandeling",
    "niet verwijderd": "In behandeling",
    "geëscaleerd": "In behandeling",
    "verwijderd": "Besluit genomen",
    "afgesloten": "Besluit genomen",
}


def public_status(store: Store, token: str, clock: Any) -> dict[str, Any] | None:
    """What the reporter may see: status, dates, the decision and its reasons. Nothing else of the case."""
    if not token or len(token) > 200:
        return None
    with store.transaction(write=True) as s:
        report = s.scalar(select(WebReport).where(WebReport.token_hash == token_hash(token)))
        if report is None:
            return None
        case = s.get(Case, report.case_id)
        if case is None:
            return None
        audit.record(store, s, actor="melder", action="report.status", object_type="case", object_id=case.code,
                     details={"report_id": report.id}, at=clock.now())
        reasons = []
        if case.removed_at is not None:
            reasons.append("Het bericht is na ons verzoek verwijderd.")
        if case.status == "afgesloten" and case.decision:
            reasons.append(case.decision)
        return {"code": case.code, "kind": report.kind, "received": report.created_at,
                "label": PUBLIC_STATUS.get(case.status, "In behandeling"),
                "state": "besluit" if case.status in ("verwijderd", "afgesloten") else
                ("ontvangen" if case.status == "nieuw" else "in behandeling"),
                "updated": case.updated_at, "reasons": reasons}
