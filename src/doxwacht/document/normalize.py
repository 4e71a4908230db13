"""One normalisation pass shared by every detector, with an offset map back to the original.

The normalised text is what detectors search; every span they find is mapped back through the
`OffsetMap` so that findings point into the ORIGINAL text. What is folded:

* Unicode NFKC (full-width digits, ligatures, superscripts), per character cluster;
* zero-width characters and soft hyphens removed;
* homoglyphs folded to ASCII (Cyrillic and Greek look-alikes: "а" -> "a", "О" -> "O");
* obfuscated e-mail syntax: "[at]", "(at)", "{at}", " at " between brackets, "[punt]", "(dot)" ... ->
  "@" and ".";
* the letter O written for the digit 0 next to digits ("O6-123" -> "06-123"), and l/I between digits.

Spaced-out or dotted digits ("0 6 - 1 2 3 4", "06.12.34.56.78") are deliberately not collapsed here:
collapsing would merge neighbouring numbers. Detectors accept separators between digits instead
(see `doxwacht.detectors.patterns.SEP_DIGITS`), and the offset map keeps their spans exact.

The map is piecewise: identity stretches (one normalised char per original char) and atomic
replacements (a normalised run that stands for a whole original run). Text that needs no folding,
which is most text, gets the identity map without copying.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

try:  # pragma: no cover - exercised by whichever branch is installed
    import hyperscan as _hs
except ImportError:  # pragma: no cover
    _hs = None

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"

# Look-alikes NFKC leaves alone. Only letters and digits that occur in obfuscated identifiers.
HOMOGLYPHS = {
    # Cyrillic
    "а": "a", "в": "B", "е": "e", "к": "k", "м": "M", "н": "H", "о": "o", "р": "p", "с": "c",
    "т": "T", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j", "ԁ": "d", "ӏ": "l", "ԛ": "q",
    "ԝ": "w", "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "Ԁ": "D",
    # Greek
    "α": "a", "ο": "o", "ν": "v", "ρ": "p", "τ": "t", "υ": "u", "ι": "i", "κ": "k", "Α": "A",
    "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # punctuation look-alikes that matter for numbers and addresses
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-", "＠": "@", "·": ".", "•": ".",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ",
}

_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_OPEN = r"[\[\(\{<]"
_CLOSE = r"[\]\)\}>]"

# ASCII obfuscations; the group that matched decides the replacement.
_OBFUSCATION_ALTERNATIVES = "|".join(
    [
        rf"(?P<at>\s*{_OPEN}\s*(?:at|AT|At|apenstaartje|@)\s*{_CLOSE}\s*)",
        rf"(?P<dot>\s*{_OPEN}\s*(?:punt|PUNT|Punt|dot|DOT|Dot|\.)\s*{_CLOSE}\s*)",
        r"(?P<spaced_at>(?<=\w) +@ +(?=\w))",
        r"(?P<spaced_dot>(?<=\w) +\. +(?=(?i:com|nl|be|net|org|eu|de|info|io|me)\b))",
        r"(?P<zero>(?<![A-Za-z])[Oo](?=\d)|(?<![A-Za-z])O(?=[ \-]\d)|(?<=\d)[Oo](?=[\d\s.\-]))",
        r"(?P<one>(?<=\d)[lI](?=\d))",
        r"(?P<nul>\x00)",
    ]
)
# (the look-ahead in front names the characters a match can start with, as each alternative starts: a bracket, spaces
# before a bracket, "@" or ".", O, o, l, I or NUL; it changes no match, and the regex engine tries the seven
# alternatives only where it holds: 4-5 times faster over chat text)
_OBFUSCATION = re.compile(rf"(?=[\[\(\{{<OolI\x00]|\s+[\[\(\{{<@.])(?:{_OBFUSCATION_ALTERNATIVES})")
# A cheap pre-check (a superset of what _OBFUSCATION can match: each of its alternatives without the look-arounds
# and the spaces around it), true for few messages. (It was "a bracket, an @ or a ' . '", as cheap to search for, but
# true for every e-mail address, every bracket, and many texts with data blanked out, which then paid for the
# whole _OBFUSCATION scan, 100-200 ns a character.)
_ASCII_TRIGGER = re.compile(
    rf"{_OPEN}\s*(?:at|AT|At|apenstaartje|@|punt|PUNT|Punt|dot|DOT|Dot|\.)\s*{_CLOSE}| @ |"
    r" \. +(?=(?i:com|nl|be|net|org|eu|de|info|io|me)\b)|[Oo]\d|\d[OolI]|O[ \-]\d|\x00"
)
_NONASCII_RUN = re.compile(r"[^\x00-\x7f]+")
# characters that NFKC keeps but the normalisation still folds
_FOLDABLE = re.compile("[" + re.escape("".join(HOMOGLYPHS) + ZERO_WIDTH) + "]")
_ZERO_WIDTH_SET = frozenset(ZERO_WIDTH)
_FOLD_CACHE: dict[str, str] = {}


def _fold_char(ch: str) -> str:
    """The folded form of one character (cached): a homoglyph's ASCII twin, NFKC otherwise;
    zero-width characters fold to nothing."""
    folded = _FOLD_CACHE.get(ch)
    if folded is None:
        if ch in _ZERO_WIDTH_SET:
            folded = ""
        else:
            folded = HOMOGLYPHS.get(ch)
            if folded is None:
                folded = unicodedata.normalize("NFKC", ch)
                folded = "".join(HOMOGLYPHS.get(c, c) for c in folded)
        if len(_FOLD_CACHE) < 100_000:
            _FOLD_CACHE[ch] = folded
    return folded


def _obfuscation_edit(m: re.Match[str]) -> str:
    kind = m.lastgroup
    if kind in ("at", "spaced_at"):
        return "@"
    if kind in ("dot", "spaced_dot"):
        return "."
    if kind == "zero":
        return "0"
    if kind == "one":
        return "1"
    return " "  # NUL separates the messages of a batch; in the input it is a space


def _nonascii_edits(text: str, run: re.Match[str], edits: list[tuple[int, int, str]]) -> None:
    """Edits for one run of non-ASCII characters: clusters (a base and its combining marks) are
    NFKC-composed, other characters folded one by one."""
    start, end = run.span()
    i = start
    while i < end:
        ch = text[i]
        j = i + 1
        while j < end and unicodedata.combining(text[j]):
            j += 1
        if unicodedata.combining(ch):
            # a combining mark right after an ASCII base: compose with it
            base = i - 1 if i > 0 and text[i - 1].isascii() and not (edits and edits[-1][1] > i - 1) else i
            cluster = text[base:j]
            folded = "".join(_fold_char(c) for c in unicodedata.normalize("NFKC", cluster))
            if folded != cluster:
                edits.append((base, j, folded))
        elif j > i + 1:
            cluster = text[i:j]
            folded = "".join(_fold_char(c) for c in unicodedata.normalize("NFKC", cluster))
            if folded != cluster:
                edits.append((i, j, folded))
        else:
            folded = _fold_char(ch)
            if folded in ("O", "o") and ch not in "Oo":  # a look-alike O next to digits is a zero ("О６")
                after = text[i + 1 : i + 2]
                before = text[i - 1 : i] if i else ""
                if (after and _fold_char(after).isdigit()) or (before and _fold_char(before).isdigit()):
                    folded = "0"
            if folded != ch:
                edits.append((i, i + 1, folded))
        i = j


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps spans of the normalised text back to spans of the original text.

    `segments` holds (norm_start, norm_end, orig_start, orig_end, atomic) in order. An identity
    segment has equal lengths and maps character by character; an atomic one maps as a whole.
    An empty `segments` means the identity map.
    """

    segments: tuple[tuple[int, int, int, int, bool], ...] = ()
    norm_starts: tuple[int, ...] = ()

    @property
    def is_identity(self) -> bool:
        return not self.segments

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        if not self.segments:
            return start, end
        return self._start(start), self._end(end, start)

    def _start(self, pos: int) -> int:
        i = bisect_right(self.norm_starts, pos) - 1
        if i < 0:
            return 0
        ns, ne, os_, oe, atomic = self.segments[i]
        if pos >= ne:  # past the last segment: end of text
            return oe
        return os_ if atomic else os_ + (pos - ns)

    def _end(self, pos: int, start: int) -> int:
        # the segment whose inside or right edge is `pos`; an empty span maps like its start
        if pos <= start:
            return self._start(start)
        i = bisect_right(self.norm_starts, pos - 1) - 1
        if i < 0:
            return 0
        ns, ne, os_, oe, atomic = self.segments[i]
        if pos >= ne:
            return oe
        return oe if atomic else os_ + (pos - ns)


