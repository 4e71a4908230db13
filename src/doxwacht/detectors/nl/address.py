"""ADDRESS: street + house number (+ addition), extended over the postcode and place that follow;
and a postcode + house number on its own ("5119wa huisnummer 350"). POSTCODE findings inside an
address are reported by the postcode detector and kept beside it by the overlap stage."""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib.resources import files

from doxwacht.detectors.context import ContextWords
from doxwacht.detectors.nl import gazetteers as gz
from doxwacht.detectors.nl.postcode import NEVER_ISSUED
from doxwacht.detectors.nl.words import TWO_LETTER_WORDS
from doxwacht.detectors.triggers import Trigger, until_message_end
from doxwacht.document import Document
from doxwacht.document.document import SEPARATOR
from doxwacht.findings import Evidence, Finding, Label

STREET_SUFFIXES = (
    "straat", "straatje", "laan", "laantje", "weg", "plein", "pleintje", "gracht", "kade", "hof", "dreef", "pad",
    "singel", "steeg", "dijk", "markt", "ring", "baan", "boulevard", "allee", "erf", "wal", "burgwal", "haven",
    "plantsoen", "dam", "park", "veld", "hoeve", "zijde", "wetering", "vaart", "kanaal", "polder", "berg",
    "brink", "oord", "akker", "weide", "hoek", "gang", "poort", "promenade", "kwartier", "dwarsstraat", "rade",
    "vliet", "dyk", "loop", "straatweg", "achterweg", "kamp", "hout", "tuin", "tuinen", "hoven", "lanen",
    "einde", "schans", "burg", "voorhout", "zijl", "diep", "stede", "vest", "veste", "oever", "kaai", "lei", "dries",
    "steenweg", "str.", "drift", "ln",  # ("ln": "Beatrixln", "Burg. Jansenln")
    "strjitte", "buorren", "leane", "loane", "paad", "wei",  # Frisian: "Haadstrjitte", "Skoalleane", "Rinsmawei"
)
# Words that end like a street but are not one.
NOT_STREETS = frozenset(
    """onderweg snelweg halfweg overweg zijweg hoofdweg fietspad voetpad wandelpad zandpad kerkhof gerechtshof
    binnenhof voorhof achterhof hof weg pad laan straat plein kade dijk markt ring baan park veld berg hoek gang
    poort tuin hout kamp dam haven erf wal loop vaart oord brink zijde weide akker polder kanaal vliet boulevard
    allee promenade kwartier singel steeg gracht dreef rade hoeve wetering plantsoen kantoor parkeerplaats
    vliegveld voetbalveld speelveld sportpark bedrijventerrein winkelcentrum supermarkt vismarkt weekmarkt
    zwembad ziekenhuis station busbaan startbaan loopbaan renbaan ijsbaan tramhalte rotonde zijkant achterkant
    jaarmarkt zwarte bovenkant snelwegen zeehaven jachthaven stadspark thuishaven volkstuin speeltuin dierentuin
    achtertuin voortuin moestuin schoolplein einde eind vest burg oever diep wei""".split()
)
# Of those, the words that name no street anywhere, whatever follows them ("Onderweg 5 in Utrecht"); the others are
# streets in some towns ("Markt 20 in Roermond", "Singel 33 Dordrecht", "Hoofdweg 212-A")
_NEVER_STREETS = frozenset(
    """onderweg snelweg halfweg overweg zijweg fietspad voetpad wandelpad kantoor parkeerplaats vliegveld
    voetbalveld speelveld sportpark bedrijventerrein winkelcentrum supermarkt zwembad ziekenhuis station busbaan
    startbaan loopbaan renbaan ijsbaan tramhalte rotonde zijkant achterkant bovenkant snelwegen zeehaven jachthaven
    thuishaven volkstuin speeltuin dierentuin achtertuin voortuin moestuin eind einde zwarte weg pad""".split()
)
# Words after a house number that show it is not one: "Sesamstraat 50 jaar", "Feyenoord 3 - Heerenveen 1"
# "Rotterdam, 5e verdieping", "de Ringweg 2025 plannen" (a year, then a word that is no addition or place)
_NOT_AFTER_NUMBER = (
    r"\s?(?i:jaar|jarig|keer|uur|euro|eur|km|kilometer|min|minuten|procent|%|punten|goals|doelpunten)\b|\s-\s(?:\d|[A-Z][a-z]+ \d)"
    r"|(?:e|ste|de) (?i:verdieping|etage|woonlaag)\b"
    r"|(?<=\b(?:19|20)\d\d) (?!(?:in|te|op|bij|hs|bis|huis|boven|beneden|zwart|rood|app|bus)\b)[a-z]{3,}"
    # a number after a comma and before a lower-case word is a count, not a house number ("in de Hoflaan, 2 man met
    # capuchon", "bij de supermarkt, 4 voor 2 euro", "Van Goghpad, 12 kunstenaars"; but "Kerkstraat, 12 in Utrecht")
    r"|(?:(?<=, [1-9])|(?<=, [1-9]\d)|(?<=, [1-9]\d\d)) (?!(?:in|te|op|bij|hs|bis|huis|boven|beneden|app|bus)\b)[a-z]"
    # four digits and two capitals are a postcode, not a house number ("agent Bakker, 1234 AB"), also glued to what
    # follows ("J.P. van der Berg, 1234 AB06-12345678")
    r"|(?<=[1-9]\d{3}) ?[A-Z]{2}(?![a-z])"
)
_SUFFIX_ALT = "|".join(re.escape(x) for x in sorted(STREET_SUFFIXES, key=len, reverse=True))
_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿ"
_WORD = rf"[{_UP}{_LOW}][{_LOW}{_UP}'’.-]*"
# words that may lead a street name: capitalised, in capitals, ordinals ("2e", "Eerste"), link words
_LEAD = rf"(?:[{_UP}][{_LOW}'’.-]*|[{_UP}]{{2,}}|\d{{1,2}}e|'s-?[{_UP}][{_LOW}]*)"
_LINK = r"(?:van|de|der|den|het|'t|la|le|ter|ten)"
# a compass point after a street's suffix, as part of its name: "Ringbaan-Oost", "Kanaaldijk-Noord"
_DIRECTIONS = ("oost", "west", "noord", "zuid")
_DIRECTION = r"(?:-(?:Oost|West|Noord|Zuid|OOST|WEST|NOORD|ZUID))"
# inside a street's name: "Oude Kijk in 't Jatstraat", "v. Goghstraat"
_LINK_IN_NAME = r"(?:van|de|der|den|het|'t|la|le|ter|ten|in|v\.|vd\.?|v\.d\.)"
# street names: words ending in a suffix, led by capitalised words or link words ("Laan van Meerdervoort",
# "Burgemeester de Monchyplein", "Van Woustraat", "Lange Nieuwstraat")
_STREET = (
    rf"(?:(?:{_LEAD}|{_LINK_IN_NAME}) ){{0,4}}(?:'s-)?(?:[{_UP}{_LOW}][{_LOW}{_UP}'’-]*)?(?i:{_SUFFIX_ALT}){_DIRECTION}?"
    rf"|(?i:laan|plein|kade|dreef|singel|hof|weg|straat|burgwal|gracht|markt) (?:{_LINK} ){{1,2}}"
    rf"(?:[{_UP}](?:[{_LOW}'’-]|(?<=-)[{_UP}])+ ?){{1,2}}(?=\s?\d)"  # ("Laan van Nieuw Oost-Indië")
)
_NUMBER = r"(?P<number>[1-9]\d{0,4}(?!\d))"
_ADDITION = (
    r"(?P<addition>(?:(?:-| ?-(?! ?\d)| )?(?:[A-Za-z](?![\w])|(?i:bis|hs|huis|boven|beneden|bg|bv|zw|rd|i{1,3}|iv)\b"
    r"|(?<=-)\d{1,3}\b|(?<=[ -])\d{1,2} ?(?i:hoog|hg|h)\b|(?i:zwart|rood)\b|(?i:app\.?|bus) ?\d{1,4}\b)"
    r"|[A-Za-z](?:-?(?i:bis))?(?![\w])|(?i:bis)\b)){0,2}"
)
_POSTCODE = r"(?P<postcode>[1-9]\d{3} ?[A-Za-z]{2}(?![\w])|[1-9]\d{3}(?= [A-Z][a-z]))"  # Belgian: 4 digits
_PLACE_WORD = rf"(?:[{_UP}][{_LOW}'’]+|[{_UP}]{{2,}}|[{_LOW}]{{3,}})"
_PLACE = (
    rf"(?P<place>(?:'s[- ]|'t )?{_PLACE_WORD}"
    rf"(?:(?:[- ](?:aan|op|en|bij|in)(?: de| den| der)?)?[- ][{_UP}][{_LOW}'’]+|[- ][{_UP}]{{2,}}|-{_PLACE_WORD}){{0,3}})"
)
_CUE = r"(?P<cue>(?:woont|wonen|woonachtig|verblijft|zit|adres|adresje|huis|staat|kantoor|winkel|praktijk|afhalen|ophalen|bezorgd|verzamelen|verhuisd)\b[^\n.!?\x00]{0,20}?\b(?:op|aan|in|te|:)\s+(?:de |het )?)"

