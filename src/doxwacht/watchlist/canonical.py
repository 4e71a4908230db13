"""Canonical forms: the same identifier, however it is written, becomes the same string, and so the
same keyed hash. One function per identifier kind; each validates and returns canonical strings
(names and addresses give several forms), or raises `InvalidIdentifier`, whose message names the
kind and the reason but never the value.

Both sides use these functions: the register when it hashes what a user registers, and the
matcher when it hashes what a scan found. The forms are part of the stored data: changing one
means re-registering (see docs/WATCHLIST.md).

| kind | canonical |
|---|---|
| phone | E.164 (`+31612345678`) |
| email | lower case |
| plate | upper case, no dashes, spaces or dots |
| iban | compact upper case |
| dob | ISO date |
| handle | lower case, no `@`, no profile URL around it |
| postcode | `1234AB|12|A` and `1234AB|12` (the building) |
| address | `street|12|A|place` (street and place folded, no spaces) and `street|12|A` |
| name | folded tokens: diacritics off, lower case, `ij` -> `y`, dots/apostrophes off, hyphens split, `v.d.` -> `van der`, runs of initials joined (`j p` -> `jp`) |
| place | folded like a name, aliases (`'s-Gravenhage` -> `denhaag`), no spaces |
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import phonenumbers
from stdnum import iban as _stdnum_iban
from stdnum.exceptions import ValidationError as _StdnumError


class InvalidIdentifier(ValueError):
    """An identifier that cannot be registered. `str()` is safe to show and log: kind and reason,
    never the value."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(f"{kind}: {reason}")
        self.kind = kind
        self.reason = reason


# ---------------------------------------------------------------------------------------- folding
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def basic_fold(text: str) -> str:
    """Diacritics off, case-folded, quotes unified, whitespace collapsed."""
    if text.isascii():
        return " ".join(text.lower().split())
    return " ".join(strip_accents(text).casefold().translate(_QUOTES).split())


def _ij(token: str) -> str:
    return token.replace("ij", "y")


# ---------------------------------------------------------------------------------------- phone
def phone(value: str, region: str = "NL") -> list[str]:
    """E.164 of a phone number; a number in national format that is no valid Dutch number is read as Belgian when it
    is a valid Belgian one ("0476 12 34 56" -> +32476123456), as the scan's phone detector reads it."""
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        raise InvalidIdentifier("phone", "geen telefoonnummer") from None
    if not phonenumbers.is_valid_number(number) and region == "NL" and value.strip().startswith("0") \
            and not value.strip().startswith("00"):
        try:
            belgian = phonenumbers.parse(value, "BE")
        except phonenumbers.NumberParseException:
            belgian = None
        if belgian is not None and phonenumbers.is_valid_number(belgian):
            number = belgian
    if not phonenumbers.is_valid_number(number):
        raise InvalidIdentifier("phone", "geen geldig telefoonnummer")
    return [phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)]


# ---------------------------------------------------------------------------------------- e-mail
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}")


def email(value: str) -> list[str]:
    text = value.strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.strip("<>").lower()
    if not _EMAIL.fullmatch(text):
        raise InvalidIdentifier("email", "geen e-mailadres")
    return [text]


# ---------------------------------------------------------------------------------------- plate
_PLATE_SEP = re.compile(r"[\s\-.·]")
_PLATE = re.compile(r"[A-Z0-9]{2,10}")


def plate(value: str) -> list[str]:
    text = _PLATE_SEP.sub("", value).upper()
    if not _PLATE.fullmatch(text):
        raise InvalidIdentifier("plate", "geen kenteken")
    return [text]


# ---------------------------------------------------------------------------------------- IBAN
def iban(value: str) -> list[str]:
    try:
        return [_stdnum_iban.validate(value)]
    except _StdnumError:
        raise InvalidIdentifier("iban", "geen geldig IBAN") from None


# ---------------------------------------------------------------------------------------- date of birth
_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "mar": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DATE_DMY = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})")
_DATE_WORDS = re.compile(r"(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})")


