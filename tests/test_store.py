"""The shared store: URLs, migrations, SQLite settings, transactions, and the hash-chained access log."""

from __future__ import annotations

import os
import stat
import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect, select, text, update

from doxwacht.store import DB_ENV, AccessLogEntry, MetaEntry, Store, access_log, resolve_url


def test_resolve_url_paths_env_and_postgres(tmp_path):
    assert resolve_url(tmp_path / "a.db").database == str(tmp_path / "a.db")
    assert resolve_url(None, env={DB_ENV: str(tmp_path / "b.db")}).database == str(tmp_path / "b.db")
    assert resolve_url(None, env={}).database.endswith("doxwacht.db")
    assert resolve_url("postgresql://u:p@h/db").drivername == "postgresql+psycopg"
    assert resolve_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert resolve_url("sqlite:///x.db").database == "x.db"


def test_open_creates_schema_at_head_and_reopens(tmp_path):
    path = tmp_path / "sub" / "s.db"
    with Store(path) as store:
        assert store.current_revision() == "0005"
        tables = set(inspect(store.engine).get_table_names())
        assert {"store_meta", "access_log", "watchlist_person", "watchlist_identifier", "alembic_version"} <= tables
    with Store(path) as again:  # idempotent upgrade
        assert again.current_revision() == "0005"


def test_sqlite_file_is_owner_only_wal_and_foreign_keys(tmp_path):
    path = tmp_path / "s.db"
    with Store(path) as store:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        with store.transaction(write=True) as s:
            store.set_meta(s, "k", "v")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_transaction_rolls_back_on_error(tmp_path):
    with Store(tmp_path / "s.db") as store:
        with pytest.raises(RuntimeError), store.transaction(write=True) as s:
            store.set_meta(s, "k", "v")
            raise RuntimeError("boom")
        with store.transaction() as s:
            assert store.get_meta(s, "k") is None
            assert store.get_meta(s, "k", "d") == "d"


def test_meta_set_and_overwrite(tmp_path):
    with Store(tmp_path / "s.db") as store:
        with store.transaction(write=True) as s:
            store.set_meta(s, "a", "1")
        with store.transaction(write=True) as s:
            store.set_meta(s, "a", "2")
        with store.transaction() as s:
            assert s.scalars(select(MetaEntry.value)).all() == ["2"]


def test_in_memory_store_works():
    with Store("sqlite://") as store:
        with store.transaction(write=True) as s:
            access_log.append(s, actor="a", action="x", object_type="t")
        with store.transaction() as s:
            assert access_log.verify(s).ok


def _log(store: Store, n: int, **kw: object) -> None:
    for i in range(n):
        with store.transaction(write=True) as s:
            access_log.append(
                s, actor="anna", action="watchlist.show", object_type="person", object_id=f"p{i}",
                reason="onderzoek", details={"n": i, "kinds": ["phone"]}, **kw,  # type: ignore[arg-type]
            )


def test_access_log_chain_verifies(tmp_path):
    with Store(tmp_path / "s.db") as store:
        _log(store, 5)
        with store.transaction() as s:
            report = access_log.verify(s)
            rows = list(access_log.entries(s))
        assert report.ok and report.entries == 5
        assert rows[0].prev_hash == access_log.GENESIS
        assert all(b.prev_hash == a.entry_hash for a, b in zip(rows, rows[1:]))
        assert rows[0].at.tzinfo is not None or isinstance(rows[0].at, datetime)


@pytest.mark.parametrize(
    "change",
    [
        {"reason": "iets anders"},
        {"actor": "mallory"},
        {"details": {"n": 99, "kinds": ["phone"]}},
        {"at": datetime(2020, 1, 1, tzinfo=UTC)},
    ],
)
def test_access_log_tampering_is_detected(tmp_path, change):
    with Store(tmp_path / "s.db") as store:
        _log(store, 4)
        with store.transaction(write=True) as s:
            s.execute(update(AccessLogEntry).where(AccessLogEntry.id == 2).values(**change))
        with store.transaction() as s:
            report = access_log.verify(s)
        assert not report.ok and report.first_bad_id == 2


def test_access_log_deletion_is_detected(tmp_path):
    with Store(tmp_path / "s.db") as store:
        _log(store, 4)
        with store.transaction(write=True) as s:
            s.execute(text("DELETE FROM access_log WHERE id = 2"))
        with store.transaction() as s:
            report = access_log.verify(s)
        assert not report.ok and report.first_bad_id == 3


def test_access_log_needs_an_actor(tmp_path):
    with Store(tmp_path / "s.db") as store, store.transaction(write=True) as s:
        with pytest.raises(ValueError):
            access_log.append(s, actor="", action="x", object_type="t")


def test_concurrent_appends_keep_one_chain(tmp_path):
    path = tmp_path / "s.db"
    Store(path).close()
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with Store(path, upgrade=False) as store:
                _log(store, 10)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with Store(path) as store, store.transaction() as s:
        report = access_log.verify(s)
    assert report.ok and report.entries == 40


def test_models_and_migrations_agree(tmp_path) -> None:
    """Every table of every layer (watchlist, cases, web) is created by an Alembic revision: after
    upgrading, autogenerate finds nothing left to do."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import doxwacht.web.models  # noqa: F401  (registers the web tables on the store's metadata)
    from doxwacht.store import Base, Store

    store = Store(str(tmp_path / "m.db"))
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
