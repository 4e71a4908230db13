"""The prefilter and batching are optimisations only: results must equal the plain path exactly."""

from __future__ import annotations

import json
import re
from itertools import accumulate
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doxwacht import Engine
from doxwacht.detectors.triggers import WordListTrigger
from doxwacht.pipeline.prefilter import Prefilter

from .test_detectors_nl import NEGATIVES, POSITIVES

ROOT = Path(__file__).resolve().parents[1]


def _texts() -> list[str]:
    texts = [t for _, t, _, _ in POSITIVES] + [t for _, t in NEGATIVES]
    export = json.loads((ROOT / "examples" / "telegram_export" / "result.json").read_text(encoding="utf-8"))
    for m in export["messages"]:
        text = m.get("text")
        if isinstance(text, list):
            text = "".join(p if isinstance(p, str) else p.get("text", "") for p in text)
        if text:
            texts.append(text)
    return texts


PLAIN = Engine(use_prefilter=False)
FAST = Engine()
RE_BACKEND = Engine(use_hyperscan=False)


def _dump(results) -> list[dict]:
    return [r.to_dict() for r in results]


def test_batch_with_prefilter_equals_one_by_one_without() -> None:
    texts = _texts()
    assert _dump(FAST.scan_batch(texts)) == _dump(PLAIN.scan(t) for t in texts)


@pytest.mark.parametrize("text", [
    # the address detector reads a comma or "huisnummer" between the street and its number: its trigger must too
    "Hij woont op de Kerkstraat, 12 in Utrecht.",
    "stuur het naar Kerkstraat huisnummer 12 in Zwolle",
    "ze zit in de Molenstraat, nr 4",
    # a cue, a few capitalised words and the number, with a non-ASCII space before them
    "adres:\u00a0Lange Nieuwstraat 22",
    # the number before its street (the trigger reads the number word, a stretch, then the link word or bracket)
    "De hond van Jan van Putten (nummer 3 op de Akkerweg) liep los",
    "ze woont op nr. 12-3 hoog aan de Vondelstraat",
    "ik woon op 17 hs (Van Goghstraat, Nijmegen)",
    "huisnr 5 aan de Kerkstraat",
])
def test_address_trigger_holds_what_the_detector_reads(text: str) -> None:
    """Found with the prefilter exactly as without it (the address trigger once missed these: the detector without
    the prefilter found an address the engine with it did not)."""
    plain = PLAIN.scan(text).to_dict()
    assert any(f["label"] == "ADDRESS" for f in plain["findings"]), plain
    assert FAST.scan_batch([text])[0].to_dict() == plain
    assert RE_BACKEND.scan_batch([text])[0].to_dict() == plain


def test_regex_backend_equals_hyperscan() -> None:
    texts = _texts()
    assert _dump(RE_BACKEND.scan_batch(texts)) == _dump(FAST.scan_batch(texts))
    assert RE_BACKEND.prefilter.backend == "re"


def test_prefilter_skips_detectors_on_plain_chat() -> None:
    mask = FAST.prefilter.mask("haha ja precies, tot straks")
    ran = [d.name for i, d in enumerate(FAST._detectors) if mask >> i & 1]
    assert "nl.phone.v1" not in ran and "nl.address.v1" not in ran


_PIECES = st.sampled_from(
    ["06-12345678", "1234 AB", "Kerkstraat 12", "jan [at] vries [punt] nl", "NL91 ABNA 0417 1643 00", "12-XKB-3",
     "Jan de Vries", "geboren 12-03-1998", "bsn 111222333", "@lisa_04", "https://t.me/x", "52.3702, 4.8952", "Zoë",
     "agent Bakker", "woont op de Dorpsstraat 5", "5119wa 350", "J.P. van der Berg", " ", "\n", ", ", "om 14.00",
     "€ 12,50", "é", "😈", "\x00", "O6", "insta: lisa.xo", "84.23.1.5", "geen BSN", "B.S.N. ", "Th. ",
     "NAAM: MARIEKE ZWANENBURG", "op de Brink 9, Deventer", "Okke de Lange", "2e Jan van der Heijdenstraat 8",
     "Sesamstraat 50 jaar", "5211HX-32", "Dorpsstr. 4", "sofinr ", "०२७१२७१", "٠٦١٢٣٤٥٦٧٨", "१११२२२३३३",
     "İstanbul: ", "de Vries, Jan", "Σ Jan de Vries",
     # (around the triggers: birth words and marks, a postcode's neighbours, white space Python's `\s` knows)
     " * ", "°", "ze is van ", "GEB. ", "gebeurt ", "Geboren:", "1500 euro", "2024 was", "(1234AB)", "ß", "1234 abé",
     "52.3702\u16804.8952", "12-03-1998", "\u2028", "+31 6 1234 5678",
     # (a BSN's neighbours)
     "123456782", "123.456.782", "12 345 67 82", "1234.56.782", "bsn nr.", "-", ".5", ",", "€", "x",
     # (a plate's and an IBAN's)
     "GZ-123-X", "ab12cd", "AB-12-CD", "_", "NL91ABNA0417164300", "DE89 3704 0044 0532 0130 00", "GB82 WEST 1234 56",
     # (a handle's and a coordinate's)
     "jan@x.nl", "@lisa", "/", "discord is lars#4821", "psn: ", "xbox naam ", "#1234", "nul zes een twee drie vier vijf zes zeven acht", "Nul-", "nul ", "1.250.000", "52.37", "4.895", "; ", "N ", "52°22'12\"N 4°53'42\"E", "12°C", "5°\u16803′"]
)


