"""Telling whoever reported it: a receipt when a report comes in, the decision with its reasons when the
case is closed, by e-mail (SMTP), to reporters who left an e-mail address on the public form.

Each letter is sent at most once per report: what was sent is recorded in the report's `details`
(`receipt_sent` / `decision_sent`: the Message-ID and time), on the case timeline and in the audit trail
(the address itself never goes into the audit trail or the log). A failed send is recorded too
(`receipt_error` / `decision_error`) and `pending()` / `send_pending()` retry later, so a mail server that is
down loses nothing. The letters are the response layer's `ontvangstbevestiging` and `besluit` documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from doxwacht.cases import audit
from doxwacht.cases.service import CaseService
from doxwacht.response import Notifier, Recipient, RecipientKind
from doxwacht.response.clock import Clock, SystemClock
from doxwacht.response.documents import DocumentError, DocumentFactory
from doxwacht.response.facts import Decision, is_email
from doxwacht.response.mailer import MailError, SmtpConfig, send_document
from doxwacht.store import Store
from doxwacht.store.models import Case, CaseAction, CaseEvent
from doxwacht.web.models import WebReport

ACTOR = "melderpost"
RECEIPT, DECISION = "receipt", "decision"
CLAIM_TIMEOUT = timedelta(minutes=10)  # a claim older than this (a sender that died) may be taken over

ACTION_NAMES = {
    "verwijderverzoek": "een verzoek tot verwijdering aan de plaatser",
    "dsa_notice": "een melding aan het platform (art. 16 DSA)",
    "sommatie": "een sommatie",
    "vordering_125p": "een vordering aan de officier van justitie om de berichten ontoegankelijk te maken (art. 125p Sv)",
    "aangifte_dossier": "een dossier voor aangifte",
    "doorverwijzing": "een doorverwijzing naar hulpverlening",
    "interventie": "een gesprek met de plaatser",
}
STATUS_REASONS = {
    "verwijderd": "De berichten zijn verwijderd.",
    "niet verwijderd": "De berichten zijn (nog) niet verwijderd.",
    "geëscaleerd": "De zaak is doorgezet naar een volgende stap.",
}
LEVEL_REASONS = {
    "doxing": ("De berichten maken persoonsgegevens van iemand openbaar met een bedreigende of intimiderende "
               "strekking; dat kan strafbaar zijn als doxing (art. 285d Sr)."),
    "hostile": "De berichten bevatten bedreigende, opruiende of hatelijke taal.",
    "personal_data": ("De berichten bevatten persoonsgegevens, maar wij vonden geen bedreiging of oproep om de "
                      "persoon lastig te vallen."),
    "none": "In de berichten vonden wij geen persoonsgegevens en geen bedreiging.",
}


@dataclass
class MailResult:
    sent: list[int] = field(default_factory=list)  # report ids
    failed: list[tuple[int, str]] = field(default_factory=list)  # (report id, reason without the address)
    skipped: int = 0  # reports without an e-mail address, or already sent


class ReporterMailer:
    """`ReporterMailer(store, smtp, notifier).receipt(report_id)` / `.decision(case_code)`."""

    def __init__(self, store: Store, smtp: SmtpConfig, notifier: Notifier, *, clock: Clock | None = None,
                 decision_within: timedelta = timedelta(days=7)) -> None:
        self.store = store
        self.smtp = smtp
        self.notifier = notifier
        self.clock: Clock = clock or SystemClock()
        self.decision_within = decision_within
        self.factory = DocumentFactory(clock=self.clock)
        self.cases = CaseService(store, clock=self.clock)

    # ------------------------------------------------------------------ letters
    def _receipt_doc(self, s: Any, report: WebReport, case: Case) -> Any:
        facts = self.cases.facts(s, case)
        return self.factory.ontvangstbevestiging(facts, self.notifier, self._to(report),
                                                 received_at=report.created_at, decision_within=self.decision_within)

    def _decision_doc(self, s: Any, report: WebReport, case: Case) -> Any:
        facts = self.cases.facts(s, case)
        actions = [f"Wij hebben {ACTION_NAMES.get(a.kind, a.kind)} opgesteld op {a.created_at:%d-%m-%Y}."
                   for a in s.scalars(select(CaseAction).where(CaseAction.case_id == case.id).order_by(CaseAction.id))]
        reasons = [LEVEL_REASONS.get(case.level, LEVEL_REASONS["none"])]
        closing = s.scalar(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "afgesloten")
                           .order_by(CaseEvent.id.desc()))
        prior = (closing.details or {}).get("from") if closing is not None else None
        if prior in STATUS_REASONS:
            reasons.append(STATUS_REASONS[prior])
        decision = Decision(decided_at=case.closed_at or self.clock.now(), outcome=case.decision or "",
                            reasons=tuple(reasons), actions=tuple(actions))
        return self.factory.besluit(facts, self.notifier, self._to(report), decision)

    @staticmethod
    def _to(report: WebReport) -> Recipient:
        return Recipient(name="melder", kind=RecipientKind.REPORTER, email=report.contact or "")

    # ------------------------------------------------------------------ sending
    def _claim(self, kind: str, rid: int) -> tuple[Any, str, str] | None | str:
        """Claim one letter: (document, address, case code), or why there is nothing to send (a str), or None
        when another sender holds a fresh claim. The claim is committed before the mail goes out, so no
        database lock is held while the SMTP server answers."""
        with self.store.transaction(write=True) as s:
            report = s.get(WebReport, rid)
            if report is None or report.contact_kind != "email" or not is_email(report.contact or ""):
                return "no address"
            details = dict(report.details or {})
            if details.get(f"{kind}_sent"):
                return "already sent"
            case = s.get(Case, report.case_id)
            if case is None or (kind == DECISION and case.status != "afgesloten"):
                return "not due"
            now = self.clock.now()
            claim = details.get(f"{kind}_claim")
            if claim and now - datetime.fromisoformat(claim) < CLAIM_TIMEOUT:
                return None
            doc = self._receipt_doc(s, report, case) if kind == RECEIPT else self._decision_doc(s, report, case)
            details[f"{kind}_claim"] = now.isoformat()
            report.details = details
            flag_modified(report, "details")
            return doc, report.contact or "", case.code

    def _record(self, kind: str, rid: int, *, doc: Any = None, message_id: str | None = None,
                error: str | None = None) -> None:
        """Write down what happened to a claimed letter (sent, or failed and to be retried)."""
        with self.store.transaction(write=True) as s:
            report = s.get(WebReport, rid)
            case = s.get(Case, report.case_id) if report is not None else None
            if report is None or case is None:
                return
            now = self.clock.now()
            details = dict(report.details or {})
            details.pop(f"{kind}_claim", None)
            label = "Ontvangstbevestiging" if kind == RECEIPT else "Besluit"
            if error is not None:
                details[f"{kind}_error"] = {"at": now.isoformat(), "reason": error[:300]}
                s.add(CaseEvent(case_id=case.id, at=now, actor=ACTOR, kind="melderpost_mislukt",
                                text=f"{label} aan melder niet verzonden; wordt opnieuw geprobeerd",
                                details={"report_id": rid}))
            else:
                details[f"{kind}_sent"] = {"at": now.isoformat(), "message_id": message_id, "sha256": doc.sha256}
                details.pop(f"{kind}_error", None)
                s.add(CaseEvent(case_id=case.id, at=now, actor=ACTOR, kind=f"melder_{kind}",
                                text=f"{label} per e-mail aan de melder verzonden",
                                details={"report_id": rid, "document": doc.sha256}))
                audit.record(self.store, s, actor=ACTOR, action=f"reporter.{kind}", object_type="case",
                             object_id=case.code, details={"report_id": rid, "document_sha256": doc.sha256},
                             at=now)
            report.details = details
            flag_modified(report, "details")

    def _send(self, kind: str, report_ids: list[int]) -> MailResult:
        out = MailResult()
        for rid in report_ids:
            try:
                claimed = self._claim(kind, rid)
            except DocumentError as e:
                reason = "brief kan niet gemaakt worden; ontbreekt: " + "; ".join(e.problems)
                self._record(kind, rid, error=reason)
                out.failed.append((rid, reason))
                continue
            if claimed is None or isinstance(claimed, str):
                out.skipped += 1
                continue
            doc, address, _code = claimed
            try:
                message_id = send_document(doc, address, self.smtp, clock=self.clock)
            except MailError as e:
                reason = str(e).replace(address or "\0", "[adres]")
                self._record(kind, rid, error=reason)
                out.failed.append((rid, reason))
                continue
            self._record(kind, rid, doc=doc, message_id=message_id)
            out.sent.append(rid)
        return out

    def receipt(self, report_id: int) -> MailResult:
        """Send the receipt for one report (once)."""
        return self._send(RECEIPT, [report_id])

    def decision(self, case_code: str) -> MailResult:
        """Send the decision of a closed case to every reporter of that case who left an address (once each)."""
        with self.store.transaction() as s:
            case_id = s.scalar(select(Case.id).where(Case.code == case_code.strip().upper()))
            ids = list(s.scalars(select(WebReport.id).where(WebReport.case_id == case_id))) if case_id else []
        return self._send(DECISION, ids)

    def pending(self) -> list[tuple[str, int]]:
        """(kind, report id) of every letter still owed: receipts not sent, decisions of closed cases not sent."""
        out: list[tuple[str, int]] = []
        with self.store.transaction() as s:
            rows = s.execute(select(WebReport, Case.status).join(Case, Case.id == WebReport.case_id)
                             .where(WebReport.contact_kind == "email")).all()
            for report, status in rows:
                details = report.details or {}
                if not details.get("receipt_sent"):
                    out.append((RECEIPT, report.id))
                if status == "afgesloten" and not details.get("decision_sent"):
                    out.append((DECISION, report.id))
        return out

    def send_pending(self) -> MailResult:
        """Retry every letter still owed."""
        total = MailResult()
        for kind, rid in self.pending():
            r = self._send(kind, [rid])
            total.sent += r.sent
            total.failed += r.failed
            total.skipped += r.skipped
        return total
