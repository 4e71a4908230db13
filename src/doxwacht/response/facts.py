"""What a response document needs to know about a case: plain frozen dataclasses, no database.

The case layer fills these from its own records; `doxwacht.response.documents` turns them into
documents. Everything that names the target is pseudonymous (`Target.label`), and message excerpts
hold their personal data masked (`Excerpt` refuses readable identifiers).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from doxwacht.response.masking import find_unmasked

# the verdict levels (doxwacht.verdict.LEVELS), repeated here so this module stays import-light
LEVELS: tuple[str, ...] = ("none", "personal_data", "hostile", "doxing")

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def utc(value: datetime, name: str = "time") -> datetime:
    """`value` in UTC; naive datetimes are refused (their zone is unknown)."""
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (UTC), got a naive datetime")
    return value.astimezone(UTC)


def is_email(value: str) -> bool:
    return bool(value) and bool(_EMAIL.match(value))


def _set(obj: object, name: str, value: Any) -> None:
    object.__setattr__(obj, name, value)


class Category(StrEnum):
    """What the case is about (the main kind of harm)."""

    DOXING = "doxing"
    BEDREIGING = "bedreiging"
    SEKSUELE_BEELDEN = "seksuele_beelden"
    HAAT = "haat"
    OPRUIING = "opruiing"
    BELEDIGING = "belediging"
    OVERIG = "overig"


class RoleGroup(StrEnum):
    POLITIE = "politie"
    BOA = "boa"
    POLITICUS = "politicus"
    BESTUURDER = "bestuurder"
    RECHTERLIJKE_MACHT = "rechterlijke macht"
    JOURNALIST = "journalist"
    AMBTENAAR = "ambtenaar"
    HULPVERLENER = "hulpverlener"
    BURGER = "burger"


PUBLIC_TASK_GROUPS: frozenset[RoleGroup] = frozenset(set(RoleGroup) - {RoleGroup.BURGER})

# the roles for which art. 285d lid 2 Sr raises the maximum prison sentence by a third
AGGRAVATED_285D_GROUPS: frozenset[RoleGroup] = frozenset(
    {RoleGroup.POLITIE, RoleGroup.BOA, RoleGroup.POLITICUS, RoleGroup.BESTUURDER,
     RoleGroup.RECHTERLIJKE_MACHT, RoleGroup.JOURNALIST})

ROLE_NAMES: dict[RoleGroup, str] = {
    RoleGroup.POLITIE: "politiemedewerker",
    RoleGroup.BOA: "buitengewoon opsporingsambtenaar (boa)",
    RoleGroup.POLITICUS: "politicus (volksvertegenwoordiger)",
    RoleGroup.BESTUURDER: "bestuurder (burgemeester, wethouder, gedeputeerde, minister)",
    RoleGroup.RECHTERLIJKE_MACHT: "lid van de rechterlijke macht",
    RoleGroup.JOURNALIST: "journalist",
    RoleGroup.AMBTENAAR: "ambtenaar met een publieke taak",
    RoleGroup.HULPVERLENER: "hulpverlener met een publieke taak",
    RoleGroup.BURGER: "burger",
}

CATEGORY_NAMES: dict[Category, str] = {
    Category.DOXING: "doxing (verspreiden van persoonsgegevens om te intimideren)",
    Category.BEDREIGING: "bedreiging",
    Category.SEKSUELE_BEELDEN: "verspreiden van seksuele beelden zonder toestemming ('exposen')",
    Category.HAAT: "haatzaaien / discriminatie",
    Category.OPRUIING: "opruiing",
    Category.BELEDIGING: "belediging",
    Category.OVERIG: "overige onrechtmatige inhoud",
}


@dataclass(frozen=True)
class Qualification:
    """A suggested criminal-law qualification, e.g. ``art. 285d Sr``, with its elements."""

    article: str
    name: str
    met: tuple[str, ...] = ()
    to_judge: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.article.strip():
            raise ValueError("a qualification needs an article")
        _set(self, "met", tuple(self.met))
        _set(self, "to_judge", tuple(self.to_judge))

    @classmethod
    def from_verdict(cls, q: Mapping[str, Any]) -> Qualification:
        """From one entry of a verdict's ``qualifications`` (keys article, name, met, te_beoordelen)."""
        return cls(str(q["article"]), str(q.get("name", "")), tuple(q.get("met", ())),
                   tuple(q.get("te_beoordelen", q.get("to_judge", ()))))

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "name": self.name, "met": list(self.met),
                "to_judge": list(self.to_judge)}


