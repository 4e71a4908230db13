"""A small learned second opinion beside the rules: is a message hostile in tone (a threat, a call, hate,
an insult, sexual exposure, a find request), whatever its phrasing?

The rules explain what they find but know only the phrasings someone wrote a rule for; this linear model
(logistic regression over words that are not function words, word bigrams and the character 4-grams of
those words) was trained on the project's own labelled doxing sets by `eval/intent/build_second_opinion.py`
(deterministic) and ships as a JSON table of weights (`data/second_opinion.json`): no pickle, no
scikit-learn at run time, loaded once. The verdict asks it only where the rules are silent or see nothing
hostile, and says so in its reasons.

    model = SecondOpinion.load()
    model.probability("we zitten je op de hielen")   # 0..1: how hostile the tone is
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
import math
import re
import unicodedata
from functools import lru_cache
from itertools import filterfalse, repeat
from pathlib import Path

FORMAT = "doxwacht-second-opinion/1"
MODEL_PATH = Path(__file__).resolve().parent / "data" / "second_opinion.json"

# letters, digits or one other non-space character (emoji and punctuation count: 🔪 says something)
_TOKEN = re.compile(r"[^\W\d_]+|\d+|[^\w\s]")
# function words: no unigram and no character n-grams of their own (they count only in bigrams), so that the
# model cannot take "je", "die" or "allemaal" alone for hostility
FUNCTION_WORDS = frozenset(
    "ik we wij je jij jou u hij zij ze hem haar hen hun die deze dat dit de het een is zijn ben bent was en of "
    "maar als dan om te van in op aan voor met naar bij ga gaan gaat zal zullen wil willen moet moeten mag mogen "
    "zou zouden kan kunnen kom komen wat wie waar hoe niet geen nooit er nog wel ook al heel echt gewoon eens "
    "iedereen iemand niemand jullie mijn onze ons me mij heb hebben heeft weet weten allemaal alle andere zoals "
    "zo z'n d'r jouw zich worden wordt werd laten laat".split())


class SecondOpinionError(ValueError):
    pass


class _FoldTable(dict):
    """str.translate table: lower-case letters with diacritics to their base letter (cached per character)."""

    def __missing__(self, code: int) -> int | str:
        ch = chr(code)
        folded = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        self[code] = folded if folded else ch
        return self[code]


_FOLD = _FoldTable()


_PLAIN_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


class _RunFold(dict):
    """A run of non-ASCII characters -> (the run folded by `_FOLD`, whether the folded run holds a letter or digit
    other than a-z and 0-9: a non-ASCII one, or an upper-case one, "ᴬ" folds to "A"), cached: the runs of chat
    messages are mostly a few emoji and the euro sign over and over."""

    def __missing__(self, run: str) -> tuple[str, bool]:
        if len(self) > 100_000:
            self.clear()
        folded = run.translate(_FOLD)
        self[run] = got = (folded, any(c.isalnum() and c not in _PLAIN_ALNUM for c in folded))
        return got


_RUN_FOLD = _RunFold()
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _fold_run(m: re.Match[str]) -> str:
    return _RUN_FOLD[m.group()][0]


def _fold(text: str) -> str:
    low = text.lower()
    # (only the runs of non-ASCII characters go through the table: `str.translate` with a dict costs a lookup per
    # character, and most characters of a message are ASCII ones, which fold to themselves)
    return low if low.isascii() else _NON_ASCII.sub(_fold_run, low)


# `_TOKEN` for text whose letters and digits are all a-z and 0-9 (the other characters there are emoji, the euro sign,
# punctuation: one token each, as `[^\w\s]` makes them, or spaces): the same tokens, found in about half the time
# (character ranges instead of Unicode categories)
_ASCII_TOKEN = re.compile(r"[a-z]+|[0-9]+|[^a-z0-9_\s]")


class _KeepsFold(dict):
    """character -> whether `_FOLD` leaves it as it is and it is no letter or digit (an emoji, the euro sign, a dash),
    cached."""

    def __missing__(self, ch: str) -> bool:
        if len(self) > 100_000:
            self.clear()
        self[ch] = got = ch.translate(_FOLD) == ch and not ch.isalnum()
        return got


_KEEPS_FOLD = _KeepsFold()


def tokens(text: str) -> list[str]:
    """`_TOKEN.findall(_fold(text))`: the tokens the model reads of a text."""
    low = text.lower()
    toks = _ASCII_TOKEN.findall(low)
    if low.isascii():
        return toks
    # `_ASCII_TOKEN` makes each character that is not ASCII and no space a token of its own. Where each such token is
    # one that folding leaves as it is and no letter or digit (most text that is not ASCII: a few emoji), the folded
    # text differs from `low` at most in its spaces that are not ASCII, which fold to spaces (a test checks every
    # one), and holds no letter or digit but a-z and 0-9: `_ASCII_TOKEN` over it finds these tokens
    if all(map(_KEEPS_FOLD.__getitem__, set(filterfalse(str.isascii, toks)))):
        return toks
    return _folded_tokens(low)


def _folded_tokens(low: str) -> list[str]:
    """`_TOKEN.findall(_fold(low))` of a lower-cased text (whichever its characters)."""
    wordy = False

    def fold_run(m: re.Match[str]) -> str:
        nonlocal wordy
        folded, word = _RUN_FOLD[m.group()]
        if word:
            wordy = True
        return folded

    folded = _NON_ASCII.sub(fold_run, low)
    return (_TOKEN if wordy else _ASCII_TOKEN).findall(folded)


def _digits(tok: str) -> str:
    return "0" * min(len(tok), 3) if tok.isdigit() else tok


class _DigitFold(dict):
    """token -> `_digits(token)`, filled as tokens come (a C-level `map` over it instead of a Python call per token)."""

    def __missing__(self, tok: str) -> str:
        if len(self) > 200_000:
            self.clear()
        self[tok] = got = _digits(tok)
        return got


_DIGIT_FOLD = _DigitFold()


def _parts(text: str) -> tuple[set[str], set[str]]:
    """The word features (distinct words that are not function words, digit runs as ``0``, ``00`` or
    ``000``, other characters, and bigrams of all tokens) and the words whose character n-grams count."""
    return _grams(tokens(text))


def _grams(toks: list[str]) -> tuple[set[str], set[str]]:
    """`_parts` of a text's tokens (`_TOKEN` over the folded text), with C-level loops: training's features
    and `SecondOpinion.probability` both read them from here."""
    if any(map(str.isdigit, toks)):
        toks = list(map(_DIGIT_FOLD.__getitem__, toks))
    grams = set(toks)
    grams -= FUNCTION_WORDS
    alpha = set(filter(str.isalpha, grams))
    grams.update(map(" ".join, zip(toks, toks[1:])))
    return grams, alpha


def without_data(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with the spans of the personal data found in it (names, addresses, numbers ...) blanked out. The model
    judges the tone of the words around the data, not whether there is data: that is the rules' part, and a
    model that saw it would learn that an address or a name is hostile (doxing messages hold more of them than
    other messages do), and call a wethouder opening a library at Kerkstraat 5 hostile."""
    out: list[str] = []
    last = 0
    for start, end in sorted(spans):
        if end <= last:
            continue
        if start >= last:  # (an overlapping span only widens the blank before it)
            out.append(text[last:start])
            out.append(" ")
        last = end
    out.append(text[last:])
    return "".join(out)


