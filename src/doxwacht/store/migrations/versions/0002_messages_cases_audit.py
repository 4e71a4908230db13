"""Messages with their scan results, evidence records, ingest runs, cases (events, actions) and audit alerts.

Revision ID: 0002
Revises: 0001
Create Date: 2026-01-15
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('audit_alert',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=128), nullable=False),
    sa.Column('kind', sa.String(length=64), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_alert'))
    )
    op.create_index(op.f('ix_audit_alert_actor'), 'audit_alert', ['actor'], unique=False)
    op.create_index(op.f('ix_audit_alert_at'), 'audit_alert', ['at'], unique=False)
    op.create_table('cases',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('group_key', sa.String(length=64), nullable=False),
    sa.Column('target_key', sa.String(length=80), nullable=False),
    sa.Column('target_group', sa.String(length=32), nullable=False),
    sa.Column('target_label', sa.String(length=200), nullable=False),
    sa.Column('protected', sa.Boolean(), nullable=False),
    sa.Column('targets', sa.JSON(), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('severity', sa.SmallInteger(), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('platform', sa.String(length=64), nullable=False),
    sa.Column('chat', sa.String(length=200), nullable=False),
    sa.Column('platforms', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('assignee', sa.String(length=128), nullable=True),
    sa.Column('message_count', sa.Integer(), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('first_seen', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_seen', sa.DateTime(timezone=True), nullable=True),
    sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('code', name=op.f('uq_cases_code'))
    )
    op.create_index('ix_case_open_group', 'cases', ['group_key'], unique=True, sqlite_where=sa.text("status != 'afgesloten'"), postgresql_where=sa.text("status != 'afgesloten'"))
    op.create_index(op.f('ix_cases_category'), 'cases', ['category'], unique=False)
    op.create_index(op.f('ix_cases_opened_at'), 'cases', ['opened_at'], unique=False)
    op.create_index(op.f('ix_cases_platform'), 'cases', ['platform'], unique=False)
    op.create_index(op.f('ix_cases_status'), 'cases', ['status'], unique=False)
    op.create_index(op.f('ix_cases_target_group'), 'cases', ['target_group'], unique=False)
    op.create_index(op.f('ix_cases_target_key'), 'cases', ['target_key'], unique=False)
    op.create_table('ingest_run',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('actor', sa.String(length=128), nullable=False),
    sa.Column('tool_version', sa.String(length=32), nullable=False),
    sa.Column('detector_versions', sa.JSON(), nullable=False),
    sa.Column('analyzers', sa.JSON(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ingest_run'))
    )
    op.create_table('case_action',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=128), nullable=False),
    sa.Column('platform', sa.String(length=64), nullable=False),
    sa.Column('manifest', sa.Boolean(), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('result', sa.Text(), nullable=True),
    sa.Column('document_kind', sa.String(length=32), nullable=True),
    sa.Column('document_sha256', sa.String(length=64), nullable=True),
    sa.Column('document_text', sa.Text(), nullable=True),
    sa.Column('escalation', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_action_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_action'))
    )
    op.create_index(op.f('ix_case_action_case_id'), 'case_action', ['case_id'], unique=False)
    op.create_index(op.f('ix_case_action_due_at'), 'case_action', ['due_at'], unique=False)
    op.create_index(op.f('ix_case_action_status'), 'case_action', ['status'], unique=False)
    op.create_table('case_event',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=128), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('policy', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_event_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_event'))
    )
    op.create_index(op.f('ix_case_event_case_id'), 'case_event', ['case_id'], unique=False)
    op.create_table('message',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('platform', sa.String(length=64), nullable=False),
    sa.Column('chat', sa.String(length=200), nullable=False),
    sa.Column('message_key', sa.String(length=200), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=True),
    sa.Column('posted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ingested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('run_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('text_sha256', sa.String(length=64), nullable=False),
    sa.Column('text_length', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('severity', sa.SmallInteger(), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=True),
    sa.Column('gtpa', sa.Boolean(), nullable=False),
    sa.Column('findings', sa.JSON(), nullable=False),
    sa.Column('intent', sa.JSON(), nullable=False),
    sa.Column('verdict', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['ingest_run.id'], name=op.f('fk_message_run_id_ingest_run')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_message')),
    sa.UniqueConstraint('source', 'platform', 'chat', 'message_key', name='uq_message_identity')
    )
    op.create_index(op.f('ix_message_ingested_at'), 'message', ['ingested_at'], unique=False)
    op.create_index('ix_message_level_severity', 'message', ['level', 'severity'], unique=False)
    op.create_index(op.f('ix_message_platform'), 'message', ['platform'], unique=False)
    op.create_index(op.f('ix_message_run_id'), 'message', ['run_id'], unique=False)
    op.create_table('case_message',
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('message_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_message_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['message_id'], ['message.id'], name=op.f('fk_case_message_message_id_message'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('case_id', 'message_id', name=op.f('pk_case_message'))
    )
    op.create_index(op.f('ix_case_message_message_id'), 'case_message', ['message_id'], unique=False)
    op.create_table('evidence_record',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('message_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('captured_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=False),
    sa.Column('captured_by', sa.String(length=128), nullable=False),
    sa.Column('tool_version', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['message.id'], name=op.f('fk_evidence_record_message_id_message'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_record'))
    )
    op.create_index(op.f('ix_evidence_record_message_id'), 'evidence_record', ['message_id'], unique=False)
    op.create_index(op.f('ix_evidence_record_sha256'), 'evidence_record', ['sha256'], unique=False)

def downgrade() -> None:
    op.drop_table('evidence_record')
    op.drop_table('case_message')
    op.drop_table('message')
    op.drop_table('case_event')
    op.drop_table('case_action')
    op.drop_table('ingest_run')
    op.drop_table('cases')
    op.drop_table('audit_alert')