@dataclass(frozen=True)
class Target:
    """The person targeted, pseudonymously: ``label`` is a case label, never the real name."""

    label: str
    role_group: RoleGroup
    public_task: bool | None = None  # None: follows from the role group
    age: int | None = None

    def __post_init__(self) -> None:
        if not self.label.strip():
            raise ValueError("a target needs a pseudonymous label")
        _set(self, "role_group", RoleGroup(self.role_group))
        if self.public_task is None:
            _set(self, "public_task", self.role_group in PUBLIC_TASK_GROUPS)
        if self.age is not None and not 0 < self.age < 130:
            raise ValueError(f"implausible age {self.age}")

    @property
    def minor(self) -> bool:
        return self.age is not None and self.age < 18

    @property
    def role_name(self) -> str:
        return ROLE_NAMES[self.role_group]

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "role_group": str(self.role_group), "role_name": self.role_name,
                "public_task": bool(self.public_task), "age": self.age, "minor": self.minor}


_TELEGRAM_HOSTS = frozenset({"t.me", "telegram.me", "www.t.me", "telegram.org", "web.telegram.org"})


@dataclass(frozen=True)
class Location:
    """Where the content is: an exact URL and what helps to find the item behind it."""

    url: str
    platform: str = ""
    message_id: str = ""
    posted_at: datetime | None = None
    description: str = ""  # e.g. "bericht in de groep 'X', met foto"
    scope: str = "bericht"  # bericht | kanaal | groep | bestand | pagina

    def __post_init__(self) -> None:
        if self.posted_at is not None:
            _set(self, "posted_at", utc(self.posted_at, "posted_at"))

    def problems(self) -> list[str]:
        """Why this is not an exact electronic location (DSA art. 16(2)(b)); empty when it is."""
        parts = urlsplit(self.url.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return [f"not an absolute http(s) URL: {self.url!r}"]
        host = parts.hostname or ""
        if host in _TELEGRAM_HOSTS and self.scope == "bericht":
            segments = [s for s in parts.path.split("/") if s]
            if len(segments) < 2 or not segments[-1].isdigit():
                return [f"Telegram URL does not point at one message (t.me/<kanaal>/<nummer>): {self.url!r}"]
        return []

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "platform": self.platform, "message_id": self.message_id,
                "posted_at": _iso(self.posted_at), "description": self.description, "scope": self.scope}


@dataclass(frozen=True)
class Excerpt:
    """A message's text with its personal data masked (see `masking.mask_excerpt`)."""

    message_id: str
    text: str
    posted_at: datetime | None = None
    url: str = ""

    def __post_init__(self) -> None:
        if self.posted_at is not None:
            _set(self, "posted_at", utc(self.posted_at, "posted_at"))
        leaks = find_unmasked(self.text)
        if leaks:
            kinds = ", ".join(sorted({u.label for u in leaks}))
            raise ValueError(f"excerpt of message {self.message_id!r} holds unmasked personal data ({kinds}); "
                             "mask it with doxwacht.response.masking.mask_excerpt")

    def to_dict(self) -> dict[str, Any]:
        return {"message_id": self.message_id, "text": self.text, "posted_at": _iso(self.posted_at),
                "url": self.url}


