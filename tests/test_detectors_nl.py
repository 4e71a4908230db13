"""Tables of positives and negatives for every built-in Dutch detector, run through the full engine
(detectors + overlap + threshold), so what is asserted is what users get."""

from __future__ import annotations

import pytest

from doxwacht import Engine


def found(engine: Engine, text: str, label: str) -> list[tuple[str, str]]:
    result = engine.scan(text)
    for f in result.findings:
        assert f.text == text[f.start : f.end]
    return [(f.text, f.value) for f in result.findings if f.label == label]


POSITIVES = [
    # PHONE
    ("PHONE", "bel me op 06-12345678 vanavond", "06-12345678", "+31612345678"),
    ("PHONE", "nummer 0612345678", "0612345678", "+31612345678"),
    ("PHONE", "app 06 1234 5678", "06 1234 5678", "+31612345678"),
    ("PHONE", "tel: +31 6 12345678", "+31 6 12345678", "+31612345678"),
    ("PHONE", "+31(0)6-12345678 is zijn nummer", "+31(0)6-12345678", "+31612345678"),
    ("PHONE", "0031612345678 bellen", "0031612345678", "+31612345678"),
    ("PHONE", "kantoor 020-1234567", "020-1234567", "+31201234567"),
    ("PHONE", "bel 010 123 45 67", "010 123 45 67", "+31101234567"),
    ("PHONE", "haar nummer is 0 6 - 1 2 3 4 5 6 7 8", "0 6 - 1 2 3 4 5 6 7 8", "+31612345678"),
    ("PHONE", "sms 06.12.34.56.78", "06.12.34.56.78", "+31612345678"),
    ("PHONE", "whatsapp O6-12345678", "O6-12345678", "+31612345678"),
    ("PHONE", "belgisch nummer +32 470 12 34 56", "+32 470 12 34 56", "+32470123456"),
    ("PHONE", "duits: +49 151 23456789", "+49 151 23456789", "+4915123456789"),
    ("PHONE", "bel O６-１２３４５６７８ nu", "O６-１２３４５６７８", "+31612345678"),
    # EMAIL
    ("EMAIL", "mail naar Jan.Jansen@Example.nl.", "Jan.Jansen@Example.nl", "jan.jansen@example.nl"),
    ("EMAIL", "info [at] domein [punt] nl", "info [at] domein [punt] nl", "info@domein.nl"),
    ("EMAIL", "stuur naar lisa(at)gmail(dot)com", "lisa(at)gmail(dot)com", "lisa@gmail.com"),
    ("EMAIL", "k.devries@politie.nl", "k.devries@politie.nl", "k.devries@politie.nl"),
    # POSTCODE
    ("POSTCODE", "postcode 1234 AB", "1234 AB", "1234AB"),
    ("POSTCODE", "woont in 3511AB Utrecht", "3511AB", "3511AB"),
    ("POSTCODE", "pc 5119wa", "5119wa", "5119WA"),
    ("POSTCODE", "postcode 1012 ab", "1012 ab", "1012AB"),
    # LICENSE_PLATE
    ("LICENSE_PLATE", "kenteken 12-XKB-3", "12-XKB-3", "12XKB3"),
    ("LICENSE_PLATE", "zijn auto GF-123-B", "GF-123-B", "GF123B"),
    ("LICENSE_PLATE", "kenteken: 1-KBB-23", "1-KBB-23", "1KBB23"),
    ("LICENSE_PLATE", "rijdt in een golf met kenteken xd-12-kb", "xd-12-kb", "XD12KB"),
    ("LICENSE_PLATE", "kenteken 99XRZ1 gezien", "99XRZ1", "99XRZ1"),
    ("LICENSE_PLATE", "plaat BR-LK-12", "BR-LK-12", "BRLK12"),
    ("LICENSE_PLATE", "auto 78-HBT-4", "78-HBT-4", "78HBT4"),
    ("LICENSE_PLATE", "S-123-DF voor de deur", "S-123-DF", "S123DF"),
    ("LICENSE_PLATE", "kenteken 4-ZD-123", "4-ZD-123", "4ZD123"),
    ("LICENSE_PLATE", "kenteken 123-PD-9", "123-PD-9", "123PD9"),
    # IBAN
    ("IBAN", "maak over op NL91 ABNA 0417 1643 00", "NL91 ABNA 0417 1643 00", "NL91ABNA0417164300"),
    ("IBAN", "iban NL91ABNA0417164300.", "NL91ABNA0417164300", "NL91ABNA0417164300"),
    ("IBAN", "rekening nl91abna0417164300", "nl91abna0417164300", "NL91ABNA0417164300"),
    ("IBAN", "BE71 0961 2345 6769", "BE71 0961 2345 6769", "BE71096123456769"),
    # BSN
    ("BSN", "zijn bsn is 111222333", "111222333", "111222333"),
    ("BSN", "burgerservicenummer: 1112.22.333", "1112.22.333", "111222333"),
    ("BSN", "BSN 111 222 333 staat op de kopie", "111 222 333", "111222333"),
    # DATE_OF_BIRTH
    ("DATE_OF_BIRTH", "geboren op 12-03-1998 in Gouda", "12-03-1998", "1998-03-12"),
    ("DATE_OF_BIRTH", "geb. 3 mei 2001", "3 mei 2001", "2001-05-03"),
    ("DATE_OF_BIRTH", "geboortedatum: 1999-07-21", "1999-07-21", "1999-07-21"),
    ("DATE_OF_BIRTH", "DOB 04/11/2002", "04/11/2002", "2002-11-04"),
    # IP, URL, handle, geo
    ("IP_ADDRESS", "zijn ip is 84.23.1.5", "84.23.1.5", "84.23.1.5"),
    ("IP_ADDRESS", "ipv6 2001:db8::1 gelogd", "2001:db8::1", "2001:db8::1"),
    ("URL", "zie https://t.me/exposegroep_nl.", "https://t.me/exposegroep_nl", "https://t.me/exposegroep_nl"),
    ("URL", "kijk op www.voorbeeld.nl/pagina?id=3", "www.voorbeeld.nl/pagina?id=3", "www.voorbeeld.nl/pagina?id=3"),
    ("URL", "join t.me/groepje123", "t.me/groepje123", "t.me/groepje123"),
    ("SOCIAL_HANDLE", "volg @lisa_2004 maar", "@lisa_2004", "lisa_2004"),
    ("SOCIAL_HANDLE", "haar insta: lisa.xo", "lisa.xo", "lisa.xo"),
    ("SOCIAL_HANDLE", "snap: kimmie04", "kimmie04", "kimmie04"),
    ("GEO_COORDINATE", "locatie 52.3702, 4.8952", "52.3702, 4.8952", "52.370200,4.895200"),
    ("GEO_COORDINATE", "51.9225 N 4.4792 E", "51.9225 N 4.4792 E", "51.922500,4.479200"),
    # ADDRESS
    ("ADDRESS", "hij woont op de Kerkstraat 12a, 1234 AB Utrecht.", "Kerkstraat 12a, 1234 AB Utrecht", "kerkstraat|12|a|1234AB|utrecht"),
    ("ADDRESS", "Lange Nieuwstraat 114-2 is het", "Lange Nieuwstraat 114-2", "lange nieuwstraat|114|2||"),
    ("ADDRESS", "Laan van Meerdervoort 55 bis", "Laan van Meerdervoort 55 bis", "laan van meerdervoort|55|bis||"),
    ("ADDRESS", "Prins Hendrikkade 20A", "Prins Hendrikkade 20A", "prins hendrikkade|20|a||"),
    ("ADDRESS", "ga langs bij 5119wa huisnummer 350", "5119wa huisnummer 350", "|350||5119WA|"),
    ("ADDRESS", "hij woont op kerkstraat 5", "kerkstraat 5", "kerkstraat|5|||"),
    ("ADDRESS", "Van Woustraat 8 hs", "Van Woustraat 8 hs", "van woustraat|8|hs||"),
    # PERSON
    ("PERSON", "Wie kent Jan de Vries?", "Jan de Vries", "Jan de Vries"),
    ("PERSON", "brief aan J. de Vries", "J. de Vries", "J. de Vries"),
    ("PERSON", "dhr. J.P. van der Berg", "J.P. van der Berg", "J.P. van der Berg"),
    ("PERSON", "Sanne Jansen-de Vries woont hier", "Sanne Jansen-de Vries", "Sanne Jansen-de Vries"),
    ("PERSON", "Kees van 't Hof", "Kees van 't Hof", "Kees van 't Hof"),
    ("PERSON", "ken je jan de vries", "jan de vries", "jan de vries"),
    ("PERSON", "agent Bakker was er ook", "Bakker", "Bakker"),
    ("PERSON", "Fatima el Amrani", "Fatima el Amrani", "Fatima el Amrani"),
]


