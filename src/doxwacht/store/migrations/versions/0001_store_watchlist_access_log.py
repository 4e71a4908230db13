"""Store meta, the hash-chained access log, and the protected-person watchlist.

Revision ID: 0001
Revises:
Create Date: 2024-06-11
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "store_meta",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.String(256), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_store_meta")),
    )
    op.create_table(
        "access_log",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("object_type", sa.String(64), nullable=False),
        sa.Column("object_id", sa.String(64), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("entry_hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_log")),
        sa.UniqueConstraint("entry_hash", name=op.f("uq_access_log_entry_hash")),
    )
    op.create_index(op.f("ix_access_log_action"), "access_log", ["action"])
    op.create_index(op.f("ix_access_log_object_id"), "access_log", ["object_id"])
    op.create_table(
        "watchlist_person",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("public_id", sa.String(32), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("organisation", sa.String(200), nullable=False),
        sa.Column("identifier_counts", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(128), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watchlist_person")),
        sa.UniqueConstraint("public_id", name=op.f("uq_watchlist_person_public_id")),
    )
    op.create_index(op.f("ix_watchlist_person_role"), "watchlist_person", ["role"])
    op.create_index(op.f("ix_watchlist_person_organisation"), "watchlist_person", ["organisation"])
    op.create_table(
        "watchlist_identifier",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("person_id", BigId, nullable=False),
        sa.Column("kind", sa.SmallInteger(), nullable=False),
        sa.Column("hmac", sa.LargeBinary(16), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["watchlist_person.id"],
            name=op.f("fk_watchlist_identifier_person_id_watchlist_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watchlist_identifier")),
    )
    op.create_index(op.f("ix_watchlist_identifier_person_id"), "watchlist_identifier", ["person_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_watchlist_identifier_person_id"), table_name="watchlist_identifier")
    op.drop_table("watchlist_identifier")
    op.drop_index(op.f("ix_watchlist_person_organisation"), table_name="watchlist_person")
    op.drop_index(op.f("ix_watchlist_person_role"), table_name="watchlist_person")
    op.drop_table("watchlist_person")
    op.drop_index(op.f("ix_access_log_object_id"), table_name="access_log")
    op.drop_index(op.f("ix_access_log_action"), table_name="access_log")
    op.drop_table("access_log")
    op.drop_table("store_meta")
