"""The register of protected persons, kept in the store as keyed hashes only.

A person row holds non-secret metadata: an opaque id, the pseudonymous label the registering user
chose, the role group, the organisation, and how many identifiers of each kind were registered.
Each identifier becomes one or more rows (person, kind, HMAC) - one per canonical form - and nothing
else: no plaintext identifier reaches the store, the access log, a log line or an error message.

Every write bumps the register's generation (so scanners know to reload) and appends to the
access log; so do `show()`, `open_match()` and `list()`.

CSV import (`import_csv`): one person a row; a header row names the columns (English or Dutch,
case-insensitive); the delimiter is `,`, `;` or a tab (detected); several values in one cell are
separated by `|`.

| column (aliases) | content |
|---|---|
| label (pseudoniem) | the pseudonymous label (required) |
| role (rol, rolgroep) | role group: politie, boa, politicus, bestuurder, rechterlijke_macht, ambtenaar, journalist, hulpverlener, burger, overig |
| organisation (organisatie, org) | the owning organisation |
| names (naam, namen) | full names and variants, e.g. `Jan de Vries|J. de Vries` |
| relative_names (familie, naasten, relatives) | names of partner and children |
| addresses (adres, adressen) | `Hoofdstraat 12a, 1234 AB Amsterdam` (postcode and place optional) |
| postcodes (postcode) | postcode + house number, `1234 AB 12a` |
| phones (telefoon, telefoonnummers) | phone numbers |
| emails (email, e-mail) | e-mail addresses |
| plates (kenteken, kentekens) | licence plates |
| dobs (geboortedatum, dob) | dates of birth |
| handles (handle, accounts) | social media handles or profile URLs |
| ibans (iban) | bank accounts |
| workplace (werkplek) | the workplace (matched together with a surname) |

A row with any invalid cell is rejected whole and reported (row number, column, reason; never the
value); the valid rows go in, in one transaction.
"""

from __future__ import annotations

import csv
import getpass
import hashlib
import io
import logging
import os
import re
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import numpy as np
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from doxwacht.store import Store, access_log
from doxwacht.store.models import WatchlistIdentifier, WatchlistPerson
from doxwacht.watchlist import canonical
from doxwacht.watchlist.canonical import InvalidIdentifier
from doxwacht.watchlist.keys import DIGEST_BYTES, Hasher, WatchlistKey, WrongKeyError
from doxwacht.watchlist.kinds import REGISTERED_KINDS, ROLE_GROUPS, Kind, normalise_role
from doxwacht.watchlist.matcher import Matcher

log = logging.getLogger(__name__)

META_FINGERPRINT = "watchlist.key_fingerprint"
META_GENERATION = "watchlist.generation"
MULTI_SEPARATOR = "|"
_INSERT_BATCH = 20_000
_LOAD_BATCH = 500_000

Progress = Callable[[int, int], None]


def current_user() -> str:
    """The acting user for the access log: DOXWACHT_USER, else the login name."""
    env = os.environ.get("DOXWACHT_USER")
    if env:
        return env
    try:
        return getpass.getuser()
    except Exception:  # no login name (containers)
        return "onbekend"


# ---------------------------------------------------------------------------------------- inputs
@dataclass
class PersonInput:
    """What a user registers about one person (plaintext: it lives only in memory, on its way to
    being hashed)."""

    label: str
    role: str
    organisation: str
    names: Sequence[str] = ()
    relative_names: Sequence[str] = ()
    addresses: Sequence[str] = ()
    postcodes: Sequence[str] = ()
    phones: Sequence[str] = ()
    emails: Sequence[str] = ()
    plates: Sequence[str] = ()
    dobs: Sequence[str] = ()
    handles: Sequence[str] = ()
    ibans: Sequence[str] = ()
    workplace: str | None = None

    def __repr__(self) -> str:  # never show identifiers in tracebacks or logs
        return f"PersonInput(label={self.label!r}, role={self.role!r}, organisation={self.organisation!r})"


