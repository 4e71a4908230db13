"""Speed-ups that must leave every result as it was: the on-disk cache of compiled Hyperscan databases
(start-up), the trigger helpers that keep the prefilter's Hyperscan pass cheap, and fast variants of
detector anchors (checked against the plain pattern)."""

from __future__ import annotations

import os
import re
import time

import pytest

from doxwacht import Engine
from doxwacht.detectors.triggers import until_message_end
from doxwacht.pipeline import compiled_cache

hs = pytest.importorskip("hyperscan", reason="hyperscan is not installed on this platform")

EXPRESSIONS = [rb"\d{3}-\d{4}", rb"foo[a-z]+"]
IDS = [0, 1]
FLAGS = [hs.HS_FLAG_UTF8, hs.HS_FLAG_UTF8 | hs.HS_FLAG_CASELESS]
DATA = b"call 555-1234 or FOObar\x00 nothing here"


def _matches(db) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    db.scan(DATA, match_event_handler=lambda i, s, e, f, c: found.append((i, e)), scratch=hs.Scratch(db))
    return sorted(found)


def _fresh():
    db = hs.Database()
    db.compile(expressions=EXPRESSIONS, ids=IDS, elements=len(EXPRESSIONS), flags=FLAGS)
    return db


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("DOXWACHT_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_database_is_stored_then_loaded_with_the_same_matches(cache_dir) -> None:
    expected = _matches(_fresh())
    first = compiled_cache.compile_database(hs, EXPRESSIONS, IDS, FLAGS)
    files = list(cache_dir.glob("hyperscan-*.db"))
    assert len(files) == 1
    stamp = files[0].stat().st_mtime_ns
    second = compiled_cache.compile_database(hs, EXPRESSIONS, IDS, FLAGS)
    assert files[0].stat().st_mtime_ns == stamp  # loaded, not written again
    assert _matches(first) == _matches(second) == expected


def test_corrupt_file_is_compiled_again(cache_dir) -> None:
    compiled_cache.compile_database(hs, EXPRESSIONS, IDS, FLAGS)
    (path,) = cache_dir.glob("hyperscan-*.db")
    blob = bytearray(path.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    path.write_bytes(bytes(blob))
    assert _matches(compiled_cache.compile_database(hs, EXPRESSIONS, IDS, FLAGS)) == _matches(_fresh())
    path.write_bytes(b"short")
    assert _matches(compiled_cache.compile_database(hs, EXPRESSIONS, IDS, FLAGS)) == _matches(_fresh())


def test_old_databases_are_pruned(cache_dir, monkeypatch) -> None:
    monkeypatch.setattr(compiled_cache, "KEEP", 2)
    past = time.time() - 100
    for i in range(4):
        pattern = rb"x{%d}" % (i + 1)
        compiled_cache.compile_database(hs, [pattern], [0], [hs.HS_FLAG_UTF8])
        written = cache_dir / f"hyperscan-{compiled_cache.database_key(hs, [pattern], [0], [hs.HS_FLAG_UTF8])}.db"
        os.utime(written, (past + i, past + i))  # (distinct times whatever the file system's resolution)
    assert len(list(cache_dir.glob("hyperscan-*.db"))) == 2
    newest = compiled_cache.database_key(hs, [rb"x{4}"], [0], [hs.HS_FLAG_UTF8])
    assert (cache_dir / f"hyperscan-{newest}.db").exists()


def test_key_depends_on_patterns_ids_and_flags() -> None:
    key = compiled_cache.database_key(hs, EXPRESSIONS, IDS, FLAGS)
    assert key == compiled_cache.database_key(hs, list(EXPRESSIONS), list(IDS), list(FLAGS))
    assert key != compiled_cache.database_key(hs, [EXPRESSIONS[0], rb"foo[a-z]*"], IDS, FLAGS)
    assert key != compiled_cache.database_key(hs, EXPRESSIONS, [0, 2], FLAGS)
    assert key != compiled_cache.database_key(hs, EXPRESSIONS, IDS, [FLAGS[0], FLAGS[0]])


def test_cache_can_be_turned_off(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DOXWACHT_CACHE_DIR", "off")
    assert compiled_cache.cache_dir() is None
    assert _matches(compiled_cache.compile_database(hs, EXPRESSIONS, IDS, FLAGS)) == _matches(_fresh())


def test_unwritable_cache_dir_still_compiles(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("DOXWACHT_CACHE_DIR", str(blocker / "cache"))
    assert _matches(compiled_cache.compile_database(hs, EXPRESSIONS, IDS, FLAGS)) == _matches(_fresh())


def test_engine_from_cached_prefilter_scans_alike(cache_dir) -> None:
    texts = ["bel 06-12345678", "Jan de Vries, Kerkstraat 12, 3512 AB Utrecht", "niets", "52.3702, 4.8952"]
    first = [r.to_dict() for r in Engine().scan_batch(texts)]
    assert list(cache_dir.glob("hyperscan-*.db"))
    assert [r.to_dict() for r in Engine().scan_batch(texts)] == first


# -- trigger helpers ------------------------------------------------------------------------------


def _fires(pattern: str, text: str) -> bool:
    return re.search(pattern, text) is not None


@pytest.mark.parametrize(
    "text",
    ["", "abc", "x 1234 y", "x 1234", "1234\n", "1234 en 5678", "\n1234\n\n"],
)
def test_until_message_end_fires_where_the_pattern_does(text: str) -> None:
    assert _fires(until_message_end(r"\d{4}"), text) is _fires(r"\d{4}", text)


def test_until_message_end_reports_once_per_message_at_its_end() -> None:
    db = hs.Database()
    db.compile(expressions=[until_message_end(r"\d{4}").encode()], ids=[0], elements=1, flags=[hs.HS_FLAG_UTF8])
    data = b"a 1234 b 5678 c\x00none\x00 9999"
    ends: list[int] = []
    db.scan(data, match_event_handler=lambda i, s, e, f, c: ends.append(e), scratch=hs.Scratch(db))
    assert sorted(set(ends)) == [data.index(b"\x00") + 1, len(data)]


def test_phone_trigger_keeps_unicode_digits_where_it_did() -> None:
    """A number with a Devanagari digit is still found: the phone trigger knows only 0-9, and a message
    with any other decimal digit runs every detector."""
    engine = Engine()
    bit = [d.name for d in engine._detectors].index("nl.phone.v1")
    assert engine.prefilter.mask("tel 033-\u0966271271 ref 1234567") >> bit & 1
    assert not engine.prefilter.mask("ordernummer 12345678, factuur 2024-1234") >> bit & 1
    assert engine.prefilter.mask("bel 06-1234 5678") >> bit & 1


def test_laan_van_anchor_finds_what_the_plain_pattern_finds() -> None:
    import random

    from doxwacht.detectors.nl.address import _ANCHOR_LAAN_VAN, _ANCHOR_LAAN_VAN_FAST

    words = ["Laan", "laan", "plein", "Kade", "dreef", "singel", "Hof", "weg", "straat", "burgwal", "Gracht",
             "markt", "van", "de", "der", "den", "het", "'t", "la", "le", "ter", "ten", "x", "Maan", "Keg", "\x00"]
    rng = random.Random(7)
    for _ in range(3000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 14)))
        plain = [m.start() for m in _ANCHOR_LAAN_VAN.finditer(text)]
        assert [m.start(m.lastindex or 0) for m in _ANCHOR_LAAN_VAN_FAST.finditer(text)] == plain, text
