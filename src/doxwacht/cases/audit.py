"""The audit trail: every read of personal data, every change and every export goes into the store's
hash-chained access log (`doxwacht.store.access_log`) with user and reason. Details hold ids, counts and
kinds only, never personal data.

On top of the chain, `record()` keeps the chain head (id and hash of the newest entry it wrote) in
`store_meta`, so `verify()` also notices entries removed from the END of the log, which a hash chain
alone cannot. Unusual access (one user opening more than N protected cases or persons within M
minutes) raises an `AuditAlert` row and a warning.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from doxwacht.store import Store, access_log
from doxwacht.store.models import AccessLogEntry, AuditAlert, MetaEntry

log = logging.getLogger(__name__)

HEAD_KEY = "audit.head"
PROTECTED_ACTIONS = ("case.show", "message.view", "watchlist.show", "watchlist.open_match")


class ReasonRequired(ValueError):
    """Showing a protected person's case needs a reason."""


@dataclass(frozen=True)
class AccessPolicy:
    """More than `max_protected` distinct protected cases/persons opened by one user within
    `window_minutes` is unusual."""

    max_protected: int = 10
    window_minutes: int = 15

    @classmethod
    def from_env(cls) -> AccessPolicy:
        return cls(int(os.environ.get("DOXWACHT_AUDIT_MAX_PROTECTED", 10)),
                   int(os.environ.get("DOXWACHT_AUDIT_WINDOW_MINUTES", 15)))


_META = MetaEntry.__table__
_SET_HEAD = update(_META).where(_META.c.key == HEAD_KEY).values(value=bindparam("head"))  # built once


def record(store: Store, session: Session, *, actor: str, action: str, object_type: str,
           object_id: str | None = None, reason: str | None = None, details: dict[str, Any] | None = None,
           at: datetime | None = None) -> AccessLogEntry:
    entry = access_log.append(session, actor=actor, action=action, object_type=object_type, object_id=object_id,
                              reason=reason, details=details, at=at)
    head = f"{entry.id}:{entry.entry_hash}"
    if not session.connection().execute(_SET_HEAD, {"head": head}).rowcount:
        store.set_meta(session, HEAD_KEY, head)  # the first entry: the head row does not exist yet
    return entry


def check_unusual(store: Store, session: Session, *, actor: str, now: datetime,
                  policy: AccessPolicy) -> AuditAlert | None:
    """After a protected access: raise an alert when `actor` opened more than the allowed number of distinct
    protected objects in the window (one alert per window and user)."""
    since = now - timedelta(minutes=policy.window_minutes)
    rows = session.execute(
        select(AccessLogEntry.object_id, AccessLogEntry.details, AccessLogEntry.action)
        .where(AccessLogEntry.actor == actor, AccessLogEntry.at >= since,
               AccessLogEntry.action.in_(PROTECTED_ACTIONS))).all()
    objects = {f"{a}:{oid}" for oid, d, a in rows if a.startswith("watchlist") or (d or {}).get("protected")}
    if len(objects) <= policy.max_protected:
        return None
    recent = session.scalar(select(func.count(AuditAlert.id)).where(
        AuditAlert.actor == actor, AuditAlert.kind == "ongebruikelijke_inzage", AuditAlert.at >= since))
    if recent:
        return None
    alert = AuditAlert(at=now, actor=actor, kind="ongebruikelijke_inzage",
                       details={"distinct": len(objects), "max": policy.max_protected,
                                "window_minutes": policy.window_minutes})
    session.add(alert)
    session.flush()
    record(store, session, actor=actor, action="audit.alert", object_type="alert", object_id=str(alert.id),
           details=alert.details, at=now)
    log.warning("ongebruikelijke inzage door %s: %d beschermde zaken/personen in %d minuten",
                actor, len(objects), policy.window_minutes)
    return alert


@dataclass(frozen=True)
class AuditReport:
    ok: bool
    entries: int
    first_bad_id: int | None = None
    problem: str | None = None


def verify(store: Store) -> AuditReport:
    """The chain (changed, inserted, reordered or removed entries) and the recorded head (entries removed
    from the end)."""
    with store.transaction() as session:
        chain = access_log.verify(session)
        if not chain.ok:
            return AuditReport(False, chain.entries, chain.first_bad_id, chain.problem)
        head = store.get_meta(session, HEAD_KEY)
        if head:
            hid, hhash = head.split(":", 1)
            entry = session.get(AccessLogEntry, int(hid))
            if entry is None or entry.entry_hash != hhash:
                return AuditReport(False, chain.entries, int(hid),
                                   "de laatst vastgelegde regel ontbreekt of is gewijzigd (regels aan het eind verwijderd?)")
        ids = session.scalars(select(AccessLogEntry.id).order_by(AccessLogEntry.id)).all()
        for a, b in zip(ids, ids[1:]):
            if b != a + 1 and store.is_sqlite:
                return AuditReport(False, chain.entries, b, "gat in de volgnummers: een regel is verwijderd")
        return AuditReport(True, chain.entries)


def now_utc() -> datetime:
    return datetime.now(UTC)