@pytest.mark.parametrize(("label", "text", "span", "value"), POSITIVES)
def test_positive(engine: Engine, label: str, text: str, span: str, value: str) -> None:
    assert (span, value) in found(engine, text, label)


NEGATIVES = [
    ("PHONE", "bestelnummer 0612345678 van je pakket"),
    ("PHONE", "het kost € 1.234.567,89"),
    ("PHONE", "om 14.30 uur op 12-03-2024"),
    ("PHONE", "ordernummer 1234567890"),
    ("POSTCODE", "in 2025 om 14.00 uur"),
    ("POSTCODE", "postcode 1234 SA bestaat niet"),
    ("POSTCODE", "1234 SS"),
    ("POSTCODE", "sinds 1998 ga ik"),
    ("LICENSE_PLATE", "de score was 3-2"),
    ("LICENSE_PLATE", "over de A10 en N201"),
    ("LICENSE_PLATE", "kortingscode AB1234"),
    ("LICENSE_PLATE", "12-PVV-3"),
    ("IBAN", "NL91 ABNA 0417 1643 01"),
    ("BSN", "bestelnummer 111222333"),
    ("BSN", "tracking 111222333"),
    ("BSN", "het getal 111222333 klopt"),
    ("DATE_OF_BIRTH", "op 12 maart 2024 was de demonstratie"),
    ("DATE_OF_BIRTH", "deadline 01-04-2025"),
    ("IP_ADDRESS", "update naar versie 1.2.3.4"),
    ("GEO_COORDINATE", "het kost 1.234, 5.678 euro"),
    ("ADDRESS", "Postbus 1234 2500 AB Den Haag"),
    ("ADDRESS", "ik ben onderweg 5 minuten"),
    ("ADDRESS", "de Kerkstraat is afgesloten"),
    ("ADDRESS", "hectometerpaal A2 hmp 12,3"),
    ("PERSON", "De politie en de gemeente Utrecht"),
    ("PERSON", "Ben je thuis?"),
    ("PERSON", "Prins Hendrikkade 20A"),
    ("SOCIAL_HANDLE", "mail jan@example.nl"),
    ("EMAIL", "@ 14:00 bij het station"),
]


