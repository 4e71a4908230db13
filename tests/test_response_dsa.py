"""DSA art. 16(2): every element checked, and the notice refused when one is missing."""

from __future__ import annotations

import dataclasses

import pytest

from doxwacht.response import Category, Location, Qualification, RoleGroup, Target, build_dsa_notice
from doxwacht.response.dsa import GOOD_FAITH_STATEMENT
from tests.test_response_support import NOW, facts, notifier, platform


_DEFAULT = object()


def notice(f=None, n=_DEFAULT, **kw):
    return build_dsa_notice(f or facts(), notifier() if n is _DEFAULT else n, kw.pop("provider", platform()), created_at=NOW,
                            good_faith_confirmed=kw.pop("good_faith_confirmed", True))


def test_complete_notice_has_no_missing_elements() -> None:
    n = notice()
    assert n.missing_elements() == []
    d = n.to_dict()
    assert d["elements"] == {"16(2)(a)": True, "16(2)(b)": True, "16(2)(c)": True, "16(2)(d)": True}
    assert d["good_faith_statement"] == GOOD_FAITH_STATEMENT
    assert d["location"]["urls"] == ["https://t.me/exposegroep/4711"]


@pytest.mark.parametrize(("change", "element"), [
    ({"qualifications": ()}, "16(2)(a)"),
    ({"qualifications": (Qualification("art. 285d Sr", "doxing", (), ("alles",)),)}, "16(2)(a)"),  # nothing met
    ({"locations": ()}, "16(2)(b)"),
    ({"locations": (Location("https://t.me/exposegroep"),)}, "16(2)(b)"),
    ({"locations": (Location("niet-een-url"),)}, "16(2)(b)"),
])
def test_missing_fact_elements(change: dict, element: str) -> None:
    missing = notice(facts(**change)).missing_elements()
    assert len(missing) >= 1 and all(element in m for m in missing)


def test_notifier_element() -> None:
    assert any("16(2)(c)" in m and "name" in m for m in notice(n=notifier(name=" ")).missing_elements())
    assert any("16(2)(c)" in m and "e-mail" in m for m in notice(n=notifier(email="nope")).missing_elements())
    assert any("16(2)(c)" in m and "anonymous" in m for m in notice(n=None).missing_elements())


def test_anonymous_only_for_child_sexual_abuse_material() -> None:
    minor = Target("Meisje M", RoleGroup.BURGER, age=15)
    adult = Target("Vrouw V", RoleGroup.BURGER, age=22)
    q = (Qualification("art. 139h Sr", "seksuele beelden", ("openbaar maken van een afbeelding",)),)
    ok = notice(facts(category=Category.SEKSUELE_BEELDEN, target=minor, qualifications=q), n=None)
    assert ok.csam_exception and ok.missing_elements() == []
    not_ok = notice(facts(category=Category.SEKSUELE_BEELDEN, target=adult, qualifications=q), n=None)
    assert not not_ok.csam_exception and not_ok.missing_elements()


def test_good_faith_element() -> None:
    missing = notice(good_faith_confirmed=False).missing_elements()
    assert missing and "16(2)(d)" in missing[0]
    assert notice(good_faith_confirmed=False).to_dict()["good_faith_statement"] is None


def test_provider_must_be_named() -> None:
    p = dataclasses.replace(platform(), name="", organisation="")
    assert any("hosting service" in m for m in notice(provider=p).missing_elements())


def test_explanation_names_role_data_and_aggravation() -> None:
    text = " ".join(notice().explanation)
    assert "politiemedewerker" in text and "adres, telefoonnummer" in text and "art. 285d lid 2 Sr" in text


def test_threat_flag_for_article_18() -> None:
    assert notice().threat_to_life_or_safety  # art. 285 Sr among the qualifications
    only_doxing = facts(qualifications=facts().qualifications[:1])
    assert not notice(only_doxing).threat_to_life_or_safety