IDENTITY = OffsetMap()


def normalize(original: str) -> tuple[str, OffsetMap]:
    """Return the normalised text and the map from its spans to the original's."""
    is_ascii = original.isascii()
    needs_ascii = _ASCII_TRIGGER.search(original) is not None
    # most non-ASCII chat text is emoji and accented letters that are already NFKC: nothing to fold
    needs_unicode = not is_ascii and (
        not unicodedata.is_normalized("NFKC", original) or _FOLDABLE.search(original) is not None
    )
    if not needs_ascii and not needs_unicode:
        return original, IDENTITY
    edits: list[tuple[int, int, str]] = []
    if needs_ascii:
        edits.extend((m.start(), m.end(), _obfuscation_edit(m)) for m in _OBFUSCATION.finditer(original))
    if needs_unicode:
        nonascii: list[tuple[int, int, str]] = []
        for run in _NONASCII_RUN.finditer(original):
            _nonascii_edits(original, run, nonascii)
        if edits and nonascii:
            edits = sorted(edits + nonascii)
        else:
            edits = edits or nonascii
    if not edits:
        return original, IDENTITY

    pieces: list[str] = []
    segments: list[tuple[int, int, int, int, bool]] = []
    norm_pos = 0
    orig_pos = 0

    def add(text: str, o_start: int, o_end: int, atomic: bool) -> None:
        nonlocal norm_pos
        n = len(text)
        if n == 0:
            return  # deleted characters: no normalised text maps to them
        if not atomic and segments:
            ns, ne, os_, oe, at = segments[-1]
            if not at and ne == norm_pos and oe == o_start:
                segments[-1] = (ns, ne + n, os_, o_end, False)
                pieces.append(text)
                norm_pos += n
                return
        segments.append((norm_pos, norm_pos + n, o_start, o_end, atomic))
        pieces.append(text)
        norm_pos += n

    for s, e, repl in edits:
        if s < orig_pos:
            continue  # overlaps an earlier edit
        if s > orig_pos:
            add(original[orig_pos:s], orig_pos, s, False)
        add(repl, s, e, len(repl) != e - s)
        orig_pos = e
    if orig_pos < len(original):
        add(original[orig_pos:], orig_pos, len(original), False)
    norm = "".join(pieces)
    segs = tuple(segments)
    return norm, OffsetMap(segs, tuple(x[0] for x in segs))


