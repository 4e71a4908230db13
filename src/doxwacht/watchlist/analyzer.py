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
_NON_WORD = re.compile(r"[^\w'’]+")
_HOUSE_AFTER = re.compile(
    r"[\s,]{0,3}(?:(?:huis)?(?:nr|nummer)\.?:?\s*)?(\d{1,5})(?:([A-Za-z]{1,2})\b|\s*-\s*([A-Za-z0-9]{1,3})\b)?"
)
MAX_WINDOW = 7
MAX_NAME_WORDS = 4
MAX_PLACE_WORDS = 3
MAX_PLACES = 40
NAME_RADIUS = 50  # characters around a surname in which a full name is looked for
PLACE_DISTANCE = 80  # how far from a surname a place may be named
_EDGE_PUNCT = re.compile(r"^[^\w']+|[^\w]+$")
_SPACES = re.compile(r"\s")


@dataclass(slots=True)
class _Token:
    raw: str
    start: int  # in doc.norm
    end: int
    joined: bool  # only spaces between this token and the previous one
    folded: tuple[str, ...]
    comma: bool
    tussen: bool  # every folded part is a tussenvoegsel


@dataclass(frozen=True, slots=True)
class _Prefilter:
    surnames: dict[str, tuple[str, ...]]  # word in the text -> its parts that are registered surname tokens
    given_parts: set[str] | None  # registered given-name parts, when one (or an initial) is in the text
    given_words: set[str]  # words (as split from texts) that hold a registered given name
    place_words: tuple[str, ...]  # words in the text that hold a registered place word
    place_parts: set[str]  # registered place-word parts