def with_placeholders(text: str, found: Iterable[tuple[int, int, str]]) -> str:
    """`text` with each piece of personal data found in it (start, end, label) replaced by a word for its kind
    (``xaddress``, ``xphone``, ``xlicenseplate`` ...; of overlapping pieces the first and longest), and names blanked
    out. What the doxing experts read (`SecondOpinion.experts`): unlike the tone, whether a message is doxing depends
    on which data it holds (a home address against an organisation's phone number), not on the data itself. Names
    are blanked as `without_data` blanks them: whether a name points at someone is the verdict's own judgement
    (`facts.full_name`: not the writer's own, not "Elke Turk is tuig"); over the tuning sets a word for them
    changed nothing (leave-one-set-out 0.8776 against 0.8774)."""
    out: list[str] = []
    last = 0
    for start, end, label in sorted(found, key=lambda f: (f[0], -f[1])):
        if end <= last:
            continue
        if start >= last:
            out.append(text[last:start])
            out.append(" " if label == "PERSON" else " x" + label.lower().replace("_", "") + " ")
        last = end
    out.append(text[last:])
    return "".join(out)


def char_ngrams(word: str, n: int = 4) -> list[str]:
    p = f" {word} "
    return [p[i:i + n] for i in range(len(p) - n + 1)]


