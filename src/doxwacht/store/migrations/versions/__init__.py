"""Alembic revisions, one file each, oldest first. Never edit a revision that has shipped."""
