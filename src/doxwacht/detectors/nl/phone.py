"""PHONE: Dutch mobile and landline numbers in every written form (digit runs with any separators, spaced-out and
dotted digits, digits written as Dutch words), and foreign numbers with a country code; validated with Google's
libphonenumber (`phonenumbers`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

import phonenumbers

from doxwacht.detectors.context import ContextWords
from doxwacht.detectors.triggers import Trigger, until_message_end
from doxwacht.document import Document
from doxwacht.document.document import SEPARATOR
from doxwacht.findings import Evidence, Finding, Label

# A run of digits with up to three separator characters between them, optionally led by "+" or "(".
# Spaced-out ("0 6 1 2 ...") and dotted ("06.12.34.56.78") numbers are runs too.
_RUN = re.compile(r"(?<![\w+/=@#€$.,-])(?:\+ ?|\()?\d(?:[ \t\-./()]{1,3}\d|\d){6,}(?!\w)")
# The same matches, faster: the look-behind moved after the first character, so that the regex engine
# can skip to the characters a run starts with ("+", "(" or a digit).
_RUN_FAST = re.compile(
    r"[+(\d](?<![\w+/=@#€$.,-][+(\d])(?:(?<=\+) ?\d|(?<=\()\d|(?<=\d))(?:[ \t\-./()]{1,3}\d|\d){6,}(?!\w)"
)
# What every run with a reported number holds (see `_longest_valid`): a digit group that starts with
# "0" (no digit before it) or "+" and 8 digits from there on, with at most three separator
# characters between two. Literal first characters: the regex engine skips to the "0"s and "+"s
# instead of trying `_RUN_FAST` at every digit.
_SEED = re.compile(r"0(?<!\d0)(?:[ \t\-./()]{0,3}\d){7}|\+\d(?:[ \t\-./()]{0,3}\d){7}")
# a stretch of the characters a run is made of (digits, "+", "(" and the separators)
_STRETCH = re.compile(r"[\d+( \t\-./)]*")
_RUN_CHARS = frozenset("+( \t-./)")
_GROUP = re.compile(r"\+?\d+")
# where a `_GROUP` match starts with "0" or "+"
_NUMBER_START = re.compile(r"(?<!\d)0|\+\d")

CONTEXT = ContextWords.of(
    positive=[
        "tel", "telefoon", "telefoonnummer", "telnr", "nummer", "nr", "bel", "bellen", "belt", "gebeld",
        "app", "appen", "whatsapp", "wa", "mobiel", "gsm", "sms", "smsen", "contact", "bereikbaar",
        "nummertje", "06", "signal", "mob", "tel.nr", "phone", "call", "klantenservice", "servicenummer", "telefonisch",
    ],
    negative=[
        "bestelnummer", "ordernummer", "order", "factuur", "factuurnummer", "zaaknummer", "referentie",
        "kenmerk", "track", "tracking", "trackingcode", "pakket", "klantnummer", "kvk", "btw", "iban",
        "rekening", "rekeningnummer", "bsn", "burgerservicenummer", "artikel", "artikelnummer", "serienummer",
        "polis", "polisnummer", "dossiernummer", "ticket", "registratienummer", "transactie", "bedrag",
        "code", "inlogcode", "pincode", "verificatiecode", "toegangscode", "wachtwoord", "pin", "tan",
    ],
    window=40,
    after=0,
    boost=0.1,
    penalty=0.5,
    negative_stops_at_number=True,
    # (words that say the number is a telephone number: not "nummer" or "nr", which any number can be)
    crossing_cues=frozenset({"tel", "telefoon", "telefoonnummer", "telnr", "bel", "bellen", "belt", "whatsapp", "mobiel",
                             "gsm", "sms", "bereikbaar", "klantenservice", "servicenummer", "telefonisch", "tel.nr"}),
)


# A municipality's short number: 14 and the area code without its 0 ("14 020" Amsterdam, "14 0117" Sluis). Five or
# six digits say little on their own ("14 020 stemmen"): reported only after a telephone or municipality word.
_MUNICIPAL = re.compile(r"(?<![\w+/=@#€$.,-])14[ \-]?(0[1-9]\d{1,2})(?![\w%€]|[ \-./,]\d)")
# The same matches, with the look-behind after the "14" (as in `_RUN_FAST`): the regex engine then
# searches for the literal "14" instead of trying the look-behind at every position (40 times faster
# over a batch, where the old form took a third of the detector's time).
_MUNICIPAL_FAST = re.compile(r"14(?<![\w+/=@#€$.,-]14)[ \-]?(0[1-9]\d{1,2})(?![\w%€]|[ \-./,]\d)")
_MUNICIPAL_CUE = re.compile(
    r"\b(?:bel\w*|tel|telefoon\w*|telefonisch|nummer|bereikbaar|via|gemeente\w*|contact|klantcontact)\b[^.!?\n\x00]{0,30}$",
    re.IGNORECASE)
_EV_MUNICIPAL = Evidence("validator", "phonenumbers: valid NL number (14 + area code: a municipality)")

# A number written out in Dutch digit words, an obfuscation that evades digit filters ("nul zes een twee drie vier vijf
# zes zeven acht"): ten digit words, the first "nul", one space, comma or hyphen apart.
_DIGIT_WORDS = {"nul": "0", "een": "1", "één": "1", "eén": "1", "twee": "2", "drie": "3", "vier": "4", "vijf": "5",
                "zes": "6", "zeven": "7", "acht": "8", "negen": "9"}
_DIGIT_WORD = "(?:" + "|".join(sorted(_DIGIT_WORDS, key=len, reverse=True)) + ")"
# (the first letter as a class and the look-behind after it: the regex engine skips to the "n"s and "N"s instead of
# trying a case-blind "nul" at every position, four times faster over a batch)
_SPELLED = re.compile(
    rf"[nN](?<!\w[nN])(?i:ul(?:[ ,\-]{{1,2}}{_DIGIT_WORD}){{9}}(?!\w|[ ,\-]{{1,2}}{_DIGIT_WORD}(?!\w)))"
)
_DIGIT_WORD_RE = re.compile(_DIGIT_WORD, re.IGNORECASE)

# (evidence is immutable: the same objects serve every finding)
_EV_RUN = Evidence("pattern", "digit run")
_EV_SPELLED = Evidence("pattern", "digits written as words")
_EV_VALID_NL = Evidence("validator", "phonenumbers: valid NL number")
_EV_VALID_FOREIGN = Evidence("validator", "phonenumbers: valid foreign number")
_EV_MOBILE = Evidence("validator", "Dutch mobile number plan (06)")
_EV_SERVICE = Evidence("validator", "service number (0800/0900)")


class PhoneDetector:
    name = "nl.phone.v1"
    labels = frozenset({Label.PHONE})
    # What every reported number contains: a digit group that starts with "0" or "+" (`_longest_valid`
    # turns down any other) and at least 8 digits from there on within its run (`_longest_valid`'s
    # shortest candidate), separated by at most three separator characters. In any text: the pattern
    # has no `\s`, and where `\d` is more than 0-9 (a message with another decimal digit) the
    # prefilter runs every detector anyway.
    triggers = (
        until_message_end(r"(?:^|[^0-9])0(?:[ \t\-./()]{0,3}[0-9]){7}|\+[0-9](?:[ \t\-./()]{0,3}[0-9]){7}"),
        until_message_end(r"14[ \-]?0[1-9][0-9]"),  # a municipality's short number (`_MUNICIPAL`)
        Trigger(until_message_end(r"(?:^|[^a-z])nul[ ,\-]"), caseless=True),  # digits as words (`_SPELLED`)
    )

    def detect(self, doc: Document) -> Iterator[Finding]:
        text = doc.norm
        yield from self._numbers(doc, _seeded_runs(text))
        if "14" in text:
            yield from self._municipal(doc, text)
        yield from self._spelled(doc, text)

    def _spelled(self, doc: Document, text: str) -> Iterator[Finding]:
        """Numbers written out in digit words ("nul zes een twee drie vier vijf zes zeven acht"), validated as the
        digits they spell."""
        for m in _SPELLED.finditer(text):
            raw = "".join(_DIGIT_WORDS[w.lower()] for w in _DIGIT_WORD_RE.findall(m.group()))
            number = _parse_valid(raw)
            if number is None:
                continue
            yield self._finding(doc, m.start(), m.end(), number, single=False, how=_EV_SPELLED)

    def _numbers(self, doc: Document, runs: Iterable[re.Match[str]]) -> Iterator[Finding]:
        """The numbers in `runs` (matches of `_RUN`)."""
        for run in runs:
            digits = run.group()
            if _NUMBER_START.search(digits) is None:
                continue  # no group starts with 0 or +: `_longest_valid` would turn each down
            base = run.start()
            groups = list(_GROUP.finditer(digits))  # (a match's [0] is its text, as `_longest_valid` reads)
            i = 0
            while i < len(groups):
                found = self._longest_valid(groups, i)
                if found is None:
                    found = self._belgian(doc, base, groups, i)
                    if found is None:
                        i += 1
                        continue
                j, number = found
                yield self._finding(doc, base + groups[i].start(), base + groups[j].end(), number, single=(i == j))
                i = j + 1

    @staticmethod
    def _belgian(doc: Document, base: int, groups: Sequence[Any], i: int) -> tuple[int, phonenumbers.PhoneNumber] | None:
        """A Belgian number in national format, where no Dutch number is: a mobile number (04xx, ten digits: "0476 12
        34 56", "zijn gsm is 0471/23.45.67"; the 047x series are no Dutch numbers), or a nine-digit number (a
        landline: "09 210 10 10", "03-2218823") after a telephone word or in a message that speaks of Belgium or a
        Belgian city. Nine digits from a 0 are also BSNs, log-in and parcel codes in Dutch text: those have no such
        cue (and the negative context words push the rest down)."""
        if not groups[i][0].startswith("0") or groups[i][0].startswith("00"):
            return None
        digits = ""
        for j in range(i, len(groups)):
            digits += groups[j][0]
            if len(digits) > 10:
                return None
            if len(digits) == 10 and digits.startswith("04"):
                number = _parse_valid_be(digits)
                if number is not None and phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE:
                    return j, number
                return None
            # (nine digits from "04" that the next group makes ten are a mobile number; nine alone a Liège landline)
            mobile_next = digits.startswith("04") and j + 1 < len(groups) and len(digits) + len(groups[j + 1][0]) == 10
            if len(digits) == 9 and not mobile_next:
                number = _parse_valid_be(digits)
                if number is None:
                    continue
                # (within this message: in a batch, `doc` is the batch's messages joined by SEPARATOR)
                start = base + groups[i].start()
                text = doc.norm
                lo = text.rfind(SEPARATOR, 0, start) + 1
                hi = text.find(SEPARATOR, start)
                if _BE_PHONE_CUE.search(text, max(lo, start - 40), start) is None and \
                        _BE_PLACE.search(text, lo, len(text) if hi < 0 else hi) is None:
                    return None
                return j, number
        return None

    def _municipal(self, doc: Document, text: str) -> Iterator[Finding]:
        """Municipal short numbers ("bel de gemeente op 14 030") after a telephone or municipality word."""
        for m in _MUNICIPAL_FAST.finditer(text):
            if _MUNICIPAL_CUE.search(text, max(0, m.start() - 45), m.start()) is None:
                continue
            raw = "14" + m.group(1)
            number = _parse_valid(raw)
            if number is None:
                continue
            e164, _ = _describe(number)
            yield doc.finding(Label.PHONE, m.start(), m.end(), value=e164, score=0.75, detector=self.name,
                              evidence=[_EV_RUN, _EV_MUNICIPAL])

    @staticmethod
    def _longest_valid(groups: Sequence[Any], i: int) -> tuple[int, phonenumbers.PhoneNumber] | None:
        if not (groups[i][0].startswith(("0", "+"))):
            return None  # a national number starts with 0, an international one with + or 00
        digits = ""
        candidates: list[tuple[int, str]] = []
        first = groups[i][0]
        national = first.startswith("0") and not first.startswith("00")
        for j in range(i, len(groups)):
            digits += groups[j][0]
            n = len(digits.lstrip("+"))
            if n > 15:
                break
            # a Dutch national number has 10 digits (0800/0900 service numbers 8 to 11); only those parse
            if n >= 8 and (not national or n == 10 or (digits[:2] in ("08", "09") and n <= 11)):
                candidates.append((j, digits))
        for j, raw in reversed(candidates):
            number = _parse_valid(_strip_trunk_zero(raw))
            if number is not None:
                return j, number
        return None

    def _finding(self, doc: Document, start: int, end: int, number: phonenumbers.PhoneNumber, single: bool,
                 how: Evidence = _EV_RUN) -> Finding:
        e164, ntype = _describe(number)
        dutch = number.country_code == 31
        evidence = [how, _EV_VALID_NL if dutch else _EV_VALID_FOREIGN]
        if dutch and ntype == phonenumbers.PhoneNumberType.MOBILE:
            score = 0.9
            evidence.append(_EV_MOBILE)
        elif dutch and ntype in (phonenumbers.PhoneNumberType.TOLL_FREE, phonenumbers.PhoneNumberType.PREMIUM_RATE,
                                 phonenumbers.PhoneNumberType.SHARED_COST):
            score = 0.75
            evidence.append(_EV_SERVICE)
        elif dutch:
            score = 0.8
        else:
            score = 0.85 if doc.norm[start] == "+" else 0.6
        if single and not doc.norm[start].startswith("+") and end - start > 11:
            score -= 0.1  # one unbroken digit string longer than a national number: likely an identifier
        score, evidence = CONTEXT.adjust(doc, start, end, score, evidence)
        return doc.finding(Label.PHONE, start, end, value=e164, score=score, detector=self.name, evidence=evidence)


def _seeded_runs(text: str) -> Iterator[re.Match[str]]:
    """The matches of `_RUN_FAST.finditer(text)` that hold a `_SEED`, in order (the others have no
    number to report), found from the seeds: `_RUN_FAST` runs only over the stretch of run
    characters around each. A run lies inside one stretch, and where a stretch starts no run of
    before goes on, so that the runs found there are the ones a pass over the whole text finds."""
    end = 0  # where the last stretch ended
    runs = _RUN_FAST.finditer
    seeded = _SEED.search
    stretch = _STRETCH.match
    for seed in _SEED.finditer(text):
        lo = seed.start()
        if lo < end:
            continue  # (in the stretch just done)
        while lo > end and (text[lo - 1] in _RUN_CHARS or text[lo - 1].isdecimal()):  # (`\d` is `isdecimal`)
            lo -= 1
        end = stretch(text, seed.end()).end()  # type: ignore[union-attr]  # (matches the empty string)
        # (the character after the stretch stays visible: `_RUN_FAST` ends with a look-ahead)
        for run in runs(text, lo, end + 1):
            if seeded(text, run.start(), run.end()) is not None:
                yield run


@lru_cache(maxsize=65536)
def _parse_valid(raw: str) -> phonenumbers.PhoneNumber | None:
    """libphonenumber's verdict on a digit string, cached: the same numbers recur in a corpus (a
    victim's number posted again and again, helplines) and parsing costs tens of microseconds."""
    dutch = _DUTCH_NSN.fullmatch(raw)
    if dutch is not None:
        return _dutch_valid(dutch.group(1))
    try:
        number = phonenumbers.parse(raw, "NL")
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


