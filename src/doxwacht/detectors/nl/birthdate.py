"""DATE_OF_BIRTH: a full date (day, month, year) in a birth context ("geboren op", "geb.",
"geboortedatum", "DOB", "jarig op"). Other dates (events, deadlines) are not personal data and stay quiet."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from doxwacht.detectors.context import ContextWords
from doxwacht.detectors.nl.words import MONTHS
from doxwacht.detectors.tables import header_words
from doxwacht.document import Document
from doxwacht.findings import Evidence, Finding, Label
from doxwacht.detectors.triggers import Trigger, until_message_end

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE = re.compile(
    r"(?<![\w.,/-])(?:"
    r"(?P<d1>\d{1,2})(?P<s1>[-/.])(?P<m1>\d{1,2})(?P=s1)(?P<y1>\d{4}|\d{2})"
    r"|(?P<y2>\d{4})-(?P<m2>\d{1,2})-(?P<d2>\d{1,2})"
    rf"|(?P<d3>\d{{1,2}})(?:e|ste|de)?\s+(?P<m3>(?i:{_MONTH_ALT}))\.?\s+(?P<y3>\d{{4}}|'\d{{2}})"
    r")(?![\w]|[-/.]\d)"
)
# Where a `_DATE` match can start, found fast (the look-behind after the first digit lets the regex
# engine jump to digits; the look-ahead is a superset of what each alternative needs next).
_DATE_START = re.compile(
    r"\d(?<![\w.,/-]\d)(?=\d?[-/.]\d|\d{3}-\d|\d?(?:e|ste|de)?\s+(?i:"
    + "|".join(sorted({m[:3] for m in MONTHS}))
    + "))"
)
_BIRTH_MARK = re.compile(r"(?:[°*]|\b(?i:is|ben|bent|zijn) van|\b(?i:ben (?:zelf|ook|zelf ook) van))\s*$")
# a date that opens a range, or the start of a job, is no birth date ("ik ben van 1 juli 2024 tot 14 juli weg", "ik ben
# ook van 1 februari 2022 in dienst")
_RANGE_AFTER = re.compile(r"\s*(?:-\s*\d|(?i:tot|t/m|tm|in dienst)\b)")
# a date that marks a cut-off is no one's birth date ("wie na 1 januari 2008 geboren is")
_CUTOFF_BEFORE = re.compile(r"\b(?i:na|voor|vóór|vanaf|sinds|tot|tussen|en)\s+$")
# the birth word right after the date: "ik ben op 12-03-1991 geboren"
_BORN_AFTER = re.compile(r"\)?\s{1,3}(?i:geboren)\b")
BIRTH = ContextWords.of(
    positive=["geboren", "geb", "geboortedatum", "gebdatum", "geboortedag", "dob", "birthday", "born",
              "verjaardag", "geboorte", "geborene", "birth", "bday", "geb.datum", "jarig"],
    negative=[],
    window=35, after=0, boost=0.75, penalty=0.0,
)


def _year(raw: str) -> int:
    raw = raw.lstrip("'")
    if len(raw) == 4:
        return int(raw)
    y = int(raw)
    return 2000 + y if y <= dt.date.today().year % 100 else 1900 + y


# (evidence is immutable: the same objects serve every finding)
_EV_DATE = Evidence("pattern", "day month year")
_EV_PAST = Evidence("validator", "a real calendar date in the past")
_EV_HEADER = Evidence("context+", "column header", 0.7)


def _date_matches(text: str) -> Iterator[re.Match[str]]:
    """`_DATE.finditer(text)`: the pattern tried only where a match can start."""
    done = 0
    for c in _DATE_START.finditer(text):
        start = c.start()
        if start < done:
            continue
        m = _DATE.match(text, start)
        if m is not None:
            done = m.end()
            yield m


class BirthDateDetector:
    name = "nl.dob.v1"
    labels = frozenset({Label.DATE_OF_BIRTH})
    # without a birth-context word a date scores 0.2, below any useful threshold: gate on the words
    triggers = (
        # (whole words: the context words and column headers are `\w+` words, and Hyperscan's `\b`, of
        # ASCII letters and digits, holds wherever Python's does around these ASCII words; without it
        # "geb" fires in every "gebeurt", "gebruik", "gebied")
        Trigger(until_message_end(r"\b(?:" + "|".join(sorted(BIRTH.positive)).replace(".", "\\.") + r")\b"),
                caseless=True),
        Trigger(until_message_end(r"[°*]|(?:is|ben|bent|zijn) van|ben (?:zelf|ook|zelf ook) van"), caseless=True),
    )

    def detect(self, doc: Document) -> Iterator[Finding]:
        for m in _date_matches(doc.norm):
            g = m.groupdict()
            try:
                if g["d1"]:
                    date = dt.date(_year(g["y1"]), int(g["m1"]), int(g["d1"]))
                elif g["y2"]:
                    date = dt.date(int(g["y2"]), int(g["m2"]), int(g["d2"]))
                else:
                    date = dt.date(_year(g["y3"]), MONTHS[g["m3"].lower()], int(g["d3"]))
            except ValueError:
                continue
            if not 1900 <= date.year <= dt.date.today().year or date > dt.date.today():
                continue
            ev = [_EV_DATE, _EV_PAST]
            score, ev = BIRTH.adjust(doc, m.start(), m.end(), 0.2, ev)
            if (score < 0.9 and _BORN_AFTER.match(doc.norm, m.end())
                    and not _CUTOFF_BEFORE.search(doc.norm, max(0, m.start() - 8), m.start())):
                score = 0.9
                ev.append(Evidence("context+", "'geboren' after the date", 0.7))
            if (score < 0.9 and _BIRTH_MARK.search(doc.norm, max(0, m.start() - 17), m.start())
                    and not _RANGE_AFTER.match(doc.norm, m.end())):
                score = 0.9  # "°12-03-1981", "ze is van 18 augustus 2003"
                ev.append(Evidence("context+", "birth mark or 'is van'", 0.7))
            if score < 0.9 and any(w in BIRTH.positive for w in header_words(doc.norm, m.start(), m.end())):
                score = 0.9  # "naam | geb | bsn" above a table's rows
                ev.append(_EV_HEADER)
            yield doc.finding(Label.DATE_OF_BIRTH, m.start(), m.end(), value=date.isoformat(), score=score,
                              detector=self.name, evidence=ev)
