"""Shared helpers for the watchlist tests (no tests here): a register in a temporary database, a
tiny detector that reports given substrings with contract-conforming values, and a sample person."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from doxwacht import Document, Engine, Finding, Label
from doxwacht.detectors.registry import DetectorRegistry
from doxwacht.store import Store
from doxwacht.watchlist import PersonInput, Register, WatchlistAnalyzer, generate_key
from doxwacht.watchlist import canonical as c
from doxwacht.watchlist.keys import WatchlistKey


def value_for(label: str, text: str) -> str:
    """The normalised `value` a built-in detector would give (docs/CONTRACTS.md)."""
    if label == Label.PHONE:
        return c.phone(text)[0]
    if label == Label.EMAIL:
        return text.lower()
    if label == Label.LICENSE_PLATE:
        return re.sub(r"[\s\-.]", "", text).upper()
    if label == Label.IBAN:
        return re.sub(r"\s", "", text).upper()
    if label == Label.DATE_OF_BIRTH:
        return c.dob(text)[0]
    if label == Label.SOCIAL_HANDLE:
        return text.lstrip("@").lower()
    if label == Label.POSTCODE:
        return c.postcode_value(text)
    if label == Label.PERSON:
        return " ".join(text.split())
    raise ValueError(label)


class FixedDetector:
    """Reports every occurrence of each given substring as a finding of the given label. For
    ADDRESS the value is given explicitly: (label, text, value)."""

    name = "test.fixed.v1"

    def __init__(self, items: Iterable[tuple[str, str] | tuple[str, str, str]]) -> None:
        self.items = list(items)
        self.labels = frozenset(i[0] for i in self.items)

    def detect(self, doc: Document) -> Iterator[Finding]:
        for item in self.items:
            label, text = item[0], item[1]
            value = item[2] if len(item) == 3 else value_for(label, text)
            for m in re.finditer(re.escape(text), doc.norm):
                yield doc.finding(label, m.start(), m.end(), value=value, score=0.9, detector=self.name)


def engine_with(analyzer: WatchlistAnalyzer, items: Iterable[tuple[str, ...]] = ()) -> Engine:
    return Engine(DetectorRegistry([FixedDetector(items)]), analyzers=[analyzer])  # type: ignore[arg-type]


def sample_person(**overrides: object) -> PersonInput:
    data: dict[str, object] = dict(
        label="Agent A",
        role="politie",
        organisation="Eenheid Utrecht",
        names=["Jan Pieter de Vries"],
        relative_names=["Anne Jansen-de Vries"],
        addresses=["Hoofdstraat 12a, 1234 AB Amsterdam"],
        postcodes=["3511 AB 7"],
        phones=["06-12345678"],
        emails=["J.deVries@Example.nl"],
        plates=["12-ABC-3"],
        dobs=["12-03-1980"],
        handles=["@JanDV"],
        ibans=["NL91 ABNA 0417 1643 00"],
        workplace="bureau Zeist",
    )
    data.update(overrides)
    return PersonInput(**data)  # type: ignore[arg-type]


# Every plaintext form of the sample person's identifiers a leak could show up as.
SAMPLE_PLAINTEXTS = [
    "Pieter", "Vries", "Jansen", "Anne", "Hoofdstraat", "Amsterdam", "1234AB", "1234 AB", "3511AB", "3511 AB",
    "12345678", "0612345678", "+31612345678", "deVries@", "devries@example", "12-ABC-3", "12ABC3", "1980-03-12",
    "12-03-1980", "JanDV", "NL91ABNA0417164300", "0417164300", "Zeist", "bureauzeist", "jan pieter", "jp de vries",
]


def make_register(tmp_path: Path, key: WatchlistKey | None = None, name: str = "w.db") -> Register:
    return Register(Store(tmp_path / name), key or generate_key())
