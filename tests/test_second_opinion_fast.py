"""The second opinion's fast paths give what the plain definitions give (`doxwacht.intent.second_opinion`)."""

from __future__ import annotations

import math

import pytest

from doxwacht.intent.second_opinion import _FOLD, _TOKEN, SecondOpinion, _fold, _grams, tokens

TRICKY = [
    "", " ", "_", "__init__", "a_b", "abc123def", "123abc", "06-12345678", "12345 6789012 3", "x²", "H₂O",
    "Ⅻ ½ ① ٣٤٥ ๑๒ ４２", "café Ünïcödé straße ﬁne Ĳssel", "İstanbul ıſ K Å", "ᴬᴮ ᵃ ª º", "d'r z'n 'n d’r",
    "🔪🔪 ik kom je halen!!!", "ik kom je halen 🔪", "€500 voor zijn adres", "💯💯 👍🏽 🇳🇱 ❤️",
    "\u200b\u00ad\ufe0f", "ǅemal ǈ", "a\tb\x1cc\x00d\u2003e\u00a0f", "Ik WEET waar JE woont.", "ΑΘΗΝΑ αθηνα",
    "Москва москва", "日本語のテキスト", "k*nker h0er, ik w e e t waar je woont", "e\u0301e\u0301n",
]


def reference_tokens(text: str) -> list[str]:
    """The model's tokens by their definition: `_TOKEN` over the lower-cased text, every character folded."""
    return _TOKEN.findall(text.lower().translate(_FOLD))


@pytest.mark.parametrize("text", TRICKY)
def test_tokens_equal_the_regex_over_the_folded_text(text: str) -> None:
    assert _fold(text) == text.lower().translate(_FOLD)
    assert tokens(text) == reference_tokens(text)


def test_tokens_equal_the_regex_for_every_character_in_a_stride_of_the_code_points() -> None:
    # (every code point was checked once; a stride of them here, and every one below U+0800)
    for cp in [*range(0x800), *range(0x800, 0x110000, 97)]:
        if 0xD800 <= cp < 0xE000:
            continue
        c = chr(cp)
        for text in (f"a{c}1 {c}b", f"{c}{c}x9{c} _{c}", c):
            assert tokens(text) == reference_tokens(text), (hex(cp), text)


@pytest.mark.parametrize("text", TRICKY)
def test_fast_probability_equals_the_sums_of_the_word_and_character_features(text: str) -> None:
    model = SecondOpinion.load()
    for m in [model, *model.experts.values()]:
        grams, alpha = _grams(reference_tokens(text))
        z = m.bias
        if grams:
            z += sum(m.weights.get("w:" + g, 0.0) for g in grams) / math.sqrt(len(grams))
        chars = [t[i:i + m.char_n] for w in alpha for t in [f" {w} "] for i in range(len(t) - m.char_n + 1)]
        if chars:
            z += sum(m._chars.get(c, 0.0) for c in chars) / math.sqrt(len(chars))
        assert m.probability(text) == pytest.approx(0.0 if z < -30 else 1 / (1 + math.exp(-z)), abs=1e-12)


def test_spaces_that_are_not_ascii_fold_to_spaces() -> None:
    # (what `tokens` leans on where it keeps the tokens of the unfolded text: a space folds to spaces only)
    import re

    space = re.compile(r"\s+")
    for cp in range(0x80, 0x110000):
        c = chr(cp)
        if space.fullmatch(c):
            assert space.fullmatch(c.translate(_FOLD)), hex(cp)


def _random_texts(seed: int, n: int) -> list[str]:
    import random

    r = random.Random(seed)
    pieces = ["ik", "kom", "je", "halen", "weet", "waar", "woont", "kankerlijer", "die", "de", "het", "adres", "🔪",
              "💯", "€", "!", "?", ".", "06", "12", "1234", "café", "één", "straße", "x²", "Ĳssel", "ᴬ", "ß", "İ", "_",
              "\u00a0", "\u2003", "\u200b", "e\u0301", "Москва", "日本", "❤️", "👍🏽", "'n", "d’r", "vriendje", "spijt",
              "krijgen", "\n", "\t", "k*nker", "h0er"]
    out = []
    for _ in range(n):
        words = [r.choice(pieces) for _ in range(r.randint(0, 30))]
        out.append("".join(w + r.choice([" ", "", " ", "  "]) for w in words))
    return out


@pytest.mark.parametrize("text", _random_texts(7, 400))
def test_tokens_and_probability_on_random_texts(text: str) -> None:
    assert tokens(text) == reference_tokens(text)
    test_fast_probability_equals_the_sums_of_the_word_and_character_features(text)


def test_the_char_cache_gives_the_plain_sums_and_is_bounded() -> None:
    from doxwacht.intent.second_opinion import char_ngrams

    m = SecondOpinion.load()
    stats = m._char_stats
    for word in ["kom", "halen", "kankerlijer", "zzzqqq", "06", "🔪", "x"]:
        got = stats[word]
        if word.isalpha():
            grams = char_ngrams(word, m.char_n)
            assert got == complex(sum(m._chars.get(g, 0.0) for g in grams), len(grams))
        else:
            assert got == 0j
    stats.update((f"w{i}", 0j) for i in range(200_001))
    stats["nieuwwoord"]
    assert len(stats) == 1