@settings(max_examples=int(__import__("os").environ.get("DOXWACHT_HYPOTHESIS_EXAMPLES", "150")), deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=12).map("".join), min_size=1, max_size=8))
def test_equivalence_on_generated_batches(texts: list[str]) -> None:
    assert _dump(FAST.scan_batch(texts)) == _dump(PLAIN.scan(t) for t in texts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Jan komt", True), ("januari", False), ("ik zag JAN", True), ("xjan", False), ("jan2", False), ("", False)],
)
def test_word_list_trigger_whole_words(text: str, expected: bool) -> None:
    assert WordListTrigger({"jan"})(text) is expected


def test_detectors_without_triggers_always_run() -> None:
    class NoTriggers:
        name = "x.none.v1"
        labels = frozenset({"X"})

        def detect(self, doc):
            return []

    assert Prefilter([NoTriggers()]).mask("anything") == 1


_URLISH = st.lists(
    st.sampled_from(["https://", "http://x", "www.", "t.me/", "voorbeeld", ".nl/", ".com", "/pad", "?q=1", " ", "(", ")",
                     "jan@", "x.nl", "insta", ":", ".", "-", "_", "é", "\x00", "ftp://a.b/c", "youtu.be/"]),
    max_size=15,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_URLISH)
def test_url_anchors_find_what_the_pattern_finds(text: str) -> None:
    from doxwacht import Document
    from doxwacht.detectors.nl.network import UrlDetector

    detector = UrlDetector()
    doc = Document(text)
    assert [m.span() for m in detector.candidates(doc)] == [m.span() for m in detector.pattern.finditer(doc.norm)]


@settings(max_examples=int(__import__("os").environ.get("DOXWACHT_HYPOTHESIS_EXAMPLES", "150")), deadline=None)
@given(st.lists(st.lists(st.one_of(_PIECES, st.sampled_from(["İ", "\u212a", "Σ", "ı", "hıfzullah", "van Bakker", "de Vries",
                                                              "'t Hart", "insta", "INSTA", "x\u00a0van Dijk", "(van Dijk"])),
                         max_size=12).map("".join), max_size=8))
def test_batch_masks_equal_message_masks(texts: list[str]) -> None:
    norms = [d.norm for d in (__import__("doxwacht").Document(t) for t in texts)]
    assert FAST.prefilter.masks(norms) == [FAST.prefilter.mask(n) for n in norms]
    assert RE_BACKEND.prefilter.masks(norms) == [RE_BACKEND.prefilter.mask(n) for n in norms]


class _WordsOnly:
    """A detector with word-list triggers of every kind the prefilter handles: a short list (a
    Hyperscan pattern there), a long one and one with an `after` condition."""

    name = "x.words.v1"
    labels = frozenset({"X"})

    def __init__(self) -> None:
        long_list = {"jan", "bakker", "vries", "hıfzullah"} | {f"naam{chr(97 + i)}{chr(97 + j)}" for i in range(9) for j in range(9)}
        self.triggers = (
            WordListTrigger({"insta", "snap", "kik"}),
            WordListTrigger(long_list),
            WordListTrigger({"vries", "dijk", "van"}, after=frozenset({"de", "van", "'t"})),
        )

    def detect(self, doc):
        return []


_WORD_PIECES = st.sampled_from(["jan", "JAN", "Jan", "bakker", "naamab", "de vries", "De Vries", "van dijk", "van van",
                                "'t dijk", "(van dijk", "xde vries", "de  vries", "de\nvries", "insta", "INSTA", "kiK",
                                "\u212aik", "İ", "Σ de vries", "hıfzullah", " ", ",", "-", "é", "😈", "x", "1", "_"])