STREET_ADDRESS = re.compile(
    rf"(?<![\w@/-])(?P<street>{_STREET}),? (?:nr\.? ?|nummer |huisnummer |no\.? ?)?{_NUMBER}(?!{_NOT_AFTER_NUMBER}){_ADDITION}"
    rf"(?P<tail>(?:,?[ \n]{_POSTCODE}(?:,? {_PLACE})?)|(?:,?[ \n](?P<place_only>{_PLACE[len('(?P<place>') : -1]})))?"
    r"(?![\w-]|[.,/]\d)"
)
# a street without one of the usual suffixes, from the curated list `streets.txt` ("Spui 12", "Blaak 28",
# "Achter de Muur 8"); matched at a place `AddressDetector` found by the list, the same tail as above
_GAZETTEER_STREET_NAMES = tuple(
    line.strip() for line in files("doxwacht.data").joinpath("gazetteers", "streets.txt").read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)
GAZETTEER_ADDRESS = re.compile(
    rf"(?P<street>(?i:{gz.trie_regex(sorted(_GAZETTEER_STREET_NAMES))})),? (?:nr\.? ?|nummer |huisnummer |no\.? ?)?"
    rf"{_NUMBER}(?!{_NOT_AFTER_NUMBER}){_ADDITION}"
    rf"(?P<tail>(?:,?[ \n]{_POSTCODE}(?:,? {_PLACE})?)|(?:,?[ \n](?P<place_only>{_PLACE[len('(?P<place>') : -1]})))?"
    r"(?![\w-]|[.,/]\d)"
)
# a street without a usual suffix and not listed, followed by its number and a place ("Lindeboom 3 Valkenswaard",
# "Heuvel 12, Veghel"): an address only where the place is a known one and the word no everyday word, no name and
# no place (see `AddressDetector._bare`)
BARE_ADDRESS = re.compile(
    rf"(?P<street>[{_UP}][{_LOW}'’]{{2,}}(?:-[{_UP}][{_LOW}'’]+)?) {_NUMBER}{_ADDITION},? "
    rf"(?P<place_only>(?:'s[- ]|'t |Den |De )?[{_UP}][{_LOW}'’]+(?:(?:[- ](?:aan|op|en|bij|in)(?: de| den| der)?)?[- ][{_UP}][{_LOW}'’]+){{0,2}})"
    r"(?![\w-]| ?\d|[.,]\d)"
)
# what follows the first digit of a BARE_ADDRESS's number, loosely (the rest of the number, an addition, then a capital):
# a cheap first test at an anchor
_BARE_AFTER = re.compile(r"[\da-zA-Z-]{0,8}(?: [a-zA-Z]{1,7})?,? ['A-ZÀ-Þ]")
# "in" or "te" and a place after a house number: "Markt 20 in Roermond", "Heuvel 2 te Tilburg"
_IN_PLACE = re.compile(rf",? (?:in|te) ((?:'s[- ]|'t |Den |De )?[{_UP}][{_LOW}'’]+(?:[- ](?:aan |op |en |bij |in )?(?:de |den |der )?[{_UP}][{_LOW}'’]+){{0,2}})")
# words that are numbered but no street: "Groep 8 Amsterdam", "Hal 5 Utrecht", "Terminal 2 Schiphol"
_NUMBERED_NOT_STREETS = frozenset(
    """groep klas lijn bus tram trein route afrit uitgang ingang kamer zaal hal fase terminal pier gate perron spoor
    vak blok tafel rij stoel kassa balie loket verdieping etage gebouw deel seizoen aflevering hoofdstuk level ronde
    etappe team elftal code versie editie artikel pagina sectie week dag maand jaar uur minuut nummer punt stap
    plaats positie leeftijd maat kavel""".split()
)
# the last word of each listed street -> the listed names (word tuples, folded) that end with it
_GAZETTEER_BY_LAST: dict[str, list[tuple[str, ...]]] = {}
for _name in sorted(_GAZETTEER_STREET_NAMES, key=lambda n: -len(n)):
    _GAZETTEER_BY_LAST.setdefault(_name.split()[-1], []).append(tuple(_name.split()))