@lru_cache(maxsize=4096)
def _parse_valid_be(raw: str) -> phonenumbers.PhoneNumber | None:
    """libphonenumber's verdict on a digit string in Belgian national format."""
    try:
        number = phonenumbers.parse(raw, "BE")
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


# a telephone word just before a nine-digit Belgian number ("bereikbaar op", "tel", "bel", "gsm", "afspraak via")
_BE_PHONE_CUE = re.compile(
    r"\b(?:tel|telefoon\w*|telefonisch|bel|bellen|belt|bereikbaar|gsm|nummer|nr|contact|whatsapp|sms|spoed|"
    r"noodnummer|dringend|klantendienst|klantenservice|onthaal|loket|afspraak\w*|via|fax)\b", re.IGNORECASE)
# a message that speaks of Belgium, Flanders or a Belgian city
_BE_PLACE = re.compile(
    r"\b(?:belgi\w*|vlaander\w*|vlaams\w*|vlaming\w*|brussel|antwerpen|gent|leuven|brugge|mechelen|hasselt|"
    r"kortrijk|oostende|aalst|genk|sint-niklaas|roeselare|turnhout|lier|luik|namen|bergen|charleroi)\b", re.IGNORECASE)


# A Dutch number written in full: the trunk "0", "+31" or "0031", then the ASCII digits of its national
# significant number (which starts with 1-9), five to eleven of them (the lengths NL numbers have): nine in ten
# of the digit strings validated in the bench corpus have nine; most others are dates and codes from "08" and
# "09" (service numbers have eight to eleven digits), which libphonenumber turns down at 80 us each.
_DUTCH_NSN = re.compile(r"(?:0|\+31|0031)([1-9][0-9]{4,10})")


