"""Tables of positives and negatives for every built-in Dutch detector, run through the full engine
(detectors + overlap + threshold), so what is asserted is what users get."""

from __future__ import annotations

import re as _re
import unicodedata as _ud

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doxwacht import Document, Engine
from doxwacht.findings import Label
from doxwacht.detectors import wholewords as _ww
from doxwacht.detectors.nl import address as _address
from doxwacht.detectors.nl import birthdate as _birthdate
from doxwacht.detectors.nl import geo as _geo
from doxwacht.detectors.nl import iban as _iban
from doxwacht.detectors.nl import person as _person
from doxwacht.detectors.nl import phone as _phone
from doxwacht.detectors.nl.bsn import BsnDetector
from doxwacht.detectors.nl.plate import PlateDetector


def found(engine: Engine, text: str, label: str) -> list[tuple[str, str]]:
    result = engine.scan(text)
    for f in result.findings:
        assert f.text == text[f.start : f.end]
    return [(f.text, f.value) for f in result.findings if f.label == label]


POSITIVES = [
    # PHONE
    ("PHONE", "bel me op 06-12345678 vanavond", "06-12345678", "+31612345678"),
    # a municipality's short number (14 + area code), after a telephone or municipality word
    ("PHONE", "Gemeente Utrecht is bereikbaar via 14 030, ma-vr", "14 030", "+3114030"),
    ("PHONE", "bel de gemeente op 14010", "14010", "+3114010"),
    ("PHONE", "gemeente Sluis: 14 0117", "14 0117", "+31140117"),
    ("PHONE", "nummer 0612345678", "0612345678", "+31612345678"),
    ("PHONE", "app 06 1234 5678", "06 1234 5678", "+31612345678"),
    # digits written as words
    ("PHONE", "mijn nummer is nul zes een twee drie vier vijf zes zeven acht, bel me", "nul zes een twee drie vier vijf zes zeven acht", "+31612345678"),
    ("PHONE", "zijn nummer: Nul-Zes-Twee-Twee-Drie-Vier-Vier-Vijf-Zes-Zes. bel hem", "Nul-Zes-Twee-Twee-Drie-Vier-Vier-Vijf-Zes-Zes", "+31622344566"),
    ("PHONE", "tel: +31 6 12345678", "+31 6 12345678", "+31612345678"),
    ("PHONE", "+31(0)6-12345678 is zijn nummer", "+31(0)6-12345678", "+31612345678"),
    ("PHONE", "0031612345678 bellen", "0031612345678", "+31612345678"),
    ("PHONE", "kantoor 020-1234567", "020-1234567", "+31201234567"),
    ("PHONE", "bel 010 123 45 67", "010 123 45 67", "+31101234567"),
    ("PHONE", "haar nummer is 0 6 - 1 2 3 4 5 6 7 8", "0 6 - 1 2 3 4 5 6 7 8", "+31612345678"),
    ("PHONE", "sms 06.12.34.56.78", "06.12.34.56.78", "+31612345678"),
    ("PHONE", "whatsapp O6-12345678", "O6-12345678", "+31612345678"),
    ("PHONE", "belgisch nummer +32 470 12 34 56", "+32 470 12 34 56", "+32470123456"),
    # Belgian numbers in national format: a mobile (047x is no Dutch series), a landline after a telephone word or
    # in a message about a Belgian place
    ("PHONE", "zijn gsm is 0476 12 34 56, spam hem maar", "0476 12 34 56", "+32476123456"),
    ("PHONE", "hier haar nummer 0471/23.45.67", "0471/23.45.67", "+32471234567"),
    ("PHONE", "het stadhuis is bereikbaar op 09 210 10 10", "09 210 10 10", "+3292101010"),
    ("PHONE", "Lokale politie Gent, niet-dringend: 09 266 61 11.", "09 266 61 11", "+3292666111"),
    ("PHONE", "duits: +49 151 23456789", "+49 151 23456789", "+4915123456789"),
    # the shortest numbers: eight digits from the "0" or the "+" (see phone._SEED)
    ("PHONE", "gratis info: 0800-1234", "0800-1234", "+318001234"),
    ("PHONE", "deens nummer +45 32 12 34 56", "+45 32 12 34 56", "+4532123456"),
    ("PHONE", "bel O６-１２３４５６７８ nu", "O６-１２３４５６７８", "+31612345678"),
    # EMAIL
    ("EMAIL", "mail naar Jan.Jansen@Example.nl.", "Jan.Jansen@Example.nl", "jan.jansen@example.nl"),
    ("EMAIL", "info [at] domein [punt] nl", "info [at] domein [punt] nl", "info@domein.nl"),
    ("EMAIL", "stuur naar lisa(at)gmail(dot)com", "lisa(at)gmail(dot)com", "lisa@gmail.com"),
    ("EMAIL", "k.devries@politie.nl", "k.devries@politie.nl", "k.devries@politie.nl"),
    # accents before the "@" (RFC 6531); before, the address was missed whole or cut after the accent
    ("EMAIL", "mail naar j.dekker.privé@outlook.com, dat is de juf", "j.dekker.privé@outlook.com",
     "j.dekker.privé@outlook.com"),
    ("EMAIL", "stuur naar Zoë.Dijkstra@ziggo.nl", "Zoë.Dijkstra@ziggo.nl", "zoë.dijkstra@ziggo.nl"),
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
    ("DATE_OF_BIRTH", "ik ben jarig op 14 maart 1996 btw", "14 maart 1996", "1996-03-14"),
    # IP, URL, handle, geo
    ("IP_ADDRESS", "zijn ip is 84.23.1.5", "84.23.1.5", "84.23.1.5"),
    ("IP_ADDRESS", "ipv6 2001:db8::1 gelogd", "2001:db8::1", "2001:db8::1"),
    ("URL", "zie https://t.me/exposegroep_nl.", "https://t.me/exposegroep_nl", "https://t.me/exposegroep_nl"),
    ("URL", "kijk op www.voorbeeld.nl/pagina?id=3", "www.voorbeeld.nl/pagina?id=3", "www.voorbeeld.nl/pagina?id=3"),
    ("URL", "join t.me/groepje123", "t.me/groepje123", "t.me/groepje123"),
    ("SOCIAL_HANDLE", "volg @lisa_2004 maar", "@lisa_2004", "lisa_2004"),
    ("SOCIAL_HANDLE", "haar insta: lisa.xo", "lisa.xo", "lisa.xo"),
    ("SOCIAL_HANDLE", "snap: kimmie04", "kimmie04", "kimmie04"),
    ("SOCIAL_HANDLE", "Zoek mij op Vinted, gebruikersnaam lisa_vintage_ams. Alles heel!", "lisa_vintage_ams",
     "lisa_vintage_ams"),
    ("SOCIAL_HANDLE", "gebruikersnaam = kevin2005", "kevin2005", "kevin2005"),
    ("SOCIAL_HANDLE", "mijn discord is lars#4821, voeg me toe", "lars#4821", "lars#4821"),  # a Discord tag
    ("SOCIAL_HANDLE", "psn: dutchsniper_88 add me", "dutchsniper_88", "dutchsniper_88"),
    ("SOCIAL_HANDLE", "zijn xbox naam is dennis_2009, spam hem maar", "dennis_2009", "dennis_2009"),
    ("GEO_COORDINATE", "locatie 52.3702, 4.8952", "52.3702, 4.8952", "52.370200,4.895200"),
    ("GEO_COORDINATE", "51.9225 N 4.4792 E", "51.9225 N 4.4792 E", "51.922500,4.479200"),
    # ADDRESS
    ("ADDRESS", "hij woont op de Kerkstraat 12a, 1234 AB Utrecht.", "Kerkstraat 12a, 1234 AB Utrecht", "kerkstraat|12|a|1234AB|utrecht"),
    ("ADDRESS", "Lange Nieuwstraat 114-2 is het", "Lange Nieuwstraat 114-2", "lange nieuwstraat|114|2||"),
    ("ADDRESS", "Hij woont op de Kerkstraat, 12 in Utrecht.", "Kerkstraat, 12", "kerkstraat|12|||"),
    ("ADDRESS", "stuur het naar Kerkstraat huisnummer 12 in Zwolle", "Kerkstraat huisnummer 12", "kerkstraat|12|||"),
    ("ADDRESS", "Laan van Meerdervoort 55 bis", "Laan van Meerdervoort 55 bis", "laan van meerdervoort|55|bis||"),
    # the house number before its street
    ("ADDRESS", "buurman op nummer 12 aan de Dorpsstraat, nieuwe schuur", "nummer 12 aan de Dorpsstraat",
     "dorpsstraat|12|||"),
    ("ADDRESS", "Ze woont op nr. 5 (Klimopstraat) en ligt in het ziekenhuis.", "nr. 5 (Klimopstraat)", "klimopstraat|5|||"),
    ("ADDRESS", "ik woon op 17b (Van Goghstraat, Nijmegen)", "17b (Van Goghstraat, Nijmegen)",
     "van goghstraat|17|b||nijmegen"),
    ("ADDRESS", "ik woon op 17 (Van Goghstraat, Blablastad)", "17 (Van Goghstraat, Blablastad)", "van goghstraat|17|||"),
    ("ADDRESS", "Haar adres? Nummer 88 in de Prinsengracht", "Nummer 88 in de Prinsengracht", "prinsengracht|88|||"),
    ("ADDRESS", "pakket ligt bij nr 4 in de 2e Oosterparkstraat", "nr 4 in de 2e Oosterparkstraat",
     "2e oosterparkstraat|4|||"),
    ("ADDRESS", "Hij woont op nummer 8 aan de 's-Gravendijkwal", "nummer 8 aan de 's-Gravendijkwal",
     "'s-gravendijkwal|8|||"),
    ("ADDRESS", "De buren van nummer 8 van de Lindelaan maken herrie", "nummer 8 van de Lindelaan", "lindelaan|8|||"),
    ("ADDRESS", "Prins Hendrikkade 20A", "Prins Hendrikkade 20A", "prins hendrikkade|20|a||"),
    ("ADDRESS", "woont in Nijmegen Oost (Ubbergseweg 14). Ze lacht", "Ubbergseweg 14", "ubbergseweg|14|||"),
    ("ADDRESS", 'haar adres "Kerkstraat 7" klopt', "Kerkstraat 7", "kerkstraat|7|||"),
    ("ADDRESS", "ga langs bij 5119wa huisnummer 350", "5119wa huisnummer 350", "|350||5119WA|"),
    ("ADDRESS", "hij woont op kerkstraat 5", "kerkstraat 5", "kerkstraat|5|||"),
    ("ADDRESS", "Van Woustraat 8 hs", "Van Woustraat 8 hs", "van woustraat|8|hs||"),
    # a compass point after the suffix is part of the name; a capital after a hyphen in a "Laan van" name
    ("ADDRESS", "ophalen in Tilburg, Ringbaan-Oost 140. stomme trap", "Ringbaan-Oost 140", "ringbaan-oost|140|||"),
    ("ADDRESS", "Kanaaldijk-Noord 61, 5613 DH Eindhoven", "Kanaaldijk-Noord 61, 5613 DH Eindhoven",
     "kanaaldijk-noord|61||5613DH|eindhoven"),
    ("ADDRESS", "ze woont Laan van Nieuw Oost-Indië 150 in Den Haag", "Laan van Nieuw Oost-Indië 150",
     "laan van nieuw oost-indië|150|||"),
    # a street without a usual suffix, before a known place
    ("ADDRESS", "ophalen kan bij mijn moeder, Lindeboom 3 Valkenswaard, ze is thuis na 5", "Lindeboom 3 Valkenswaard",
     "lindeboom|3|||valkenswaard"),
    ("ADDRESS", "stuur een kaartje naar Heuvel 12, Veghel", "Heuvel 12, Veghel", "heuvel|12|||veghel"),
    ("ADDRESS", "adres: Singel 33 Dordrecht, tweede etage", "Singel 33 Dordrecht", "singel|33|||dordrecht"),
    ("ADDRESS", "Markt 20 in Roermond, bovenwoning", "Markt 20", "markt|20|||"),  # a street word at a sentence's start
    ("ADDRESS", "Hoofdweg 212-A, achterom lopen", "Hoofdweg 212-A", "hoofdweg|212|a||"),
    # a sentence's end, a name and an age, a word that announces the address: not part of the street
    ("ADDRESS", "Lisa ten Brink. Vlinderstraat 12, Enschede. leaks", "Vlinderstraat 12, Enschede",
     "vlinderstraat|12|||enschede"),
    ("ADDRESS", "echte naam Romy Bakker, 23, woont Hoofdstraat 44 Hoogeveen, werkt", "Hoofdstraat 44 Hoogeveen",
     "hoofdstraat|44|||hoogeveen"),
    ("ADDRESS", "Agent Sophie van Wijk. Woont Merelhof 22, 1423 CD Uithoorn.", "Merelhof 22, 1423 CD Uithoorn",
     "merelhof|22||1423CD|uithoorn"),
    ("ADDRESS", "Burg. de Withstraat 4", "Burg. de Withstraat 4", "burg. de withstraat|4|||"),
    ("ADDRESS", "Ellen Vos (Spui 7 Den Haag). Geen", "Spui 7 Den Haag", "spui|7|||den haag"),  # a listed street
    # the words after an address that are no place do not hide the next one
    ("ADDRESS", "Kerkstraat 12, Amsterdam en Dorpsstraat 5", "Dorpsstraat 5", "dorpsstraat|5|||"),
    # PERSON
    ("PERSON", "Wie kent Jan de Vries?", "Jan de Vries", "Jan de Vries"),
    ("PERSON", "brief aan J. de Vries", "J. de Vries", "J. de Vries"),
    ("PERSON", "dhr. J.P. van der Berg", "J.P. van der Berg", "J.P. van der Berg"),
    ("PERSON", "Sanne Jansen-de Vries woont hier", "Sanne Jansen-de Vries", "Sanne Jansen-de Vries"),
    ("PERSON", "Kees van 't Hof", "Kees van 't Hof", "Kees van 't Hof"),
    ("PERSON", "ken je jan de vries", "jan de vries", "jan de vries"),
    ("PERSON", "agent Bakker was er ook", "Bakker", "Bakker"),
    ("PERSON", "Fatima el Amrani", "Fatima el Amrani", "Fatima el Amrani"),
    # a whole name, then "van de" and a street or an organisation: the name alone
    ("PERSON", "Docent Marieke Bos van het Stedelijk College werd", "Marieke Bos", "Marieke Bos"),
    ("PERSON", "Dank aan Henk Wolters van de Slotlaan die gisteren", "Henk Wolters", "Henk Wolters"),
    ("PERSON", "Jan de Vries van het Stedelijk Gymnasium", "Jan de Vries", "Jan de Vries"),
    ("PERSON", "op het etiket staat 'Sem de Jong'. Ik", "Sem de Jong", "Sem de Jong"),  # quotes around it
    ("PERSON", "Jan de Vries van Amsterdam zei het al", "Jan de Vries", "Jan de Vries"),  # where he is from
    ("PERSON", "het is gewoon Niels Arends van de Fokkerstraat 8 in Velsen", "Niels Arends", "Niels Arends"),
    ("PERSON", "Jos Heijmans van Bredaseweg 200 in Tilburg", "Jos Heijmans", "Jos Heijmans"),
    ("PERSON", "NAAM: MARIEKE ZWANENBURG", "MARIEKE ZWANENBURG", "MARIEKE ZWANENBURG"),  # a label, then capitals
    ("PERSON", "Mario Kartman woont hier", "Mario Kartman", "Mario Kartman"),  # not the game
    ("ADDRESS", "v. Goghstraat 12, daar woont hij", "v. Goghstraat 12", "v. goghstraat|12|||"),  # an abbreviated "van"
    ("ADDRESS", "het is gewoon Niels Arends van de Fokkerstraat 8 in Velsen", "Fokkerstraat 8", "fokkerstraat|8|||"),
    ("PERSON", "Marieke van Utrecht zei het al", "Marieke van Utrecht", "Marieke van Utrecht"),  # a surname
    # roles in the news and people around the writer before a name; a place after a person's title stays a name
    ("PERSON", "Voetballer Virgil van Dijk maakt het winnende doelpunt", "Virgil van Dijk", "Virgil van Dijk"),
    ("PERSON", "Kamervoorzitter Bosma schorste het debat", "Bosma", "Bosma"),
    ("PERSON", "de sleutel kan je bij mijn buurvrouw Ans halen", "Ans", "Ans"),
    ("PERSON", "Mevr. Hoogland, Parkweg 11", "Hoogland", "Hoogland"),
    ("PERSON", "Minister Kaag reageerde woedend", "Kaag", "Kaag"),  # a surname that is a village's name too
    ("PERSON", "wethouder Tielen opende de sporthal", "Tielen", "Tielen"),
    # a lower-case street after "op de" / "aan de" where the number ends the clause, or after "ik woon"
    ("ADDRESS", "de voedselbank zit op de industrieweg 24, open op dinsdag", "industrieweg 24", "industrieweg|24|||"),
    ("ADDRESS", "praktijk aan de dorpsweg 4, heel lief voor dieren", "dorpsweg 4", "dorpsweg|4|||"),
    ("ADDRESS", "ik woon in de eikstraat 14 sinds mei", "eikstraat 14", "eikstraat|14|||"),
    # the birth word after the date, and "ben zelf van"
    ("DATE_OF_BIRTH", "ik ben op 12-03-1991 geboren en snap het nog steeds niet", "12-03-1991", "1991-03-12"),
    ("DATE_OF_BIRTH", "ik ben zelf van 12 december 1995, dus dubbel feest", "12 december 1995", "1995-12-12"),
    # a negative cue of the sentence before does not reach the number
    ("PHONE", "Vragen over je pakket? PostNL klantenservice 088-2255651", "088-2255651", "+31882255651"),
]