def features(text: str, char_n: int = 4) -> dict[str, float]:
    """The model's features of one text: ``w:`` word features (binary, the block scaled to unit length) and
    ``c:`` character n-grams of each distinct word padded with spaces (counted over those words, divided by the
    square root of their total number). Training uses this function; `SecondOpinion.probability` computes the
    same dot product without building it."""
    grams, alpha = _parts(text)
    out: dict[str, float] = {}
    if grams:
        v = 1.0 / math.sqrt(len(grams))
        out.update(("w:" + g, v) for g in grams)
    chars: list[str] = []
    for t in alpha:
        chars += char_ngrams(t, char_n)
    if chars:
        v = 1.0 / math.sqrt(len(chars))
        for c in chars:
            out["c:" + c] = out.get("c:" + c, 0.0) + v
    return out


class SecondOpinion:
    """A logistic regression over `features`: p(hostile or doxing) for one text."""

    def __init__(self, weights: dict[str, float], bias: float, threshold: float, char_n: int = 4,
                 meta: dict | None = None) -> None:
        self.weights = weights
        self.bias = bias
        self.threshold = threshold
        self.char_n = char_n
        self.meta = meta or {}
        # where the verdict asks it besides where the intent pre-check looked: "looked" (nowhere else),
        # "data" (also next to someone else's locating data) or "always"
        self.gate = str(self.meta.get("gate", "looked"))
        self.min_words = int(self.meta.get("min_words", 3))  # see `hostile`
        # where a guard (negation, a quote, counter-speech) silenced a candidate of the rules, the verdict asks the
        # model only when this threshold (above `threshold`) is set, and heeds it only at or above it
        guarded = self.meta.get("guarded_threshold")
        self.guarded_threshold = None if guarded is None else max(float(guarded), threshold)
        # where the rules alone call a message hostile, the verdict lets the model overrule them only below this
        # probability (when set): banter ("ik vermoord je als je mijn taart opeet"), reports and counter-speech the
        # rules' guards do not know
        veto = self.meta.get("veto_threshold")
        self.veto_threshold = None if veto is None else min(float(veto), threshold)
        # where the rules' pre-check found a trigger word and the message addresses someone without naming a group,
        # the verdict heeds the model from this lower threshold (when set; see `VerdictAnalyzer._tone`)
        addressed = self.meta.get("addressed_threshold")
        self.addressed_threshold = None if addressed is None else min(float(addressed), threshold)
        # the doxing experts (see `expert`), each a model of the same kind
        self.experts: dict[str, SecondOpinion] = {}
        # the word weights for `_probability`, in one dict: of a single token under the token, of a bigram under the
        # pair of its tokens (a tuple: no joined string to build and hash per bigram of a message). A bigram feature
        # is two tokens joined by a space and tokens hold no space: a key that does not split so can never match
        self._word_weights: dict[str | tuple[str, str], float] = {}
        for key, w in weights.items():
            if not key.startswith("w:"):
                continue
            k = key[2:]
            if " " not in k:
                self._word_weights[k] = w
            else:
                pair = tuple(k.split(" "))
                if len(pair) == 2 and all(pair):
                    self._word_weights[pair] = w  # type: ignore[index]
        self._chars = {k[2:]: w for k, w in weights.items() if k.startswith("c:")}
        # word -> complex(the sum of its character n-gram weights, their number): both summed in one pass
        self._char_stats = _CharStats(self)
        self._batch: _BatchTables | None = None  # for `tones`, made when first asked for

    @classmethod
    def load(cls, path: Path | None = None) -> SecondOpinion:
        return _load(path or MODEL_PATH)

    def expert(self, name: str) -> SecondOpinion | None:
        """A doxing expert shipped with the model (None when the model file has none), a logistic regression over the
        same features of `with_placeholders` text, with its own threshold:

        * ``"doxing_in_hostile"``: p(doxing) of a message the verdict already finds hostile: does it tell where or who
          someone is (a routine, a workplace, a school, a first name and a class) where no rule found such data?
          Trained on the tuning sets' hostile and doxing messages.
        * ``"doxing_in_data"``: p(doxing) of a message with someone else's data (or a full name, a place of a person, a
          request for data) that the verdict finds no more than personal data: is the data shared to harm someone?
          Trained on the tuning sets' messages with such data."""
        return self.experts.get(name)

    def probability(self, text: str) -> float:
        """`sigmoid(bias + weights · features(text))`, the same sums as `features` gives, made with C-level
        loops over the message's words and per-word caches (the char n-gram sum of a word is computed once)."""
        return self._probability(tokens(text))

    def hostile(self, text: str, threshold: float | None = None) -> tuple[bool, float]:
        """(whether the tone is hostile, the probability), from `threshold` (the model's own when None). A message
        of fewer than `min_words` words is never called hostile: one or two words ("ja", "slaap lekker") carry a
        single weight each, which says more about the training messages they stood in than about this one (the
        rules judge short threats)."""
        toks = tokens(text)
        return self.hostile_of((self._probability(toks), sum(map(str.isalpha, toks))), threshold)

    def hostile_of(self, tone: tuple[float, int], threshold: float | None = None) -> tuple[bool, float]:
        """`hostile(text, threshold)` from `tones([text])[0]`."""
        p, words = tone
        if threshold is None:
            threshold = self.threshold
        return p >= threshold and words >= self.min_words, p

    def tones(self, texts: Sequence[str]) -> list[tuple[float, int]]:
        """`(probability(text), the number of its tokens that are words)` for each text: what `hostile` judges, for
        many texts at once (the same sums, in another order: a result may differ from `probability`'s in its last
        bits). The tokens of all texts come from one regular expression pass over them joined, and the sums from a
        few numpy operations over the tokens' ids (`_BatchTables`), instead of a dozen Python-level steps per text."""
        if not texts:
            return []
        tables = self._batch
        if tables is None or tables.size > _IDS_MAX:
            tables = self._batch = _BatchTables(self)
        out: list[tuple[float, int]] = []
        for i in range(0, len(texts), _BATCH_MAX):
            out += tables.tones(texts[i:i + _BATCH_MAX])
        return out

    def _probability(self, toks: list[str]) -> float:
        """The probability of a message of these tokens (`tokens`): the sums `features` gives, over the word features
        of `_grams` (its distinct words that are not function words and its distinct bigrams, as pairs, in one set
        and one pass over the weights) and over the character n-grams of its words (from the per-word cache, sum and
        number in one complex number)."""
        z = self.bias
        if toks:
            if any(map(str.isdigit, toks)):
                toks = list(map(_DIGIT_FOLD.__getitem__, toks))
            grams = set(toks)
            grams -= FUNCTION_WORDS
            # (tokens that are not words count 0 n-grams of weight 0.0: these are the sums over the words)
            chars = sum(map(self._char_stats.__getitem__, grams)) if grams else 0j
            grams.update(zip(toks, toks[1:]))  # type: ignore[arg-type]  # (bigrams as token pairs)
            if grams:
                z += sum(map(self._word_weights.get, grams, repeat(0.0))) / math.sqrt(len(grams))
            if chars.imag:
                z += chars.real / math.sqrt(chars.imag)
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))


