"""BSN: Dutch citizen service numbers (burgerservicenummer), 9 digits passing the 11-proef, plain
or grouped with dots or spaces. Many 9-digit numbers pass the check by chance (one in eleven), so a
BSN needs a context word to count: order numbers and codes stay quiet."""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum.nl import bsn

from doxwacht.detectors.base import PatternDetector, Rejected
from doxwacht.detectors.context import ContextWords
from doxwacht.detectors.tables import header_words
from doxwacht.detectors.triggers import until_message_end
from doxwacht.document import Document
from doxwacht.findings import Evidence, Label


_NOT_A_BSN = re.compile(r"(?i)\b(?:geen|niet het|niet een|niet mijn|niet zijn|niet haar) (?:bsn|burgerservicenummer)\b")
_SPELLED_BSN = re.compile(r"(?i)\bb\.\s?s\.\s?n\.?|\bB S N\b|\bburger\s?service\s?nummer\b|\bsofi\s?nr\b")
# Words that name a BSN beyond the context window: in a long sentence the cue comes well before (or
# after) the number ("Het burgerservicenummer dat op de brief stond, helemaal onderaan ..., was 123456782").
# Only these unambiguous words count that far, and a negative cue in the ordinary window still wins.
_FAR_WINDOW = 200
_FAR_AFTER = 120  # "Yasmina Akkouh 123456782 01-02-1993 staat allemaal op die lijst van de gemeente, BSN en al"
_FAR_CUES = frozenset({"bsn", "burgerservicenummer", "burgerservicenr", "bsnnummer", "sofinummer"})
_EV_FAR = Evidence("context+", "BSN named earlier in the message", 0.55)


# (evidence is immutable: the same objects serve every finding)
_EV_DIGITS = Evidence("pattern", "9 digits")
_EV_CHECK = Evidence("validator", "11-proef")
_EV_HEADER = Evidence("context+", "column header", 0.55)


class BsnDetector(PatternDetector):
    name = "nl.bsn.v1"
    label = Label.BSN
    triggers = (until_message_end(r"\d(?:[. ]?\d){8}"),)  # (context is scored after the prefilter)
    pattern = re.compile(
        r"(?<![\w€$.,/-])(?:\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}[. ]\d{3}[. ]\d{3}|\d{3}[. ]\d{2}[. ]\d{2}[. ]\d{2}|\d{2}[. ]\d{3}[. ]\d{2}[. ]\d{2}|\d{4}[. ]\d{2}[. ]\d{3})(?![\w-]|[.,]\d)"
    )
    # `pattern` with the look-behind after the first digit: the same matches, and the regex engine can
    # jump to digits
    _fast = re.compile(
        r"\d(?<![\w€$.,/-]\d)(?:\d{8}|\d{3}\.\d{2}\.\d{3}|\d{2}[. ]\d{3}[. ]\d{3}|\d{2}[. ]\d{2}[. ]\d{2}[. ]\d{2}"
        r"|\d[. ]\d{3}[. ]\d{2}[. ]\d{2}|\d{3}[. ]\d{2}[. ]\d{3})(?![\w-]|[.,]\d)"
    )
    context = ContextWords.of(
        positive=["bsn", "burgerservicenummer", "sofinr", "bsnnr", "persoonsgebonden", "burgerservicenr", "sofinummer", "sofi", "bsnnummer", "paspoort",
                  "paspoortnummer", "identiteitskaart", "id", "idkaart", "rijbewijs", "persoonsnummer", "digid",
                  # (a person's fiscal number is their BSN; an organisation's is its RSIN: negatives below)
                  "fiscaal", "fiscale"],
        negative=["bestelnummer", "ordernummer", "order", "factuur", "factuurnummer", "zaaknummer", "referentie",
                  "kenmerk", "track", "tracking", "pakket", "klantnummer", "kvk", "btw", "artikelnummer", "ticket",
                  "dossiernummer", "polisnummer", "ticketnummer", "rsin", "vereniging", "stichting", "btw-id", "tracknummer", "bestelling", "order-id", "registratienummer", "transactie"],
        # (after: "123456782, dat is zijn burgerservicenummer")
        window=80, after=50, boost=0.55, penalty=0.45,
    )

    def candidates(self, doc: Document) -> Iterator[re.Match[str]]:
        return self._fast.finditer(doc.norm)

    def validate(self, doc: Document, match: re.Match[str]) -> tuple[str, float, list[Evidence]]:
        digits = re.sub(r"\D", "", match.group())
        if not bsn.is_valid(digits):
            raise Rejected
        ev = [_EV_DIGITS, _EV_CHECK]
        start, end = match.span()
        lo, hi = doc.window(start, end, 80, 40)
        if _NOT_A_BSN.search(doc.norm, lo, hi):
            raise Rejected  # "geen BSN": said not to be one (a context word must not bring it back)
        if _SPELLED_BSN.search(doc.norm, doc.window(start, end, 60, 0)[0], start):
            return digits, 0.9, ev + [Evidence("context+", "B.S.N. / burger service nummer", 0.55)]
        if any(w in self.context.positive for w in header_words(doc.norm, start, end)):
            return digits, 0.9, ev + [_EV_HEADER]  # "naam | geb | bsn" above a table's rows
        far = doc.norm[max(0, start - _FAR_WINDOW) : end + _FAR_AFTER].lower()
        if ("bsn" in far or "burgerservice" in far or "sofinummer" in far) and (
            _FAR_CUES.intersection(doc.words_before(start, _FAR_WINDOW))
            or _FAR_CUES.intersection(doc.words_after(end, _FAR_AFTER))
        ):
            pos, neg = self.context.cues(doc, start, end)
            if pos is None and neg is None:
                return digits, 0.9, ev + [_EV_FAR]
        return digits, 0.35, ev