@pytest.mark.parametrize(("label", "text", "span", "value"), POSITIVES)
def test_positive(engine: Engine, label: str, text: str, span: str, value: str) -> None:
    assert (span, value) in found(engine, text, label)


NEGATIVES = [
    ("PHONE", "er waren 14 020 stemmen uitgebracht"),  # five digits without a telephone or municipality word
    ("PERSON", "ik maak je kapot met Mario Kart vanavond"),  # a game shaped like a first name + a word
    ("PERSON", "WIE DURFT MARIO KART VANAVOND"),  # in capitals too
    ("PHONE", "de gemeente telde 14 020,5 hectare"),
    ("ADDRESS", "agent Bakker, 1234 AB"),  # four digits and two capitals: a postcode, no house number of "Bakker"
    ("ADDRESS", "06-12345678J.P. van der Berg, 1234 AB06-12345678"),  # also glued to what follows (Hypothesis found it)
    # a number after a comma and before a lower-case word is a count, not a house number
    ("ADDRESS", "inbraak gezien in de Hoflaan, 2 man met capuchon, politie is onderweg"),
    ("ADDRESS", "een bom goedkoop bij de Turkse supermarkt, 4 voor 2 euro"),
    ("ADDRESS", "aan het Van Goghpad, 12 kunstenaars exposeren er"),
    ("PHONE", "bestelnummer 0612345678 van je pakket"),
    ("PHONE", "je pakket. trackingcode 0612345678"),  # (a full stop before a lower-case word ends no sentence)
    ("PHONE", "Wat is je klantnummer? 0612345678"),  # the answer to the question before: its cue counts
    ("PHONE", "Ik heb je factuur gestuurd. Nummer 0201234567 graag vermelden"),
    # an office and the place it serves; a club or an office after a role in the news: not a name
    ("PERSON", "Iemand het adres van de burgemeester van Zwolle?"),
    ("PERSON", "een collega van Rotterdam belde net"),
    ("PERSON", "voetballer Ajax opgepakt na vechtpartij"),
    ("PERSON", "zegt woordvoerder Defensie tegen de NOS"),
    # a cut-off date, a date that is not a birthday, the start of a range
    ("DATE_OF_BIRTH", "het geldt voor wie na 1 januari 2008 geboren is"),
    ("DATE_OF_BIRTH", "die foto is ook van 12 mei 2023"),
    ("DATE_OF_BIRTH", "ik ben zelf van 1 juli 2024 tot 14 juli 2024 op vakantie"),
    ("DATE_OF_BIRTH", "Gebouw A: 12-03-2023 geb. B open"),
    # a lower-case street after "op de": a count, a year, a road, a compound after the number
    ("ADDRESS", "op de rijksweg 3 of 4 keer geflitst"),
    ("ADDRESS", "feest op de havenweg 2024!"),
    ("ADDRESS", "file op de rijksweg 15, rijd om"),
    ("ADDRESS", "op de kerkstraat 2 Utrecht-supporters aangehouden"),
    # a count after a lower-case street, not a house number
    ("ADDRESS", "op de kerkstraat 2 auto's gestolen vannacht"),
    ("ADDRESS", "aan de dorpsweg 3 bomen gekapt"),
    ("ADDRESS", "op de kerkstraat 5 huizen verder"),
    ("PHONE", "het kost € 1.234.567,89"),
    ("PHONE", "om 14.30 uur op 12-03-2024"),
    ("PHONE", "ordernummer 1234567890"),
    ("PHONE", "het werd nul nul en toen een twee drie"),
    ("PHONE", "nul zes een twee drie vier vijf zes zeven acht negen"),  # eleven digit words: no Dutch number
    ("POSTCODE", "in 2025 om 14.00 uur"),
    ("POSTCODE", "postcode 1234 SA bestaat niet"),
    ("POSTCODE", "1234 SS"),
    ("POSTCODE", "sinds 1998 ga ik"),
    ("LICENSE_PLATE", "de score was 3-2"),
    ("LICENSE_PLATE", "over de A10 en N201"),
    ("LICENSE_PLATE", "kortingscode AB1234"),
    ("LICENSE_PLATE", "mijn vlucht KL1234 naar Rome is vertraagd"),
    ("LICENSE_PLATE", "flight HV5131 vertrekt van gate D7"),
    ("LICENSE_PLATE", "met de KLM, KL 1234? nee KL1234 om 10.05"),
    ("LICENSE_PLATE", "12-PVV-3"),
    ("IBAN", "NL91 ABNA 0417 1643 01"),
    ("BSN", "bestelnummer 111222333"),
    ("BSN", "tracking 111222333"),
    ("BSN", "het getal 111222333 klopt"),
    ("DATE_OF_BIRTH", "op 12 maart 2024 was de demonstratie"),
    ("DATE_OF_BIRTH", "deadline 01-04-2025"),
    ("DATE_OF_BIRTH", "ik ben jarig op 17 maart, kom je ook?"),  # no year: no date of birth
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
    ("SOCIAL_HANDLE", "kijk op youtube naar die video"),  # a platform in a sentence
    ("SOCIAL_HANDLE", "ik speel op de xbox met mijn broertje"),
    ("SOCIAL_HANDLE", "discord #general is weer druk"),  # a channel, not a tag
    ("SOCIAL_HANDLE", "Twitch-streamer doet aangifte van swatting"),  # a compound word, not a cue and a handle
    ("SOCIAL_HANDLE", "die tiktok-trend is gevaarlijk"),
    ("EMAIL", "@ 14:00 bij het station"),
    ("EMAIL", "het kost €5@stuk"),
    ("SOCIAL_HANDLE", "vul je gebruikersnaam en wachtwoord in"),
    ("SOCIAL_HANDLE", "mijn gebruikersnaam is jan"),
    # a form's or a help text's words after a user-name cue ("username: dutchsniper" is lost with them)
    ("SOCIAL_HANDLE", "Gebruikersnaam: onbekend"),
    ("SOCIAL_HANDLE", "Gebruikersnaam: voornaam.achternaam (zonder hoofdletters)"),
    ("SOCIAL_HANDLE", "gebruikersnaam 10x geprobeerd, account geblokkeerd"),
    ("EMAIL", "Soirée@Paradiso.Amsterdam was echt top gisteren"),
    ("EMAIL", "Feest@Paradiso.Amsterdam was echt top gisteren"),
    # a number before a word that is no street, or a lower-case one
    ("ADDRESS", "we staan nummer 3 op de weg naar huis"),
    ("ADDRESS", "hij is nummer 1 in de Eredivisie"),
    ("ADDRESS", "ik ben nummer 4 op de kerkstraat"),
    ("ADDRESS", "lijn nr 5 (Stationsplein) rijdt om"),
    # a noun before "nummer" numbers something else; a ranking; a list
    ("ADDRESS", "Inbraak nummer 3 in de Stationsstraat dit jaar"),
    ("ADDRESS", "Kraam nummer 45 op de Albert Cuypmarkt"),
    ("ADDRESS", "Pogacar kwam als nummer 3 op de Cauberg"),
    ("ADDRESS", "wie is nummer 1 in de Kalverstraat qua omzet?"),
    ("ADDRESS", "Gevaarlijkste straten: op 1 (Kerkstraat), op 2 (Dorpsstraat)"),
    ("ADDRESS", "Dat liedje staat op nummer 3 in de Top 40"),
]


