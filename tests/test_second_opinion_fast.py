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