# the last three characters of those last words: a cheap first test at every anchor
_GAZETTEER_ENDS = frozenset(w[-3:] for w in _GAZETTEER_BY_LAST)
# (a necessary condition of `_CUE`: a part of each of its cue words; "wonen" and "verblijft" were missing, and a
# message with them found its address only when another message of its batch held a cue word)
_CUE_WORDS = re.compile(r"woon|wonen|verblijft|adres|huis|zit|staat|kantoor|winkel|praktijk|halen|bezorgd|verzamelen|verhuisd")
CUE_ADDRESS = re.compile(
    rf"{_CUE}(?P<street>(?:[{_UP}][{_LOW}'’-]+ ){{0,2}}[{_UP}][{_LOW}'’-]+) {_NUMBER}{_ADDITION}"
    rf"(?P<tail>,? {_POSTCODE}(?:,? {_PLACE})?)?(?![\w-]|[.,]\d)"
)
# the house number before its street: "op nummer 12 aan de Dorpsstraat"; or the street (and place) in brackets after
# it: "nr. 5 (Klimopstraat)", "ik woon op 17 (Van Goghstraat, Nijmegen)" (see `AddressDetector._number_first`)
_NUMBER_WORD = r"(?:huisnummer|huisnr\.?|nummer|nr\.?|no\.?) ?"
NUMBER_THEN_STREET = re.compile(
    rf"(?<![\w@/.-])(?i:{_NUMBER_WORD}){_NUMBER}{_ADDITION},? (?i:aan|in|op|van) (?:de |het )?(?P<street>{_STREET})(?![\w-])"
)
NUMBER_THEN_BRACKETED = re.compile(
    rf"(?:(?<![\w@/.-])(?i:{_NUMBER_WORD})|(?<![\w@/.-])(?i:op) ){_NUMBER}{_ADDITION} \((?P<street>{_STREET})"
    rf"(?:, ?{_PLACE})?\)"
)
# what follows the first digit of a house number before its street, loosely: tried at `_street_matches`' anchors
_AFTER_FIRST_DIGIT = re.compile(r"\d{0,4}[^\n\x00]{0,24}?(?:,? (?i:aan|in|op|van) | \()")
# the words a number-first form starts with, when the anchor's number has none of its own ("op 17 (...)", "huisnr 5")
_NUMBER_FIRST_WORDS = frozenset({"op", "nr", "nr.", "no", "no.", "nummer", "huisnummer", "huisnr", "huisnr."})
_NUMBER_FIRST_ENDS = frozenset({w[-1] for w in _NUMBER_FIRST_WORDS} | {w[-1].upper() for w in _NUMBER_FIRST_WORDS})
# The word before "nummer" / "nr." must be one that leads to a house: "woont op nummer 12 aan de ...", "bij nr. 5
# (...)", "de buren van nummer 8 van de ..."; a noun there numbers something else ("inbraak nummer 3 in de
# Stationsstraat", "kraam nummer 45 op de Albert Cuypmarkt", "als nummer 3 op de Cauberg", "wie is nummer 1 in de
# Kalverstraat"), as a list does ("Gevaarlijkste straten: op 1 (Kerkstraat), op 2 (Dorpsstraat)"). Before "op N (":
# a word of the sentence, not punctuation. (An opening bracket before "nummer" will do: "Jan (nummer 3 op de ...)".)
_BEFORE_NUMBER_WORD = frozenset({"op", "bij", "van", "naar", "aan", "tot", "woon", "woont", "wonen", "woonde", "woonden"})
_OPENS_SENTENCE = re.compile(r"(?:^|[.!?\n]\s*|\x00)$")
_LIST_NEXT = re.compile(r",? (?i:op|nummer|nr\.?|no\.?) ?[1-9]")
POSTCODE_NUMBER = re.compile(
    rf"(?=[1-9])(?<![\w@/-])(?P<postcode>[1-9]\d{{3}} ?[A-Za-z]{{2}})(?:,? ?|-)(?:(?i:huisnummer|huisnr\.?|nr\.?|nummer|no\.?) ?)?{_NUMBER}{_ADDITION}(?![\w-]|[.,]\d|\s?(?i:uur|euro|eur|keer|jaar|km|min|minuten|procent|%))"
)
# `POSTCODE_NUMBER` with the look-behind after the first digit: the same matches, and the regex
# engine can jump to digits
_POSTCODE_NUMBER_FAST = re.compile(
    rf"(?P<postcode>[1-9](?<![\w@/-][1-9])\d{{3}} ?[A-Za-z]{{2}})(?:,? ?|-)(?:(?i:huisnummer|huisnr\.?|nr\.?|nummer|no\.?) ?)?{_NUMBER}{_ADDITION}(?![\w-]|[.,]\d|\s?(?i:uur|euro|eur|keer|jaar|km|min|minuten|procent|%))"
)
# Where a `CUE_ADDRESS` match can start: where one of its cue words starts (a first letter the regex
# engine jumps to, then the rest of the word as a look-ahead; every start is found, overlapping or not)
_CUE_WORD_LIST = ("woont", "wonen", "woonachtig", "verblijft", "zit", "adres", "adresje", "huis", "staat", "kantoor",
                  "winkel", "praktijk", "afhalen", "ophalen", "bezorgd", "verzamelen", "verhuisd")
_CUE_START = re.compile(
    "|".join(
        re.escape(first) + "(?=" + gz.trie_regex(sorted(w[1:] for w in _CUE_WORD_LIST if w[0] == first)) + ")"
        for first in sorted({w[0] for w in _CUE_WORD_LIST})
    )
)

