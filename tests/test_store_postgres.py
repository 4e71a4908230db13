"""The store and the watchlist on PostgreSQL. Opt-in: set DOXWACHT_TEST_PG_URL to an empty database
you may write to (e.g. postgresql://postgres@127.0.0.1:5433/doxwacht_test); skipped otherwise."""

from __future__ import annotations

import io
import threading

import pytest

from doxwacht import Label
from doxwacht.store import Store, access_log
from doxwacht.watchlist import Kind, Register, WatchlistAnalyzer, WrongKeyError, generate_key
from tests.test_watchlist_support import engine_with, sample_person

from tests.test_cases_support import PG_URL, pg_guard, reset_pg_schema


@pytest.fixture()
def store():
    pg_guard()  # skipped without DOXWACHT_TEST_PG_URL; fails when CI=true
    reset_pg_schema(PG_URL)
    s = Store(PG_URL)
    yield s
    s.close()
    reset_pg_schema(PG_URL)


def test_postgres_schema_register_matcher_and_log(store):
    assert store.dialect == "postgresql" and store.current_revision() == "0005"
    key = generate_key()
    reg = Register(store, key)
    pid = reg.add(sample_person(), user="anna")
    report = reg.import_csv(io.StringIO("label,role,organisation,names,phones\nA1,politie,O,Kees Bakker,06-11111111\n"))
    assert report.ok
    m = reg.load_matcher()
    assert set(m.persons) == {pid, *report.added}
    assert m.query(Kind.PHONE, "+31612345678")[0].person == pid
    matches = engine_with(WatchlistAnalyzer(m), [(Label.PHONE, "06-11111111")]).scan("Kees Bakker 06-11111111").to_dict()
    assert {x["kind"] for x in matches["watchlist"]} == {"name", "phone"}
    assert reg.show(pid, user="bob", reason="test").label == "Agent A"
    with pytest.raises(WrongKeyError):
        Register(store, generate_key())
    assert reg.verify_log().ok


def test_postgres_concurrent_log_appends_keep_one_chain(store):
    def worker() -> None:
        for _ in range(10):
            with store.transaction(write=True) as s:
                access_log.append(s, actor="a", action="x", object_type="t")

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with store.transaction() as s:
        report = access_log.verify(s)
    assert report.ok and report.entries == 40
