"""EMAIL: addresses, including obfuscated ones ("jan [at] domein [punt] nl"), which the document's
normalisation has already folded."""

from __future__ import annotations

import re

from doxwacht.detectors.base import PatternDetector, Rejected
from doxwacht.document import Document
from doxwacht.findings import Evidence, Label


class EmailDetector(PatternDetector):
    name = "nl.email.v1"
    label = Label.EMAIL
    triggers = ("@[A-Za-z0-9]",)
    # (the part before the "@" may hold letters with accents: "j.dekker.privé@outlook.com", RFC 6531)
    pattern = re.compile(
        r"(?<![\w.+-])[^\W_](?:[\w.%+-]{0,63})@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})"
        r"(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}(?![\w-]|\.[A-Za-z0-9])"
    )

    def validate(self, doc: Document, match: re.Match[str]) -> tuple[str, float, list[Evidence]]:
        value = match.group()
        local = value.split("@", 1)[0]
        if ".." in value or local.endswith("."):
            raise Rejected
        tld = value.rsplit(".", 1)[1]
        if len(tld) > 3 and tld[0].isupper() and not tld.isupper():
            raise Rejected  # a word written as a name, not a domain: "Soirée@Paradiso.Amsterdam", "Rosé@Strand.Zandvoort"
        ev = [Evidence("pattern", "local@domain.tld")]
        o_start, o_end = doc.to_original(*match.span())
        if doc.original[o_start:o_end] != value:
            ev.append(Evidence("normalised", "obfuscated address folded"))
        return value.lower(), 0.95, ev
