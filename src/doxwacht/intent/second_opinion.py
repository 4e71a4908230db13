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
from collections.abc import Iterable
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
        p = self._probability(toks)
        if threshold is None:
            threshold = self.threshold
        if p >= threshold and sum(map(str.isalpha, toks)) < self.min_words:
            return False, p
        return p >= threshold, p

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