# Anchors: the cheap part of a street address to find, from which the full pattern is tried locally.
# (a letter, then a house number: the letter ends the street's last word; its suffix is checked in
# Python, since a case-insensitive alternation of suffixes is slow in `re`)
_ANCHOR_NUMBER = re.compile(r"[^\W\d_.]\.?,? (?:nr\.? ?|nummer |huisnummer |no\.? ?)?[1-9]")
_ANCHOR_LAAN_VAN = re.compile(rf"[LlPpKkDdSsHhWwBbGgMm](?:aan|lein|ade|reef|ingel|of|eg|traat|urgwal|racht|arkt) {_LINK} ")
# `_ANCHOR_LAAN_VAN` with the same matches, faster: from the space after the street word (a literal the
# regex engine jumps to) rather than from every letter of the class; the group that matches holds the
# word (`_ANCHOR_LAAN_VAN`'s start). No suffix ends another, so one group at most matches per space.
# (9.5 -> 7.7 ms over 0.84 MB of chat; tests/test_speedups.py checks the two agree)
_ANCHOR_LAAN_VAN_FAST = re.compile(
    rf" (?={_LINK} )(?:"
    + "|".join(f"(?<=([LlPpKkDdSsHhWwBbGgMm]{suffix}) )" for suffix in
               ("aan", "lein", "ade", "reef", "ingel", "of", "eg", "traat", "urgwal", "racht", "arkt"))
    + ")"
)
_SUFFIX_TUPLE = tuple(STREET_SUFFIXES)
_DIRECTION_WORDS = frozenset(w for d in _DIRECTIONS for w in (d.capitalize(), d.upper()))
# `_ANCHOR_NUMBER` with the same matches, faster: from the space before the number (a literal the
# regex engine jumps to) rather than from every letter; the group that matches holds the anchor's
# letter (`_ANCHOR_NUMBER`'s start).
_ANCHOR_LETTER = r"[^\W\d_.]"
_ANCHOR_NUMBER_FAST = re.compile(
    rf" (?=(?:nr\.? ?|nummer |huisnummer |no\.? ?)?[1-9])"
    rf"(?:(?<=({_ANCHOR_LETTER}) )|(?<=({_ANCHOR_LETTER})\. )|(?<=({_ANCHOR_LETTER}), )|(?<=({_ANCHOR_LETTER})\., ))"
    r"(?:nr\.? ?|nummer |huisnummer |no\.? ?)?[1-9]"
)
# the last three characters of every street suffix, lower case: a cheap first test
_SUFFIX_ENDS = frozenset(x[-3:] for x in STREET_SUFFIXES)
_WORD_BACK = re.compile(rf"(?:(?:{_LEAD}|{_LINK_IN_NAME}) ){{0,4}}(?:'s-)?[{_UP}{_LOW}][{_LOW}{_UP}'’-]*\.?$")

# every character a `_WORD_BACK` match can hold but for non-ASCII digits (`\d` is Unicode there)
_WORD_BACK_CHARS = (
    "".join(map(chr, range(0x41, 0x5B))) + "".join(map(chr, range(0x61, 0x7B))) + "0123456789"
    + "".join(chr(c) for c in range(0xC0, 0x100) if c not in (0xD7, 0xF7)) + "'’.- "
)


def _cue_matches(text: str) -> Iterator[re.Match[str]]:
    """`CUE_ADDRESS.finditer(text)`: the pattern tried only where a cue word starts."""
    done = 0
    for c in _CUE_START.finditer(text):
        start = c.start()
        if start < done:
            continue
        m = CUE_ADDRESS.match(text, start)
        if m is not None:
            done = m.end()
            yield m


def _listed_street_match(text: str, end: int) -> re.Match[str] | None:
    """A GAZETTEER_ADDRESS match of a listed street whose name ends at `end`, or None."""
    # (an opening bracket or quote before it is not part of the street: "(Spui 7)")
    word = text[max(0, end - 40) : end].rsplit(None, 1)[-1].rsplit(SEPARATOR, 1)[-1].lstrip("([{\"'“‘«<").lower()
    for name in _GAZETTEER_BY_LAST.get(word, ()):
        joined = " ".join(name)
        start = end - len(joined)
        if start < 0 or text[start:end].lower() != joined or (start > 0 and text[start - 1].isalnum()):
            continue
        m = GAZETTEER_ADDRESS.match(text, start)
        if m is not None:
            return m
    return None


def _word_back_search(text: str, lo: int, end: int) -> re.Match[str] | None:
    """`_WORD_BACK.search(text, lo, end)`, faster: a match only holds `_WORD_BACK_CHARS` and digits,
    so it cannot start before the run of them that ends at `end` (or at a newline right before it,
    where `$` matches too)."""
    stop = end - 1 if end > lo and text[end - 1] == "\n" else end
    stripped = text[lo:stop].rstrip(_WORD_BACK_CHARS)
    while stripped and stripped[-1].isdecimal():
        stripped = stripped[:-1].rstrip(_WORD_BACK_CHARS)
    return _WORD_BACK.search(text, lo + len(stripped), end)


CONTEXT = ContextWords.of(
    positive=["woont", "woon", "wonen", "woonachtig", "gevestigd", "adres", "adresje", "huis", "verhuisd", "langs",
              "voordeur", "postcode", "woning", "bezoekje", "bezoeken", "staat", "deur", "aanbellen", "huisnummer",
              "naar", "kom", "komen"],
    negative=["bus", "buslijn", "lijn", "tram", "spoor", "perron", "route", "kilometer", "km", "afrit"],
    window=45, after=25, boost=0.15, penalty=0.3,
)


