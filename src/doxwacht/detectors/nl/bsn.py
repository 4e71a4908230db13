"""BSN: Dutch citizen service numbers (burgerservicenummer), 9 digits passing the 11-proef, plain
or grouped with dots or spaces. Many 9-digit numbers pass the check by chance (one in eleven), so a
BSN needs a context word to count: order numbers and codes stay quiet."""

from __future__ import annotations

import re

from stdnum.nl import bsn

from doxwacht.detectors.base import BoundedPattern, PatternDetector, Rejected
from doxwacht.detectors.context import ContextWords
from doxwacht.document import Document
from doxwacht.findings import Evidence, Label


class BsnDetector(PatternDetector):
    name = "nl.bsn.v1"
    label = Label.BSN
    triggers = (r"\d(?:[. ]?\d){8}",)
    pattern = BoundedPattern(
        r"(?:\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}[. ]\d{3}[. ]\d{3}|\d{3}[. ]\d{2}[. ]\d{2}[. ]\d{2}|\d{2}[. ]\d{3}[. ]\d{2}[. ]\d{2}|\d{4}[. ]\d{2}[. ]\d{3})(?![\w-]|[.,]\d)",
        not_after="€$.,/-",
    )
    context = ContextWords.of(
        positive=["bsn", "burgerservicenummer", "burgerservicenr", "sofinummer", "sofi", "bsnnummer", "paspoort",
                  "paspoortnummer", "identiteitskaart", "id", "idkaart", "rijbewijs", "persoonsnummer", "digid"],
        negative=["bestelnummer", "ordernummer", "order", "factuur", "factuurnummer", "zaaknummer", "referentie",
                  "kenmerk", "track", "tracking", "pakket", "klantnummer", "kvk", "btw", "artikelnummer", "ticket",
                  "dossiernummer", "polisnummer", "ticketnummer", "tracknummer", "bestelling", "order-id", "registratienummer", "transactie"],
        window=80, after=30, boost=0.55, penalty=0.45,
    )

    def validate(self, doc: Document, match: re.Match[str]) -> tuple[str, float, list[Evidence]]:
        digits = re.sub(r"\D", "", match.group())
        if not bsn.is_valid(digits):
            raise Rejected
        return digits, 0.35, [Evidence("pattern", "9 digits"), Evidence("validator", "11-proef")]
