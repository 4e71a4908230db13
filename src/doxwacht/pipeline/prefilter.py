"""The prefilter: one multi-pattern scan per message decides which detectors can find anything in it.

Each detector may declare `triggers`: patterns that every candidate it could report (at or above any
threshold) must contain. A trigger is a necessary condition, never a sufficient one, so running a
detector only on messages where one of its triggers fires gives exactly the findings of running it
everywhere (tests/test_prefilter.py checks this). Detectors without triggers always run.

Triggers are written in the subset of regex syntax that both Python's `re` and Hyperscan accept (no
look-arounds, no back-references). With Hyperscan (Intel's multi-pattern engine, `hyperscan` on PyPI)
all triggers of all detectors are matched in one pass at a few microseconds a message; without it,
the same triggers run through `re` (slower, same result).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate, compress, repeat
from operator import itemgetter, not_, sub
from typing import Any

from doxwacht.detectors.triggers import Trigger, WordListTrigger
from doxwacht.detectors.wholewords import WholeWords
from doxwacht.pipeline.compiled_cache import compile_database

try:  # pragma: no cover - exercised by whichever branch is installed
    import hyperscan as _hs
except ImportError:  # pragma: no cover
    _hs = None


# Hyperscan's \d (and the `re.ASCII` fallback) knows only 0-9, while detectors (Python's \d, phonenumbers,
# stdnum) also read other decimal digits ("033-०271271"): a message holding one runs every detector.
# (A class, "not a non-digit and not 0-9", is three times faster than "(?![0-9])\d", whose look-ahead
# runs at every character: it was 7% of a scan's time on Telegram-like text full of emoji.)
_OTHER_DIGIT = re.compile(r"[^\D0-9]")


def _other_digits(text: str) -> bool:
    return not text.isascii() and _OTHER_DIGIT.search(text) is not None


@lru_cache(maxsize=1)
def _other_digit_pattern() -> str:
    """A Hyperscan character class (UTF-8) of the decimal digits `_OTHER_DIGIT` finds, taken from this
    Python's own Unicode tables, so that the Hyperscan pass flags the messages that hold one without
    a second pass over them. (Every such digit lies below U+20000; the class is checked against
    `_OTHER_DIGIT` over all code points in tests/test_prefilter.py.)"""
    digits = [ord(c) for c in _OTHER_DIGIT.findall("".join(map(chr, range(0x80, 0x20000))))]
    ranges: list[list[int]] = []
    for c in digits:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    return "[" + "".join(f"\\x{{{a:x}}}-\\x{{{b:x}}}" for a, b in ranges) + "]"


class Prefilter:
    def __init__(self, detectors: Sequence[object], *, use_hyperscan: bool = True) -> None:
        self.size = len(detectors)
        self.always = 0
        triggers: list[tuple[int, Trigger]] = []
        self._word_lists: list[tuple[int, WordListTrigger]] = []
        for i, detector in enumerate(detectors):
            declared = getattr(detector, "triggers", None)
            if not declared:
                self.always |= 1 << i
                continue
            for t in declared:
                if isinstance(t, WordListTrigger):
                    self._word_lists.append((i, t))
                else:
                    triggers.append((i, t if isinstance(t, Trigger) else Trigger(t)))
        # small word lists go into the Hyperscan pass as patterns that fire wherever the list does
        # (and a little more: any non-ASCII neighbour counts as a word boundary)
        hs_only: list[tuple[int, str]] = []
        if use_hyperscan and _hs is not None:
            kept = []
            for i, t in self._word_lists:
                pattern = _word_list_pattern(t)
                if pattern is None:
                    kept.append((i, t))
                else:
                    hs_only += [(i, pattern), (i, "\\x{130}")]  # ("İ": the list's own check fires everywhere)
            self._word_lists = kept
        self._words = _CombinedWordLists(self._word_lists) if self._word_lists else None
        self._word_bits = 0
        for i, _ in self._word_lists:
            self._word_bits |= 1 << i
        self.backend = "none"
        self._db = None
        self._regexes: list[tuple[int, re.Pattern[str]]] = []
        if not triggers and not hs_only:
            return  # (word lists alone still apply in mask())
        if use_hyperscan and _hs is not None:
            # every match is reported (no HS_FLAG_SINGLEMATCH): `masks` scans a whole batch at once
            expressions = [t.pattern for _, t in triggers] + [p for _, p in hs_only]
            flags = [_hs.HS_FLAG_UTF8 | (_hs.HS_FLAG_CASELESS if t.caseless else 0) for _, t in triggers]
            flags += [_hs.HS_FLAG_UTF8 | _hs.HS_FLAG_CASELESS] * len(hs_only)
            # a decimal digit other than 0-9 (id `size`, one past the detectors' bits): every detector runs
            expressions.append(_other_digit_pattern())
            flags.append(_hs.HS_FLAG_UTF8)
            # (kept compiled on disk between processes: see compiled_cache)
            db = compile_database(
                _hs,
                [e.encode("utf-8") for e in expressions],
                [i for i, _ in triggers] + [i for i, _ in hs_only] + [self.size],
                flags,
            )
            self._db = db
            self._scratch = _hs.Scratch(db)
            self.backend = "hyperscan"
        else:
            by_detector: dict[tuple[int, bool], list[str]] = {}
            for i, t in triggers:
                by_detector.setdefault((i, t.caseless), []).append(t.pattern)
            for (i, caseless), patterns in sorted(by_detector.items()):
                flags = re.ASCII | (re.IGNORECASE if caseless else 0)
                self._regexes.append((i, re.compile("|".join(f"(?:{p})" for p in patterns), flags)))
            self.backend = "re"

    @staticmethod
    def _on_match(detector: int, start: int, end: int, flags: int, found: list[int]) -> None:
        found.append(detector)

    def mask(self, text: str) -> int:
        """A bit per detector: set when it has to run on `text`."""
        everything = self.always | ((1 << self.size) - 1)
        mask = self.always
        if self._db is not None:
            try:
                data = text.encode("utf-8")
            except UnicodeEncodeError:  # lone surrogates: not valid UTF-8 for Hyperscan, run everything
                return everything
            found: list[int] = []
            self._db.scan(data, match_event_handler=self._on_match, context=found, scratch=self._scratch)
            if self.size in found:  # a decimal digit other than 0-9
                return everything
            for i in found:
                mask |= 1 << i
        elif _other_digits(text):
            return everything
        else:
            for i, rx in self._regexes:
                if not mask >> i & 1 and rx.search(text):
                    mask |= 1 << i
        if self._words is not None and (self._word_bits & ~mask):
            mask = self._words.mask(text, mask, self._word_bits)
        return mask

    def masks(self, texts: Sequence[str]) -> list[int]:
        """`[self.mask(t) for t in texts]`, from one pass over the whole batch joined by NUL (the
        matches are mapped back to their messages by offset), which saves the per-message cost."""
        n = len(texts)
        if n < 2:
            return [self.mask(t) for t in texts]
        joined = "\x00".join(texts)
        if joined.count("\x00") != n - 1:  # a NUL inside a text: the offsets cannot tell them apart
            return [self.mask(t) for t in texts]
        masks = [self.always] * n
        if self._db is not None:
            try:
                data = joined.encode("utf-8")
            except UnicodeEncodeError:  # lone surrogates: one by one
                return [self.mask(t) for t in texts]
            # the byte offset of the separator after each message (its end)
            ends = list(accumulate(len(t) + 1 if t.isascii() else len(t.encode("utf-8")) + 1 for t in texts))
            ends = [e - 1 for e in ends]
            ids: list[int] = []
            tos: list[int] = []
            add_id, add_to = ids.append, tos.append

            def on_match(detector: int, start: int, end: int, flags: int, ctx: object) -> None:
                add_id(detector)
                add_to(end)

            self._db.scan(data, match_event_handler=on_match, scratch=self._scratch)
            # a match whose last byte is `end - 1` lies in the first message that ends at or after it
            # (a word-list pattern may end on the separator after its message)
            hits = set(zip(map(bisect_left, repeat(ends), map(sub, tos, repeat(1))), ids))
            for k, i in hits:
                masks[k] |= 1 << i
            # the messages with a decimal digit other than 0-9 (the pattern of id `size`)
            other_digits = [k for k, i in hits if i == self.size] if self.size in ids else []
        else:
            other_digits = [k for k, text in enumerate(texts) if _other_digits(text)]
            for k, text in enumerate(texts) if self._regexes else ():
                mask = masks[k]
                for i, rx in self._regexes:
                    if not mask >> i & 1 and rx.search(text):
                        mask |= 1 << i
                masks[k] = mask
        if self._words is not None:
            wanted = self._word_bits
            if not self._words.masks(joined, texts, masks, wanted):
                for k, text in enumerate(texts):
                    if wanted & ~masks[k]:
                        masks[k] = self._words.mask(text, masks[k], wanted)
        everything = self.always | ((1 << self.size) - 1)
        for k in other_digits:
            masks[k] = everything
        return masks


def _word_list_pattern(trigger: WordListTrigger) -> str | None:
    """A Hyperscan pattern (caseless, UTF-8) that matches wherever `trigger` fires, for a short list of
    ASCII words without an `after` condition; None for any other list. A word counts between two
    characters that are not ASCII letters or digits (or the ends of the text); a "k" may also be the
    Kelvin sign, which lower-cases to "k"."""
    words = sorted(trigger.words, key=lambda w: (-len(w), w))
    if trigger.after is not None or not words or len(words) > 64 or not all(w.isascii() for w in words):
        return None
    alternation = "|".join(re.escape(w).replace("k", "(?:k|\\x{212a})") for w in words)
    return f"(?:^|[^A-Za-z0-9])(?:{alternation})(?:[^A-Za-z0-9]|$)"


class _CombinedWordLists:
    """All detectors' word-list triggers in one Aho-Corasick automaton: one pass over a batch (see
    doxwacht.detectors.wholewords) sets the bits of every detector whose words occur (as whole words,
    after the required word where a trigger has `after`); `mask` does the same for one text."""

    def __init__(self, word_lists: list[tuple[int, WordListTrigger]]) -> None:
        table: dict[str, list[tuple[int, frozenset[str] | None]]] = {}
        for bit, trigger in word_lists:
            for word in trigger.words:
                table.setdefault(word, []).append((bit, trigger.after))
        self._table = table
        self._lookup: Any = None  # the automaton of `mask`, built when first needed
        # per `after` list: whether every word in it ends with a letter or digit, so that one can only
        # stand before whitespace
        self._after_alnum = {
            id(trigger.after): all(w[-1:].isalnum() for w in trigger.after)
            for _, trigger in word_lists
            if trigger.after is not None
        }
        # per word: the bits its plain lists set at once, and its lists with an `after` condition
        self._whole = WholeWords(
            {
                word: (
                    sum({1 << bit for bit, after in targets if after is None}),
                    tuple((bit, after) for bit, after in targets if after is not None),
                )
                for word, targets in table.items()
            }
        )

    def masks(self, joined: str, texts: Sequence[str], masks: list[int], wanted: int) -> bool:
        """`mask` for every text of a batch (`joined` is `texts` joined by NUL), in place, from one
        pass; False (and nothing done) where the batch needs the per-message path."""
        raw = self._whole.raw(joined)
        if raw is None:
            return False
        # a hit (e, entry) ends right before joined[e - 1]: its message is the last one that starts
        # at or before e - 2, its last character; `firsts` holds each message's start + 2, and
        # `ks` each hit's message + 1 (all computed without a Python loop per hit)
        firsts = [start + 2 for start in [0, *accumulate(len(t) + 1 for t in texts)]]
        ks = list(map(bisect_right, repeat(firsts), map(itemgetter(0), raw)))
        entries = list(map(itemgetter(1), raw))
        checked = list(map(itemgetter(1), entries))  # Hit.check
        values = list(map(itemgetter(2), entries))  # Hit.value: (plain bits, lists with `after`)
        # the hits that need no check: their plain bits, folded per message first
        unchecked = list(map(not_, checked))
        for k, bits in set(zip(compress(ks, unchecked), map(itemgetter(0), compress(values, unchecked)))):
            masks[k - 1] |= bits
        # the others: boundary checks, and the `after` conditions (the word before)
        verify = self._whole.verify
        for k, (e, entry), check, value in zip(ks, raw, checked, values):
            if check:
                value = verify(joined, e, entry)
                if value is None:
                    continue
            elif not value[1]:
                continue
            k -= 1
            mask = masks[k]
            bits, conditional = value
            mask |= bits
            for bit, after in conditional:
                if mask >> bit & 1:
                    continue
                start = e - 1 - entry.length
                if self._after_alnum[id(after)] and start and not joined[start - 1].isspace():
                    continue  # (the word before would end in the character before: no `after` word does)
                lo = max(firsts[k] - 2, start - 12)
                chunk = joined[lo:start]
                # lower() of a slice equals the slice of lower() but for a final sigma
                if "\u03a3" in chunk:
                    base = firsts[k] - 2
                    chunk = texts[k].lower()[lo - base : start - base]
                before = chunk.lower().split()
                if before and before[-1] in after:
                    mask |= 1 << bit
            masks[k] = mask
        return True

    @property
    def _automaton(self) -> Any:
        """All the words in one automaton, for `mask` (built when first needed)."""
        if self._lookup is None:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            for word, targets in self._table.items():
                automaton.add_word(word, (len(word), tuple(targets)))
            automaton.make_automaton()
            self._lookup = automaton
        return self._lookup

    def mask(self, text: str, mask: int, wanted: int) -> int:
        low = text.lower()
        if len(low) != len(text):  # lower() changed the length: cannot check boundaries, run them all
            return mask | wanted
        last = len(low) - 1
        for end, (n, targets) in self._automaton.iter_long(low):
            start = end - n + 1
            if (start and low[start - 1].isalnum()) or (end < last and low[end + 1].isalnum()):
                continue
            for bit, after in targets:
                if mask >> bit & 1:
                    continue
                if after is not None:
                    before = low[max(0, start - 12) : start].split()
                    if not before or before[-1] not in after:
                        continue
                mask |= 1 << bit
            if not (wanted & ~mask):
                break
        return mask