# "op de" / "aan de" right before a street (where a lower-case street takes it as a little evidence)
_AT_THE = re.compile(r"(?<![\w-])(?i:op|aan) de $")
_ROADS = frozenset({"rijksweg", "provincialeweg", "ringweg", "rondweg", "n-weg", "snelweg"})
_CLAUSE_END = re.compile(r"\s*(?:[,.;:!?)\n]|$|(?i:in(?! elkaar)|te|bij|maar)\b)")
# lower-case link words before a street are not part of its name ("op de Kerkstraat"); "Van Woustraat" keeps "Van"
_LEADING_LINKS = frozenset({"van", "de", "het", "op", "aan", "in", "bij", "en", "over", "den", "der", "la", "le"})
# organisational addresses: never a person's street
NOT_STREET_NAMES = frozenset({"postbus", "antwoordnummer", "pb", "bus", "top"})  # ("top": "staat op 3 in de Top 40")
# words in capitals before a street that are not part of it: "WOONT OP MOLENSTRAAT 17"
_LEADING_CAPITAL_WORDS = _LEADING_LINKS | frozenset(
    {"woont", "wonen", "woon", "adres", "naar", "zit", "is", "hier", "daar", "t/o", "naast", "tegenover"}
)
# words that say an address follows, capitalised at a sentence's start: never part of the street
_LEADING_ADDRESS_WORDS = frozenset(
    """woont wonen woonachtig adres adresje priveadres woonadres thuisadres huisadres bezoekadres postadres
    afleveradres verhuisd""".split()
)
# lower-case words after a comma that are no place even where a hamlet has that name ("..., naast de bakker")
_NOT_PLACES_LOWER = frozenset({"naast", "tegenover", "boven", "onder", "achter", "voor", "bij", "vlakbij", "hoek"})
_SENTENCE_START = re.compile(r"(?:^|[.!?:\n]\s*|\x00)$")


# everyday words that street names start with: after a sentence-opening "De" they show it is an article
_GENERIC_STREET_STARTS = frozenset(
    """kerk dorp molen school station markt haven hoofd nieuw oud zand water brug beuken eiken linden berken
    rozen tulpen parallel industrie spoor park zee duin heide veld bos wilhelmina juliana beatrix emma oranje
    prins prinses koning koningin burg stad sport tuin bloem vogel merel lijster vink mees zwaluw kastanje
    populieren iepen esdoorn acacia lange korte grote kleine hoge lage eerste tweede derde oude nieuwe oost
    west noord zuid oosterse wester noorder zuider achter voor binnen buiten dijk weg laan""".split()
)


# abbreviations that lead street names ("Burg. de Withstraat", "Mr. Visserplein", "Dr. Schaepmanstraat")
_ABBREVIATIONS = frozenset(
    """burg burgem mr dr drs ir ing prof st gen kon pr pres jhr ds mgr gebr mevr dhr wed adm kard past v vd v.d""".split()
)
_INITIALS = re.compile(r"(?:[A-Z]\.)+")


def _abbreviation(word: str) -> bool:
    """Whether `word` (ending with a full stop) is an abbreviation or initials, not the end of a sentence."""
    return gz.fold(word.rstrip(".")) in _ABBREVIATIONS or _INITIALS.fullmatch(word) is not None


def _generic_street_start(word: str) -> bool:
    """Whether `word` (the street's first word) starts with an everyday word ("Kerkstraat", "Lange")."""
    folded = gz.fold(word)
    return any(folded.startswith(w) for w in _GENERIC_STREET_STARTS)


