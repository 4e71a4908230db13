"""The audit trail: reads of personal data, changes and exports in the hash-chained access log with user and
reason; `audit verify` detects changed, removed and inserted entries; unusual access raises an alert."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, text
from typer.testing import CliRunner

from doxwacht.cases import Ingestor, audit
from doxwacht.cases.service import CaseError, CaseService
from doxwacht.cli.app import app
from doxwacht.ingest import read_inputs
from doxwacht.response import FixedClock
from doxwacht.store.models import AccessLogEntry, AuditAlert, Case
from tests.test_cases_support import PII, T0, campaign, full_engine, make_store


@pytest.fixture(scope="module")
def engine():
    return full_engine()


@pytest.fixture()
def world(tmp_path, engine):
    store = make_store("sqlite", tmp_path)
    clock = FixedClock(T0)
    Ingestor(store, engine, user="anna", evidence_dir=tmp_path / "ev", clock=clock).ingest(
        read_inputs([campaign(tmp_path / "a.jsonl")]))
    svc = CaseService(store, clock=clock, evidence_dir=tmp_path / "ev",
                      access=audit.AccessPolicy(max_protected=2, window_minutes=10))
    yield store, svc, clock
    store.close()


def _protect_all(store):
    with store.transaction(write=True) as s:
        for c in s.scalars(select(Case)):
            c.protected = True


def _log(store):
    with store.transaction() as s:
        return [(e.actor, e.action, e.object_id, e.reason, e.details) for e in s.scalars(
            select(AccessLogEntry).order_by(AccessLogEntry.id))]


def test_reads_changes_exports_are_logged(world, tmp_path):
    from doxwacht.cases import evidence

    store, svc, clock = world
    code = "DW-2026-000001"
    svc.show(code, user="bert", reason="melding 12", text=True)
    svc.note(code, "gebeld", user="bert")
    evidence.export_case(store, code, tmp_path / "p.zip", user="bert", reason="aangifte", clock=clock,
                          evidence_dir=tmp_path / "ev")
    actions = [(a, u, r) for u, a, _, r, _ in _log(store)]
    assert ("ingest.run", "anna", None) in actions
    assert ("case.show", "bert", "melding 12") in actions and ("message.view", "bert", "melding 12") in actions
    assert ("case.note", "bert", None) in actions and ("evidence.export", "bert", "aangifte") in actions
    flat = repr(_log(store))
    for ident in PII:
        assert ident not in flat
    assert audit.verify(store).ok


def test_protected_case_needs_reason(world):
    store, svc, clock = world
    _protect_all(store)
    with pytest.raises(CaseError, match="reden"):
        svc.show("DW-2026-000001", user="bert")
    svc.show("DW-2026-000001", user="bert", reason="melding 12")


def test_unusual_access_alert(world, caplog):
    store, svc, clock = world
    _protect_all(store)
    svc.show("DW-2026-000001", user="bert", reason="r")
    svc.show("DW-2026-000002", user="bert", reason="r")
    assert not svc.alerts
    with store.transaction(write=True) as s:  # a third protected object in the window
        audit.record(store, s, actor="bert", action="watchlist.show", object_type="person", object_id="p9",
                     reason="r", at=clock.now())
    svc.show("DW-2026-000001", user="bert", reason="r")
    assert len(svc.alerts) == 1
    with store.transaction() as s:
        alert = s.scalar(select(AuditAlert))
        assert alert.actor == "bert" and alert.details["distinct"] == 3
    clock.advance(timedelta(minutes=30))  # a new window: nothing unusual
    svc.show("DW-2026-000001", user="bert", reason="r")
    assert len(svc.alerts) == 1


def _tamper(store, sql):
    with store.engine.begin() as c:
        c.execute(text(sql))


@pytest.mark.parametrize("how,sql", [
    ("changed", "UPDATE access_log SET actor = 'mallory' WHERE id = 2"),
    ("removed", "DELETE FROM access_log WHERE id = 2"),
    ("removed_tail", "DELETE FROM access_log WHERE id = (SELECT max(id) FROM access_log)"),
    ("inserted", "INSERT INTO access_log (id, at, actor, action, object_type, object_id, reason, details, prev_hash, "
                 "entry_hash) SELECT 1000, at, 'mallory', 'case.show', 'case', 'X', NULL, '{}', prev_hash, "
                 "'f' || substr(entry_hash, 2) FROM access_log WHERE id = 2"),
])
def test_verify_detects_tampering(world, how, sql):
    store, svc, clock = world
    for _ in range(3):
        svc.show("DW-2026-000001", user="bert", reason="r")
    assert audit.verify(store).ok
    if how == "inserted":  # insert in the middle of the chain: renumber to make room
        _tamper(store, "UPDATE access_log SET id = id + 100 WHERE id > 2")
        sql = sql.replace("1000", "3")
    _tamper(store, sql)
    report = audit.verify(store)
    assert not report.ok and report.problem


def test_cli_audit_verify_and_case_commands(world, tmp_path, monkeypatch):
    store, svc, clock = world
    db = str(store.path)
    monkeypatch.setenv("DOXWACHT_EVIDENCE_DIR", str(tmp_path / "ev"))
    r = CliRunner()
    out = r.invoke(app, ["case", "list", "--db", db, "--user", "bert", "--json"])
    assert out.exit_code == 0 and "DW-2026-000001" in out.output
    out = r.invoke(app, ["case", "show", "DW-2026-000001", "--db", db, "--user", "bert", "--text"])
    assert out.exit_code == 0 and "[naam]" in out.output
    for ident in PII:
        assert ident not in out.output
    out = r.invoke(app, ["case", "close", "DW-2026-000002", "--db", db, "--user", "bert", "--decision", "dubbel"])
    assert out.exit_code == 0
    out = r.invoke(app, ["stats", "--db", db, "-f", "csv", "--plots", str(tmp_path / "png")])
    assert out.exit_code == 0 and "cases_by_status" in out.output
    assert len(list((tmp_path / "png").glob("*.png"))) == 5
    out = r.invoke(app, ["audit", "verify", "--db", db])
    assert out.exit_code == 0 and "intact" in out.output
    _tamper(store, "UPDATE access_log SET reason = 'x' WHERE id = 1")
    out = r.invoke(app, ["audit", "verify", "--db", db])
    assert out.exit_code == 1 and "NIET intact" in out.output