@pytest.mark.parametrize(("label", "text"), NEGATIVES)
def test_negative(engine: Engine, label: str, text: str) -> None:
    assert found(engine, text, label) == []
    assert found(_NO_PREFILTER, text, label) == []  # each detector itself, not only the prefilter, stays quiet


_NO_PREFILTER = Engine(use_prefilter=False)


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


@pytest.mark.parametrize("text", [
    "bsn 024942479",  # nine digits from a 0: a BSN, a code or a parcel in Dutch text, not a Belgian landline
    "Inlogcode: 090057119. Deel deze niet",
    "Pakket 034361273 wordt morgen bezorgd",
    "het getal 012402333 is deelbaar door drie",
    "zendingcode 090602663 voor Gent",  # a Belgian place, but the number is a code (negative context)
    "0412345678 is een Nederlands nummer, geen Belgisch",  # Dutch (0412 Oss): found as Dutch, see below
])
def test_nine_digit_numbers_are_belgian_only_with_a_cue(engine: Engine, text: str) -> None:
    phones = [f for f in engine.scan(text).findings if f.label == Label.PHONE]
    assert all(f.value.startswith("+31") for f in phones), phones


def test_a_belgian_place_counts_only_in_its_own_message(engine: Engine) -> None:
    """In a batch the detector reads the messages joined: a Belgian city in the next message must not make a nine-digit
    code in this one a Belgian number."""
    texts = ["code 092101010 klopt", "we gaan morgen naar Gent", "Lokale politie Gent: 09 266 61 11"]
    batched = [[(f.label, f.start, f.end) for f in r.findings] for r in engine.scan_many(texts, 256)]
    alone = [[(f.label, f.start, f.end) for f in engine.scan(t).findings] for t in texts]
    assert batched == alone
    assert not any(label == Label.PHONE for label, _, _ in batched[0])
    assert any(label == Label.PHONE for label, _, _ in batched[2])


