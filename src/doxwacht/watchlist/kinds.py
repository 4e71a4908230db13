"""What the register stores per hash (`Kind`), how each kind is hashed (its domain), and how strong a
match on it is.

The codes are stored in the database: never renumber or reuse one; add new kinds at the end.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Strength(StrEnum):
    STRONG = "strong"  # a unique identifier: phone, e-mail, plate, IBAN, handle, postcode + number, full address
    MEDIUM = "medium"  # a full name, a relative's full name, a surname with a matching place
    WEAK = "weak"  # shared by many people: date of birth, street + number without a place

    @property
    def rank(self) -> int:
        return {"strong": 3, "medium": 2, "weak": 1}[self.value]


class Kind(IntEnum):
    NAME = 1
    RELATIVE_NAME = 2
    SURNAME = 3  # a surname token: a pre-filter for name windows, never reported
    SURNAME_PLACE = 4
    PHONE = 5
    EMAIL = 6
    PLATE = 7
    POSTCODE = 8  # postcode + house number (+ addition)
    ADDRESS = 9  # street + house number (+ addition) + place
    ADDRESS_STREET = 10  # street + house number (+ addition), no place
    DOB = 11
    HANDLE = 12
    IBAN = 13
    GIVEN = 14  # a given-name token or joined initials: a pre-filter only, never reported
    PLACE_WORD = 15  # a word of a registered place or workplace: a pre-filter only, never reported
    SURNAME_PLACE_WORD = 16  # a surname token with a word of a place of the same person: a pre-filter only

    @property
    def domain(self) -> str:
        """The hash domain: kinds that are looked up with the same canonical text share it."""
        return _DOMAIN[self]

    @property
    def public(self) -> str:
        """The kind as reported in a match."""
        return _PUBLIC[self]

    @property
    def strength(self) -> Strength | None:
        return _STRENGTH.get(self)

    @property
    def prefilter(self) -> bool:
        """A single word of a name or place, hashed in the shared "token" domain: it only tells a
        scan where to look, and is never reported."""
        return self in PREFILTER_KINDS


_DOMAIN = {
    Kind.NAME: "name",
    Kind.RELATIVE_NAME: "name",
    Kind.SURNAME: "token",
    Kind.SURNAME_PLACE: "surname_place",
    Kind.PHONE: "phone",
    Kind.EMAIL: "email",
    Kind.PLATE: "plate",
    Kind.POSTCODE: "postcode",
    Kind.ADDRESS: "address",
    Kind.ADDRESS_STREET: "street",
    Kind.DOB: "dob",
    Kind.HANDLE: "handle",
    Kind.IBAN: "iban",
    Kind.GIVEN: "token",
    Kind.PLACE_WORD: "token",
    Kind.SURNAME_PLACE_WORD: "token_pair",
}

_PUBLIC = {
    Kind.NAME: "name",
    Kind.RELATIVE_NAME: "relative_name",
    Kind.SURNAME: "surname",
    Kind.SURNAME_PLACE: "surname_place",
    Kind.PHONE: "phone",
    Kind.EMAIL: "email",
    Kind.PLATE: "plate",
    Kind.POSTCODE: "postcode",
    Kind.ADDRESS: "address",
    Kind.ADDRESS_STREET: "address",
    Kind.DOB: "dob",
    Kind.HANDLE: "handle",
    Kind.IBAN: "iban",
    Kind.GIVEN: "given",
    Kind.PLACE_WORD: "place_word",
    Kind.SURNAME_PLACE_WORD: "surname_place_word",
}

_STRENGTH = {
    Kind.NAME: Strength.MEDIUM,
    Kind.RELATIVE_NAME: Strength.MEDIUM,
    Kind.SURNAME_PLACE: Strength.MEDIUM,
    Kind.PHONE: Strength.STRONG,
    Kind.EMAIL: Strength.STRONG,
    Kind.PLATE: Strength.STRONG,
    Kind.POSTCODE: Strength.STRONG,
    Kind.ADDRESS: Strength.STRONG,
    Kind.ADDRESS_STREET: Strength.WEAK,
    Kind.DOB: Strength.WEAK,
    Kind.HANDLE: Strength.STRONG,
    Kind.IBAN: Strength.STRONG,
}

PREFILTER_KINDS = frozenset({Kind.SURNAME, Kind.GIVEN, Kind.PLACE_WORD, Kind.SURNAME_PLACE_WORD})

# The identifier kinds a user registers (CLI flags, CSV columns, `PersonInput` fields, counts).
REGISTERED_KINDS = (
    "name",
    "relative_name",
    "address",
    "postcode",
    "phone",
    "email",
    "plate",
    "dob",
    "handle",
    "iban",
    "workplace",
)

ROLE_GROUPS = (
    "politie",
    "boa",
    "politicus",
    "bestuurder",
    "rechterlijke_macht",
    "ambtenaar",
    "journalist",
    "hulpverlener",
    "burger",
    "overig",
)


def normalise_role(value: str) -> str:
    """'Rechterlijke macht' -> 'rechterlijke_macht'; raises ValueError for an unknown group."""
    role = "_".join(value.strip().lower().replace("-", " ").split())
    if role not in ROLE_GROUPS:
        raise ValueError(f"onbekende rolgroep; kies uit: {', '.join(ROLE_GROUPS)}")
    return role
