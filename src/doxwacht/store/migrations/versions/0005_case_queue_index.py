"""The console's alert queue: a partial index on open cases by severity (descending), then age.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "status != 'afgesloten'"


def upgrade() -> None:
    op.create_index("ix_case_queue", "cases", [sa.text("severity DESC"), "opened_at", "id"], unique=False,
                    sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))


def downgrade() -> None:
    op.drop_index("ix_case_queue", table_name="cases")