@pytest.mark.parametrize(("label", "text"), NEGATIVES)
def test_negative(engine: Engine, label: str, text: str) -> None:
    assert found(engine, text, label) == []


def test_address_reports_nested_postcode(engine: Engine) -> None:
    text = "woont op Dorpsstraat 3, 4321 XY Ergens"
    labels = {(f.label, f.text) for f in engine.scan(text).findings}
    assert ("POSTCODE", "4321 XY") in labels
    assert any(label == "ADDRESS" and "Dorpsstraat 3" in t and "4321 XY" in t for label, t in labels)


def test_every_finding_explains_itself(engine: Engine) -> None:
    text = "Jan de Vries, Kerkstraat 12, 1234 AB Utrecht, 06-12345678, jan@vries.nl, kenteken 12-XKB-3"
    result = engine.scan(text)
    assert {f.label for f in result.findings} >= {"PERSON", "ADDRESS", "POSTCODE", "PHONE", "EMAIL", "LICENSE_PLATE"}
    for f in result.findings:
        assert f.evidence, f
        assert f.detector.startswith("nl.") and f.detector.endswith(".v1")
        assert 0.5 <= f.score <= 1.0


def test_bsn_context_decides(engine: Engine) -> None:
    assert found(engine, "bsn 111222333", "BSN")
    assert not found(engine, "klantnummer 111222333", "BSN")


def test_phone_context_lowers_order_numbers(engine: Engine) -> None:
    assert found(engine, "bel 0612345678", "PHONE")
    assert not found(engine, "factuurnummer 0612345678", "PHONE")
