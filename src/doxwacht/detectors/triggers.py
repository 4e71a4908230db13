"""Triggers: what a detector declares so the engine's prefilter can skip messages it cannot match.

A trigger is a necessary condition: every candidate the detector could report contains a match of one
of its triggers. See doxwacht.pipeline.prefilter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Trigger:
    pattern: str
    caseless: bool = False


def until_message_end(pattern: str) -> str:
    """`pattern` followed by the rest of its message, for a pattern that never ends on the NUL that
    separates the messages of a batch: the same messages fire, but Hyperscan reports each once, at
    its end, instead of at every match inside it (each report is a Python call in the prefilter)."""
    return rf"(?:{pattern})[^\x00]*(?:\x00|$)"


class WordListTrigger:
    """Fires when one of `words` (lower-case, alphabetic) occurs in the text as a whole word, in any
    case. Matched with an Aho-Corasick automaton (pyahocorasick): lists of thousands of names compile
    in milliseconds, where a regex engine takes seconds."""

    def __init__(self, words: frozenset[str] | set[str] | list[str], after: frozenset[str] | None = None) -> None:
        """`after`: when given, a hit counts only right after one of these words ("de Vries")."""
        self.after = after
        self.words = frozenset(w for w in words if w.isalpha())
        self._lookup: object = None  # the automaton of `__call__`, built when first needed

    @property
    def _automaton(self) -> Any:
        if self._lookup is None:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            for w in self.words:
                automaton.add_word(w, len(w))
            automaton.make_automaton()
            self._lookup = automaton
        return self._lookup

    def __call__(self, text: str) -> bool:
        low = text.lower()
        if len(low) != len(text):  # lower() changed the length (rare Unicode): cannot check boundaries
            return True
        last = len(low) - 1
        # longest non-overlapping matches are enough: a whole-word hit is never inside a longer one
        for end, n in self._automaton.iter_long(low):
            start = end - n + 1
            if (start == 0 or not low[start - 1].isalnum()) and (end == last or not low[end + 1].isalnum()):
                if self.after is None:
                    return True
                before = low[max(0, start - 12) : start].split()
                if before and before[-1] in self.after:
                    return True
        return False
