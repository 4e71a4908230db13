"""The collector's settings for a long scan (`doxwacht.pipeline.streaming_gc`)."""

from __future__ import annotations

import gc
import weakref

import pytest

from doxwacht.pipeline import streaming_gc as sg
from doxwacht.pipeline.streaming_gc import StreamingGC


@pytest.fixture(autouse=True)
def _default_gc():
    before = gc.get_threshold()
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)
    gc.unfreeze()


def test_a_short_scan_keeps_the_collector_as_it_is():
    with StreamingGC(after=5) as settings:
        settings.seen(4)
        assert gc.get_threshold() == (700, 10, 10)
        assert gc.get_freeze_count() == 0
        assert not settings.started


def test_a_long_scan_freezes_the_heap_and_collects_the_young_generation_less_often():
    alive = [{"kept": i} for i in range(100)]  # container objects alive when the settings change
    with StreamingGC(after=3) as settings:
        settings.seen(2)
        assert gc.get_threshold() == (700, 10, 10)
        settings.seen()
        assert settings.started
        assert gc.get_threshold() == (sg.STREAMING_GEN0, 10, 10)
        assert gc.get_freeze_count() >= len(alive)
        settings.seen(10_000)  # (nothing more happens)
        assert gc.get_threshold() == (sg.STREAMING_GEN0, 10, 10)
    assert gc.get_threshold() == (700, 10, 10)
    assert gc.get_freeze_count() == 0


def test_after_zero_sets_it_on_entering():
    with StreamingGC(after=0):
        assert gc.get_threshold()[0] == sg.STREAMING_GEN0
    assert gc.get_threshold() == (700, 10, 10)


def test_a_higher_threshold_already_set_is_kept():
    gc.set_threshold(200_000, 10, 10)
    with StreamingGC(after=0, gen0=50_000):
        assert gc.get_threshold()[0] == 200_000
    assert gc.get_threshold() == (200_000, 10, 10)


def test_nested_blocks_leave_it_to_the_block_that_set_it():
    with StreamingGC(after=0):
        frozen = gc.get_freeze_count()
        with StreamingGC(after=0) as inner:
            assert not inner.started
            assert gc.get_threshold()[0] == sg.STREAMING_GEN0
        # the inner block's end neither unfroze the heap (which would leave 0 frozen) nor put the threshold back; a
        # frozen object can still be freed when nothing refers to it any more, so the count may drop by a few
        assert gc.get_threshold()[0] == sg.STREAMING_GEN0
        assert frozen > 0 and gc.get_freeze_count() > frozen // 2
    assert gc.get_threshold() == (700, 10, 10)
    assert gc.get_freeze_count() == 0


def test_settings_are_restored_when_the_scan_fails():
    with pytest.raises(RuntimeError), StreamingGC(after=0):
        raise RuntimeError("boom")
    assert gc.get_threshold() == (700, 10, 10)
    assert gc.get_freeze_count() == 0
    with StreamingGC(after=0):  # and a later block sets them again
        assert gc.get_threshold()[0] == sg.STREAMING_GEN0


def test_counting_outside_the_block_changes_nothing():
    settings = StreamingGC(after=1)
    settings.seen(5)
    assert gc.get_threshold() == (700, 10, 10)
    with settings:
        settings.seen()
        assert gc.get_threshold()[0] == sg.STREAMING_GEN0
    settings.seen()
    assert gc.get_threshold() == (700, 10, 10)


def test_cyclic_garbage_made_while_scanning_is_still_collected():
    class Node:
        pass

    with StreamingGC(after=0):
        a, b = Node(), Node()
        a.other, b.other = b, a  # a cycle: reference counting alone never frees it
        gone = weakref.ref(a)
        del a, b
        gc.collect()
        assert gone() is None


def test_doxwacht_scan_switches_to_the_streaming_settings_after_enough_messages(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from doxwacht.cli import app as cli_app

    monkeypatch.setattr(sg, "STREAMING_AFTER", 3)
    started: list[tuple[int, int]] = []  # (messages read, the threshold once set)
    real_start = StreamingGC._start

    def start(self):
        real_start(self)
        started.append((self.messages, gc.get_threshold()[0]))

    monkeypatch.setattr(StreamingGC, "_start", start)
    src = tmp_path / "in.jsonl"
    src.write_text("".join(f'{{"text": "bel me op 06-1234567{i}"}}\n' for i in range(6)), encoding="utf-8")
    result = CliRunner().invoke(cli_app.app, ["scan", str(src), "--no-intent", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert len(result.output.strip().splitlines()) == 6
    assert gc.get_threshold() == (700, 10, 10)  # put back after the scan
    assert gc.get_freeze_count() == 0
    assert started == [(3, sg.STREAMING_GEN0)]  # set once, at the third message


def test_doxwacht_ingest_switches_too_and_stores_every_message(tmp_path, monkeypatch):
    import sqlite3

    from typer.testing import CliRunner

    from doxwacht.cli import app as cli_app

    monkeypatch.setattr(sg, "STREAMING_AFTER", 4)
    monkeypatch.setenv("DOXWACHT_DB", str(tmp_path / "dw.db"))
    monkeypatch.setenv("DOXWACHT_USER", "test")
    monkeypatch.delenv("DOXWACHT_WATCHLIST_KEY", raising=False)
    started: list[int] = []
    real_start = StreamingGC._start

    def start(self):
        real_start(self)
        started.append(self.messages)

    monkeypatch.setattr(StreamingGC, "_start", start)
    src = tmp_path / "in.jsonl"
    src.write_text("".join(f'{{"id": "{i}", "text": "groet uit Zwolle nummer {i}"}}\n' for i in range(7)),
                   encoding="utf-8")
    result = CliRunner().invoke(cli_app.app, ["ingest", str(src), "-q"])
    assert result.exit_code == 0, result.output
    assert started == [4]
    assert gc.get_threshold() == (700, 10, 10) and gc.get_freeze_count() == 0
    con = sqlite3.connect(tmp_path / "dw.db")
    assert con.execute("SELECT count(*) FROM message").fetchone()[0] == 7
