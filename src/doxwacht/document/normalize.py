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
from bisect import bisect_right
from dataclasses import dataclass

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

# One master pattern; the group that matched decides the replacement.
_MASTER = re.compile(
    "|".join(
        [
            rf"(?P<at>\s*{_OPEN}\s*(?:at|AT|At|apenstaartje|@)\s*{_CLOSE}\s*)",
            rf"(?P<dot>\s*{_OPEN}\s*(?:punt|PUNT|Punt|dot|DOT|Dot|\.)\s*{_CLOSE}\s*)",
            r"(?P<spaced_at>(?<=\w) +@ +(?=\w))",
            r"(?P<zero>(?<![A-Za-z])[Oo](?=\d)|(?<![A-Za-z])O(?=[ \-]\d)|(?<=\d)[Oo](?=[\d\s.\-]))",
            r"(?P<one>(?<=\d)[lI](?=\d))",
            rf"(?P<cluster>.[{_COMBINING}]+)",
            rf"(?P<zw>[{ZERO_WIDTH}]+)",
            r"(?P<nul>\x00)",
            r"(?P<nonascii>[^\x00-\x7f])",
        ]
    ),
    re.DOTALL,
)
# A cheap pre-check for ASCII text: only these patterns can fire there.
_ASCII_TRIGGER = re.compile(r"\x00|[\[\(\{<]|\w +@ +\w|(?<![A-Za-z])[Oo]\d|(?<![A-Za-z])O[ \-]\d|\d[Oo]|\d[lI]\d")


def _fold_char(ch: str) -> str:
    mapped = HOMOGLYPHS.get(ch)
    if mapped is not None:
        return mapped
    return unicodedata.normalize("NFKC", ch)


def _replacement(m: re.Match[str]) -> str | None:
    kind = m.lastgroup
    text = m.group()
    if kind == "at":
        return "@"
    if kind == "dot":
        return "."
    if kind == "spaced_at":
        return "@"
    if kind == "zero":
        return "0"
    if kind == "one":
        return "1"
    if kind == "zw":
        return ""
    if kind == "nul":
        return " "  # NUL separates the messages of a batch; in the input it is a space
    if kind == "cluster":
        folded = unicodedata.normalize("NFKC", text)
        return "".join(_fold_char(c) for c in folded)
    # nonascii
    folded = _fold_char(text)
    if folded in ("O", "o"):  # a look-alike O next to digits is a zero ("О６" -> "06")
        after = m.string[m.end() : m.end() + 1]
        before = m.string[m.start() - 1 : m.start()] if m.start() else ""
        if _fold_char(after).isdigit() or (before and _fold_char(before).isdigit()):
            return "0"
    return None if folded == text else folded


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
    if original.isascii() and _ASCII_TRIGGER.search(original) is None:
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

    changed = False
    for m in _MASTER.finditer(original):
        repl = _replacement(m)
        if repl is None:
            continue
        s, e = m.span()
        if s > orig_pos:
            add(original[orig_pos:s], orig_pos, s, False)
        add(repl, s, e, len(repl) != e - s)
        orig_pos = e
        changed = True
    if not changed:
        return original, IDENTITY
    if orig_pos < len(original):
        add(original[orig_pos:], orig_pos, len(original), False)
    norm = "".join(pieces)
    segs = tuple(segments)
    return norm, OffsetMap(segs, tuple(s[0] for s in segs))
