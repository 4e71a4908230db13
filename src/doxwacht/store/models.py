"""Typed declarative models of every table doxwacht keeps.

One metadata for the whole application, so Alembic sees one schema. Add a table here AND a new
revision under `migrations/versions/` (never edit a revision that has shipped).

Nothing in these tables may hold a plaintext identifier of a protected person: the watchlist keeps
only keyed hashes (`WatchlistIdentifier.hmac`), and the access log's `details` only counts, kinds
and ids.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Index,
    UniqueConstraint,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy import text
from sqlalchemy.types import TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# 64-bit ids on PostgreSQL; SQLite needs INTEGER for its rowid alias (auto-increment).
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class MetaEntry(Base):
    """Small key/value settings of the store (the watchlist key fingerprint, the register's
    generation counter, ...)."""

    __tablename__ = "store_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(256))


class AccessLogEntry(Base):
    """Who looked at what, when and why. Append-only and hash-chained: `entry_hash` covers the
    entry's fields and `prev_hash`, the `entry_hash` of the entry before it (see `access_log`).
    The audit trail will extend this table (new actions, new object types), not replace it."""

    __tablename__ = "access_log"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str | None] = mapped_column(String(64), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)


class WatchlistPerson(Base):
    """A protected person: only non-secret metadata. `public_id` is the opaque id shown to users
    and in scan output; `label` is a pseudonym the registering user chose."""

    __tablename__ = "watchlist_person"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32), index=True)
    organisation: Mapped[str] = mapped_column(String(200), index=True)
    identifier_counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(128))

    identifiers: Mapped[list[WatchlistIdentifier]] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True
    )


class WatchlistIdentifier(Base):
    """One keyed hash of one canonical form of one identifier: (person, kind, hmac) and nothing
    else. `kind` is a `doxwacht.watchlist.kinds.Kind` code; `hmac` is HMAC-SHA256 truncated to
    16 bytes."""

    __tablename__ = "watchlist_identifier"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    person_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("watchlist_person.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[int] = mapped_column(SmallInteger)
    hmac: Mapped[bytes] = mapped_column(LargeBinary(16))

    person: Mapped[WatchlistPerson] = relationship(back_populates="identifiers")


# ---------------------------------------------------------------------------------------------------
# messages, evidence, cases (revision 0002). See docs/CASES.md. Nothing here holds a plaintext
# identifier: findings keep label, span, score and a keyed hash of the value; verdict targets keep the
# role, the watchlist person's opaque id or a keyed hash. The original text lives in the evidence blob
# store (content-addressed files), referenced by SHA-256.
# ---------------------------------------------------------------------------------------------------


class UtcDateTime(TypeDecorator[datetime]):
    """DateTime(timezone=True) that always gives back aware UTC datetimes (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime: give a timezone-aware (UTC) time")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class IngestRun(Base):
    """One `doxwacht ingest` run: who, when, which tool and detector versions produced its results."""

    __tablename__ = "ingest_run"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    actor: Mapped[str] = mapped_column(String(128))
    tool_version: Mapped[str] = mapped_column(String(32))
    detector_versions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    analyzers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Message(Base):
    """One message, stored once per (source, platform, channel, message id), with its scan results."""

    __tablename__ = "message"
    __table_args__ = (
        UniqueConstraint("source", "platform", "chat", "message_key", name="uq_message_identity"),
        Index("ix_message_level_severity", "level", "severity"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(64))
    platform: Mapped[str] = mapped_column(String(64), index=True)
    channel: Mapped[str] = mapped_column("chat", String(200))  # the chat/channel id
    message_key: Mapped[str] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(500))
    posted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    ingested_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    run_id: Mapped[int] = mapped_column(BigId, ForeignKey("ingest_run.id"), index=True)
    text_sha256: Mapped[str] = mapped_column(String(64))
    text_length: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(16))
    severity: Mapped[int] = mapped_column(SmallInteger)
    category: Mapped[str | None] = mapped_column(String(32))
    gtpa: Mapped[bool] = mapped_column(Boolean, default=False)
    findings: Mapped[list[Any]] = mapped_column(JSON, default=list)
    intent: Mapped[list[Any]] = mapped_column(JSON, default=list)
    verdict: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class EvidenceRecord(Base):
    """A secured original (the message's raw record) by SHA-256: when, from where, by whom, with which tool."""

    __tablename__ = "evidence_record"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    message_id: Mapped[int] = mapped_column(BigId, ForeignKey("message.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))
    captured_at: Mapped[datetime] = mapped_column(UtcDateTime())
    source: Mapped[str] = mapped_column(String(500))
    captured_by: Mapped[str] = mapped_column(String(128))
    tool_version: Mapped[str] = mapped_column(String(32))


class Case(Base):
    """One campaign against one target person on one source/channel."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_case_open_group", "group_key", unique=True,
              sqlite_where=text("status != 'afgesloten'"), postgresql_where=text("status != 'afgesloten'")),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    group_key: Mapped[str] = mapped_column(String(64))
    target_key: Mapped[str] = mapped_column(String(80), index=True)
    target_group: Mapped[str] = mapped_column(String(32), index=True)
    target_label: Mapped[str] = mapped_column(String(200))
    protected: Mapped[bool] = mapped_column(Boolean, default=False)
    targets: Mapped[list[Any]] = mapped_column(JSON, default=list)
    category: Mapped[str] = mapped_column(String(32), index=True)
    level: Mapped[str] = mapped_column(String(16))
    severity: Mapped[int] = mapped_column(SmallInteger)
    source: Mapped[str] = mapped_column(String(64))
    platform: Mapped[str] = mapped_column(String(64), index=True)
    channel: Mapped[str] = mapped_column("chat", String(200))  # the chat/channel id
    platforms: Mapped[list[Any]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(32), index=True)
    assignee: Mapped[str | None] = mapped_column(String(128))
    message_count: Mapped[int] = mapped_column(Integer, default=0)
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    first_seen: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_seen: Mapped[datetime | None] = mapped_column(UtcDateTime())
    removed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    decision: Mapped[str | None] = mapped_column(Text)


class CaseMessage(Base):
    __tablename__ = "case_message"

    case_id: Mapped[int] = mapped_column(BigId, ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    message_id: Mapped[int] = mapped_column(BigId, ForeignKey("message.id", ondelete="CASCADE"), primary_key=True,
                                            index=True)


class CaseEvent(Base):
    """The case timeline: opened, message added, status, assignment, note, action, escalation, closed.
    `policy` records the case policy (id and hash) that applied."""

    __tablename__ = "case_event"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(BigId, ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    actor: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    policy: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class CaseAction(Base):
    """An action taken on a case (a removal request, a DSA notice, ...) with its deadline and document."""

    __tablename__ = "case_action"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(BigId, ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_by: Mapped[str] = mapped_column(String(128))
    platform: Mapped[str] = mapped_column(String(64))
    manifest: Mapped[bool] = mapped_column(Boolean, default=False)
    due_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)  # open, voldaan, verlopen, geescaleerd
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    result: Mapped[str | None] = mapped_column(Text)
    document_kind: Mapped[str | None] = mapped_column(String(32))
    document_sha256: Mapped[str | None] = mapped_column(String(64))
    document_text: Mapped[str | None] = mapped_column(Text)
    escalation: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class AuditAlert(Base):
    """Unusual access: one user opening many protected cases or persons in a short time."""

    __tablename__ = "audit_alert"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    actor: Mapped[str] = mapped_column(String(128), index=True)
    kind: Mapped[str] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class LiveAlert(Base):
    """An alert of the live worker (`doxwacht.live.alerts`) for one stored message on one channel
    (console, mail, webhook): an outbox row, written before the stream entry is acknowledged and marked
    sent after delivery, so a redelivered message never alerts twice. `payload` holds labels, case codes,
    severity and reasons only, never a plaintext identifier."""

    __tablename__ = "live_alert"
    __table_args__ = (UniqueConstraint("message_id", "channel", name="uq_live_alert_message_channel"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    message_id: Mapped[int] = mapped_column(BigId, ForeignKey("message.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), index=True)  # pending, sending, sent, failed
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(128))
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


__all__ = [
    "AccessLogEntry", "AuditAlert", "Base", "Case", "CaseAction", "CaseEvent", "CaseMessage", "EvidenceRecord",
    "IngestRun", "LiveAlert", "Message", "MetaEntry", "WatchlistIdentifier", "WatchlistPerson",
]
