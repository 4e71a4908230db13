"""The watchlist analyzer's fast path gives what its plain formulation gives.

`ReferenceAnalyzer` below is the analyzer as it was before the speed work, kept as the oracle: one
set per text for the word pre-filter, every look-up hashed and searched, every name window and
place run worked out again, and every match sorted and de-duplicated one by one. The analyzer now
caches per matcher snapshot what a canonical form is registered under, what a stretch of text names
and which surname forms end at a word, skips forms it knows are not registered, and sorts groups of
equal strength; these tests check that its `watchlist` output (values, order, key order) is the
reference's, on varied texts against a register with every identifier kind, with cold and warm
caches, in any order, and across a swap to a new register generation.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pytest

from doxwacht import Document, Engine, Finding, Label
from doxwacht.watchlist import PersonInput, WatchlistAnalyzer, canonical
from doxwacht.watchlist.analyzer import (
    MAX_NAME_WORDS,
    MAX_PLACE_WORDS,
    MAX_PLACES,
    MAX_WINDOW,
    NAME_RADIUS,
    PLACE_DISTANCE,
    _address_cities,
    _aligned_lower,
    _ends_clause,
    _has_initial,
    _local_words,
    _names_close,
    _occurrences,
    _postcode_queries,
    _Query,
    _Token,
    _value_forms,
    _widen,
    _window_key,
)
from doxwacht.watchlist.keys import Hasher
from doxwacht.watchlist.kinds import Kind, Strength
from doxwacht.watchlist.matcher import Matcher
from tests.test_watchlist_support import make_register


# ---------------------------------------------------------------------------------------- the reference
@dataclass(frozen=True, slots=True)
class _ReferencePrefilter:
    surnames: dict[str, tuple[str, ...]]
    given_parts: set[str] | None
    given_words: set[str]
    place_words: tuple[str, ...]
    place_parts: set[str]


_REFERENCE_NO_HITS = _ReferencePrefilter({}, None, set(), (), set())


class ReferenceAnalyzer(WatchlistAnalyzer):
    """The plain formulation (the code before the speed work, unchanged but for names). Give it a
    matcher of its own: its word memo on the snapshot has another layout."""

    def _prefilter(self, hasher: Hasher, matcher: Matcher, text: str) -> _ReferencePrefilter:
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
            return _REFERENCE_NO_HITS
        names = bool(words & memo["given_words"]) or _has_initial(text)
        return _ReferencePrefilter(
            {w: memo["surname"][w] for w in hit},
            memo["given_parts"] if names else None,
            memo["given_words"],
            tuple(words & memo["place_words"]),
            memo["place_parts"],
        )


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
        return reference_assemble(matcher, [(q, r) for q, r in zip(queries, results) if r])

    def _surname_queries(self, doc: Document, lower: str, pre: _ReferencePrefilter, address_places: list[str]) -> list[_Query]:
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


    def _text_places(self, lower: str, occurrences: list[tuple[int, int]], pre: _ReferencePrefilter) -> list[str]:
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


def reference_assemble(matcher: Matcher, hits: Iterable[tuple[_Query, tuple[tuple[int, Kind], ...]]]) -> list[dict[str, Any]]:
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


# ---------------------------------------------------------------------------------------- the register and texts
def _spec(**fields: Any) -> dict[str, Any]:
    return fields


PERSONS = [
    _spec(label="A", names=["Jan Pieter de Vries"], relative_names=["Anne Jansen-de Vries"],
         addresses=["Hoofdstraat 12a, 1234 AB Amsterdam"], postcodes=["3511 AB 7"], phones=["06-12345678"],
         emails=["J.deVries@Example.nl"], plates=["12-GBD-3"], dobs=["12-03-1980"], handles=["@JanDV"],
         ibans=["NL91 ABNA 0417 1643 00"], workplace="bureau Zeist"),
    _spec(label="B", names=["Kees Bakker"], addresses=["Kerkstraat 5, 2511 AB Den Haag"], phones=["020-7654321"],
         workplace="Den Haag"),
    _spec(label="C", names=["Marie-Louise van der Berg"], relative_names=["Piet van der Berg"],
         addresses=["Dorpsweg 3, 3811 AA Amersfoort"], dobs=["1975-07-01"], workplace="Bergen op Zoom"),
    _spec(label="D", names=["Jan de Vries"], addresses=["Lindenlaan 8, Utrecht"], dobs=["12-03-1980"],
         plates=["GB-123-X"]),
    _spec(label="E", names=["Sanne Bakker"], addresses=["Molenweg 44, 3701 AB Zeist"], emails=["sanne@bakker.nl"],
         handles=["sannebakker"]),
    _spec(label="F", names=["Lotte ter Horst"], addresses=["Lindenlaan 8"], workplace="'s-Hertogenbosch"),
    _spec(label="G", names=["Zoë Dijkstra"], relative_names=["Daan Dijkstra"], addresses=["Stationsplein 1, 9711 AA Groningen"],
         phones=["+31 6 87654321"]),
    _spec(label="H", names=["Peter d'Ancona"], ibans=["NL02 ABNA 0123 4567 89"], workplace="Rotterdam"),
    _spec(label="I", names=["J. Jansen"], addresses=["Schoolstraat 2-b, 1234 AB Amsterdam"], workplace="Amsterdam"),
]
LATER = _spec(label="J", names=["Emma de Groot"], addresses=["Havenkade 9, 1011 AA Amsterdam"], workplace="Zeist")

TEMPLATES = [
    "Dit is die agent {name}, woont {address}. Bel hem maar op {phone}",
    "{name} rijdt in de {plate}, even langs gaan? kenteken: {plate}",
    "mail {email} en zeg maar dat we weten waar {name} woont",
    "zijn vrouw heet {relative} en zijn nummer is {phone}",
    "kijk hier @{handle} is die boa, geboren {dob}",
    "{name} uit {city} heeft de aanhouding gedaan",
    "{surname} uit {city}, die van {workplace}",
    "{surname_first} woont in {city} ({postcode})",
    "naam: {name}, tel: {phone} hij woont op {address}",
    "{initials} {surname} werkt bij {workplace}. {given} is zijn voornaam.",
    "IBAN {iban} staat op naam van {name}",
    "{name}\n{address}\n{phone}",
]
NOISE = [
    "Wat een gedoe weer bij de gemeente, morgen om 10.00 uur gaan we demonstreren op het plein.",
    "De politie heeft vrijdag een 57-jarige man uit Venlo aangehouden.",
    "burgemeester Halsema noemt het plan onuitvoerbaar en wil een nieuw debat",
    "Erik ten Hag zei woensdag dat het kabinet 461 miljoen euro uittrekt",
    "wie woont er in de buurt van Roosendaal? bestelnummer BE920A26094",
    "bel 0800-7000 of mail info@example.org, Den Haag, 's-Gravenhage, Bergen op Zoom",
    "J. de Vries, Jansen, Bakker, van der Berg, ter Horst: allemaal namen.",
    "Vries, J. de (Amsterdam) en de Vries, Jan uit Den Bosch",
]


def _fields(p: dict[str, Any], r: random.Random) -> dict[str, str]:
    name = p["names"][0]
    parsed = canonical.parse_name(name)
    surname = name.split(" ", 1)[1] if " " in name else name
    first = name.split()[0]
    city = (p.get("addresses") or ["x, 1111 AA Zeist"])[0].rsplit(" ", 1)[-1]
    return {
        "name": r.choice([name, name.upper(), name.lower(), f"{parsed.given[0][0].upper()}. {surname}"]),
        "surname": surname,
        "surname_first": f"{surname}, {first}",
        "given": first,
        "initials": "".join(g[0][0].upper() + "." for g in parsed.given),
        "address": (p.get("addresses") or ["Nergensweg 1"])[0],
        "postcode": (p.get("addresses") or ["x, 1111 AA"])[0].split(", ")[-1][:7],
        "phone": (p.get("phones") or ["06-11111111"])[0],
        "plate": (p.get("plates") or ["AA-11-BB"])[0],
        "email": (p.get("emails") or ["niemand@example.nl"])[0],
        "relative": (p.get("relative_names") or [name])[0],
        "handle": (p.get("handles") or ["@niemand"])[0].lstrip("@"),
        "dob": (p.get("dobs") or ["1-1-1990"])[0],
        "iban": (p.get("ibans") or ["NL91 ABNA 0417 1643 00"])[0],
        "city": r.choice([city, city.upper(), city.lower(), f"{city}."]),
        "workplace": p.get("workplace") or "bureau Zeist",
    }


def _mutate(text: str, r: random.Random) -> str:
    chars = list(text)
    for _ in range(r.randint(0, 4)):
        if chars:
            i = r.randrange(len(chars))
            chars[i] = r.choice([",", ".", " ", "\n", "(", ")", "-", chars[i].upper(), chars[i].lower(), chars[i] + " "])
    out = "".join(chars)
    if r.random() < 0.2:
        out = out[r.randrange(len(out) + 1):]
    return out


def _texts(persons: Sequence[dict[str, Any]], n: int, seed: int) -> list[str]:
    r = random.Random(seed)
    out = []
    for i in range(n):
        parts = []
        for _ in range(r.randint(1, 4)):
            if r.random() < 0.7:
                parts.append(r.choice(TEMPLATES).format(**_fields(r.choice(persons), r)))
            else:
                parts.append(r.choice(NOISE))
        text = r.choice([" ", "\n", ". ", ", "]).join(parts)
        out.append(_mutate(text, r) if i % 3 == 0 else text)
    return out


def _person(p: dict[str, Any]) -> PersonInput:
    return PersonInput(role="politie", organisation="Eenheid Test", **p)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    reg = make_register(tmp_path_factory.mktemp("wl-eq"))
    for p in PERSONS:
        reg.add(_person(p))
    texts = _texts(PERSONS + [LATER], 500, seed=3) + NOISE
    engine = Engine()
    scanned = [(t, engine.scan(t).findings) for t in texts]
    return reg, scanned


def _matcher_pair(reg) -> tuple[Matcher, Matcher]:
    m = reg.load_matcher()
    return m, Matcher.load(m.serialize(), m.hasher)


def _run(analyzer: WatchlistAnalyzer, scanned: Iterable[tuple[str, tuple[Finding, ...]]]) -> list[str]:
    # json keeps the key order, which the JSONL record shows
    return [json.dumps(analyzer.analyze(Document(t), f, {}), ensure_ascii=False) for t, f in scanned]


def test_the_texts_have_matches_of_every_kind(world):
    reg, scanned = world
    ref_m, _ = _matcher_pair(reg)
    found = [m for out in _run(ReferenceAnalyzer(ref_m), scanned) for m in json.loads(out)]
    assert {m["kind"] for m in found} >= {
        "name", "relative_name", "surname_place", "phone", "email", "plate", "postcode", "address", "dob",
        "handle", "iban",
    }
    assert {m["strength"] for m in found} == {"strong", "medium", "weak"}


def test_same_matches_as_the_reference_cold_and_warm(world):
    reg, scanned = world
    ref_m, new_m = _matcher_pair(reg)
    assert new_m.pair_filter  # (the reference builds places around every place word: the pairs lose nothing)
    ref, new = ReferenceAnalyzer(ref_m), WatchlistAnalyzer(new_m)
    expected = _run(ref, scanned)
    assert _run(new, scanned) == expected  # cold caches
    assert _run(new, scanned) == expected  # warm caches
    assert _run(ref, scanned) == expected  # the reference has caches too: they change nothing either


@pytest.mark.parametrize("cache_size", [1, 7, 200_000])
def test_same_matches_in_any_order_and_with_small_caches(world, cache_size):
    reg, scanned = world
    ref_m, new_m = _matcher_pair(reg)
    order = list(range(len(scanned)))
    random.Random(cache_size).shuffle(order)
    shuffled = [scanned[i] for i in order] + [scanned[i] for i in order[::-1]]
    expected = _run(ReferenceAnalyzer(ref_m), shuffled)
    assert _run(WatchlistAnalyzer(new_m, cache_size=cache_size), shuffled) == expected


def test_same_matches_after_a_swap_to_a_new_generation(tmp_path, world):
    _, scanned = world
    reg = make_register(tmp_path)
    for p in PERSONS[:4]:
        reg.add(_person(p))
    ref_m, new_m = _matcher_pair(reg)
    ref, new = ReferenceAnalyzer(ref_m), WatchlistAnalyzer(new_m)
    assert _run(new, scanned) == _run(ref, scanned)
    for p in PERSONS[4:] + [LATER]:
        reg.add(_person(p))
    ref_m, new_m = _matcher_pair(reg)
    ref.swap(ref_m)
    new.swap(new_m)
    after = _run(ref, scanned)
    assert _run(new, scanned) == after
    assert any('"surname_place"' in out for out in after)


def test_assemble_orders_and_deduplicates_like_the_reference():
    """Random look-up results with tied strengths and spans, nested spans, weak kinds, pre-filter
    kinds and kinds of another domain: the grouped assembly equals sorting every candidate."""
    from doxwacht.watchlist.analyzer import _assemble, _entries

    r = random.Random(5)
    kinds = list(Kind)
    domains = sorted({k.domain for k in kinds})
    persons = tuple(f"p{i}" for i in range(6))
    for _ in range(400):
        hits = []
        for _ in range(r.randint(1, 8)):
            start = r.randint(0, 30)
            q = _Query(r.choice(domains), "x", start, start + r.randint(0, 12), f"ev{r.randint(0, 2)}")
            entries = tuple((r.randrange(len(persons)), r.choice(kinds)) for _ in range(r.randint(0, 5)))
            hits.append((q, entries))
        # (query, the matcher's entries, the same as `_entries`: one object per look-up, as cached)
        triples = [(q, e, _entries(persons, q.domain, e)) for q, e in hits]
        for _ in range(r.randint(0, 2)):  # the same look-up result again, at its span or another one
            q, e, prepared = triples[r.randrange(len(triples))]
            start = q.start if r.random() < 0.7 else r.randint(0, 30)
            end = start + (q.end - q.start if r.random() < 0.7 else r.randint(0, 12))
            again = _Query(q.domain, q.canonical, start, end, f"ev{r.randint(0, 2)}")
            triples.insert(r.randint(0, len(triples)), (again, e, prepared))
        expected = reference_assemble(_PersonsOnly(persons), [(q, e) for q, e, _ in triples if e])
        got = _assemble([(q, p) for q, _, p in triples if p])
        assert json.dumps(got) == json.dumps(expected)



def test_assemble_of_one_look_up_is_the_general_assembly():
    """One look-up with one group is reported as its group's matches (the fast path). The same look-up
    twice at the same span goes the general way, and the second is covered by the first: the result
    is the same. Groups of every shape, including a weak group of two kinds (no domain has two weak
    kinds today), where a person with both kinds is raised to medium."""
    from doxwacht.watchlist.analyzer import _assemble, _entries, _Group

    r = random.Random(8)
    kinds = list(Kind)
    domains = sorted({k.domain for k in kinds})
    persons = tuple(f"p{i}" for i in range(6))
    groups = []
    for _ in range(300):
        domain = r.choice(domains)
        entries = tuple((r.randrange(len(persons)), r.choice(kinds)) for _ in range(r.randint(1, 8)))
        groups += [(domain, g) for g in _entries(persons, domain, entries)]
    pairs = (("p0", "dob"), ("p0", "address"), ("p1", "dob"), ("p2", "address"))
    keys = tuple(f"{p}\x1f{k}" for p, k in pairs)
    mixed_weak = _Group(
        -Strength.WEAK.rank, "weak", True, None, keys, frozenset(keys), pairs, tuple(p for p, _ in pairs),
        frozenset({"dob", "address"}),
    )
    groups.append(("dob", mixed_weak))
    assert any(g.weak for _, g in groups) and any(g.kind is None for _, g in groups)
    for domain, g in groups:
        start = r.randint(0, 30)
        q = _Query(domain, "x", start, start + r.randint(0, 12), "ev")
        fast = _assemble([(q, (g,))])
        assert json.dumps(fast) == json.dumps(_assemble([(q, (g,)), (q, (g,))]))
        assert [(m["person"], m["kind"]) for m in fast] == list(g.pairs)
    raised = _assemble([(_Query("dob", "x", 0, 5, "ev"), (mixed_weak,))])
    assert [m["strength"] for m in raised] == ["medium", "medium", "weak", "weak"]


@dataclass
class _PersonsOnly:
    """What `reference_assemble` reads of a matcher."""

    persons: tuple[str, ...]


# ---------------------------------------------------------------------------------------- the batch path
# Texts at the edges of the per-message work: a final sigma at a message's end (its lower case
# depends on what follows), a character whose lower case is longer ("İ": `_aligned_lower`), empty
# and blank messages, and names at the very start and end of a message. The batch path reads the
# words as written first (`_prefilter_written`): the same words in other cases, and words whose lower
# case differs between a text that lower-cases to the same length and one that does not ("ΟΔΟΣ" with
# and without an "İ" elsewhere in the text), and non-ASCII letters in and around names.
EDGE_TEXTS = [
    "ΟΔΟΣ", "Σ Jan de Vries", "Jan de Vries ΟΔΟΣ", "", "   ", "\n", "Vries", "de Vries, Jan",
    "İstanbul: Kees Bakker uit Den Haag", "Bakker", "Kees", "Jansen-de Vries, Anne",
    "ΟΔΟΣ İ Bakker", "ΟΔΟΣ Bakker", "JAN DE VRIES", "jan de vries", "Jan DE VRIES uit ZEIST", "BAKKER",
    "Kees BAKKER uit den haag", "ẞtraße Kees Bakker", "Ǆemal Bakker uit Zeist", "kees bakker 😭 uit zeist",
    "Ἀθῆναι ΣΑΣ Bakker", "J. de Vries\u2003uit\u00a0Zeist",
]


def _run_batches(analyzer: WatchlistAnalyzer, scanned: Sequence[tuple[str, tuple[Finding, ...]]], sizes: Sequence[int]) -> list[str]:
    """The analyzer's per-batch hook over `scanned` cut into batches of the sizes in turn."""
    out: list[str] = []
    i = k = 0
    while i < len(scanned):
        part = scanned[i : i + sizes[k % len(sizes)]]
        docs = [Document(t) for t, _ in part]
        values = analyzer.analyze_batch(docs, [f for _, f in part], [{} for _ in part])
        out += [json.dumps(v, ensure_ascii=False) for v in values]
        i += len(part)
        k += 1
    return out