def test_bigram_keys_that_no_pair_of_tokens_can_make_are_left_out() -> None:
    from doxwacht.intent.second_opinion import features

    weights = {"w:a b": 1.0, "w:a  b": 5.0, "w:a ": 5.0, "w:c": 2.0, "w:b c": -0.5, "c: a ": 0.5, "c: c ": 0.25}
    m = SecondOpinion(weights, -0.1, 0.5, char_n=3)
    assert m._word_weights == {("a", "b"): 1.0, "c": 2.0, ("b", "c"): -0.5}
    for text in ["a b c", "a  b", "a b a b c c", "c", "", "de a"]:
        z = -0.1 + sum(weights.get(k, 0.0) * v for k, v in features(text, 3).items())
        assert m.probability(text) == pytest.approx(1 / (1 + math.exp(-z)), abs=1e-12)


def _tone_texts() -> list[str]:
    import json
    from pathlib import Path

    dev = Path(__file__).resolve().parents[1] / "eval" / "intent" / "doxing_dev.jsonl"
    texts = [*TRICKY, *_random_texts(11, 1500), "12 345 6789 1234567 ٣٤٥ x² ²", "Ĳssel 🔪 café", "ИВАН 12 ivan",
             *[json.loads(x)["text"] for x in dev.read_text(encoding="utf-8").splitlines() if x.strip()][:600]]
    import random

    random.Random(5).shuffle(texts)
    return texts


@pytest.mark.parametrize("size", [1, 2, 5, 64, 256, 5000])
def test_tones_give_what_hostile_gives(size: int) -> None:
    # (the same sums in another order: equal up to the last bits)
    texts = _tone_texts()
    model = SecondOpinion.load()
    for m in [model, *model.experts.values()]:
        got = []
        for i in range(0, len(texts), size):
            got += m.tones(texts[i:i + size])
        assert len(got) == len(texts)
        for text, tone in zip(texts, got):
            p, words = tone
            assert p == pytest.approx(m.probability(text), abs=1e-12), text
            assert words == sum(map(str.isalpha, tokens(text))), text
            for threshold in (None, 0.0, 0.3, 0.75, 1.0):
                hostile, q = m.hostile(text, threshold)
                assert m.hostile_of(tone, threshold) == (hostile, p), (text, threshold)
                assert q == pytest.approx(p, abs=1e-12)


def test_tones_of_texts_that_hold_the_separator_or_nothing() -> None:
    m = SecondOpinion.load()
    assert m.tones([]) == []
    texts = ["ik kom je halen", "a\x00b kom", "", "\x00", "je gaat eraan 🔪", " "]
    for batch in (texts, texts[2:], ["", ""], [""]):
        for text, (p, words) in zip(batch, m.tones(batch), strict=True):
            assert p == pytest.approx(m.probability(text), abs=1e-12)
            assert words == sum(map(str.isalpha, tokens(text)))


def test_tones_in_parts_and_with_tables_made_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    import doxwacht.intent.second_opinion as so

    base = SecondOpinion.load()
    m = SecondOpinion(base.weights, base.bias, base.threshold, base.char_n, base.meta)
    texts = _tone_texts()[:300]
    want = [(m.probability(t), sum(map(str.isalpha, tokens(t)))) for t in texts]
    monkeypatch.setattr(so, "_BATCH_MAX", 7)
    got = m.tones(texts)
    assert [w for _, w in got] == [w for _, w in want]
    assert [p for p, _ in got] == pytest.approx([p for p, _ in want], abs=1e-12)
    tables = m._batch
    assert tables is not None and tables.size > 1000
    monkeypatch.setattr(so, "_IDS_MAX", 1000)  # past it: new tables, the same answers
    again = m.tones(texts)
    assert m._batch is not tables
    assert [p for p, _ in again] == pytest.approx([p for p, _ in want], abs=1e-12)


def test_tones_of_a_small_model_with_digit_bigrams() -> None:
    # a bigram of a digit run that is not folded ("12 a") can never be a pair of the message's tokens, folded ("00 a")
    weights = {"w:12 a": 3.0, "w:00 a": 1.0, "w:00": 0.5, "w:0": -0.25, "w:a": 2.0, "w:de a": 0.75, "w:de": 9.0,
               "c: a ": 0.5, "c: ab ": 0.125}
    m = SecondOpinion(weights, -0.1, 0.5, char_n=3)
    texts = ["12 a", "99 a 1 a", "de a de", "ab a ab", "", "1234 a 12", "de"]
    for text, (p, words) in zip(texts, m.tones(texts), strict=True):
        assert p == pytest.approx(m.probability(text), abs=1e-15), text
        assert words == sum(map(str.isalpha, tokens(text)))
