"""IBAN: international bank account numbers, compact or in groups of four, validated with `schwifty`
(country length, mod-97 check digits, and the Dutch bank code registry)."""

from __future__ import annotations

import re

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from doxwacht.detectors.base import PatternDetector, Rejected
from doxwacht.detectors.context import ContextWords
from doxwacht.document import Document
from doxwacht.findings import Evidence, Label


class IbanDetector(PatternDetector):
    name = "nl.iban.v1"
    label = Label.IBAN
    triggers = (r"[A-Za-z]{2}\d{2} ?[A-Za-z0-9]{4}",)
    pattern = re.compile(r"(?<![\w-])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?(?![\w-])")
    context = ContextWords.of(
        positive=["iban", "rekening", "rekeningnummer", "bankrekening", "overmaken", "tikkie", "betalen", "bank"],
        window=40, after=0, boost=0.05, penalty=0.0,
    )

    def validate(self, doc: Document, match: re.Match[str]) -> tuple[str, float, list[Evidence]]:
        compact = match.group().replace(" ", "").upper()
        try:
            iban = IBAN(compact)
        except (SchwiftyException, ValueError):
            raise Rejected from None
        ev = [Evidence("pattern", "country + check digits + BBAN"), Evidence("validator", "schwifty: mod-97 and BBAN format")]
        score = 0.95 if match.group()[:2].isupper() else 0.9
        return iban.compact, score, ev