def dob(value: str, *, today: date | None = None) -> list[str]:
    text = basic_fold(value)
    y = m = d = 0
    if mt := _DATE_ISO.fullmatch(text):
        y, m, d = int(mt[1]), int(mt[2]), int(mt[3])
    elif mt := _DATE_DMY.fullmatch(text):
        d, m, y = int(mt[1]), int(mt[2]), int(mt[3])
    elif (mt := _DATE_WORDS.fullmatch(text)) and mt[2] in _MONTHS:
        d, m, y = int(mt[1]), _MONTHS[mt[2]], int(mt[3])
    else:
        raise InvalidIdentifier("dob", "geen datum (gebruik bijvoorbeeld 1990-03-12 of 12-03-1990)")
    try:
        born = date(y, m, d)
    except ValueError:
        raise InvalidIdentifier("dob", "geen bestaande datum") from None
    if born.year < 1900 or born > (today or date.today()):
        raise InvalidIdentifier("dob", "geboortedatum buiten het mogelijke bereik")
    return [born.isoformat()]


# ---------------------------------------------------------------------------------------- handle
_PROFILE_URL = re.compile(
    r"^(?:https?://)?(?:www\.|m\.|mobile\.)?"
    r"(?:twitter\.com|x\.com|instagram\.com|tiktok\.com|facebook\.com|fb\.com|threads\.net|t\.me|"
    r"telegram\.me|youtube\.com|linkedin\.com/in|github\.com|snapchat\.com/add|reddit\.com/u(?:ser)?)/@?",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"[\w.\-]{2,64}")


def handle(value: str) -> list[str]:
    """A handle, `@handle` or profile URL -> the handle, lower case ("https://www.instagram.com/Lisa.XO/?hl=nl",
    "tiktok.com/@lisa.xo/video/7", "@Lisa.xo" -> "lisa.xo")."""
    text = value.strip()
    url = _PROFILE_URL.match(text)
    if url is not None:
        text = text[url.end() :].split("?", 1)[0].split("#", 1)[0].split("/", 1)[0]
    text = text.split("?", 1)[0].strip("/").lstrip("@").lower()
    if not _HANDLE.fullmatch(text):
        raise InvalidIdentifier("handle", "geen gebruikersnaam")
    return [text]


def profile_handle(url: str) -> str | None:
    """The handle of a profile URL ("instagram.com/lisa.xo", "https://x.com/jandv"), or None for any other URL (a news
    article, a shop): a URL the scan finds is looked up as the handle it names."""
    if _PROFILE_URL.match(url.strip()) is None:
        return None
    try:
        return handle(url)[0]
    except InvalidIdentifier:
        return None


# ---------------------------------------------------------------------------------------- postcode + number
_POSTCODE = re.compile(r"([1-9]\d{3})\s?([A-Za-z]{2})")
_HOUSE = (
    r"(?P<number>\d{1,5})"
    r"(?:(?P<add1>[A-Za-z]{1,4}|\s*-\s*[A-Za-z0-9]{1,4}|\s*/\s*[A-Za-z0-9]{1,4})\b|\s+(?P<add2>[A-Za-z])\b)?"
)
_POSTCODE_NUMBER = re.compile(
    rf"\s*(?P<pc>[1-9]\d{{3}}\s?[A-Za-z]{{2}})(?![A-Za-z])[\s,]*(?:(?:huis)?(?:nr|nummer)\.?:?\s*)?{_HOUSE}\s*", re.IGNORECASE
)


_ADDITION_SEP = re.compile(r"[\s\-/.]")
_WORD_SEP = re.compile(r"[\s.\-/,]+")
_NAME_SEP = re.compile(r"[\s\-/.]+")
_HYPHEN = re.compile(r"\s*-\s*")


def _number(number: str) -> str:
    return str(int(number))


def _addition(addition: str | None) -> str:
    return _ADDITION_SEP.sub("", addition or "").upper()


def postcode_value(value: str) -> str:
    """`1234 ab` -> `1234AB`."""
    m = _POSTCODE.fullmatch(value.strip())
    if not m:
        raise InvalidIdentifier("postcode", "geen postcode")
    return (m[1] + m[2]).upper()


def postcode_key(postcode: str, number: str, addition: str | None = None) -> str:
    """The one form a scan looks up: with the addition when the text has one, else the building."""
    return f"{postcode_value(postcode)}|{_number(number)}|{_addition(addition)}"


def postcode(value: str) -> list[str]:
    """`1234 AB 12-a` -> [`1234AB|12|A`, `1234AB|12|`]: the registered home matches a text with the
    same addition or with none, not one with another addition or number."""
    m = _POSTCODE_NUMBER.fullmatch(value)
    if not m:
        raise InvalidIdentifier("postcode", "verwacht postcode en huisnummer (bijvoorbeeld 1234 AB 12a)")
    return _unique([postcode_key(m["pc"], m["number"], m["add1"] or m["add2"]), postcode_key(m["pc"], m["number"])])


