"""Tokenise, fold and tag a document for intent rules.

The tagger reads `Document.norm` and keeps, for every token, its span in the normalised text, so every
hit maps back to the ORIGINAL text through `Document.to_original`. Tokens carry a folded canonical form
(lower case, no diacritics, leet and masking undone, spaced letters joined, glued words split, small typos
corrected towards the lexicon) and the set of lexical classes it belongs to.

A sentence is rendered as a "view" string for the rule patterns: each token as ``word#CLASS#CLASS#``
followed by one space, so a rule can ask for a literal word or for a class.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import compress
from operator import itemgetter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from doxwacht.intent import lexicon as L

# ------------------------------------------------------------------------------------------------
# folding
# ------------------------------------------------------------------------------------------------

_APOS = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """Lower case, diacritics stripped, apostrophes unified. Keeps the length for precomposed letters."""
    w = word.lower().translate(_APOS)
    if w.isascii():
        return w
    out = []
    for ch in w:
        if ord(ch) < 128:
            out.append(ch)
            continue
        base = unicodedata.normalize("NFD", ch)
        stripped = "".join(c for c in base if not unicodedata.combining(c))
        out.append(stripped if len(stripped) == 1 else ch)
    return "".join(out)


def fold_phrase(phrase: str) -> str:
    return " ".join(fold_word(w) for w in phrase.split())


# ------------------------------------------------------------------------------------------------
# lexicon index, built and validated once
# ------------------------------------------------------------------------------------------------

CONTENT_CLASSES = frozenset(
    {"GRP", "GRP_ADJ", "SLUR", "SLUR_AMB", "ROLE", "VINF", "VFIN", "VFIN_SEP", "VPART", "VNOUN", "DEHUM",
     "NEG_ATTR", "NEG_EMOTE", "PROFANE_NOUN", "PROFANITY", "DEROG_CTX", "BODY", "VBODY", "POS_ATTR",
     "DISCRIM_VERB", "LEGALISE", "DEHUM_WEAK", "NEG_ATTR_WEAK", "SEX_MEDIA", "EXPOSE", "DOX"}
)

# words never corrected towards the lexicon and never used as a glue part of a content word
_NO_FUZZ = frozenset(
    "maken worden hebben laten kunnen zullen willen moeten mogen zouden gaan doen komen staan liggen "
    "zitten lopen leven land mensen zijn mijn hier daar naar waar heel veel meer niet geen nooit alle deze "
    "dienen horen weten zeggen".split()
)


class LexiconError(ValueError):
    """A lexicon entry is malformed (raised when the lexicon is loaded)."""


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, frozenset[str]]                   # single folded word -> classes
    mwes: dict[str, tuple[tuple[tuple[str, ...], frozenset[str]], ...]]  # first word -> [(words, classes)]
    group_of: dict[str, str]                           # word or phrase -> protected group id
    slur_group: dict[str, str]
    role_of: dict[str, str]
    crime_of: dict[str, str]
    known: frozenset[str]                              # every word that occurs in some entry
    content: frozenset[str]                            # words that may be targets of corrections
    fuzzy_transpose: dict[str, str]
    fuzzy_delete: dict[str, str]
    masked_index: str                                  # newline-joined content words for '*' masks


def _add(words: dict[str, set[str]], mwes: dict[str, list], phrase: str, cls: str) -> None:
    folded = fold_phrase(phrase)
    if not folded or folded != folded.strip() or "  " in folded:
        raise LexiconError(f"bad lexicon entry {phrase!r} for {cls}")
    parts = tuple(folded.split(" "))
    if len(parts) == 1:
        words.setdefault(parts[0], set()).add(cls)
    else:
        mwes.setdefault(parts[0], []).append((parts, cls))


def _fuzzy_exceptions() -> frozenset[str]:
    try:
        text = resources.files("doxwacht.intent").joinpath("data/fuzzy_exceptions.txt").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):  # pragma: no cover - packaging problem
        return frozenset()
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def _transpositions(w: str) -> set[str]:
    # (letters only: "homo's" -> "hmoo's", not "homos'")
    return {w[:i] + w[i + 1] + w[i] + w[i + 2:] for i in range(len(w) - 1)
            if w[i] != w[i + 1] and w[i].isalpha() and w[i + 1].isalpha()}


def _deletions(w: str) -> set[str]:
    return {w[:i] + w[i + 1:] for i in range(1, len(w)) if w[i].isalpha()}  # keep the first letter


# the shortest lexicon word whose one-letter deletions are repaired ("kogel" -> "kogl"); transpositions from 4
DELETE_MIN_LEN = 5


def fuzzy_source(w: str) -> bool:
    """Whether a content word's typos are repaired: letters, and at most an apostrophe ("homo's")."""
    return w.replace("'", "", 1).isalpha()


def build_lexicon() -> Lexicon:
    words: dict[str, set[str]] = {}
    mwes: dict[str, list] = {}
    group_of: dict[str, str] = {}
    slur_group: dict[str, str] = {}
    role_of: dict[str, str] = {}
    crime_of: dict[str, str] = {}

    for cls, (_doc, terms) in L.CLASSES.items():
        if not cls.isupper():
            raise LexiconError(f"class names are upper case: {cls!r}")
        for t in terms:
            _add(words, mwes, t, cls)
    for gid, g in L.GROUPS.items():
        for key in ("label", "ground", "in_137c", "terms"):
            if key not in g:
                raise LexiconError(f"group {gid!r} lacks {key!r}")
        for t in g["terms"]:
            _add(words, mwes, t, "GRP")
            group_of.setdefault(fold_phrase(t), gid)
    for gid, adjs in L.GROUP_ADJECTIVES.items():
        if gid not in L.GROUPS:
            raise LexiconError(f"adjectives for unknown group {gid!r}")
        for a in adjs:
            _add(words, mwes, a, "GRP_ADJ")
            group_of.setdefault(fold_phrase(a), gid)
    for gid, s in L.SLURS.items():
        if gid not in L.GROUPS:
            raise LexiconError(f"slurs for unknown group {gid!r}")
        for t in s["strong"]:
            _add(words, mwes, t, "SLUR")
            slur_group.setdefault(fold_phrase(t), gid)
        for t in s["ambiguous"]:
            _add(words, mwes, t, "SLUR_AMB")
            slur_group.setdefault(fold_phrase(t), gid)
    for rid, r in L.ROLES.items():
        if "public_task" not in r or "terms" not in r:
            raise LexiconError(f"role {rid!r} lacks public_task or terms")
        for t in r["terms"]:
            _add(words, mwes, t, "ROLE")
            role_of.setdefault(fold_phrase(t), rid)
    complete = {fold_word(f) for f in L.FINITE_COMPLETE}
    for v in L.VIOLENT_VERBS:
        crime = v["crime"]
        if crime not in ("leven", "mishandeling", "verkrachting", "brandstichting", "onbepaald"):
            raise LexiconError(f"unknown crime {crime!r} for {v['lemma']}")
        lemma = v["lemma"]
        forms_inf = [lemma]
        if "sep" in v:
            particle, base = v["sep"]
            forms_inf += [f"{particle} {base}", f"{particle} te {base}"]
            if " " not in particle:
                forms_inf.append(f"{particle}{base}")
        else:
            forms_inf.append(f"te {lemma}")
        forms_inf += list(v.get("te", ()))
        for f in forms_inf:
            _add(words, mwes, f, "VINF")
            crime_of.setdefault(fold_phrase(f), crime)
        if "sep" in v and " " not in v["sep"][1]:
            _add(words, mwes, v["sep"][1], "VBASE")
        for f in v.get("fin", ()):
            cls = "VFIN" if fold_word(f) in complete else "VFIN_SEP"
            _add(words, mwes, f, cls)
            crime_of.setdefault(fold_phrase(f), crime)
        for f in v.get("part", ()):
            _add(words, mwes, f, "VPART")
            crime_of.setdefault(fold_phrase(f), crime)

    frozen_words = {w: frozenset(c) for w, c in words.items()}
    mwe_index: dict[str, tuple] = {}
    for first, items in mwes.items():
        merged: dict[tuple[str, ...], set[str]] = {}
        for parts, cls in items:
            merged.setdefault(parts, set()).add(cls)
        mwe_index[first] = tuple(
            sorted(((p, frozenset(c)) for p, c in merged.items()), key=lambda x: -len(x[0]))
        )

    known: set[str] = set(frozen_words)
    content: set[str] = set()
    for w, cls in frozen_words.items():
        if cls & CONTENT_CLASSES:
            content.add(w)
    for items in mwe_index.values():
        for parts, cls in items:
            known.update(parts)
            if cls & CONTENT_CLASSES:
                content.update(p for p in parts if len(p) >= 4)
    known.update(L.GLUE_WORDS)
    content -= _NO_FUZZ
    content -= L.GLUE_WORDS

    exceptions = _EXCEPTIONS | known | _NO_FUZZ
    trans: dict[str, str] = {}
    dele: dict[str, str] = {}
    for w in sorted(content):
        if not fuzzy_source(w):
            continue
        if len(w) >= 4:
            for v in _transpositions(w):
                if v not in exceptions:
                    trans.setdefault(v, w)
        if len(w) >= DELETE_MIN_LEN:
            for v in _deletions(w):
                if v not in exceptions:
                    dele.setdefault(v, w)
    masked = "\n" + "\n".join(sorted(w for w in content if w.isalpha())) + "\n"
    return Lexicon(frozen_words, mwe_index, group_of, slur_group, role_of, crime_of, frozenset(known),
                   frozenset(content), trans, dele, masked)