def test_phone_context_lowers_order_numbers(engine: Engine) -> None:
    assert found(engine, "bel 0612345678", "PHONE")
    assert not found(engine, "factuurnummer 0612345678", "PHONE")


@pytest.mark.parametrize("text", [
    "bsn 710993407, tel 06-28374651",  # the cue labels the number right after it
    "agent: 710993407 (bsn), 06-28374651",  # an afterthought labels the number before it
    "klantnummer 12345678 en verder 06-28374651",
    "Polisnummer: 87654321\nBereikbaar op 0628374651",
])
def test_a_negative_cue_of_another_number_does_not_lower_a_phone(engine: Engine, text: str) -> None:
    assert found(engine, text, "PHONE")


@pytest.mark.parametrize("text", [
    "bsn: 06-28374651",
    "klantnummer 12345678, ordernummer 0628374651",  # the nearer cue is this number's own
    "factuur 2026: 0628374651",  # a year is no other number: the cue before it still counts
])
def test_a_negative_cue_of_the_number_itself_still_counts(engine: Engine, text: str) -> None:
    assert not found(engine, text, "PHONE")


# --- the fast paths equal what they stand for ---------------------------------------------------------
# Detectors find candidates with faster equivalents of their patterns (anchors, a look-behind after the
# first character, a trie for the tussenvoegsels, ...). Each must give exactly the reference's matches.


