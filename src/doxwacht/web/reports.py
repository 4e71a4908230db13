"""Public reports and objections into the cases layer: the text is scanned at once (intent + verdict) and
stored as a message of source "meldformulier" through the `Ingestor`; the case policy opens or groups a
case, else the report gets a case of its own. Uploaded files are secured as evidence. The reporter gets
a status token; only its SHA-256 is stored. In the server, reports that arrive together are stored together
(`ReportIngestors`: one scan call, one evidence sync, one transaction and one log fsync per batch); a receipt
is shown only once its report is committed and durable."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from doxwacht.cases import audit
from doxwacht.cases.ingest import Identity, Ingestor, identity, next_code
from doxwacht.cases.policy import CasePolicy
from doxwacht.evidence import BlobStore, Capturer
from doxwacht.evidence.capture import CaptureKind
from doxwacht.evidence.records import CaptureRecord
from doxwacht.ingest import Record
from doxwacht.store import Store
from doxwacht.store.models import Case, CaseEvent, CaseMessage, EvidenceRecord, Message
from doxwacht.web.group_commit import GroupCommit
from doxwacht.web.models import WebReport, WebUpload
from doxwacht.web.security import new_token, token_hash
from doxwacht.web.uploads import StoredUpload

REPORT_SOURCE = "meldformulier"
OBJECTION_SOURCE = "bezwaarformulier"
ACTOR = "meldformulier"
NO_CASES = CasePolicy(id="bezwaar", version=1, open=(), join=())
REPORT_POLICY = CasePolicy.default()  # built once: a report's case events record its stamp

# the rows of one report, as Core statements built once (compiled once per process): most of what a report cost
# was the ORM's work per statement, not SQLite's
_LINKS, _REPORTS, _CASES = CaseMessage.__table__, WebReport.__table__, Case.__table__
_CASE_OF_MESSAGE = select(_LINKS.c.case_id).where(_LINKS.c.message_id == bindparam("mid"))
_INSERT_REPORT = insert(_REPORTS).returning(_REPORTS.c.id)
_INSERT_EVENT = insert(CaseEvent.__table__)
_TOUCH_CASE = update(_CASES).where(_CASES.c.id == bindparam("cid")).values(updated_at=bindparam("at"))


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


@dataclass
class _Pending:
    """One report or objection waiting for its batch: its message and the rows of its own (`write`, run inside
    the batch's transaction with the message's id)."""

    record: Record
    ident: Identity
    write: Callable[[Session, int], Receipt]


class ReportIngestors:
    """Reports and objections of one server process, stored with group commit: one `Ingestor` per form
    (report, objection) with its run kept open (a report costs no run, no reload of the watchlist persons and
    no run audit entry of its own), fed through a `GroupCommit`: reports that arrive while a batch is being
    stored go together in the next batch: one scan call, one `syncfs` for their evidence, and ONE write
    transaction holding their messages, cases, receipts and audit entries. Each receipt is shown only after its
    transaction committed and the write-ahead log was fsynced (`Store.sync`, once a batch). A batch that fails is tried again report by report, so one bad report fails alone.
    `close()` (at shutdown) ends the runs. Without it (`ingestors=None`) each report gets an Ingestor and a run
    of its own."""

    def __init__(self, *, max_batch: int = 32) -> None:
        self.max_batch = max_batch
        self._desks: dict[tuple[Any, ...], tuple[Ingestor, GroupCommit[_Pending, Receipt | None]]] = {}
        self._lock = threading.Lock()

    def _desk(self, store: Store, engine: Any, *, source: str, policy: CasePolicy, evidence_dir: Path,
              clock: Any) -> GroupCommit[_Pending, Receipt | None]:
        key = (id(store), id(engine), source, policy.id, policy.version, policy.hash, str(evidence_dir))
        with self._lock:
            desk = self._desks.get(key)
            if desk is None:
                ing = Ingestor(store, engine, user=ACTOR, policy=policy, evidence_dir=evidence_dir, clock=clock,
                               source=source, evidence_all=True)
                desk = (ing, GroupCommit(lambda batch: self._store(ing, batch), max_batch=self.max_batch))
                self._desks[key] = desk
        return desk[1]

    def submit(self, store: Store, engine: Any, *, source: str, policy: CasePolicy, evidence_dir: Path, clock: Any,
               pending: _Pending) -> Receipt | None:
        """The receipt once stored; None when the message was not stored by this call (the caller falls back)."""
        return self._desk(store, engine, source=source, policy=policy, evidence_dir=evidence_dir,
                          clock=clock).submit(pending)

    @staticmethod
    def _store(ing: Ingestor, batch: list[_Pending]) -> list[Receipt | None | BaseException]:
        receipts: dict[int, Receipt] = {}

        def then(s: Session, stored: dict[Identity, int]) -> None:
            for i, p in enumerate(batch):
                mid = stored.get(p.ident)
                if mid is not None:
                    receipts[i] = p.write(s, mid)

        try:
            ing.ingest_batch([p.record for p in batch], fresh=True, then=then)
        except Exception as err:  # noqa: BLE001 - handed to the callers (or tried again one by one)
            if len(batch) == 1:
                return [err]
            out: list[Receipt | None | BaseException] = []
            for p in batch:  # the batch was rolled back: each report alone, so one bad report fails alone
                out.extend(ReportIngestors._store(ing, [p]))
            return out
        ing.store.sync()  # durable (one fsync for the whole batch) before any receipt is shown
        return [receipts.get(i) for i in range(len(batch))]

    def close(self) -> None:
        with self._lock:
            desks, self._desks = list(self._desks.values()), {}
        for ing, _ in desks:
            ing.close_run()


def _record(text: str, *, source: str, platform: str, url: str | None) -> tuple[Record, Identity]:
    key = f"{source}-{secrets.token_hex(12)}"  # random: never stored before (the ingest need not look it up)
    rec = Record(id=key, text=text, source=source, location=source, format=source,
                 meta={"platform": platform, "url": url, "channel": source})
    return rec, identity(rec, source=source, platform=None, channel=None)


def _store_message(store: Store, engine: Any, *, rec: Record, ident: Identity, source: str, evidence_dir: Path,
                   clock: Any, policy: CasePolicy | None) -> int:
    """The message on its own (no `ReportIngestors`): an Ingestor and a run of its own."""
    Ingestor(store, engine, user=ACTOR, policy=policy, evidence_dir=evidence_dir, clock=clock, source=source,
             evidence_all=True).ingest([rec])
    with store.transaction() as s:  # by the whole identity: the unique index, not a scan of the source's messages
        mid = s.scalar(select(Message.id).where(Message.source == ident.source, Message.platform == ident.platform,
                                                Message.channel == ident.channel, Message.message_key == ident.message_key))
    if mid is None:  # pragma: no cover - the ingestor stores every record it is given
        raise RuntimeError("bericht niet opgeslagen")
    return mid


def _submit(store: Store, engine: Any, *, text: str, source: str, platform: str, url: str | None, evidence_dir: Path,
            clock: Any, policy: CasePolicy, write: Callable[[Session, int], Receipt],
            ingestors: ReportIngestors | None) -> Receipt:
    rec, ident = _record(text, source=source, platform=platform, url=url)
    if ingestors is not None:
        receipt = ingestors.submit(store, engine, source=source, policy=policy, evidence_dir=evidence_dir,
                                   clock=clock, pending=_Pending(rec, ident, write))
        if receipt is not None:
            return receipt
    mid = _store_message(store, engine, rec=rec, ident=ident, source=source, evidence_dir=evidence_dir, clock=clock,
                         policy=policy)
    with store.transaction(write=True) as s:
        receipt = write(s, mid)
    store.sync()  # durable before the receipt is shown
    return receipt


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


def _attach(s: Any, report_id: int, message_id: int, files: list[tuple[StoredUpload, CaptureRecord]]) -> None:
    for f, cap in files:
        s.add(EvidenceRecord(message_id=message_id, sha256=cap.sha256, size=cap.size, media_type=cap.media_type,
                             kind=str(cap.kind), captured_at=cap.captured_at,
                             source=f"{REPORT_SOURCE}:{report_id}"[:500], captured_by=cap.captured_by,
                             tool_version=cap.tool_version))
        s.add(WebUpload(report_id=report_id, sha256=cap.sha256, media_type=f.media_type, size=f.size,
                        filename=f.filename))


def submit_report(store: Store, engine: Any, *, evidence_dir: Path, clock: Any, what: str, links: str,
                  platform: str, reporter: str, contact_kind: str, contact: str,
                  files: list[StoredUpload], ingestors: ReportIngestors | None = None) -> Receipt:
    text = what.strip() + ("\n\nLinks:\n" + links.strip() if links.strip() else "")
    policy = REPORT_POLICY
    token = new_token()
    capturer = Capturer(BlobStore(evidence_dir), captured_by=ACTOR, clock=clock)
    # the files are secured (durable) before the report's transaction, which only records them
    captured = [(f, capturer.raw(f.path.read_bytes(), REPORT_SOURCE, f.media_type, kind=CaptureKind.ATTACHMENT,
                                 filename=f.filename).record) for f in files]

    def write(s: Session, mid: int) -> Receipt:
        now = clock.now()
        s.flush()  # the case links the ingest added (and a case it opened) are in the database for the look-up
        conn = s.connection()
        case_id = conn.execute(_CASE_OF_MESSAGE, {"mid": mid}).scalar()
        case = s.get(Case, case_id) if case_id is not None else None  # in the session already: no query
        if case is None:
            case = _own_case(s, mid, category="overig", source=REPORT_SOURCE, platform=platform,
                             label="Melder (meldformulier)", now=now, policy=policy)
        report_id = conn.execute(_INSERT_REPORT, {
            "kind": "melding", "token_hash": token_hash(token), "case_id": case.id, "message_id": mid,
            "created_at": now, "reporter": reporter, "contact_kind": contact_kind, "contact": contact or None,
            "details": {"files": len(files)}}).scalar_one()
        _attach(s, report_id, mid, captured)
        conn.execute(_INSERT_EVENT, {
            "case_id": case.id, "at": now, "actor": ACTOR, "kind": "melding",
            "text": f"Melding via meldformulier ontvangen ({len(files)} bijlage(n))",
            "details": {"report_id": report_id, "message_id": mid}, "policy": policy.stamp()})
        conn.execute(_TOUCH_CASE, {"cid": case.id, "at": now})
        set_committed_value(case, "updated_at", now)  # as written: no second UPDATE through the unit of work
        audit.record(store, s, actor=ACTOR, action="report.received", object_type="case", object_id=case.code,
                     details={"report_id": report_id, "files": len(files), "level": case.level}, at=now)
        return Receipt(case.code, token, "melding", report_id)

    return _submit(store, engine, text=text, source=REPORT_SOURCE, platform=platform, url=_first_url(links),
                   evidence_dir=evidence_dir, clock=clock, policy=policy, write=write, ingestors=ingestors)


def submit_objection(store: Store, engine: Any, *, evidence_dir: Path, clock: Any, url: str, recognisable: str,
                     request: str, contact_kind: str, contact: str,
                     ingestors: ReportIngestors | None = None) -> Receipt:
    text = (f"Bezwaar tegen bericht: {url.strip()}\n\nWat is herkenbaar:\n{recognisable.strip()}\n\n"
            f"Verzoek:\n{request.strip()}")
    host = (urlsplit(url.strip()).hostname or "onbekend")[:64]
    token = new_token()

    def write(s: Session, mid: int) -> Receipt:
        now = clock.now()
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

    return _submit(store, engine, text=text, source=OBJECTION_SOURCE, platform=host, url=_first_url(url),
                   evidence_dir=evidence_dir, clock=clock, policy=NO_CASES, write=write, ingestors=ingestors)


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