class _Spans:
    """The spans of the addresses a message has given so far, by the 64-character block their start is in: whether one
    covers a position or overlaps a range is asked of those near it only (a pasted list of thousands of addresses made
    a plain list of them quadratic)."""

    __slots__ = ("_blocks", "_longest")

    def __init__(self) -> None:
        self._blocks: dict[int, list[tuple[int, int]]] = {}
        self._longest = 0

    def add(self, span: tuple[int, int]) -> None:
        self._blocks.setdefault(span[0] // 64, []).append(span)
        self._longest = max(self._longest, span[1] - span[0])

    def _near(self, lo: int, hi: int) -> Iterator[tuple[int, int]]:
        """The spans that start from `lo - longest` to `hi`: all that can cover a position or overlap a range there."""
        for block in range((lo - self._longest) // 64, hi // 64 + 1):
            yield from self._blocks.get(block, ())

    def covers(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self._near(pos, pos))

    def overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self._near(start, end))


class AddressDetector:
    name = "nl.address.v1"
    labels = frozenset({Label.ADDRESS})

    triggers = (
        # (STREET_ADDRESS's own words between the street and its number: a comma, "huisnummer" too)
        Trigger(until_message_end(rf"(?:{_SUFFIX_ALT})(?:-(?:oost|west|noord|zuid))?,? (?:nr\.? ?|nummer |huisnummer |no\.? ?)?[1-9]"),
                caseless=True),
        Trigger(until_message_end(rf"(?:laan|plein|kade|dreef|singel|hof|weg|straat|burgwal|gracht|markt) {_LINK} "),
                caseless=True),
        # CUE_ADDRESS without its word boundaries: the cue, at most 20 characters, "op", "aan", "in", "te" or
        # ":", white space (Python's `\s` is more than Hyperscan's: also \x1c-\x1f and non-ASCII spaces),
        # then one to three capitalised words, one space apart, and the number
        Trigger(until_message_end(
            rf"(?:woont|wonen|woonachtig|verblijft|zit|adres|adresje|huis|staat|kantoor|winkel|praktijk|afhalen|ophalen|bezorgd|verzamelen|verhuisd)[^\n.!?\x00]{{0,20}}(?:op|aan|in|te|:)"
            rf"(?:\s|[\x1c-\x1f]|[^\x00-\x7f])+(?:de |het )?[{_UP}][^ \n\x00]*(?: [{_UP}][^ \n\x00]*){{0,2}} [1-9]"
        )),
        Trigger(until_message_end(
            r"[1-9]\d{3} ?[A-Za-z]{2}[,-]? ?(?:huisnummer |huisnr\.? ?|nr\.? ?|nummer |no\.? ?)?[1-9]"
        ), caseless=True),
        # NUMBER_THEN_STREET ("nummer 12 aan de ...": a number word, never "op") and NUMBER_THEN_BRACKETED ("op 17 (...")
        Trigger(until_message_end(
            r"(?:nummer|nr|no)\.? ?[1-9][0-9]{0,4}[^\n\x00]{0,20}(?:aan|in|op|van) |(?:nummer|nr|no|op)\.? ?[1-9][0-9]{0,4}[^\n\x00(]{0,20} \("
        ), caseless=True),
        # BARE_ADDRESS: a capitalised word, a number and a capitalised word
        Trigger(until_message_end(r"[A-Z][a-z\x80-\xff'-]{2,} [1-9][0-9]{0,4}[^\n\x00]{0,6} [A-Z'][a-z' ]")),
        # a listed street without a usual suffix ("Spui 12"): GAZETTEER_ADDRESS's street and number
        Trigger(until_message_end(
            rf"(?:{gz.trie_regex(sorted(_GAZETTEER_STREET_NAMES))}),? (?:nr\.? ?|nummer |huisnummer |no\.? ?)?[1-9]"
        ), caseless=True),
    )

    def __init__(self) -> None:
        self.places = gz.places()
        self.common = gz.common_words()
        self.first_names = gz.first_names()

    def detect(self, doc: Document) -> Iterator[Finding]:
        text = doc.norm
        spans = _Spans()
        listed: list[re.Match[str]] = []
        bare: list[int] = []
        number_first: list[int] = []
        for m in self._street_matches(text, listed, bare, number_first):
            if spans.covers(m.start()):
                continue  # (in the tail of the address before it: its place)
            got = self._street(doc, m, cue=False)
            if got is not None:
                spans.add((m.start(), got[1]))
                yield got[0]
        for m in listed:
            if spans.overlaps(m.start(), m.end()):
                continue
            got = self._street(doc, m, cue=False, listed=True)
            if got is not None:
                spans.add((m.start(), got[1]))
                yield got[0]
        for end in bare:
            # (most words before a number are lower case, "om 5", or no street: tried only from a capital)
            start = end - len(text[max(0, end - 40) : end].rsplit(None, 1)[-1].rsplit(SEPARATOR, 1)[-1])
            if not text[start : start + 1].isupper() or spans.covers(start):
                continue
            got = self._bare(doc, start)
            if got is not None:
                spans.add((start, got[1]))
                yield got[0]
        if _CUE_WORDS.search(text):
            for m in _cue_matches(text):
                if spans.covers(m.start("street")):
                    continue
                got = self._street(doc, m, cue=True)
                if got is not None:
                    spans.add((m.start("street"), got[1]))
                    yield got[0]
        for start in number_first:
            for rx in (NUMBER_THEN_STREET, NUMBER_THEN_BRACKETED):
                m = rx.match(text, start)
                if m is None or spans.overlaps(m.start(), m.end()):
                    continue
                got = self._number_first(doc, m)
                if got is not None:
                    spans.add((m.start(), got[1]))
                    yield got[0]
                    break
        for m in _POSTCODE_NUMBER_FAST.finditer(text):
            if spans.covers(m.start()):
                continue
            if m.group("postcode")[-2:].upper() in NEVER_ISSUED:
                continue
            pc = m.group("postcode").replace(" ", "").upper()
            letters = m.group("postcode")[-2:]
            if letters.islower() and letters in TWO_LETTER_WORDS and not CONTEXT.cues(doc, m.start(), m.end())[0]:
                continue  # "2024 om 10"
            ev = [Evidence("pattern", "postcode + house number")]
            score = 0.8 if m.group("postcode")[-2:].isupper() else 0.65
            score, ev = CONTEXT.adjust(doc, m.start(), m.end(), score, ev)
            value = f"|{m.group('number')}|{self._addition(m)}|{pc}|"
            yield doc.finding(Label.ADDRESS, m.start(), m.end(), value=value, score=score, detector=self.name, evidence=ev)

    def _place_after(self, text: str, end: int) -> bool:
        """Whether "in" or "te" and a known place follow `end` ("Markt 20 in Roermond")."""
        m = _IN_PLACE.match(text, end)
        return m is not None and self._known_place(m.group(1))

    def _known_place(self, place: str) -> bool:
        folded = gz.fold(place)
        if place.islower() and (folded in _NOT_PLACES_LOWER or folded in self.common):
            return False
        return folded in self.places or folded.split("-")[0] in self.places

    @staticmethod
    def _street_matches(text: str, listed: list[re.Match[str]] | None = None,
                        bare: list[int] | None = None, number_first: list[int] | None = None) -> Iterator[re.Match[str]]:
        """STREET_ADDRESS matches, found from anchors (a street suffix followed by a number, or
        "Laan van ...") instead of trying the pattern at every position: several times faster.
        `listed`, when given, receives the GAZETTEER_ADDRESS matches found at the same anchors; `bare` where the
        other words before a number end (candidates of BARE_ADDRESS); `number_first` where a house number before its
        street may start (candidates of NUMBER_THEN_STREET and NUMBER_THEN_BRACKETED: "nummer 12 aan de ...")."""
        seen_end = -1
        candidates: list[tuple[int, int]] = []  # (earliest start, start of the word with the suffix)
        for a in _ANCHOR_NUMBER_FAST.finditer(text):
            if number_first is not None:
                if not text[a.start() + 1].isdigit():
                    first = a.start() + 1  # (the anchor holds the number word: " nummer 12")
                elif text[a.start() - 1 : a.start()] not in _NUMBER_FIRST_ENDS:
                    first = -1
                else:
                    word = text[max(0, a.start() - 12) : a.start()].rsplit(None, 1)[-1:]
                    bare_word = word[0].lstrip("([") if word else ""  # ("Jan (nummer 3 op de ...)")
                    first = a.start() - len(bare_word) if bare_word.lower() in _NUMBER_FIRST_WORDS else -1
                if first >= 0 and _AFTER_FIRST_DIGIT.match(text, a.end()):
                    number_first.append(first)
            end = a.end(a.lastindex or 0)
            if text[end : end + 1] == ".":
                end += 1  # "Dorpsstr. 44"
            tail = text[end - 3 : end].lower()
            if listed is not None and tail in _GAZETTEER_ENDS:
                g = _listed_street_match(text, end)
                if g is not None:
                    listed.append(g)
            direction = 0
            if tail in ("ost", "est", "ord", "uid"):  # "Ringbaan-Oost 140": the suffix before the compass point
                dash = text.rfind("-", max(0, end - 6), end)
                if dash > 0 and text[dash + 1 : end] in _DIRECTION_WORDS:
                    if text[max(0, dash - 6) : dash].rsplit(None, 1)[-1:] in (["Noord"], ["NOORD"]):
                        continue  # "Noord-Oost 3 stuks": two compass points, no street
                    direction = end - dash
                    tail = text[dash - 3 : dash].lower()
            if tail not in _SUFFIX_ENDS and not tail.endswith("ln"):
                if bare is not None and _BARE_AFTER.match(text, a.end()):
                    bare.append(end)
                continue  # (the word's lower case cannot end with a suffix)
            # (an opening bracket or quote before it is not part of the street: "(Kerkstraat 14)")
            word = text[max(0, end - 40) : end].rsplit(None, 1)[-1].rsplit(SEPARATOR, 1)[-1].lstrip("([{\"'“‘«<")
            if not word[: len(word) - direction].lower().endswith(_SUFFIX_TUPLE):
                if bare is not None and not direction and _BARE_AFTER.match(text, a.end()):
                    bare.append(end)  # ("Vogelzang 7", "Esplanade 14": an ending like a suffix's)
                continue
            back = _word_back_search(text, max(0, end - 120), end)
            if back is not None:
                candidates.append((back.start(), end - len(word)))
        for a in _ANCHOR_LAAN_VAN_FAST.finditer(text):
            start = a.start(a.lastindex or 0)
            if start == 0 or not text[start - 1].isalnum():
                candidates.append((start, start))
        for start, last in sorted(set(candidates)):
            # the longest street: try from the earliest word the backward scan allowed, word by word
            pos = max(start, seen_end)
            while pos <= last:
                m = STREET_ADDRESS.match(text, pos)
                if m is not None:
                    # (up to the number: the tail after it may hold the next address, when this one turns out no
                    # address or its place no known place: "Romy Bakker, 23, woont Hoofdstraat 44 Hoogeveen")
                    seen_end = m.end("addition") if m.group("addition") else m.end("number")
                    yield m
                    break
                nxt = text.find(" ", pos, last)
                if nxt < 0:
                    if pos == last:
                        break
                    pos = last
                else:
                    pos = nxt + 1

    @staticmethod
    def _addition(m: re.Match[str]) -> str:
        add = m.group("addition") or ""
        return add.strip(" -").lower()

    def _bare(self, doc: Document, start: int) -> tuple[Finding, int] | None:
        """A BARE_ADDRESS finding at `start` in `doc.norm` and where it ends, or None: a street without a usual suffix
        ("Lindeboom 3 Valkenswaard") counts only before a known place, and only when its word is no everyday word
        (the gazetteer's common words and numbered things: "Groep 8 Amsterdam"), no first name and no place."""
        text = doc.norm
        if start > 0 and (text[start - 1] in "@/-" or text[start - 1].isalnum()):
            return None
        m = BARE_ADDRESS.match(text, start)
        if m is None:
            return None
        word = gz.fold(m.group("street"))
        if (word in self.common or word in _NUMBERED_NOT_STREETS or word in self.first_names or word in self.places
                or word.split("-")[0] in self.places or word in NOT_STREET_NAMES or word in NOT_STREETS):
            return None
        place = m.group("place_only")
        if not self._known_place(place):
            return None
        end = m.end()
        ev = [Evidence("pattern", "word + house number + place"), Evidence("gazetteer", "known place")]
        score, ev = CONTEXT.adjust(doc, start, end, 0.7, ev)
        value = "|".join([word, m.group("number"), self._addition(m), "", gz.fold(place)])
        return doc.finding(Label.ADDRESS, start, end, value=value, score=score, detector=self.name, evidence=ev), end

    def _number_first(self, doc: Document, m: re.Match[str]) -> tuple[Finding, int] | None:
        """The ADDRESS finding of a house number before its street (`NUMBER_THEN_STREET`, `NUMBER_THEN_BRACKETED`) and
        where it ends, or None: only a capitalised street with a usual suffix that is no everyday word ("nummer 3 op de
        weg", "nummer 1 in de Eredivisie" are none)."""
        text = doc.norm
        before = text[max(0, m.start() - 20) : m.start()].split()
        number_word = not m.group()[:3].lower() == "op "  # ("nummer 12 ...", "nr. 5 (...)"; not "op 17 (...)")
        if _OPENS_SENTENCE.search(text, max(0, m.start() - 3), m.start()) is None:  # (a sentence's first word: any)
            if number_word:
                if not m.group()[:4].lower() == "huis" and (
                    not before or (before[-1].lower() not in _BEFORE_NUMBER_WORD and before[-1][-1] != "(")
                ):
                    return None
            elif not before or not before[-1][-1:].isalpha():
                return None
        if m.re is NUMBER_THEN_BRACKETED and _LIST_NEXT.match(text, m.end()):
            return None  # a list: "op 1 (Kerkstraat), op 2 (Dorpsstraat)"
        words = m.group("street").split()
        while len(words) > 1 and words[0] in _LEADING_LINKS:
            words = words[1:]
        first = words[0][3:] if words[0][:3].lower() in ("'s-", "’s-") else words[0]
        if re.fullmatch(r"\d{1,2}e", first) and len(words) > 1:
            first = words[1]  # "2e Oosterparkstraat"
        if not first[:1].isupper() or gz.fold(words[-1]) in NOT_STREETS or gz.fold(words[0]) in NOT_STREET_NAMES:
            return None
        ev = [Evidence("pattern", "house number, then its street")]
        # ("op 17 (Van Goghstraat)": the address starts at the number; "nr. 5 (...)", "nummer 12 aan de ..." at the word)
        start = m.start() if number_word else m.start("number")
        end = m.end()  # (with the brackets' whole content: "17 (Van Goghstraat, Nijmegen)")
        place = m.groupdict().get("place")
        if place is not None:
            if self._known_place(place):
                ev.append(Evidence("gazetteer", "known place"))
            else:
                place = None  # (not in the value)
        score, ev = CONTEXT.adjust(doc, start, end, 0.7, ev)
        value = "|".join([" ".join(words).lower(), m.group("number"), self._addition(m), "", gz.fold(place) if place else ""])
        return doc.finding(Label.ADDRESS, start, end, value=value, score=score, detector=self.name, evidence=ev), end

    def _street(self, doc: Document, m: re.Match[str], cue: bool, listed: bool = False) -> tuple[Finding, int] | None:
        """The ADDRESS finding of a street match and where it ends in `doc.norm` (None: no address). The
        finding can end before the match: at the number, where what follows is no known place."""
        street = m.group("street")
        words = street.split()
        # leading link words are not part of a street name ("op Kerkstraat", "de Dorpsstraat"); a
        # listed street is its whole name ("Achter de Muur", "Op de Bies")
        start = m.start("street")
        # a sentence ends inside the words before the street: the street starts after it ("Lisa ten Brink.
        # Vlinderstraat 12"); an abbreviation or initials stay part of it ("Burg. de Withstraat", "J.P. Coenstraat")
        for k in range(len(words) - 2, -1, -1):
            if words[k].endswith(".") and not _abbreviation(words[k]):
                start += sum(len(w) + 1 for w in words[: k + 1])
                words = words[k + 1 :]
                break
        while not listed and len(words) > 1 and (
            words[0] in _LEADING_LINKS
            or words[0] in {"Op", "Aan", "In", "Bij"}
            # "De Ruyterlaan" is a name; "De Kerkstraat 5 is ..." opens a sentence; at a sentence's
            # start "De" stays before a name ("De Genestetlaan", "De Savornin Lohmanlaan"), not before
            # an everyday word ("De Kerkstraat", "De Lange Nieuwstraat")
            or (words[0] in {"De", "Het"} and _SENTENCE_START.search(doc.norm, max(0, start - 3), start)
                and _generic_street_start(words[1]))
            or (words[0].isupper() and words[0].lower() in _LEADING_CAPITAL_WORDS)
            or gz.fold(words[0]) in _LEADING_ADDRESS_WORDS  # "Woont Merelhof 22", "Privéadres Meidoornstraat 4"
        ):
            start += len(words[0]) + 1
            words = words[1:]
        if not words or gz.fold(words[0]) in NOT_STREET_NAMES:
            return None
        # a person's name before "van <street>" is no part of it ("Anne de Vries van Kerkstraat 9"), as
        # "Jan van Galenstraat" is: a first name, a capitalised surname, then "van" and the street
        if not listed and len(words) >= 4 and "van" in words[2:-1]:
            i = len(words) - 1 - words[::-1].index("van")
            if gz.fold(words[0]) in self.first_names and words[i - 1][:1].isupper():
                start += sum(len(w) + 1 for w in words[: i + 1])
                words = words[i + 1 :]
                while len(words) > 1 and words[0] in _LEADING_LINKS:  # "Niels Arends van de Fokkerstraat 8"
                    start += len(words[0]) + 1
                    words = words[1:]
        if (not listed and len(words) == 2 and "," in doc.norm[m.end("street") : m.start("number")]
                and gz.fold(words[0]) in self.first_names):
            return None  # a name and an age: "Romy Bakker, 23"
        last = gz.fold(words[-1])
        at_sentence_start = _SENTENCE_START.search(doc.norm, max(0, start - 3), start) is not None
        if not listed and last in NOT_STREETS and (words[0][0].islower() or (
                len(words) == 1 and at_sentence_start and not m.group("postcode") and (last in _NEVER_STREETS or (
                    not self._addition(m)
                    and not self._known_place(m.groupdict().get("place") or m.groupdict().get("place_only") or "")
                    and not self._place_after(doc.norm, m.end("number")))))):
            # "onderweg 5", "Onderweg 5 minuten"; but "op de Dam 19", "de Vismarkt 4", "adres: Singel 33 Dordrecht",
            # "Markt 20 in Roermond", "Hoofdweg 212-A"
            return None
        if (len(words) == 1 and "," in doc.norm[m.end("street") : m.start("number")]
                and gz.fold(words[0]) in self.places):
            return None  # "in Rotterdam, 5 dagen": a place, not a street
        ev: list[Evidence] = [Evidence("pattern", "street + house number")]
        first_word = words[0][3:] if words[0][:3].lower() in ("'s-", "’s-") else words[0]  # "'s-Gravendijkwal"
        if first_word in ("v.", "vd", "vd.", "v.d.") and len(words) > 1:
            first_word = words[1]  # "v. Goghstraat": an abbreviated "van", capitalised as "Van Goghstraat" is
        capitalised = first_word[:1].isupper()
        if cue:
            score = 0.75
            ev.append(Evidence("context+", "introduced by 'woont op/aan'"))
        else:
            score = 0.85 if capitalised else 0.45  # a lower-case street needs a cue word ("woont", "adres")
            if (not capitalised and len(m.group("number")) <= 3 and gz.fold(words[-1]) not in _ROADS
                    and _AT_THE.search(doc.norm, max(0, start - 8), start)
                    and _CLAUSE_END.match(doc.norm, m.end("addition") if m.group("addition") else m.end("number"))):
                # "op de" or "aan de" right before it, and the number ends the clause: said of a place ("zit op de
                # industrieweg 24, open ..."; not a count: "op de kerkstraat 2 auto's gestolen"; not a year: "feest op
                # de havenweg 2024!"; not a road's kilometre: "op de rijksweg 15")
                score += 0.1
                ev.append(Evidence("context+", "'op de' / 'aan de' before the street", 0.1))
        pc = m.group("postcode")
        end = m.end()
        place = m.groupdict().get("place") or m.groupdict().get("place_only")
        if pc:
            score += 0.1
            ev.append(Evidence("pattern", "followed by postcode"))
            if pc[-2:].upper() in NEVER_ISSUED:
                end = m.end("number") if not m.group("addition") else m.end("addition")
                pc = None
                place = None
        elif place is not None:
            if not self._known_place(place):
                # not a known place: the address ends before it
                end = m.end("addition") if m.group("addition") else m.end("number")
                place = None
            else:
                ev.append(Evidence("gazetteer", "known place"))
                if not capitalised and not cue and place[:1].isupper() and gz.fold(place) in self.places:
                    # a lower-case street with a capitalised known place after it ("op de kerkstraat 12, Utrecht";
                    # not "in de kerkstraat 5 huizen verder", "op de kerkstraat 2 Utrecht-supporters")
                    score += 0.1
        # trailing punctuation is never part of the address
        while end > start and doc.norm[end - 1] in " ,":
            end -= 1
        score, ev = CONTEXT.adjust(doc, start, end, score, ev)
        street_name = " ".join(words).lower()
        value = "|".join([street_name, m.group("number"), self._addition(m), pc.replace(" ", "").upper() if pc else "",
                          gz.fold(place) if place else ""])
        return doc.finding(Label.ADDRESS, start, end, value=value, score=score, detector=self.name, evidence=ev), end