# ---------------------------------------------------------------------------------------- streets, places, addresses
_STREET_WORDS = {
    "burg": "burgemeester", "burgem": "burgemeester", "st": "sint", "pr": "prins", "pres": "president",
    "kon": "koning", "kon.": "koning", "dr": "doctor", "mr": "meester", "prof": "professor", "gen": "generaal",
    "ir": "ingenieur", "ds": "dominee", "mgr": "monseigneur", "v": "van", "vd": "vander", "1e": "eerste",
    "2e": "tweede", "3e": "derde", "4e": "vierde", "o": "oost", "w": "west", "z": "zuid", "n": "noord",
}
_STREET_SUFFIX = (("str", "straat"), ("ln", "laan"), ("pln", "plein"), ("wg", "weg"), ("gr", "gracht"))
_PLACE_ALIASES = {
    "s gravenhage": "den haag", "gravenhage": "den haag", "the hague": "den haag",
    "s hertogenbosch": "den bosch", "hertogenbosch": "den bosch",
}


def _words(text: str) -> list[str]:
    folded = basic_fold(text).replace("'", "")
    return [_ij(w) for w in _WORD_SEP.split(folded) if w]


def street(value: str) -> str:
    """A street name folded: `Burg. de Withstr.` -> `burgemeesterdewithstraat`."""
    raw = _words(value)
    words: list[str] = []
    for i, w in enumerate(raw):
        if w == "d" and i and raw[i - 1] == "v":
            words[-1] = "vander"  # "v.d." and "v/d" fold to the words "v" and "d": "van der", as "vd" is
        else:
            words.append(_STREET_WORDS.get(w, w))
    if words and len(words[-1]) > 3:
        for short, full in _STREET_SUFFIX:
            if words[-1].endswith(short) and not words[-1].endswith(full):
                words[-1] = words[-1][: -len(short)] + full
                break
    return "".join(words)


def place(value: str) -> str:
    """A place or workplace folded: `'s-Gravenhage` and `Den Haag` -> `denhaag`."""
    spaced = " ".join(_words(value))
    return _PLACE_ALIASES.get(spaced, spaced).replace(" ", "")


def place_words(value: str) -> list[str]:
    """The folded words of a place or workplace, of every other way of writing it that `place` folds
    the same (`Den Haag`: also `'s-Gravenhage`, `Gravenhage`, `The Hague`), and the folded place
    itself (`denhaag`, as one word), for the scan's pre-filter: a scan looks for a place only around
    a registered place word, so every spelling that names the place must hold one."""
    spaced = " ".join(_words(value))
    target = _PLACE_ALIASES.get(spaced, spaced)
    words = spaced.split() + target.split()
    for alias, aliased in _PLACE_ALIASES.items():
        if aliased == target:
            words += alias.split()
    words.append(target.replace(" ", ""))
    return _unique(w for w in words if len(w) > 1 and not is_tussen(w))


def surname_place_word_key(surname_token: str, place_word: str) -> str:
    """A surname token with a place word (`Kind.SURNAME_PLACE_WORD`): the scan's pre-filter for surname + place."""
    return f"{surname_token}|{place_word}"


@dataclass(frozen=True, slots=True)
class Address:
    street: str
    number: str
    addition: str = ""
    postcode: str = ""
    city: str = ""


_ADDRESS = re.compile(
    rf"\s*(?P<street>.*?[^\W\d_].*?)\s+{_HOUSE}\s*,?\s*(?P<pc>[1-9]\d{{3}}\s?[A-Za-z]{{2}}\b)?\s*,?\s*(?P<city>[^\d\s,][^,\d]*?)?\s*",
    re.IGNORECASE,
)


def parse_address(value: str) -> Address:
    """`Hoofdstraat 12a, 1234 AB Amsterdam` (postcode and place optional)."""
    m = _ADDRESS.fullmatch(value)
    if not m:
        raise InvalidIdentifier("address", "verwacht straat en huisnummer, eventueel met postcode en plaats")
    return Address(
        street=m["street"],
        number=m["number"],
        addition=m["add1"] or m["add2"] or "",
        postcode=postcode_value(m["pc"]) if m["pc"] else "",
        city=m["city"] or "",
    )