@pytest.fixture(scope="module")
def edge_scanned(world):
    _, scanned = world
    engine = Engine()
    edges = [(t, engine.scan(t).findings) for t in EDGE_TEXTS]
    # the edge texts between, before and after the others
    return edges + scanned[:150] + edges[::-1] + scanned[150:] + edges


@pytest.mark.parametrize("sizes", [(2,), (3, 17, 1, 64), (256,), (10_000,)])
def test_batches_give_what_message_by_message_gives(world, edge_scanned, sizes):
    reg, _ = world
    ref_m, new_m = _matcher_pair(reg)
    expected = _run(ReferenceAnalyzer(ref_m), edge_scanned)
    new = WatchlistAnalyzer(new_m)
    assert _run_batches(new, edge_scanned, sizes) == expected  # cold caches
    assert _run_batches(new, edge_scanned, sizes) == expected  # warm caches
    assert _run(new, edge_scanned) == expected  # and message by message after batches
    assert any(json.loads(x) for x in expected[: len(EDGE_TEXTS)])


@pytest.mark.parametrize("cache_size", [1, 7, 200_000])
def test_batches_in_any_order_with_small_caches_and_after_a_swap(tmp_path, world, edge_scanned, cache_size):
    _, _ = world
    reg = make_register(tmp_path)
    for p in PERSONS[:4]:
        reg.add(_person(p))
    order = list(range(len(edge_scanned)))
    random.Random(cache_size).shuffle(order)
    shuffled = [edge_scanned[i] for i in order]
    ref_m, new_m = _matcher_pair(reg)
    ref, new = ReferenceAnalyzer(ref_m), WatchlistAnalyzer(new_m, cache_size=cache_size)
    assert _run_batches(new, shuffled, (5, 40)) == _run(ref, shuffled)
    for p in PERSONS[4:] + [LATER]:
        reg.add(_person(p))
    ref_m, new_m = _matcher_pair(reg)
    ref.swap(ref_m)
    new.swap(new_m)
    assert _run_batches(new, shuffled, (40, 5)) == _run(ref, shuffled)


