"""Group commit of the report form: `GroupCommit` (callers that arrive while a batch runs go together in the
next one, each gets its own outcome), `ReportIngestors` (a batch of reports is one scan call, one transaction and
one log fsync; a bad report fails alone), the ingest hooks it uses (`fresh`, `then`) and `Store.sync`."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select

from doxwacht.web.group_commit import GroupCommit
from tests import test_web_support as support
from tests.test_web_support import DOX, T0

engine = support.engine  # the shared fixture (intent + verdict)


def _wait_for(cond, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not cond():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.005)


# ---------------------------------------------------------------------- GroupCommit
def test_a_lone_item_goes_at_once_alone():
    seen: list[list[int]] = []
    gc = GroupCommit(lambda items: (seen.append(list(items)), [i * 10 for i in items])[1])
    assert gc.submit(4) == 40
    assert seen == [[4]] and gc.batches == 1 and gc.items == 1


def test_items_that_wait_go_together_and_each_gets_its_own_outcome():
    gate = threading.Event()
    batches: list[list[int]] = []

    def run(items: list[int]) -> list[int]:
        batches.append(list(items))
        if len(batches) == 1:
            gate.wait(10)  # the first batch is "being stored" while the others arrive
        return [i * 10 for i in items]

    gc = GroupCommit(run)
    with ThreadPoolExecutor(6) as pool:
        first = pool.submit(gc.submit, 0)
        _wait_for(lambda: len(batches) == 1)
        rest = [pool.submit(gc.submit, i) for i in range(1, 6)]
        _wait_for(lambda: len(gc._queue) == 5)
        gate.set()
        assert first.result(10) == 0
        assert [f.result(10) for f in rest] == [10, 20, 30, 40, 50]
    assert batches[0] == [0] and sorted(batches[1]) == [1, 2, 3, 4, 5] and len(batches) == 2


def test_an_error_reaches_only_its_own_batch_and_callers():
    gate = threading.Event()
    calls: list[list[int]] = []

    def run(items: list[int]) -> list[object]:
        calls.append(list(items))
        if len(calls) == 1:
            gate.wait(10)
            raise RuntimeError("database weg")
        return [ValueError(f"slecht {i}") if i == 3 else i for i in items]

    gc = GroupCommit(run, max_batch=2)
    with ThreadPoolExecutor(6) as pool:
        first = pool.submit(gc.submit, 0)
        _wait_for(lambda: len(calls) == 1)
        rest = {i: pool.submit(gc.submit, i) for i in range(1, 5)}
        _wait_for(lambda: len(gc._queue) == 4)
        gate.set()
        with pytest.raises(RuntimeError, match="database weg"):
            first.result(10)
        with pytest.raises(ValueError, match="slecht 3"):
            rest[3].result(10)
        assert {i: rest[i].result(10) for i in (1, 2, 4)} == {1: 1, 2: 2, 4: 4}
    assert all(len(c) <= 2 for c in calls)  # max_batch
    assert gc.submit(7) == 7  # and it goes on


def test_max_batch_must_be_positive():
    with pytest.raises(ValueError):
        GroupCommit(lambda items: items, max_batch=0)


# ---------------------------------------------------------------------- reports in batches
class _SlowFirstScan:
    """The real engine, whose first scan takes a while, so the reports sent meanwhile queue up."""

    def __init__(self, engine) -> None:
        self.wrapped, self.calls, self.sizes = engine, 0, []
        self._lock = threading.Lock()

    def _count(self, n: int) -> None:
        with self._lock:
            self.calls += 1
            self.sizes.append(n)
            first = self.calls == 1
        if first:
            time.sleep(0.5)

    def scan_batch(self, docs):
        self._count(len(docs))
        return self.wrapped.scan_batch(docs)

    def scan(self, doc, **kw):  # a batch of one
        self._count(1)
        return self.wrapped.scan(doc, **kw)

    def __getattr__(self, name):
        return getattr(self.wrapped, name)


def _count(store, model, *where) -> int:
    with store.transaction() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def _submit(store, engine, ingestors, tmp_path: Path, i: int):
    from doxwacht.response.clock import FixedClock
    from doxwacht.web.reports import submit_report

    return submit_report(store, engine, evidence_dir=tmp_path / "ev", clock=FixedClock(T0),
                         what=f"{DOX} (melding {i})", links="https://t.me/expose_nl/1", platform="telegram",
                         reporter="zelf", contact_kind="geen", contact="", files=[], ingestors=ingestors)


def test_reports_sent_together_are_stored_together_each_once_with_an_intact_audit_chain(tmp_path, engine):
    from doxwacht.cases import audit
    from doxwacht.store import Store
    from doxwacht.store.models import AccessLogEntry, Message
    from doxwacht.web.models import WebReport
    from doxwacht.web.reports import ReportIngestors

    store = Store(tmp_path / "dw.db")
    slow = _SlowFirstScan(engine)
    ingestors = ReportIngestors()
    with ThreadPoolExecutor(8) as pool:
        receipts = list(pool.map(lambda i: _submit(store, slow, ingestors, tmp_path, i), range(16)))
    ingestors.close()
    assert len({r.token for r in receipts}) == 16 and len({r.report_id for r in receipts}) == 16
    assert max(slow.sizes) > 1  # some reports went in one scan call (and one transaction)
    assert _count(store, WebReport) == 16
    assert _count(store, Message, Message.source == "meldformulier") == 16
    assert _count(store, AccessLogEntry, AccessLogEntry.action == "report.received") == 16
    report = audit.verify(store)
    assert report.ok, report
    with store.transaction() as s:  # each receipt's report points at its own message and an existing case
        rows = {r.id: (r.message_id, r.case_id) for r in s.scalars(select(WebReport))}
    assert len({m for m, _ in rows.values()}) == 16
    store.close()


def test_a_bad_report_in_a_batch_fails_alone_and_leaves_nothing(tmp_path, engine):
    from doxwacht.cases.ingest import identity
    from doxwacht.ingest import Record
    from doxwacht.response.clock import FixedClock
    from doxwacht.store import Store
    from doxwacht.store.models import Message
    from doxwacht.web import reports
    from doxwacht.web.models import WebReport

    store = Store(tmp_path / "dw.db")
    slow = _SlowFirstScan(engine)
    ingestors = reports.ReportIngestors()
    rec = Record(id="meldformulier-kapot", text=DOX, source="meldformulier", location="meldformulier",
                 format="meldformulier", meta={"platform": "telegram", "channel": "meldformulier"})

    def broken(s, mid):
        raise ValueError("kapotte melding")

    bad = reports._Pending(rec, identity(rec, source="meldformulier", platform=None, channel=None), broken)

    def send_bad():
        return ingestors.submit(store, slow, source="meldformulier", policy=reports.REPORT_POLICY,
                                evidence_dir=tmp_path / "ev", clock=FixedClock(T0), pending=bad)

    with ThreadPoolExecutor(6) as pool:
        first = pool.submit(_submit, store, slow, ingestors, tmp_path, 0)
        _wait_for(lambda: slow.calls >= 1)
        good = [pool.submit(_submit, store, slow, ingestors, tmp_path, i) for i in range(1, 4)]
        failing = pool.submit(send_bad)
        assert first.result(30).report_id
        with pytest.raises(ValueError, match="kapotte melding"):
            failing.result(30)
        assert all(f.result(30).report_id for f in good)
    assert max(slow.sizes) > 1  # the bad report was in a batch with good ones
    ingestors.close()
    assert _count(store, WebReport) == 4
    assert _count(store, Message, Message.message_key == "meldformulier-kapot") == 0  # rolled back with it
    store.close()


def test_the_receipt_comes_after_the_commit_and_the_log_fsync(tmp_path, engine, monkeypatch):
    import sqlite3

    from doxwacht.store import Store
    from doxwacht.web.reports import ReportIngestors

    store = Store(tmp_path / "dw.db")
    seen_at_sync: list[int] = []
    real_sync = store.sync

    def sync() -> None:  # what another connection sees when the log is fsynced: the report, committed
        with sqlite3.connect(tmp_path / "dw.db") as c:
            seen_at_sync.append(c.execute("SELECT count(*) FROM web_report").fetchone()[0])
        real_sync()

    monkeypatch.setattr(store, "sync", sync)
    ingestors = ReportIngestors()
    receipt = _submit(store, engine, ingestors, tmp_path, 1)
    _submit(store, engine, None, tmp_path, 2)  # the path without group commit syncs too
    assert receipt.report_id and seen_at_sync == [1, 2]
    ingestors.close()
    store.close()


def test_store_sync_fsyncs_the_log_and_is_a_no_op_without_one(tmp_path, monkeypatch):
    import os

    from doxwacht.store import Store

    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    store = Store(tmp_path / "dw.db")
    store.sync()
    assert synced  # the -wal file of the open store
    store.close()
    synced.clear()
    Store("sqlite:///:memory:").sync()
    assert synced == []


# ---------------------------------------------------------------------- the ingest hooks
def _records(n: int, prefix: str = "r"):
    from doxwacht.ingest import Record

    return [Record(id=f"{prefix}{i}", text=f"{DOX} ({i})", source="t", location="t", format="jsonl",
                   meta={"platform": "telegram", "channel": "c"}) for i in range(n)]


def test_then_runs_inside_the_batch_transaction(tmp_path, engine):
    from doxwacht.cases.ingest import Ingestor
    from doxwacht.store import Store
    from doxwacht.store.models import Message

    store = Store(tmp_path / "dw.db")
    ing = Ingestor(store, engine, user="test", evidence_dir=tmp_path / "ev", source="t")
    got: dict = {}

    def then(s, stored):
        got.update(stored)
        got["visible"] = s.scalar(select(func.count()).select_from(Message))  # the batch, not yet committed

    ids = ing.ingest_batch(_records(3), then=then)
    assert got["visible"] == 3 and {k: v for k, v in got.items() if k != "visible"} == ids

    def fail(s, stored):
        raise RuntimeError("mis")

    with pytest.raises(RuntimeError):
        ing.ingest_batch(_records(2, prefix="x"), then=fail)
    assert _count(store, Message) == 3  # the failed batch left nothing
    ing.close_run()
    store.close()


def test_fresh_skips_the_look_up_but_a_clash_is_still_stored_once(tmp_path, engine):
    from doxwacht.cases.ingest import Ingestor
    from doxwacht.store import Store
    from doxwacht.store.models import Message

    store = Store(tmp_path / "dw.db")
    ing = Ingestor(store, engine, user="test", evidence_dir=tmp_path / "ev", source="t")
    first = ing.ingest_batch(_records(2), fresh=True)
    calls: list[int] = []
    again = ing.ingest_batch(_records(2), fresh=True, then=lambda s, stored: calls.append(len(stored)))
    assert _count(store, Message) == 2 and calls == []  # nothing new stored, so `then` had nothing to do
    assert again == first
    ing.close_run()
    store.close()