_NO_HITS = _Prefilter({}, None, set(), (), set())


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
        self._tokens: dict[str, tuple[tuple[str, ...], bool]] = {}
        self._places_cache: dict[str, str] = {}
        self._forms: dict[str, tuple[tuple[str, str], ...]] = {}

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

    # ------------------------------------------------------------------ hashing with caches
    def _digest(self, hasher: Hasher, domain: str, value: str) -> bytes:
        key = domain + "\x1f" + value
        d = self._digests.get(key)
        if d is None:
            if len(self._digests) >= self._cache_size:
                self._digests.clear()
            d = self._digests[key] = hasher.digest(domain, value)
        return d

    def _folded(self, raw: str) -> tuple[tuple[str, ...], bool]:
        """(folded parts, all of them tussenvoegsels) of one written token."""
        info = self._tokens.get(raw)
        if info is None:
            folded = tuple(canonical.name_tokens(raw))
            if len(self._tokens) >= self._cache_size:
                self._tokens.clear()
            info = self._tokens[raw] = (folded, bool(folded) and all(canonical.is_tussen(t) for t in folded))
        return info

    def _word_parts(self, word: str) -> list[str]:
        """The folded name parts of one whitespace-separated word of the text ("(Vries," -> [vries])."""
        return [p for chunk in _NON_WORD.split(word) if chunk for p in self._folded(chunk)[0]]

    def _prefilter(self, hasher: Hasher, matcher: Matcher, text: str) -> _Prefilter:
        """Which words of `text` (lower case) are registered surname, given-name or place words.
        Every distinct word is hashed once per key and looked up once per matcher snapshot (the
        memo lives on the snapshot); after that a text costs one regex and a few set operations."""
        words = set(text.split())
        memo = matcher.memo
        if not memo or len(memo["known"]) > self._cache_size:
            memo = matcher.memo = {
                "known": set(), "surname": {}, "surname_words": set(), "given_words": set(), "place_words": set(),
                "given_parts": set(), "place_parts": set(),
            }
        unknown = words - memo["known"]
        if unknown:
            digests: list[bytes] = []
            owners: list[tuple[str, str]] = []
            for w in unknown:
                for part in self._word_parts(w):
                    if len(part) > 1 and part.isalpha() and not canonical.is_tussen(part):
                        digests.append(self._digest(hasher, "token", part))
                        owners.append((w, part))
            surname: dict[str, list[str]] = {}
            for (w, part), entries in zip(owners, matcher.lookup(digests)):
                for _, kind in entries:
                    if kind is Kind.SURNAME:
                        surname.setdefault(w, []).append(part)
                    elif kind is Kind.GIVEN:
                        memo["given_words"].add(w)
                        memo["given_parts"].add(part)
                    elif kind is Kind.PLACE_WORD:
                        memo["place_words"].add(w)
                        memo["place_parts"].add(part)
            memo["surname"].update({w: tuple(parts) for w, parts in surname.items()})
            memo["surname_words"].update(surname)
            memo["known"].update(unknown)
        hit = words & memo["surname_words"]
        if not hit:
            return _NO_HITS
        names = bool(words & memo["given_words"]) or _has_initial(text)
        return _Prefilter(
            {w: memo["surname"][w] for w in hit},
            memo["given_parts"] if names else None,
            memo["given_words"],
            tuple(words & memo["place_words"]),
            memo["place_parts"],
        )

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
        queries = self._finding_queries(doc, findings)
        lower = doc.lower if doc.lower_aligned else _aligned_lower(doc.norm)
        pre = self._prefilter(hasher, matcher, lower)
        address_places = [self._place(city) for city in _address_cities(findings)]
        if pre.surnames and (pre.given_parts is not None or pre.place_words or address_places):
            queries += self._surname_queries(doc, lower, pre, address_places)
        if not queries:
            return []
        results = matcher.lookup([self._digest(hasher, q.domain, q.canonical) for q in queries])
        return _assemble(matcher, [(q, r) for q, r in zip(queries, results) if r])

    def _surname_queries(self, doc: Document, lower: str, pre: _Prefilter, address_places: list[str]) -> list[_Query]:
        """Name windows, and surname + place, around the words of the text that are registered
        surnames: names only where a registered given name or an initial is close by, places only
        where a registered place word is (or an address finding names one)."""
        occurrences = _occurrences(lower, pre.surnames)
        queries: list[_Query] = []
        if pre.given_parts is not None:
            surname_parts = {p for parts in pre.surnames.values() for p in parts}
            spans = [
                sp for sp in occurrences
                if _names_close(lower[max(0, sp[0] - NAME_RADIUS) : sp[1] + NAME_RADIUS], pre.given_words)
            ]
            for start, end in _widen(lower, spans, NAME_RADIUS):
                tokens = self._tokenize(doc.norm, start, end)
                hits_at = [i for i, t in enumerate(tokens) if not t.comma and not surname_parts.isdisjoint(t.folded)]
                if hits_at:
                    queries += self._name_queries(doc, tokens, hits_at, pre.given_parts)
        places = address_places + self._text_places(lower, occurrences, pre) if pre.place_words else address_places
        if places:
            places = list(dict.fromkeys(places))
            for i, j in occurrences:
                words, k = _local_words(lower, i, j)
                while j > i and not lower[j - 1].isalnum():
                    j -= 1  # "Vries," -> "Vries"
                for surname, start in self._surnames_at(lower, words, k, i):
                    while start < j and not (lower[start].isalnum() or lower[start] in "'’"):
                        start += 1  # "(de Vries" -> "de Vries"
                    o_start, o_end = doc.to_original(start, j)
                    for place in places:
                        queries.append(
                            _Query(
                                "surname_place",
                                canonical.surname_place_key(surname, place),
                                o_start,
                                o_end,
                                "achternaam met een plaats of werkplek uit dezelfde tekst",
                            )
                        )
        return queries

    def _surnames_at(self, lower: str, words: list[str], k: int, start: int) -> list[tuple[str, int]]:
        """The surname forms ending at word `k` (which starts at `start`): the word itself, with the
        tussenvoegsels before it ("de Vries"), and a double surname ("Jansen-de Vries")."""
        parts = self._word_parts(words[k])
        if not parts or canonical.is_tussen(parts[-1]):
            return []
        forms = [(canonical.join_name(parts), start)]
        if not words[k][0].isalpha():
            return forms  # "(Vries": nothing before belongs to it
        t, run = k - 1, []
        while t >= 0 and k - t <= 3 and not _ends_clause(words[t]):
            wp = self._word_parts(words[t])
            if not wp or not all(canonical.is_tussen(p) for p in wp):
                break
            run = wp + run
            start = lower.rfind(words[t], 0, start)
            t -= 1
        if run:
            forms.append((canonical.join_name(run + parts), start))
        if t >= 0 and "-" in words[t] and not _ends_clause(words[t]) and (run or words[k][0].isalpha()):
            forms.append((canonical.join_name(self._word_parts(words[t]) + run + parts), lower.rfind(words[t], 0, start)))
        return forms

    def _text_places(self, lower: str, occurrences: list[tuple[int, int]], pre: _Prefilter) -> list[str]:
        """Places in the text: runs of 1 to 3 words holding a registered place word ("Zeist",
        "bureau Zeist", "Den Haag"), within PLACE_DISTANCE characters of a surname."""
        places: dict[str, None] = {}
        for i, j in _occurrences(lower, pre.place_words):
            if not any(abs(i - other) <= PLACE_DISTANCE for other, _ in occurrences):
                continue
            words, k = _local_words(lower, i, j)
            # the run around the place word: registered place words and tussenvoegsels ("Den Haag",
            # "bureau Zeist", "Bergen op Zoom"), ending in a place word
            kinds = {}
            for t in range(max(0, k - MAX_PLACE_WORDS + 1), min(len(words), k + MAX_PLACE_WORDS)):
                parts = self._word_parts(words[t])
                kinds[t] = (
                    "place" if parts and not pre.place_parts.isdisjoint(parts)
                    else "tussen" if parts and all(canonical.is_tussen(p) for p in parts)
                    else None
                )
            for s in range(max(0, k - MAX_PLACE_WORDS + 1), k + 1):
                for e in range(k, min(len(words), s + MAX_PLACE_WORDS)):
                    run = words[s : e + 1]
                    if kinds[e] != "place" or any(kinds[t] is None for t in range(s, e + 1)):
                        continue
                    if any(_ends_clause(w) for w in run[:-1]) or any(not w[0].isalnum() for w in run[1:]):
                        continue
                    places.setdefault(self._place(" ".join(run)), None)
            if len(places) >= MAX_PLACES:
                break
        places.pop("", None)
        return list(places)

    def _finding_queries(self, doc: Document, findings: Sequence[Finding]) -> list[_Query]:
        """The look-ups for the findings' values; the canonical forms of a value are cached."""
        out: list[_Query] = []
        for f in findings:
            label = f.label
            if label == Label.POSTCODE:
                out.extend(_postcode_queries(doc, f, f"{label} ({f.detector})"))
                continue
            key = f"{label}\x1f{f.text if label == Label.PERSON else f.value}"
            forms = self._forms.get(key)
            if forms is None:
                if len(self._forms) >= self._cache_size:
                    self._forms.clear()
                forms = self._forms[key] = tuple(_value_forms(label, f.value or "", f.text))
            if forms:
                evidence = f"{label} ({f.detector})"
                out.extend(_Query(domain, value, f.start, f.end, evidence) for domain, value in forms)
        return out

    # ------------------------------------------------------------------ names
    def _tokenize(self, norm: str, start: int = 0, end: int | None = None) -> list[_Token]:
        tokens: list[_Token] = []
        append = tokens.append
        folded_of = self._folded
        prev_end = -1
        prev_breaks = False
        for m in _TOKEN.finditer(norm, start, len(norm) if end is None else end):
            raw = m.group()
            t_start, t_end = m.span()
            if prev_end < 0 or prev_breaks:
                joined = False
            elif t_start == prev_end or (t_start == prev_end + 1 and norm[prev_end] == " "):
                joined = True
            else:
                gap = norm[prev_end:t_start]
                joined = gap.isspace() and "\n" not in gap
            if raw == ",":
                append(_Token(raw, t_start, t_end, joined, (), True, False))
                prev_breaks = False
            else:
                folded, tussen = folded_of(raw)
                append(_Token(raw, t_start, t_end, joined, folded, False, tussen))
                # "Vries. Jan": a full stop after a word (not an initial or abbreviation) ends the name
                prev_breaks = raw[-1] == "." and len(raw) > 4 and "." not in raw[:-1]
            prev_end = t_end
        return tokens

    def _name_queries(
        self, doc: Document, tokens: Sequence[_Token], surname_hits: Iterable[int], given_parts: set[str]
    ) -> list[_Query]:
        """Windows around each surname hit that can be a registered full name: the surname last
        ("Jan de Vries", "J.P. van der Berg", "Anne Jansen-de Vries") starting at a given name or
        initial, or the surname first ("de Vries, Jan", "Vries, J. de", "de Vries Jan") with a
        given name or initial as its last name word."""

        def given(t: _Token) -> bool:
            return not t.comma and bool(t.folded) and (
                all(len(p) == 1 for p in t.folded) or not given_parts.isdisjoint(t.folded)
            )

        out: list[_Query] = []
        windows: set[tuple[int, int]] = set()
        n = len(tokens)
        for h in surname_hits:
            for s in range(h - 1, max(-1, h - MAX_WINDOW), -1):
                if not tokens[s + 1].joined:
                    break
                if given(tokens[s]):
                    windows.add((s, h))
            starts = [h]
            s = h
            while s > 0 and tokens[s].joined and tokens[s - 1].tussen:
                s -= 1
                starts.append(s)
            for s in starts:
                for e in range(h + 1, min(n, s + MAX_WINDOW)):
                    if not tokens[e].joined:
                        break
                    last = e
                    while last > h and (tokens[last].tussen or tokens[last].comma):
                        last -= 1
                    if last > h and given(tokens[last]):
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
            key = _window_key(window)
            if key:
                o_start, o_end = doc.to_original(window[0].start, window[-1].end)
                out.append(_Query("name", key, o_start, o_end, f"naamreeks van {e - s + 1} woorden"))
        return out

    def _place(self, raw: str) -> str:
        value = self._places_cache.get(raw)
        if value is None:
            if len(self._places_cache) >= self._cache_size:
                self._places_cache.clear()
            value = self._places_cache[raw] = canonical.place(_EDGE_PUNCT.sub("", raw))
        return value


