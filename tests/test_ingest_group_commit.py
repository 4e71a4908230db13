"""Ingest speed-ups that must not change what is stored: evidence blobs made durable by one group sync
per chunk before the chunk's rows commit (syncfs on Linux, per-file fsync elsewhere), blobs that exist
are not written again, the message INSERT compiled once for chunks of any size, and the ids of a batch
handed back to the live worker."""

from __future__ import annotations

import os
import sys

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine.default import CACHE_HIT

from doxwacht.cases import Ingestor
from doxwacht.cases.ingest import identity
from doxwacht.evidence import BlobStore
from doxwacht.evidence import blobs as blobs_module
from doxwacht.ingest import read_inputs
from doxwacht.ingest.records import Record
from doxwacht.response import FixedClock
from doxwacht.store.models import EvidenceRecord, Message
from tests.test_cases_support import BACKENDS, T0, campaign, full_engine, make_store


@pytest.fixture(scope="module")
def engine():
    return full_engine()


class FsyncCounter:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        real = os.fsync

        def counting(fd: int) -> None:
            self.calls += 1
            real(fd)

        monkeypatch.setattr(blobs_module.os, "fsync", counting)


def test_group_commit_writes_without_per_file_fsync_and_syncs_once(tmp_path, monkeypatch):
    store = BlobStore(tmp_path / "ev")
    fsyncs = FsyncCounter(monkeypatch)
    syncs: list[int] = []
    real_sync = blobs_module.sync_filesystem
    monkeypatch.setattr(blobs_module, "sync_filesystem", lambda paths, folder: syncs.append(len(paths)) or
                        real_sync(paths, folder))
    with store.group_commit():
        digests = [store.put(f"bewijs {i}".encode()) for i in range(5)]
        assert fsyncs.calls == 0 and syncs == []
    assert syncs == [5]
    assert [store.get(d) for d in digests] == [f"bewijs {i}".encode() for i in range(5)]
    assert not list((tmp_path / "ev").rglob(".tmp-*"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="syncfs(2) is Linux only")
def test_sync_uses_one_syncfs_on_linux(tmp_path, monkeypatch):
    assert blobs_module._SYNCFS is not None
    fsyncs = FsyncCounter(monkeypatch)
    store = BlobStore(tmp_path / "ev")
    with store.group_commit():
        for i in range(3):
            store.put(f"x{i}".encode())
        assert store.sync() == "syncfs"
    assert fsyncs.calls == 0


def test_without_syncfs_each_file_keeps_its_fsync_and_the_group_syncs_folders(tmp_path, monkeypatch):
    monkeypatch.setattr(blobs_module, "_SYNCFS", None)
    fsyncs = FsyncCounter(monkeypatch)
    store = BlobStore(tmp_path / "ev")
    with store.group_commit():
        for i in range(3):
            store.put(f"y{i}".encode())
        assert fsyncs.calls == 3
        assert store.sync() == "fsync"
    folders = {store.path(blobs_module.sha256_hex(f"y{i}".encode())).parent for i in range(3)}
    assert fsyncs.calls == 3 + (len(folders) if os.name == "posix" else 0)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="syncfs(2) is Linux only")
def test_failed_syncfs_falls_back_to_fsync_per_file(tmp_path, monkeypatch):
    monkeypatch.setattr(blobs_module, "_SYNCFS", lambda fd: -1)
    fsyncs = FsyncCounter(monkeypatch)
    store = BlobStore(tmp_path / "ev")
    with store.group_commit():
        for i in range(3):
            store.put(f"z{i}".encode())
        assert fsyncs.calls == 0
        assert store.sync() == "fsync"
    folders = {store.path(blobs_module.sha256_hex(f"z{i}".encode())).parent for i in range(3)}
    assert fsyncs.calls == 3 + len(folders)


