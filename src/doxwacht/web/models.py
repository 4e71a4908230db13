"""Tables of the web layer (accounts, sessions, login attempts, reports and their status tokens, uploads).

They belong to the store's metadata and are created by its Alembic revision 0003, which runs when the
store is opened, like every other table.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from doxwacht.store import Store
from doxwacht.store.models import Base, BigId, Case, UtcDateTime

WebBase = Base  # the web tables are ordinary store tables (revision 0003)


class WebUser(WebBase):
    __tablename__ = "web_user"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(128), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class WebSession(WebBase):
    __tablename__ = "web_session"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(BigId, ForeignKey("web_user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())


class LoginAttempt(WebBase):
    __tablename__ = "web_login_attempt"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    username: Mapped[str] = mapped_column(String(128), index=True)
    ip: Mapped[str] = mapped_column(String(64), index=True)
    ok: Mapped[bool] = mapped_column(Boolean)


class WebReport(WebBase):
    """A report or objection from the public form: the case it went to and the hash of its status token."""

    __tablename__ = "web_report"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))  # melding | bezwaar
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    case_id: Mapped[int] = mapped_column(BigId, index=True)  # cases.id (no FK: other metadata)
    message_id: Mapped[int | None] = mapped_column(BigId)  # message.id
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    reporter: Mapped[str] = mapped_column(String(16))  # zelf | namens | bezwaar
    contact_kind: Mapped[str] = mapped_column(String(16))  # email | telefoon | geen
    contact: Mapped[str | None] = mapped_column(String(200))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class WebUpload(WebBase):
    __tablename__ = "web_upload"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    report_id: Mapped[int] = mapped_column(BigId, ForeignKey("web_report.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    media_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)


# the console's alert queue: open cases by severity (high first), then age (oldest first); revision 0005
QUEUE_INDEX = Index("ix_case_queue", Case.severity.desc(), Case.opened_at, Case.id,
                    sqlite_where=text("status != 'afgesloten'"), postgresql_where=text("status != 'afgesloten'"))


def ensure_tables(store: Store) -> None:
    """The tables come with the store's migrations (revision 0003); nothing to create here."""
    del store