_FAST_EXAMPLES = int(__import__("os").environ.get("DOXWACHT_HYPOTHESIS_EXAMPLES", "300"))


def _texts(pieces: list[str], max_size: int = 14) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


_COMMON = [" ", "  ", "\n", "\x00", ",", ".", "-", "/", "'", "(", ")", "@", "#", "_", "é", "ë", "É", "😈", "\u00a0",
           "0", "1", "7", "٣", "a", "A", "x", "İ", "ı", "\u212a", "Σ", "ς"]
_NAMES = _COMMON + ["Jan", "jan", "JAN", "de", "De", "van", "Van", "der", "den", "'t", "in", "op", "uit", "Vries", "vries",
                    "agent", "Agent", "dhr.", "Dhr.", "mevrouw", "J.", "Th.", "Sr.", "Zoë", "Émile", "Café", "Bakker",
                    "bakker", "Kerkstraat", "Den Haag", "Okke", "Lange", "man", "over", "ben", "MARIEKE", "ZWANENBURG",
                    "Anne-Marie", "Gert-Jan", "Jansen-de Vries", "hıfzullah", "Hıfzullah", "Sv.", "vd", "vande",
                    "Jansen-van der Laan", "Lieve", "Beste", "op de", "in 't", "Coenplein", "Groot", "Jong", "Haan",
                    "Ayşe", "Yıldırım", "Łukasz", "Şahin", "Fonds", "Kwame", "Jansen", "Middenweg", ":"]


@settings(max_examples=_FAST_EXAMPLES, deadline=None)
@given(_texts(["jan", "Jan", "JAN", "hıfzullah", "HIFZULLAH", "xjan", "jan2", "an", "ann", "anna", "Anna"] + _COMMON),
       st.sampled_from(["", "@#/.-"]))
def test_whole_words_match_the_reference(text: str, not_after: str) -> None:
    words = {"jan": 1, "anna": 2, "an": 3, "hıfzullah": 4, "hifzullah": 5}
    fast = _ww.WholeWords(words, not_after=not_after).find(text)
    if fast is None:
        assert any(c in text for c in _ww.UNMAPPABLE)
    else:
        assert fast == _ww.find_whole_words_slow(words, text, not_after)


def test_whole_words_unmappable_characters_are_all_listed() -> None:
    # WholeWords maps every non-ASCII character to one byte that matches no letter; that is only
    # right when no such character lower-cases to an ASCII letter or to more than one character,
    # and when lower-casing keeps whether a character is a letter or digit
    odd = {chr(c) for c in range(0x80, 0x110000)
           if len(chr(c).lower()) != 1 or any(x.isascii() for x in chr(c).lower())}
    assert odd <= set(_ww.UNMAPPABLE)
    assert all(chr(c).lower().isalnum() == chr(c).isalnum()
               for c in range(0x110000) if len(chr(c).lower()) == 1)


def test_person_name_characters_cover_case_insensitive_letters() -> None:
    # `_back_search` strips `_NAME_CHARS`; every character the tussenvoegsels can match must be in it
    letter = _re.compile("(?i:[a-z])")
    assert all(chr(c) in _person._NAME_CHARS for c in range(0x110000) if letter.fullmatch(chr(c)))


@settings(max_examples=_FAST_EXAMPLES, deadline=None)
@given(_texts(_NAMES))
def test_person_fast_paths_match_the_reference(text: str) -> None:
    detector = _PERSON
    doc = Document(text)
    norm = doc.norm
    fast, slow = detector._anchor_starts(norm), detector._anchor_starts_slow(norm)
    assert sorted(set(fast[0])) == sorted(set(slow[0])) and fast[1:] == slow[1:]
    assert sorted(_person._initial_or_accented_starts(norm)) == [m.start() for m in _person._INITIAL_OR_ACCENTED.finditer(norm)]
    assert [m.span() for m in _person._TOKEN_FAST.finditer(norm)] == [m.span() for m in _person._TOKEN.finditer(norm)]
    for pos in range(len(norm) + 1):
        a, b = _person._SEQ.match(norm, pos), _person._SEQ_FAST.match(norm, pos)
        assert (a and a.span()) == (b and b.span())
    for pos in range(len(norm) + 1):
        a, b = _person._NEXT_WORD.match(norm, pos), _person._NEXT_WORD_FAST.match(norm, pos)
        assert (a and (a.span(), a.span(1))) == (b and (b.span(), b.span(1)))
        for lo in {0, max(0, pos - 7), max(0, pos - 30)}:
            a, b = _person._BACK.search(norm, lo, pos), _person._back_search(norm, lo, pos)
            assert (a and a.span()) == (b and b.span())
            t = _person._TITLE_BEFORE.search(norm, lo, pos)
            assert (t and (t.group("w"), t.group("dot") is not None)) == _person._word_before(norm, lo, pos)
    for word in _re.findall(r"\S+", norm):
        assert _person._streetish(word) == (_person._STREETISH.search(word) is not None)
    for m in _re.finditer(_person._SEQ, norm):
        assert _same(detector._from_match(doc, m), detector._from_sequence(doc, _person._tokens(m.group(), m.start())))


