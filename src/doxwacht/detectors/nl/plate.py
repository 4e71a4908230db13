"""LICENSE_PLATE: Dutch licence plates of every sidecode (1-14), with and without dashes, any case.

Letters follow the RDW rules: no vowels, and not C, Q, W, Y (the series skip them to avoid words and
confusion); combinations the RDW never issues (GVD, KKK, NSB, PKK, PVV, SS, SD, SA, TBS, VVD, ...) are
rejected. Without dashes a plate is ambiguous with codes, so it needs upper case or a context word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from doxwacht.detectors.base import PatternDetector, Rejected
from doxwacht.detectors.context import ContextWords
from doxwacht.document import Document
from doxwacht.findings import Evidence, Label

SIDECODES = {
    1: "XX-99-99", 2: "99-99-XX", 3: "99-XX-99", 4: "XX-99-XX", 5: "XX-XX-99", 6: "99-XX-XX",
    7: "99-XXX-9", 8: "9-XXX-99", 9: "XX-999-X", 10: "X-999-XX", 11: "XXX-99-X", 12: "X-99-XXX",
    13: "9-XX-999", 14: "999-XX-9",
}
LETTERS = "BDFGHJKLMNPRSTVXZ"
OLD_LETTERS = "ABCDEFGHIJKLMNOPRSTUVWXYZ"  # sidecodes 1-3 (1951-1978) also used vowels
FORBIDDEN = ("GVD", "KKK", "KVT", "LPF", "NSB", "PKK", "PSV", "PVV", "SGP", "TBS", "VVD", "SS", "SD", "SA")
_L = f"[{LETTERS}{LETTERS.lower()}]"
_L_OLD = f"[{OLD_LETTERS}{OLD_LETTERS.lower()}]"


def _shape(sidecode: str, dashes: bool, old: bool = False) -> str:
    parts = []
    for group in sidecode.split("-"):
        kind = (_L_OLD if old else _L) if group[0] == "X" else r"\d"
        parts.append(f"{kind}{{{len(group)}}}")
    return "-".join(parts) if dashes else "".join(parts)


def _alternation(dashes: bool) -> str:
    return "|".join(_shape(s, dashes, old=n <= 3) for n, s in SIDECODES.items())


def sidecode_of(compact: str) -> int | None:
    shape = "".join("X" if c.isalpha() else "9" for c in compact.upper())
    for number, code in SIDECODES.items():
        if code.replace("-", "") == shape:
            return number
    return None


_DIGITS = re.compile(r"\d+")
_WORD_OR_DASH = re.compile(r"[\w-]*")


def _letter_groups(compact: str, sidecode: int) -> list[str]:
    groups, pos = [], 0
    for group in SIDECODES[sidecode].split("-"):
        if group[0] == "X":
            groups.append(compact[pos : pos + len(group)])
        pos += len(group)
    return groups


class PlateDetector(PatternDetector):
    name = "nl.plate.v1"
    label = Label.LICENSE_PLATE
    # `pattern` itself, its look-arounds as classes that hold wherever they hold (a non-ASCII letter
    # counts as none, so they fire a little more often, never less), then the rest of the message (as
    # `until_message_end`: each message reported once): no sidecode shape inside a longer code or word
    triggers = tuple(
        rf"(?:^|[^A-Za-z0-9_\-])(?:{_alternation(dashes)})(?:[^A-Za-z0-9_\-\x00][^\x00]*)?(?:\x00|$)"
        for dashes in (True, False)
    )
    pattern = re.compile(
        rf"(?<![\w-])(?:(?P<dashed>{_alternation(True)})|(?P<plain>{_alternation(False)}))(?![\w-])"
    )
    context = ContextWords.of(
        positive=["kenteken", "kentekenplaat", "nummerbord", "auto", "wagen", "rijdt", "reed", "bmw", "audi",
                  "golf", "mercedes", "polo", "scooter", "busje", "bus", "plaat", "rdw", "geparkeerd", "kenteken:"],
        negative=["bestelnummer", "code", "artikel", "model", "type", "productcode", "voucher", "kortingscode",
                  "wachtwoord", "ordernummer", "referentie",
                  # flight numbers ("vlucht KL1234", "flight HV5131") have the shape of an old plate without dashes
                  "vlucht", "vluchtnummer", "vluchten", "flight", "flightnummer", "gate", "boarding", "luchthaven",
                  "vliegveld", "schiphol", "vliegtuig", "vertrekhal", "aankomsthal", "klm", "transavia", "ryanair",
                  "easyjet", "corendon", "tui", "lufthansa"],
        window=40, after=25, boost=0.3, penalty=0.45,
    )

    def candidates(self, doc: Document) -> Iterator[re.Match[str]]:
        """The pattern's matches, found from the digits every plate holds instead of trying the
        pattern at every position. A match is a whole run of word characters and dashes (its
        characters are, and the characters around it are not), of 6 or 8 characters, with a run of
        at most 4 digits in it: each such run is tried once, from its start."""
        text = doc.norm
        pattern = self.pattern
        done = 0
        for d in _DIGITS.finditer(text):
            a, b = d.span()
            if a < done or b - a > 4:
                continue
            start = a
            lo = max(0, a - 8)
            while start > lo:
                c = text[start - 1]
                if c.isalnum() or c == "-" or c == "_":
                    start -= 1
                else:
                    break
            else:
                if start:
                    continue  # more than 8 characters before the digits: too long for a plate
            done = _WORD_OR_DASH.match(text, b).end()  # type: ignore[union-attr]  # (matches the empty string)
            if done - start in (6, 8):
                m = pattern.match(text, start)
                if m is not None:
                    yield m

    def validate(self, doc: Document, match: re.Match[str]) -> tuple[str, float, list[Evidence]]:
        text = match.group()
        compact = text.replace("-", "").upper()
        sidecode = sidecode_of(compact)
        if sidecode is not None and any(bad in group for group in _letter_groups(compact, sidecode) for bad in FORBIDDEN):
            raise Rejected
        if sidecode is None:  # pragma: no cover - the pattern only admits sidecode shapes
            raise Rejected
        ev = [Evidence("pattern", f"sidecode {sidecode} ({SIDECODES[sidecode]})"),
              Evidence("validator", "RDW letters (no vowels, C, Q, W, Y)")]
        has_lower = any(c.islower() for c in text)
        if any(c not in LETTERS for g in _letter_groups(compact, sidecode) for c in g):
            ev.append(Evidence("validator", "vowels: only in the old sidecodes 1-3"))
        if match.group("dashed"):
            score = 0.8 if has_lower else 0.9
        else:
            score = 0.35 if has_lower else 0.55
            ev.append(Evidence("ambiguity", "written without dashes", -0.3))
        return compact, score, ev