def _dutch_valid(nsn: str) -> phonenumbers.PhoneNumber | None:
    """`_parse_valid` of a `_DUTCH_NSN` number with national significant number `nsn`, at a fraction of
    the cost of libphonenumber's general path (parse about 30 us, validate, then `_describe` looks the
    type up again):

    * `phonenumbers.parse` only strips the prefix of such a number: country code 31, the digits
      as the national number (the trunk "0" is always stripped: no NL number starts with 0);
    * 31 has one region, NL, so `is_valid_number` is `number_type(...) != UNKNOWN`: one type lookup
      serves the validity and `_describe`, which gets the E.164 form with it ("+31" and the digits).

    tests/test_detectors_nl.py checks all three against libphonenumber."""
    number = phonenumbers.PhoneNumber(country_code=31, national_number=int(nsn))
    ntype = phonenumbers.number_type(number)
    if ntype == phonenumbers.PhoneNumberType.UNKNOWN:
        return None
    _remember(number, ("+31" + nsn, ntype))
    return number


_DESCRIBED: dict[tuple[int | None, int | None, bool | None, int | None], tuple[str, int]] = {}


def _describe(number: phonenumbers.PhoneNumber) -> tuple[str, int]:
    """E.164 form and number type of a number from `_parse_valid`, kept per number: both follow from
    the country code and the national significant number (digits, leading zeros)."""
    known = _DESCRIBED.get(_key(number))
    if known is None:
        known = (phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), phonenumbers.number_type(number))
        _remember(number, known)
    return known


def _key(number: phonenumbers.PhoneNumber) -> tuple[int | None, int | None, bool | None, int | None]:
    return (number.country_code, number.national_number, number.italian_leading_zero, number.number_of_leading_zeros)


def _remember(number: phonenumbers.PhoneNumber, description: tuple[str, int]) -> None:
    if len(_DESCRIBED) >= 65536:
        _DESCRIBED.clear()
    _DESCRIBED[_key(number)] = description


def _strip_trunk_zero(raw: str) -> str:
    """'+310612...' (a '(0)' written after the country code) -> '+31612...'."""
    if raw.startswith("+310"):
        return "+31" + raw[4:]
    if raw.startswith("00310"):
        return "0031" + raw[5:]
    return raw