# field of PersonInput -> the registered kind it counts as
FIELD_KINDS = {
    "names": "name",
    "relative_names": "relative_name",
    "addresses": "address",
    "postcodes": "postcode",
    "phones": "phone",
    "emails": "email",
    "plates": "plate",
    "dobs": "dob",
    "handles": "handle",
    "ibans": "iban",
}
assert set(FIELD_KINDS.values()) | {"workplace"} == set(REGISTERED_KINDS)


@dataclass(frozen=True, slots=True)
class PreparedPerson:
    """A person after validation and hashing: metadata, counts and (kind, digest) rows."""

    label: str
    role: str
    organisation: str
    counts: dict[str, int]
    rows: tuple[tuple[Kind, bytes], ...]


_LABEL_LEAK = re.compile(r"@|\d[\d\s\-.]{5,}\d|\b[1-9]\d{3}\s?[A-Za-z]{2}\b")


def _check_label(label: str, sensitive: set[str]) -> str:
    label = " ".join(label.split())
    if not label:
        raise InvalidIdentifier("label", "een label (pseudoniem) is verplicht")
    if len(label) > 200:
        raise InvalidIdentifier("label", "label langer dan 200 tekens")
    words = {t for w in label.split() for t in canonical.name_tokens(w)}
    if _LABEL_LEAK.search(label) or words & sensitive:
        raise InvalidIdentifier(
            "label", "het label lijkt een naam of ander gegeven van de persoon te bevatten; kies een pseudoniem"
        )
    return label


def prepare(person: PersonInput, hasher: Hasher) -> PreparedPerson:
    """Validate every identifier, build its canonical forms and hash them. Raises
    `InvalidIdentifier` (kind = the field, never the value) at the first invalid one."""
    h = hasher.digest
    rows: dict[tuple[Kind, bytes], None] = {}
    counts: dict[str, int] = {}
    surnames: list[str] = []
    surname_tokens: list[str] = []
    places: list[str] = []
    place_words: list[str] = []
    sensitive: set[str] = set()

    def add(kind: Kind, forms: Iterable[str]) -> None:
        for form in forms:
            rows.setdefault((kind, h(kind.domain, form)), None)

    def each(field_name: str, values: Sequence[str]) -> Iterator[str]:
        kind = FIELD_KINDS[field_name]
        for value in values:
            if value is None or not str(value).strip():
                continue
            counts[kind] = counts.get(kind, 0) + 1
            yield str(value)

    for field_name, kind in (("names", Kind.NAME), ("relative_names", Kind.RELATIVE_NAME)):
        for value in each(field_name, person.names if kind is Kind.NAME else person.relative_names):
            forms = canonical.name(value)
            add(kind, forms.full)
            add(Kind.SURNAME, forms.surname_tokens)
            add(Kind.GIVEN, forms.given_tokens)
            parsed = forms.parsed
            sensitive.update(t for part in (*parsed.given, *parsed.surnames) for t in part if len(t) > 2)
            if kind is Kind.NAME:
                surnames.extend(forms.surnames)
                surname_tokens.extend(forms.surname_tokens)
    for value in each("addresses", person.addresses):
        forms = canonical.address(value)
        add(Kind.POSTCODE, forms.postcode)
        add(Kind.ADDRESS, forms.full)
        add(Kind.ADDRESS_STREET, forms.street)
        if forms.place:
            places.append(forms.place)
            place_words.extend(canonical.place_words(forms.city))
    for value in each("postcodes", person.postcodes):
        add(Kind.POSTCODE, canonical.postcode(value))
    simple = (
        ("phones", Kind.PHONE, canonical.phone),
        ("emails", Kind.EMAIL, canonical.email),
        ("plates", Kind.PLATE, canonical.plate),
        ("dobs", Kind.DOB, canonical.dob),
        ("ibans", Kind.IBAN, canonical.iban),
    )
    for field_name, kind, fn in simple:
        for value in each(field_name, getattr(person, field_name)):
            add(kind, fn(value))
    for value in each("handles", person.handles):
        forms_h = canonical.handle(value)
        add(Kind.HANDLE, forms_h)
        sensitive.update(forms_h)
    if person.workplace and person.workplace.strip():
        workplace = canonical.place(person.workplace)
        if not workplace:
            raise InvalidIdentifier("workplace", "lege werkplek")
        counts["workplace"] = 1
        places.append(workplace)
        place_words.extend(canonical.place_words(person.workplace))
    for s in dict.fromkeys(surnames):
        add(Kind.SURNAME_PLACE, (canonical.surname_place_key(s, p) for p in dict.fromkeys(places)))
    if surnames and places:
        add(Kind.PLACE_WORD, place_words)
        # which surname token goes with which place word: a scan builds surname + place candidates only around
        # such a pair (the matcher turns that filter on once every person with a surname + place has them, and where
        # the pairs are sparse enough to filter anything: `Matcher.pair_filter`)
        add(
            Kind.SURNAME_PLACE_WORD,
            (canonical.surname_place_word_key(t, w) for t in dict.fromkeys(surname_tokens) for w in dict.fromkeys(place_words)),
        )
    if not any(k.strength is not None for k, _ in rows):
        raise InvalidIdentifier("identifiers", "geen enkel gegeven om op te matchen (geef minstens een naam, nummer of adres)")
    try:
        role = normalise_role(person.role)
    except ValueError as exc:
        raise InvalidIdentifier("role", str(exc)) from None
    organisation = " ".join((person.organisation or "").split())
    if not organisation:
        raise InvalidIdentifier("organisation", "een organisatie is verplicht")
    if len(organisation) > 200:
        raise InvalidIdentifier("organisation", "organisatie langer dan 200 tekens")
    label = _check_label(person.label, sensitive)
    return PreparedPerson(label, role, organisation, counts, tuple(rows))


