"""The shared database layer: SQLAlchemy 2 models, a `Store` (engine + sessions + migrations), and
the hash-chained access log.

SQLite is the default (a file, WAL mode, foreign keys on); PostgreSQL is used when the URL says so.
The schema is managed by Alembic revisions in `doxwacht/store/migrations/versions`; `Store(...)`
upgrades to the newest revision on open, so no `alembic.ini` is needed anywhere. Later layers
(messages, cases, the audit trail) add their tables to `models.py` and a new revision.

    store = Store("doxwacht.db")                    # or Store("postgresql://user@host/db")
    with store.transaction(write=True) as session:
        access_log.append(session, actor="anna", action="show", object_type="person", object_id="…")
"""

from doxwacht.store import access_log
from doxwacht.store.db import DB_ENV, DEFAULT_DB, Store, resolve_url
from doxwacht.store.models import AccessLogEntry, Base, MetaEntry, WatchlistIdentifier, WatchlistPerson

__all__ = [
    "DB_ENV",
    "DEFAULT_DB",
    "AccessLogEntry",
    "Base",
    "MetaEntry",
    "Store",
    "WatchlistIdentifier",
    "WatchlistPerson",
    "access_log",
    "resolve_url",
]