class _CharStats(dict):
    """word -> complex(the sum of the weights of its character n-grams, their number) for one model, made when a word
    first comes (a token that is not a word, digits, punctuation, an emoji, has none: 0j); cleared when it grows
    past 200,000 words."""

    def __init__(self, model: SecondOpinion) -> None:
        super().__init__()
        self._weights = model._chars
        self._n = model.char_n

    def __missing__(self, word: str) -> complex:
        if len(self) > 200_000:
            self.clear()
        if word.isalpha():
            grams = char_ngrams(word, self._n)
            got = complex(sum([self._weights.get(g, 0.0) for g in grams]), len(grams))
        else:
            got = 0j
        self[word] = got
        return got


# `SecondOpinion.tones`: at most this many texts per numpy pass (a text's index takes the low `_SLOT_BITS` bits of a
# 64-bit key below two token ids of `_ID_BITS` each); the tables start afresh past `_IDS_MAX` tokens (chat brings new
# words without end)
_SLOT_BITS = 12
_SLOT_MASK = (1 << _SLOT_BITS) - 1
_BATCH_MAX = 1 << _SLOT_BITS
_ID_BITS = 21
_IDS_MAX = 200_000  # (as the per-word caches: `_CharStats`, `_DigitFold`; some 30 MB at most)
# what joins the texts of a batch: a token of its own (`[^a-z0-9_\s]`), so that no token spans two texts; id 0
_SEP = "\x00"


