"""The access log: who looked at what, when and why, as an append-only hash chain.

Each entry's `entry_hash` is SHA-256 over a canonical JSON of its fields and `prev_hash`, the
`entry_hash` of the entry before it (the first entry chains to `GENESIS`). Changing, deleting or
reordering an entry breaks every hash after it; `verify()` finds the first broken entry. The audit
trail will extend this log (more actions and object types) with the same format.

Rules for callers: `details` holds counts, kinds, ids and hashes, never a plaintext identifier of a
protected person; appends happen inside `Store.transaction(write=True)`, which serialises writers
(SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction-scoped advisory lock taken here).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, insert, select, text
from sqlalchemy.orm import Session

from doxwacht.store.models import AccessLogEntry

GENESIS = "0" * 64
FORMAT_VERSION = 1
_PG_LOCK_ID = 0x646F7877  # "doxw": serialises appends to the chain on PostgreSQL


def _utc(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def _timestamp(dt: datetime) -> str:
    return _utc(dt).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _canonical_details(details: dict[str, Any]) -> Any:
    # Round-trip through JSON so what is hashed is exactly what the database gives back.
    return json.loads(json.dumps(details, sort_keys=True, ensure_ascii=False, default=str))


def compute_hash(
    *,
    at: datetime,
    actor: str,
    action: str,
    object_type: str,
    object_id: str | None,
    reason: str | None,
    details: dict[str, Any],
    prev_hash: str,
) -> str:
    payload = [
        FORMAT_VERSION,
        _timestamp(at),
        actor,
        action,
        object_type,
        object_id,
        reason,
        _canonical_details(details),
        prev_hash,
    ]
    data = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


_TABLE: Table = AccessLogEntry.__table__  # type: ignore[assignment]
# Built once and run on the session's connection (Core, not the ORM): compiled once per process, and an append is
# written on every page view and report, so the ORM's per-statement work (compile-state, cache key, unit of work)
# was most of its cost.
_LAST_HASH = select(_TABLE.c.entry_hash).order_by(_TABLE.c.id.desc()).limit(1)
_INSERT = insert(_TABLE).returning(_TABLE.c.id)


def last_hash(session: Session) -> str:
    """The newest entry's hash: the primary key's last row (an index seek, not a scan)."""
    value = session.connection().execute(_LAST_HASH).scalar()
    return value or GENESIS


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    object_type: str,
    object_id: str | None = None,
    reason: str | None = None,
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AccessLogEntry:
    """Append one entry to the chain (inside a write transaction) and return it."""
    if not actor:
        raise ValueError("access log entry without an actor")
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _PG_LOCK_ID})
    at = _utc(at or datetime.now(UTC))
    details = _canonical_details(details or {})
    session.flush()  # whatever the caller added is written first, as before
    prev = last_hash(session)
    values = {"at": at, "actor": actor, "action": action, "object_type": object_type, "object_id": object_id,
              "reason": reason, "details": details, "prev_hash": prev}
    values["entry_hash"] = compute_hash(**values)
    # one plain INSERT (no unit-of-work flush), the same prebuilt statement every time
    entry_id = session.connection().execute(_INSERT, values).scalar_one()
    return AccessLogEntry(id=entry_id, **values)  # the row as written (not attached to the session)


@dataclass(frozen=True, slots=True)
class ChainReport:
    ok: bool
    entries: int
    first_bad_id: int | None = None
    problem: str | None = None


def entries(session: Session, *, object_id: str | None = None, action: str | None = None) -> Iterator[AccessLogEntry]:
    query = select(AccessLogEntry).order_by(AccessLogEntry.id)
    if object_id is not None:
        query = query.where(AccessLogEntry.object_id == object_id)
    if action is not None:
        query = query.where(AccessLogEntry.action == action)
    yield from session.scalars(query.execution_options(yield_per=1000))


def verify(session: Session) -> ChainReport:
    """Recompute the chain from the start; report the first entry whose link or hash is wrong."""
    prev = GENESIS
    count = 0
    for entry in entries(session):
        count += 1
        if entry.prev_hash != prev:
            return ChainReport(False, count, entry.id, "prev_hash wijst niet naar de vorige regel")
        expected = compute_hash(
            at=entry.at,
            actor=entry.actor,
            action=entry.action,
            object_type=entry.object_type,
            object_id=entry.object_id,
            reason=entry.reason,
            details=entry.details or {},
            prev_hash=entry.prev_hash,
        )
        if expected != entry.entry_hash:
            return ChainReport(False, count, entry.id, "entry_hash klopt niet met de inhoud")
        prev = entry.entry_hash
    return ChainReport(True, count)