def _same(a, b) -> bool:
    return (a and a.to_dict()) == (b and b.to_dict())


_PERSON = _person.PersonDetector()
_NUMBERS = _COMMON + ["06", "12345678", "+31", " 6 ", "0031", "(0)", "020", "-", ".", "  ", "+", "(", "123", "1234", "5678",
                      "111222333", "1234 AB", "12-03-1985", "1985-03-12", "12 maart 1985", "12e", "mrt.", "'85", "°",
                      "52.3702", "4.8952", "N", "E", "NL91", "ABNA", "0417", "1643", "00", "GZ", "XKB", "AB", "12",
                      "3", "nr", "nr.", "nummer ", "huisnummer", "no.", "straat", "Kerkstraat", "Dorpsstr.", "laan van",
                      "woont op ", "adres: ", "verhuisd naar ", "5119wa", "350", "bis", "uur", "jaar", "Beatrixln",
                      "in 't ", "drift", "e verdieping", "2025 ", "Rotterdam, ", "WOONT OP ", "'s-Gravendijkwal",
                      "14", "14 0", "0117", "14-030", "0800", "+45"]


@settings(max_examples=_FAST_EXAMPLES, deadline=None)
@given(_texts(_NUMBERS, 16))
def test_number_fast_paths_match_the_reference(text: str) -> None:
    doc = Document(text)
    norm = doc.norm

    def spans(matches) -> list:
        return [(m.span(), m.groupdict()) for m in matches]

    assert spans(_phone._RUN_FAST.finditer(norm)) == spans(_phone._RUN.finditer(norm))
    seeded = [m for m in _phone._RUN.finditer(norm) if _phone._SEED.search(m.group())]
    assert spans(_phone._seeded_runs(norm)) == spans(seeded)
    # the runs without a seed have no number to report: the detector over all runs finds the same
    phone = _phone.PhoneDetector()
    every_run = [f.to_dict() for f in phone._numbers(doc, _phone._RUN.finditer(norm))]
    assert every_run == [f.to_dict() for f in phone.detect(doc) if f.evidence[-1] is not _phone._EV_MUNICIPAL]
    municipal = [(m.span(), m.groups()) for m in _phone._MUNICIPAL.finditer(norm)]
    assert [(m.span(), m.groups()) for m in _phone._MUNICIPAL_FAST.finditer(norm)] == municipal
    for run in _phone._RUN.finditer(norm):
        starts = any(g.startswith(("0", "+")) for g in _phone._GROUP.findall(run.group()))
        assert starts == (_phone._NUMBER_START.search(run.group()) is not None)
    plate = PlateDetector()
    assert spans(plate.candidates(doc)) == spans(plate.pattern.finditer(norm))
    bsn = BsnDetector()
    assert spans(bsn.candidates(doc)) == spans(bsn.pattern.finditer(norm))
    assert spans(_birthdate._date_matches(norm)) == spans(_birthdate._DATE.finditer(norm))
    assert spans(_geo._dec_matches(norm)) == spans(_geo._DEC.finditer(norm))
    assert list(_geo._dec_starts(norm)) == [m.start() for m in _geo._DEC_START.finditer(norm)]
    assert spans(_iban._candidates(norm)) == spans(_iban._CANDIDATE.finditer(norm))
    assert spans(_address._cue_matches(norm)) == spans(_address.CUE_ADDRESS.finditer(norm))
    assert spans(_address._POSTCODE_NUMBER_FAST.finditer(norm)) == spans(_address.POSTCODE_NUMBER.finditer(norm))
    anchors = [(m.start(m.lastindex), m.end()) for m in _address._ANCHOR_NUMBER_FAST.finditer(norm)]
    assert anchors == [m.span() for m in _address._ANCHOR_NUMBER.finditer(norm)]
    for end in range(len(norm) + 1):
        for lo in {0, max(0, end - 9)}:
            a, b = _address._WORD_BACK.search(norm, lo, end), _address._word_back_search(norm, lo, end)
            assert (a and a.span()) == (b and b.span())


def _libphonenumber_verdict(raw: str):
    """What `_parse_valid` stands for: libphonenumber's parse in region NL, the number when valid."""
    import phonenumbers

    try:
        number = phonenumbers.parse(raw, "NL")
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def _assert_as_libphonenumber(raw: str) -> None:
    import phonenumbers

    reference = _libphonenumber_verdict(raw)
    _phone._DESCRIBED.clear()
    number = _phone._parse_valid.__wrapped__(raw)
    if reference is None:
        assert number is None
    else:
        assert number == reference
        assert _phone._describe(number) == (
            phonenumbers.format_number(reference, phonenumbers.PhoneNumberFormat.E164),
            phonenumbers.number_type(reference),
        )


@pytest.mark.parametrize("prefix", ["0", "+31", "0031"])
@settings(max_examples=_FAST_EXAMPLES, deadline=None)
@given(st.from_regex(r"[1-9][0-9]{4,10}", fullmatch=True))
def test_dutch_number_shortcut_matches_phonenumbers(prefix: str, nsn: str) -> None:
    raw = prefix + nsn
    assert _phone._DUTCH_NSN.fullmatch(raw)
    _assert_as_libphonenumber(raw)
    for other in ("+32" + nsn, "1" + raw, raw + "x", prefix + nsn + "1" * (12 - len(nsn)), prefix + nsn[:3]):
        assert _phone._DUTCH_NSN.fullmatch(other) is None  # (not the shortcut's)


@settings(max_examples=_FAST_EXAMPLES, deadline=None)
@given(st.from_regex(r"(?:\+|00|0)?(?:31)?[0-9]{2,13}", fullmatch=True))
def test_any_digit_string_is_judged_as_libphonenumber_does(raw: str) -> None:
    _assert_as_libphonenumber(raw)