def test_match_batch_wants_findings_for_every_document(world):
    reg, _ = world
    with pytest.raises(ValueError):
        WatchlistAnalyzer(reg.load_matcher()).match_batch([Document("a"), Document("b")], [()])


class _PerMessage:
    """An analyzer without the per-batch hook: the engine calls `analyze` message by message."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.key = inner.key

    def analyze(self, doc: Document, findings: tuple[Finding, ...], extras: dict[str, Any]) -> Any:
        return self.inner.analyze(doc, findings, extras)


def test_the_engine_uses_the_batch_hook_with_the_same_records(world, edge_scanned):
    """`Engine.scan_batch` through the analyzers' per-batch hooks gives the records that the same
    batches give with every analyzer called message by message (the watchlist first, then intent and
    verdict, which read its matches); a batch of one message goes through `analyze`."""
    from doxwacht.intent import IntentAnalyzer
    from doxwacht.verdict import VerdictAnalyzer

    reg, _ = world
    ref_m, new_m = _matcher_pair(reg)
    texts = [t for t, _ in edge_scanned[:300]]
    calls: list[int] = []

    class Counting(WatchlistAnalyzer):
        def analyze_batch(self, docs, findings_list, extras_list):  # type: ignore[no-untyped-def]
            calls.append(len(docs))
            return super().analyze_batch(docs, findings_list, extras_list)

    batched = Engine(analyzers=[Counting(new_m), IntentAnalyzer(), VerdictAnalyzer()])
    single = Engine(analyzers=[_PerMessage(a) for a in (ReferenceAnalyzer(ref_m), IntentAnalyzer(), VerdictAnalyzer())])
    got = [json.dumps(r.to_dict(), ensure_ascii=False) for r in batched.scan_many(texts, batch_size=64)]
    expected = [json.dumps(r.to_dict(), ensure_ascii=False) for r in single.scan_many(texts, batch_size=64)]
    assert got == expected
    assert calls == [64, 64, 64, 64, 44]
    assert any('"watchlist": [{' in x for x in expected)
    assert any('"level": "doxing"' in x for x in expected)
    assert batched.scan(texts[1]).to_dict() == single.scan(texts[1]).to_dict()
    assert calls == [64, 64, 64, 64, 44]  # one message: `analyze`


def test_the_engine_refuses_a_batch_hook_that_loses_messages():
    class Short:
        key = "short"

        def analyze(self, doc, findings, extras):  # type: ignore[no-untyped-def]
            return 1

        def analyze_batch(self, docs, findings_list, extras_list):  # type: ignore[no-untyped-def]
            return [1] * (len(docs) - 1)

    engine = Engine(analyzers=[Short()])
    assert engine.scan("een bericht").extras == {"short": 1}
    with pytest.raises(ValueError, match="analyze_batch"):
        engine.scan_batch(["een", "twee"])


# ---------------------------------------------------------------------------------------- popular names
# Many registered persons share a name, a surname or a date of birth (as in a register of 100,000):
# one look-up gives a group of 20-odd persons, of two kinds where the name is also registered as a
# relative's; a surname with two places gives groups of the same span; a shared date of birth is
# raised for some persons and not for others; and the same name is named twice in one text (by a
# PERSON finding and by a name window at the same span, and again elsewhere).
CROWD_CITIES = ["Utrecht", "Zeist", "Almere", "Doetinchem"]


def _crowd() -> list[dict[str, Any]]:
    people = []
    for i in range(24):
        city = CROWD_CITIES[i % len(CROWD_CITIES)]
        people.append(_spec(
            label=f"Crowd {i}", names=["Jan de Vries" if i % 3 else "Jan Bakker"],
            relative_names=["Jan de Vries"] if i % 4 == 0 else ["Anna Bakker"] if i % 4 == 1 else [],
            addresses=[f"Kerkstraat {i + 1}, {city}"], dobs=["12-03-1980"] if i % 2 else ["01-01-1990"],
            workplace=f"bureau {CROWD_CITIES[(i + 1) % len(CROWD_CITIES)]}",
            phones=[f"06-1234{i:04d}"] if i % 5 == 0 else [],
        ))
    return people


CROWD_TEXTS = [
    "Jan de Vries uit Utrecht, geboren 12-03-1980, bel 06-12340000",
    "J. de Vries woont in Zeist. Jan de Vries werkt bij bureau Almere. de Vries, Jan uit Doetinchem",
    "Bakker uit Almere en Bakker uit Doetinchem: Anna Bakker en Jan Bakker, geboren 01-01-1990",
    "de Vries in Utrecht of Zeist? Jan de Vries! JAN DE VRIES (12-03-1980) Kerkstraat 1, Utrecht",
    "jan de vries jan de vries jan de vries uit almere, bureau zeist, bel 06-12340005 of 06-12340010",
    "Bakker, Jan en Bakker, Anna uit Zeist en Utrecht; geboren op 12-03-1980 en 01-01-1990",
]


@pytest.fixture(scope="module")
def crowd(tmp_path_factory):
    reg = make_register(tmp_path_factory.mktemp("wl-crowd"))
    reg.add_many([_person(p) for p in _crowd()])
    r = random.Random(9)
    texts = CROWD_TEXTS + [
        r.choice([" ", "\n", ", "]).join(r.sample(CROWD_TEXTS, r.randint(1, 3))) for _ in range(60)
    ] + [_mutate(t, r) for t in CROWD_TEXTS * 4]
    engine = Engine()
    return reg, [(t, engine.scan(t).findings) for t in texts]


def test_popular_names_give_large_groups_of_every_shape(crowd):
    reg, scanned = crowd
    ref_m, _ = _matcher_pair(reg)
    outs = [json.loads(x) for x in _run(ReferenceAnalyzer(ref_m), scanned)]
    assert max(len(o) for o in outs) >= 40  # a text with 40 matches or more
    spans = [(m["start"], m["end"]) for o in outs for m in o]
    kinds_at: dict[tuple[int, int, int], set[str]] = {}
    for n, o in enumerate(outs):
        for m in o:
            kinds_at.setdefault((n, m["start"], m["end"]), set()).add(m["kind"])
    assert any(k >= {"name", "relative_name"} for k in kinds_at.values())  # two kinds at one span
    assert len(spans) > len(set(spans))
    dob = [m for o in outs for m in o if m["kind"] == "dob"]
    assert {m["strength"] for m in dob} == {"weak", "medium"}  # raised for some persons only


@pytest.mark.parametrize("cache_size", [1, 7, 200_000])
def test_popular_names_same_as_the_reference(crowd, cache_size):
    reg, scanned = crowd
    ref_m, new_m = _matcher_pair(reg)
    expected = _run(ReferenceAnalyzer(ref_m), scanned)
    new = WatchlistAnalyzer(new_m, cache_size=cache_size)
    assert _run(new, scanned) == expected  # cold caches
    assert _run(new, scanned) == expected  # warm caches
    assert _run_batches(new, scanned, (1, 5, 64)) == expected
    assert _run_batches(new, scanned[::-1], (256,)) == expected[::-1]


# ---------------------------------------------------------------------------------------- shared words
# The word memo learns a new word from its parts (each distinct part is hashed and looked up once per
# snapshot; a word without letters has none) and keeps the pre-filter per set of the words of a text
# that are not "core" words (a surname, a given name, a place word, an initial): texts that share
# those words in other places, other cases and other company, or that bring new words made of parts
# seen before, must give the reference's matches.
_SHARED = [
    "Kees Bakker uit Den Haag", "Bakker Kees, Den Haag", "den haag: kees bakker", "KEES BAKKER DEN HAAG",
    "Bakker uit Zeist", "Zeist en Bakker", "bakker", "Bakker,", "(Bakker)", "Bakker-de Vries", "Jan de Vries",
    "de Vries, Jan", "J. de Vries uit Zeist", "bureau Zeist", "Zeist", "Sanne Bakker", "sanne", "Sanne",
]
_NEW_WORDS = [
    "1.442.964", "06-19816588", "€27,99", "#327827,", "81.216.44.117", "🙈🤣", "(17)", "2025-82024", "™",
    "https://www.example.nl/bakker-zeist~a78210122/", "bakker.nl", "vries-jansen", "Zeist/Bakker", "de566g24195,",
    "jansen-de", "sanne@bakker.nl,", "Bakkerij", "haag!", "№5", "ﬁets",
]


def _shared_texts(n: int, seed: int) -> list[str]:
    r = random.Random(seed)
    out = []
    for _ in range(n):
        words = [r.choice(_SHARED) for _ in range(r.randint(1, 3))]
        words += [f"{r.choice(_NEW_WORDS)}{r.randint(0, 10**6) if r.random() < 0.5 else ''}" for _ in range(r.randint(0, 3))]
        words += r.sample(NOISE[0].split(), r.randint(0, 6))
        r.shuffle(words)
        out.append(r.choice([" ", "  ", "\n", ", "]).join(words))
    return out


@pytest.mark.parametrize("cache_size", [1, 7, 200_000])
def test_texts_that_share_their_name_and_place_words_same_as_the_reference(world, cache_size):
    reg, _ = world
    engine = Engine()
    scanned = [(t, engine.scan(t).findings) for t in _shared_texts(400, seed=cache_size)]
    ref_m, new_m = _matcher_pair(reg)
    expected = _run(ReferenceAnalyzer(ref_m), scanned)
    assert sum(1 for x in expected if json.loads(x)) > 50  # (the texts do match)
    new = WatchlistAnalyzer(new_m, cache_size=cache_size)
    assert _run_batches(new, scanned, (3, 64)) == expected  # cold
    assert _run_batches(new, scanned, (64, 1)) == expected  # warm: the pre-filters are reused
    assert _run(new, scanned[::-1]) == expected[::-1]
    if cache_size == 200_000:
        memo = new_m.memo
        assert memo["prefilters"] and memo["parts"]
        # the memo's parts come from the texts (as normalised: "™" is "TM"), never from the register
        assert set(memo["parts"]) <= {p for t, _ in scanned for w in Document(t).norm.lower().split() for p in new._word_parts(w)}


# ---------------------------------------------------------------------------------------- chunks of new words
# A new word is learnt from its chunks (`_NON_WORD.split`), each learnt once per snapshot; an ASCII chunk with
# a digit or "_" is not folded (it has no name part). Words that share chunks with names, in every case and
# with apostrophes, digits, underscores and letters outside ASCII, must give the reference's matches.
_CHUNKY = [
    "bakker_", "_bakker", "bakker2", "2bakker", "o'bakker", "bakker'", "'bakker", "b'akker", "vd", "v'd", "vd.",
    "vries'", "de'vries", "zeist_1", "zeist'", "kees_bakker", "kees.bakker", "kees/bakker", "sanne's", "ijsselstein",
    "bakkér", "ZEİST", "Zeist’s", "bakker’", "a1b2c3", "'", "''", "_", "__init__", "j.", "j.p.", "j.p.de", "1j.",
    "Σanne", "ΣΑΝΝΕ", "ﬁets-bakker", "haag…zeist", "deventer3", "x.com/bakker", "@bakker_zeist",
]


@pytest.mark.parametrize("cache_size", [1, 7, 200_000])
def test_new_words_made_of_chunks_same_as_the_reference(world, cache_size):
    reg, _ = world
    engine = Engine()
    r = random.Random(cache_size + 9)
    texts = []
    for _ in range(300):
        words = [r.choice(_SHARED) for _ in range(r.randint(1, 3))]
        words += [f"{r.choice(_CHUNKY)}{r.choice(['', str(r.randint(0, 99)), '_x', ',', '.'])}" for _ in range(r.randint(1, 4))]
        words += r.sample(NOISE[0].split(), r.randint(0, 4))
        r.shuffle(words)
        texts.append(r.choice([" ", "\n", ", "]).join(words))
    scanned = [(t, engine.scan(t).findings) for t in texts]
    ref_m, new_m = _matcher_pair(reg)
    expected = _run(ReferenceAnalyzer(ref_m), scanned)
    assert sum(1 for x in expected if json.loads(x)) > 30  # (the texts do match)
    new = WatchlistAnalyzer(new_m, cache_size=cache_size)
    assert _run_batches(new, scanned, (3, 64)) == expected  # cold
    assert _run_batches(new, scanned, (64, 1)) == expected  # warm
    assert _run(new, scanned[::-1]) == expected[::-1]
    if cache_size == 200_000:
        chunks = new_m.memo["chunks"]
        # an ASCII chunk with a digit or "_" holds no registered part; the others hold what folding finds
        for chunk, found in chunks.items():
            parts = [p for p in new._folded(chunk)[0] if len(p) > 1 and p.isalpha() and p not in canonical.TUSSENVOEGSELS]
            assert found == tuple((p, new_m.memo["parts"][p]) for p in parts if new_m.memo["parts"][p])
        assert any(found for found in chunks.values())
