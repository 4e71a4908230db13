"""POSTCODE: Dutch postcodes "1234 AB", "1234AB", "1234ab". Letter pairs SA, SD and SS are never
issued. A lower-case pair that is a word ("2025 om") needs context to count."""

from __future__ import annotations

import re

from doxwacht.detectors.base import PatternDetector, Rejected
from doxwacht.detectors.context import ContextWords
from doxwacht.detectors.nl.words import TWO_LETTER_WORDS
from doxwacht.document import Document
from doxwacht.findings import Evidence, Label

NEVER_ISSUED = frozenset({"SA", "SD", "SS"})
POSTCODE_RE = r"[1-9]\d{3} ?[A-Za-z]{2}"


class PostcodeDetector(PatternDetector):
    name = "nl.postcode.v1"
    label = Label.POSTCODE
    triggers = (r"[1-9]\d{3}[ \-]?[A-Za-z]{2}",)
    pattern = re.compile(r"(?<![\w€$.,/-])(?P<digits>[1-9]\d{3})(?P<sep> ?|-)(?P<letters>[A-Za-z]{2})(?!\w)")
    context = ContextWords.of(
        positive=["postcode", "pc", "woont", "wonen", "woonachtig", "adres", "huisnummer", "nr", "postcodegebied",
                  "woonadres", "verhuisd", "straat"],
        negative=["om", "uur", "euro", "eur", "jaar", "sinds", "in", "tot", "van", "seizoen", "score"],
        window=30, after=0, boost=0.2, penalty=0.2,
    )

    def validate(self, doc: Document, match: re.Match[str]) -> tuple[str, float, list[Evidence]]:
        letters = match.group("letters")
        upper = letters.upper()
        if upper in NEVER_ISSUED:
            raise Rejected
        ev = [Evidence("pattern", "4 digits + 2 letters"), Evidence("validator", f"letter pair {upper} is issued")]
        if letters.isupper():
            score = 0.85
            if letters.lower() in TWO_LETTER_WORDS:
                score = 0.6
                ev.append(Evidence("ambiguity", f"{upper} is also a word", -0.25))
        elif letters.lower() in TWO_LETTER_WORDS:
            score = 0.3
            ev.append(Evidence("ambiguity", f"lower-case {letters!r} is a word", -0.55))
        else:
            score = 0.75
        if match.group("sep") == "-":
            score -= 0.1
        # a house number or a capitalised place right after supports it
        tail = doc.norm[match.end() : match.end() + 25]
        if re.match(r"[ ,]+(?:\d{1,5}\b|[A-Z][a-z'’-]+)", tail):
            score += 0.25
            ev.append(Evidence("context+", "followed by house number or place", 0.25))
        return match.group("digits") + upper, score, ev
