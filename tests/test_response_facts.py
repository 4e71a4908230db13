from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest

from doxwacht.response import (Category, EvidenceItem, Excerpt, Location, Qualification, RoleGroup,
                               Target)
from doxwacht.response.facts import LEVELS
from tests.test_response_support import RAW_MESSAGE, T0, facts


def test_levels_match_the_verdict() -> None:
    from doxwacht.verdict import LEVELS as VERDICT_LEVELS

    assert LEVELS == VERDICT_LEVELS


def test_times_are_utc_and_naive_times_are_refused() -> None:
    cet = timezone(timedelta(hours=1))
    f = facts(created_at=datetime(2024, 3, 5, 16, 5, tzinfo=cet))
    assert f.created_at.utcoffset() == timedelta(0) and f.created_at.hour == 15
    with pytest.raises(ValueError, match="timezone-aware"):
        facts(observed_at=datetime(2024, 3, 5, 14, 0))


@pytest.mark.parametrize("changes", [
    {"severity": 101}, {"severity": -1}, {"verdict_level": "bad"}, {"case_code": " "}, {"category": "onzin"},
])
def test_case_facts_validation(changes: dict) -> None:
    with pytest.raises(ValueError):
        facts(**changes)


def test_public_task_follows_role_group_unless_given() -> None:
    assert Target("Agent A", RoleGroup.POLITIE).public_task is True
    assert Target("Burger B", RoleGroup.BURGER).public_task is False
    assert Target("Burger B", RoleGroup.BURGER, public_task=True).public_task is True
    assert Target("Wethouder W", "bestuurder").role_group == RoleGroup.BESTUURDER
    assert Target("Meisje M", RoleGroup.BURGER, age=16).minor
    with pytest.raises(ValueError):
        Target("", RoleGroup.BURGER)


def test_gtpa_for_public_task() -> None:
    assert facts().gtpa
    assert not facts(target=Target("Burger B", RoleGroup.BURGER)).gtpa


@pytest.mark.parametrize(("category", "role", "manifest"), [
    (Category.DOXING, RoleGroup.POLITIE, True),  # doxing of a person with a public task
    (Category.DOXING, RoleGroup.BURGER, False),
    (Category.BEDREIGING, RoleGroup.BURGER, True),
    (Category.SEKSUELE_BEELDEN, RoleGroup.BURGER, True),
    (Category.HAAT, RoleGroup.BURGER, False),
])
def test_manifestly_illegal(category: Category, role: RoleGroup, manifest: bool) -> None:
    f = facts(category=category, target=Target("X", role), qualifications=())
    assert f.manifestly_illegal is manifest


def test_threat_qualification_makes_it_manifest() -> None:
    f = facts(target=Target("X", RoleGroup.BURGER), qualifications=(Qualification("art. 285 Sr", "bedreiging"),))
    assert f.manifestly_illegal


def test_excerpt_refuses_unmasked_personal_data() -> None:
    with pytest.raises(ValueError, match="unmasked personal data"):
        Excerpt("1", RAW_MESSAGE)
    assert Excerpt("1", "woont op [adres], bel 06-••••••78").text


def test_evidence_item_validation() -> None:
    with pytest.raises(ValueError, match="SHA-256"):
        EvidenceItem("xyz", T0, "src", "me", "0.1.0")
    with pytest.raises(ValueError, match="captured_by"):
        EvidenceItem("a" * 64, T0, "src", " ", "0.1.0")


@pytest.mark.parametrize(("url", "scope", "ok"), [
    ("https://t.me/exposegroep/4711", "bericht", True),
    ("https://t.me/c/123456/789", "bericht", True),
    ("https://t.me/exposegroep", "bericht", False),
    ("https://t.me/exposegroep", "kanaal", True),
    ("t.me/exposegroep/4711", "bericht", False),
    ("https://forum.example/thread/9#post-3", "bericht", True),
    ("ftp://example.org/x", "bericht", False),
])
def test_location_exactness(url: str, scope: str, ok: bool) -> None:
    assert (Location(url, scope=scope).problems() == []) is ok


def test_qualification_from_verdict_dict() -> None:
    q = Qualification.from_verdict({"article": "art. 285d Sr", "name": "doxing", "met": ["a"], "te_beoordelen": ["b"]})
    assert q == Qualification("art. 285d Sr", "doxing", ("a",), ("b",))


def test_to_dict_is_json_ready() -> None:
    import json

    d = facts().to_dict()
    assert json.loads(json.dumps(d))["created_at"] == "2024-03-05T15:05:00Z"
    assert d["gtpa"] is True and d["target"]["label"] == "Agent A"


def test_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        facts().severity = 3  # type: ignore[misc]