def test_group_syncs_also_when_the_block_fails(tmp_path, monkeypatch):
    store = BlobStore(tmp_path / "ev")
    synced: list[int] = []
    monkeypatch.setattr(blobs_module, "sync_filesystem", lambda paths, folder: synced.append(len(paths)) or "fsync")
    with pytest.raises(RuntimeError), store.group_commit():
        store.put(b"half a batch")
        raise RuntimeError("scan failed")
    assert synced == [1]


def test_existing_blob_is_not_written_again(tmp_path):
    store = BlobStore(tmp_path / "ev")
    digest = store.put(b"origineel")
    before = os.stat(store.path(digest))
    with store.group_commit():
        assert store.put(b"origineel") == digest
    after = os.stat(store.path(digest))
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_plain_put_is_durable_on_return(tmp_path, monkeypatch):
    fsyncs = FsyncCounter(monkeypatch)
    BlobStore(tmp_path / "ev").put(b"los bewijs")
    assert fsyncs.calls >= 1


def test_chunk_blobs_are_synced_before_its_rows_commit(tmp_path, engine, monkeypatch):
    store = make_store("sqlite", tmp_path)
    seen_at_sync: list[tuple[int, int]] = []  # (messages in the store, blobs in the group) at each sync
    real_sync = BlobStore.sync

    def watching(self: BlobStore) -> str:
        with store.transaction() as s:
            seen_at_sync.append((s.scalar(select(func.count(Message.id))), len(self._unsynced)))
        return real_sync(self)

    monkeypatch.setattr(BlobStore, "sync", watching)
    stats = Ingestor(store, engine, user="anna", evidence_dir=tmp_path / "ev", clock=FixedClock(T0), chunk=4).ingest(
        read_inputs([campaign(tmp_path / "in.jsonl", n_harmless=5)]))
    assert stats.stored == 8
    assert [n for n, _ in seen_at_sync] == [0, 4]  # one sync per chunk, each before that chunk's commit
    with store.transaction() as s:
        assert sum(b for _, b in seen_at_sync) == s.scalar(select(func.count(EvidenceRecord.id))) == 3
    store.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_message_insert_is_compiled_once_for_any_chunk_size(backend, tmp_path, engine):
    store = make_store(backend, tmp_path)
    hits: list[bool] = []

    @event.listens_for(store.engine, "before_cursor_execute")
    def _watch(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO MESSAGE "):
            hits.append(context.cache_hit is CACHE_HIT)

    ing = Ingestor(store, engine, user="anna", evidence_dir=tmp_path / "ev", clock=FixedClock(T0))
    recs = [Record(id=str(i), text=f"Bericht nummer {i} over de wedstrijd", source="t", location=f"t:{i}",
                   format="jsonl", meta={"channel": "k", "platform": "telegram"}) for i in range(15)]
    for part in (recs[:5], recs[5:12], recs[12:]):  # three chunk sizes
        ing.ingest_batch(part)
    ing.close_run()
    assert len(hits) >= 3 and hits[0] is False and all(hits[1:])
    store.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_ingest_batch_returns_the_stored_ids(backend, tmp_path, engine):
    store = make_store(backend, tmp_path)
    ing = Ingestor(store, engine, user="anna", evidence_dir=tmp_path / "ev", source="live")
    recs = [Record(id=str(i), text=f"Bericht {i}", source="t", location=f"t:{i}", format="jsonl",
                    meta={"channel": "k", "platform": "telegram"}) for i in range(6)]
    first = ing.ingest_batch(recs[:4])
    again = ing.ingest_batch(recs[2:] + recs[2:3])  # two already stored, two new, one repeated in the batch
    ing.close_run()
    idents = [identity(r, source="live", platform=None, channel=None) for r in recs]
    with store.transaction() as s:
        ids = {k: mid for mid, k in s.execute(select(Message.id, Message.message_key))}
    assert first == {i: ids[i.message_key] for i in idents[:4]}
    assert again == {i: ids[i.message_key] for i in idents[2:]}
    store.close()
