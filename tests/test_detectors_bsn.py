"""BSN detector: one table of positives and one of negatives per cause fixed (issue 2: BSN on unseen
messages). Every number below passes the 11-proef, so only the context decides."""

from __future__ import annotations

import pytest

from doxwacht import Engine
from doxwacht.detectors.nl.bsn import BsnDetector, cue_kind, cues
from doxwacht.detectors.tables import header_words
from doxwacht.document import Document

A, B, C = "111222333", "725763863", "162275869"  # three numbers that pass the 11-proef


def bsns(engine: Engine, text: str) -> list[str]:
    result = engine.scan(text)
    for f in result.findings:
        assert f.text == text[f.start : f.end]
    return [f.text for f in result.findings if f.label == "BSN"]


def check(engine: Engine, text: str, expected: list[str]) -> None:
    assert bsns(engine, text) == expected, text


# plurals, hyphenated and spaced compounds, "B.S.N.", and one-letter typos of the long names
NAMES = [
    (f"De BSNs van de medewerkers: {A}, {B}", [A, B]),
    (f"burgerservicenummers van het gezin: {A} (vader), {B} (moeder)", [A, B]),
    (f"sofinummers: {A} en {B}", [A, B]),
    (f"hun persoonsnummers zijn {A} en {B}", [A, B]),
    (f"burgerservice-nummer: {A}", [A]),
    (f"Burger-service-nummer {A}", [A]),
    (f"burger service nr {A}", [A]),
    (f"B.S.N. {A}", [A]),
    (f"b. s. n.: {A}", [A]),
    (f"burgerservicenumer {A}", [A]),
    (f"burgerservicennummer: {A}", [A]),
    (f"sofienummer {A}", [A]),
    (f"sofinumer van haar: {A}", [A]),
    (f"Citizen service number: {A}", [A]),
]

# glued to the cue or after punctuation that follows a word
GLUED = [
    (f"BSN-{A}", [A]),
    (f"bsn nr.{A}", [A]),
    (f"bsn/{A}", [A]),
    (f"sofinr.{A}", [A]),
    (f"BSN nummer:{A}", [A]),
]
GLUED_NEGATIVE = [
    f"NL{A}B01",  # a VAT number
    f"1.{A}",  # inside a longer number
    f"bsn 12/{A}",
    f"bsn 2024-{A}",
    f"KL{A}",
    f"BSN{A}",  # (glued to letters: not told apart from product codes without slowing every scan)
]

# each number gets the label of its own cue: the nearest in its clause, a defining clause after it
MIXED = [
    (f"Polisnummer: {A}\nBSN: {B}", [B]),
    (f"BSN: {B}\nKlantnummer: {A}", [B]),
    (f"Klantnummer {A}, BSN {B}", [B]),
    (f"BSN {B}, klantnummer {A}", [B]),
    (f"BSN {B} rekeningnummer {A}", [B]),
    (f"relatienummer {A}, bsn {B}, IBAN NL91ABNA0417164300", [B]),
    (f"Betreft: uw aanvraag, zaaknummer {A}. Uw BSN: {B}", [B]),
    (f"tracking {A} is het pakket, {B} is zijn bsn", [B]),
    (f"Zorgverzekering — polisnummer {A} — burgerservicenummer {B} — ingangsdatum 1 januari", [B]),
    (f"BSN van mijn ex: {B} en haar wachtwoord {A}", [B]),
    (f"BSN {B} tel {A}", [B]),
    (f"BSN {B}, bel me op +31 {A}", [B]),  # a phone number after a calling code
    (f"BSN {B} bel hem gewoon op +31656213564", [B]),  # a phone word names the number right after it only
    (f"Zijn BSN kreeg ik via whatsapp: {B}", [B]),
    (f"Zijn BSN staat in telegram: {B}", [B]),
    (f"Kenmerk: {A} — BSN: {B}", [B]),
    # a clause right after the number is about it ...
    (f"Mijn oude sofinummer was anders dan {A}, dat is mijn klantnummer", []),
    (f"Het BSN {A}? Dat is een ordernummer joh", []),
    (f"{A}, dat is zijn burgerservicenummer", [A]),
    (f"{A} is het nummer van zijn ID-kaart", [A]),
    (f"BSN: {A} is gelekt via de tracking pagina", [A]),  # not a definition: the nearest cue decides
    # ... but the next line of a form is the next field
    (f"Bedrag: {A}\nBSN: n.v.t.", []),
    # a kind of number that never has 9 digits of its own is no cue; a denied cue neither
    (f"Het persoonsnummer op zijn paspoort (niet het documentnummer) is {A}", [A]),
    (f"BSN en telefoonnummer van die agent: {A}, 0612345678", [A]),
    (f"BSN van die agent, samen met zijn huisnummer en postcode: {A}", [A]),
    # "niet je BSN" is a denial only after "is" or a comma
    (f"Vergeet niet uw BSN te vermelden: {A}", [A]),
    (f"Let op: het nummer {A} is van de helpdesk, niet je BSN", []),
    (f"BSN {A} pas geldig vanaf volgende week", [A]),
]
MIXED_NEGATIVE = [
    f"Burgerservicenummer onbekend; cliëntnummer {A}",
    f"Ze vroegen om mijn BSN maar ik gaf ze mijn polisnummer {A}",
    f"Vul je BSN in, niet je klantnummer ({A})",
    f"Zorgverzekeraar: uw BSN staat niet op de pas, alleen uw verzekerdennummer {A}",
    f"Het BSN van de aanvrager is bekend. Aanvraagnummer: {A}",
    f"Bel {A} als je vragen hebt over je BSN",
    f"Vergunning {A} verleend aan J. de Boer (BSN bekend bij de gemeente)",
    f"Stuur je BSN niet via de app. Ons dossier heeft nummer {A}",
    f"Polisnummer {A} (dit is niet je BSN!)",
    f"Je BSN vind je op je paspoort; je DigiD-code {A} deel je met niemand",
    f"BSN niet gevonden in de BRP. Foutcode {A}",
    f"BSN-verificatie mislukt, probeer het opnieuw (sessie {A})",
    "Fiscaal nummer van de vereniging: 111222333",
]
# a noun that names a number only nearby does not reach across clauses
NEAR_ONLY = [
    (f"Het burgerservicenummer van die ambtenaar, die van de afdeling die ons dossier steeds kwijtraakte: {A}", [A]),
    (f"kun je me je bsn sturen? Dan vul ik het formulier in. — ok: {A}", [A]),
]

