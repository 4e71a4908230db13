"""The in-memory matcher: build, look up, duplicates, snapshots."""

from __future__ import annotations

import os
import stat

import numpy as np
import pytest

from doxwacht.watchlist import Kind, Matcher, WrongKeyError, generate_key


@pytest.fixture()
def hasher():
    return generate_key().hasher()


def _build(hasher, entries):
    persons = sorted({p for p, _, _ in entries})
    index = {p: i for i, p in enumerate(persons)}
    return Matcher.build(
        hasher, persons, [(index[p], int(kind), hasher.digest(kind.domain, v)) for p, kind, v in entries], generation=3
    )


def test_query_by_kind_and_domain(hasher):
    m = _build(hasher, [
        ("p1", Kind.PHONE, "+31612345678"),
        ("p1", Kind.NAME, "jan de vries"),
        ("p2", Kind.RELATIVE_NAME, "jan de vries"),
        ("p2", Kind.PLATE, "12ABC3"),
    ])
    assert len(m) == 4 and m.generation == 3
    assert [(h.person, h.kind) for h in m.query(Kind.PHONE, "+31612345678")] == [("p1", Kind.PHONE)]
    assert m.query(Kind.PHONE, "+31612345679") == []
    assert m.query(Kind.EMAIL, "+31612345678") == []  # another domain
    assert {(h.person, h.kind) for h in m.query("name", "jan de vries")} == {("p1", Kind.NAME), ("p2", Kind.RELATIVE_NAME)}
    assert [h.person for h in m.query(Kind.RELATIVE_NAME, "jan de vries")] == ["p2"]


def test_lookup_batch_and_empty(hasher):
    m = _build(hasher, [("p1", Kind.PHONE, str(i)) for i in range(1000)])
    digests = [hasher.digest("phone", str(i)) for i in (5, 1001, 999)]
    res = m.lookup(digests)
    assert res[0] == ((0, Kind.PHONE),) and res[1] == () and res[2] == ((0, Kind.PHONE),)
    assert m.contains(digests) == [True, False, True]
    assert Matcher.empty(hasher).lookup(digests) == [(), (), ()]
    assert m.lookup([]) == []


def test_same_high_half_different_low_half_is_not_a_match(hasher):
    d = hasher.digest("phone", "x")
    other = d[:8] + bytes(8)
    m = Matcher.build(hasher, ["p"], [(0, int(Kind.PHONE), d)])
    assert m.lookup([other]) == [()]
    assert m.lookup([d]) == [((0, Kind.PHONE),)]


def test_serialize_load_roundtrip_and_wrong_key(hasher, tmp_path):
    m = _build(hasher, [("p1", Kind.PHONE, "a"), ("p2", Kind.EMAIL, "b")])
    again = Matcher.load(m.serialize(), hasher)
    assert again.persons == m.persons and again.generation == 3
    assert [h.person for h in again.query(Kind.EMAIL, "b")] == ["p2"]
    with pytest.raises(WrongKeyError):
        Matcher.load(m.serialize(), generate_key().hasher())
    path = tmp_path / "snap.bin"
    m.save(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert Matcher.load_file(path, hasher).query(Kind.PHONE, "a")[0].person == "p1"


@pytest.mark.parametrize("label", ["p", "p1234"])  # persons' ids of other lengths put the arrays elsewhere
def test_a_loaded_snapshot_holds_aligned_arrays_and_finds_the_same(hasher, label):
    """A snapshot's arrays start at whatever offset its header leaves; numpy would copy a misaligned
    array on every search (a thousand times slower with a large register), so loading aligns them."""
    m = _build(hasher, [(f"{label}{i}", Kind.PHONE, str(i)) for i in range(300)])
    again = Matcher.load(m.serialize(), hasher)
    assert all(a.flags.aligned and a.flags.c_contiguous for a in (again._hi, again._lo, again._person, again._kind))
    digests = [hasher.digest("phone", str(i)) for i in range(0, 400, 7)]
    assert again.lookup(digests) == m.lookup(digests)
    assert not again.is_empty and Matcher.empty(hasher).is_empty


def test_memory_is_about_21_bytes_an_entry_plus_the_bloom_filter(hasher):
    n = 50_000
    rng = np.random.default_rng(1)
    digests = rng.bytes(16 * n)
    m = Matcher.from_chunks(hasher, ["p"], [(np.zeros(n, np.int32), np.full(n, 5, np.uint8), digests)])
    assert 21 * n < m.nbytes <= 33 * n
    # the Bloom filter never rules out a registered digest, and rules out nearly all others
    assert all(m._maybe(digests[i : i + 16]) for i in range(0, 16 * 2000, 16))
    others = rng.bytes(16 * 20_000)
    false_positives = sum(m._maybe(others[i : i + 16]) for i in range(0, len(others), 16))
    assert false_positives < 20_000 * 0.01


def test_query_without_key_is_refused():
    m = Matcher.empty(None)
    with pytest.raises(ValueError):
        m.query(Kind.PHONE, "x")
