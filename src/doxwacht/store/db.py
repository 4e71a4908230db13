"""`Store`: one database (SQLite file by default, PostgreSQL by URL), its sessions and migrations."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from doxwacht.store.models import MetaEntry

log = logging.getLogger(__name__)

DB_ENV = "DOXWACHT_DB"
DEFAULT_DB = "doxwacht.db"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_S = 30.0
SQLITE_POOL_SIZE = 20  # connections kept open: a web server's threads each reuse one instead of reconnecting
SQLITE_MMAP_BYTES = 256 * 1024 * 1024  # reads through the page cache mapping, not read() calls
SQLITE_CACHE_KIB = 32 * 1024  # per connection


def resolve_url(db: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None) -> URL:
    """The database URL for `db`: a SQLAlchemy URL as is, anything else a SQLite file path.
    Without `db`: the environment variable DOXWACHT_DB, else `./doxwacht.db`.
    `postgresql://` and `postgres://` use the psycopg (3) driver."""
    env = os.environ if env is None else env
    raw = str(db) if db is not None else (env.get(DB_ENV) or DEFAULT_DB)
    if "://" not in raw:
        return URL.create("sqlite", database=str(Path(raw).expanduser().absolute()))
    if raw.startswith("postgres://"):
        raw = "postgresql://" + raw[len("postgres://"):]
    url = make_url(raw)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return url


class Store:
    """A database with the doxwacht schema. Opening it upgrades the schema to the newest revision
    (pass `upgrade=False` to skip). Use it as a context manager, or call `close()`.

    `transaction(write=True)` is the way to write: on SQLite it takes the write lock at BEGIN
    (BEGIN IMMEDIATE), so read-then-write sequences such as the access-log chain cannot interleave.
    Within one process SQLite writers first queue on a lock of the Store (woken as soon as it is free) rather than in
    SQLite's busy handler (which sleeps in growing steps, up to 100 ms, and so makes the slowest of many
    concurrent writes much slower); between processes the busy timeout still applies.
    """

    def __init__(self, db: str | os.PathLike[str] | URL | None = None, *, upgrade: bool = True, echo: bool = False):
        self.url: URL = db if isinstance(db, URL) else resolve_url(db)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        self.engine: Engine = self._create_engine(echo)
        self._write_engine = (
            self.engine.execution_options(sqlite_begin="IMMEDIATE") if self.is_sqlite else self.engine
        )
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(self._write_engine, expire_on_commit=False)
        self._write_lock = threading.RLock() if self.is_sqlite else None
        if upgrade:
            self.upgrade()

    # ------------------------------------------------------------------ engine
    def _create_engine(self, echo: bool) -> Engine:
        if not self.is_sqlite:
            return create_engine(self.url, echo=echo, pool_pre_ping=True)
        database = self.url.database
        memory = not database or database == ":memory:"
        kwargs: dict[str, Any] = {"echo": echo, "connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_S}}
        if memory:
            kwargs["poolclass"] = StaticPool
            kwargs["connect_args"]["check_same_thread"] = False
        else:
            kwargs.update(pool_size=SQLITE_POOL_SIZE, max_overflow=2 * SQLITE_POOL_SIZE)
            path = Path(database)  # type: ignore[arg-type]
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                # Created owner-only; SQLite gives its -wal and -shm files the same mode.
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        engine = create_engine(self.url, **kwargs)
        _install_sqlite_hooks(engine, wal=not memory)
        return engine

    @property
    def dialect(self) -> str:
        return self.url.get_backend_name()

    @property
    def path(self) -> Path | None:
        """The SQLite database file, or None for PostgreSQL and in-memory databases."""
        if not self.is_sqlite or not self.url.database or self.url.database == ":memory:":
            return None
        return Path(self.url.database)

    def describe(self) -> str:
        """The URL without its password, for messages."""
        return self.url.render_as_string(hide_password=True)

    # ------------------------------------------------------------------ sessions
    def session(self) -> Session:
        """A plain session (reads; commit yourself)."""
        return self._sessions()

    @contextmanager
    def transaction(self, *, write: bool = False) -> Iterator[Session]:
        """A session inside one transaction, committed on success and rolled back on error."""
        if write and self._write_lock is not None:
            with self._write_lock, self._write_sessions() as session, session.begin():
                yield session
            return
        factory = self._write_sessions if write else self._sessions
        with factory() as session, session.begin():
            yield session

    def sync(self) -> None:
        """Make every transaction committed so far durable against a power cut, with one fsync for all of them.
        SQLite here runs in WAL mode with `synchronous=NORMAL`: a commit is not fsynced, so a power cut can take
        the last commits back (never corrupting the file). This fsyncs the write-ahead log; a commit whose pages
        were checkpointed meanwhile is already in the database file, which a checkpoint syncs before the log is
        reused. Call it before telling someone outside that something is stored (the web form's receipt). Nothing
        to do on PostgreSQL (commits are durable) or in memory."""
        if self.path is None:
            return
        try:
            fd = os.open(self.path.with_name(self.path.name + "-wal"), os.O_RDONLY)
        except FileNotFoundError:  # no log: the last connection closed and checkpointed everything
            return
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    # ------------------------------------------------------------------ schema
    def upgrade(self, revision: str = "head") -> None:
        """Bring the schema to `revision` with the package's Alembic migrations."""
        from alembic import command

        cfg = self._alembic_config()
        with self._write_engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)

    def current_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def _alembic_config(self) -> Any:
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        cfg.set_main_option("sqlalchemy.url", self.url.render_as_string(hide_password=False).replace("%", "%%"))
        return cfg

    # ------------------------------------------------------------------ meta
    def get_meta(self, session: Session, key: str, default: str | None = None) -> str | None:
        value = session.scalar(select(MetaEntry.value).where(MetaEntry.key == key))
        return default if value is None else value

    def set_meta(self, session: Session, key: str, value: str) -> None:
        entry = session.get(MetaEntry, key, with_for_update=not self.is_sqlite)
        if entry is None:
            session.add(MetaEntry(key=key, value=value))
        else:
            entry.value = value
        session.flush()

    # ------------------------------------------------------------------ lifecycle
    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.describe()!r})"


def _install_sqlite_hooks(engine: Engine, *, wal: bool) -> None:
    """WAL mode, foreign keys, a busy timeout, and transactions that doxwacht begins itself
    (pysqlite's implicit BEGIN would not let a write transaction take its lock at BEGIN)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # autocommit at the driver; we emit BEGIN below
        cursor = dbapi_connection.cursor()
        try:
            if wal:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")  # WAL: durable at checkpoints, never corrupt
                cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
            cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
            cursor.execute("PRAGMA temp_store=MEMORY")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")
