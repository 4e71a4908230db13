"""Every document kind: the phrases and fields that must be present, a clear error for every missing
input (never a half document), and no readable personal data beyond what the document needs."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from doxwacht.response import (Category, Decision, Document, DocumentError, DocumentFactory, DocumentKind,
                               Intervention, Location, Qualification, Recipient, RecipientKind, RoleGroup, Target, find_unmasked)
from doxwacht.response.documents import REQUIRED_SECTIONS
from tests.test_response_support import (NOW, RAW_PHONE, T0, clock, decision, facts, intervention, notifier, platform,
                                         poster, prosecutor, reporter)

DEADLINE = NOW + timedelta(hours=24)
FACTORY = DocumentFactory(clock())  # one environment for the module: templates compile once


def make(kind: DocumentKind, f: Any = None, **kw: Any) -> Document:
    """Build one document of `kind` from the sample case; keyword arguments replace inputs."""
    factory = FACTORY
    f = f or facts()
    n = kw.pop("notifier", notifier())
    if kind == DocumentKind.VERWIJDERVERZOEK:
        return factory.verwijderverzoek(f, n, kw.pop("poster", poster()), deadline=kw.pop("deadline", DEADLINE))
    if kind == DocumentKind.DSA_NOTICE:
        return factory.dsa_notice(f, n, kw.pop("provider", platform()),
                                  good_faith_confirmed=kw.pop("good_faith_confirmed", True))
    if kind == DocumentKind.VORDERING_125P:
        return factory.vordering_125p(f, n, kw.pop("prosecutor", prosecutor()), provider=kw.pop("provider", platform()),
                                      **kw)
    if kind == DocumentKind.AANGIFTE_DOSSIER:
        return factory.aangifte_dossier(f, n)
    if kind == DocumentKind.SOMMATIE:
        return factory.sommatie(f, n, kw.pop("recipient", platform()), deadline=kw.pop("deadline", DEADLINE),
                                on_behalf_of=kw.pop("on_behalf_of", "onze medewerker 'Agent A'"), **kw)
    if kind == DocumentKind.INTERVENTIE_VERSLAG:
        return factory.interventie_verslag(f, n, kw.pop("intervention", intervention()))
    if kind == DocumentKind.DOORVERWIJZING:
        return factory.doorverwijzing(f, n, kw.pop("recipient", None))
    if kind == DocumentKind.ONTVANGSTBEVESTIGING:
        return factory.ontvangstbevestiging(f, n, kw.pop("reporter", reporter()),
                                            received_at=kw.pop("received_at", NOW - timedelta(hours=1)), **kw)
    if kind == DocumentKind.BESLUIT:
        return factory.besluit(f, n, kw.pop("reporter", reporter()), kw.pop("decision", decision()))
    raise AssertionError(kind)


URL = "https://t.me/exposegroep/4711"
MASKED = "06-••••••78"

# kind -> phrases the text must hold
PHRASES: dict[DocumentKind, tuple[str, ...]] = {
    DocumentKind.VERWIJDERVERZOEK: (
        "Verzoek om berichten te verwijderen", "Kenmerk:  DX-2024-0042", "Beste @exposer123", "politiemedewerker",
        "adres, telefoonnummer", "art. 285d Sr (doxing)", "Wat wij van u vragen",
        "Verwijder uiterlijk 6 maart 2024 om 16:05 UTC", URL, MASKED, "niet opnieuw",
        "Wat er gebeurt als u de berichten niet verwijdert", "artikel 16 Digital Services Act", "artikel 125p",
        "rechter-commissaris", "civiele rechter", "team.doxing@politie.example", "Met vriendelijke groet"),
    DocumentKind.DSA_NOTICE: (
        "Melding van illegale inhoud (artikel 16 Digital Services Act)", "Verordening (EU) 2022/2065",
        "DX-2024-0042", "Telegram",
        "artikel 16, lid 2, onder a", "art. 285d Sr (doxing)", "persoonsgegevens van een ander",
        "publieke taak", "art. 285d lid 2 Sr", MASKED,
        "artikel 16, lid 2, onder b", f"URL: {URL}", "Berichtnummer: 4711", "Geplaatst: 5 maart 2024 om 14:05 UTC",
        "artikel 16, lid 2, onder c", "Naam:        J. de Vries", "E-mail:      team.doxing@politie.example",
        "artikel 16, lid 2, onder d", "te goeder trouw", "juist en volledig",
        "artikel 16, lid 3", "artikel 16, lid 4", "artikel 18 DSA", "als JSON bijgevoegd"),
    DocumentKind.VORDERING_125P: (
        "Concept", "art. 125p Sv", "officier van justitie", "DX-2024-0042", "mr. A. Bakker",
        "Feiten", "politiemedewerker", "code GTPA", MASKED,
        "Verdenking", "art. 285d Sr (doxing)", "te beoordelen:", "artikel 67, eerste lid, Sv",
        "art. 67 lid 1 onder b Sv",
        "Te ontoegankelijk maken gegevens", "Aanbieder van de communicatiedienst: Telegram", URL,
        "Noodzaak", "ter beëindiging van het strafbare feit", "ter voorkoming van nieuwe strafbare feiten",
        "Spoed", "onmiskenbaar strafbaar",
        "Machtiging van de rechter-commissaris", "schriftelijke machtiging van de rechter-commissaris",
        "SHA-256 " + "ab" * 32),
    DocumentKind.AANGIFTE_DOSSIER: (
        "Dossier ten behoeve van de aangifte", "DX-2024-0042", "Feiten", "Telegram", "@exposer123", URL, MASKED,
        "Slachtoffer", "Agent A", "Publieke taak: ja", "code GTPA", "Veilige Publieke Taak", "art. 285d lid 2 Sr",
        "Strafbare feiten (suggestie)", "art. 285d Sr (doxing)", "vervuld: persoonsgegevens van een ander",
        "te beoordelen: of de gegevens juist zijn",
        "Bewijs", "SHA-256: " + "ab" * 32, "vastgelegd: 5 maart 2024 om 14:45 UTC door analist 17",
        "doxwacht 0.1.0", "Tijdlijn", "Bericht geplaatst", "Waargenomen door doxwacht", "Origineel vastgelegd"),
    DocumentKind.SOMMATIE: (
        "Sommatie tot verwijdering", "DX-2024-0042", "namens onze medewerker 'Agent A'", "Feiten", URL,
        "Onrechtmatig", "artikel 6:162 Burgerlijk Wetboek", "persoonlijke levenssfeer", "art. 285d Sr",
        "artikel 6 Digital Services Act", "6:196c",
        "Sommatie", "uiterlijk 6 maart 2024 om 16:05 UTC te verwijderen en verwijderd te houden",
        "niet opnieuw te plaatsen", "schriftelijk aan ons (team.doxing@politie.example) te bevestigen",
        "Als u niet voldoet", "kort geding", "dwangsom", "proceskosten", "6:96"),
    DocumentKind.INTERVENTIE_VERSLAG: (
        "Verslag alternatieve interventie", "DX-2024-0042", "Aanleiding", URL, "Gesprek",
        "5 maart 2024 om 15:05 UTC", "brigadier K. Smit", "plaatser P1", "gesprek op het bureau",
        "erkende het bericht", "Uitkomst", "in ons bijzijn verwijderd", "geen nieuwe berichten",
        "Berichten verwijderd: ja", "Controle over een week"),
    DocumentKind.DOORVERWIJZING: (
        "Hulp en advies", "DX-2024-0042", "Hier kunt u terecht", "protocol bedreigde collega's",
        "Slachtofferhulp Nederland", "0900-0101", "113 Zelfmoordpreventie", "112"),
    DocumentKind.ONTVANGSTBEVESTIGING: (
        "Ontvangstbevestiging van uw melding", "Beste mevrouw Jansen", "ontvangen op 5 maart 2024 om 15:05 UTC",
        "Kenmerk", "het kenmerk DX-2024-0042", "Wat gebeurt er nu", "uiterlijk 12 maart 2024 ons besluit"),
    DocumentKind.BESLUIT: (
        "Besluit op uw melding", "Beste mevrouw Jansen", "kenmerk DX-2024-0042", "Besluit",
        "verzocht de berichten te verwijderen", "Waarom", "met een bedreiging", "Melding aan Telegram",
        "Niet eens met dit besluit", "team.doxing@politie.example"),
}

# kind -> (path in data, expected value or a predicate)
FIELDS: dict[DocumentKind, tuple[tuple[str, Any], ...]] = {
    DocumentKind.VERWIJDERVERZOEK: (("deadline", "2024-03-06T16:05:00Z"), ("recipient.kind", "plaatser"),
                                    ("locations.0.url", URL)),
    DocumentKind.DSA_NOTICE: (
        ("legal_basis", "Verordening (EU) 2022/2065 (Digital Services Act), artikel 16"),
        ("explanation.legal_grounds.0.article", "art. 285d Sr"),
        ("explanation.excerpts_masked.0.text", lambda t: MASKED in t and RAW_PHONE not in t),
        ("location.urls", [URL]), ("location.items.0.message_id", "4711"),
        ("notifier.name", "J. de Vries"), ("notifier.email", "team.doxing@politie.example"),
        ("good_faith_statement", lambda s: "te goeder trouw" in s),
        ("elements", {"16(2)(a)": True, "16(2)(b)": True, "16(2)(c)": True, "16(2)(d)": True})),
    DocumentKind.VORDERING_125P: (("provider.organisation", "Telegram"), ("art67.0.ground", "art. 67 lid 1 onder b Sv"),
                                  ("authorisation_note", lambda s: "rechter-commissaris" in s), ("gtpa", True)),
    DocumentKind.AANGIFTE_DOSSIER: (("gtpa", True), ("aggravated_285d", True), ("evidence.0.sha256", "ab" * 32),
                                    ("timeline.0.text", lambda s: s.startswith("Bericht geplaatst"))),
    DocumentKind.SOMMATIE: (("deadline", "2024-03-06T16:05:00Z"), ("intermediary", True),
                            ("on_behalf_of", "onze medewerker 'Agent A'")),
    DocumentKind.INTERVENTIE_VERSLAG: (("intervention.content_removed", True), ("intervention.form", "gesprek op het bureau")),
    DocumentKind.DOORVERWIJZING: (("organisations.0.key", "protocol_bedreigde_collegas"),),
    DocumentKind.ONTVANGSTBEVESTIGING: (("received_at", "2024-03-05T15:05:00Z"), ("decision_by", "2024-03-12T15:05:00Z")),
    DocumentKind.BESLUIT: (("decision.reasons", lambda r: len(r) == 1),),
}


def lookup(data: Any, path: str) -> Any:
    for part in path.split("."):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_required_phrases(kind: DocumentKind) -> None:
    doc = make(kind)
    assert doc.kind == kind
    missing = [p for p in PHRASES[kind] if p not in doc.text]
    assert not missing, f"{kind} lacks {missing}\n{doc.text}"
    for section in REQUIRED_SECTIONS[kind]:
        assert section in doc.text


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_required_fields(kind: DocumentKind) -> None:
    doc = make(kind)
    data = json.loads(doc.json())  # the record is JSON
    assert data["case_code"] == "DX-2024-0042"
    assert data["title"] == doc.title
    for path, want in FIELDS[kind]:
        got = lookup(data, path)
        assert want(got) if callable(want) else got == want, (kind, path, got)


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_no_personal_data_in_plain_text(kind: DocumentKind) -> None:
    doc = make(kind)
    assert RAW_PHONE not in doc.text and "Hoofdstraat" not in doc.text and "Zwolle" not in doc.text
    assert RAW_PHONE not in doc.json() and "Hoofdstraat" not in doc.json()
    allowed = ["team.doxing@politie.example", "abuse@telegram.example", "melder@example.nl", "0900-8844"]
    assert find_unmasked(doc.text, allowed) == []


def test_json_attachment_kinds() -> None:
    assert make(DocumentKind.DSA_NOTICE).attach_json
    assert make(DocumentKind.AANGIFTE_DOSSIER).attach_json
    assert not make(DocumentKind.VERWIJDERVERZOEK).attach_json
    assert make(DocumentKind.DSA_NOTICE).filename("json") == "dsa_notice-DX-2024-0042.json"
    doc = make(DocumentKind.BESLUIT)
    assert doc.sha256 == __import__("hashlib").sha256(doc.text.encode()).hexdigest()


# -- missing inputs: a clear error, naming what is missing ---------------------------------------------

no_locations = facts(locations=())
no_quals = facts(qualifications=())
no_evidence = facts(evidence=())

MISSING: list[tuple[DocumentKind, Callable[[], Document], str]] = [
    (DocumentKind.VERWIJDERVERZOEK, lambda: make(DocumentKind.VERWIJDERVERZOEK, no_locations), "URL"),
    (DocumentKind.VERWIJDERVERZOEK, lambda: make(DocumentKind.VERWIJDERVERZOEK, deadline=NOW - timedelta(hours=1)),
     "deadline in the future"),
    (DocumentKind.VERWIJDERVERZOEK, lambda: make(DocumentKind.VERWIJDERVERZOEK, poster=platform()), "plaatser"),
    (DocumentKind.VERWIJDERVERZOEK, lambda: make(DocumentKind.VERWIJDERVERZOEK, notifier=notifier(email="geen")),
     "notifier e-mail"),
    (DocumentKind.DSA_NOTICE, lambda: make(DocumentKind.DSA_NOTICE, no_quals), "16(2)(a)"),
    (DocumentKind.DSA_NOTICE, lambda: make(DocumentKind.DSA_NOTICE, no_locations), "16(2)(b)"),
    (DocumentKind.DSA_NOTICE, lambda: make(DocumentKind.DSA_NOTICE, notifier=notifier(email="")), "16(2)(c)"),
    (DocumentKind.DSA_NOTICE, lambda: make(DocumentKind.DSA_NOTICE, notifier=None), "16(2)(c)"),
    (DocumentKind.DSA_NOTICE, lambda: make(DocumentKind.DSA_NOTICE, good_faith_confirmed=False), "16(2)(d)"),
    (DocumentKind.DSA_NOTICE, lambda: make(DocumentKind.DSA_NOTICE, provider=poster()), "platform"),
    (DocumentKind.VORDERING_125P, lambda: make(DocumentKind.VORDERING_125P, no_quals), "suspected offence"),
    (DocumentKind.VORDERING_125P, lambda: make(DocumentKind.VORDERING_125P, no_locations), "URL"),
    (DocumentKind.VORDERING_125P, lambda: make(DocumentKind.VORDERING_125P, prosecutor=reporter()),
     "officier van justitie"),
    (DocumentKind.VORDERING_125P, lambda: make(DocumentKind.VORDERING_125P,
                                               provider=Recipient("", RecipientKind.PLATFORM)), "provider"),
    (DocumentKind.AANGIFTE_DOSSIER, lambda: make(DocumentKind.AANGIFTE_DOSSIER, no_evidence), "evidence"),
    (DocumentKind.AANGIFTE_DOSSIER, lambda: make(DocumentKind.AANGIFTE_DOSSIER, no_quals), "offence"),
    (DocumentKind.SOMMATIE, lambda: make(DocumentKind.SOMMATIE, on_behalf_of=" "), "on whose behalf"),
    (DocumentKind.SOMMATIE, lambda: make(DocumentKind.SOMMATIE, recipient=reporter()), "recipient of kind"),
    (DocumentKind.SOMMATIE, lambda: make(DocumentKind.SOMMATIE, no_locations), "URL"),
    (DocumentKind.INTERVENTIE_VERSLAG, lambda: make(DocumentKind.INTERVENTIE_VERSLAG, intervention=Intervention(
        T0, "brigadier K.", "", "gesprek", "samenvatting", "uitkomst")), "poster"),
    (DocumentKind.INTERVENTIE_VERSLAG, lambda: make(DocumentKind.INTERVENTIE_VERSLAG, intervention=Intervention(
        NOW + timedelta(days=1), "brigadier K.", "P1", "gesprek", "samenvatting", "uitkomst")), "taken place"),
    (DocumentKind.INTERVENTIE_VERSLAG, lambda: make(DocumentKind.INTERVENTIE_VERSLAG, intervention=Intervention(
        T0, "brigadier K.", "P1", "gesprek", " ", "")), "summary"),
    (DocumentKind.DOORVERWIJZING, lambda: make(DocumentKind.DOORVERWIJZING, notifier=notifier(name="")),
     "notifier name"),
    (DocumentKind.ONTVANGSTBEVESTIGING, lambda: make(DocumentKind.ONTVANGSTBEVESTIGING,
                                                     received_at=NOW + timedelta(hours=1)), "future"),
    (DocumentKind.ONTVANGSTBEVESTIGING, lambda: make(DocumentKind.ONTVANGSTBEVESTIGING, reporter=poster()), "melder"),
    (DocumentKind.BESLUIT, lambda: make(DocumentKind.BESLUIT, decision=Decision(NOW, "besluit", ())), "reason"),
    (DocumentKind.BESLUIT, lambda: make(DocumentKind.BESLUIT, decision=Decision(NOW, "", ("x",))), "decision"),
]


@pytest.mark.parametrize(("kind", "build", "needle"), MISSING, ids=[f"{k}-{n}" for k, _, n in MISSING])
def test_missing_input_is_a_clear_error(kind: DocumentKind, build: Callable[[], Document], needle: str) -> None:
    with pytest.raises(DocumentError) as e:
        build()
    assert e.value.kind == str(kind)
    assert needle in str(e.value)
    assert e.value.problems


def test_all_missing_inputs_named_at_once() -> None:
    with pytest.raises(DocumentError) as e:
        make(DocumentKind.AANGIFTE_DOSSIER, facts(evidence=(), qualifications=()), notifier=notifier(email="x"))
    assert len(e.value.problems) == 3


def test_naive_deadline_refused() -> None:
    from datetime import datetime

    with pytest.raises(ValueError, match="timezone-aware"):
        make(DocumentKind.VERWIJDERVERZOEK, deadline=datetime(2030, 1, 1))


# -- variants ----------------------------------------------------------------------------------------

def test_dsa_notice_anonymous_for_sexual_images_of_a_minor() -> None:
    f = facts(category=Category.SEKSUELE_BEELDEN, target=Target("Meisje M", RoleGroup.BURGER, age=15),
              qualifications=(Qualification("art. 139h Sr", "seksuele beelden zonder toestemming",
                                            ("openbaar maken van een afbeelding van seksuele aard van een persoon",)),),
              data_kinds=("naam", "account"))
    doc = make(DocumentKind.DSA_NOTICE, f, notifier=None)
    assert "artikelen 3 tot en met 7 van Richtlijn 2011/93/EU" in doc.text
    assert doc.data["notifier"]["anonymous"] is True
    assert "team.doxing" not in doc.text
    assert doc.data["elements"]["16(2)(c)"] is True


def test_dsa_notice_without_threat_has_no_article_18_note() -> None:
    f = facts(category=Category.DOXING, qualifications=facts().qualifications[:1])
    assert "artikel 18" not in make(DocumentKind.DSA_NOTICE, f).text


def test_civilian_target_has_no_gtpa() -> None:
    f = facts(target=Target("Vrouw V", RoleGroup.BURGER, age=19))
    doc = make(DocumentKind.AANGIFTE_DOSSIER, f)
    assert "Publieke taak: nee" in doc.text and "code GTPA" not in doc.text
    assert "art. 285d lid 2" not in doc.text


def test_vordering_lists_prior_requests_and_own_urgency() -> None:
    from doxwacht.response import TimelineEvent

    doc = make(DocumentKind.VORDERING_125P, urgency="Het slachtoffer woont op het genoemde adres.",
               prior_requests=[TimelineEvent(T0 + timedelta(hours=3), "Melding aan Telegram (art. 16 DSA), geen reactie")])
    assert "Het slachtoffer woont op het genoemde adres." in doc.text
    assert "Melding aan Telegram (art. 16 DSA), geen reactie" in doc.text


def test_vordering_refuses_inexact_location() -> None:
    with pytest.raises(DocumentError, match="one message"):
        make(DocumentKind.VORDERING_125P, facts(locations=(Location("https://t.me/exposegroep"),)))


def test_sommatie_to_poster_has_no_intermediary_paragraph() -> None:
    doc = make(DocumentKind.SOMMATIE, recipient=poster(), costs="De kosten van deze brief bedragen € 250.")
    assert "hostingdiensten" not in doc.text
    assert "De kosten van deze brief bedragen € 250." in doc.text


def test_intervention_without_offence_says_so() -> None:
    doc = make(DocumentKind.INTERVENTIE_VERSLAG, facts(qualifications=()))
    assert "Er is geen strafbaar feit vastgesteld" in doc.text


def test_besluit_with_own_complaint_route() -> None:
    d = Decision(NOW, "Wij ondernemen geen actie.", ("Het bericht bevat geen persoonsgegevens.",),
                 complaint_route="U kunt een klacht indienen via politie.nl of 0900-8844.")
    doc = make(DocumentKind.BESLUIT, decision=d)
    assert "U kunt een klacht indienen via politie.nl of 0900-8844." in doc.text


def test_custom_template_dir_overrides_and_sections_are_checked(tmp_path: Path) -> None:
    (tmp_path / "besluit.j2").write_text("Besluit {{ d.case_code }}\nWaarom\nNiet eens met dit besluit\n")
    doc = DocumentFactory(clock(), template_dir=tmp_path).besluit(facts(), notifier(), reporter(), decision())
    assert doc.text.startswith("Besluit DX-2024-0042")
    (tmp_path / "besluit.j2").write_text("Besluit {{ d.case_code }}\n")
    with pytest.raises(DocumentError, match="required section 'Waarom'"):
        DocumentFactory(clock(), template_dir=tmp_path).besluit(facts(), notifier(), reporter(), decision())


def test_custom_template_that_leaks_is_refused(tmp_path: Path) -> None:
    (tmp_path / "besluit.j2").write_text("Besluit\nWaarom\nNiet eens met dit besluit\nbel 0612345678\n")
    with pytest.raises(DocumentError, match="personal data in plain text: PHONE"):
        DocumentFactory(clock(), template_dir=tmp_path).besluit(facts(), notifier(), reporter(), decision())


def test_templates_ship_with_the_package() -> None:
    from importlib.resources import files

    names = {p.name for p in files("doxwacht.response").joinpath("templates").iterdir()}
    assert {f"{k}.j2" for k in DocumentKind} <= names


def test_leak_in_other_inputs_is_refused() -> None:
    loc = Location("https://t.me/exposegroep/4711", "Telegram", "4711", T0, "bericht met 06-12345678 erin")
    with pytest.raises(DocumentError, match="personal data in plain text: PHONE"):
        make(DocumentKind.DSA_NOTICE, facts(locations=(loc,)))
    with pytest.raises(DocumentError, match="record would show personal data"):
        make(DocumentKind.INTERVENTIE_VERSLAG, intervention=Intervention(
            T0, "brigadier K.", "P1", "gesprek", "Hij gaf zijn nummer 0612345678.", "uitkomst"))


def test_exact_urls_may_hold_numbers() -> None:
    url = "https://t.me/c/111222333/4711"  # a nine-digit id that passes the 11-proef
    doc = make(DocumentKind.DSA_NOTICE, facts(locations=(Location(url, "Telegram", "4711"),)))
    assert url in doc.text
