"""`WatchlistAnalyzer`: after the detectors, look every identifier a scan found, and every name-shaped
run of words, up in the register; report who matched, on what, and how strongly.

What is looked up (canonical form -> keyed hash -> matcher):

* the `value` of each finding (see docs/CONTRACTS.md): PHONE, EMAIL, LICENSE_PLATE, IBAN,
  DATE_OF_BIRTH, SOCIAL_HANDLE, URL (a profile URL, as the handle it names), ADDRESS (postcode +
  number, street + number + place, street + number), POSTCODE (with a house number right after it in the text), PERSON (as a name);
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

Caches, so that a text costs little more than splitting it into words: per analyzer, the folded form
of a token, the canonical forms of a finding's value and the digest of a canonical form; per matcher
snapshot (`Matcher.memo`, dropped with the snapshot), which words of texts (lower-cased, and as
written) and which of their folded parts are registered surname, given-name or place words, the word
pre-filter of a set of such words, what is registered under a canonical form (mostly: nothing, and then it is
not looked up again; what is, as `_Group`s sorted and paired once for every text that names it: a
popular name matches dozens of persons), what a stretch of text around a surname names, which
surname forms end at a word and which places a run of words names. All are bounded (`cache_size`, cleared when full;
when the words fill the memo, what it learnt of the register, parts and forms, is kept), live
in memory only and hold text from scanned messages, never from the register. They change no result:
tests/test_watchlist_equivalence.py compares the output with the plain formulation's.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import filterfalse, repeat
from operator import add, itemgetter
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


@dataclass(slots=True)  # (not frozen: a frozen dataclass is slower to make, and one is made per text with hits)
class _Prefilter:
    surnames: dict[str, tuple[str, ...]]  # word in the text -> its parts that are registered surname tokens
    given_parts: set[str] | None  # registered given-name parts, when one (or an initial) is in the text
    given_words: set[str]  # words (as split from texts) that hold a registered given name
    place_words: tuple[str, ...]  # words in the text that hold a registered place word
    place_parts: set[str]  # registered place-word parts
    place_runs: dict[tuple[str, int, int], tuple[str, ...]]  # text around a place word -> the places it names
    name_runs: dict[tuple[Any, ...], tuple[tuple[str, int, int, str], ...]]  # a stretch -> its name windows
    surname_forms: dict[tuple[str, int], tuple[tuple[str, int, int], ...]]  # text up to a surname -> its forms
    entries: dict[str, Any]  # "domain\x1fcanonical" -> what the snapshot holds under it (see `_lookup`)
    paired: tuple[str, ...] | None = None  # `WatchlistAnalyzer._paired_place_words`, once asked


_NO_HITS = _Prefilter({}, None, set(), (), set(), {}, {}, {}, {})
_SURNAME_PLACE_EVIDENCE = "achternaam met een plaats of werkplek uit dezelfde tekst"


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
        self._forms: dict[tuple[str, str], tuple[tuple[str, str, str], ...]] = {}

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
        memo lives on the snapshot); after that a text costs one split and a few set operations."""
        words = text.split()
        memo = self._word_memo(hasher, matcher, [])
        if memo["plain"].issuperset(words):
            return _NO_HITS
        return self._prefilter_of(hasher, matcher, memo, text, words)

    def _prefilter_of(
        self, hasher: Hasher, matcher: Matcher, memo: dict[str, Any], text: str, words: list[str]
    ) -> _Prefilter:
        """`_prefilter` of a text (lower case) and its words (`text.split()`), given the snapshot's
        memo. The words that are neither unknown nor registered surname, given-name or place words
        (the memo's "core": most of them) are set aside first, in one pass; the rest (usually a few
        words) is learnt where unknown, then sorted out with set operations on a few words instead
        of one pass over all of them each."""
        rest = set(filterfalse(memo["core"].__contains__, words))  # (cheaper than a set of all the words)
        if not memo["known"].issuperset(rest):
            memo = self._word_memo(hasher, matcher, list(rest))
        return _prefilter_rest(memo, text, rest)

    def _prefilter_written(
        self, hasher: Hasher, matcher: Matcher, memo: dict[str, Any], lower: str, written: list[str]
    ) -> _Prefilter:
        """`_prefilter_of(..., lower, lower.split())` from the words as written (`norm.split()`), where
        `lower` (`norm.lower()`) is as long as the text. Lower case then changes no word boundary, and
        each word's lower case depends on that word alone (the one rule with a context, the Greek final
        sigma, looks no further than the nearest space), so the words of `lower` are the written words
        lower-cased: the few written words that are not known "core" words are lower-cased one by one.
        Written words new to the memo are sorted into "plain_written" and "core_written" when their
        lower case is such a word and comes out the same letter by letter (`_aligned_lower`), as it
        does in a text whose lower case is not as long as itself.

        The outcome depends on these words only (the "core" words add nothing to it), and each of them
        is sorted the same way for as long as the memo lives: it is kept per set of such words (usually
        a surname and a place or given name, shared by many texts) in the memo's "prefilters"."""
        rest_written = frozenset(filterfalse(memo["core_written"].__contains__, written))
        pre = memo["prefilters"].get(rest_written)
        if pre is not None:
            return pre  # (its words were learnt, and sorted as written, when it was made)
        rest = {w.lower() for w in rest_written}
        if not memo["known"].issuperset(rest):
            memo = self._word_memo(hasher, matcher, list(rest))
        seen = memo["written"]
        if not seen.issuperset(rest_written):
            core, plain = memo["core"], memo["plain"]
            for w in rest_written.difference(seen):
                low = w.lower()
                if w.isascii() or low == _aligned_lower(w):
                    if low in core:
                        memo["core_written"].add(w)
                    if low in plain:
                        memo["plain_written"].add(w)
            seen.update(rest_written)
        pre = _prefilter_rest(memo, lower, rest)
        prefilters = memo["prefilters"]
        if len(prefilters) >= self._cache_size:
            prefilters.clear()
        prefilters[rest_written] = pre
        return pre

    def _word_memo(self, hasher: Hasher, matcher: Matcher, words: list[str]) -> dict[str, Any]:
        """The snapshot's memo, after learning which of `words` (as split from lower-cased texts) are
        registered surname, given-name or place words."""
        memo = matcher.memo
        if (
            not memo
            or len(memo["known"]) > self._cache_size
            or len(memo["written"]) > self._cache_size
            or len(memo["parts"]) > self._cache_size
            or len(memo["chunks"]) > self._cache_size
        ):
            # What the register says of a word part or a canonical form depends on the snapshot alone, and
            # those two memos grow far slower than the words of texts (live traffic brings a new word every
            # message or so, a new part every thirty): when the words fill the memo, it starts again with
            # them kept, so that relearning the words costs set operations, not hashes and look-ups. (The
            # other memos are keyed by what the word sets held when they were made: they start empty.)
            parts = memo["parts"] if memo and len(memo["parts"]) <= self._cache_size else {}
            entries = memo["entries"] if memo else {}
            chunks = memo["chunks"] if memo and parts is memo["parts"] and len(memo["chunks"]) <= self._cache_size else {"": ()}
            memo = matcher.memo = {
                # folded word parts (as split from texts) -> the kinds of their entries, in the matcher's order
                "parts": parts,
                # chunks of words (`_NON_WORD.split`) -> ((part, the kinds of its entries), ...) of their parts
                # that are registered words, in order (see `_learn_chunks`); depends on "parts" alone
                "chunks": chunks,
                # the words of a text as written that are not "core_written" words -> `_prefilter_rest` of them
                "prefilters": {},
                "known": set(), "surname": {}, "surname_words": set(), "given_words": set(), "place_words": set(),
                "given_parts": set(), "place_parts": set(), "entries": entries, "place_runs": {}, "name_runs": {}, "surname_forms": {},
                "plain": set(),  # known words that are no registered surname words ("known" - "surname_words")
                "initial_words": set(),  # known words that hold an initial ("j.", "(j.p.", see `_has_initial`)
                "core": set(),  # known words that are no registered surname, given-name or place words, nor initials
                # words as written in texts (any case), see `_prefilter_written`: those learnt, those whose
                # lower case is a "plain" or a "core" word (and is the same in any text)
                "written": set(), "plain_written": set(), "core_written": set(),
            }
        known = memo["known"]
        if not known.issuperset(words):  # (a check without building a set: most texts hold known words only)
            unknown = set(words) - known
            # a new word is mostly made of chunks seen before ("https://...", "jansen,", "1.442.964"): what
            # the register says of a chunk's name parts is kept per chunk ("chunks"), and each distinct part
            # is hashed and looked up once per snapshot ("parts"), not once per word that holds it
            chunks = memo["chunks"]
            split = _NON_WORD.split
            learnt: list[tuple[str, list[str]]] = []  # (word, its chunks) for the words with a letter
            new_chunks: dict[str, None] = {}
            for w in unknown:
                if w.isascii() and w.lower() == w.upper():
                    continue  # no letter ("1.442.964", "06-12345678", "€1," is not ASCII): no name part either
                cs = split(w)
                learnt.append((w, cs))
                for c in cs:
                    if c not in chunks:
                        new_chunks[c] = None
            if new_chunks:
                self._learn_chunks(hasher, matcher, memo, new_chunks)
            surname: dict[str, list[str]] = {}
            hits = False
            for w, cs in learnt:
                for c in cs:
                    found = chunks[c]
                    if found:
                        hits = True
                        for part, kinds in found:
                            for kind in kinds:
                                if kind is Kind.SURNAME:
                                    surname.setdefault(w, []).append(part)
                                elif kind is Kind.GIVEN:
                                    memo["given_words"].add(w)
                                    memo["given_parts"].add(part)
                                elif kind is Kind.PLACE_WORD:
                                    memo["place_words"].add(w)
                                    memo["place_parts"].add(part)
            known.update(unknown)
            # a letter and its full stop are never split apart, and whitespace before the letter is no
            # letter or digit: a text has an initial exactly when one of its words has one
            initials = [w for w, _ in learnt if "." in w and _has_initial(w)]  # (a word without a letter has none)
            if initials:
                memo["initial_words"].update(initials)
            if surname:
                memo["surname"].update({w: tuple(parts) for w, parts in surname.items()})
                memo["surname_words"].update(surname)
                memo["plain"].update(unknown.difference(surname))
            else:
                memo["plain"].update(unknown)
            if hits or initials:
                memo["core"].update(unknown.difference(surname, memo["given_words"], memo["place_words"], memo["initial_words"]))
            else:  # (the given-name, place and initial words are known words: none of them is in `unknown`)
                memo["core"].update(unknown)
        return memo

    def _learn_chunks(self, hasher: Hasher, matcher: Matcher, memo: dict[str, Any], new_chunks: Iterable[str]) -> None:
        """Learn what the register says of the name parts of chunks of words (`_NON_WORD.split`) not seen
        before: per chunk, its (part, kinds of its entries) for the parts that can be registered name or
        place words and are (a part longer than a letter, of letters only, not a tussenvoegsel), in order.
        Parts new to the snapshot are looked up in one go."""
        parts_memo = memo["parts"]
        folded = self._folded
        is_tussen = canonical.is_tussen
        chunks = memo["chunks"]
        per_chunk = []
        for c in new_chunks:
            if c.isascii() and not c.replace("'", "").isalpha():
                # an ASCII chunk is one name part (or "vd": tussenvoegsels), of letters only where the chunk
                # is, apart from its apostrophes: a digit or "_" in it ("a78210122") leaves no part to look up
                chunks[c] = ()
            else:
                per_chunk.append((c, [p for p in folded(c)[0] if len(p) > 1 and p.isalpha() and not is_tussen(p)]))
        new_parts = {p: None for _, ps in per_chunk for p in ps if p not in parts_memo}
        if new_parts:
            found = matcher.lookup([self._digest(hasher, "token", part) for part in new_parts])
            parts_memo.update({part: tuple(kind for _, kind in entries) for part, entries in zip(new_parts, found)})
        for c, ps in per_chunk:
            chunks[c] = tuple((p, parts_memo[p]) for p in ps if parts_memo[p])

    # ------------------------------------------------------------------ the analyzer protocol
    def analyze(self, doc: Document, findings: tuple[Finding, ...], extras: dict[str, Any]) -> list[dict[str, Any]]:
        self._maybe_refresh()
        return self.match(doc, findings, self._matcher)

    def match(self, doc: Document, findings: Sequence[Finding], matcher: Matcher | None = None) -> list[dict[str, Any]]:
        matcher = self._matcher if matcher is None else matcher
        hasher = matcher.hasher
        assert hasher is not None
        if matcher.is_empty:
            return []
        lower = _doc_lower(doc)
        return self._match(doc, findings, matcher, hasher, lower, self._prefilter(hasher, matcher, lower))

    def analyze_batch(
        self,
        docs: Sequence[Document],
        findings_list: Sequence[tuple[Finding, ...]],
        extras_list: Sequence[dict[str, Any]] | None = None,
    ) -> list[list[dict[str, Any]]]:
        """`[analyze(d, f, x) for d, f, x in zip(docs, findings_list, extras_list)]` (the engine's
        per-batch hook, see `doxwacht.pipeline.engine.BatchAnalyzer`); the extras are not read."""
        self._maybe_refresh()
        return self.match_batch(docs, findings_list, self._matcher)

    def match_batch(
        self, docs: Sequence[Document], findings_list: Sequence[Sequence[Finding]], matcher: Matcher | None = None
    ) -> list[list[dict[str, Any]]]:
        """`[match(d, f, matcher) for d, f in zip(docs, findings_list)]`, with `match`'s word pre-filter
        written out in one loop over the batch: a message costs one split of the text as written and
        one set operation (all its words are known as written and none is a registered surname) unless
        it has findings or a surname word; only then is it lower-cased, and its words are taken from
        the split it had (`_prefilter_written`), not split again. (Lower-casing and splitting the
        joined batch at once, then cutting the word list per message, measured slower: the split and
        the set operations cost the same per word either way; finding the messages with a surname
        word by one Aho-Corasick pass over the joined batch cost more than the per-message splits.)"""
        if len(docs) != len(findings_list):
            raise ValueError(f"{len(docs)} documents but {len(findings_list)} lists of findings")
        matcher = self._matcher if matcher is None else matcher
        hasher = matcher.hasher
        assert hasher is not None
        if matcher.is_empty:
            return [[] for _ in docs]
        memo = self._word_memo(hasher, matcher, [])
        match, prefilter_of = self._match, self._prefilter_of
        out: list[list[dict[str, Any]]] = []
        append = out.append
        plain_written, prefilter_written = memo["plain_written"], self._prefilter_written
        for doc, findings in zip(docs, findings_list):
            norm = doc.norm
            # the words as written, against the words known to be plain as written: no lower case is
            # made unless a word is not (a registered surname word, or a word not yet seen so written)
            written = norm.split()
            if plain_written.issuperset(written):  # (the usual case)
                append(match(doc, findings, matcher, hasher, "", _NO_HITS) if findings else [])
                continue
            # `_doc_lower(doc)`, written out (a call per message costs as much as the look-up itself)
            cache = doc.__dict__
            lower = cache.get("lower")
            if lower is None:
                lower = cache["lower"] = norm.lower()
            if len(lower) == len(norm):
                pre = prefilter_written(hasher, matcher, memo, lower, written)
            else:
                lower = _aligned_lower(norm)
                pre = prefilter_of(hasher, matcher, memo, lower, lower.split())
            memo = matcher.memo or memo  # (learning words may have started a new memo)
            plain_written = memo["plain_written"]
            if pre is _NO_HITS:
                append(match(doc, findings, matcher, hasher, "", _NO_HITS) if findings else [])
            else:
                append(match(doc, findings, matcher, hasher, lower, pre))
        return out

    def _match(
        self, doc: Document, findings: Sequence[Finding], matcher: Matcher, hasher: Hasher, lower: str, pre: _Prefilter
    ) -> list[dict[str, Any]]:
        """The matches of one text, given its (aligned) lower case and word pre-filter (`lower` is
        read only when `pre` has surnames)."""
        # canonical forms known to be unregistered (in this snapshot) are not looked up again
        entries = matcher.memo["entries"]
        queries = self._finding_queries(doc, findings, entries) if findings else []
        if pre.surnames:
            address_places = [self._place(city) for city in _address_cities(findings)]
            place_words = pre.place_words
            if place_words and matcher.pair_filter:
                place_words = self._paired_place_words(hasher, matcher, pre)
            if pre.given_parts is not None or place_words or address_places:
                queries += self._surname_queries(doc, lower, pre, address_places, place_words)
        if not queries:
            return []
        hits = [(q, r) for q, r in zip(queries, self._lookup(hasher, matcher, queries)) if r]
        return _assemble(hits) if hits else []

    def _lookup(self, hasher: Hasher, matcher: Matcher, queries: Sequence[_Query]) -> list[_Entries]:
        """`matcher.lookup` of the queries' digests, as the `_Entry`s a query reports, cached per
        canonical form on the snapshot (the same names and places recur from message to message)."""
        cache = matcher.memo["entries"]
        keys = [q.domain + "\x1f" + q.canonical for q in queries]
        out = [cache.get(k) for k in keys]
        if None in out:
            # one look-up, and one `_Entries` object, per distinct form (`_assemble` knows a form
            # that two queries share by that object)
            missing = {k: q for k, q, r in zip(keys, queries, out) if r is None}
            if len(cache) >= self._cache_size:
                cache.clear()
            found = matcher.lookup_columns([self._digest(hasher, q.domain, q.canonical) for q in missing.values()])
            persons = matcher.persons
            fresh = {k: _entries_of(persons, q.domain, *e) if e else () for (k, q), e in zip(missing.items(), found)}
            cache.update(fresh)
            out = [fresh[k] if r is None else r for k, r in zip(keys, out)]
        return out  # type: ignore[return-value]

    def _paired_place_words(self, hasher: Hasher, matcher: Matcher, pre: _Prefilter) -> tuple[str, ...]:
        """The place words of a text (`pre.place_words`) that hold a place word registered together with a
        surname token of one of the text's surname words (`Kind.SURNAME_PLACE_WORD`). A surname + place is
        looked for only around these: a place near one surname is paired with every surname of the text,
        and only such a place word can be part of the registered place of a person with one of these
        surnames. What the register says of a pair is kept on the snapshot, the outcome on `pre` (which
        the texts with the same candidate words share)."""
        got = pre.paired
        if got is not None:
            return got
        known = matcher.memo.get("pairs")
        if known is None or len(known) >= self._cache_size:
            known = matcher.memo["pairs"] = {}
        surname_parts = {p for parts in pre.surnames.values() for p in parts}
        place_parts = pre.place_parts
        key = canonical.surname_place_word_key
        per_word = [
            (w, [key(s, p) for p in self._word_parts(w) if p in place_parts for s in surname_parts]) for w in pre.place_words
        ]
        new = {k: None for _, keys in per_word for k in keys if k not in known}
        if new:
            # (one look-up for all; not through `_digest`'s cache: a pair's outcome is kept in `known`)
            digest = hasher.digest
            found = matcher.lookup_columns([digest("token_pair", k) for k in new])
            known.update(zip(new, [f is not None for f in found]))
        got = pre.paired = tuple(w for w, keys in per_word if any(map(known.__getitem__, keys)))
        return got

    def _surname_queries(
        self, doc: Document, lower: str, pre: _Prefilter, address_places: list[str], place_words: tuple[str, ...]
    ) -> list[_Query]:
        """Name windows, and surname + place, around the words of the text that are registered
        surnames: names only where a registered given name or an initial is close by, places only
        where one of `place_words` is (registered place words, or those of them that `_paired_place_words`
        keeps) or an address finding names one."""
        occurrences = _occurrences(lower, pre.surnames)
        queries: list[_Query] = []
        entries = pre.entries
        if pre.given_parts is not None:
            surname_parts = {p for parts in pre.surnames.values() for p in parts}
            spans = [
                sp for sp in occurrences
                if _names_close(lower[max(0, sp[0] - NAME_RADIUS) : sp[1] + NAME_RADIUS], pre.given_words)
            ]
            # what a stretch names depends on its text, the message's surname parts and the given
            # names known so far (a set that only grows while the snapshot's memo lives): cached on that
            names_cache = pre.name_runs
            known_given = len(pre.given_parts)
            context = (tuple(sorted(surname_parts)), known_given)
            norm = doc.norm
            for start, end in _widen(lower, spans, NAME_RADIUS):
                stretch = (norm[start:end], context)
                found = names_cache.get(stretch)
                if found is None:
                    if len(names_cache) >= self._cache_size:
                        names_cache.clear()
                    tokens = self._tokenize(norm, start, end)
                    hits_at = [i for i, t in enumerate(tokens) if not t.comma and not surname_parts.isdisjoint(t.folded)]
                    found = (
                        tuple(
                            (name, w_start - start, w_end - start, evidence)
                            for name, w_start, w_end, evidence in self._name_windows(tokens, hits_at, pre.given_parts)
                        )
                        if hits_at
                        else ()
                    )
                    if len(pre.given_parts) == known_given:  # (another thread may have learnt a name meanwhile)
                        names_cache[stretch] = found
                for name, w_start, w_end, evidence in found:
                    if entries.get("name\x1f" + name) != ():
                        o_start, o_end = doc.to_original(start + w_start, start + w_end)
                        queries.append(_Query("name", name, o_start, o_end, evidence))
        places = (
            address_places + self._text_places(lower, occurrences, pre, place_words) if place_words else address_places
        )
        if places:
            places = list(dict.fromkeys(places))
            forms_cache = pre.surname_forms
            for i, j in occurrences:
                # the surname forms ending at this word depend on the text up to it, as far back as
                # `_local_words` reaches (and one character more, which decides whether a word is cut)
                lo = max(0, i - _LOCAL_REACH - 1)
                up_to = (lower[lo:j], i - lo)
                forms = forms_cache.get(up_to)
                if forms is None:
                    if len(forms_cache) >= self._cache_size:
                        forms_cache.clear()
                    forms = forms_cache[up_to] = tuple(
                        (surname, start - i, end - i) for surname, start, end in self._surname_forms(lower, i, j)
                    )
                for surname, start, end in forms:
                    o_start, o_end = doc.to_original(i + start, i + end)
                    for place in places:
                        key = canonical.surname_place_key(surname, place)
                        if entries.get("surname_place\x1f" + key) != ():
                            queries.append(_Query("surname_place", key, o_start, o_end, _SURNAME_PLACE_EVIDENCE))
        return queries

    def _surname_forms(self, lower: str, i: int, j: int) -> list[tuple[str, int, int]]:
        """(surname form, start, end) of the surname forms ending at the word lower[i:j] (see
        `_surnames_at`), without the punctuation around them."""
        words, k = _local_words(lower, i, j, _LOCAL_REACH)
        while j > i and not lower[j - 1].isalnum():
            j -= 1  # "Vries," -> "Vries"
        out = []
        for surname, start in self._surnames_at(lower, words, k, i):
            while start < j and not (lower[start].isalnum() or lower[start] in "'’"):
                start += 1  # "(de Vries" -> "de Vries"
            out.append((surname, start, j))
        return out

    def _surnames_at(self, lower: str, words: list[str], k: int, start: int) -> list[tuple[str, int]]:
        """The surname forms ending at word `k` (which starts at `start`): the word itself, with the
        tussenvoegsels before it ("de Vries"), and a double surname ("Jansen-de Vries")."""
        parts = self._word_parts(words[k])
        if not parts or canonical.is_tussen(parts[-1]):
            return []
        forms = [(canonical.join_name(parts), start)]
        if not words[k][0].isalpha():
            return forms  # "(Vries": nothing before belongs to it
        t = k - 1
        run: list[str] = []
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

    def _text_places(
        self, lower: str, occurrences: list[tuple[int, int]], pre: _Prefilter, place_words: tuple[str, ...]
    ) -> list[str]:
        """Places in the text: runs of 1 to 3 words holding a registered place word ("Zeist",
        "bureau Zeist", "Den Haag") around one of `place_words`, within PLACE_DISTANCE characters of a
        surname."""
        places: dict[str, None] = {}
        runs = pre.place_runs
        n = len(lower)
        for i, j in _occurrences(lower, place_words):
            for other, _ in occurrences:  # (a loop: `any` over a generator costs more for a few surnames)
                if abs(i - other) <= PLACE_DISTANCE:
                    break
            else:
                continue
            # the run depends on the words `_local_words` finds, so on the text as far as it reaches
            # (and one character more on each side, which decides whether a word is cut)
            lo = max(0, i - _LOCAL_REACH - 1)
            key = (lower[lo : min(n, j + _LOCAL_REACH + 1)], i - lo, j - i)
            found = runs.get(key)
            if found is None:
                if len(runs) >= self._cache_size:
                    runs.clear()
                words, k = _local_words(lower, i, j, _LOCAL_REACH)
                first = max(0, k - MAX_PLACE_WORDS + 1)
                found = runs[key] = self._place_runs(words[first : k + MAX_PLACE_WORDS], k - first, pre.place_parts)
            for place in found:
                places.setdefault(place, None)
            if len(places) >= MAX_PLACES:
                break
        places.pop("", None)
        return list(places)

    def _place_runs(self, words: list[str], k: int, place_parts: set[str]) -> tuple[str, ...]:
        """The places named by the run around the place word `words[k]`: registered place words and
        tussenvoegsels ("Den Haag", "bureau Zeist", "Bergen op Zoom"), ending in a place word. (What
        a run names depends on its words only: cached per snapshot, see `_Prefilter.place_runs`.)"""
        places: dict[str, None] = {}
        kinds = {}
        for t in range(max(0, k - MAX_PLACE_WORDS + 1), min(len(words), k + MAX_PLACE_WORDS)):
            parts = self._word_parts(words[t])
            kinds[t] = (
                "place" if parts and not place_parts.isdisjoint(parts)
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
        return tuple(places)

    def _finding_queries(self, doc: Document, findings: Sequence[Finding], entries: dict[str, Any]) -> list[_Query]:
        """The look-ups for the findings' values, but for forms that `entries` knows are not
        registered; the canonical forms of a value are cached."""
        out: list[_Query] = []
        cache = self._forms
        for f in findings:
            label = f.label
            if label not in _VALUE_LABELS:
                if label == _POSTCODE:
                    out.extend(_postcode_queries(doc, f, f"{label} ({f.detector})"))
                continue  # BSN, IP address, coordinates: nothing the register holds
            if label == _URL and any(g.label == _HANDLE and f.start <= g.start and g.end <= f.end for g in findings):
                continue  # (the handle detector read the account in this profile URL: looked up as that handle)
            key = (label, f.text) if label == _PERSON else (label, f.value)
            forms = cache.get(key)
            if forms is None:
                if len(cache) >= self._cache_size:
                    cache.clear()
                forms = cache[key] = tuple(
                    (domain, value, domain + "\x1f" + value) for domain, value in _value_forms(label, f.value or "", f.text)
                )
            for domain, value, entries_key in forms:
                if entries.get(entries_key) != ():
                    out.append(_Query(domain, value, f.start, f.end, f"{label} ({f.detector})"))
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

    def _name_windows(
        self, tokens: Sequence[_Token], surname_hits: Iterable[int], given_parts: set[str]
    ) -> list[tuple[str, int, int, str]]:
        """Windows around each surname hit that can be a registered full name: the surname last
        ("Jan de Vries", "J.P. van der Berg", "Anne Jansen-de Vries") starting at a given name or
        initial, or the surname first ("de Vries, Jan", "Vries, J. de", "de Vries Jan") with a
        given name or initial as its last name word. Each as (canonical name, start, end in
        `doc.norm`, evidence)."""

        def given(t: _Token) -> bool:
            return not t.comma and bool(t.folded) and (
                all(len(p) == 1 for p in t.folded) or not given_parts.isdisjoint(t.folded)
            )

        out: list[tuple[str, int, int, str]] = []
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
                out.append((key, window[0].start, window[-1].end, f"naamreeks van {e - s + 1} woorden"))
        return out

    def _place(self, raw: str) -> str:
        value = self._places_cache.get(raw)
        if value is None:
            if len(self._places_cache) >= self._cache_size:
                self._places_cache.clear()
            value = self._places_cache[raw] = canonical.place(_EDGE_PUNCT.sub("", raw))
        return value


def _prefilter_rest(memo: dict[str, Any], text: str, rest: set[str]) -> _Prefilter:
    """The word pre-filter of a text (lower case), from the set of its words that may be registered
    surname, given-name or place words (all but the memo's "core" words) and a snapshot's memo that
    knows them all already (see `WatchlistAnalyzer._word_memo`)."""
    hit = memo["surname_words"].intersection(rest)
    if not hit:
        return _NO_HITS
    # (`_has_initial(text)`, asked of the few words that hold an initial instead of every full stop of the text)
    names = not memo["given_words"].isdisjoint(rest) or not memo["initial_words"].isdisjoint(rest)
    return _Prefilter(
        {w: memo["surname"][w] for w in hit},
        memo["given_parts"] if names else None,
        memo["given_words"],
        tuple(memo["place_words"].intersection(rest)),
        memo["place_parts"],
        memo["place_runs"],
        memo["name_runs"],
        memo["surname_forms"],
        memo["entries"],
    )


def _address_cities(findings: Sequence[Finding]) -> list[str]:
    cities = []
    for f in findings:
        if f.label == _ADDRESS:
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


_LOCAL_REACH = 48


def _local_words(text: str, i: int, j: int, reach: int = _LOCAL_REACH) -> tuple[list[str], int]:
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


def _doc_lower(doc: Document) -> str:
    """`doc.lower` where it is as long as `doc.norm`, else `_aligned_lower`: read from the document's cache
    when a detector made it, and left there for the analyzers after this one (the cached property's lock
    costs more than lower-casing a chat message)."""
    norm = doc.norm
    cache = getattr(doc, "__dict__", None)
    lower = cache.get("lower") if cache is not None else None
    if lower is None:
        lower = norm.lower()
        if cache is not None:
            cache["lower"] = lower
    return lower if len(lower) == len(norm) else _aligned_lower(norm)


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
# The labels whose value `_value_forms` can look up (POSTCODE goes with the house number after it).
# (Labels compared per finding are module constants: `Label.PERSON` is a descriptor look-up on the
# enum class, which costs four times a comparison.)
_PERSON, _POSTCODE, _ADDRESS, _URL, _HANDLE = Label.PERSON, Label.POSTCODE, Label.ADDRESS, Label.URL, Label.SOCIAL_HANDLE
_VALUE_LABELS = frozenset({
    Label.PHONE, Label.EMAIL, Label.LICENSE_PLATE, Label.IBAN, Label.DATE_OF_BIRTH, Label.SOCIAL_HANDLE,
    Label.ADDRESS, Label.PERSON, Label.URL,
})


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
        if label == Label.URL:  # a profile URL names a handle ("instagram.com/lisa.xo"); other URLs nothing
            found = canonical.profile_handle(value)
            return [("handle", found)] if found else []
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
# Per kind, what a match on it reports, looked up once instead of through enum properties per
# entry: (hash domain, minus the strength's rank, public kind, strength as reported). Kinds without
# a strength (pre-filter words) are left out: they are never reported.
_REPORTED: dict[Kind, tuple[str, int, str, str]] = {
    k: (k.domain, -k.strength.rank, k.public, k.strength.value)
    for k in Kind
    if k.strength is not None
}
_WEAK_RANK = -Strength.WEAK.rank


@dataclass(frozen=True, slots=True)
class _Group:
    """The reportable entries of one strength under one canonical form: shared by every message that
    names it (cached per snapshot, see `WatchlistAnalyzer._lookup`), so that a popular name's 40
    persons are sorted and paired once, not per match. One entry per distinct (person, public kind),
    in (person, kind) order: the order in which the matches of one span are reported."""

    neg_rank: int  # minus the strength's rank: strongest first
    strength: str  # as reported
    weak: bool
    kind: str | None  # the public kind of every entry, or None when they differ
    keys: tuple[str, ...]  # "person\x1fkind", parallel to `pairs`
    keyset: frozenset[str]  # the same (a frozenset keeps the hashes: set operations on it cost little)
    pairs: tuple[tuple[str, str], ...]  # (person, public kind)
    persons: tuple[str, ...]
    kinds: frozenset[str]  # the public kinds of its entries


# The entries under one digest: one group per strength, strongest first.
_Entries = tuple[_Group, ...]
_BY_RANK = itemgetter(0, 1, 2)  # strongest, then longest, then leftmost (stable: ties keep their order)
_BY_SPAN = itemgetter(0, 1)
_BY_PERSON = itemgetter("person", "kind")
_CONFIRMED = "; bevestigd door een ander gegeven van dezelfde persoon"
_MEDIUM = Strength.MEDIUM.value


# Per hash domain, per `Kind` code: (minus the strength's rank, public kind, strength as reported) of the
# kinds a query of that domain reports, None for the others (`_entries_of` reads the matcher's codes).
_REPORTED_CODES: dict[str, list[tuple[int, str, str] | None]] = {}
for _kind, (_domain, _neg_rank, _public, _strength) in _REPORTED.items():
    _REPORTED_CODES.setdefault(_domain, [None] * (max(Kind) + 1))[_kind] = (_neg_rank, _public, _strength)
_FIRST, _SECOND = itemgetter(0), itemgetter(1)


def _entries(persons: Sequence[str], domain: str, entries: Iterable[tuple[int, Kind]]) -> _Entries:
    """The matcher's (person index, kind) entries for a query of `domain`, as `_Group`s; surname
    tokens and other pre-filter words are never reported. (A (person, kind) twice under one form
    would give the same match twice at the same span, of which the report keeps the first: kept once.)"""
    entries = list(entries)
    if not entries:
        return ()
    return _entries_of(persons, domain, [p for p, _ in entries], [int(k) for _, k in entries])


def _entries_of(persons: Sequence[str], domain: str, person_idx: list[int], codes: list[int]) -> _Entries:
    """`_entries` of the matcher's columns (`Matcher.lookup_columns`). Most forms hold one kind (a
    surname with a place, a date of birth: one group of one public kind, built with C-level calls);
    a name holds two (name, relative_name)."""
    table = _REPORTED_CODES.get(domain)
    if table is None:
        return ()
    infos = [table[c] for c in codes]
    first = infos[0]
    if first is not None and infos.count(first) == len(infos):  # one reported kind: the usual case
        neg_rank, public, strength = first
        ids = sorted(set(map(persons.__getitem__, person_idx)))
        keys = tuple(map(add, ids, repeat("\x1f" + public)))
        return (
            _Group(
                neg_rank, strength, neg_rank == _WEAK_RANK, public, keys, frozenset(keys),
                tuple(zip(ids, repeat(public))), tuple(ids), frozenset((public,)),
            ),
        )
    groups: dict[int, list[tuple[str, str]]] = {}
    strengths: dict[int, str] = {}
    for p, info in zip(person_idx, infos):
        if info is not None:
            group = groups.get(info[0])
            if group is None:
                group = groups[info[0]] = []
                strengths[info[0]] = info[2]
            group.append((persons[p], info[1]))
    out = []
    for neg_rank, group in sorted(groups.items()):
        pairs = tuple(sorted(set(group)))
        kinds = frozenset(map(_SECOND, pairs))
        keys = tuple(f"{p}\x1f{k}" for p, k in pairs)
        out.append(
            _Group(
                neg_rank,
                strengths[neg_rank],
                neg_rank == _WEAK_RANK,
                next(iter(kinds)) if len(kinds) == 1 else None,
                keys,
                frozenset(keys),
                pairs,
                tuple(map(_FIRST, pairs)),
                kinds,
            )
        )
    return tuple(out)


def _assemble(hits: Sequence[tuple[_Query, _Entries]]) -> list[dict[str, Any]]:
    """The matches, strongest and longest first, dropping what a kept match of the same person and
    kind already covers; a weak match is raised to medium when the same person has another kind of
    match in the text; reported in the order of (start, end, person, kind).

    (Sorting the queries' groups of equal strength, stably, orders the entries as sorting each entry
    would. A group none of whose persons and kinds was kept before is kept whole, and a group seen
    before at a span that holds this one is dropped whole, without looking at each entry. No two
    kept matches share span, person and kind: sorting the kept groups by span, each in (person,
    kind) order, and merging groups of the same span, orders the matches as sorting each match
    would. A match is a copy of a dict made once per group and span: copying a dict costs half of
    building one. Whether a weak match's person has another kind of match is asked of the kept
    keys, kind by kind. One look-up with one group, the usual case, is its group's matches.)"""
    if len(hits) == 1 and len(hits[0][1]) == 1:
        q, (g,) = hits[0]
        matches = _group_matches(g, q.start, q.end, q.evidence)
        if g.weak and len(g.kinds) > 1:
            _confirm(matches, g.keyset, g.kinds)
        return matches
    groups = [(g.neg_rank, q.start - q.end, q.start, q, g) for q, entries in hits for g in entries]
    if len(groups) > 1:
        groups.sort(key=_BY_RANK)
    seen: set[str] = set()  # the keys ("person\x1fkind") of the kept matches
    kept: list[tuple[int, int, list[dict[str, Any]], frozenset[str]]] = []  # (start, end, matches, their keys)
    group_spans: dict[int, list[tuple[int, int]]] = {}  # id(group) -> the spans it was looked at
    weak_matches: list[dict[str, Any]] = []
    kinds_kept: set[str] = set()  # the public kinds of the kept matches
    for _, _, start, q, g in groups:
        end = q.end
        earlier = group_spans.get(id(g))
        if earlier is None:
            group_spans[id(g)] = [(start, end)]
        else:
            for s, e in earlier:
                if s <= start and end <= e:
                    break
            else:
                s = -1
            if s >= 0:
                continue  # every person and kind of it was covered at a span that holds this one
            earlier.append((start, end))
        if seen.isdisjoint(g.keyset):  # (the usual case)
            keyset = g.keyset
            matches = _group_matches(g, start, end, q.evidence)
        else:
            copy = {
                "person": "", "kind": g.kind, "strength": g.strength, "start": start, "end": end, "evidence": q.evidence,
            }.copy
            matches = []
            append = matches.append
            covering = [ks for s, e, _, ks in kept if s <= start and end <= e and not ks.isdisjoint(g.keyset)]
            new_keys = []
            for key, (person, kind) in zip(g.keys, g.pairs):
                if key in seen:
                    for ks in covering:
                        if key in ks:
                            break
                    else:
                        ks = None
                    if ks is not None:
                        continue  # covered by a kept match of this person and kind
                new_keys.append(key)
                match = copy()
                match["person"] = person
                match["kind"] = kind
                append(match)
            if not matches:
                continue
            keyset = frozenset(new_keys)
        seen |= keyset
        kept.append((start, end, matches, keyset))
        kinds_kept |= g.kinds
        if g.weak:
            weak_matches += matches
    if weak_matches:
        _confirm(weak_matches, seen, kinds_kept)
    if len(kept) == 1:
        return kept[0][2]
    kept.sort(key=_BY_SPAN)
    out: list[dict[str, Any]] = []
    n = 0
    while n < len(kept):
        start, end, matches, _ = kept[n]
        n += 1
        if n < len(kept) and kept[n][0] == start and kept[n][1] == end:
            # groups of the same span (a surname with two places): their matches interleave
            run = list(matches)
            while n < len(kept) and kept[n][0] == start and kept[n][1] == end:
                run += kept[n][2]
                n += 1
            run.sort(key=_BY_PERSON)
            out += run
        else:
            out += matches
    return out


def _group_matches(g: _Group, start: int, end: int, evidence: str) -> list[dict[str, Any]]:
    """The matches of every entry of a group at one span, in the group's (person, kind) order. (A
    match is a copy of a dict made once per group and span: copying a dict costs half of building one.)"""
    copy = {"person": "", "kind": g.kind, "strength": g.strength, "start": start, "end": end, "evidence": evidence}.copy
    matches: list[dict[str, Any]] = []
    append = matches.append
    if g.kind is not None:
        for person in g.persons:
            match = copy()
            match["person"] = person
            append(match)
    else:
        for person, kind in g.pairs:
            match = copy()
            match["person"] = person
            match["kind"] = kind
            append(match)
    return matches


def _confirm(weak_matches: Iterable[dict[str, Any]], seen: set[str] | frozenset[str], kinds_kept: Iterable[str]) -> None:
    """Raise each weak match to medium whose person has a kept match of another kind (`seen`: the kept
    matches' "person\x1fkind" keys). (Asked only of the kinds kept in this text: usually two or three.)"""
    suffixes = [(kind, "\x1f" + kind) for kind in kinds_kept]
    for match in weak_matches:
        person, kind = match["person"], match["kind"]
        if any(person + suffix in seen for other, suffix in suffixes if other != kind):
            match["strength"] = _MEDIUM
            match["evidence"] += _CONFIRMED


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
