"""The document's normalisation and offset map, and property tests over the whole engine."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doxwacht import Document, Engine
from doxwacht.document import normalize, normalize_many
from doxwacht.document.document import Joiner
from doxwacht.document.normalize import OffsetMap


def test_plain_text_is_not_copied() -> None:
    norm, offsets = normalize("gewone tekst zonder trucs")
    assert norm == "gewone tekst zonder trucs"
    assert offsets.is_identity


def test_obfuscated_email_folds_and_maps_back() -> None:
    doc = Document("mail info [at] domein [punt] nl nu")
    assert "info@domein.nl" in doc.norm
    s = doc.norm.index("info@domein.nl")
    o_start, o_end = doc.to_original(s, s + len("info@domein.nl"))
    assert doc.original[o_start:o_end] == "info [at] domein [punt] nl"


def test_zero_width_removed_and_kept_in_span() -> None:
    doc = Document("06\u200b-1234\u200b5678")
    assert doc.norm == "06-12345678"
    assert doc.to_original(0, len(doc.norm)) == (0, len(doc.original))


def test_fullwidth_homoglyph_and_letter_o() -> None:
    doc = Document("О６-12345678")  # Cyrillic O, full-width 6
    assert doc.norm == "06-12345678"


def test_combining_accent_composes() -> None:
    doc = Document("Jose\u0301 woont")
    assert doc.norm.startswith("José")
    assert doc.to_original(0, 4) == (0, 5)


def test_finding_text_matches_original_even_when_folded(engine: Engine) -> None:
    text = "bel О６-１２３４５６７８ of mail jan (at) vries (dot) nl"
    for f in engine.scan(text).findings:
        assert text[f.start : f.end] == f.text


_ALPHABET = st.sampled_from(
    list("0123456789 -./()[]@:,abcdeoOlIjnstvAB") + ["\u200b", "６", "а", "е\u0301", "[at]", "(dot)", "\u00a0", "ﬁ", "\n"]
)
_PIECES = st.sampled_from(
    ["06-12345678", "1234 AB", "Kerkstraat 12", "jan [at] vries [punt] nl", "NL91 ABNA 0417 1643 00", "12-XKB-3",
     "Jan de Vries", "geboren 12-03-1998", "bsn 111222333", "@lisa_04", "https://t.me/x", "52.3702, 4.8952"]
)
_TEXT = st.lists(st.one_of(_ALPHABET, _PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_spans_always_point_into_original(text: str) -> None:
    doc = Document(text)
    for m in re.finditer(r"\S+", doc.norm):
        s, e = doc.to_original(*m.span())
        assert 0 <= s <= e <= len(text)
    result = _ENGINE.scan(text)
    for f in result.findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert f.text == text[f.start : f.end]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_scanning_arbitrary_unicode_never_raises(text: str) -> None:
    result = _ENGINE.scan(text)
    for f in result.findings:
        assert f.text == text[f.start : f.end]


_ENGINE = Engine()


# --- the batch paths equal the per-message ones ---------------------------------------------------------


_OBFUSCATED = st.sampled_from(
    ["[at]", "(at)", "{ AT }", "< @ >", "[punt]", "(dot)", " @ ", " . ", "jan @ vries", "x . nl", "O6", "0O", "O 6", "1l2",
     "\x00", "(", "@", "@x", "٣", "O٣", "а", "ﬁ", "\u200b", "e\u0301", "😈", "\ud800", " ", "\n", "\x1c", "\u2003", "jan",
     "06-12345678", "1234 AB"]
)


@settings(max_examples=int(__import__("os").environ.get("DOXWACHT_HYPOTHESIS_EXAMPLES", "300")), deadline=None)
@given(st.lists(st.lists(st.one_of(_ALPHABET, _OBFUSCATED), max_size=20).map("".join), max_size=6))
def test_normalize_many_equals_normalize(texts: list[str]) -> None:
    assert normalize_many(texts) == [normalize(t) for t in texts]
    docs = Document.batch(texts)
    assert [(d.original, d.norm, d.offsets) for d in docs] == [(t, *normalize(t)) for t in texts]


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=5))
def test_join_maps_spans_like_its_parts(texts: list[str]) -> None:
    docs = [Document(t) for t in texts]
    joined = Document.join(docs)
    assert joined.norm == "\x00".join(d.norm for d in docs)
    assert joined.original == "\x00".join(d.original for d in docs)
    for (o_base, n_base), d in zip(joined.meta["parts"], docs):
        for start in range(len(d.norm)):
            for end in range(start + 1, min(len(d.norm), start + 3) + 1):
                o_start, o_end = d.to_original(start, end)
                assert joined.to_original(start + n_base, end + n_base) == (o_start + o_base, o_end + o_base)
    if all(d.norm == d.original for d in docs):
        assert joined.offsets == OffsetMap()


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=6), st.data())
def test_joiner_joins_like_document_join(texts: list[str], data: st.DataObject) -> None:
    docs = Document.batch(texts)
    joiner = Joiner(docs)
    chosen = sorted(data.draw(st.sets(st.integers(0, len(docs) - 1), min_size=1)))
    joined, bases = joiner(chosen)
    expected = Document.join([docs[i] for i in chosen])
    assert (joined.original, joined.norm, joined.meta, joined.offsets) == (
        expected.original, expected.norm, expected.meta, expected.offsets
    )
    assert bases == [o for o, _ in expected.meta["parts"]]


def test_normalize_many_with_many_candidates() -> None:
    texts = ["O6 O6 é O6", "gewoon", "a [at] b", "O 7", "😈" * 3, "x . nl", "\x00"] * 12
    assert normalize_many(texts) == [normalize(t) for t in texts]
