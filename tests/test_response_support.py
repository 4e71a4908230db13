"""Shared helpers for the response tests (no tests here): a fixed clock, a sample case about a
doxed police officer, a notifier and recipients of every kind."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

from doxwacht.response import (CaseFacts, Category, Decision, EvidenceItem, Excerpt, FixedClock, Intervention,
                               Location, Notifier, Qualification, Recipient, RecipientKind, RoleGroup, Target,
                               mask_excerpt)
from doxwacht.response.masking import LabelledSpan

T0 = datetime(2024, 3, 5, 14, 5, tzinfo=UTC)
NOW = T0 + timedelta(hours=2)

RAW_MESSAGE = "Dit is die agent, woont op Hoofdstraat 12 in Zwolle, bel hem op 0612345678. We komen eraan."
RAW_PHONE = "0612345678"


def clock() -> FixedClock:
    return FixedClock(NOW)


def spans(text: str, **parts: str) -> list[LabelledSpan]:
    return [LabelledSpan(label, text.index(value), text.index(value) + len(value)) for label, value in parts.items()]


def excerpt() -> Excerpt:
    masked = mask_excerpt(RAW_MESSAGE, spans(RAW_MESSAGE, ADDRESS="Hoofdstraat 12 in Zwolle", PHONE=RAW_PHONE))
    return Excerpt("4711", masked, T0, "https://t.me/exposegroep/4711")


def facts(**changes: Any) -> CaseFacts:
    base = CaseFacts(
        case_code="DX-2024-0042",
        created_at=T0 + timedelta(hours=1),
        observed_at=T0 + timedelta(minutes=30),
        category=Category.DOXING,
        severity=85,
        verdict_level="doxing",
        target=Target("Agent A", RoleGroup.POLITIE),
        platform="Telegram",
        locations=(Location("https://t.me/exposegroep/4711", "Telegram", "4711", T0, "bericht met foto van de woning"),),
        qualifications=(
            Qualification("art. 285d Sr", "doxing",
                          ("persoonsgegevens van een ander", "verspreiden of anderszins ter beschikking stellen",
                           "oogmerk om vrees aan te jagen (aanwijzing: bedreiging 'we komen eraan')"),
                          ("of de gegevens juist zijn en bij de bedoelde persoon horen",)),
            Qualification("art. 285 Sr", "bedreiging", ("gericht tegen een persoon (politieagent)",),
                          ("welk misdrijf de verhulde bedreiging bedoelt",)),
        ),
        poster_handle="@exposer123",
        excerpts=(excerpt(),),
        evidence=(EvidenceItem("ab" * 32, T0 + timedelta(minutes=40), "https://t.me/exposegroep/4711", "analist 17",
                               "0.1.0", "application/json", 512, "exportrecord van het bericht"),),
        data_kinds=("adres", "telefoonnummer"),
    )
    return dataclasses.replace(base, **changes) if changes else base


def notifier(**changes: Any) -> Notifier:
    base = Notifier("Politie Eenheid Oost-Nederland", "J. de Vries", "team.doxing@politie.example", "0900-8844",
                    "Team Doxing")
    return dataclasses.replace(base, **changes) if changes else base


def poster() -> Recipient:
    return Recipient("@exposer123", RecipientKind.POSTER)


def platform() -> Recipient:
    return Recipient("Abuse-team", RecipientKind.PLATFORM, email="abuse@telegram.example", organisation="Telegram")


def prosecutor() -> Recipient:
    return Recipient("mr. A. Bakker", RecipientKind.PROSECUTOR, organisation="Parket Oost-Nederland")


def reporter() -> Recipient:
    return Recipient("mevrouw Jansen", RecipientKind.REPORTER, email="melder@example.nl")


def intervention() -> Intervention:
    return Intervention(T0 + timedelta(hours=1), "brigadier K. Smit", "plaatser P1 (identiteit in het dossier)",
                        "gesprek op het bureau", "De plaatser erkende het bericht te hebben geplaatst.",
                        "De plaatser heeft het bericht in ons bijzijn verwijderd.", ("geen nieuwe berichten",), True,
                        "Controle over een week.")


def decision() -> Decision:
    return Decision(NOW, "Wij hebben het platform verzocht de berichten te verwijderen.",
                    ("De berichten bevatten het adres en telefoonnummer van een agent, met een bedreiging.",),
                    ("Melding aan Telegram (art. 16 DSA) verstuurd.",))