# "ID": the identity card after a determiner, an account's identifier otherwise
ID_CUES = [
    (f"nummer op de achterkant van de ID: {A}", [A]),
    (f"Kopie ID van die handhaver: {A}", [A]),
    (f"id-kaart {A}", [A]),
    (f"telegram id: {A}", []),
    (f"Chat ID {A}", []),
    (f"ID: {A} (account van die gast op Telegram)", []),
    (f"Zijn bsn heb ik niet. Wel zijn telegram id: {A}", []),
    (f"ID: {A}", [A]),
    (f"ID nummer: {A}", [A]),
    ("Naam | ID | Geboortedatum\nJan Jansen | 111222333 | 01-01-1980", [A]),
]

# phone numbers and amounts
PHONE_AMOUNT_NEGATIVE = [
    f"bsn bekend, tel. 0031 {A}",
    f"BSN-fraude kostte € {A[:3]}.{A[3:6]}.{A[6:]}",
    f"bsn-fraude: EUR {A}",
]

# tables written as CSV: the column header names the column
CSV = [
    (f"naam,geboortedatum,bsn\nJan Smit,01-02-1980,{A}\nEls Smit,15-07-1982,{B}", [A, B]),
    (f"bsn,naam\n{A},Koen de Jong\n{B},Iris de Jong", [A, B]),
    (f"naam,geboortedatum,klantnummer\nJan Smit,01-02-1980,{A}\nEls Smit,15-07-1982,{B}", []),
]


@pytest.mark.parametrize(("text", "expected"), NAMES + GLUED + MIXED + NEAR_ONLY + ID_CUES + CSV)
def test_bsn_cases(engine: Engine, text: str, expected: list[str]) -> None:
    check(engine, text, expected)


@pytest.mark.parametrize("text", GLUED_NEGATIVE + MIXED_NEGATIVE + PHONE_AMOUNT_NEGATIVE)
def test_bsn_negatives(engine: Engine, text: str) -> None:
    check(engine, text, [])


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("bsn", 2), ("bsns", 2), ("burgerservicenumer", 2), ("sofienummers", 2), ("persoonsnumer", 1),
        ("rijbewijs", 1), ("klantnummer", -1), ("polisnr", -1), ("foutcode", -1), ("huis", 0), ("nummer", 0),
        ("bsnnummers", 2), ("personeelsnummer", -1),
    ],
)
def test_cue_kind(word: str, kind: int) -> None:
    assert cue_kind(word) == kind


def test_cues_join_compounds_and_keep_offsets() -> None:
    text = "het burger-service-nummer en de id-kaart"
    found = cues(text, 0, len(text))
    assert [(c.word, text[c.start : c.end]) for c in found] == [
        ("burgerservicenummer", "burger-service-nummer"),
        ("idkaart", "id-kaart"),
    ]


def test_csv_header_needs_as_many_cells_as_the_row() -> None:
    text = f"Naam, bsn, adres en woonplaats staan hieronder\nJan Smit,{A}"
    start = text.index(A)
    assert header_words(text, start, start + 9, "|\t;,") == []
    text = f"naam,bsn\nJan Smit,{A}"
    start = text.index(A)
    assert header_words(text, start, start + 9, "|\t;,") == ["bsn"]
    assert header_words(text, start, start + 9) == []  # (commas only where the caller asks)


def test_evidence_names_the_deciding_cue() -> None:
    doc = Document(f"Klantnummer {A}, BSN {B}")
    findings = list(BsnDetector().detect(doc))
    by_text = {f.text: f for f in findings}
    assert by_text[B].score >= 0.5 and ("context+", "bsn") in [(e.kind, e.detail) for e in by_text[B].evidence]
    assert by_text[A].score < 0.5 and ("context-", "klantnummer") in [(e.kind, e.detail) for e in by_text[A].evidence]


def test_context_stays_inside_its_message_in_a_batch(engine: Engine) -> None:
    results = engine.scan_batch(["bsn van hem", f"{A}", f"klantnummer {B}", f"{A} is mijn bsn"])
    assert [[f.text for f in r.findings if f.label == "BSN"] for r in results] == [[], [], [], [A]]