# ---------------------------------------------------------------------------------------- outputs
@dataclass(frozen=True, slots=True)
class PersonInfo:
    """The non-secret metadata of one registered person."""

    id: str
    label: str
    role: str
    organisation: str
    identifiers: dict[str, int]
    created_at: datetime
    created_by: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "role": self.role,
            "organisation": self.organisation,
            "identifiers": dict(self.identifiers),
            "created_at": self.created_at.isoformat(),
            "created_by": self.created_by,
        }


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    field: str | None
    reason: str

    def __str__(self) -> str:
        where = f"rij {self.row}" + (f", kolom {self.field}" if self.field else "")
        return f"{where}: {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "reason": self.reason}


@dataclass
class ImportReport:
    rows: int = 0
    added: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class CsvFormatError(ValueError):
    """The file as a whole cannot be imported (no header, unknown or missing columns)."""


# ---------------------------------------------------------------------------------------- CSV
CSV_COLUMNS: dict[str, str] = {}
for _field, _aliases in {
    "label": ("label", "pseudoniem", "alias"),
    "role": ("role", "rol", "rolgroep"),
    "organisation": ("organisation", "organization", "organisatie", "org"),
    "names": ("names", "name", "naam", "namen"),
    "relative_names": ("relative_names", "relatives", "familie", "naasten", "gezin"),
    "addresses": ("addresses", "address", "adres", "adressen"),
    "postcodes": ("postcodes", "postcode", "postcode_huisnummer"),
    "phones": ("phones", "phone", "telefoon", "telefoons", "telefoonnummer", "telefoonnummers"),
    "emails": ("emails", "email", "e-mail", "e-mails", "mail"),
    "plates": ("plates", "plate", "kenteken", "kentekens"),
    "dobs": ("dobs", "dob", "geboortedatum", "date_of_birth"),
    "handles": ("handles", "handle", "accounts", "account"),
    "ibans": ("ibans", "iban", "rekening", "rekeningnummer"),
    "workplace": ("workplace", "werkplek", "standplaats"),
}.items():
    for _alias in _aliases:
        CSV_COLUMNS[_alias] = _field
_MULTI_FIELDS = set(FIELD_KINDS)


