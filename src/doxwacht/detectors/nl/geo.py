"""GEO_COORDINATE: latitude/longitude pairs in decimal degrees ("52.3702, 4.8952", "51.9225 N 4.4792 E")
or degrees-minutes-seconds ("52°22'12\"N 4°53'42\"E")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from doxwacht.detectors.context import ContextWords
from doxwacht.detectors.triggers import until_message_end
from doxwacht.document import Document
from doxwacht.findings import Evidence, Finding, Label

_DEC = re.compile(
    r"(?<![\w.,])(?P<lat>-?\d{1,2}\.(?P<latd>\d{3,10}))\s*°?\s*(?P<ns>[NSZns])?\s*(?:,|;|/|\s)\s*"
    r"(?P<lon>-?\d{1,3}\.(?P<lond>\d{3,10}))\s*°?\s*(?P<ew>[EOWeow])?(?![\w]|[.,]\d)"
)
_DMS = re.compile(
    r"(?P<lat>\d{1,2})°\s*(?P<latm>\d{1,2})['′]\s*(?:(?P<lats>\d{1,2}(?:\.\d+)?)[\"″]|)\s*(?P<ns>[NSZ])\s*,?\s*"
    r"(?P<lon>\d{1,3})°\s*(?P<lonm>\d{1,2})['′]\s*(?:(?P<lons>\d{1,2}(?:\.\d+)?)[\"″]|)\s*(?P<ew>[EOW])"
)
# Where a `_DEC` match can start: a sign or digit after no word character, dot or comma, before the
# digits and dot of a latitude (the regex engine jumps to such characters).
_DEC_START = re.compile(r"[-\d](?<![\w.,][-\d])(?=\d{0,2}\.\d{3})")


# (evidence is immutable: the same objects serve every finding)
_EV_DECIMAL = Evidence("pattern", "decimal lat, lon")
_EV_RANGES = Evidence("validator", "within coordinate ranges")


# The dot and three decimals of a latitude: one to three characters after where a `_DEC_START` match
# starts. A literal first character, which the regex engine finds fast (`_DEC_START` makes it try
# every digit in the text).
_DOT_DECIMALS = re.compile(r"\.\d{3}")


def _dec_starts(text: str) -> Iterator[int]:
    r"""The starts of `_DEC_START.finditer(text)`, in order: `_DEC_START` tried only on the three
    characters before each `_DOT_DECIMALS` match (its `[-\d]` and the `\d{0,2}` after it)."""
    tried = 0  # positions before this have been tried
    match = _DEC_START.match
    for d in _DOT_DECIMALS.finditer(text):
        dot = d.start()
        for i in range(max(tried, dot - 3), dot):
            if match(text, i) is not None:
                yield i
        tried = max(tried, dot)


def _dec_matches(text: str) -> Iterator[re.Match[str]]:
    """`_DEC.finditer(text)`: the pattern tried only where a match can start."""
    done = 0
    for start in _dec_starts(text):
        if start < done:
            continue
        m = _DEC.match(text, start)
        if m is not None:
            done = m.end()
            yield m


CONTEXT = ContextWords.of(
    positive=["coördinaten", "coordinaten", "coordinates", "gps", "locatie", "location", "maps", "pin", "lat",
              "lon", "lng", "hier", "woont", "adres"],
    window=40, after=0, boost=0.25, penalty=0.0,
)


class GeoDetector:
    name = "nl.geo.v1"
    labels = frozenset({Label.GEO_COORDINATE})
    # What a `_DEC` match contains: a latitude's digit, dot and three decimals, then only digits, white
    # space (any: a non-ASCII character is no letter of A-Z), separators, "°", "-" and one of NSZ, at
    # least one of them a separator or white space ("1.250.000" is no coordinate), before the
    # longitude's dot and three decimals. In any text: where `\d` is more than 0-9 (a message with
    # another decimal digit) the prefilter runs every detector anyway.
    # A `_DMS` match starts with degrees, "°" and minutes (white space between as Python's `\s`, which
    # is more than Hyperscan's: also \x1c-\x1f and non-ASCII spaces): "12°C" runs nothing.
    triggers = (
        until_message_end(
            r"[0-9]\.[0-9]{3}(?:[^A-Za-z.\x00]|[NSZns])*(?:[,;/]|\s|[\x1c-\x1f]|[^\x00-\x7f])(?:[^A-Za-z.\x00]|[NSZns])*\.[0-9]{3}"
        ),
        r"[0-9]°(?:\s|[\x1c-\x1f]|[^\x00-\x7f])*[0-9]{1,2}['′]",
    )

    def detect(self, doc: Document) -> Iterator[Finding]:
        text = doc.norm
        for m in _dec_matches(text):
            lat, lon = float(m.group("lat")), float(m.group("lon"))
            if m.group("ns") and m.group("ns").upper() in "SZ":
                lat = -abs(lat)
            if m.group("ew") and m.group("ew").upper() == "W":
                lon = -abs(lon)
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                continue
            decimals = min(len(m.group("latd")), len(m.group("lond")))
            marked = bool(m.group("ns") and m.group("ew"))
            ev = [_EV_DECIMAL, _EV_RANGES]
            if decimals >= 4 or marked:
                score = 0.85
            elif 50.7 <= lat <= 53.6 and 2.5 <= lon <= 7.3:
                score = 0.7
                ev.append(Evidence("validator", "inside the Netherlands or Belgium"))
            else:
                score = 0.4
            end = m.end()
            while doc.norm[end - 1].isspace():
                end -= 1
            score, ev = CONTEXT.adjust(doc, m.start(), end, score, ev)
            yield doc.finding(Label.GEO_COORDINATE, m.start(), end, value=f"{lat:.6f},{lon:.6f}", score=score,
                              detector=self.name, evidence=ev)
        if "°" in text:
            for m in _DMS.finditer(text):
                lat = int(m.group("lat")) + int(m.group("latm")) / 60 + float(m.group("lats") or 0) / 3600
                lon = int(m.group("lon")) + int(m.group("lonm")) / 60 + float(m.group("lons") or 0) / 3600
                if m.group("ns") in "SZ":
                    lat = -lat
                if m.group("ew") == "W":
                    lon = -lon
                if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    continue
                yield doc.finding(Label.GEO_COORDINATE, m.start(), m.end(), value=f"{lat:.6f},{lon:.6f}", score=0.9,
                                  detector=self.name, evidence=[Evidence("pattern", "degrees minutes seconds")])