_EXCEPTIONS = _fuzzy_exceptions()
LEX = build_lexicon()

# ------------------------------------------------------------------------------------------------
# tokens
# ------------------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"\n+"
    r"|['’](?:s|t|k|m|n)\b"
    r"|[^\W_](?:[\w@$€*|+]*[\w+])?(?:['’][^\W\d_]+)*(?:@(?![\w.@]))?"  # (a leet "a" at the end: "g@")
    r"|[@$€*|]+[^\W_][\w@$€*|]*"
    r"|\.\.\.|[^\s\w]",
)
_SENT_END = frozenset({".", "!", "?", "...", "…"})
_QUOTE_CHARS = frozenset('"“”„«»‘’\'‹›')
_LEET_CHARS = frozenset(L.LEET)
_SHORT_SPACED = frozenset({"je", "ze", "ik", "me", "we", "de", "is"})
_SHORT_LEET = frozenset({"je", "ze", "me", "ik", "de", "em", "er", "ga", "is", "en"})
# three characters, one a letter: a few function words ("44n" -> "aan")
_SHORT_LEET3 = frozenset({"aan", "een", "ben"})


class Token:
    """One token: folded canonical form, span in doc.norm, lexical classes and what the tagger learnt."""

    __slots__ = ("text", "start", "end", "classes", "cap", "obf", "group", "role", "crime", "negidiom", "coref")

    def __init__(self, text: str, start: int, end: int, classes: set[str] | None = None, cap: bool = False,
                 obf: str = "", group: str = "", role: str = "", crime: str = "") -> None:
        self.text = text            # folded canonical form
        self.start = start          # span in doc.norm
        self.end = end
        self.classes = classes if classes is not None else set()
        self.cap = cap              # written with a capital
        self.obf = obf              # how the form was recovered: leet, masked, spaced, glued, fuzzy
        self.group = group          # protected group id (GRP, GRP_ADJ, slur)
        self.role = role
        self.crime = crime
        self.negidiom = False       # a negator that belongs to an idiom ("niet uitstaan")
        self.coref = False          # pronoun given the group of an antecedent

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end}, {sorted(self.classes)})"

    @property
    def is_punct(self) -> bool:
        return "PUNCT" in self.classes or "QUOTE" in self.classes or self.text == "\n"


def _lookup(word: str) -> frozenset[str] | None:
    return LEX.words.get(word)


def _is_known(word: str) -> bool:
    return word in LEX.known


@lru_cache(maxsize=32768)
def _deleet(word: str) -> str | None:
    if not any(c in _LEET_CHARS for c in word):
        return None
    if sum(c.isalpha() for c in word) < 2:
        # two characters, one a letter: only the pronouns and articles ("j3" -> "je")
        cand = "".join(L.LEET.get(c, c) for c in word)
        return cand if (len(word) == 2 and cand in _SHORT_LEET) or (len(word) == 3 and cand in _SHORT_LEET3) else None
    if re.fullmatch(r"\d+(e|de|ste|ste|x|ste|k|m)?", word):
        return None
    cand = "".join(L.LEET.get(c, c) for c in word)
    if _is_known(cand):
        return cand
    alt = "".join(L.LEET_ALT.get(c, L.LEET.get(c, c)) for c in word)
    if _is_known(alt):
        return alt
    return None


@lru_cache(maxsize=32768)
def _unmask(word: str) -> str | None:
    """Resolve a masked word ("k*nker", "fl**ker") against the lexicon's content words."""
    if "*" not in word or sum(c.isalpha() for c in word) < 2:
        return None
    body = re.sub(r"\*+", lambda m: f"[a-z]{{{max(1, len(m.group()))},{len(m.group()) + 1}}}",
                  re.escape(word).replace(r"\*", "*"))
    m = re.search("\n(" + body + ")\n", LEX.masked_index)
    return m.group(1) if m else None


@lru_cache(maxsize=32768)
def _fuzzy(word: str) -> str | None:
    if len(word) < 4 or not fuzzy_source(word) or word in LEX.known:
        return None
    hit = LEX.fuzzy_transpose.get(word)
    if hit:
        return hit
    if len(word) >= 4:  # ("kogl" -> "kogel")
        hit = LEX.fuzzy_delete.get(word)
        if hit:
            return hit
    return None


@lru_cache(maxsize=32768)
def _split_glued(word: str) -> tuple[str, str] | None:
    if len(word) < 6 or not word.isalpha() or word in LEX.known:
        return None
    best: tuple[int, tuple[str, str]] | None = None
    for i in range(2, len(word) - 1):
        left, right = word[:i], word[i:]
        lc, rc = left in LEX.content, right in LEX.content
        ok = (
            (left in L.GLUE_WORDS and rc and len(right) >= 3)
            or (lc and right in L.GLUE_WORDS and len(left) >= 4)
            or (lc and rc and len(left) >= 4 and len(right) >= 5
                and (LEX.words.get(right, frozenset()) & {"VINF", "VPART", "VFIN", "VBODY", "DEHUM", "NEG_ATTR",
                                                          "NEG_ATTR_WEAK"}))
            # a violent verb's stem and a pronoun: "schietenwe"
            or (right in L.GLUE_WORDS and len(left) >= 5 and "VBASE" in LEX.words.get(left, frozenset()))
        )
        if ok:
            score = max(len(left) if lc else 0, len(right) if rc else 0)
            if best is None or score > best[0]:
                best = (score, (left, right))
    return best[1] if best else None


