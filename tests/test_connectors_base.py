"""The runner puts a batch in the sink before it saves the position, retries a failing sink with the same
batch, backs off with jitter up to a cap, gives up after too many errors and stops cleanly; the state
file is written atomically and shared safely by key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from doxwacht.ingest.connectors import (
    Backoff,
    Batch,
    ConnectorError,
    ConnectorFailed,
    PositionedConnector,
    PositionError,
    PositionStore,
    Runner,
)
from doxwacht.ingest.records import Problem, Record
from doxwacht.ingest.sink import ListSink
from tests.test_connectors_support import FailingSink, Sleeps


def rec(i: int) -> Record:
    return Record(id=str(i), text=f"bericht {i}", source="test", location=f"test#{i}", format="test")


class Counter(PositionedConnector):
    """Hands out records 1..total, `size` per poll; the position is the last id handed over."""

    name = "teller"

    def __init__(self, positions: PositionStore, total: int = 5, size: int = 2, errors: list[Exception] | None = None):
        super().__init__(positions)
        self.total, self.size = total, size
        self.last = (self.load("teller") or {}).get("last", 0)
        self.errors = errors or []
        self.polls = 0

    def poll(self) -> Batch:
        self.polls += 1
        if self.errors:
            raise self.errors.pop(0)
        ids = list(range(self.last + 1, min(self.total, self.last + self.size) + 1))
        return Batch(records=[rec(i) for i in ids], position={"teller": {"last": ids[-1]}} if ids else {},
                     more=bool(ids) and ids[-1] < self.total)

    def committed(self, batch: Batch) -> None:
        if "teller" in batch.position:
            self.last = batch.position["teller"]["last"]


def test_position_store_round_trip_and_keeps_other_keys(tmp_path: Path) -> None:
    a = PositionStore(tmp_path / "s" / "state.json")
    b = PositionStore(tmp_path / "s" / "state.json")  # another process on the same file
    a.save({"rss:x": {"seen": ["1"]}})
    b.save({"rss:y": {"seen": ["2"]}})
    a.save({"rss:x": {"seen": ["1", "3"]}})
    assert b.load_all() == {"rss:x": {"seen": ["1", "3"]}, "rss:y": {"seen": ["2"]}}
    assert a.load("nope", {"d": 1}) == {"d": 1}
    assert not [p for p in (tmp_path / "s").iterdir() if p.name.startswith(".tmp-")]  # no temp files left


def test_position_store_atomic_when_writing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = PositionStore(tmp_path / "state.json")
    store.save({"k": 1})

    def boom(*a: object, **k: object) -> None:
        raise OSError("schijf vol")

    monkeypatch.setattr("doxwacht.files.os.replace", boom)  # where the state file is written
    with pytest.raises(OSError):
        store.save({"k": 2})
    assert json.loads((tmp_path / "state.json").read_text())["positions"] == {"k": 1}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp-")] == []


def test_corrupt_state_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "state.json").write_text("{niet json")
    with pytest.raises(PositionError, match="geen geldige JSON"):
        PositionStore(tmp_path / "state.json").load("x")


def test_backoff_grows_with_jitter_and_cap() -> None:
    assert [Backoff(base=1, cap=10, jitter=0, rng=lambda: 0.9).delay(n) for n in range(1, 7)] == [1, 2, 4, 8, 10, 10]
    jittered = Backoff(base=4, cap=100, jitter=0.5, rng=lambda: 1.0).delay(1)
    assert jittered == 2.0  # at most half is taken off
    with pytest.raises(ValueError):
        Backoff(base=0)


def test_runner_puts_then_saves_position_and_resumes(tmp_path: Path) -> None:
    positions = PositionStore(tmp_path / "state.json")
    seen_at_put: list[object] = []

    class Checking(ListSink):
        def put(self, records):  # the position must not be saved before the records are handed over
            batch = list(records)
            seen_at_put.append(positions.load("teller"))
            return super().put(batch)

    sink = Checking()
    stats = Runner(Counter(positions), sink, interval=0, sleep=Sleeps()).run(once=True)
    assert [r.id for r in sink.records] == ["1", "2", "3", "4", "5"]
    assert seen_at_put == [None, {"last": 2}, {"last": 4}]
    assert stats.records == 5 and stats.batches == 3
    # restart on the same state file: a new connector finds nothing new, then more arrives
    again = ListSink()
    Runner(Counter(positions, total=7), again, interval=0, sleep=Sleeps()).run(once=True)
    assert [r.id for r in again.records] == ["6", "7"]


def test_sink_failing_once_repeats_the_same_batch(tmp_path: Path) -> None:
    positions = PositionStore(tmp_path / "state.json")
    sink, sleeps = FailingSink(1), Sleeps()
    connector = Counter(positions)
    stats = Runner(connector, sink, interval=0, sleep=sleeps, backoff=Backoff(base=3, jitter=0)).run(once=True)
    assert [r.id for r in sink.records] == ["1", "2", "3", "4", "5"]
    assert connector.polls == 3  # the failed batch was retried, not polled again
    assert sleeps.delays == [3] and stats.errors == 1


def test_poll_errors_back_off_honour_retry_after_and_give_up(tmp_path: Path) -> None:
    positions = PositionStore(tmp_path / "state.json")
    errs = [ConnectorError("503"), ConnectorError("429", retry_after=60), ConnectionError("weg")]
    sleeps = Sleeps()
    sink = ListSink()
    Runner(Counter(positions, errors=errs), sink, interval=0, sleep=sleeps,
           backoff=Backoff(base=1, jitter=0)).run(once=True)
    assert sleeps.delays == [1, 60, 4] and len(sink.records) == 5
    failing = Counter(PositionStore(tmp_path / "other.json"), errors=[ConnectorError("stuk")] * 5)
    with pytest.raises(ConnectorFailed, match="3 fouten"):
        Runner(failing, ListSink(), sleep=Sleeps(), max_errors=3).run(once=True)


def test_problems_are_reported_and_stop_ends_the_loop(tmp_path: Path) -> None:
    positions = PositionStore(tmp_path / "state.json")

    class Once(Counter):
        def poll(self) -> Batch:
            b = super().poll()
            b.problems.append(Problem("malformed", "t", "t#x", "kapot; overgeslagen"))
            return b

    problems: list[Problem] = []
    runner = Runner(Once(positions, total=100), ListSink(), interval=30, on_problem=problems.append)
    waits: list[float] = []

    def sleep(s: float) -> None:
        waits.append(s)
        runner.stop()

    runner.sleep = sleep
    runner.connector.size = 100
    stats = runner.run()  # not once: it would loop forever without stop()
    assert stats.records == 100 and len(problems) == 1 and runner.stopped
    assert len(waits) == 1 and 0 < waits[0] <= 30