@dataclass(frozen=True)
class EvidenceItem:
    """One secured original, by its SHA-256 (see `doxwacht.evidence`)."""

    sha256: str
    captured_at: datetime
    source: str
    captured_by: str
    tool_version: str
    media_type: str = ""
    size: int | None = None
    description: str = ""

    def __post_init__(self) -> None:
        if not _SHA256.match(self.sha256):
            raise ValueError(f"not a lower-case hex SHA-256: {self.sha256!r}")
        _set(self, "captured_at", utc(self.captured_at, "captured_at"))
        for name in ("source", "captured_by", "tool_version"):
            if not str(getattr(self, name)).strip():
                raise ValueError(f"evidence item {self.sha256[:12]}: {name} is empty")

    @classmethod
    def from_capture(cls, record: Any, description: str = "") -> EvidenceItem:
        """From a `doxwacht.evidence.CaptureRecord` (or anything with the same attributes)."""
        return cls(record.sha256, record.captured_at, record.source, record.captured_by, record.tool_version,
                   record.media_type, record.size, description)

    def to_dict(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "captured_at": _iso(self.captured_at), "source": self.source,
                "captured_by": self.captured_by, "tool_version": self.tool_version, "media_type": self.media_type,
                "size": self.size, "description": self.description}


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime
    text: str

    def __post_init__(self) -> None:
        _set(self, "at", utc(self.at, "timeline time"))

    def to_dict(self) -> dict[str, Any]:
        return {"at": _iso(self.at), "text": self.text}


@dataclass(frozen=True)
class CaseFacts:
    """Everything documents may say about a case."""

    case_code: str
    created_at: datetime
    observed_at: datetime
    category: Category
    severity: int
    verdict_level: str
    target: Target
    platform: str
    locations: tuple[Location, ...]
    qualifications: tuple[Qualification, ...] = ()
    poster_handle: str | None = None
    excerpts: tuple[Excerpt, ...] = ()
    evidence: tuple[EvidenceItem, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    data_kinds: tuple[str, ...] = ()  # kinds of personal data disclosed, Dutch: "adres", "telefoonnummer"

    def __post_init__(self) -> None:
        if not self.case_code.strip():
            raise ValueError("a case needs a case code")
        _set(self, "created_at", utc(self.created_at, "created_at"))
        _set(self, "observed_at", utc(self.observed_at, "observed_at"))
        _set(self, "category", Category(self.category))
        if not isinstance(self.severity, int) or not 0 <= self.severity <= 100:
            raise ValueError(f"severity must be an int in 0..100, got {self.severity!r}")
        if self.verdict_level not in LEVELS:
            raise ValueError(f"unknown verdict level {self.verdict_level!r} (one of {', '.join(LEVELS)})")
        for name in ("locations", "qualifications", "excerpts", "evidence", "timeline", "data_kinds"):
            _set(self, name, tuple(getattr(self, name)))

    @property
    def gtpa(self) -> bool:
        """Register with code GTPA: the target has a public task."""
        return bool(self.target.public_task)

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(q.article for q in self.qualifications)

    @property
    def urls(self) -> tuple[str, ...]:
        return tuple(loc.url for loc in self.locations)

    @property
    def manifestly_illegal(self) -> bool:
        """Doxing of a person with a public task, threats and sexual images: the short deadline."""
        arts = {a.replace(" ", "").lower() for a in self.articles}
        if self.category in (Category.BEDREIGING, Category.SEKSUELE_BEELDEN):
            return True
        if arts & {"art.285sr", "art.139hsr"}:
            return True
        return self.category == Category.DOXING and self.gtpa

    @property
    def child_sexual_abuse_material(self) -> bool:
        """Sexual images of a minor: the offences of Directive 2011/93/EU (art. 3 to 7)."""
        return self.category == Category.SEKSUELE_BEELDEN and self.target.minor

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_code": self.case_code,
            "created_at": _iso(self.created_at),
            "observed_at": _iso(self.observed_at),
            "category": str(self.category),
            "category_name": CATEGORY_NAMES[self.category],
            "severity": self.severity,
            "verdict_level": self.verdict_level,
            "target": self.target.to_dict(),
            "gtpa": self.gtpa,
            "manifestly_illegal": self.manifestly_illegal,
            "platform": self.platform,
            "locations": [loc.to_dict() for loc in self.locations],
            "qualifications": [q.to_dict() for q in self.qualifications],
            "poster_handle": self.poster_handle,
            "excerpts": [e.to_dict() for e in self.excerpts],
            "evidence": [e.to_dict() for e in self.evidence],
            "timeline": [t.to_dict() for t in self.timeline],
            "data_kinds": list(self.data_kinds),
        }


