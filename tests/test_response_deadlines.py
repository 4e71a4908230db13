"""Deadlines, reminders and escalation with a fake clock (no sleeping)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from doxwacht.response import (ActionKind, DeadlinePolicy, FixedClock, LegalRoute, Step, Terms, suggest_escalation)
from tests.test_response_support import facts

T = datetime(2024, 3, 5, 12, 0, tzinfo=UTC)


def test_default_terms() -> None:
    p = DeadlinePolicy()
    assert p.term(ActionKind.DSA_NOTICE, "Telegram", manifest=True) == timedelta(hours=24)
    assert p.term(ActionKind.DSA_NOTICE, "Telegram", manifest=False) == timedelta(days=7)


def test_manifest_follows_the_case() -> None:
    p = DeadlinePolicy()
    d = p.deadline("dsa_notice", "Telegram", manifest=facts().manifestly_illegal, started_at=T)
    assert d.due_at == T + timedelta(hours=24)


def test_specific_terms_win() -> None:
    p = DeadlinePolicy(terms={
        ("dsa_notice", "telegram"): Terms(timedelta(hours=12), timedelta(days=3)),
        ("dsa_notice", "*"): Terms(timedelta(hours=20), timedelta(days=5)),
        ("*", "forum.example"): Terms(timedelta(hours=48), timedelta(days=14)),
    })
    assert p.term("dsa_notice", "Telegram", manifest=True) == timedelta(hours=12)
    assert p.term("dsa_notice", "X", manifest=False) == timedelta(days=5)
    assert p.term("verwijderverzoek", "forum.example", manifest=False) == timedelta(days=14)
    assert p.term("verwijderverzoek", "X", manifest=False) == timedelta(days=7)


def test_from_config() -> None:
    p = DeadlinePolicy.from_config({
        "default": {"manifest_hours": 12, "other_hours": 72},
        "terms": {"sommatie": {"*": {"manifest_hours": 48, "other_hours": 336}}},
        "reminders": [0.9, 0.25],
        "ladders": {"forum.example": ["plaatser", "platform", "hostingprovider", "registrar"]},
    })
    assert p.term("dsa_notice", "x", manifest=True) == timedelta(hours=12)
    assert p.term("sommatie", "x", manifest=False) == timedelta(days=14)
    assert p.reminder_fractions == (0.25, 0.9)
    with pytest.raises(ValueError):
        DeadlinePolicy.from_config({"terms": {"onbekend": {"*": {"manifest_hours": 1, "other_hours": 2}}}})


@pytest.mark.parametrize("bad", [
    {"reminder_fractions": (0.5, 1.0)},
    {"reminder_fractions": (0.0,)},
    {"ladders": {"x": (Step.PLATFORM, Step.POSTER)}},
])
def test_policy_validation(bad: dict) -> None:
    with pytest.raises(ValueError):
        DeadlinePolicy(**bad)


def test_terms_must_be_positive() -> None:
    with pytest.raises(ValueError):
        Terms(timedelta(0), timedelta(days=1))


def test_reminders_at_50_and_90_percent() -> None:
    clock = FixedClock(T)
    d = DeadlinePolicy().start(ActionKind.DSA_NOTICE, "Telegram", manifest=True, clock=clock)
    assert [r.at for r in d.reminders()] == [T + timedelta(hours=12), T + timedelta(hours=21, minutes=36)]
    assert d.due_reminders(clock) == []
    clock.advance(timedelta(hours=12))
    due = d.due_reminders(clock)
    assert [r.fraction for r in due] == [0.5]
    assert "50%" in due[0].text and "nog 12 uur" in due[0].text and "6 maart 2024 om 12:00 UTC" in due[0].text
    assert d.due_reminders(clock, sent=[0.5]) == []
    clock.advance(timedelta(hours=10))
    assert [r.fraction for r in d.due_reminders(clock, sent=[0.5])] == [0.9]
    assert [r.fraction for r in d.due_reminders(clock)] == [0.5, 0.9]  # both, when none was sent
    assert d.remaining(clock) == timedelta(hours=2)
    assert d.elapsed_fraction(clock) == pytest.approx(22 / 24)
    clock.advance(timedelta(hours=2))
    assert d.expired(clock) and d.due_reminders(clock) == [] and d.remaining(clock) == timedelta(0)


def test_no_escalation_while_running() -> None:
    clock = FixedClock(T)
    d = DeadlinePolicy().start(ActionKind.VERWIJDERVERZOEK, "forum.example", manifest=False, clock=clock)
    assert suggest_escalation(d, clock, DeadlinePolicy(), criminal=True, poster_known=False) is None


def test_escalation_ladder_for_a_website() -> None:
    policy = DeadlinePolicy()
    clock = FixedClock(T)
    steps = []
    action = ActionKind.VERWIJDERVERZOEK
    while action is not None:
        d = policy.start(action, "forum.example", manifest=False, clock=clock)
        clock.advance(timedelta(days=7))
        e = suggest_escalation(d, clock, policy, criminal=False, poster_known=True)
        assert e is not None
        steps.append(e.next_step)
        action = e.next_action
    assert steps == [Step.PLATFORM, Step.HOSTING, Step.REGISTRAR, None]


def test_escalation_for_telegram_stops_at_the_platform() -> None:
    policy = DeadlinePolicy()
    clock = FixedClock(T)
    d = policy.start(ActionKind.VERWIJDERVERZOEK, "Telegram", manifest=True, clock=clock)
    clock.advance(timedelta(hours=24))
    e = suggest_escalation(d, clock, policy, criminal=True, poster_known=False)
    assert e is not None and e.next_step == Step.PLATFORM and e.next_action == ActionKind.DSA_NOTICE
    assert e.legal_routes == (LegalRoute.AANGIFTE, LegalRoute.VORDERING_125P, LegalRoute.SOMMATIE)
    assert "art. 16 DSA" in e.text and "125p" in e.text and "plaatser is onbekend" in e.text

    d2 = policy.start(ActionKind.DSA_NOTICE, "Telegram", manifest=True, clock=clock)
    clock.advance(timedelta(hours=25))
    e2 = suggest_escalation(d2, clock, policy, criminal=True, poster_known=True, aangifte_done=True)
    assert e2 is not None and e2.next_step is None
    assert e2.legal_routes == (LegalRoute.VORDERING_125P, LegalRoute.SOMMATIE)
    assert "ladder is doorlopen" in e2.text and "aan de plaatser." in e2.text


def test_escalation_skips_steps_done() -> None:
    policy = DeadlinePolicy()
    clock = FixedClock(T)
    d = policy.start(ActionKind.VERWIJDERVERZOEK, "forum.example", manifest=False, clock=clock)
    clock.advance(timedelta(days=8))
    e = suggest_escalation(d, clock, policy, criminal=False, poster_known=False, steps_done=[Step.PLATFORM])
    assert e is not None and e.next_step == Step.HOSTING


def test_escalation_after_summons_is_kort_geding() -> None:
    policy = DeadlinePolicy()
    clock = FixedClock(T)
    d = policy.start(ActionKind.SOMMATIE, "Telegram", manifest=False, clock=clock)
    clock.advance(timedelta(days=7))
    e = suggest_escalation(d, clock, policy, criminal=False, poster_known=True)
    assert e is not None and e.legal_routes == (LegalRoute.KORT_GEDING,) and e.next_step is None
    assert e.to_dict()["legal_routes"] == ["kort_geding"]


def test_deadline_validation() -> None:
    from doxwacht.response import Deadline

    with pytest.raises(ValueError):
        Deadline(ActionKind.DSA_NOTICE, "x", T, T, manifest=True)
    with pytest.raises(ValueError):
        FixedClock(datetime(2024, 1, 1))
