"""POSTCODE: Dutch postcodes "1234 AB", "1234AB", "1234ab". Letter pairs SA, SD and SS are never
issued. A lower-case pair that is a word ("2025 om") needs context to count."""

from __future__ import annotations

import re

from doxwacht.detectors.base import PatternDetector, Rejected
from doxwacht.detectors.context import ContextWords
from doxwacht.detectors.nl import gazetteers as gz
from doxwacht.detectors.nl.words import TWO_LETTER_WORDS
from doxwacht.document import Document
from doxwacht.findings import Evidence, Label

NEVER_ISSUED = frozenset({"SA", "SD", "SS"})
_AFTER_HOUSE_NUMBER = re.compile(r"[A-Za-z]{3,} \d{1,5}(?:[ -]?[A-Za-z]|-\d{1,3})?,? $")
_PLACE_AFTER = re.compile(r"[ ,]+([A-Z][a-z'’-]+)")
_NUMBER_OR_PLACE_AFTER = re.compile(r"[ ,]+(?:\d{1,5}\b|[A-Z][a-z'’-]+)")
_PREPOSITIONS = frozenset({"in", "op", "te", "om", "na", "al", "bij"})
POSTCODE_RE = r"[1-9]\d{3} ?[A-Za-z]{2}"


_EV_SHAPE = Evidence("pattern", "4 digits + 2 letters")  # (immutable: one object serves every finding)
_ISSUED: dict[str, Evidence] = {}


def _issued(pair: str) -> Evidence:
    ev = _ISSUED.get(pair)
    if ev is None:
        ev = _ISSUED[pair] = Evidence("validator", f"letter pair {pair} is issued")
    return ev


class PostcodeDetector(PatternDetector):
    name = "nl.postcode.v1"
    label = Label.POSTCODE
    # `pattern` without its look-arounds, which Hyperscan does not have: the character before and the
    # one after as classes that hold wherever the look-arounds hold (a non-ASCII letter counts as no
    # letter here, so they fire a little more often, never less); most "2024 was", "1500 euro" drop out
    # (written out as `until_message_end` would: after the letters the message ends, or a character that is
    # no ASCII word character starts the rest of it)
    triggers = (r"(?:^|[^A-Za-z0-9_€$.,/\-])[1-9]\d{3}[ \-]?[A-Za-z]{2}(?:[^A-Za-z0-9_\x00][^\x00]*)?(?:\x00|$)",)
    # the look-behind after the first digit, not before it: the regex engine can then jump to digits
    pattern = re.compile(r"(?P<digits>[1-9](?<![\w€$.,/-][1-9])\d{3})(?P<sep> ?|-)(?P<letters>[A-Za-z]{2})(?!\w)")
    context = ContextWords.of(
        positive=["postcode", "pc", "woont", "wonen", "woonachtig", "adres", "huisnummer", "nr", "postcodegebied",
                  "woonadres", "verhuisd", "straat"],
        window=30, after=0, boost=0.2, penalty=0.0,
    )
    # a year, an amount or a time is introduced by these; only the word right before counts
    NEGATIVE_BEFORE = frozenset({"om", "uur", "euro", "eur", "jaar", "sinds", "in", "tot", "van", "seizoen", "score",
                                 "sedert", "voor", "na", "rond", "circa", "ca"})

    def validate(self, doc: Document, match: re.Match[str]) -> tuple[str, float, list[Evidence]]:
        letters = match.group("letters")
        upper = letters.upper()
        if upper in NEVER_ISSUED:
            raise Rejected
        ev = [_EV_SHAPE, _issued(upper)]
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
        before = doc.words_before(match.start(), 12)
        if before and before[-1] in self.NEGATIVE_BEFORE:
            score -= 0.2
            ev.append(Evidence("context-", before[-1], -0.2))
        if _AFTER_HOUSE_NUMBER.search(doc.norm, max(0, match.start() - 12), match.start()):
            score += 0.25
            ev.append(Evidence("context+", "right after a house number", 0.25))
        ambiguous = letters.lower() in TWO_LETTER_WORDS and not letters.isupper()
        if ambiguous:
            # "2024 om 10", "1500 mg": only an explicit postcode cue makes these postcodes
            words = doc.words_before(match.start(), 25)
            place = _PLACE_AFTER.match(doc.norm[match.end() : match.end() + 30])
            if place is not None and gz.fold(place.group(1)) in gz.places() and letters.lower() not in _PREPOSITIONS:
                return match.group("digits") + upper, 0.75, ev + [Evidence("context+", "followed by a known place", 0.45)]
            if not any(w in ("postcode", "pc", "postcodegebied") for w in words):
                return match.group("digits") + upper, 0.0, ev
            return match.group("digits") + upper, 0.8, ev + [Evidence("context+", "postcode cue", 0.5)]
        # a house number or a capitalised place right after supports it
        tail = doc.norm[match.end() : match.end() + 25]
        if _NUMBER_OR_PLACE_AFTER.match(tail):
            score += 0.25
            ev.append(Evidence("context+", "followed by house number or place", 0.25))
        return match.group("digits") + upper, score, ev
