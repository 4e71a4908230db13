"""Typed declarative models of every table doxwacht keeps.

One metadata for the whole application, so Alembic sees one schema. Add a table here AND a new
revision under `migrations/versions/` (never edit a revision that has shipped).

Nothing in these tables may hold a plaintext identifier of a protected person: the watchlist keeps
only keyed hashes (`WatchlistIdentifier.hmac`), and the access log's `details` only counts, kinds
and ids.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Text,
)
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
    type_annotation_map = {dict[str, Any]: JSON}


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


__all__ = ["AccessLogEntry", "Base", "MetaEntry", "WatchlistIdentifier", "WatchlistPerson"]