def _read_csv(source: str | os.PathLike[str] | TextIO) -> tuple[list[tuple[int, dict[str, str]]], str]:
    """(line number, {field: cell}) for every data row, and the SHA-256 of the file."""
    if isinstance(source, (str, os.PathLike)):
        data = Path(source).read_text(encoding="utf-8-sig")
    else:
        data = source.read()
        data = data.lstrip("\ufeff")
    digest = hashlib.sha256(data.encode("utf-8")).hexdigest()
    first = data.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count) if first else ","
    reader = csv.reader(io.StringIO(data, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise CsvFormatError("het CSV-bestand is leeg") from None
    columns: list[str | None] = []
    for raw in header:
        key = raw.strip().lower().replace(" ", "_")
        if not key:
            columns.append(None)
            continue
        if key not in CSV_COLUMNS:
            raise CsvFormatError(f"onbekende kolom {raw.strip()!r}; bekende kolommen: {', '.join(sorted(set(CSV_COLUMNS.values())))}")
        columns.append(CSV_COLUMNS[key])
    if "label" not in columns:
        raise CsvFormatError("de kolom 'label' ontbreekt")
    rows: list[tuple[int, dict[str, str]]] = []
    for record in reader:
        if not any(cell.strip() for cell in record):
            continue
        line = reader.line_num
        cells: dict[str, str] = {}
        for col, cell in zip(columns, record):
            if col is not None and cell.strip():
                cells[col] = (cells[col] + MULTI_SEPARATOR + cell) if col in cells else cell
        if len(record) > len(columns) and any(c.strip() for c in record[len(columns):]):
            cells["__extra__"] = "1"
        rows.append((line, cells))
    return rows, digest


def _row_to_input(cells: Mapping[str, str], *, role: str | None, organisation: str | None) -> PersonInput:
    if "__extra__" in cells:
        raise InvalidIdentifier("rij", "meer cellen dan kolommen in de kop")

    def many(name: str) -> list[str]:
        return [v.strip() for v in cells.get(name, "").split(MULTI_SEPARATOR) if v.strip()]

    return PersonInput(
        label=cells.get("label", ""),
        role=cells.get("role") or role or "",
        organisation=cells.get("organisation") or organisation or "",
        workplace=cells.get("workplace"),
        **{name: many(name) for name in _MULTI_FIELDS},
    )


# ---------------------------------------------------------------------------------------- register
class Register:
    """The watchlist in a store. A key is needed to add, import or build a matcher; listing,
    showing, removing and statistics work without it. A key that does not fit the register's
    fingerprint is refused (`WrongKeyError`)."""

    def __init__(self, store: Store, key: WatchlistKey | None = None) -> None:
        self.store = store
        self.key = key
        self.hasher: Hasher | None = key.hasher() if key else None
        if key is not None:
            self.check_key()

    # ------------------------------------------------------------------ key
    def stored_fingerprint(self) -> str | None:
        with self.store.transaction() as s:
            return self.store.get_meta(s, META_FINGERPRINT)

    def check_key(self) -> None:
        stored = self.stored_fingerprint()
        if stored is not None and self.key is not None and stored != self.key.fingerprint:
            raise WrongKeyError(_wrong_key_message(self.key.fingerprint, stored))

    def _require_hasher(self) -> Hasher:
        if self.hasher is None:
            raise WrongKeyError("hiervoor is de watchlist-sleutel nodig (zie 'doxwacht keygen' en --key-file)")
        return self.hasher

    def _bind_key(self, session: Session) -> None:
        assert self.key is not None
        stored = self.store.get_meta(session, META_FINGERPRINT)
        if stored is None:
            if session.scalar(select(func.count()).select_from(WatchlistIdentifier)):
                raise WrongKeyError("de watchlist bevat hashes maar geen sleutelvingerafdruk; weiger te schrijven")
            self.store.set_meta(session, META_FINGERPRINT, self.key.fingerprint)
        elif stored != self.key.fingerprint:
            raise WrongKeyError(_wrong_key_message(self.key.fingerprint, stored))

    # ------------------------------------------------------------------ generation
    def generation(self) -> int:
        with self.store.transaction() as s:
            return int(self.store.get_meta(s, META_GENERATION, "0") or 0)

    def _bump(self, session: Session) -> int:
        value = int(self.store.get_meta(session, META_GENERATION, "0") or 0) + 1
        self.store.set_meta(session, META_GENERATION, str(value))
        return value

    # ------------------------------------------------------------------ writing
    def prepare(self, person: PersonInput) -> PreparedPerson:
        return prepare(person, self._require_hasher())

    def add(self, person: PersonInput, *, user: str | None = None) -> str:
        """Register one person; returns the new opaque id. Raises `InvalidIdentifier`."""
        prepared = self.prepare(person)
        user = user or current_user()
        with self.store.transaction(write=True) as s:
            self._bind_key(s)
            (person_id,) = self._insert(s, [prepared], user)
            self._bump(s)
            access_log.append(
                s, actor=user, action="watchlist.add", object_type="person", object_id=person_id,
                details={"identifiers": prepared.counts, "hashes": len(prepared.rows)},
            )
        log.info("watchlist: persoon %s toegevoegd (%d hashes)", person_id, len(prepared.rows))
        return person_id

    def add_many(
        self, persons: Iterable[PersonInput], *, user: str | None = None, progress: Progress | None = None
    ) -> ImportReport:
        """Register many persons in ONE transaction: invalid ones are reported (by position,
        starting at 1), valid ones go in together or not at all."""
        items = list(persons)
        return self._import([(i + 1, p) for i, p in enumerate(items)], user=user, progress=progress, source=None)

    def import_csv(
        self,
        source: str | os.PathLike[str] | TextIO,
        *,
        user: str | None = None,
        role: str | None = None,
        organisation: str | None = None,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Import a CSV file (see the module docstring). `role` and `organisation` fill empty
        cells. Raises `CsvFormatError` when the file as a whole is unusable."""
        self._require_hasher()
        rows, digest = _read_csv(source)
        items: list[tuple[int, PersonInput | InvalidIdentifier]] = []
        for line, cells in rows:
            try:
                items.append((line, _row_to_input(cells, role=role, organisation=organisation)))
            except InvalidIdentifier as exc:
                items.append((line, exc))
        return self._import(items, user=user, progress=progress, source=digest)

    def _import(
        self,
        items: Sequence[tuple[int, PersonInput | InvalidIdentifier]],
        *,
        user: str | None,
        progress: Progress | None,
        source: str | None,
    ) -> ImportReport:
        hasher = self._require_hasher()
        user = user or current_user()
        report = ImportReport(rows=len(items))
        prepared: list[PreparedPerson] = []
        total = len(items)
        step = max(1, total // 200)
        for done, (row, item) in enumerate(items, 1):
            try:
                if isinstance(item, InvalidIdentifier):
                    raise item
                prepared.append(prepare(item, hasher))
            except InvalidIdentifier as exc:
                report.errors.append(RowError(row, exc.kind, exc.reason))
            if progress and (done % step == 0 or done == total):
                progress(done, total)
        with self.store.transaction(write=True) as s:
            self._bind_key(s)
            if prepared:
                report.added = self._insert(s, prepared, user)
                self._bump(s)
            details: dict[str, Any] = {"added": len(report.added), "rejected": len(report.errors), "rows": report.rows}
            if source:
                details["source_sha256"] = source
            if len(report.added) <= 1000:
                details["persons"] = report.added
            access_log.append(s, actor=user, action="watchlist.import", object_type="watchlist", details=details)
        log.info("watchlist: import van %d rijen: %d toegevoegd, %d geweigerd", report.rows, len(report.added), len(report.errors))
        return report

    def _insert(self, session: Session, prepared: Sequence[PreparedPerson], user: str) -> list[str]:
        now = datetime.now(UTC)
        ids = [secrets.token_hex(8) for _ in prepared]
        person_rows = [
            {
                "public_id": pid,
                "label": p.label,
                "role": p.role,
                "organisation": p.organisation,
                "identifier_counts": p.counts,
                "created_at": now,
                "created_by": user,
            }
            for pid, p in zip(ids, prepared)
        ]
        table = WatchlistPerson.__table__
        pks: list[int] = []
        for start in range(0, len(person_rows), _INSERT_BATCH):
            batch = person_rows[start : start + _INSERT_BATCH]
            result = session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), batch)
            pks.extend(result.scalars().all())
        # the identifier rows straight to the driver (executemany): millions of rows on an import
        conn = session.connection()
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        sql = f"INSERT INTO watchlist_identifier (person_id, kind, hmac) VALUES ({mark}, {mark}, {mark})"
        batch_rows: list[tuple[int, int, bytes]] = []
        for pk, p in zip(pks, prepared):
            batch_rows.extend((pk, int(kind), digest) for kind, digest in p.rows)
            if len(batch_rows) >= _INSERT_BATCH:
                conn.exec_driver_sql(sql, batch_rows)
                batch_rows = []
        if batch_rows:
            conn.exec_driver_sql(sql, batch_rows)
        return ids

    def remove(self, person_id: str, *, user: str | None = None, reason: str | None = None) -> bool:
        """Delete a person and all their hashes. False if there is no such person."""
        user = user or current_user()
        with self.store.transaction(write=True) as s:
            pk = s.scalar(select(WatchlistPerson.id).where(WatchlistPerson.public_id == person_id))
            if pk is None:
                return False
            s.execute(delete(WatchlistIdentifier).where(WatchlistIdentifier.person_id == pk))
            s.execute(delete(WatchlistPerson).where(WatchlistPerson.id == pk))
            self._bump(s)
            access_log.append(
                s, actor=user, action="watchlist.remove", object_type="person", object_id=person_id, reason=reason
            )
        log.info("watchlist: persoon %s verwijderd", person_id)
        return True

    # ------------------------------------------------------------------ reading (logged)
    def list_persons(
        self, *, user: str | None = None, organisation: str | None = None, role: str | None = None
    ) -> list[PersonInfo]:
        """Labels and metadata of every person (filtered); written to the access log."""
        user = user or current_user()
        with self.store.transaction(write=True) as s:
            query = select(WatchlistPerson).order_by(WatchlistPerson.organisation, WatchlistPerson.label)
            if organisation:
                query = query.where(WatchlistPerson.organisation == organisation)
            if role:
                query = query.where(WatchlistPerson.role == normalise_role(role))
            people = [_info(p) for p in s.scalars(query)]
            access_log.append(
                s, actor=user, action="watchlist.list", object_type="watchlist",
                details={"count": len(people), "organisation": organisation, "role": role},
            )
        return people

    def show(self, person_id: str, *, user: str | None = None, reason: str) -> PersonInfo | None:
        """One person's non-secret metadata; the look-up is written to the access log (with the
        reason, which is required). None if there is no such person (the attempt is logged too)."""
        return self._open(person_id, user=user, reason=reason, action="watchlist.show", details={})

    def open_match(
        self, match: Mapping[str, Any], *, user: str | None = None, reason: str, message_id: Any = None
    ) -> PersonInfo | None:
        """A user opens a watchlist match of a scan: returns the person's metadata and logs it."""
        details = {
            "kind": match.get("kind"),
            "strength": match.get("strength"),
            "span": [match.get("start"), match.get("end")],
        }
        if message_id is not None:
            details["message"] = str(message_id)
        return self._open(str(match["person"]), user=user, reason=reason, action="watchlist.open_match", details=details)

    def _open(self, person_id: str, *, user: str | None, reason: str, action: str, details: dict[str, Any]) -> PersonInfo | None:
        if not reason or not reason.strip():
            raise ValueError("een reden is verplicht om een persoon in te zien")
        user = user or current_user()
        with self.store.transaction(write=True) as s:
            person = s.scalar(select(WatchlistPerson).where(WatchlistPerson.public_id == person_id))
            info = _info(person) if person is not None else None
            access_log.append(
                s, actor=user, action=action, object_type="person", object_id=person_id, reason=reason.strip(),
                details={**details, "found": info is not None},
            )
        return info

    # ------------------------------------------------------------------ reading (not logged)
    def count(self) -> int:
        with self.store.transaction() as s:
            return int(s.scalar(select(func.count()).select_from(WatchlistPerson)) or 0)

    def stats(self) -> dict[str, Any]:
        """Aggregates only: persons, registered identifiers per kind, hashes, per role and
        organisation, generation, key fingerprint (first 12 hex digits)."""
        with self.store.transaction() as s:
            persons = int(s.scalar(select(func.count()).select_from(WatchlistPerson)) or 0)
            hashes = int(s.scalar(select(func.count()).select_from(WatchlistIdentifier)) or 0)
            by_role = dict(s.execute(select(WatchlistPerson.role, func.count()).group_by(WatchlistPerson.role)).all())
            by_org = dict(
                s.execute(select(WatchlistPerson.organisation, func.count()).group_by(WatchlistPerson.organisation)).all()
            )
            identifiers: dict[str, int] = {k: 0 for k in REGISTERED_KINDS}
            for (counts,) in s.execute(select(WatchlistPerson.identifier_counts)).yield_per(10_000):
                for kind, n in (counts or {}).items():
                    identifiers[kind] = identifiers.get(kind, 0) + int(n)
            fingerprint = self.store.get_meta(s, META_FINGERPRINT)
            generation = int(self.store.get_meta(s, META_GENERATION, "0") or 0)
            # persons with a surname + place registered before surname-place pairs were stored: while there is
            # one, scans build surname + place candidates around every place word (see docs/WATCHLIST.md)
            with_place = select(WatchlistIdentifier.person_id).where(WatchlistIdentifier.kind == int(Kind.SURNAME_PLACE))
            with_pairs = select(WatchlistIdentifier.person_id).where(
                WatchlistIdentifier.kind == int(Kind.SURNAME_PLACE_WORD)
            )
            without_pairs = int(
                s.scalar(select(func.count()).select_from(with_place.distinct().except_(with_pairs).subquery())) or 0
            )
        return {
            "persons": persons,
            "identifiers": identifiers,
            "identifiers_total": sum(identifiers.values()),
            "hashes": hashes,
            "by_role": by_role,
            "by_organisation": by_org,
            "generation": generation,
            "key_fingerprint": fingerprint[:12] if fingerprint else None,
            "persons_without_place_pairs": without_pairs,
        }

    def verify_log(self) -> access_log.ChainReport:
        with self.store.transaction() as s:
            return access_log.verify(s)

    def log_entries(self, person_id: str | None = None) -> list[dict[str, Any]]:
        with self.store.transaction() as s:
            return [
                {
                    "id": e.id, "at": e.at.isoformat(), "actor": e.actor, "action": e.action,
                    "object_type": e.object_type, "object_id": e.object_id, "reason": e.reason,
                    "details": e.details,
                }
                for e in access_log.entries(s, object_id=person_id)
            ]

    # ------------------------------------------------------------------ matcher
    def load_matcher(self) -> Matcher:
        """A matcher snapshot of the register, read in ONE transaction (a consistent generation
        even while an import runs), streamed in batches of numpy arrays."""
        hasher = self._require_hasher()
        self.check_key()
        with self.store.transaction() as s:
            if self.store.dialect == "postgresql":
                s.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            generation = int(self.store.get_meta(s, META_GENERATION, "0") or 0)
            people = s.execute(select(WatchlistPerson.id, WatchlistPerson.public_id).order_by(WatchlistPerson.id)).all()
            pks = np.fromiter((p[0] for p in people), dtype=np.int64, count=len(people))
            public_ids = [p[1] for p in people]
            conn = s.connection()
            loader = _HEX_LOADERS.get(self.store.dialect)
            chunks = list(loader(conn, pks) if loader else _row_chunks(conn, pks))
        return Matcher.from_chunks(hasher, public_ids, chunks, generation=generation)


# Loading millions of rows as Python tuples is slow; SQLite and PostgreSQL can hand a whole batch
# over as one concatenated blob of digests and two comma-separated lists (kinds, person ids) that
# numpy decodes in C.
_SQLITE_BATCH = (
    "SELECT group_concat(hmac, ''), group_concat(kind, ','), group_concat(person_id, ','), count(*), max(id) "
    "FROM (SELECT id, person_id, kind, hmac FROM watchlist_identifier WHERE id > ? ORDER BY id LIMIT ?)"
)
_POSTGRES_BATCH = (
    "SELECT string_agg(hmac, ''::bytea ORDER BY id), string_agg(kind::text, ',' ORDER BY id), "
    "string_agg(person_id::text, ',' ORDER BY id), count(*), max(id) "
    "FROM (SELECT id, person_id, kind, hmac FROM watchlist_identifier WHERE id > %s ORDER BY id LIMIT %s) AS b"
)


def _aggregated_chunks(conn: Any, pks: np.ndarray, sql: str) -> Iterator[tuple[np.ndarray, np.ndarray, bytes]]:
    last = -1
    while True:
        digests, kinds, persons, count, last_id = conn.exec_driver_sql(sql, (last, _LOAD_BATCH)).one()
        if not count:
            return
        last = last_id
        if isinstance(kinds, bytes):
            kinds, persons = kinds.decode("ascii"), persons.decode("ascii")
        digests = bytes(digests)
        if len(digests) != DIGEST_BYTES * count:
            raise ValueError("watchlist: onverwachte lengte van de hashes bij het laden")
        person_pk = np.fromstring(persons, dtype=np.int64, sep=",")
        yield (
            np.searchsorted(pks, person_pk).astype(np.int32),
            np.fromstring(kinds, dtype=np.uint8, sep=","),
            digests,
        )


def _sqlite_chunks(conn: Any, pks: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray, bytes]]:
    # group_concat over BLOBs gives TEXT holding the raw bytes: read it as bytes, not UTF-8
    raw = conn.connection.dbapi_connection
    factory = raw.text_factory
    raw.text_factory = bytes
    try:
        yield from _aggregated_chunks(conn, pks, _SQLITE_BATCH)
    finally:
        raw.text_factory = factory


def _postgres_chunks(conn: Any, pks: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray, bytes]]:
    yield from _aggregated_chunks(conn, pks, _POSTGRES_BATCH)