def address_key(street_name: str, number: str, addition: str | None, city: str) -> str:
    return f"{street(street_name)}|{_number(number)}|{_addition(addition)}|{place(city)}"


def street_key(street_name: str, number: str, addition: str | None) -> str:
    return f"{street(street_name)}|{_number(number)}|{_addition(addition)}"


@dataclass(frozen=True, slots=True)
class AddressForms:
    postcode: list[str]  # postcode + number forms
    full: list[str]  # street + number + place forms
    street: list[str]  # street + number forms (no place)
    place: str  # the folded place, "" if none
    city: str = ""  # the place as written, "" if none


def address(value: str | Address) -> AddressForms:
    """All forms of a registered address. With an addition, the forms without it are registered
    too (a text that leaves the addition out still names the building)."""
    a = parse_address(value) if isinstance(value, str) else value
    if not street(a.street):
        raise InvalidIdentifier("address", "geen straatnaam")
    additions = _unique([a.addition, ""])
    return AddressForms(
        postcode=[postcode_key(a.postcode, a.number, x) for x in additions] if a.postcode else [],
        full=[address_key(a.street, a.number, x, a.city) for x in additions] if place(a.city) else [],
        street=[street_key(a.street, a.number, x) for x in additions],
        place=place(a.city) if a.city else "",
        city=a.city,
    )


# ---------------------------------------------------------------------------------------- names
_TUSSEN_RAW = (
    "van de der den het t te ter ten in op aan bij onder over uit uijt uyt voor vd d la le l du des di da "
    "del della dos das do el al von zu vom zum zur am auf dem thoe tot s 'm"
)
TUSSENVOEGSELS = frozenset(_ij(w) for w in _TUSSEN_RAW.replace("'", "").split())
_VD = frozenset({"v.d", "vd", "v/d", "v.d.", "v/d."})


def name_tokens(raw: str) -> list[str]:
    """One written token -> its folded name tokens: `J.P.` -> [j, p], `J.P.de` -> [j, p, de], `v.d.` -> [van, der],
    `Jansen-de` -> [jansen, de], `d'Ancona` -> [dancona], `'t` -> [t], `Dijk` -> [dyk]."""
    t = basic_fold(raw)
    if t in _VD:
        return ["van", "der"]
    t = t.replace("'", "")
    return [_ij(p) for p in _NAME_SEP.split(t) if p]


def is_tussen(token: str) -> bool:
    """Is this FOLDED token a tussenvoegsel?"""
    return token in TUSSENVOEGSELS


def join_name(tokens: Iterable[str]) -> str:
    """Join folded tokens; runs of single letters (initials) become one token: j p de vries -> jp de vries."""
    out: list[str] = []
    run = ""
    for t in tokens:
        if len(t) == 1:
            run += t
            continue
        if run:
            out.append(run)
            run = ""
        out.append(t)
    if run:
        out.append(run)
    return " ".join(out)


def name_key(raw_tokens: Sequence[str]) -> str | None:
    """The canonical text of a name as written in a scanned text, tokens in text order; one comma
    marks the surname-first form (`Vries, Jan de`, `de Vries, J.`). None when it cannot be a name."""
    if "," in raw_tokens:
        i = raw_tokens.index(",")
        left = [t for r in raw_tokens[:i] for t in name_tokens(r)]
        right = [t for r in raw_tokens[i + 1:] if r != "," for t in name_tokens(r)]
        if not left or not right or "," in raw_tokens[i + 1:]:
            return None
        while right and is_tussen(right[-1]):
            left.insert(0, right.pop())
        tokens = right + left
    else:
        tokens = [t for r in raw_tokens for t in name_tokens(r)]
    return join_name(tokens) if tokens else None


@dataclass(frozen=True, slots=True)
class ParsedName:
    given: tuple[tuple[str, ...], ...]  # per given name, its folded tokens (Jan-Willem -> (jan, willem))
    surnames: tuple[tuple[str, ...], ...]  # per surname part (double surnames), tussenvoegsels included


def _raw_is_tussen(raw: str) -> bool:
    tokens = name_tokens(raw)
    return bool(tokens) and all(is_tussen(t) for t in tokens)


