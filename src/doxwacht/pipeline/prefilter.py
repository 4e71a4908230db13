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
        for i, words in self._word_lists:
            if not mask >> i & 1 and words(text):
                mask |= 1 << i
        return mask
