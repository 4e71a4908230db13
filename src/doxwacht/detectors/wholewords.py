"""Whole-word lookups of many lower-case words at C speed.

`WholeWords.find(text)` returns every occurrence of a listed word in `text.lower()` that is a whole
word: neither the character before nor the one after is alphanumeric (`str.isalnum`), and the one
before is not in `not_after`. That is what an Aho-Corasick pass over `text.lower()` followed by a
boundary check per hit gives, without the hits inside longer words that make that slow: the text is
mapped to one byte per character (ASCII letters lower-cased, digits to "0", boundary characters to a
space, characters in `not_after` to "#", anything else, non-ASCII included, to "?"), and the
automaton holds each word between its possible boundary bytes, so that only whole words (and words
next to a "?", which are checked in Python) come back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, NamedTuple, TypeVar

import ahocorasick

V = TypeVar("V")

# Characters whose lower case is not one character ("İ") or is an ASCII letter although they are not
# ASCII (the Kelvin sign): the byte mapping cannot stand for them, so `find` declines such text.
# tests/test_detectors_nl.py checks this list against the whole Unicode range.
UNMAPPABLE = "\u0130\u212a"


class Hit(NamedTuple):
    """What the automaton holds for a word between two boundary characters (see `WholeWords.raw`)."""

    length: int  # of the word
    check: bool  # a neighbour is "?" or the word is not ASCII: `WholeWords.verify` decides
    value: Any  # the word's value (None where `check` is set and the word is not ASCII)
    check_before: bool
    check_after: bool
    candidates: frozenset[str]  # the words this entry stands for (several where non-ASCII ones map alike)


class WholeWords(Generic[V]):
    def __init__(self, words: Mapping[str, V], not_after: str = "") -> None:
        self._values = dict(words)
        self._not_after = not_after
        table = bytearray(b" " * 128)
        for c in range(ord("a"), ord("z") + 1):
            table[c] = c
            table[c - 32] = c
        for c in b"0123456789":
            table[c] = ord("0")
        for ch in not_after:
            if ch.isascii():
                table[ord(ch)] = ord("#")
        table[ord("?")] = ord("?")
        self._table = bytes(table) + b"?" * 128
        # a non-ASCII character in `not_after` maps to "?" like any other: checked in Python
        groups: dict[str, list[str]] = {}
        for w in self._values:
            key = "".join(c if c.isascii() else "?" for c in w)
            groups.setdefault(key, []).append(w)
        self._automaton = ahocorasick.Automaton()
        add = self._automaton.add_word
        make = tuple.__new__
        trailing = "#?" if not_after else "?"
        for key, ws in groups.items():
            exact = len(ws) == 1 and ws[0] == key
            n = len(key)
            value = self._values[ws[0]] if exact else None
            candidates = frozenset(ws)
            add(" " + key + " ", make(Hit, (n, not exact, value, False, False, candidates)))
            add("?" + key + " ", make(Hit, (n, True, value, True, False, candidates)))
            for trail in trailing:
                after = trail == "?"
                add(" " + key + trail, make(Hit, (n, after or not exact, value, False, after, candidates)))
                add("?" + key + trail, make(Hit, (n, True, value, True, after, candidates)))
        if len(self._automaton):
            self._automaton.make_automaton()

    def raw(self, text: str) -> list[tuple[int, Hit]] | None:
        """The automaton's hits in `text`, in order: (e, hit) for a word that ends right before
        `text[e - 1]`, so spans `[e - 1 - hit.length, e - 1)`; a hit with `check` set must pass
        `verify` first. None when `text` holds a character of `UNMAPPABLE`."""
        if not len(self._automaton):
            return []
        if not text.isascii() and ("\u0130" in text or "\u212a" in text):
            return None
        mapped = " " + text.encode("ascii", "replace").translate(self._table).decode("ascii") + " "
        return list(self._automaton.iter(mapped))

    def verify(self, text: str, e: int, hit: Hit) -> V | None:
        """The value of a `raw` hit that has `check` set, or None where it is no whole listed word."""
        end = e - 1
        start = end - hit.length
        if hit.check_before:
            c = text[start - 1]
            if c.isalnum() or c in self._not_after:
                return None
        if hit.check_after and text[end].isalnum():
            return None
        if hit.value is not None:
            return hit.value
        word = text[start:end].lower()
        return self._values[word] if word in hit.candidates else None

    def find(self, text: str) -> list[tuple[int, int, V]] | None:
        """(start, end, value) of every whole-word occurrence, in order of position; None when `text`
        holds a character of `UNMAPPABLE` (the caller decides what that means)."""
        raw = self.raw(text)
        if raw is None:
            return None
        out: list[tuple[int, int, V]] = []
        for e, hit in raw:
            value = hit.value if not hit.check else self.verify(text, e, hit)
            if value is not None:
                out.append((e - 1 - hit.length, e - 1, value))
        return out


def find_whole_words_slow(words: Mapping[str, Any], text: str, not_after: str = "") -> list[tuple[int, int, Any]]:
    """The reference semantics of `WholeWords.find` (for tests): every listed word at every position."""
    low = text.lower()
    out = []
    for start in range(len(low)):
        if start and (low[start - 1].isalnum() or low[start - 1] in not_after):
            continue
        for w, v in words.items():
            end = start + len(w)
            if low.startswith(w, start) and (end == len(low) or not low[end].isalnum()):
                out.append((start, end, v))
    return out