_KNOWN = LEX.known
_LEETSET = frozenset(L.LEET)


def _word_entry(raw: str) -> tuple[str, str | None, bool, str, bool]:
    """What `tokenize` makes of one raw token, a pure function of its text: (folded form, class or None,
    written with a capital, obfuscation, single letter)."""
    c0 = raw[0]
    if c0 == "\n":
        return "\n", "PUNCT", False, "", False
    if not c0.isalnum() and (len(raw) == 1 or raw == "..."):
        if raw in _QUOTE_CHARS:
            return (raw.translate(_APOS) if raw in "’‘" else raw), "QUOTE", False, "", False
        return raw, "PUNCT", False, "", False
    w = fold_word(raw)
    text, cls, obf = w, None, ""
    if w not in _KNOWN:
        if "*" in w:
            alt = _unmask("".join(c if c == "*" else L.LEET.get(c, c) for c in w) if
                          any(c.isalpha() for c in w) else w) or _unmask(w)
            if alt:
                text, obf = alt, "masked"
            else:
                text = w.replace("*", "")
        elif not _LEETSET.isdisjoint(w):
            alt = _deleet(w)
            if alt:
                text, obf = alt, "leet"
            elif w.isdigit():
                cls = "NUM"
        elif w.isdigit():
            cls = "NUM"
    return text, cls, c0.isupper(), obf, len(text) == 1 and text.isalpha()


_WORD_CACHE: dict[str, tuple[str, str | None, bool, str, bool]] = {}
_CACHE_LIMIT = 32_768  # entries per cache (of the texts of single tokens); a full cache starts again


