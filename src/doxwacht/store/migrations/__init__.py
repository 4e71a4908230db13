"""Alembic migrations of the doxwacht store, run programmatically by `Store.upgrade()`."""
