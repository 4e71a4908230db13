"""Word lists shipped in `doxwacht/data/gazetteers` (see SOURCES.md there), loaded once per process."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib.resources import files


# letters without a decomposition that NFKD could strip ("Yıldırım", "Łukasz", "Søren")
_UNDECOMPOSED = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h"})


def fold(word: str) -> str:
    """Lower case without diacritics: the form the gazetteers are stored in."""
    if word.isascii():
        return word.lower()
    return "".join(
        c for c in unicodedata.normalize("NFKD", word.translate(_UNDECOMPOSED)) if not unicodedata.combining(c)
    ).lower()


@cache
def load(name: str) -> frozenset[str]:
    text = files("doxwacht.data").joinpath("gazetteers").joinpath(name).read_text(encoding="utf-8")
    words: set[str] = set()
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            if name == "places.txt":
                words.add(line)  # place names may contain spaces: one per line
            else:
                words.update(line.split())
    return frozenset(words)


def first_names() -> frozenset[str]:
    return load("first_names.txt")


def surnames() -> frozenset[str]:
    return load("surnames.txt")


def places() -> frozenset[str]:
    return load("places.txt")


def common_words() -> frozenset[str]:
    return load("common_words.txt")


def ambiguous_first_names() -> frozenset[str]:
    return load("ambiguous_first_names.txt")


def foreign_first_names() -> frozenset[str]:
    """First names from other languages that are not Dutch first names too: a first name only next to
    another part of a name."""
    return load("foreign_first_names.txt")


def frequent_surnames() -> frozenset[str]:
    """The most frequent Dutch surnames (and of Dutch people with another background): a name on their own."""
    return load("frequent_surnames.txt")


def trie_regex(words: list[str]) -> str:
    """A regex alternation of `words` shaped as a trie, so the regex engine branches on one character
    at a time instead of trying every word at every position."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return build(trie)