# A superset of what makes `normalize` fold anything, for `normalize_many`, in Hyperscan's syntax: each
# alternative of `_OBFUSCATION` without its look-arounds, with any non-ASCII character standing in for a
# Unicode digit or space; and `_FOLDABLE`. The rest, text that is not NFKC, is checked per message.
_ANY_DIGIT = r"(?:[0-9]|[^\x00-\x7f])"
_ANY_SPACE = r"(?:[\x09-\x0d\x1c-\x20]|[^\x00-\x7f])"
_PRECHECK = (
    rf"[\[\(\{{<]{_ANY_SPACE}*(?:at|AT|At|apenstaartje|@){_ANY_SPACE}*[\]\)\}}>]",
    rf"[\[\(\{{<]{_ANY_SPACE}*(?:punt|PUNT|Punt|dot|DOT|Dot|\.){_ANY_SPACE}*[\]\)\}}>]",
    r" @ ",
    r" \. ",
    rf"[Oo]{_ANY_DIGIT}",
    rf"O[ \-]{_ANY_DIGIT}",
    rf"{_ANY_DIGIT}[Oo]",
    rf"{_ANY_DIGIT}[lI]{_ANY_DIGIT}",
    r"\x00",
    "[" + "".join(f"\\x{{{ord(c):x}}}" for c in "".join(HOMOGLYPHS) + ZERO_WIDTH) + "]",
)
_precheck_db: tuple[Any, Any] | None = None


def _precheck() -> tuple[Any, Any]:
    """The Hyperscan database of `_PRECHECK` and its scratch space (when first needed; kept compiled on
    disk between processes like the prefilter's: compiling it costs about 50 ms, a tenth of start-up)."""
    global _precheck_db
    if _precheck_db is None:
        # (imported here: the pipeline imports this module)
        from doxwacht.pipeline.compiled_cache import compile_database

        n = len(_PRECHECK)
        db = compile_database(_hs, [p.encode("utf-8") for p in _PRECHECK], list(range(n)), [_hs.HS_FLAG_UTF8] * n)
        _precheck_db = (db, _hs.Scratch(db))
    return _precheck_db


def normalize_many(texts: Sequence[str]) -> list[tuple[str, OffsetMap]]:
    """`[normalize(t) for t in texts]`. One Hyperscan pass over the batch (joined by newlines, which
    no check involves) finds the few texts that may need folding; the others are returned as they are."""
    if _hs is None or len(texts) < 2:
        return [normalize(t) for t in texts]
    try:
        data = "\n".join(texts).encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates
        return [normalize(t) for t in texts]
    db, scratch = _precheck()
    tos: list[int] = []
    add = tos.append

    def on_match(pattern: int, start: int, end: int, flags: int, ctx: object) -> None:
        add(end)

    db.scan(data, match_event_handler=on_match, scratch=scratch)
    # the message of each match: the first whose end (at its separator) is not before the match's end
    flagged: set[int] = set()
    ends_at = set(tos)
    if len(ends_at) <= 32:  # (usually none or a few: count characters up to each)
        ends = [e - 1 for e in accumulate(len(t) + 1 for t in texts)]
        flagged = {bisect_left(ends, len(data[:to].decode("utf-8")) - 1) for to in ends_at}
    else:  # (many: count bytes per message)
        ends = [e - 1 for e in accumulate(len(t) + 1 if t.isascii() else len(t.encode("utf-8")) + 1 for t in texts)]
        flagged = {bisect_left(ends, to - 1) for to in ends_at}
    is_normalized = unicodedata.is_normalized
    return [
        normalize(text) if k in flagged or not (text.isascii() or is_normalized("NFKC", text)) else (text, IDENTITY)
        for k, text in enumerate(texts)
    ]
