"""Masking of personal data in excerpts, and a check for identifiers left in plain text.

A document quotes the offending messages only with the personal data masked: enough to recognise
the message ("06-••••••78"), not enough to reuse the data. `mask_excerpt` masks the spans a scan
found; `find_unmasked` is the safety net that looks for identifiers still readable in any text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from stdnum.nl import bsn as _bsn

DOT = "•"


class Span(Protocol):
    """Anything with a label and a character span, such as a `doxwacht.Finding`."""

    @property
    def label(self) -> str: ...

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


@dataclass(frozen=True)
class LabelledSpan:
    label: str
    start: int
    end: int


_PLACEHOLDERS = {
    "PERSON": "[naam]",
    "ADDRESS": "[adres]",
    "GEO_COORDINATE": "[locatie]",
    "DATE_OF_BIRTH": "[geboortedatum]",
    "BSN": "[BSN]",
    "IP_ADDRESS": "[IP-adres]",
}


def _keep_tail(text: str, keep: int = 2) -> str:
    chars = [c for c in text if c.isalnum()]
    if len(chars) <= keep + 2:
        return DOT * max(len(chars), 3)
    return DOT * (len(chars) - keep) + "".join(chars[-keep:])


def mask_value(label: str, text: str) -> str:
    """Mask one piece of personal data of the given label (`doxwacht.Label` names)."""
    label = str(label)
    if label in _PLACEHOLDERS:
        return _PLACEHOLDERS[label]
    if label == "PHONE":
        digits = re.sub(r"\D", "", text)
        if digits.startswith("0031"):
            digits = "0" + digits[4:]
        elif digits.startswith("31") and text.lstrip().startswith("+"):
            digits = "0" + digits[2:]
        if len(digits) < 6:
            return DOT * 6
        return f"{digits[:2]}-{DOT * (len(digits) - 4)}{digits[-2:]}"
    if label == "EMAIL":
        local, _, domain = text.partition("@")
        tld = domain.rsplit(".", 1)[-1] if "." in domain else ""
        return f"{local[:1]}{DOT * 3}@{DOT * 3}" + (f".{tld}" if tld else "")
    if label == "POSTCODE":
        m = re.match(r"\s*(\d{4})", text)
        return f"{m.group(1)} {DOT * 2}" if m else DOT * 6
    if label == "IBAN":
        compact = re.sub(r"\s", "", text)
        return f"{compact[:2]}{DOT * max(len(compact) - 4, 4)}{compact[-2:]}"
    if label == "SOCIAL_HANDLE":
        body = text.lstrip("@")
        return ("@" if text.startswith("@") else "") + body[:1] + DOT * max(len(body) - 1, 3)
    if label == "URL":
        return "[link]"
    return _keep_tail(text)


def mask_excerpt(text: str, spans: Iterable[Span]) -> str:
    """Return `text` with every span replaced by its mask. Overlapping spans: the outer one wins."""
    ordered = sorted(spans, key=lambda s: (s.start, -(s.end - s.start)))
    out: list[str] = []
    pos = 0
    for s in ordered:
        if s.start < pos or s.start >= s.end:
            continue  # nested inside a span already masked, or empty
        if s.start < 0 or s.end > len(text):
            raise ValueError(f"span {s.start}..{s.end} outside the text (length {len(text)})")
        out.append(text[pos:s.start])
        out.append(mask_value(s.label, text[s.start:s.end]))
        pos = s.end
    out.append(text[pos:])
    return "".join(out)


# identifiers that must never stand readable in a document beyond what it legally needs
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (  # in priority order: a later match inside an earlier is dropped
    ("EMAIL", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)),
    ("IBAN", re.compile(r"\b[A-Z]{2}\d{2}[\s]?[A-Z]{4}(?:\s?\d){10}\b")),
    ("PHONE", re.compile(r"(?<![\w+])(?:\+31|0031|0)[\s-]?6(?:[\s-]?\d){8}(?!\d)")),
    ("PHONE", re.compile(r"(?<![\w+])(?:\+31|0031|0)[1-57-9]\d(?:[\s-]?\d){7}(?!\d)")),
    ("POSTCODE", re.compile(r"\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b")),
)
_NINE_DIGITS = re.compile(r"(?<![\w-])\d{9}(?![\w-])")


@dataclass(frozen=True)
class Unmasked:
    label: str
    start: int
    end: int
    text: str


def find_unmasked(text: str, allowed: Iterable[str] = ()) -> list[Unmasked]:
    """Identifiers readable in `text` (phone numbers, e-mail addresses, IBANs, postcodes, BSNs),
    except those that occur in one of the `allowed` strings (the notifier's own e-mail address...)."""
    allow = [a.lower() for a in allowed if a]
    found: list[Unmasked] = []
    taken: list[tuple[int, int]] = []

    def add(label: str, m: re.Match[str]) -> None:
        if any(s <= m.start() < e or s < m.end() <= e for s, e in taken):
            return
        taken.append((m.start(), m.end()))
        if not any(m.group(0).lower() in a for a in allow):
            found.append(Unmasked(label, m.start(), m.end(), m.group(0)))

    for label, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            add(label, m)
    for m in _NINE_DIGITS.finditer(text):
        if _bsn.is_valid(m.group(0)):
            add("BSN", m)
    found.sort(key=lambda u: u.start)
    return found
