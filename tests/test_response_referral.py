from __future__ import annotations

import pytest

from doxwacht.response import Category, Qualification, RoleGroup, Target, choose_referrals
from tests.test_response_support import facts


def keys(**changes) -> list[str]:
    return [o.key for o in choose_referrals(facts(**changes))]


def test_police_officer_gets_the_protocol() -> None:
    k = keys()
    assert k[0] == "protocol_bedreigde_collegas"
    assert "slachtofferhulp" in k and "politie_aangifte" in k
    assert "helpwanted" not in k and "mod" not in k


def test_young_woman_exposed_with_sexual_images() -> None:
    k = keys(category=Category.SEKSUELE_BEELDEN, target=Target("Vrouw V", RoleGroup.BURGER, age=19),
             qualifications=(Qualification("art. 139h Sr", "seksuele beelden", ("x",)),))
    assert {"slachtofferhulp", "helpwanted", "offlimits", "113", "politie_aangifte"} <= set(k)
    assert "protocol_bedreigde_collegas" not in k


def test_minor_gets_helpwanted_even_without_images() -> None:
    assert "helpwanted" in keys(target=Target("Jongen J", RoleGroup.BURGER, age=14), severity=30)


def test_discrimination_goes_to_mod() -> None:
    k = keys(category=Category.HAAT, target=Target("Burger B", RoleGroup.BURGER),
             qualifications=(Qualification("art. 137d Sr", "aanzetten tot haat", ("x",)),), severity=40)
    assert "mod" in k and "113" not in k


@pytest.mark.parametrize(("role", "key"), [
    (RoleGroup.JOURNALIST, "persveilig"), (RoleGroup.POLITICUS, "weerbaar_bestuur"),
    (RoleGroup.BESTUURDER, "weerbaar_bestuur"), (RoleGroup.BOA, "werkgever_publieke_taak"),
])
def test_role_specific_help(role: RoleGroup, key: str) -> None:
    assert key in keys(target=Target("X", role))


def test_no_aangifte_referral_without_offence() -> None:
    assert "politie_aangifte" not in keys(qualifications=())