@settings(max_examples=int(__import__("os").environ.get("DOXWACHT_HYPOTHESIS_EXAMPLES", "150")), deadline=None)
@given(st.lists(st.lists(_WORD_PIECES, max_size=10).map("".join), max_size=8))
def test_batch_word_lists_equal_message_word_lists(texts: list[str]) -> None:
    for use_hyperscan in (True, False):
        prefilter = Prefilter([_WordsOnly(), _WordsOnly()], use_hyperscan=use_hyperscan)
        masks = prefilter.masks(texts)
        assert masks == [prefilter.mask(t) for t in texts]
        # and the word lists say what they always said (whole words, case-insensitive, "after")
        detector = _WordsOnly()
        for t, m in zip(texts, masks):
            fires = any(trigger(t) for trigger in detector.triggers)
            assert bool(m & 1) >= fires  # (Hyperscan may fire a little more often: never less)
            if not use_hyperscan:
                assert bool(m & 1) == fires


@pytest.mark.parametrize("text", ["TELEFOON: 033-०२७१२७१", "bel ٠٦-١٢٣٤٥٦٧٨ nu", "bsn १११२२२३३३ van hem",
                                  "rekening NL91 ABNA ０４１７ 1643 00"])
def test_other_decimal_digits_run_every_detector(text: str) -> None:
    # Hyperscan's \d is ASCII-only while the detectors read any decimal digit: the prefilter must not skip
    assert _dump(FAST.scan_batch([text, "niks"])) == _dump(PLAIN.scan(t) for t in [text, "niks"])
    assert _dump([FAST.scan(text)]) == _dump([PLAIN.scan(text)])


def test_the_other_digit_check_knows_every_decimal_digit_but_ascii() -> None:
    # the prefilter's quick check must flag exactly the characters Python's \d reads beyond 0-9
    from doxwacht.pipeline.prefilter import _OTHER_DIGIT, _other_digits

    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert _OTHER_DIGIT.findall(everything) == re.findall(r"(?![0-9])\d", everything)
    assert not _other_digits("bel 0612345678 😡 café") and _other_digits("bel ٠٦١٢٣٤٥٦٧٨ 😡")


def test_the_hyperscan_pass_flags_exactly_the_other_decimal_digits() -> None:
    # the class that the Hyperscan pass holds for them is built from the same Unicode tables
    hs = pytest.importorskip("hyperscan")
    from doxwacht.pipeline.prefilter import _other_digit_pattern

    db = hs.Database()
    db.compile(expressions=[_other_digit_pattern().encode()], ids=[0], elements=1, flags=[hs.HS_FLAG_UTF8])
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    data = "".join(chars).encode("utf-8")
    ends: list[int] = []
    db.scan(data, match_event_handler=lambda i, start, end, flags, ctx: ends.append(end))
    # byte offset of each character's end -> the character
    by_end = dict(zip(accumulate(len(c.encode("utf-8")) for c in chars), chars))
    assert sorted(by_end[e] for e in ends) == re.findall(r"(?![0-9])\d", "".join(chars))


@pytest.mark.parametrize("before", ["", "İstanbul: Kees Bakker uit Den Haag", "x"])
def test_a_message_reads_the_same_whatever_precedes_it_in_a_batch(before: str) -> None:
    # "İ" lower-cases to two characters; a NUL joins the batch's messages: neither may shift or hide names
    for text in ("de Vries, Jan", "Σ Jan de Vries", "van der Berg woont hier"):
        assert _dump(FAST.scan_batch([before, text]))[1] == _dump([PLAIN.scan(text)])[0]


@pytest.mark.parametrize("cue", ["wonen op de", "verblijft op de", "woont op de"])
def test_an_address_after_a_cue_word_is_found_alone_as_in_a_batch(cue: str) -> None:
    # the address detector's quick gate for its cue pattern once lacked "wonen" and "verblijft": such an address was
    # found only when another message of the batch held a cue word
    text = f"De ouders van Finn vragen of hij mag komen spelen, ze {cue} Rietvoorn 7. Groetjes"
    alone = _dump([PLAIN.scan(text)])[0]
    assert [f["text"] for f in alone["findings"] if f["label"] == "ADDRESS"] == ["Rietvoorn 7"]
    for other in ("hallo", "verzamelen bij de Kerkstraat 5 in Utrecht"):
        assert _dump(FAST.scan_batch([other, text]))[1] == alone
        assert _dump(FAST.scan_batch([text, other]))[0] == alone


def test_the_address_cue_gate_holds_every_cue_word() -> None:
    from doxwacht.detectors.nl import address as A

    words = re.search(r"\(\?:([a-z|]+)\)", A._CUE).group(1).split("|")
    assert len(words) > 10
    assert [w for w in words if not A._CUE_WORDS.search(w)] == []