def _address_cities(findings: Sequence[Finding]) -> list[str]:
    cities = []
    for f in findings:
        if f.label == Label.ADDRESS:
            city = (f.value.split("|") + [""] * 5)[4]
            if city:
                cities.append(city)
    return cities


def _occurrences(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Spans of the whole-word occurrences of `words` (words of `text.split()`) in `text`."""
    spans: list[tuple[int, int]] = []
    n = len(text)
    for w in words:
        i = text.find(w)
        while i != -1:
            j = i + len(w)
            if (i == 0 or text[i - 1].isspace()) and (j == n or text[j].isspace()):
                spans.append((i, j))
            i = text.find(w, j)
    spans.sort()
    return spans


def _widen(text: str, spans: Iterable[tuple[int, int]], radius: int) -> list[tuple[int, int]]:
    """The stretches within `radius` characters of `spans`, merged and widened to whitespace so
    that no word is cut."""
    n = len(text)
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        s, e = max(0, s - radius), min(n, e + radius)
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    out = []
    for s, e in merged:
        if s > 0:
            s = max(text.rfind(" ", 0, s), text.rfind("\n", 0, s)) + 1
        if e < n:
            cut = [x for x in (text.find(" ", e), text.find("\n", e)) if x != -1]
            e = min(cut) if cut else n
        out.append((s, e))
    return out


def _local_words(text: str, i: int, j: int, reach: int = 48) -> tuple[list[str], int]:
    """The whole words within `reach` characters of the word text[i:j], and that word's index among
    them (cheaper than splitting the whole text of a long message)."""
    lo, hi = max(0, i - reach), min(len(text), j + reach)
    before = text[lo:i].split()
    if lo > 0 and before and not text[lo - 1].isspace() and not text[lo].isspace():
        before = before[1:]  # a word cut by the window
    after = text[i:hi].split()
    if hi < len(text) and len(after) > 1 and not text[hi].isspace() and not text[hi - 1].isspace():
        after = after[:-1]
    return before + after, len(before)


def _ends_clause(word: str) -> bool:
    """Does punctuation after this word end a name or place ("Vries,", "Vries.", "Zeist)")?"""
    return not word[-1].isalnum()


def _aligned_lower(text: str) -> str:
    """Lower case with the same length as `text` (characters whose lower case is longer stay)."""
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _names_close(stretch: str, given_words: set[str]) -> bool:
    """Is there a registered given name or an initial in this stretch of text?"""
    return not given_words.isdisjoint(stretch.split()) or _has_initial(stretch)


def _has_initial(text: str) -> bool:
    """A one-letter word followed by a full stop ("J. de Vries"). (str.find is far faster here than
    a regular expression with a look-behind.)"""
    i = text.find(".", 1)
    while i != -1:
        if text[i - 1].isalpha() and (i == 1 or not text[i - 2].isalnum()):
            return True
        i = text.find(".", i + 1)
    return False


def _window_key(window: Sequence[_Token]) -> str | None:
    """`canonical.name_key` over tokens folded already (the same result, without folding again)."""
    comma = next((i for i, t in enumerate(window) if t.comma), None)
    if comma is None:
        return canonical.join_name([p for t in window for p in t.folded]) or None
    left = [p for t in window[:comma] for p in t.folded]
    right = [p for t in window[comma + 1 :] for p in t.folded]
    if not left or not right:
        return None
    while right and canonical.is_tussen(right[-1]):
        left.insert(0, right.pop())
    return canonical.join_name(right + left) or None


# ---------------------------------------------------------------------------------------- findings
def _value_forms(label: str, value: str, text: str) -> list[tuple[str, str]]:
    """(hash domain, canonical form) pairs to look up for a finding's value (PERSON: its text)."""
    try:
        if label == Label.PHONE:
            return [("phone", value if value.startswith("+") and value[1:].isdigit() else canonical.phone(value)[0])]
        if label == Label.EMAIL:
            return [("email", canonical.email(value)[0])]
        if label == Label.LICENSE_PLATE:
            return [("plate", canonical.plate(value)[0])]
        if label == Label.IBAN:
            return [("iban", _SPACES.sub("", value).upper())]
        if label == Label.DATE_OF_BIRTH:
            return [("dob", canonical.dob(value)[0])]
        if label == Label.SOCIAL_HANDLE:
            return [("handle", canonical.handle(value)[0])]
        if label == Label.ADDRESS:
            return _address_forms(value)
        if label == Label.PERSON:
            raws = _TOKEN.findall(text)
            key = canonical.name_key(raws) if len(raws) >= 2 else None
            return [("name", key)] if key else []
    except (InvalidIdentifier, ValueError, IndexError):
        pass  # a value the register could never hold
    return []


def _address_forms(value: str) -> list[tuple[str, str]]:
    street, number, addition, pc, city = (value.split("|") + [""] * 5)[:5]
    if not number:
        return []
    forms = []
    if pc:
        forms.append(("postcode", canonical.postcode_key(pc, number, addition)))
    if street:
        if city and canonical.place(city):
            forms.append(("address", canonical.address_key(street, number, addition, city)))
        elif not pc:  # street + number alone; with a place or postcode the forms above decide
            forms.append(("street", canonical.street_key(street, number, addition)))
    return forms


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
    spans: dict[tuple[str, str], list[_Query]] = {}
    for cand in candidates:
        person, kind, _, q = cand
        seen = spans.setdefault((person, kind.public), [])
        if any(k.start <= q.start and q.end <= k.end for k in seen):
            continue
        seen.append(q)
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
