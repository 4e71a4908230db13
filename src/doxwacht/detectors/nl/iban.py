"""IBAN: international bank account numbers, compact or in groups of four, validated with `schwifty`
(country length, mod-97 check digits, and the national BBAN rules)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from doxwacht.document import Document
from doxwacht.findings import Evidence, Finding, Label

_CANDIDATE = re.compile(r"(?<![\w-])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?(?![\w-])")
_GROUP = re.compile(r"[A-Za-z0-9]+")
# Where a `_CANDIDATE` match can start, two characters before: its check digits (the regex engine
# jumps to digits), after two letters that start a word
_CHECK_DIGITS = re.compile(r"\d(?<=(?<![\w-])[A-Za-z]{2}\d)\d")


def _candidates(text: str) -> Iterator[re.Match[str]]:
    """`_CANDIDATE.finditer(text)`: the pattern tried only where a match can start."""
    done = 0
    for c in _CHECK_DIGITS.finditer(text):
        start = c.start() - 2
        if start < done:
            continue
        m = _CANDIDATE.match(text, start)
        if m is not None:
            done = m.end()
            yield m


class IbanDetector:
    name = "nl.iban.v1"
    labels = frozenset({Label.IBAN})
    # the start of every `_CANDIDATE` match that `detect` validates: its look-behind as a class that holds
    # wherever it does, and the 15 characters of the shortest IBAN (two groups of four after the
    # check digits, and three more)
    triggers = (r"(?:^|[^A-Za-z0-9_\-])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2} ?[A-Za-z0-9]{3}",)

    def detect(self, doc: Document) -> Iterator[Finding]:
        for m in _candidates(doc.norm):
            groups = [(g.start(), g.end()) for g in _GROUP.finditer(m.group())]
            # the pattern may take a following word ("... 1560 en"): shorten until it validates
            for k in range(len(groups), 0, -1):
                end = m.start() + groups[k - 1][1]
                compact = doc.norm[m.start() : end].replace(" ", "").upper()
                if len(compact) < 15:
                    break
                try:
                    iban = IBAN(compact)
                except (SchwiftyException, ValueError):
                    continue
                score = 0.95 if m.group()[:2].isupper() else 0.9
                ev = [Evidence("pattern", "country + check digits + BBAN"),
                      Evidence("validator", "schwifty: mod-97 and BBAN format")]
                yield doc.finding(Label.IBAN, m.start(), end, value=iban.compact, score=score, detector=self.name,
                                  evidence=ev)
                break