def test_dutch_numbers_of_every_type_take_the_shortcut_alike() -> None:
    import phonenumbers

    # a valid number of each kind libphonenumber knows for NL (and invalid ones), through both paths
    raws = ["0612345678", "+31201234567", "0031851234567", "0800123456", "0900123456", "0881234567",
            "0970123456", "0101234567", "0123456789", "0611111111", "+31999999999", "0031612345678"]
    for raw in raws:
        _phone._DESCRIBED.clear()
        number = _phone._parse_valid.__wrapped__(raw)
        reference = phonenumbers.parse(raw, "NL")
        assert (number is not None) == phonenumbers.is_valid_number(reference)
        if number is not None:
            assert number == reference
            assert _phone._describe(number) == (
                phonenumbers.format_number(reference, phonenumbers.PhoneNumberFormat.E164),
                phonenumbers.number_type(reference),
            )


def test_address_anchors_after_a_number_word_end_no_street() -> None:
    # `_street_matches` uses the leftmost anchor of each number only; a later one of the same number
    # follows "nr", "no" or "nummer", which end no street suffix
    assert not any(w.endswith(_address._SUFFIX_TUPLE) for w in ("nr", "nr.", "no", "no.", "nummer"))


def test_normalisation_of_unicode_digits_is_left_to_the_detectors() -> None:
    # (a reminder of why the fast paths keep `\d` Unicode: NFKC leaves these digits alone)
    assert _ud.normalize("NFKC", "٣") == "٣"


# --- PERSON, ADDRESS and BSN on unseen messages (issue 2): one row per fix --------------------------------

PERSON_POSITIVES_2 = [
    ("Annemiek Jansen-van der Laan heeft de brief gestuurd", ["Annemiek Jansen-van der Laan"]),  # two-word particle
    ("Lieve Marjolein, dank voor je bericht", ["Marjolein"]),  # a greeting is no part of the name
    ("Geachte mevrouw de Haan, hierbij de beschikking", ["de Haan"]),  # a place name ("De Haan") after a title
    ("Wesley zegt dat De Groot de melding heeft gedaan", ["Wesley", "De Groot"]),  # everyday word after "de"
    ("Kijk wie daar loopt: de Jong van de jeugdzorg", ["de Jong"]),
    ("Jansen belde weer over de overlast", ["Jansen"]),  # a frequent surname on its own
    ("deze Kwame Mensah heeft de melding gedaan", ["Kwame Mensah"]),  # a foreign first name next to a surname
    ("Ayşe Kaya heeft de klacht ingediend", ["Ayşe Kaya"]),  # Latin Extended-A letters
    ("Ahmet Yıldırım belde vanochtend", ["Ahmet Yıldırım"]),
    ("Ga langs bij Okke de Lange op de Middenweg 260-1", ["Okke de Lange"]),  # "op de" after a full name
    ("Fenna, Jorrit en Sietske waren er ook bij", ["Fenna", "Jorrit", "Sietske"]),  # frequent Frisian first names
    ("Marco in 't Veld is de voorzitter", ["Marco in 't Veld"]),  # "in 't" inside a surname stays
    # first names from the rest of Europe (Faker's lists; Cyrillic ones in Latin letters), next to a surname
    ("Andreea Popescu werkt bij de Jumbo", ["Andreea Popescu"]),
    ("Oksana Kovalenko van de woningbouw komt morgen", ["Oksana Kovalenko"]),
    ("Mihai Ionescu is die boa", ["Mihai Ionescu"]),
    ("zijn buurman Dmytro Shevchenko heeft het gezien", ["Dmytro Shevchenko"]),
]


@pytest.mark.parametrize(("text", "names"), PERSON_POSITIVES_2)
def test_person_positive_unseen(engine: Engine, text: str, names: list[str]) -> None:
    assert [t for t, _ in found(engine, text, "PERSON")] == names


PERSON_NEGATIVES_2 = [
    "De Koning opent morgen het nieuwe ziekenhuis",  # "koning" is an everyday word
    "De Stichting Dirk de Vries Fonds geeft subsidie aan clubs",  # an organisation named after a person
    "Ik stond gisteren op het Jan Pieterszoon Coenplein te wachten",  # a street named after a person
    "Ik woon op de Jan van Galenstraat 5",  # the name before "van" is the street's
    "Burgemeester Jan van der Heijdenstraat 4",
    "in 's-Hertogenbosch en 't Hooft",
    "Bart Smit heeft korting op lego deze week",  # a shop
    "Ik zag Kwame gisteren",  # a foreign first name alone is not enough
    "ik werk bij Jansen in Veenendaal",  # a surname after "bij": a firm or a place as often as a person
    "Ik heb niks van die gast gehoord",  # "niks", "iban", "keti": first names elsewhere, Dutch words here
    "stuur even de iban van die rekening",
    "Keti Koti vieren we op 1 juli",
    "Oksana",  # a foreign first name alone is not enough
]


@pytest.mark.parametrize("text", PERSON_NEGATIVES_2)
def test_person_negative_unseen(engine: Engine, text: str) -> None:
    assert found(engine, text, "PERSON") == []


ADDRESS_POSITIVES_2 = [
    ("Ga maar eens kijken op Beatrixln 12, daar woont hij", "Beatrixln 12"),  # abbreviated "laan"
    ("die wonen op Schapendrift 8", "Schapendrift 8"),  # "drift"
    ("WOONT OP MOLENSTRAAT 17 IN DOETINCHEM!!!", "MOLENSTRAAT 17"),  # cue words in capitals stay outside
    ("Oude Kijk in 't Jatstraat 41, Groningen, kamer 3", "Oude Kijk in 't Jatstraat 41, Groningen"),
    ("'s-Gravendijkwal 144A is het, tweede bel", "'s-Gravendijkwal 144A"),  # capitalised after "'s-"
    ("woont t/o Dorpsstraat 21, naast de bakker", "Dorpsstraat 21"),  # "naast" is no place here
]


@pytest.mark.parametrize(("text", "span"), ADDRESS_POSITIVES_2)
def test_address_positive_unseen(engine: Engine, text: str, span: str) -> None:
    assert [t for t, _ in found(engine, text, "ADDRESS")] == [span]


ADDRESS_NEGATIVES_2 = [
    "het Noord-Oost 3 stuks en Noord-Zuid 2",  # two compass points are no street
    "de Ringbaan-Oostelijk 5 keer",
    "Onderweg 5 in Utrecht",  # a word that names no street, whatever follows
    "we zaten in de Jaarbeurs Hal 5 Utrecht",  # numbered things before a place
    "uitslag: Ajax 2 Utrecht 1",
    "stuur het naar Postbus 45, Naaldwijk",
    "echte naam Romy Bakker, 23, uit Zwolle",  # a name and an age
    "Jeroen 3 Utrecht 2",
    "zit in Rotterdam, 12e verdieping",  # a place and a floor
    "De Ringweg 2025 plannen zijn eindelijk bekend",  # a year
]