class _Ids(dict):
    """token -> its id in `_BatchTables`, a new one for each new token (a digit run of ASCII digits: the id of its fold,
    ``0``, ``00`` or ``000``, as `_probability` folds it)."""

    def __init__(self, tables: _BatchTables) -> None:
        super().__init__()
        self._tables = tables

    def __missing__(self, tok: str) -> int:
        folded = _digits(tok)
        if folded != tok and tok.isascii():
            got = self[folded]
        else:
            # (a digit run that is not ASCII comes only from `_ASCII_TOKEN` over a text `tokens` folds: its own id,
            # marked `bad`, never summed; the folded text's tokens are looked up digit-folded)
            got = self._tables.add(tok, folded == tok)
        self[tok] = got
        return got


class _BatchTables:
    """`SecondOpinion.tones`'s tables for one model: an id per token (`ids`) and per id numpy arrays of what
    `_probability` sums (the token's weight as a word feature, whether it is one, the sum and number of its character
    n-gram weights, whether it is a word), and the model's bigram weights under the pairs of their tokens' ids, sorted."""

    def __init__(self, model: SecondOpinion) -> None:
        import numpy as np

        self._np = np
        self.model = model
        self.size = 0
        cap = 1 << 15
        self.unigram = np.zeros(cap)   # weight as a word feature (0.0: a function word or no weight)
        self.counts = np.zeros(cap, bool)  # whether it is a word feature (not a function word, not `_SEP`)
        self.chars = np.zeros(cap)     # the sum of its character n-grams' weights (a function word: 0.0)
        self.nchars = np.zeros(cap)    # their number
        self.alpha = np.zeros(cap)     # 1.0 where it is a word (`str.isalpha`): `hostile`'s count of words
        # a token of `_ASCII_TOKEN` over the lower-cased text that `tokens` does not keep: its text is folded first
        self.bad = np.zeros(cap, bool)
        self.ids = _Ids(self)
        assert self.ids[_SEP] == 0
        self.counts[0] = False
        keys: list[int] = []
        weights: list[float] = []
        ids = self.ids
        for key, w in model._word_weights.items():
            if isinstance(key, tuple):
                a, b = key
                if _digits(a) != a or _digits(b) != b:
                    continue  # (never a pair of folded tokens)
                keys.append(ids[a] << _ID_BITS | ids[b])
                weights.append(w)
        order = np.argsort(np.array(keys, np.int64), kind="stable")
        # (a last key above every pair's: `searchsorted` never runs past the end)
        self.pair_keys = np.append(np.array(keys, np.int64)[order], np.iinfo(np.int64).max)
        self.pair_weights = np.append(np.array(weights)[order], 0.0)

    def add(self, tok: str, plain: bool) -> int:
        i = self.size
        if i == len(self.unigram):
            np = self._np
            for name in ("unigram", "counts", "chars", "nchars", "alpha", "bad"):
                a = getattr(self, name)
                setattr(self, name, np.concatenate([a, np.zeros_like(a)]))
        self.size = i + 1
        if not plain:
            self.bad[i] = True
            return i
        model = self.model
        if tok not in FUNCTION_WORDS and tok != _SEP:
            self.counts[i] = True
            self.unigram[i] = model._word_weights.get(tok, 0.0)
            c = model._char_stats[tok]
            self.chars[i] = c.real
            self.nchars[i] = c.imag
        self.alpha[i] = tok.isalpha()
        self.bad[i] = not tok.isascii() and not _KEEPS_FOLD[tok]
        return i

    def tones(self, texts: Sequence[str]) -> list[tuple[float, int]]:
        np = self._np
        n = len(texts)
        lows = list(map(str.lower, texts))
        joined = _SEP.join(lows)
        if joined.count(_SEP) != n - 1:  # a text holds the separator
            return [self._one(t) for t in texts]
        get = self.ids.__getitem__
        flat = _ASCII_TOKEN.findall(joined)
        ids = np.fromiter(map(get, flat), np.int64, len(flat))
        sep = ids == 0
        slot = np.cumsum(sep)
        if not joined.isascii():
            bad = self.bad[ids]
            if bad.any():
                # the texts `tokens` folds (a letter with a diacritic, one that is not Latin, a digit that is not
                # ASCII): their tokens as `tokens` makes them there, after the others, each after a separator
                redo = np.unique(slot[bad])
                keep = np.ones(n, bool)
                keep[redo] = False
                keep = keep[slot]
                extra: list[str] = []
                lens: list[int] = []
                for s in redo.tolist():
                    toks = _folded_tokens(lows[s])
                    extra.append(_SEP)
                    extra += map(_DIGIT_FOLD.__getitem__, toks)
                    lens.append(len(toks) + 1)
                ids = np.concatenate([ids[keep], np.fromiter(map(get, extra), np.int64, len(extra))])
                slot = np.concatenate([slot[keep], np.repeat(redo, lens)])
                sep = ids == 0
        if self.size >= 1 << _ID_BITS:
            return [self._one(t) for t in texts]
        # the distinct word features of each text: (id, text) keys, sorted, each once
        counts = self.counts[ids]
        u = _distinct(np, ids[counts] << _SLOT_BITS | slot[counts])
        us = u & _SLOT_MASK
        u >>= _SLOT_BITS
        wsum = np.bincount(us, self.unigram[u], n)
        wn = np.bincount(us, None, n)
        csum = np.bincount(us, self.chars[u], n)
        cn = np.bincount(us, self.nchars[u], n)
        # the distinct bigrams of each text (no separator in them): (id, id, text) keys, sorted, each once; their
        # weights from the sorted pairs of the model
        ok = ~(sep[:-1] | sep[1:])
        k = _distinct(np, (ids[:-1][ok] << _ID_BITS | ids[1:][ok]) << _SLOT_BITS | slot[:-1][ok])
        ks = k & _SLOT_MASK
        k >>= _SLOT_BITS
        at = np.searchsorted(self.pair_keys, k)
        w = np.where(self.pair_keys[at] == k, self.pair_weights[at], 0.0)
        wsum = wsum + np.bincount(ks, w, n)
        wn = wn + np.bincount(ks, None, n)
        words = np.bincount(slot, self.alpha[ids], n)
        z = self.model.bias + wsum / np.sqrt(np.maximum(wn, 1))
        z = z + csum / np.sqrt(np.maximum(cn, 1.0))
        exp = math.exp
        return [(0.0 if x < -30 else 1.0 / (1.0 + exp(-x)), int(c)) for x, c in zip(z.tolist(), words.tolist())]

    def _one(self, text: str) -> tuple[float, int]:
        toks = tokens(text)
        return self.model._probability(toks), sum(map(str.isalpha, toks))


def _distinct(np, keys):  # type: ignore[no-untyped-def]
    """`np.unique(keys)` (a sort and a mask: `np.unique` costs several times as much on a few thousand keys)."""
    keys.sort()
    first = np.empty(len(keys), bool)
    first[:1] = True
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    return keys[first]


@lru_cache(maxsize=4)
def _load(path: Path) -> SecondOpinion:
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SecondOpinionError(f"no second-opinion model at {path}; build it with "
                                 "eval/intent/build_second_opinion.py") from exc
    if obj.get("format") != FORMAT:
        raise SecondOpinionError(f"{path}: not a {FORMAT} model")
    try:
        model = _model(obj, {k: v for k, v in obj.items() if k not in ("weights", "experts")})
        for name, sub in (obj.get("experts") or {}).items():
            model.experts[name] = _model(sub, {k: v for k, v in sub.items() if k != "weights"})
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SecondOpinionError(f"{path}: a broken {FORMAT} model ({exc!r})") from exc
    return model


def _model(obj: dict, meta: dict) -> SecondOpinion:
    return SecondOpinion({k: float(v) for k, v in obj["weights"].items()}, float(obj["bias"]),
                         float(obj["threshold"]), int(obj.get("char_n", 4)), meta)
