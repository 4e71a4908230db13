"""`WatchlistAnalyzer`: after the detectors, look every identifier a scan found, and every name-shaped
run of words, up in the register; report who matched, on what, and how strongly.

What is looked up (canonical form -> keyed hash -> matcher):

* the `value` of each finding (see docs/CONTRACTS.md): PHONE, EMAIL, LICENSE_PLATE, IBAN,
  DATE_OF_BIRTH, SOCIAL_HANDLE, ADDRESS (postcode + number, street + number + place, street +
  number), POSTCODE (with a house number right after it in the text), PERSON (as a name);
* name-shaped token sequences of `doc.norm`, capitalised or not: first every word is looked up as a
  surname token (a pre-filter: one cached hash per distinct word); around each word that is a
  registered surname, the windows of up to 7 tokens (4 name words plus tussenvoegsels, one comma for
  the surname-first form) are looked up as full names;
* a registered surname together with a place in the same text (a place from an ADDRESS finding, or
  the words after "in", "uit", "te", "bij", "op", ...) - the surname + place of a registered person.

Strength: a unique identifier (phone, e-mail, plate, IBAN, handle, postcode + number, full address)
is strong; a full name, a relative's full name, or a surname + place is medium; a date of birth or a
street + number without place is weak, and becomes medium when another identifier of the same person
is in the same text. A first name alone is never looked up.

Each match is a dict: `{"person", "kind", "strength", "start", "end", "evidence"}` with the span in
the original text; the list lands in the scan record under "watchlist".
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from doxwacht.document import Document
from doxwacht.findings import Finding, Label
from doxwacht.watchlist import canonical
from doxwacht.watchlist.canonical import InvalidIdentifier
from doxwacht.watchlist.keys import Hasher
from doxwacht.watchlist.kinds import Kind, Strength
from doxwacht.watchlist.matcher import Matcher

if TYPE_CHECKING:
    from doxwacht.watchlist.register import Register

_TOKEN = re.compile(r"[^\W\d_]+(?:[.'’\-/][^\W\d_]+)*\.?|['’][^\W\d_]{1,2}\b|,")
_HOUSE_AFTER = re.compile(
    r"[\s,]{0,3}(?:(?:huis)?(?:nr|nummer)\.?:?\s*)?(\d{1,5})(?:([A-Za-z]{1,2})\b|\s*-\s*([A-Za-z0-9]{1,3})\b)?"
)
# folded like name tokens ("bij" -> "by")
PLACE_PREPOSITIONS = frozenset(
    canonical.name_tokens(w)[0]
    for w in "in uit te bij op van nabij rond naar richting omgeving regio woont woonachtig wonend werkt".split()
)
MAX_WINDOW = 7
MAX_NAME_WORDS = 4
MAX_PLACE_WORDS = 3
MAX_PLACES = 40


@dataclass(slots=True)
class _Token:
    raw: str
    start: int  # in doc.norm
    end: int
    joined: bool  # only spaces between this token and the previous one
    folded: tuple[str, ...]
    comma: bool
    tussen: bool  # every folded part is a tussenvoegsel


@dataclass(slots=True)
class _Query:
    domain: str
    canonical: str
    start: int  # in the original text
    end: int
    evidence: str


class WatchlistAnalyzer:
    """The "watchlist" analyzer of the engine.

    Holds one `Matcher` snapshot and swaps it whole (`swap`, `refresh`): a scan reads the reference
    once, so it sees one register generation from start to end. With a `register` and a
    `refresh_interval` (seconds), it checks the register's generation at most that often and
    reloads when it changed (one thread reloads; the others keep scanning with the old snapshot).
    """

    key = "watchlist"

    def __init__(
        self,
        matcher: Matcher,
        *,
        register: Register | None = None,
        refresh_interval: float | None = None,
        cache_size: int = 200_000,
    ) -> None:
        if matcher.hasher is None:
            raise ValueError("the watchlist analyzer needs a matcher with a key")
        self._matcher = matcher
        self._register = register
        self._refresh_interval = refresh_interval
        self._last_check = time.monotonic()
        self._reload_lock = threading.Lock()
        self._cache_size = cache_size
        self._digests: dict[str, bytes] = {}
        self._tokens: dict[str, tuple[tuple[str, ...], tuple[bytes, ...]]] = {}

    @classmethod
    def from_register(cls, register: Register, *, refresh_interval: float | None = 5.0) -> WatchlistAnalyzer:
        return cls(register.load_matcher(), register=register, refresh_interval=refresh_interval)

    # ------------------------------------------------------------------ snapshots
    @property
    def matcher(self) -> Matcher:
        return self._matcher

    def swap(self, matcher: Matcher) -> Matcher:
        """Install a new snapshot; returns the old one. Scans in flight finish with the old one."""
        if matcher.hasher is None or matcher.hasher.fingerprint != self._matcher.hasher.fingerprint:  # type: ignore[union-attr]
            self._digests.clear()
            self._tokens.clear()
        old, self._matcher = self._matcher, matcher
        return old

    def refresh(self, *, force: bool = False) -> bool:
        """Reload from the register if its generation changed (or `force`). True if swapped."""
        if self._register is None:
            return False
        with self._reload_lock:
            self._last_check = time.monotonic()
            if not force and self._register.generation() == self._matcher.generation:
                return False
            self.swap(self._register.load_matcher())
            return True

    def _maybe_refresh(self) -> None:
        if self._register is None or self._refresh_interval is None:
            return
        if time.monotonic() - self._last_check < self._refresh_interval:
            return
        if not self._reload_lock.acquire(blocking=False):
            return  # another thread is reloading; keep scanning with the current snapshot
        try:
            self._last_check = time.monotonic()
            if self._register.generation() != self._matcher.generation:
                self.swap(self._register.load_matcher())
        finally:
            self._reload_lock.release()

    # ------------------------------------------------------------------ hashing with a cache
    def _digest(self, hasher: Hasher, domain: str, value: str) -> bytes:
        key = domain + "\x1f" + value
        d = self._digests.get(key)
        if d is None:
            if len(self._digests) >= self._cache_size:
                self._digests.clear()
            d = self._digests[key] = hasher.digest(domain, value)
        return d

    def _token_info(self, hasher: Hasher, raw: str) -> tuple[tuple[str, ...], tuple[bytes, ...]]:
        """(folded parts, surname digests of the parts that can be a surname) of one written token."""
        info = self._tokens.get(raw)
        if info is None:
            folded = tuple(canonical.name_tokens(raw))
            digests = tuple(
                hasher.digest("surname", t) for t in folded if len(t) > 1 and not canonical.is_tussen(t)
            )
            if len(self._tokens) >= self._cache_size:
                self._tokens.clear()
            info = self._tokens[raw] = (folded, digests)
        return info

    # ------------------------------------------------------------------ the analyzer protocol
    def analyze(self, doc: Document, findings: tuple[Finding, ...], extras: dict[str, Any]) -> list[dict[str, Any]]:
        self._maybe_refresh()
        return self.match(doc, findings, self._matcher)

    def match(self, doc: Document, findings: Sequence[Finding], matcher: Matcher | None = None) -> list[dict[str, Any]]:
        matcher = self._matcher if matcher is None else matcher
        hasher = matcher.hasher
        assert hasher is not None
        if len(matcher) == 0:
            return []
        queries = list(_finding_queries(doc, findings))
        tokens = self._tokenize(hasher, doc.norm)
        # batch 1: the findings' values and every word as a possible surname
        digests = [self._digest(hasher, q.domain, q.canonical) for q in queries]
        token_slots: list[int] = []
        for i, tok in enumerate(tokens):
            if tok.comma:
                continue
            for d in self._token_info(hasher, tok.raw)[1]:
                digests.append(d)
                token_slots.append(i)
        results = matcher.lookup(digests)
        hits: list[tuple[_Query, tuple[tuple[int, Kind], ...]]] = [
            (q, r) for q, r in zip(queries, results[: len(queries)]) if r
        ]
        surname_hits = sorted({token_slots[j] for j, r in enumerate(results[len(queries):]) if r})
        # batch 2: name windows and surname + place around the surname hits
        if surname_hits:
            more = list(self._name_queries(doc, tokens, surname_hits))
            more += list(self._surname_place_queries(doc, tokens, surname_hits, findings))
            if more:
                results2 = matcher.lookup([self._digest(hasher, q.domain, q.canonical) for q in more])
                hits.extend((q, r) for q, r in zip(more, results2) if r)
        return _assemble(matcher, hits)

    # ------------------------------------------------------------------ names
    def _tokenize(self, hasher: Hasher, norm: str) -> list[_Token]:
        tokens: list[_Token] = []
        prev_end = 0
        prev_breaks = False
        for m in _TOKEN.finditer(norm):
            raw = m.group()
            start, end = m.span()
            gap = norm[prev_end:start]
            joined = bool(tokens) and not prev_breaks and (gap == "" or (gap.isspace() and "\n" not in gap))
            if raw == ",":
                tokens.append(_Token(raw, start, end, joined, (), True, False))
                prev_breaks = False
            else:
                folded = self._token_info(hasher, raw)[0]
                tussen = bool(folded) and all(canonical.is_tussen(t) for t in folded)
                tokens.append(_Token(raw, start, end, joined, folded, False, tussen))
                # "Vries. Jan": a full stop after a word (not an initial or abbreviation) ends the name
                prev_breaks = raw.endswith(".") and len(raw) > 4 and "." not in raw[:-1]
            prev_end = end
        return tokens

    def _name_queries(self, doc: Document, tokens: Sequence[_Token], surname_hits: Iterable[int]) -> Iterable[_Query]:
        windows: set[tuple[int, int]] = set()
        n = len(tokens)
        for h in surname_hits:
            # the surname last: "Jan de Vries", "J.P. van der Berg", "Anne Jansen-de Vries"
            for s in range(h - 1, max(-1, h - MAX_WINDOW), -1):
                if not tokens[s + 1].joined:
                    break
                windows.add((s, h))
            # the surname first: "de Vries, Jan", "Vries, J. de", "de Vries Jan"
            starts = [h]
            s = h
            while s > 0 and tokens[s].joined and tokens[s - 1].tussen:
                s -= 1
                starts.append(s)
            for s in starts:
                for e in range(h + 1, min(n, s + MAX_WINDOW)):
                    if not tokens[e].joined:
                        break
                    windows.add((s, e))
        for s, e in windows:
            window = tokens[s : e + 1]
            if window[0].comma or window[-1].comma:
                continue
            commas = sum(t.comma for t in window)
            words = sum(1 for t in window if not t.comma and not t.tussen)
            if commas > 1 or words < 2 or words > MAX_NAME_WORDS:
                continue
            if window[-1].tussen and not commas:
                continue
            key = canonical.name_key([t.raw for t in window])
            if key:
                o_start, o_end = doc.to_original(window[0].start, window[-1].end)
                yield _Query("name", key, o_start, o_end, f"naamreeks van {e - s + 1} woorden")

    def _surname_place_queries(
        self, doc: Document, tokens: Sequence[_Token], surname_hits: Sequence[int], findings: Sequence[Finding]
    ) -> Iterable[_Query]:
        places = _places(tokens, findings)
        if not places:
            return
        surnames: dict[tuple[int, int], str] = {}
        for h in surname_hits:
            spans = [(h, h)]
            s = h
            while s > 0 and tokens[s].joined and tokens[s - 1].tussen:
                s -= 1
            if s != h:
                spans.append((s, h))
            if s > 0 and tokens[s].joined and not tokens[s - 1].comma and "-" in tokens[s - 1].raw:
                spans.append((s - 1, h))  # a double surname: "Jansen-de Vries"
            for span in spans:
                folded = [p for t in tokens[span[0] : span[1] + 1] for p in t.folded]
                surnames[span] = canonical.join_name(folded)
        for (s, e), surname in surnames.items():
            o_start, o_end = doc.to_original(tokens[s].start, tokens[e].end)
            for place in places:
                yield _Query(
                    "surname_place",
                    canonical.surname_place_key(surname, place),
                    o_start,
                    o_end,
                    "achternaam met een plaats of werkplek uit dezelfde tekst",
                )


def _places(tokens: Sequence[_Token], findings: Sequence[Finding]) -> list[str]:
    places: dict[str, None] = {}
    for f in findings:
        if f.label == Label.ADDRESS:
            parts = (f.value.split("|") + [""] * 5)[:5]
            if parts[4]:
                places.setdefault(canonical.place(parts[4]), None)
    n = len(tokens)
    for i, tok in enumerate(tokens):
        if tok.comma or len(tok.folded) != 1 or tok.folded[0] not in PLACE_PREPOSITIONS:
            continue
        words: list[str] = []
        for j in range(i + 1, min(n, i + 1 + MAX_PLACE_WORDS)):
            if tokens[j].comma or not tokens[j].joined:
                break
            words.append(tokens[j].raw)
            places.setdefault(canonical.place(" ".join(words)), None)
        if len(places) >= MAX_PLACES:
            break
    places.pop("", None)
    return list(places)[:MAX_PLACES]


# ---------------------------------------------------------------------------------------- findings
def _finding_queries(doc: Document, findings: Sequence[Finding]) -> Iterable[_Query]:
    for f in findings:
        label = f.label
        value = f.value or ""
        ev = f"{label} ({f.detector})"
        try:
            if label == Label.PHONE:
                key = value if value.startswith("+") and value[1:].isdigit() else canonical.phone(value)[0]
                yield _Query("phone", key, f.start, f.end, ev)
            elif label == Label.EMAIL:
                yield _Query("email", canonical.email(value)[0], f.start, f.end, ev)
            elif label == Label.LICENSE_PLATE:
                yield _Query("plate", canonical.plate(value)[0], f.start, f.end, ev)
            elif label == Label.IBAN:
                yield _Query("iban", re.sub(r"\s", "", value).upper(), f.start, f.end, ev)
            elif label == Label.DATE_OF_BIRTH:
                yield _Query("dob", canonical.dob(value)[0], f.start, f.end, ev)
            elif label == Label.SOCIAL_HANDLE:
                yield _Query("handle", canonical.handle(value)[0], f.start, f.end, ev)
            elif label == Label.ADDRESS:
                yield from _address_queries(f, ev)
            elif label == Label.POSTCODE:
                yield from _postcode_queries(doc, f, ev)
            elif label == Label.PERSON:
                raws = _TOKEN.findall(f.text)
                key = canonical.name_key(raws) if len(raws) >= 2 else None
                if key:
                    yield _Query("name", key, f.start, f.end, ev)
        except (InvalidIdentifier, ValueError, IndexError):
            continue  # a value the register could never hold


def _address_queries(f: Finding, ev: str) -> Iterable[_Query]:
    street, number, addition, pc, city = (f.value.split("|") + [""] * 5)[:5]
    if not number:
        return
    if pc:
        yield _Query("postcode", canonical.postcode_key(pc, number, addition), f.start, f.end, ev)
    if street:
        if city and canonical.place(city):
            yield _Query("address", canonical.address_key(street, number, addition, city), f.start, f.end, ev)
        elif not pc:  # street + number alone; with a place or postcode the forms above decide
            yield _Query("street", canonical.street_key(street, number, addition), f.start, f.end, ev)


def _postcode_queries(doc: Document, f: Finding, ev: str) -> Iterable[_Query]:
    m = _HOUSE_AFTER.match(doc.original, f.end)
    if m:
        addition = m.group(2) or m.group(3)
        yield _Query("postcode", canonical.postcode_key(f.value, m.group(1), addition), f.start, m.end(), ev + " + huisnummer")


# ---------------------------------------------------------------------------------------- results
def _assemble(matcher: Matcher, hits: Iterable[tuple[_Query, tuple[tuple[int, Kind], ...]]]) -> list[dict[str, Any]]:
    candidates: list[tuple[str, Kind, Strength, _Query]] = []
    for query, entries in hits:
        for person_idx, kind in entries:
            strength = kind.strength
            if strength is None or kind.domain != query.domain:
                continue  # surname tokens are a pre-filter only
            candidates.append((matcher.persons[person_idx], kind, strength, query))
    # strongest and longest first; drop what a kept match of the same person and kind already covers
    candidates.sort(key=lambda c: (-c[2].rank, -(c[3].end - c[3].start), c[3].start))
    kept: list[tuple[str, Kind, Strength, _Query]] = []
    for cand in candidates:
        person, kind, _, q = cand
        if any(
            k[0] == person and k[1].public == kind.public and k[3].start <= q.start and q.end <= k[3].end for k in kept
        ):
            continue
        kept.append(cand)
    kinds_per_person: dict[str, set[str]] = {}
    for person, kind, _, _ in kept:
        kinds_per_person.setdefault(person, set()).add(kind.public)
    out: list[dict[str, Any]] = []
    for person, kind, strength, q in kept:
        evidence = q.evidence
        if strength is Strength.WEAK and len(kinds_per_person[person]) > 1:
            strength = Strength.MEDIUM
            evidence += "; bevestigd door een ander gegeven van dezelfde persoon"
        out.append(
            {
                "person": person,
                "kind": kind.public,
                "strength": strength.value,
                "start": q.start,
                "end": q.end,
                "evidence": evidence,
            }
        )
    out.sort(key=lambda m: (m["start"], m["end"], m["person"], m["kind"]))
    return out


def analyzer_from_config(
    db: str | None = None,
    key_file: str | None = None,
    *,
    refresh_interval: float | None = 5.0,
) -> WatchlistAnalyzer | None:
    """The analyzer for a scan when a watchlist is configured: a key is found (see `keys.load_key`)
    and the database holds a register. None when no key is configured. Raises `WrongKeyError` for a
    key that does not fit."""
    from doxwacht.store import Store
    from doxwacht.watchlist.keys import key_configured, load_key
    from doxwacht.watchlist.register import Register

    if key_file is None and not key_configured():
        return None
    key = load_key(key_file)
    store = Store(db)
    register = Register(store, key)
    return WatchlistAnalyzer.from_register(register, refresh_interval=refresh_interval)
