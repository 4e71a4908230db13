"""Cases: opened above the policy threshold, one per campaign (target x source/channel), statuses with
allowed transitions, actions with deadlines and Dutch documents, escalation on expiry (controllable clock),
closing with a decision; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from doxwacht.cases import CasePolicy, Ingestor
from doxwacht.cases.service import CaseError, CaseService
from doxwacht.ingest import read_inputs
from doxwacht.response import FixedClock, Notifier, Recipient, RecipientKind
from doxwacht.store.models import Case, CaseAction, CaseEvent
from tests.test_cases_support import BACKENDS, T0, campaign, full_engine, make_store

NOTIFIER = Notifier("Politie Oost-Nederland", "A. Jansen", "a.jansen@politie.example")


@pytest.fixture(scope="module")
def engine():
    return full_engine()


@pytest.fixture(params=BACKENDS)
def world(request, tmp_path, engine):
    store = make_store(request.param, tmp_path)
    clock = FixedClock(T0)
    ev = tmp_path / "ev"
    Ingestor(store, engine, user="anna", evidence_dir=ev, clock=clock).ingest(
        read_inputs([campaign(tmp_path / "a.jsonl", "kanaal_a")]))
    svc = CaseService(store, clock=clock, evidence_dir=ev)
    yield store, svc, clock, ev
    store.close()


def _cases(store):
    with store.transaction() as s:
        return list(s.scalars(select(Case).order_by(Case.id)))


def test_one_case_per_campaign(world, engine, tmp_path):
    store, svc, clock, ev = world
    cases = _cases(store)
    # two messages against the same agent -> one case; the wethouder -> another; harmless -> none
    assert [c.message_count for c in cases] == [2, 1]
    assert cases[0].code == "DW-2026-000001" and cases[1].code == "DW-2026-000002"
    assert cases[0].target_group == "politie" and cases[1].target_group == "bestuurder"
    assert cases[0].category == "doxing" and cases[0].status == "nieuw"
    assert "Vries" not in cases[0].target_label and "Vries" not in cases[0].target_key
    with store.transaction() as s:
        ev_ = s.scalars(select(CaseEvent).where(CaseEvent.case_id == cases[0].id)).all()
    assert [e.kind for e in ev_] == ["geopend", "bericht_toegevoegd"]
    assert ev_[0].policy["id"] == "standaard" and ev_[0].policy["rule"] == "doxing" and ev_[0].policy["hash"]
    # the same campaign in another channel is another case
    Ingestor(store, engine, user="anna", evidence_dir=ev, clock=clock).ingest(
        read_inputs([campaign(tmp_path / "b.jsonl", "kanaal_b")]))
    assert len(_cases(store)) == 4


def test_policy_threshold(tmp_path, engine):
    store = make_store("sqlite", tmp_path)
    strict = CasePolicy.from_config({"id": "streng", "open": [{"level": "doxing", "min_severity": 101}]})
    stats = Ingestor(store, engine, user="anna", evidence_dir=tmp_path / "ev", policy=strict).ingest(
        read_inputs([campaign(tmp_path / "a.jsonl")]))
    assert stats.cases_opened == 0 and stats.stored == 4
    with pytest.raises(ValueError):
        CasePolicy.from_config({"open": [{"level": "vreselijk"}]})


def test_transitions(world):
    store, svc, clock, ev = world
    code = _cases(store)[0].code
    with pytest.raises(CaseError, match="mag niet"):
        svc.set_status(code, "verwijderd", user="anna")
    svc.assign(code, "bert", user="anna")
    assert _cases(store)[0].status == "in behandeling" and _cases(store)[0].assignee == "bert"
    with pytest.raises(CaseError, match="onbekende status"):
        svc.set_status(code, "weg", user="anna")
    svc.note(code, "Melder gebeld", user="bert")
    svc.close(code, decision="Geen vervolg: bericht al verwijderd", user="bert")
    c = _cases(store)[0]
    assert c.status == "afgesloten" and c.decision.startswith("Geen vervolg") and c.closed_at == T0
    with pytest.raises(CaseError):
        svc.set_status(code, "in behandeling", user="anna")


def test_action_deadline_document_and_escalation(world):
    store, svc, clock, ev = world
    code = _cases(store)[0].code
    action, doc = svc.act(code, "dsa_notice", user="bert", notifier=NOTIFIER,
                          recipient=Recipient("Telegram FZ-LLC", RecipientKind.PLATFORM, "abuse@telegram.example"),
                          good_faith=True)
    assert "artikel 16" in doc.text and code in doc.text
    assert "Jan de Vries" not in doc.text and "21436587" not in doc.text
    assert action.due_at == T0 + timedelta(hours=24)  # doxing of a police officer: manifestly illegal
    assert _cases(store)[0].status == "actie uitgezet"
    view = svc.show(code, user="bert", reason="behandeling")
    assert [(a.kind, a.overdue) for a in view.actions] == [("dsa_notice", False)]
    clock.advance(timedelta(hours=25))
    view = svc.show(code, user="bert", reason="behandeling")
    assert view.actions[0].overdue and "Juridische wegen" in view.actions[0].escalation
    expired = svc.check_deadlines(user="systeem")
    assert [c for c, _ in expired] == [code]
    assert expired[0][1].legal_routes
    with store.transaction() as s:
        a = s.scalar(select(CaseAction))
        assert a.status == "verlopen" and a.escalation["expired"] == "dsa_notice"
    assert svc.check_deadlines(user="systeem") == []
    svc.set_status(code, "geëscaleerd", user="bert")
    svc.set_status(code, "verwijderd", user="bert")
    assert _cases(store)[0].removed_at == clock.now()


def test_verwijderverzoek_then_removed_gives_stats(world):
    from doxwacht.cases import stats

    store, svc, clock, ev = world
    code = _cases(store)[1].code
    svc.act(code, "verwijderverzoek", user="bert", notifier=NOTIFIER,
            recipient=Recipient("beheerder", RecipientKind.POSTER))
    clock.advance(timedelta(hours=6))
    svc.set_status(code, "verwijderd", user="bert")
    data = stats.compute(store, now=clock.now())
    assert data["takedown"]["telegram"] == {"cases_with_action": 1, "removed": 1, "rate": 1.0,
                                            "median_hours_to_removal": 6.0}
    assert data["cases_by_target_group"] == {"politie": 1, "bestuurder": 1}
    assert data["overdue_actions"] == 0


def test_unknown_case_and_action(world):
    store, svc, clock, ev = world
    with pytest.raises(CaseError, match="bestaat niet"):
        svc.show("DW-1999-000001", user="x", reason="r")
    with pytest.raises(CaseError, match="onbekende actie"):
        svc.act(_cases(store)[0].code, "brief", user="x", notifier=NOTIFIER)


def test_reminders_at_half_and_ninety_percent_once_each(world):
    store, svc, clock, ev = world
    code = _cases(store)[0].code
    svc.act(code, "dsa_notice", user="bert", notifier=NOTIFIER,
            recipient=Recipient("Telegram FZ-LLC", RecipientKind.PLATFORM, "abuse@telegram.example"), good_faith=True)
    assert svc.send_reminders(user="systeem") == []  # term of 24 h just started
    clock.advance(timedelta(hours=13))  # past 50%
    first = svc.send_reminders(user="systeem")
    assert [(c, r.fraction) for c, r in first] == [(code, 0.5)] and "Herinnering" in first[0][1].text
    assert svc.send_reminders(user="systeem") == []  # not twice
    clock.advance(timedelta(hours=9))  # 22 h: past 90%
    assert [r.fraction for _, r in svc.send_reminders(user="systeem")] == [0.9]
    clock.advance(timedelta(hours=3))  # expired: escalation, no more reminders
    assert svc.send_reminders(user="systeem") == []
    assert [c for c, _ in svc.check_deadlines(user="systeem")] == [code]
    with store.transaction() as s:
        kinds = [e.kind for e in s.scalars(select(CaseEvent).order_by(CaseEvent.id))]
    assert kinds.count("herinnering") == 2 and "termijn_verlopen" in kinds


def test_alternative_intervention_is_recorded_as_an_action(world):
    from doxwacht.response.facts import Intervention

    store, svc, clock, ev = world
    code = _cases(store)[0].code
    with pytest.raises(CaseError, match="verslag"):
        svc.act(code, "interventie", user="bert", notifier=NOTIFIER)
    talk = Intervention(held_at=clock.now() - timedelta(hours=2), held_by="wijkagent Bos", poster="plaatser A",
                        form="gesprek op het bureau", summary="Plaatser erkent het bericht en begrijpt de gevolgen.",
                        outcome="Bericht verwijderd", agreements=("geen nieuwe berichten",), content_removed=True)
    action, doc = svc.act(code, "interventie", user="bert", notifier=NOTIFIER, intervention=talk)
    assert action.kind == "interventie" and action.status == "voldaan" and action.due_at is None
    assert "gesprek op het bureau" in doc.text and "geen nieuwe berichten" in doc.text
    view = svc.show(code, user="bert", reason="behandeling")
    assert "interventie" in [a.kind for a in view.actions]


def test_cli_records_an_intervention(world, tmp_path):
    from typer.testing import CliRunner

    from doxwacht.cli.app import app

    store, svc, clock, ev = world
    if store.path is None:
        pytest.skip("the CLI test uses the SQLite file")
    code = _cases(store)[0].code
    r = CliRunner().invoke(app, ["case", "act", code, "interventie", "--db", str(store.path), "--evidence-dir", str(ev),
                                 "--from-org", "Politie", "--from-name", "Team Online", "--from-email", "t@p.example",
                                 "--held-by", "wijkagent Bos", "--form", "huisbezoek", "--poster", "plaatser A",
                                 "--summary", "Gesprek over het bericht.", "--outcome", "Bericht verwijderd",
                                 "--held-at", "2020-01-01T10:00:00Z"])
    assert r.exit_code == 0, r.output
    assert "huisbezoek" in r.stdout
