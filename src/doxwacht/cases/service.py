"""Case handling: list, show (logged), status transitions, notes, assignment, actions with deadlines and
Dutch documents (via `doxwacht.response`), overdue actions and escalation suggestions, closing."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from doxwacht.cases import audit
from doxwacht.cases.ingest import default_evidence_dir
from doxwacht.cases.policy import CasePolicy
from doxwacht.evidence import BlobStore
from doxwacht.response import (ActionKind, CaseFacts, Category, DeadlinePolicy, DocumentFactory, EvidenceItem,
                               Excerpt, Location, Notifier, Qualification, Recipient, RecipientKind, RoleGroup,
                               Target, TimelineEvent, suggest_escalation)
from doxwacht.response.clock import Clock, SystemClock
from doxwacht.response.deadlines import ACTION_STEP
from doxwacht.response.masking import find_unmasked, mask_excerpt
from doxwacht.store import Store
from doxwacht.store.models import Case, CaseAction, CaseEvent, CaseMessage, EvidenceRecord, Message

STATUSES = ("nieuw", "in behandeling", "actie uitgezet", "wacht op reactie", "verwijderd", "niet verwijderd",
            "geëscaleerd", "afgesloten")
TRANSITIONS: dict[str, frozenset[str]] = {
    "nieuw": frozenset({"in behandeling", "actie uitgezet", "afgesloten"}),
    "in behandeling": frozenset({"actie uitgezet", "afgesloten"}),
    "actie uitgezet": frozenset({"wacht op reactie", "verwijderd", "niet verwijderd", "geëscaleerd", "actie uitgezet"}),
    "wacht op reactie": frozenset({"verwijderd", "niet verwijderd", "geëscaleerd", "actie uitgezet"}),
    "niet verwijderd": frozenset({"geëscaleerd", "actie uitgezet", "afgesloten"}),
    "geëscaleerd": frozenset({"actie uitgezet", "verwijderd", "niet verwijderd", "afgesloten"}),
    "verwijderd": frozenset({"afgesloten", "in behandeling"}),
    "afgesloten": frozenset(),
}
# action kinds with a deadline (response.deadlines.ActionKind) and the documents without one
DEADLINE_KINDS = tuple(str(k) for k in ActionKind if k not in (ActionKind.HOSTING_NOTICE, ActionKind.REGISTRAR_NOTICE))
DOCUMENT_ONLY = ("aangifte_dossier", "doorverwijzing", "interventie")  # interventie: the record of a talk with the poster
ACTION_KINDS = DEADLINE_KINDS + DOCUMENT_ONLY
RECIPIENT_KIND = {
    "verwijderverzoek": RecipientKind.POSTER, "dsa_notice": RecipientKind.PLATFORM,
    "sommatie": RecipientKind.POSTER, "vordering_125p": RecipientKind.PROSECUTOR,
}
DATA_KINDS = {"ADDRESS": "adres", "POSTCODE": "postcode", "PHONE": "telefoonnummer", "EMAIL": "e-mailadres",
              "LICENSE_PLATE": "kenteken", "GEO_COORDINATE": "locatie", "BSN": "BSN", "DATE_OF_BIRTH": "geboortedatum",
              "IBAN": "rekeningnummer", "SOCIAL_HANDLE": "account", "IP_ADDRESS": "IP-adres", "PERSON": "naam"}


class CaseError(ValueError):
    """A user error on a case (unknown code, forbidden transition, missing reason), in Dutch."""


@dataclass
class ActionView:
    id: int
    kind: str
    created_at: datetime
    due_at: datetime | None
    status: str
    overdue: bool
    escalation: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "created_at": self.created_at.isoformat(),
                "due_at": self.due_at.isoformat() if self.due_at else None, "status": self.status,
                "overdue": self.overdue, "escalation": self.escalation}


@dataclass
class CaseView:
    case: Case
    messages: list[Message]
    events: list[CaseEvent]
    actions: list[ActionView]
    excerpts: list[str] = field(default_factory=list)


def _aware(dt: datetime | None) -> datetime | None:
    from datetime import UTC
    return dt.replace(tzinfo=UTC) if dt is not None and dt.tzinfo is None else dt


class CaseService:
    def __init__(self, store: Store, *, clock: Clock | None = None, policy: CasePolicy | None = None,
                 deadlines: DeadlinePolicy | None = None, evidence_dir: str | Path | None = None,
                 access: audit.AccessPolicy | None = None) -> None:
        self.store = store
        self.clock: Clock = clock or SystemClock()
        self.policy = policy or CasePolicy.default()
        self.deadlines = deadlines or DeadlinePolicy()
        self.blobs = BlobStore(evidence_dir or default_evidence_dir(store))
        self.access = access or audit.AccessPolicy.from_env()
        self.alerts: list[Any] = []

    # ------------------------------------------------------------------ lookups
    def _case(self, s: Session, code: str) -> Case:
        case = s.scalar(select(Case).where(Case.code == code.strip().upper()))
        if case is None:
            raise CaseError(f"zaak {code} bestaat niet")
        return case

    def list(self, *, status: str | None = None, platform: str | None = None, limit: int = 50,
             user: str = "onbekend") -> list[Case]:
        with self.store.transaction(write=True) as s:
            q = select(Case).order_by(Case.severity.desc(), Case.opened_at.desc()).limit(limit)
            if status:
                q = q.where(Case.status == status)
            if platform:
                q = q.where(Case.platform == platform.lower())
            cases = list(s.scalars(q))
            audit.record(self.store, s, actor=user, action="case.list", object_type="case",
                         details={"count": len(cases), "status": status, "platform": platform}, at=self.clock.now())
            return cases

    def _action_views(self, s: Session, case: Case) -> list[ActionView]:
        now = self.clock.now()
        views = []
        for a in s.scalars(select(CaseAction).where(CaseAction.case_id == case.id).order_by(CaseAction.id)):
            due = _aware(a.due_at)
            overdue = a.status == "open" and due is not None and due < now
            esc = None
            if overdue:
                e = self._escalation(s, case, a)
                esc = e.text if e else None
            views.append(ActionView(a.id, a.kind, _aware(a.created_at), due, a.status, overdue, esc))
        return views

    def show(self, code: str, *, user: str, reason: str | None = None, text: bool = False) -> CaseView:
        """A case with its messages, timeline and actions. Logged; a protected person's case needs a reason.
        `text=True` adds the messages' text with personal data masked (logged as message.view)."""
        now = self.clock.now()
        with self.store.transaction(write=True) as s:
            case = self._case(s, code)
            if case.protected and not (reason and reason.strip()):
                raise CaseError(f"zaak {case.code} betreft een beschermd persoon: geef een reden op (--reason)")
            messages = list(s.scalars(select(Message).join(CaseMessage, CaseMessage.message_id == Message.id)
                                      .where(CaseMessage.case_id == case.id).order_by(Message.id)))
            events = list(s.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)))
            actions = self._action_views(s, case)
            audit.record(self.store, s, actor=user, action="case.show", object_type="case", object_id=case.code,
                         reason=reason, details={"protected": case.protected, "messages": len(messages)}, at=now)
            excerpts: list[str] = []
            if text:
                excerpts = [self._masked(m) or "(tekst niet beschikbaar)" for m in messages]
                audit.record(self.store, s, actor=user, action="message.view", object_type="case",
                             object_id=case.code, reason=reason,
                             details={"protected": case.protected, "message_ids": [m.id for m in messages][:100]},
                             at=now)
            if case.protected:
                alert = audit.check_unusual(self.store, s, actor=user, now=now, policy=self.access)
                if alert is not None:
                    self.alerts.append(alert)
            s.expunge_all()
            return CaseView(case, messages, events, actions, excerpts)

    def _masked(self, m: Message) -> str | None:
        import json

        from sqlalchemy.orm import object_session

        s = object_session(m)
        sha = m.__dict__.get("_evidence_sha")
        if sha is None and s is not None:
            sha = s.scalar(select(EvidenceRecord.sha256).where(EvidenceRecord.message_id == m.id).limit(1))
        if sha is None:
            return None
        try:
            raw = json.loads(self.blobs.get(sha).decode("utf-8"))["text"]
        except (KeyError, OSError, ValueError):
            return None

        @dataclass
        class _Span:
            label: str
            start: int
            end: int

        spans = [_Span(f["label"], f["start"], f["end"]) for f in m.findings]
        masked = mask_excerpt(raw, spans)
        return None if find_unmasked(masked) else masked

    # ------------------------------------------------------------------ changes
    def _event(self, s: Session, case: Case, user: str, kind: str, text: str, details: dict[str, Any] | None = None,
               ) -> None:
        now = self.clock.now()
        s.add(CaseEvent(case_id=case.id, at=now, actor=user, kind=kind, text=text, details=details or {},
                        policy=self.policy.stamp()))
        case.updated_at = now

    def _transition(self, s: Session, case: Case, status: str, user: str) -> None:
        if status not in STATUSES:
            raise CaseError(f"onbekende status {status!r}; kies uit: {', '.join(STATUSES)}")
        if status == case.status and status != "actie uitgezet":
            return
        if status not in TRANSITIONS[case.status]:
            allowed = ", ".join(sorted(TRANSITIONS[case.status])) or "geen"
            raise CaseError(f"zaak {case.code}: van '{case.status}' naar '{status}' mag niet (toegestaan: {allowed})")
        old, case.status = case.status, status
        now = self.clock.now()
        if status == "verwijderd":
            case.removed_at = now
            for a in s.scalars(select(CaseAction).where(CaseAction.case_id == case.id, CaseAction.status == "open")):
                a.status, a.done_at, a.result = "voldaan", now, "verwijderd"
        if status == "niet verwijderd":
            for a in s.scalars(select(CaseAction).where(CaseAction.case_id == case.id, CaseAction.status == "open")):
                a.status, a.done_at, a.result = "geweigerd", now, "niet verwijderd"
        self._event(s, case, user, "status", f"Status: {old} → {status}", {"from": old, "to": status})

    def set_status(self, code: str, status: str, *, user: str, reason: str | None = None) -> None:
        with self.store.transaction(write=True) as s:
            case = self._case(s, code)
            self._transition(s, case, status, user)
            audit.record(self.store, s, actor=user, action="case.status", object_type="case", object_id=case.code,
                         reason=reason, details={"status": status}, at=self.clock.now())

    def assign(self, code: str, assignee: str, *, user: str) -> None:
        with self.store.transaction(write=True) as s:
            case = self._case(s, code)
            case.assignee = assignee
            self._event(s, case, user, "toegewezen", f"Toegewezen aan {assignee}", {"assignee": assignee})
            if case.status == "nieuw":
                self._transition(s, case, "in behandeling", user)
            audit.record(self.store, s, actor=user, action="case.assign", object_type="case", object_id=case.code,
                         details={"assignee": assignee}, at=self.clock.now())

    def note(self, code: str, text: str, *, user: str) -> None:
        with self.store.transaction(write=True) as s:
            case = self._case(s, code)
            self._event(s, case, user, "notitie", text)
            audit.record(self.store, s, actor=user, action="case.note", object_type="case", object_id=case.code,
                         details={"length": len(text)}, at=self.clock.now())

    def close(self, code: str, *, decision: str, user: str, reason: str | None = None) -> None:
        if not decision.strip():
            raise CaseError("een zaak sluiten vraagt een besluit (--decision)")
        with self.store.transaction(write=True) as s:
            case = self._case(s, code)
            if case.status == "afgesloten":
                raise CaseError(f"zaak {case.code} is al afgesloten")
            old = case.status
            case.status, case.decision, case.closed_at = "afgesloten", decision, self.clock.now()
            for a in s.scalars(select(CaseAction).where(CaseAction.case_id == case.id, CaseAction.status == "open")):
                a.status = "vervallen"
            self._event(s, case, user, "afgesloten", f"Afgesloten: {decision}", {"from": old})
            audit.record(self.store, s, actor=user, action="case.close", object_type="case", object_id=case.code,
                         reason=reason, details={"from": old}, at=self.clock.now())

    # ------------------------------------------------------------------ actions
    def facts(self, s: Session, case: Case) -> CaseFacts:
        """The case as `response.CaseFacts` (pseudonymous target, masked excerpts, secured evidence)."""
        messages = list(s.scalars(select(Message).join(CaseMessage, CaseMessage.message_id == Message.id)
                                  .where(CaseMessage.case_id == case.id).order_by(Message.id)))
        locations = tuple(Location(m.url, platform=m.platform, message_id=m.message_key, posted_at=_aware(m.posted_at))
                          for m in messages if m.url)
        quals: dict[str, Qualification] = {}
        kinds: list[str] = []
        excerpts = []
        for m in messages:
            for q in (m.verdict or {}).get("qualifications", ()):
                if q.get("article"):
                    quals.setdefault(q["article"], Qualification(q["article"], q.get("name") or "", tuple(q.get("met", ())),
                                                                  tuple(q.get("te_beoordelen", ()))))
            for f in m.findings:
                k = DATA_KINDS.get(f["label"])
                if k and k not in kinds:
                    kinds.append(k)
            masked = self._masked(m)
            if masked:
                excerpts.append(Excerpt(m.message_key, masked, _aware(m.posted_at), m.url or ""))
        evidence = tuple(
            EvidenceItem(e.sha256, _aware(e.captured_at), e.source, e.captured_by, e.tool_version, e.media_type, e.size,
                         f"origineel bericht {e.message_id}")
            for e in s.scalars(select(EvidenceRecord).where(EvidenceRecord.message_id.in_([m.id for m in messages]))))
        timeline = tuple(TimelineEvent(_aware(e.at), e.text) for e in s.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)) if e.kind != "notitie")
        category = case.category if case.category in {str(c) for c in Category} else "overig"
        role = case.target_group if case.target_group in {str(r) for r in RoleGroup} else "burger"
        return CaseFacts(case.code, _aware(case.opened_at), _aware(case.first_seen or case.opened_at), Category(category),
                         int(case.severity), case.level if case.level != "none" else "personal_data",
                         Target(case.target_label, RoleGroup(role)), case.platform, locations, tuple(quals.values()),
                         None, tuple(excerpts[:20]), evidence, timeline, tuple(kinds))

    def act(self, code: str, kind: str, *, user: str, notifier: Notifier, recipient: Recipient | None = None,
            provider: Recipient | None = None, good_faith: bool = False, reason: str | None = None,
            factory: DocumentFactory | None = None, intervention: Any = None) -> tuple[CaseAction, Any]:
        """Record an action with its deadline and generate its document. Raises `DocumentError` (nothing is
        recorded) when the document cannot be made from what the case holds."""
        if kind not in ACTION_KINDS:
            raise CaseError(f"onbekende actie {kind!r}; kies uit: {', '.join(ACTION_KINDS)}")
        factory = factory or DocumentFactory(clock=self.clock)
        now = self.clock.now()
        with self.store.transaction(write=True) as s:
            case = self._case(s, code)
            if case.status == "afgesloten":
                raise CaseError(f"zaak {case.code} is afgesloten")
            facts = self.facts(s, case)
            deadline = None
            if kind in DEADLINE_KINDS:
                deadline = self.deadlines.start(kind, case.platform, manifest=facts.manifestly_illegal, clock=self.clock)
            rk = RECIPIENT_KIND.get(kind)
            to = recipient or Recipient(name="", kind=rk or RecipientKind.POLICE)
            if rk is not None and to.kind != rk:
                to = Recipient(to.name, rk, to.email, to.organisation, to.address, to.reference)
            if kind == "verwijderverzoek":
                doc = factory.verwijderverzoek(facts, notifier, to, deadline=deadline.due_at)
            elif kind == "dsa_notice":
                doc = factory.dsa_notice(facts, notifier, to, good_faith_confirmed=good_faith)
            elif kind == "sommatie":
                doc = factory.sommatie(facts, notifier, to, deadline=deadline.due_at, on_behalf_of=case.target_label)
            elif kind == "vordering_125p":
                doc = factory.vordering_125p(facts, notifier, to, provider=provider or Recipient(
                    case.platform, RecipientKind.PLATFORM))
            elif kind == "aangifte_dossier":
                doc = factory.aangifte_dossier(facts, notifier)
            elif kind == "interventie":
                if intervention is None:
                    raise CaseError("een interventie vraagt het verslag van het gesprek (wie, vorm, samenvatting, "
                                    "uitkomst)")
                doc = factory.interventie_verslag(facts, notifier, intervention)
            else:
                doc = factory.doorverwijzing(facts, notifier, recipient)
            sha = self.blobs.put(doc.text.encode("utf-8"))
            action = CaseAction(case_id=case.id, kind=kind, created_at=now, created_by=user, platform=case.platform,
                                manifest=bool(deadline and deadline.manifest), due_at=deadline.due_at if deadline else None,
                                status="open" if deadline else "voldaan", document_kind=str(doc.kind),
                                document_sha256=sha, document_text=doc.text)
            s.add(action)
            s.flush()
            if kind in DEADLINE_KINDS and case.status != "actie uitgezet":
                if case.status == "nieuw":
                    self._transition(s, case, "in behandeling", user)
                self._transition(s, case, "actie uitgezet", user)
            due = f", termijn tot {deadline.due_at:%Y-%m-%d %H:%M} UTC" if deadline else ""
            self._event(s, case, user, "actie", f"Actie {kind}{due}", {"action_id": action.id, "document": sha})
            audit.record(self.store, s, actor=user, action="case.act", object_type="case", object_id=case.code,
                         reason=reason, details={"kind": kind, "action_id": action.id, "document_sha256": sha}, at=now)
            s.expunge(action)
            return action, doc

    def _escalation(self, s: Session, case: Case, a: CaseAction) -> Any:
        try:
            kind = ActionKind(a.kind)
        except ValueError:
            return None
        deadline = self.deadlines.deadline(kind, a.platform, manifest=a.manifest, started_at=_aware(a.created_at))
        done = {ACTION_STEP[ActionKind(x.kind)] for x in s.scalars(
            select(CaseAction).where(CaseAction.case_id == case.id)) if x.kind in ACTION_STEP}
        aangifte = bool(s.scalar(select(func.count(CaseAction.id)).where(
            CaseAction.case_id == case.id, CaseAction.kind == "aangifte_dossier")))
        criminal = case.level in ("doxing", "hostile")
        return suggest_escalation(deadline, self.clock, self.deadlines, criminal=criminal, poster_known=False,
                                  aangifte_done=aangifte, steps_done=done)

    def check_deadlines(self, *, user: str) -> list[tuple[str, Any]]:
        """Expired open actions: mark them 'verlopen', put the escalation suggestion on the case timeline."""
        out = []
        now = self.clock.now()
        with self.store.transaction(write=True) as s:
            for a in s.scalars(select(CaseAction).where(CaseAction.status == "open", CaseAction.due_at < now)):
                case = s.get(Case, a.case_id)
                esc = self._escalation(s, case, a)
                if esc is None:
                    continue
                a.status, a.escalation = "verlopen", esc.to_dict()
                self._event(s, case, user, "termijn_verlopen", esc.text, {"action_id": a.id})
                out.append((case.code, esc))
            audit.record(self.store, s, actor=user, action="case.deadlines", object_type="case",
                         details={"expired": len(out)}, at=now)
        return out

    def send_reminders(self, *, user: str) -> builtins.list[tuple[str, Any]]:
        """Reminders whose time has come (at 50% and 90% of an open action's term by default): each goes on
        the case timeline once (a `herinnering` event, which also records that it was given)."""
        out: builtins.list[tuple[str, Any]] = []
        now = self.clock.now()
        with self.store.transaction(write=True) as s:
            rows = s.execute(select(CaseAction, Case).join(Case, Case.id == CaseAction.case_id).where(
                CaseAction.status == "open", CaseAction.due_at >= now)).all()
            sent: dict[int, builtins.list[float]] = {}
            if rows:
                for e in s.scalars(select(CaseEvent).where(CaseEvent.kind == "herinnering", CaseEvent.case_id.in_(
                        {a.case_id for a, _ in rows}))):
                    d = e.details or {}
                    sent.setdefault(int(d.get("action_id", -1)), []).append(float(d.get("fraction", -1)))
            for a, case in rows:
                try:
                    kind = ActionKind(a.kind)
                except ValueError:
                    continue
                deadline = self.deadlines.deadline(kind, a.platform, manifest=a.manifest,
                                                   started_at=_aware(a.created_at) or now)
                for r in deadline.due_reminders(self.clock, sent.get(a.id, ())):
                    self._event(s, case, user, "herinnering", r.text, {"action_id": a.id, "fraction": r.fraction})
                    out.append((case.code, r))
            if out:
                audit.record(self.store, s, actor=user, action="case.reminders", object_type="case",
                             details={"reminders": len(out)}, at=now)
        return out

    def overdue(self) -> list[tuple[str, CaseAction]]:
        now = self.clock.now()
        with self.store.transaction() as s:
            rows = s.execute(select(Case.code, CaseAction).join(Case, Case.id == CaseAction.case_id).where(
                CaseAction.status.in_(("open", "verlopen")), CaseAction.due_at < now)).all()
            s.expunge_all()
            return [(c, a) for c, a in rows]


def parse_statuses(values: Sequence[str]) -> list[str]:
    return [v for v in values if v in STATUSES]