def _surname_start(raw: list[str]) -> int:
    candidates = [len(raw) - 1]
    for i in range(1, len(raw)):
        if _raw_is_tussen(raw[i]):
            candidates.append(i)
        elif "-" in raw[i]:
            after = raw[i].split("-", 1)[1]
            if i == len(raw) - 1 or (after and _raw_is_tussen(after)):
                candidates.append(i)
    return min(candidates)


def parse_name(value: str) -> ParsedName:
    """A registered full name: `Jan Pieter de Vries`, `J. de Vries`, `Anne Jansen-de Vries`,
    `de Vries, Jan`, `Vries, Jan de`. Use the comma form to be explicit about where the surname
    starts (`Jansen, Marie-Louise`)."""
    text = " ".join(value.replace(",", " , ").split())
    if text.count(",") > 1:
        raise InvalidIdentifier("name", "hoogstens één komma (achternaam, voornamen)")
    if "," in text:
        left, _, right = text.partition(",")
        surname_raw, given_raw = left.split(), right.split()
        while given_raw and _raw_is_tussen(given_raw[-1]):
            surname_raw.insert(0, given_raw.pop())
    else:
        raw = text.split()
        if len(raw) < 2:
            raise InvalidIdentifier("name", "een naam heeft een voornaam of voorletter en een achternaam nodig")
        start = _surname_start(raw)
        given_raw, surname_raw = raw[:start], raw[start:]
    given = tuple(tuple(t for t in name_tokens(r)) for r in given_raw)
    given = tuple(g for g in given if g)
    if not given:
        raise InvalidIdentifier("name", "een naam heeft een voornaam of voorletter en een achternaam nodig")
    parts: list[tuple[str, ...]] = []
    for part in _HYPHEN.split(" ".join(surname_raw)):
        tokens = tuple(t for r in part.split() for t in name_tokens(r))
        if not tokens:
            continue
        if all(is_tussen(t) for t in tokens):
            raise InvalidIdentifier("name", "achternaam zonder naam na het tussenvoegsel")
        parts.append(tokens)
    if not parts:
        raise InvalidIdentifier("name", "geen achternaam")
    return ParsedName(given, tuple(parts))


def surname_forms(parsed: ParsedName) -> list[tuple[str, ...]]:
    """Double surnames give both orders and each part alone (`Jansen-de Vries` is also written
    `Jansen` or `de Vries`)."""
    parts = list(parsed.surnames)
    if len(parts) == 1:
        return parts
    joined = tuple(t for p in parts for t in p)
    reverse = tuple(t for p in reversed(parts) for t in p)
    return _unique([joined, reverse, *parts])


def given_forms(parsed: ParsedName) -> list[tuple[str, ...]]:
    """All given names, the first one, all initials, the first name's initials, the first initial."""
    every = tuple(t for g in parsed.given for t in g)
    first = parsed.given[0]
    return _unique([every, first, tuple(t[0] for t in every), tuple(t[0] for t in first), (every[0][0],)])


@dataclass(frozen=True, slots=True)
class NameForms:
    full: list[str]  # hashed as NAME / RELATIVE_NAME
    surnames: list[str]  # joined surname forms, for surname + place
    surname_tokens: list[str]  # core tokens of the surname: the scan's pre-filter
    given_tokens: list[str]  # given-name tokens and joined initials ("jp"): the scan's pre-filter
    parsed: ParsedName


def name(value: str) -> NameForms:
    """Every written form of one full name that a scan should recognise, as canonical strings:
    given forms x surname forms, in both orders (`jan de vries`, `j de vries`, `de vries jan`, ...).
    A first name alone is never a form."""
    parsed = parse_name(value)
    full: list[str] = []
    snames = surname_forms(parsed)
    for g in given_forms(parsed):
        for s in snames:
            full.append(join_name(g + s))
            full.append(join_name(s + g))
    tokens = [t for p in parsed.surnames for t in p if not is_tussen(t) and len(t) > 1]
    given = [t for g in parsed.given for t in g if len(t) > 1]
    given += [join_name(g) for g in given_forms(parsed) if all(len(t) == 1 for t in g) and len(g) > 1]
    return NameForms(
        full=_unique(full),
        surnames=_unique(join_name(s) for s in snames),
        surname_tokens=_unique(tokens),
        given_tokens=_unique(given),
        parsed=parsed,
    )


def surname_place_key(surname: str, place_key: str) -> str:
    return f"{surname}|{place_key}"


def _unique(items: Iterable[object]) -> list:  # type: ignore[type-arg]
    seen: dict[object, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
