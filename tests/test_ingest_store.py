"""Ingest into the store: idempotent by (source, platform, channel, message id), results with detector
versions, originals secured as evidence, no plaintext identifiers in the database; on SQLite and
PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from doxwacht.cases import Ingestor
from doxwacht.evidence import BlobStore
from doxwacht.ingest import read_inputs
from doxwacht.response import FixedClock
from doxwacht.store.models import Case, EvidenceRecord, IngestRun, Message
from tests.test_cases_support import BACKENDS, PII, T0, campaign, full_engine, make_store


@pytest.fixture(scope="module")
def engine():
    return full_engine()


@pytest.mark.parametrize("backend", BACKENDS)
def test_reimport_adds_nothing(backend, tmp_path, engine):
    store = make_store(backend, tmp_path)
    src = campaign(tmp_path / "in.jsonl", n_harmless=5)
    ev = tmp_path / "ev"
    first = Ingestor(store, engine, user="anna", evidence_dir=ev, clock=FixedClock(T0)).ingest(read_inputs([src]))
    assert (first.read, first.stored, first.duplicates) == (8, 8, 0)
    again = Ingestor(store, engine, user="anna", evidence_dir=ev, clock=FixedClock(T0)).ingest(read_inputs([src]))
    assert (again.stored, again.duplicates, again.cases_opened) == (0, 8, 0)
    with store.transaction() as s:
        assert s.scalar(select(func.count(Message.id))) == 8
        assert s.scalar(select(func.count(EvidenceRecord.id))) == 3  # originals kept for the 3 with personal data
        assert s.scalar(select(func.count(Case.id))) == first.cases_opened == 2
    store.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_same_message_other_channel_is_another_message(backend, tmp_path, engine):
    store = make_store(backend, tmp_path)
    ing = Ingestor(store, engine, user="anna", evidence_dir=tmp_path / "ev")
    ing.ingest(read_inputs([campaign(tmp_path / "a.jsonl", "kanaal_a")]))
    stats = Ingestor(store, engine, user="anna", evidence_dir=tmp_path / "ev").ingest(
        read_inputs([campaign(tmp_path / "b.jsonl", "kanaal_b")]))
    assert stats.stored == 4
    store.close()


def test_results_versions_and_evidence(tmp_path, engine):
    store = make_store("sqlite", tmp_path)
    ev = tmp_path / "ev"
    Ingestor(store, engine, user="anna", evidence_dir=ev, clock=FixedClock(T0)).ingest(
        read_inputs([campaign(tmp_path / "in.jsonl")]))
    with store.transaction() as s:
        m = s.scalar(select(Message).where(Message.message_key == "1"))
        run = s.get(IngestRun, m.run_id)
        assert run.detector_versions == engine.detector_versions and run.detector_versions
        assert m.level == "doxing" and m.severity >= 40 and m.category == "doxing"
        assert {f["label"] for f in m.findings} >= {"PHONE", "ADDRESS"}
        assert all("text" not in f and "value" not in f for f in m.findings)
        assert m.intent and m.verdict["qualifications"]
        rec = s.scalar(select(EvidenceRecord).where(EvidenceRecord.message_id == m.id))
        assert rec.captured_by == "anna" and rec.captured_at == T0 and rec.source.endswith("in.jsonl")
        assert rec.tool_version
    blob = BlobStore(ev).get(rec.sha256)
    assert b"Lindelaan" in blob  # the original is kept as evidence, outside the database
    store.close()
    raw = (tmp_path / "dw.db").read_bytes()
    for wal in tmp_path.glob("dw.db-*"):
        raw += wal.read_bytes()
    for ident in PII:
        assert ident.encode() not in raw, ident