def tokenize(norm: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of the normalised text with folding applied (but no tags yet). With `start` and `end`,
    only the tokens of `norm[start:end]`, with their spans in `norm`."""
    toks: list[Token] = []
    app = toks.append
    cache = _WORD_CACHE
    singles = 0
    for m in _TOKEN.finditer(norm, start, len(norm) if end is None else end):
        raw = m.group()
        ent = cache.get(raw)
        if ent is None:
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            ent = cache[raw] = _word_entry(raw)
        text, cls, cap, obf, single = ent
        s, e = m.span()
        app(Token(text, s, e, {cls} if cls else set(), cap, obf))
        singles += single
    # a run of spaced letters needs two single letters (a two-letter pronoun in a spaced-out sentence: "z e")
    return _join_spaced(toks, norm) if singles >= 2 else toks


_Spec = tuple[str, int, int, bool, str, frozenset[str], str, str, str]


_NUM = frozenset({"NUM"})


def _tagged_entry(raw: str) -> tuple[tuple[_Spec, ...], bool]:
    """`tokenize`, `_repair` and the single-word tagging of one raw token, a pure function of its text:
    the tokens it becomes, each (text, start offset, end offset or -1 for the end, capital, obfuscation,
    classes, group, role, crime), and whether it is a single letter (spaced-letter runs are joined first).

    A number (ASCII digits, not two of them, not a word of the lexicon such as a code) is taken straight:
    the long way gives it NUM and nothing else (no leet reading: a word of digits alone is read as leet
    only when it has two characters). New messages are full of new numbers: phones, dates, house numbers."""
    if len(raw) != 2 and raw.isdigit() and raw.isascii() and raw not in _KNOWN:
        return ((raw, 0, -1, False, "", _NUM, "", "", ""),), False
    return _tagged_entry_long(raw)


def _tagged_entry_long(raw: str) -> tuple[tuple[_Spec, ...], bool]:
    """`_tagged_entry` the long way, for any raw token."""
    text, cls, cap, obf, single = _word_entry(raw)
    t = Token(text, 0, len(raw), {cls} if cls else set(), cap, obf)
    toks = _repair([t])
    _tag_words(toks)
    specs = tuple((x.text, x.start, x.end if x.end < len(raw) else -1, x.cap, x.obf, frozenset(x.classes), x.group,
                   x.role, x.crime) for x in toks)
    return specs, single


_TAGGED_CACHE: dict[str, tuple[tuple[_Spec, ...], bool]] = {}


def tag_span(norm: str, start: int = 0, end: int | None = None) -> list[Token]:
    """`tag(tokenize(norm, start, end))`, with what depends on one raw token alone cached by its text."""
    return _tag_span(norm, start, len(norm) if end is None else end)[0]


def _tag_span(norm: str, start: int, end: int) -> tuple[list[Token], set[str]]:
    """`tag_span` and the classes `_tag_context` saw."""
    cache = _TAGGED_CACHE
    toks: list[Token] = []
    app = toks.append
    singles = 0
    for m in _TOKEN.finditer(norm, start, end):
        raw = m.group()
        ent = cache.get(raw)
        if ent is None:
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            ent = cache[raw] = _tagged_entry(raw)
        specs, single = ent
        s, e = m.span()
        for text, ds, de, cap, obf, cls, group, role, crime in specs:
            t = Token(text, s + ds, e if de < 0 else s + de, set(cls), cap, obf)
            if group:
                t.group = group
            if role:
                t.role = role
            if crime:
                t.crime = crime
            app(t)
        singles += single
    if singles >= 2:  # a run of spaced letters may be joined before the repairs: the long way
        toks = _repair(tokenize(norm, start, end))
        _tag_words(toks)
    return _tag_context(_join_split(toks, norm))


# what a word split in two or three by spaces must be to be joined: a group, a slur, a violent verb, a dehumanising or
# derogatory word ("mos lims", "ne gers", "zwar ten", "af ma ken")
_JOIN_CLASSES = frozenset({"GRP", "SLUR", "SLUR_AMB", "VINF", "VFIN", "VPART", "VNOUN", "DEHUM", "NEG_ATTR"})
_JOIN_PART_MAX = 7


def _join_prefixes() -> frozenset[str]:
    out: set[str] = set()
    for w, cls in LEX.words.items():
        if len(w) >= 6 and w.isalpha() and not cls.isdisjoint(_JOIN_CLASSES):
            out.update(w[:k] for k in range(2, min(_JOIN_PART_MAX, len(w) - 2) + 1))
    return frozenset(out)


_JOIN_PREFIXES = _join_prefixes()


def _first_piece(raw: str) -> bool:
    """Whether a raw token (lower case) may be the first piece of a word split by spaces (see `_join_split`)."""
    return raw in _JOIN_PREFIXES and (len(raw) <= 2 or raw not in LEX.words)


def _joinable(w: str) -> bool:
    """Whether pieces that spell `w` are joined: a lexicon word of six letters or more of one of `_JOIN_CLASSES`."""
    cls = LEX.words.get(w)
    return len(w) >= 6 and cls is not None and not cls.isdisjoint(_JOIN_CLASSES)


def _split_piece(raw: str) -> bool:
    """Whether a raw token (lower case) may be a piece of a word split by spaces: letters only, at most seven, and no
    word of the lexicon unless of one or two letters."""
    return raw.isalpha() and len(raw) <= _JOIN_PART_MAX and (len(raw) <= 2 or raw not in LEX.words)


def _joins(ms: list[re.Match[str]], i: int) -> bool:
    """Whether the raw tokens from `ms[i]` on (a first piece, `_first_piece`) make a word `_join_split` joins: the fast
    path's check, on the regular expression's matches instead of tokens."""
    w = ms[i].group().lower()
    end = ms[i].end()
    for k in (1, 2):
        if i + k >= len(ms) or ms[i + k].start() != end + 1:
            return False
        nxt = ms[i + k].group().lower()
        if not _split_piece(nxt):
            return False
        w += nxt
        end = ms[i + k].end()
        if _joinable(w):
            return True
    return False


def _join_split(toks: list[Token], norm: str) -> list[Token]:
    """Join two or three adjacent pieces of a word split by single spaces into the word, where the pieces are short,
    none of them (but a piece of one or two letters) a word the lexicon knows, and the word is a group, a slur or a
    word of violence or derogation the lexicon knows: "ik sla die mos lims allemaal kapot", "gaan wij die zwar ten
    persoonlijk af ma ken". The joined token spans the pieces in the text."""
    n = len(toks)
    out: list[Token] | None = None
    i = 0
    while i < n:
        t = toks[i]
        joined = None
        first = norm[t.start:t.end].lower() if t.end - t.start <= _JOIN_PART_MAX else ""
        if first and i + 1 < n and toks[i + 1].start == t.end + 1 and _first_piece(first):
            for k in (3, 2):
                if i + k > n:
                    continue
                parts = toks[i:i + k]
                raws = [norm[p.start:p.end].lower() for p in parts]
                if not all(map(_split_piece, raws)) or any(parts[j].end + 1 != parts[j + 1].start for j in range(k - 1)):
                    continue
                w = "".join(raws)
                if _joinable(w):
                    joined = (k, w)
                    break
        if joined is None:
            if out is not None:
                out.append(t)
            i += 1
            continue
        if out is None:
            out = toks[:i]
        k, w = joined
        j = Token(w, t.start, toks[i + k - 1].end, cap=t.cap, obf="spaced")
        tags = _word_tags(w)
        if tags is not None:
            j.classes, j.group, j.role, j.crime = set(tags[0]), tags[1], tags[2], tags[3]
        out.append(j)
        i += k
    return toks if out is None else out


def _join_spaced(toks: list[Token], norm: str) -> list[Token]:
    """Join runs of single letters separated by single spaces ("v r o u w e n") into a known word."""
    out: list[Token] = []
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        if len(t.text) == 1 and t.text.isalpha():
            j = i
            while (j + 1 < n and len(toks[j + 1].text) == 1 and toks[j + 1].text.isalpha()
                   and toks[j + 1].start == toks[j].end + 1 and norm[toks[j].end] == " "):
                j += 1
            if j - i + 1 == 2 and (toks[i].text + toks[j].text) in _SHORT_SPACED and (
                    norm[max(0, t.start - 2):t.start] == "  " or norm[toks[j].end:toks[j].end + 2] == "  "):
                # a two-letter pronoun inside a spaced-out sentence ("w e e t  z e  w o o n t")
                out.append(Token(t.text + toks[j].text, t.start, toks[j].end, cap=t.cap, obf="spaced"))
                i = j + 1
                continue
            if j - i + 1 >= 3:
                word = "".join(x.text for x in toks[i:j + 1])
                # the longest known prefix: "t e e f" -> "teef"
                for k in range(j, i + 1, -1):
                    cand = "".join(x.text for x in toks[i:k + 1])
                    if _is_known(cand) and len(cand) >= 3:
                        out.append(Token(cand, t.start, toks[k].end, cap=t.cap, obf="spaced"))
                        i = k + 1
                        break
                else:
                    # no known prefix: a run that stands alone between double spaces or punctuation is one
                    # word all the same ("w e e t  w a a r")
                    end = toks[j].end
                    if j - i + 1 >= 4 and (end >= len(norm) or not norm[end].isalnum()):
                        out.append(Token(word, t.start, end, cap=t.cap, obf="spaced"))
                        i = j + 1
                    else:
                        out.append(t)
                        i += 1
                del word
                continue
        out.append(t)
        i += 1
    return out


_RUN3 = re.compile(r"([a-z])\1{2,}")
_FUNCTION_WORDS = L.GLUE_WORDS | frozenset(
    "moeten moet worden wordt word gaan gaat kunnen kan mogen mag zullen willen wil hebben heb heeft".split())


def _squeezed(w: str) -> str | None:
    """A word with a letter stretched three times or more ("haaat", "doooood", "kaaanker"): the known word with that
    letter twice, or else once."""
    if _RUN3.search(w) is None:
        return None
    for repl in (r"\1\1", r"\1"):
        cand = _RUN3.sub(repl, w)
        if _is_known(cand):
            return cand
    return None


def _chat_ending(w: str) -> str | None:
    """A verb or plural written without its last "e" as chat writes it ("moetn", "hebbn", "wordn"), or with its last
    two letters swapped ("wordne"): the known word."""
    if len(w) >= 5 and w[-1] == "n" and w[-2] not in "aeiouy":
        cand = w[:-1] + "en"
        if _is_known(cand):
            return cand
    if len(w) >= 6 and w.endswith("ne"):  # (not "gene": "geen" would be a negation where there is none)
        cand = w[:-2] + "en"
        if _is_known(cand):
            return cand
    return None


def _segments(w: str) -> tuple[str, ...] | None:
    """A run of three to eight words written without spaces ("ikhaatallemoslims", "doodaanallevrouwen"): the
    parts, each a glue word, a content word or a known word of four letters or more, one of them a content word and
    two of them function words; the fewest parts."""
    n = len(w)
    if n < 12:
        return None
    best: list[tuple[int, int] | None] = [None] * (n + 1)  # best[i]: (parts, start of the last part) for w[:i]
    best[0] = (0, 0)
    for i in range(2, n + 1):
        for j in range(max(0, i - 20), i - 1):
            prev = best[j]
            if prev is None or prev[0] >= 8:
                continue
            part = w[j:i]
            # (a glue word, a content word, or a known word of four letters or more: "der", "en" are no parts)
            if part in L.GLUE_WORDS or part in LEX.content or (len(part) >= 4 and part in _KNOWN):
                if best[i] is None or prev[0] + 1 < best[i][0]:  # type: ignore[index]
                    best[i] = (prev[0] + 1, j)
    if best[n] is None or best[n][0] < 3:
        return None
    parts: list[str] = []
    i = n
    while i > 0:
        j = best[i][1]  # type: ignore[index]
        parts.append(w[j:i])
        i = j
    parts.reverse()
    # a sentence has function words ("ik", "alle", "aan", "moeten"), a compound has none ("na|ver|tellen")
    if not any(p in LEX.content for p in parts) or sum(p in _FUNCTION_WORDS for p in parts) < 2:
        return None
    return tuple(parts)


@lru_cache(maxsize=8192)
def glued_sentence(word: str) -> bool:
    """Whether a word (lower case, letters only) is a sentence written without spaces that the tagger takes apart
    (`_segments`): the intent pre-check then looks at its message."""
    return not _is_known(word) and _split_glued(word) is None and _segments(word) is not None


def _repair_word(w: str) -> tuple[str, ...] | None:
    """The repair of one unknown word: (corrected,), the parts of a glued word, or None."""
    if w.endswith("'s") and w[:-2].isalpha() and not _is_known(w):
        # a plural with an apostrophe at the end of a sentence without spaces: "doodaanallehomo's"
        parts = _segments(w[:-2])
        if parts and _is_known(parts[-1] + "'s"):
            return parts[:-1] + (parts[-1] + "'s",)
        glued = _split_glued(w[:-2])  # a glue word and a plural: "allehomo's"
        if glued and _is_known(glued[1] + "'s"):
            return glued[0], glued[1] + "'s"
        fz = _fuzzy(w)  # a typo in a plural with an apostrophe: "hmoo's"
        return (fz,) if fz else None
    chat = L.CHAT_WORDS.get(w)
    if chat is not None and not _is_known(w):
        return tuple(chat.split(" "))  # "gwn" -> "gewoon", "kga" -> "ik ga"
    if _is_known(w) or not w.isalpha() or len(w) < 4:
        return None
    fz = _squeezed(w) or _fuzzy(w) or _chat_ending(w)
    if fz:
        return (fz,)
    return _split_glued(w) or _glue_pair(w) or _segments(w)


def _glue_pair(w: str) -> tuple[str, str] | None:
    """Two function words written as one ("ikga", "aldie", "zijnze"), unless that is a Dutch word of its own ("opdat",
    "nogal": the typo tables' exceptions list them)."""
    if len(w) > 9 or w in _EXCEPTIONS:
        return None
    for i in range(2, len(w) - 1):
        if w[:i] in L.GLUE_WORDS and w[i:] in L.GLUE_WORDS:
            return w[:i], w[i:]
    return None


# short typos repaired only right after a first-person subject: a letter dropped from a verb of feeling
_AFTER_SUBJECT = {"hat": "haat", "hate": "haat", "haatt": "haat", "walgg": "walg", "wlag": "walg"}
_SUBJECTS = frozenset({"ik", "'k", "k", "we", "wij", "ikke"})


def _repair_after_subject(toks: list[Token], texts: list[str]) -> None:
    """A short typo, too short for the typo tables, repaired right after a first-person subject ("ik hat ...")."""
    for i in range(1, len(toks)):
        t = toks[i]
        fixed = _AFTER_SUBJECT.get(t.text)
        if fixed and not t.classes and not t.obf and texts[i - 1] in _SUBJECTS:
            t.text, t.obf = texts[i] = fixed, "fuzzy"
            info = _word_tags(fixed)
            if info is not None:
                t.classes |= info[0]
                t.group, t.role, t.crime = info[1], info[2], info[3]


_HATRED_NOUN_BEFORE = frozenset({"de", "die", "deze", "al", "alle", "zoveel", "veel", "ondanks", "vol", "zonder", "van",
                                 "tegen", "over", "met", "zo'n", "online", "pure", "blinde", "hoeveel", "puur", "zulke",
                                 "aan", "meer", "minder", "openlijke"})
_HATRED_NOUN_AFTER = frozenset({"tegen", "jegens", "richting"})
_HATRED_SPREAD = frozenset({"spugen", "spuien", "spuit", "spuwen", "zaaien", "verspreiden"})


def _hatred_noun(texts: list[str], i: int, n: int) -> int:
    """Where "haat" at `i` is the noun, the hatred others feel, receive or spread ("ondanks al die haat", "hoeveel
    haat vrouwen hier over zich heen krijgen", "haat tegen moslims", "haat te spugen over homo's"): 1, or 1 + the
    offset of the verb of spreading after it; 0 where it is the verb."""
    nxt = texts[i + 1] if i + 1 < n else ""
    if nxt in _HATRED_SPREAD:
        return 2
    if nxt == "te" and i + 2 < n and texts[i + 2] in _HATRED_SPREAD:
        return 3
    return int((i > 0 and texts[i - 1] in _HATRED_NOUN_BEFORE) or nxt in _HATRED_NOUN_AFTER)

_REPAIR_CACHE: dict[str, tuple[str, ...] | None] = {}
_MISS = object()


def _repair(toks: list[Token]) -> list[Token]:
    """Split glued words and correct typos towards the lexicon (only for unknown alphabetic tokens)."""
    out: list[Token] = []
    app = out.append
    cache = _REPAIR_CACHE
    for t in toks:
        if t.obf or t.classes:
            app(t)
            continue
        w = t.text
        r = cache.get(w, _MISS)
        if r is _MISS:
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            r = cache[w] = _repair_word(w)
        if r is None:
            app(t)
        elif len(r) == 1:
            t.text, t.obf = r[0], "fuzzy"
            app(t)
        else:
            pos = t.start
            last = len(r) - 1
            for k, part in enumerate(r):
                # (the last part ends where the written word does: "zien*je" is written longer than its parts)
                end = t.end if k == last else pos + len(part)
                app(Token(part, pos, end, cap=t.cap and k == 0, obf="glued"))
                pos = end
    return out


# ------------------------------------------------------------------------------------------------
# tagging
# ------------------------------------------------------------------------------------------------

_PERSON_PRON = frozenset({"P2", "P3"})
_PROFANE_PRE = ("kanker", "tyfus", "tering", "kut", "klere", "pleuris", "kolere", "rot", "vuile")
_PERSONISH_SRC = frozenset({"GRP", "ROLE", "SLUR", "PERSON", "PROFANE_NOUN"})
_ABUSE_HEADS = ("lijer", "lijders", "lijers", "hond", "honden", "wijf", "wijven", "joch", "kind", "jong", "vent",
                "gozer", "mongool", "hoer", "hoeren", "slet", "sletten", "flikker", "flikkers", "neger", "mof",
                "turk", "turken", "jood", "joden", "agent", "agenten", "wout", "wouten", "smeris", "boa", "mens",
                "mensen", "man", "vrouw", "lul", "trut", "kop", "bek", "zak", "rat", "varken", "beest")
_SPECIFIC_DET = frozenset({"mijn", "m'n", "zijn", "z'n", "haar", "d'r", "jouw", "je", "uw", "onze", "ons", "hun"})


def _plural(w: str) -> bool:
    return w.endswith(("en", "s", "'s", "ici", "ers")) and len(w) > 4


def _person_suffix(w: str) -> bool:
    if len(w) < 5 or w in L.NOT_PERSON_WORDS or not w.isalpha():
        return False
    return w.endswith(("ers", "aars", "isten", "ici", "anen", "iers", "eurs", "ezen", "lingen", "anten",
                       "enten", "ieten", "genoten", "sters", "trices", "ianen", "makers", "ologen"))


def _word_tags(w: str) -> tuple[frozenset[str], str, str, str] | None:
    """Classes, group, role and crime the lexicon gives one word on its own, compounds with an abusive
    prefix ("kankermarokkanen", "kuthoer") included; None when it gives nothing."""
    t = Token(w, 0, 0)
    cls = LEX.words.get(t.text)
    if cls:
        t.classes |= cls
        g = LEX.group_of.get(t.text) or LEX.slur_group.get(t.text)
        if g:
            t.group = g
        r = LEX.role_of.get(t.text)
        if r:
            t.role = r
        c = LEX.crime_of.get(t.text)
        if c:
            t.crime = c
    # compounds with an abusive prefix: "kankermarokkanen", "kuthoer"
    if len(w) > 6 and w.startswith(_PROFANE_PRE) and w.isalpha() and "PROFANE_NOUN" not in t.classes:
        for pre in ("kanker", "tyfus", "tering", "kut", "klere", "pleuris", "kolere", "rot", "vuile"):
            if w.startswith(pre) and len(w) - len(pre) >= 3:
                rest = w[len(pre):]
                rc = LEX.words.get(rest)
                if rc is not None or pre != "rot":
                    personal = (rc is not None and bool(rc & {"GRP", "SLUR", "SLUR_AMB", "PERSON", "ROLE",
                                                              "PROFANE_NOUN"})) or rest.endswith(_ABUSE_HEADS)
                    t.classes.add("PROFANE_NOUN" if personal else "PROFANITY")
                    if rc and rc & {"GRP", "SLUR_AMB", "SLUR"}:
                        t.classes.add("SLUR")
                        t.group = LEX.group_of.get(rest) or LEX.slur_group.get(rest, "")
                    if rc and "ROLE" in rc:
                        t.classes.add("ROLE")
                        t.role = LEX.role_of.get(rest, "")
                break
    # an @mention ("@femke.journo", "@raadslid_deboer"): an account, mostly a person's, named or addressed
    if not t.classes and len(w) > 1 and w[0] == "@" and w[1].isalnum():
        t.classes.add("HANDLE")
    if not (t.classes or t.group or t.role or t.crime):
        return None
    return frozenset(t.classes), t.group, t.role, t.crime


_TAG_CACHE: dict[str, tuple[frozenset[str], str, str, str] | None] = {}
_SUFFIX_CACHE: dict[str, bool] = {}


def tag(toks: list[Token]) -> list[Token]:
    toks = _repair(toks)
    _tag_words(toks)
    return _tag_context(toks)[0]


def _tag_words(toks: list[Token]) -> None:
    """Single words (a token before tagging has at most NUM, PUNCT or QUOTE; its group, role, crime are "")."""
    cache = _TAG_CACHE
    for t in toks:
        if "PUNCT" in t.classes or "QUOTE" in t.classes:
            continue
        w = t.text
        info = cache.get(w, _MISS)
        if info is _MISS:
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            info = cache[w] = _word_tags(w)
        if info is not None:
            t.classes |= info[0]
            t.group, t.role, t.crime = info[1], info[2], info[3]


# multi-word entries by their first two words (each has at least two), in the order of LEX.mwes
_MWE_PAIRS: dict[tuple[str, str], list[tuple[tuple[str, ...], frozenset[str]]]] = {}
for _items in LEX.mwes.values():
    for _parts, _cls in _items:
        _MWE_PAIRS.setdefault((_parts[0], _parts[1]), []).append((_parts, _cls))


def _tag_context(toks: list[Token]) -> tuple[list[Token], set[str]]:
    """What depends on the neighbours: multi-word entries, group adjectives, determiners, person heuristics.
    Returns the tokens and the classes present after the multi-word entries (a superset of what the
    later steps leave, but for GRP, PERSON and the person classes they may add)."""
    n = len(toks)
    # multi-word entries
    texts = [t.text for t in toks]
    if not _AFTER_SUBJECT.keys().isdisjoint(texts):
        _repair_after_subject(toks, texts)
    mwes = LEX.mwes
    pairs = _MWE_PAIRS
    for i, w in enumerate(texts):
        # the entries for the first two words, in the order of LEX.mwes (longest first)
        if w in mwes and i + 1 < n:
            for parts, cls in pairs.get((w, texts[i + 1]), ()):
                k = len(parts)
                if i + k <= n and tuple(texts[i:i + k]) == parts:
                    phrase = " ".join(parts)
                    g = LEX.group_of.get(phrase) or LEX.slur_group.get(phrase)
                    r = LEX.role_of.get(phrase)
                    c = LEX.crime_of.get(phrase)
                    content = bool(cls & CONTENT_CLASSES)
                    for j in range(k):
                        tj = toks[i + j]
                        tj.classes |= cls
                        if g:
                            tj.group = g
                        if r:
                            tj.role = r
                        if c:
                            tj.crime = c
                        if content and "NEG" in tj.classes:
                            tj.negidiom = True
                    break
    present: set[str] = set().union(*[t.classes for t in toks])
    # "haat" as a noun is the hatred others feel, receive or spread, not the writer's ("ondanks al die haat", "haat te
    # spugen over ..."; the verb of spreading is no feeling of the writer's either)
    if "NEG_EMOTE" in present:
        for i in range(n):
            if texts[i] == "haat":
                noun = _hatred_noun(texts, i, n)
                if noun:
                    toks[i].classes.discard("NEG_EMOTE")
                    if noun > 1:
                        toks[i + noun - 1].classes.discard("NEG_EMOTE")
    # group adjective + person noun: "zwarte jongens", "joodse buren"
    if "GRP_ADJ" in present:
        for i in range(n - 1):
            a, b = toks[i], toks[i + 1]
            if "GRP_ADJ" in a.classes and ("PERSON" in b.classes or "GRP" in b.classes or "ROLE" in b.classes):
                a.classes.add("GRP")
                b.classes.add("GRP")
                b.group = b.group if "GRP" in b.classes and b.group and b.group != "women" else a.group
                a.group = b.group
    # a singular group noun with a definite or possessive determiner is one person, not the group
    if "GRP" in present or "GRP_ADJ" in present:
        for i in range(1, n):
            t = toks[i]
            if "GRP" in t.classes and t.group and not _plural(t.text) and \
                    toks[i - 1].text in _SPECIFIC_DET and "GRP" not in toks[i - 1].classes:
                t.classes.discard("GRP")
                t.classes.add("PERSON")
    # person heuristics
    suffix = _SUFFIX_CACHE
    for t in toks:
        c = t.classes
        if not c:
            w = t.text
            ps = suffix.get(w)
            if ps is None:
                if len(suffix) >= _CACHE_LIMIT:
                    suffix.clear()
                ps = suffix[w] = _person_suffix(w)
            if ps:
                c.add("PERSONISH")
                c.add("PERSON_GUESS")
        elif not c.isdisjoint(_PERSONISH_SRC) or not c.isdisjoint(_PERSON_PRON):
            c.add("PERSONISH")
    return toks, present


def mark_names(toks: list[Token], sent_starts: set[int]) -> None:
    """A capitalised unknown word that does not start a sentence is taken as a name (PERSON_GUESS)."""
    for i, t in enumerate(toks):
        if t.cap and i not in sent_starts and t.text.isalpha() and not t.classes and len(t.text) > 1:
            prev = toks[i - 1] if i else None
            if prev is not None and (prev.text in ("\n", ":", '"') or "QUOTE" in prev.classes):
                continue
            t.classes.update(("PERSONISH", "PERSON_GUESS", "NAME"))


# ------------------------------------------------------------------------------------------------
# quotes and sentences
# ------------------------------------------------------------------------------------------------

_OPEN = {"“": "”", "„": "”", "«": "»", "‹": "›", "‘": "'"}


def quote_spans(toks: list[Token], norm: str) -> list[tuple[int, int]]:
    """Token index ranges (open, close) of quoted stretches."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    closer = ""
    for i, t in enumerate(toks):
        if "QUOTE" not in t.classes:
            continue
        ch = t.text
        if open_at is None:
            if ch in _OPEN:
                open_at, closer = i, _OPEN[ch]
            elif ch in ('"', "'"):
                before = norm[t.start - 1] if t.start else " "
                after = norm[t.end] if t.end < len(norm) else " "
                if ch == "'" and (before.isalnum() or not after.isalnum()):
                    continue
                open_at, closer = i, ch
        else:
            if ch == closer or (closer == "”" and ch in ('"', "“")) or (closer == "'" and ch == "'"):
                if ch == "'":
                    after = norm[t.end] if t.end < len(norm) else " "
                    if after.isalnum():
                        continue
                spans.append((open_at, i))
                open_at = None
    return spans


# the longest sentence the rules read whole: a longer run of words without a full stop (a pasted text, a flood) is cut
# into pieces of this many tokens, so that the guards, which read a candidate's sentence, cost no more than the text's
# length (20 KB of one "sentence" took seconds, 100 KB a minute)
MAX_SENTENCE_TOKENS = 120


def sentences(toks: list[Token], quotes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token index ranges [start, end) of sentences; a sentence does not end inside a quote, and none is longer than
    `MAX_SENTENCE_TOKENS`."""
    inside = set()
    for a, b in quotes:
        inside.update(range(a, b + 1))
    out: list[tuple[int, int]] = []
    start = 0
    for i, t in enumerate(toks):
        if (t.text in _SENT_END and i not in inside) or t.text == "\n":
            if i + 1 > start:
                out.append((start, i + 1))
            start = i + 1
    if start < len(toks):
        out.append((start, len(toks)))
    return _capped(out)


def _capped(sents: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`sents` with every range longer than `MAX_SENTENCE_TOKENS` cut into pieces of that many tokens."""
    if all(b - a <= MAX_SENTENCE_TOKENS for a, b in sents):
        return sents
    out: list[tuple[int, int]] = []
    for a, b in sents:
        while b - a > MAX_SENTENCE_TOKENS:
            out.append((a, a + MAX_SENTENCE_TOKENS))
            a += MAX_SENTENCE_TOKENS
        out.append((a, b))
    return out


def _piece(text: str, classes: frozenset[str]) -> str:
    w = text.replace("#", "_").replace(" ", "_")
    if classes:
        return w + "#" + "#".join(sorted(classes)) + "# "
    return w + "# "


_RENDER_CACHE: dict[tuple[str, frozenset[str]], str] = {}


def render(toks: list[Token], a: int, b: int) -> tuple[str, list[int]]:
    """The view string of tokens [a, b) and the view offset of each token."""
    parts: list[str] = []
    offs: list[int] = []
    pos = 0
    cache = _RENDER_CACHE
    for t in toks[a:b]:
        key = (t.text, frozenset(t.classes))
        s = cache.get(key)
        if s is None:
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            s = cache[key] = _piece(*key)
        offs.append(pos)
        parts.append(s)
        pos += len(s)
    return "".join(parts), offs


# ------------------------------------------------------------------------------------------------
# a whole window at once
# ------------------------------------------------------------------------------------------------

_PLURAL_PRON = frozenset({"ze", "zij", "hen", "hun", "jullie"})


# a sentence's first word "die" or "deze" before a plural verb stands for people named before: "Moslims hè? Die zijn
# echt walgelijk"
_DEM_PRON = frozenset({"die", "deze"})
_PLURAL_VERBS = frozenset({"zijn", "hebben", "moeten", "kunnen", "willen", "mogen", "horen", "doen", "gaan", "worden",
                           "zouden", "waren", "hadden", "blijven", "maken", "verdienen"})


_DEROG_NOUNS = frozenset({"DEHUM", "DEHUM_WEAK", "PROFANE_NOUN"})


def coref(toks: list[Token], sents: list[tuple[int, int]]) -> None:
    """Give plural pronouns the group of an antecedent earlier in the sentence or in the one before."""
    prev: Token | None = None
    for a, b in sents:
        here: Token | None = None
        for i in range(a, b):
            t = toks[i]
            if "GRP" in t.classes and t.group and t.text not in _PLURAL_PRON:
                here = t
            elif ((t.text in _PLURAL_PRON or (i == a and t.text in _DEM_PRON and i + 1 < b
                                              and toks[i + 1].text in _PLURAL_VERBS)
                   # "... vrouwen veroorzaken? Kunnen die parasieten niet gewoon oprotten?"
                   or (t.text in ("die", "deze") and i + 1 < b and toks[i + 1].classes & _DEROG_NOUNS)
                   # "het zijn nutteloze klaplopers", "wat een smerige wezens zijn het"
                   or (t.text == "het" and ((i + 1 < b and toks[i + 1].text in ("zijn", "waren"))
                                            or (i > a and toks[i - 1].text in ("zijn", "waren")))))
                  and "GRP" not in t.classes):
                ante = here or prev
                if ante is not None:
                    t.classes.add("GRP")
                    t.group = ante.group
                    t.coref = True
        prev = here


# what the analyzer reads of a window's tokens, token by token: texts, classes as "@CLASS" keys, rendered pieces
# (see `render`) and their lengths
Arrays = tuple[list[str], list[frozenset[str]], list[str], list[int]]
_AT_CACHE: dict[frozenset[str], frozenset[str]] = {}


def _at_keys(classes: frozenset[str]) -> frozenset[str]:
    r = _AT_CACHE.get(classes)
    if r is None:
        if len(_AT_CACHE) >= _CACHE_LIMIT:
            _AT_CACHE.clear()
        r = _AT_CACHE[classes] = frozenset(["@" + c for c in classes])
    return r


def window_arrays(toks: list[Token]) -> Arrays:
    """Texts, "@" class keys, rendered pieces and their lengths of the tokens (of `render(toks, 0, len(toks))`)."""
    texts: list[str] = []
    ats: list[frozenset[str]] = []
    pieces: list[str] = []
    cache = _RENDER_CACHE
    for t in toks:
        cls = frozenset(t.classes)
        key = (t.text, cls)
        s = cache.get(key)
        if s is None:
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            s = cache[key] = _piece(*key)
        texts.append(t.text)
        ats.append(_at_keys(cls))
        pieces.append(s)
    return texts, ats, pieces, [len(p) for p in pieces]


class Tagged:
    """A window as the analyzer reads it: quotes, sentences, the arrays (`window_arrays`) and the tokens, which
    `tag_window` makes only when they are asked for (`tokens`): most windows are ruled out by their arrays alone."""

    __slots__ = ("quotes", "sents", "arrays", "_toks", "_ms", "_ents", "_names")

    def __init__(self, quotes: list[tuple[int, int]], sents: list[tuple[int, int]], arrays: Arrays,
                 toks: list[Token] | None, ms: list[re.Match[str]] | None = None, ents: list[_FastEntry] | None = None,
                 names: list[int] | None = None) -> None:
        self.quotes = quotes
        self.sents = sents
        self.arrays = arrays
        self._toks = toks
        self._ms = ms
        self._ents = ents
        self._names = names

    def tokens(self) -> list[Token]:
        toks = self._toks
        if toks is None:
            toks = self._toks = []
            app = toks.append
            for (text, cap, obf, cls, group, role, crime, _f, _a, _p, _n), (s, e) in zip(
                    self._ents, map(_match_span, self._ms)):  # type: ignore[arg-type]
                app(Token(text, s, e, set(cls), cap, obf, group, role, crime))
            for i in self._names or ():
                toks[i].classes.update(("PERSONISH", "PERSON_GUESS", "NAME"))
            self._ms = self._ents = None
        return toks

    def bounds(self, a: int, b: int) -> tuple[int, int]:
        """The start of token a and the end of token b - 1 in the text."""
        if self._toks is not None:
            return self._toks[a].start, self._toks[b - 1].end
        return self._ms[a].start(), self._ms[b - 1].end()  # type: ignore[index]


def tag_window_plain(norm: str, start: int, end: int) -> Tagged:
    """A window as the analyzer reads it: tokens tagged (`_tag_span`), quotes, sentences, names (`mark_names`),
    plural pronouns resolved (`coref`), and the window's arrays (`window_arrays`)."""
    toks, seen = _tag_span(norm, start, end)
    quotes = quote_spans(toks, norm) if "QUOTE" in seen else []
    sents = sentences(toks, quotes)
    mark_names(toks, {a for a, _ in sents})
    if "GRP" in seen or "GRP_ADJ" in seen:  # no group word, no antecedent
        coref(toks, sents)
    return Tagged(quotes, sents, window_arrays(toks), toks)


# `tag_window_plain` in one pass over the tokens where the window holds nothing that depends on neighbours (no
# multi-word entry, no group word or adjective, no quote, no run of spaced letters): then every token's classes are
# what its text alone gives, with the person heuristics of `_tag_context` applied, and are known with its text
_F_MWE, _F_END, _F_NAME, _F_LONG, _F_SINGLE, _F_PIECE = 1, 2, 4, 8, 16, 32
_LONG_CLASSES = frozenset({"GRP", "GRP_ADJ", "QUOTE"})
_NAME_CLASSES = frozenset({"PERSONISH", "PERSON_GUESS", "NAME"})
_FastEntry = tuple[str, bool, str, frozenset[str], str, str, str, int, frozenset[str], str, int]


class _FastCache(dict):
    """`_fast_entry` by raw token text; a full cache starts again."""

    def __missing__(self, raw: str) -> _FastEntry:
        if len(self) >= _CACHE_LIMIT:
            self.clear()
        ent = self[raw] = _fast_entry(raw)
        return ent


_FAST_CACHE = _FastCache()


def _person_classes(text: str, cls: frozenset[str]) -> frozenset[str]:
    """The classes the person heuristics of `_tag_context` leave a token with these classes alone."""
    if not cls:
        return frozenset({"PERSONISH", "PERSON_GUESS"}) if _person_suffix(text) else cls
    if not cls.isdisjoint(_PERSONISH_SRC) or not cls.isdisjoint(_PERSON_PRON):
        return cls | {"PERSONISH"}
    return cls


def _fast_entry(raw: str) -> _FastEntry:
    """One raw token for `tag_window`: (text, capital, obfuscation, classes, group, role, crime, flags, "@" keys,
    piece, its length); flagged _F_LONG where it becomes other than one token over its whole span (a glued word)."""
    specs, single = _tagged_entry(raw)
    text, ds, de, cap, obf, cls, group, role, crime = specs[0]
    final = _person_classes(text, cls)
    flags = 0
    if len(specs) != 1 or ds != 0 or de != -1:
        flags |= _F_LONG  # a glued word: the window goes the long way
    if text in LEX.mwes:
        flags |= _F_MWE
    if text in _SENT_END or text == "\n":
        flags |= _F_END
    if cap and text.isalpha() and not final and len(text) > 1:
        flags |= _F_NAME
    if not cls.isdisjoint(_LONG_CLASSES) or text == "haat":
        flags |= _F_LONG  # ("haat" is a feeling or a noun by its neighbours: `_hatred_noun`)
    if single:
        flags |= _F_SINGLE
    if raw.isalpha() and _first_piece(raw.lower()):
        flags |= _F_PIECE  # maybe the first piece of a word split by a space ("mos lims"): see `_join_split`
    piece = _piece(text, final)
    return text, cap, obf, final, group, role, crime, flags, _at_keys(final), piece, len(piece)


_match_group = re.Match.group
_match_span = re.Match.span
_NAME_AT = _at_keys(_NAME_CLASSES)


def tag_window(norm: str, start: int, end: int) -> Tagged:
    """`tag_window_plain(norm, start, end)`, in one pass where the window allows it; then the tokens are made
    only when asked for."""
    ms = list(_TOKEN.finditer(norm, start, end))
    if not ms:
        return tag_window_plain(norm, start, end)
    ents = list(map(_FAST_CACHE.__getitem__, map(_match_group, ms)))
    n = len(ents)
    texts = list(map(_FIELD_TEXT, ents))
    flags = list(map(_FIELD_FLAGS, ents))
    ats = list(map(_FIELD_AT, ents))
    pieces = list(map(_FIELD_PIECE, ents))
    plens = list(map(_FIELD_PLEN, ents))
    sents: list[tuple[int, int]] = []
    names: list[int] | None = None
    if any(flags):
        special = list(compress(range(n), flags))
        singles = 0
        begin = 0
        for i in special:
            f = flags[i]
            if f & _F_LONG:
                return tag_window_plain(norm, start, end)
            if f & _F_SINGLE:
                singles += 1
            if f & _F_PIECE and i + 1 < n and _joins(ms, i):
                return tag_window_plain(norm, start, end)
            if f & _F_MWE and i + 1 < n:
                for parts, _cls in _MWE_PAIRS.get((texts[i], texts[i + 1]), ()):
                    k = len(parts)
                    if i + k <= n and tuple(texts[i:i + k]) == parts:
                        return tag_window_plain(norm, start, end)
            if f & _F_END:
                if i + 1 > begin:
                    sents.append((begin, i + 1))
                begin = i + 1
        if singles >= 2:
            return tag_window_plain(norm, start, end)
        if begin < n:
            sents.append((begin, n))
        sents = _capped(sents)
        starts = None
        for i in special:
            if flags[i] & _F_NAME and i:
                if starts is None:
                    starts = {a for a, _ in sents}
                # (no token here has QUOTE: a window with one goes the long way)
                if i in starts or texts[i - 1] in ("\n", ":", '"'):
                    continue
                key = (texts[i], _NAME_CLASSES)
                p = _RENDER_CACHE.get(key)
                if p is None:
                    if len(_RENDER_CACHE) >= _CACHE_LIMIT:
                        _RENDER_CACHE.clear()
                    p = _RENDER_CACHE[key] = _piece(*key)
                ats[i] = _NAME_AT
                pieces[i] = p
                plens[i] = len(p)
                if names is None:
                    names = []
                names.append(i)
    else:
        sents = _capped([(0, n)])
    return Tagged([], sents, (texts, ats, pieces, plens), None, ms, ents, names)


_FIELD_TEXT, _FIELD_FLAGS, _FIELD_AT, _FIELD_PIECE, _FIELD_PLEN = (itemgetter(i) for i in (0, 7, 8, 9, 10))