@dataclass(frozen=True)
class Notifier:
    """Who sends the document (the organisation that handles the case, and its contact)."""

    organisation: str
    name: str
    email: str
    phone: str = ""
    function: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"organisation": self.organisation, "name": self.name, "email": self.email, "phone": self.phone,
                "function": self.function}


class RecipientKind(StrEnum):
    POSTER = "plaatser"
    PLATFORM = "platform"
    HOSTING = "hostingprovider"
    REGISTRAR = "registrar"
    PROSECUTOR = "officier van justitie"
    REPORTER = "melder"
    VICTIM = "slachtoffer"
    POLICE = "politie"


@dataclass(frozen=True)
class Recipient:
    """Who receives the document."""

    name: str
    kind: RecipientKind
    email: str = ""
    organisation: str = ""
    address: str = ""  # postal address, where a letter needs one
    reference: str = ""  # the recipient's own reference (a ticket number, a parket number)

    def __post_init__(self) -> None:
        _set(self, "kind", RecipientKind(self.kind))

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": str(self.kind), "email": self.email, "organisation": self.organisation,
                "address": self.address, "reference": self.reference}


@dataclass(frozen=True)
class Intervention:
    """An alternative intervention: a talk with the poster (handelingskader: when no offence, or
    besides the criminal route; only when the poster's identity is known)."""

    held_at: datetime
    held_by: str
    poster: str  # how the poster is identified in the case (a pseudonym or the case's person label)
    form: str  # "gesprek op het bureau", "huisbezoek", "telefonisch"
    summary: str
    outcome: str
    agreements: tuple[str, ...] = ()
    content_removed: bool | None = None
    follow_up: str = ""

    def __post_init__(self) -> None:
        _set(self, "held_at", utc(self.held_at, "held_at"))
        _set(self, "agreements", tuple(self.agreements))

    def to_dict(self) -> dict[str, Any]:
        return {"held_at": _iso(self.held_at), "held_by": self.held_by, "poster": self.poster, "form": self.form,
                "summary": self.summary, "outcome": self.outcome, "agreements": list(self.agreements),
                "content_removed": self.content_removed, "follow_up": self.follow_up}


@dataclass(frozen=True)
class Decision:
    """A decision on a report, with its reasons, for the reporter."""

    decided_at: datetime
    outcome: str  # e.g. "Wij hebben het platform verzocht de berichten te verwijderen."
    reasons: tuple[str, ...]
    actions: tuple[str, ...] = ()
    complaint_route: str = ""

    def __post_init__(self) -> None:
        _set(self, "decided_at", utc(self.decided_at, "decided_at"))
        _set(self, "reasons", tuple(self.reasons))
        _set(self, "actions", tuple(self.actions))

    def to_dict(self) -> dict[str, Any]:
        return {"decided_at": _iso(self.decided_at), "outcome": self.outcome, "reasons": list(self.reasons),
                "actions": list(self.actions), "complaint_route": self.complaint_route}


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def iso(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a ``Z``; None stays None."""
    return _iso(value)


def evidence_from(records: Iterable[Any]) -> tuple[EvidenceItem, ...]:
    return tuple(EvidenceItem.from_capture(r) for r in records)


__all__ = [
    "AGGRAVATED_285D_GROUPS",
    "CATEGORY_NAMES",
    "LEVELS",
    "PUBLIC_TASK_GROUPS",
    "ROLE_NAMES",
    "CaseFacts",
    "Category",
    "Decision",
    "EvidenceItem",
    "Excerpt",
    "Intervention",
    "Location",
    "Notifier",
    "Qualification",
    "Recipient",
    "RecipientKind",
    "RoleGroup",
    "Target",
    "TimelineEvent",
    "evidence_from",
    "is_email",
    "iso",
    "utc",
]