@pytest.mark.parametrize("text", ADDRESS_NEGATIVES_2)
def test_address_negative_unseen(engine: Engine, text: str) -> None:
    assert found(engine, text, "ADDRESS") == []


def test_bsn_said_not_to_be_one_stays_quiet_beside_the_word_bsn(engine: Engine) -> None:
    assert not found(engine, "Dit is GEEN bsn hoor: 111222333, het is mijn bibliotheekpas", "BSN")


def test_bsn_context_after_the_number(engine: Engine) -> None:
    assert found(engine, "111222333, dat is zijn burgerservicenummer", "BSN") == [("111222333", "111222333")]


_BSN_TABLE_ROWS = "\n".join(f"Persoon met een lange naam {i} | 12-03-1985 | 111222333" for i in range(4))


def test_bsn_column_header_counts_for_every_row(engine: Engine) -> None:
    text = "naam | geboortedatum | bsn\n" + _BSN_TABLE_ROWS
    assert len(found(engine, text, "BSN")) == 4
    text = "naam | geboortedatum | klantnummer\n" + _BSN_TABLE_ROWS
    assert found(engine, text, "BSN") == []


def test_bsn_column_header() -> None:
    from doxwacht.detectors.tables import column_header, header_words

    text = "a | b\n1 | 2\n3 | 4"
    assert column_header(text, text.rindex("4")) == "b"
    assert column_header(text, text.rindex("3")) == "a"
    assert column_header("geen tabel 123", 11) is None
    assert column_header("x | y\x001 | 2", 8) is None  # a message separator ends the table
    text = "naam | bsn\nJan | 111222333\nzijn bsn is 111222333"
    assert header_words(text, text.index("111"), text.index("111") + 9) == ["bsn"]
    assert header_words(text, text.rindex("111"), len(text)) == []  # not in a cell


def test_birth_date_column_header_counts_for_every_row(engine: Engine) -> None:
    rows = "\n".join(f"Persoon met een lange naam {i} | 1{i}-03-1985 | 111222333" for i in range(4))
    assert len(found(engine, "naam | geb | bsn\n" + rows, "DATE_OF_BIRTH")) == 4
    assert found(engine, "naam | datum afspraak | nummer\n" + rows, "DATE_OF_BIRTH") == []


# Round 2 of issue 2 (dev4): suffix-less streets from the curated list, a line break before the
# postcode, a person's name before "van <street>", "De" before a name at a sentence's start, Frisian
# suffixes; BSN named as "fiscaal nummer" or far before the number.
ADDRESS_POSITIVES_3 = [
    ("ze woont op Spui 12, boven die boekwinkel", "Spui 12"),  # listed street, no suffix
    ("Blaak 28 in Rotterdam, daar zit hij", "Blaak 28"),  # listed, at a sentence's start
    ("Rokin 84, 1012 KX Amsterdam", "Rokin 84, 1012 KX Amsterdam"),  # with postcode and place
    ("Achter de Muur 8 in Zutphen", "Achter de Muur 8"),  # a listed name with link words kept whole
    ("HIJ WOONT OP WEENA 12!!!", "WEENA 12"),  # capitals
    ("adres:\nKerkstraat 5\n3581 RA Utrecht", "Kerkstraat 5\n3581 RA Utrecht"),  # one line break
    ("brief van Boschstraat 21,\n6211 AS Maastricht", "Boschstraat 21,\n6211 AS Maastricht"),
    ("Anne de Vries van Kerkstraat 9 heeft gebeld", "Kerkstraat 9"),  # a name before "van <street>"
    ("Jan van Galenstraat 12 is het", "Jan van Galenstraat 12"),  # ... but a street named after one
    ("De Genestetlaan 25, Haarlem. Succes", "De Genestetlaan 25, Haarlem"),  # "De" before a name
    ("De Kerkstraat 5 is afgesloten", "Kerkstraat 5"),  # "De" before an everyday word: an article
    ("Haadstrjitte 27, Jirnsum", "Haadstrjitte 27, Jirnsum"),  # Frisian suffix
]


@pytest.mark.parametrize(("text", "span"), ADDRESS_POSITIVES_3)
def test_address_positive_round_two(engine: Engine, text: str, span: str) -> None:
    assert [t for t, _ in found(engine, text, "ADDRESS")] == [span]


ADDRESS_NEGATIVES_3 = [
    "het Spui is druk op zaterdag",  # a listed street without a number
    "we zaten met 12 man op de Blaak, 3 uur lang",
    "Kerkstraat\n3581 RA Utrecht",  # no house number
    "de wei 5 keer gemaaid",  # a Frisian suffix on its own
]


@pytest.mark.parametrize("text", ADDRESS_NEGATIVES_3)
def test_address_negative_round_two(engine: Engine, text: str) -> None:
    assert found(engine, text, "ADDRESS") == []


@pytest.mark.parametrize(
    ("text", "bsn"),
    [
        ("fiscaal nummer: 111222333", "111222333"),
        ("Uw fiscaal nummer / BSN: 111222333", "111222333"),
        ("Het fiscale nummer van mevrouw Kok is 111222333", "111222333"),
        ("B S N: 1112 22 333", "1112 22 333"),
        # the cue word far before the number, in the same message
        (("Het burgerservicenummer dat op de brief stond, helemaal onderaan bij de handtekening van de "
          "ambtenaar, was 111222333"), "111222333"),
    ],
)
def test_bsn_round_two_positive(engine: Engine, text: str, bsn: str) -> None:
    assert [t for t, _ in found(engine, text, "BSN")] == [bsn]


@pytest.mark.parametrize(
    "text",
    [
        "Fiscaal nummer van de vereniging: 111222333",  # an organisation's number (its RSIN)
        "ik weet zijn BSN niet, alleen zijn klantnummer 111222333",  # a negative cue nearer
        # a far BSN word does not reach across a negative cue in the ordinary window
        "Het BSN heb ik niet, wel van alles over zijn bestelling, zoals de bezorgdatum en het adres: bestelnummer 111222333",
        "Ordernummer 111222333 en het BSN staat er niet op",
    ],
)
def test_bsn_round_two_negative(engine: Engine, text: str) -> None:
    assert found(engine, text, "BSN") == []


def test_bsn_named_far_after_the_number(engine: Engine) -> None:
    text = "Yasmina Akkouh 111222333 01-02-1993 staat allemaal op die lijst van de gemeente, BSN en al"
    assert [t for t, _ in found(engine, text, "BSN")] == ["111222333"]
    text = "klantnummer 111222333 staat op de lijst van de gemeente, en verder geen BSN of zo"
    assert found(engine, text, "BSN") == []
