"""A watched folder: stable files are read once with the existing readers (JSONL, CSV, Telegram export,
text), partial and hidden files are left alone, touched files are not read again, large files resume
mid-file after a restart, a failing sink repeats nothing, bad input is reported."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from doxwacht.ingest.connectors import PositionStore, Runner
from doxwacht.ingest.connectors.folder import FolderConnector
from doxwacht.ingest.sink import ListSink
from tests.test_connectors_support import FailingSink, Sleeps

T = 1_800_000_000.0  # the fake "now"


def write(path: Path, text: str, mtime: float = T - 3600) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, (mtime, mtime))
    return path


def run(folder: Path, state: Path, sink=None, clock=lambda: T, **kw):
    sink = sink if sink is not None else ListSink()
    problems: list = []
    conn = FolderConnector(folder, PositionStore(state), clock=clock, **kw)
    stats = Runner(conn, sink, interval=0, sleep=Sleeps(), on_problem=problems.append).run(once=True)
    return sink, problems, stats


@pytest.fixture()
def inbox(tmp_path: Path) -> Path:
    d = tmp_path / "inbox"
    write(d / "a.jsonl", '{"id": "m1", "text": "Jan woont op Dorpsstraat 12"}\n{kapot\n{"id": "m2", "text": "hallo"}\n')
    write(d / "b.csv", "id,text\nc1,bel 06-12345678\n")
    write(d / "export" / "result.json", json.dumps({"name": "Kanaal", "type": "public_channel", "id": 777, "messages": [
        {"id": 5, "type": "message", "date": "2026-11-23T10:00:00", "from": "x", "text": "we weten waar je woont"}]}))
    write(d / "notities.txt", "Een losse tekst.")
    write(d / "half.jsonl.part", '{"id": "p", "text": "nog bezig"}\n')
    write(d / ".verborgen.jsonl", '{"id": "h", "text": "verborgen"}\n')
    write(d / "foto.jpg", "geen tekst")
    return d


def test_reads_each_stable_file_once_with_the_existing_readers(inbox: Path, tmp_path: Path) -> None:
    sink, problems, _ = run(inbox, tmp_path / "folder.json")
    got = {(r.format, str(r.id)) for r in sink.records}
    assert got == {("jsonl", "m1"), ("jsonl", "m2"), ("csv", "c1"), ("telegram", "777/5"),
                   ("text", str(inbox / "notities.txt"))}
    assert len(sink.records) == 5
    assert [p.kind for p in problems] == ["malformed"] and "a.jsonl:2" in problems[0].location
    # restart: nothing is read again
    again, _, _ = run(inbox, tmp_path / "folder.json")
    assert again.records == []


def test_file_still_being_written_waits_until_stable(tmp_path: Path) -> None:
    d = tmp_path / "inbox"
    f = write(d / "nieuw.jsonl", '{"id": "1", "text": "een"}\n', mtime=T - 0.5)
    now = [T]
    conn = FolderConnector(d, PositionStore(tmp_path / "s.json"), settle=2.0, clock=lambda: now[0])
    assert conn.poll().records == []  # too fresh, first sight
    write(f, '{"id": "1", "text": "een"}\n{"id": "2", "text": "twee"}\n', mtime=T)
    assert conn.poll().records == []  # grew since the last poll
    batch = conn.poll()  # unchanged since the last poll: stable
    assert [r.id for r in batch.records] == ["1", "2"]


def test_touched_file_is_not_read_again_changed_file_is(inbox: Path, tmp_path: Path) -> None:
    state = tmp_path / "folder.json"
    run(inbox, state)
    os.utime(inbox / "b.csv", (T - 10, T - 10))  # touched, same bytes
    again, _, _ = run(inbox, state)
    assert again.records == []
    write(inbox / "b.csv", "id,text\nc1,bel 06-12345678\nc2,nieuw bericht\n", mtime=T - 5)
    changed, _, _ = run(inbox, state)
    assert [r.id for r in changed.records] == ["c1", "c2"]  # the store drops c1, which it already has


def test_large_file_resumes_mid_file_after_restart(tmp_path: Path) -> None:
    d = tmp_path / "inbox"
    write(d / "groot.jsonl", "".join(json.dumps({"id": f"g{i}", "text": f"bericht {i}"}) + "\n" for i in range(7)))
    state = tmp_path / "folder.json"
    first = ListSink()
    conn = FolderConnector(d, PositionStore(state), batch_size=3, clock=lambda: T)
    runner = Runner(conn, first, interval=0, sleep=Sleeps(), on_batch=lambda b: runner.stop())
    runner.run()  # "killed" after the first batch
    assert [r.id for r in first.records] == ["g0", "g1", "g2"]
    rest, _, _ = run(d, state, batch_size=3)
    assert [r.id for r in rest.records] == ["g3", "g4", "g5", "g6"]


def test_sink_failing_once_loses_and_repeats_nothing(inbox: Path, tmp_path: Path) -> None:
    sink = FailingSink(1)
    _, _, stats = run(inbox, tmp_path / "folder.json", sink=sink)
    assert len(sink.records) == 5 and len({(r.source, str(r.id)) for r in sink.records}) == 5 and stats.errors == 1
    again, _, _ = run(inbox, tmp_path / "folder.json")
    assert again.records == []


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="map bestaat niet"):
        FolderConnector(tmp_path / "weg", PositionStore(tmp_path / "s.json"))
