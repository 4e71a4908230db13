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
from collections.abc import Sequence

from doxwacht.detectors.triggers import Trigger, WordListTrigger

try:  # pragma: no cover - exercised by whichever branch is installed
    import hyperscan as _hs
except ImportError:  # pragma: no cover
    _hs = None


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
        self._words = _CombinedWordLists(self._word_lists) if self._word_lists else None
        self._word_bits = 0
        for i, _ in self._word_lists:
            self._word_bits |= 1 << i
        self.backend = "none"
        self._db = None
        self._regexes: list[tuple[int, re.Pattern[str]]] = []
        if not triggers:
            return  # (word lists alone still apply in mask())
        if use_hyperscan and _hs is not None:
            db = _hs.Database()
            flags = [
                _hs.HS_FLAG_SINGLEMATCH | _hs.HS_FLAG_UTF8 | (_hs.HS_FLAG_CASELESS if t.caseless else 0)
                for _, t in triggers
            ]
            db.compile(
                expressions=[t.pattern.encode("utf-8") for _, t in triggers],
                ids=[i for i, _ in triggers],
                elements=len(triggers),
                flags=flags,
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
        mask = self.always
        if self._db is not None:
            try:
                data = text.encode("utf-8")
            except UnicodeEncodeError:  # lone surrogates: not valid UTF-8 for Hyperscan, run everything
                return (1 << self.size) - 1
            found: list[int] = []
            self._db.scan(data, match_event_handler=self._on_match, context=found, scratch=self._scratch)
            for i in found:
                mask |= 1 << i
        else:
            for i, rx in self._regexes:
                if not mask >> i & 1 and rx.search(text):
                    mask |= 1 << i
        if self._words is not None and (self._word_bits & ~mask):
            mask = self._words.mask(text, mask, self._word_bits)
        return mask


class _CombinedWordLists:
    """All detectors' word-list triggers in one Aho-Corasick automaton: one pass over the lower-cased
    text sets the bits of every detector whose words occur (as whole words, after the required
    word where a trigger has `after`)."""

    def __init__(self, word_lists: list[tuple[int, WordListTrigger]]) -> None:
        import ahocorasick

        table: dict[str, list[tuple[int, frozenset[str] | None]]] = {}
        for bit, trigger in word_lists:
            for word in trigger.words:
                table.setdefault(word, []).append((bit, trigger.after))
        self._automaton = ahocorasick.Automaton()
        for word, targets in table.items():
            self._automaton.add_word(word, (len(word), tuple(targets)))
        self._automaton.make_automaton()

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