_HEX_LOADERS = {"sqlite": _sqlite_chunks, "postgresql": _postgres_chunks}


def _row_chunks(conn: Any, pks: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray, bytes]]:
    """Any other database: rows in batches through the session's DBAPI connection."""
    cursor = conn.connection.cursor()
    try:
        cursor.execute("SELECT person_id, kind, hmac FROM watchlist_identifier")
        while True:
            rows = cursor.fetchmany(_LOAD_BATCH)
            if not rows:
                return
            person, kind, digests = zip(*rows)
            person_pk = np.fromiter(person, dtype=np.int64, count=len(rows))
            yield (
                np.searchsorted(pks, person_pk).astype(np.int32),
                np.fromiter(kind, dtype=np.uint8, count=len(rows)),
                b"".join(map(bytes, digests)),
            )
    finally:
        cursor.close()


def _info(p: WatchlistPerson) -> PersonInfo:
    return PersonInfo(
        id=p.public_id,
        label=p.label,
        role=p.role,
        organisation=p.organisation,
        identifiers=dict(p.identifier_counts or {}),
        created_at=p.created_at,
        created_by=p.created_by,
    )


def _wrong_key_message(given: str, stored: str) -> str:
    return (
        f"de watchlist-sleutel past niet bij deze database (sleutel {given[:12]}, database {stored[:12]}). "
        "Gebruik de sleutel waarmee de personen zijn geregistreerd; na een sleutelwissel moeten alle "
        "personen opnieuw worden geregistreerd in een nieuwe database (zie docs/WATCHLIST.md)."
    )


__all__ = [
    "CSV_COLUMNS",
    "ROLE_GROUPS",
    "CsvFormatError",
    "ImportReport",
    "PersonInfo",
    "PersonInput",
    "PreparedPerson",
    "Register",
    "RowError",
    "current_user",
    "prepare",
]
