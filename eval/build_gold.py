"""Build the gold JSONL files of the PII evaluation corpus from the marked-up text files.

Corpus format (``eval/corpus/pii_*.txt``):

* one message per block; blocks are separated by a line holding only ``---``;
* lines starting with ``;;`` before the text of a block are comments and are dropped;
* leading and trailing blank lines of a block are dropped, inner line breaks are kept;
* a labelled span is written ``[[LABEL|text]]``; spans may nest where a nesting is allowed
  (only ADDRESS containing POSTCODE): ``[[ADDRESS|Hoofdstraat 12, [[POSTCODE|1234 AB]] Utrecht]]``.

Output records (``eval/data/pii_*.jsonl``), one per line::

    {"id": "dev-0001", "text": "...", "spans": [{"start": 0, "end": 5, "label": "PHONE"}]}

Offsets index the text without markup. Every span is checked: the text must match the marked text,
must not start or end with whitespace, and must be valid for its label (a PHONE valid per
libphonenumber, an IBAN with correct mod-97 check digits, a BSN passing the 11-proef, ...).

Usage::

    python eval/build_gold.py            # rebuild eval/data/pii_dev.jsonl, pii_test.jsonl, pii_dev2.jsonl
    python eval/build_gold.py --check    # exit 1 when the committed JSONL is out of date
    python eval/build_gold.py --lint     # also warn about unannotated text that looks like PII
    python eval/build_gold.py --stats    # print message and span counts per label
    python eval/build_gold.py --stats dev2   # only the named data set(s): dev, test, dev2, dev3, dev4, fresh
"""

from __future__ import annotations

import argparse
import datetime as dt
import ipaddress
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import phonenumbers
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from stdnum.nl import bsn as stdnum_bsn

EVAL_DIR = Path(__file__).resolve().parent
CORPUS_DIR = EVAL_DIR / "corpus"
DATA_DIR = EVAL_DIR / "data"

# (name, corpus file, JSONL file, id prefix)
DATASETS: tuple[tuple[str, Path, Path, str], ...] = (
    ("dev", CORPUS_DIR / "pii_dev.txt", DATA_DIR / "pii_dev.jsonl", "dev"),
    ("test", CORPUS_DIR / "pii_test.txt", DATA_DIR / "pii_test.jsonl", "test"),
)

# Further development sets, built and checked like the two above but not part of the dev/test
# pair (no size minimums, no held-out role): pii_dev2 focuses on ADDRESS and BSN and their hard
# negatives; pii_dev3 on PERSON, ADDRESS and BSN in new phrasings, written without looking at the test file.
EXTRA_DATASETS: tuple[tuple[str, Path, Path, str], ...] = (
    ("dev2", CORPUS_DIR / "pii_dev2.txt", DATA_DIR / "pii_dev2.jsonl", "dev2"),
    ("dev3", CORPUS_DIR / "pii_dev3.txt", DATA_DIR / "pii_dev3.jsonl", "dev3"),
    # dev4 (ADDRESS and BSN: suffix-less and multi-line addresses, BSN phrasings and hard negatives) and
    # fresh: written together, split 70/30; fresh is a second held-out set, never used for tuning
    ("dev4", CORPUS_DIR / "pii_dev4.txt", DATA_DIR / "pii_dev4.jsonl", "dev4"),
    ("fresh", CORPUS_DIR / "pii_fresh.txt", DATA_DIR / "pii_fresh.jsonl", "fresh"),
    # dev_bsn: BSN phrasings (plurals, typos, glued cues, mixed cues, CSV tables) and 11-proef hard negatives
    ("dev_bsn", CORPUS_DIR / "pii_dev_bsn.txt", DATA_DIR / "pii_dev_bsn.jsonl", "devbsn"),
)
ALL_DATASETS: tuple[tuple[str, Path, Path, str], ...] = DATASETS + EXTRA_DATASETS

LABELS: frozenset[str] = frozenset(
    {
        "PERSON",
        "ADDRESS",
        "POSTCODE",
        "PHONE",
        "EMAIL",
        "IBAN",
        "BSN",
        "LICENSE_PLATE",
        "DATE_OF_BIRTH",
        "IP_ADDRESS",
        "URL",
        "SOCIAL_HANDLE",
        "GEO_COORDINATE",
    }
)

# (outer, inner) label pairs that may nest in the markup.
ALLOWED_NESTING: frozenset[tuple[str, str]] = frozenset({("ADDRESS", "POSTCODE")})

BLOCK_SEPARATOR = "---"
COMMENT_PREFIX = ";;"

_OPEN_RE = re.compile(r"\[\[([A-Za-z_]*)\|")


class MarkupError(ValueError):
    """Malformed markup or an invalid gold span, with the place it was found."""


@dataclass(frozen=True, slots=True, order=True)
class Span:
    start: int
    end: int
    label: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "label": self.label}


@dataclass(frozen=True, slots=True)
class GoldRecord:
    id: str
    text: str
    spans: tuple[Span, ...]
    line: int = 0  # first line of the block in its corpus file (not written to JSONL)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "spans": [s.to_dict() for s in self.spans]}


# --------------------------------------------------------------------------------------------
# Markup parsing
# --------------------------------------------------------------------------------------------


def _position(text: str, index: int, first_line: int) -> str:
    line = first_line + text.count("\n", 0, index)
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line}, column {column}"


def parse_markup(marked: str, *, first_line: int = 1) -> tuple[str, tuple[Span, ...]]:
    """Strip the ``[[LABEL|text]]`` markup from `marked`; return the plain text and its spans.

    Raises `MarkupError` for an unknown label, an unclosed or unopened span, an empty span, a span
    with surrounding whitespace, or a nesting that is not allowed.
    """
    out: list[str] = []
    out_len = 0
    # stack of (label, start offset in output, index in marked)
    stack: list[tuple[str, int, int]] = []
    spans: list[Span] = []
    i = 0
    n = len(marked)
    while i < n:
        if marked.startswith("[[", i):
            match = _OPEN_RE.match(marked, i)
            if match is None:
                raise MarkupError(f"{_position(marked, i, first_line)}: '[[' not followed by 'LABEL|'")
            label = match.group(1)
            if label not in LABELS:
                raise MarkupError(f"{_position(marked, i, first_line)}: unknown label {label!r}")
            if stack and (stack[-1][0], label) not in ALLOWED_NESTING:
                raise MarkupError(
                    f"{_position(marked, i, first_line)}: {label} may not nest inside {stack[-1][0]}"
                )
            stack.append((label, out_len, i))
            i = match.end()
            continue
        if marked.startswith("]]", i):
            if not stack:
                raise MarkupError(f"{_position(marked, i, first_line)}: ']]' without an open '[['")
            label, start, opened_at = stack.pop()
            if start == out_len:
                raise MarkupError(f"{_position(marked, opened_at, first_line)}: empty {label} span")
            span_text = "".join(out)[start:out_len]
            if span_text != span_text.strip():
                raise MarkupError(
                    f"{_position(marked, opened_at, first_line)}: {label} span {span_text!r} "
                    "starts or ends with whitespace"
                )
            spans.append(Span(start, out_len, label))
            i += 2
            continue
        out.append(marked[i])
        out_len += 1
        i += 1
    if stack:
        label, _, opened_at = stack[-1]
        raise MarkupError(f"{_position(marked, opened_at, first_line)}: unclosed {label} span")
    text = "".join(out)
    if "[[" in text or "]]" in text:  # e.g. "[[[" producing a stray bracket pair
        raise MarkupError(f"line {first_line}: stray '[[' or ']]' left in the text")
    return text, tuple(sorted(spans, key=lambda s: (s.start, -s.end, s.label)))


def split_blocks(source: str) -> list[tuple[int, str]]:
    """Split a corpus file into (first line number, block text) pairs; drop comments and empties."""
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    current_start = 1

    def flush() -> None:
        # Drop leading/trailing blank lines but keep the line numbering of the first text line.
        lines = list(current)
        start = current_start
        while lines and not lines[0].strip():
            lines.pop(0)
            start += 1
        while lines and not lines[-1].strip():
            lines.pop()
        if lines:
            blocks.append((start, "\n".join(line.rstrip() for line in lines)))

    for number, line in enumerate(source.splitlines(), start=1):
        if line.strip() == BLOCK_SEPARATOR:
            flush()
            current = []
            current_start = number + 1
            continue
        if line.startswith(COMMENT_PREFIX) and not any(c.strip() for c in current):
            current.append("")  # a comment before the message text counts as a blank line
            continue
        current.append(line)
    flush()
    return blocks


# --------------------------------------------------------------------------------------------
# Per-label validation of gold spans
# --------------------------------------------------------------------------------------------

NL_BANK_CODES = frozenset({"ABNA", "INGB", "RABO", "TRIO", "SNSB", "ASNB", "KNAB", "BUNQ"})
IBAN_COUNTRIES = frozenset({"NL", "BE", "DE"})
PLATE_LETTERS = frozenset("BDFGHJKLNPRSTVXZ")
PLATE_FORBIDDEN = ("GVD", "KKK", "NSB", "PKK", "PVV", "SS", "SD", "SA", "TBS", "VVD")
POSTCODE_FORBIDDEN = frozenset({"SA", "SD", "SS"})

# Dutch licence plate sidecodes 1-14 (X letter, 9 digit).
PLATE_SIDECODES: tuple[str, ...] = (
    "XX-99-99",
    "99-99-XX",
    "99-XX-99",
    "XX-99-XX",
    "XX-XX-99",
    "99-XX-XX",
    "99-XXX-9",
    "9-XXX-99",
    "XX-999-X",
    "X-999-XX",
    "XXX-99-X",
    "X-99-XXX",
    "9-XX-999",
    "999-XX-9",
)

TITLES = frozenset(
    {
        "dhr", "dhr.", "mevr", "mevr.", "mw", "mw.", "mr", "mr.", "dr", "dr.", "ir", "ir.", "drs", "drs.",
        "prof", "prof.", "meneer", "mevrouw", "agent", "agente", "brigadier", "hoofdagent", "juf",
        "meester", "fam", "fam.", "familie", "wethouder", "burgemeester", "minister", "rechter",
        "officier", "boa", "docent",
        "de", "het", "een",
    }
)

MONTHS: dict[str, int] = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}

_POSTCODE_RE = re.compile(r"^[1-9][0-9]{3} ?[A-Za-z]{2}$")
_POSTCODE_IN_TEXT_RE = re.compile(r"(?<![\dA-Za-z])[1-9][0-9]{3} ?[A-Za-z]{2}(?![A-Za-z\d])")
_EMAIL_RE = re.compile(r"^[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$")
_URL_RE = re.compile(r"^(https?://|www\.|t\.me/|[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}/)\S+$", re.I)
_HANDLE_RE = re.compile(r"^@?[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?$")
_GEO_RE = re.compile(
    r"^(-?\d{1,2}\.\d{3,})\s*°?\s*([NZS])?\s*[,;]?\s*(-?\d{1,3}\.\d{3,})\s*°?\s*([EOW])?$", re.I
)


def validate_phone(text: str) -> str | None:
    if text[0] not in "+0123456789Oo" or not text[-1].isdigit():
        return "a PHONE span runs from the first digit or '+' to the last digit"
    compact = text.replace("(0)", "")
    compact = re.sub(r"[Oo]", "0", compact)
    compact = re.sub(r"[^\d+]", "", compact)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    try:
        number = phonenumbers.parse(compact, "NL")
    except phonenumbers.NumberParseException as exc:
        return f"unparseable phone number: {exc}"
    if not phonenumbers.is_valid_number(number):
        return f"not a valid phone number per libphonenumber: {compact}"
    return None


def deobfuscate_email(text: str) -> str:
    t = text.lower()
    t = re.sub(r"\s*[\[({<]\s*(at|apenstaartje|@)\s*[\])}>]\s*", "@", t)
    t = re.sub(r"\s*[\[({<]\s*(punt|dot|\.)\s*[\])}>]\s*", ".", t)
    t = re.sub(r"\s+(at|apenstaartje)\s+", "@", t)
    t = re.sub(r"\s+(punt|dot)\s+", ".", t)
    return t.replace(" ", "")


def validate_email(text: str) -> str | None:
    plain = deobfuscate_email(text)
    if not _EMAIL_RE.match(plain):
        return f"not an e-mail address after de-obfuscation: {plain!r}"
    return None


def validate_postcode(text: str) -> str | None:
    if not _POSTCODE_RE.match(text):
        return "a POSTCODE is '1234 AB' or '1234AB' (any case)"
    if text[-2:].upper() in POSTCODE_FORBIDDEN:
        return f"postcode letters {text[-2:].upper()} are never issued"
    return None


def plate_sidecode(text: str) -> int | None:
    """The sidecode (1-14) of a licence plate written with or without dashes, or None."""
    upper = text.upper()
    shape = "".join("X" if c.isalpha() else "9" if c.isdigit() else c for c in upper)
    for number, code in enumerate(PLATE_SIDECODES, start=1):
        if "-" in shape and shape == code:
            return number
    if "-" not in shape:
        for number, code in enumerate(PLATE_SIDECODES, start=1):
            if shape == code.replace("-", ""):
                return number
    return None


def validate_plate(text: str) -> str | None:
    if not re.fullmatch(r"[A-Za-z0-9]+(-[A-Za-z0-9]+){0,2}", text):
        return "a LICENSE_PLATE holds letters, digits and dashes only"
    if "-" in text and text.count("-") != 2:
        return "a dashed LICENSE_PLATE has exactly two dashes"
    sidecode = plate_sidecode(text)
    if sidecode is None:
        return "no Dutch sidecode matches"
    groups = re.findall(r"[A-Z]+", text.upper())
    if sidecode >= 4 and any(set(g) - PLATE_LETTERS for g in groups):
        return f"sidecode {sidecode} uses only the letters BDFGHJKLNPRSTVXZ"
    for group in groups:
        for bad in PLATE_FORBIDDEN:
            if bad in group:
                return f"letter group {group} contains the excluded combination {bad}"
    # Without dashes a 2-2-2 shape may be ambiguous but is still one of the sidecodes: fine.
    return None


def iban_check_digits(country: str, bban: str) -> str:
    """The two mod-97 check digits of an IBAN (ISO 13616)."""
    rearranged = bban + country + "00"
    numeric = "".join(str(int(c, 36)) for c in rearranged)
    return f"{98 - int(numeric) % 97:02d}"


def validate_iban(text: str) -> str | None:
    compact = text.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", compact):
        return "not an IBAN shape"
    country, digits, bban = compact[:2], compact[2:4], compact[4:]
    if country not in IBAN_COUNTRIES:
        return f"IBAN country {country} not used in this corpus"
    if country == "NL" and bban[:4] not in NL_BANK_CODES:
        return f"Dutch bank code {bban[:4]} not one of {sorted(NL_BANK_CODES)}"
    expected = iban_check_digits(country, bban)
    if digits != expected:
        return f"IBAN check digits {digits} wrong, expected {expected}"
    try:
        IBAN(compact)
    except SchwiftyException as exc:
        return f"schwifty rejects the IBAN: {exc}"
    return None


def validate_bsn(text: str) -> str | None:
    if not re.fullmatch(r"\d{4}\.\d{2}\.\d{3}|\d{3}[ .]\d{3}[ .]\d{3}|\d{9}|\d{4} \d{2} \d{3}", text):
        return "a BSN is 9 digits, plain or grouped with dots or spaces"
    digits = re.sub(r"\D", "", text)
    if not stdnum_bsn.is_valid(digits):
        return f"BSN {digits} fails the 11-proef"
    return None


def parse_birth_date(text: str) -> dt.date | None:
    """Parse the date forms used for DATE_OF_BIRTH in the corpus; None if not one of them."""
    t = text.strip().lower()
    m = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|'?\d{2})", t)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3).lstrip("'")
        y = int(year) if len(year) == 4 else (1900 + int(year) if int(year) > 25 else 2000 + int(year))
        return _safe_date(y, month, day)
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.fullmatch(r"(\d{1,2})(?:e)?\s+([a-z]+)\.?\s+(\d{4})", t)
    if m and m.group(2) in MONTHS:
        return _safe_date(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1)))
    return None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def validate_birth_date(text: str) -> str | None:
    date = parse_birth_date(text)
    if date is None:
        return "not a full date (day, month and year) in a known form"
    if not 1900 <= date.year <= 2025:
        return f"implausible birth year {date.year}"
    return None


def validate_ip(text: str) -> str | None:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return "not an IPv4 or IPv6 address"
    return None


def validate_url(text: str) -> str | None:
    if not _URL_RE.match(text):
        return "a URL starts with http(s)://, www., t.me/ or domain.tld/"
    if text[-1] in ".,;:!?)'\"":
        return "a URL span excludes trailing punctuation"
    return None


def validate_handle(text: str) -> str | None:
    if not _HANDLE_RE.match(text) or len(text.lstrip("@")) < 2:
        return "a SOCIAL_HANDLE is '@name' or a bare 'name' of letters, digits, '_' and '.'"
    return None


def validate_geo(text: str) -> str | None:
    m = _GEO_RE.match(text)
    if not m:
        return "a GEO_COORDINATE is a 'lat, lon' pair of decimal degrees"
    lat, lon = float(m.group(1)), float(m.group(3))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return "coordinate out of range"
    return None


def validate_address(text: str) -> str | None:
    if not re.search(r"\d", text):
        return "an ADDRESS needs a house number"
    if text.split()[0].lower() == "postbus":
        return "a Postbus is not an ADDRESS"
    return None


def validate_person(text: str) -> str | None:
    if re.search(r"[\d@#/:]", text):
        return "a PERSON name holds no digits, '@', '#', '/' or ':'"
    first = text.split()[0].lower()
    if first in TITLES - {"de"}:  # "de Vries" as a bare surname is fine
        return f"titles and roles ({first!r}) are not part of a PERSON span"
    return None


VALIDATORS: dict[str, Callable[[str], str | None]] = {
    "PHONE": validate_phone,
    "EMAIL": validate_email,
    "POSTCODE": validate_postcode,
    "LICENSE_PLATE": validate_plate,
    "IBAN": validate_iban,
    "BSN": validate_bsn,
    "DATE_OF_BIRTH": validate_birth_date,
    "IP_ADDRESS": validate_ip,
    "URL": validate_url,
    "SOCIAL_HANDLE": validate_handle,
    "GEO_COORDINATE": validate_geo,
    "ADDRESS": validate_address,
    "PERSON": validate_person,
}


def validate_record(record: GoldRecord) -> list[str]:
    """All problems with the spans of one record (empty when it is fine)."""
    problems: list[str] = []
    for span in record.spans:
        text = record.text[span.start : span.end]
        problem = VALIDATORS[span.label](text)
        if problem:
            problems.append(f"{span.label} {text!r}: {problem}")
    postcodes = [s for s in record.spans if s.label == "POSTCODE"]
    for span in record.spans:
        if span.label != "ADDRESS":
            continue
        text = record.text[span.start : span.end]
        for m in _POSTCODE_IN_TEXT_RE.finditer(text):
            if m.group(0)[-2:].upper() in POSTCODE_FORBIDDEN:
                continue
            start, end = span.start + m.start(), span.start + m.end()
            if not any(p.start == start and p.end == end for p in postcodes):
                problems.append(f"ADDRESS {text!r}: the postcode {m.group(0)!r} in it is not marked")
    seen: set[tuple[int, int, str]] = set()
    for span in record.spans:
        key = (span.start, span.end, span.label)
        if key in seen:
            problems.append(f"duplicate span {span}")
        seen.add(key)
    return problems


# --------------------------------------------------------------------------------------------
# Lint: unannotated text that looks like personal data (warnings only)
# --------------------------------------------------------------------------------------------

_LINT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("EMAIL", re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")),
    ("URL", re.compile(r"(https?://|www\.)\S+")),
    ("POSTCODE", re.compile(r"(?<![\dA-Za-z])[1-9]\d{3} ?[A-Z]{2}(?![A-Za-z])")),
    ("IBAN", re.compile(r"\b[A-Z]{2}\d{2} ?[A-Z]{4}(?: ?\d{2,4}){3,4}\b")),
    ("PHONE", re.compile(r"(?<![\d])(?:\+|00)?\d[\d \-.()]{8,16}\d(?!\d)")),
)


def lint_record(record: GoldRecord) -> list[str]:
    """Unannotated substrings that look like personal data; for reviewing the markup by eye."""
    warnings: list[str] = []
    covered = [(s.start, s.end) for s in record.spans]

    def is_covered(start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in covered)

    for label, pattern in _LINT_PATTERNS:
        for m in pattern.finditer(record.text):
            if is_covered(m.start(), m.end()):
                continue
            if label == "PHONE" and validate_phone(m.group(0).strip(" -.()")):
                continue
            if label == "POSTCODE" and validate_postcode(m.group(0)):
                continue
            warnings.append(f"unannotated {label}-like {m.group(0)!r}")
    return warnings


# --------------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------------


def load_corpus(path: Path, prefix: str) -> list[GoldRecord]:
    """Parse and validate one corpus file; raise `MarkupError` listing every problem found."""
    source = path.read_text(encoding="utf-8")
    records: list[GoldRecord] = []
    problems: list[str] = []
    for number, (line, block) in enumerate(split_blocks(source), start=1):
        record_id = f"{prefix}-{number:04d}"
        try:
            text, spans = parse_markup(block, first_line=line)
        except MarkupError as exc:
            problems.append(f"{path.name}: {record_id}: {exc}")
            continue
        record = GoldRecord(record_id, text, spans, line)
        problems.extend(f"{path.name}:{line}: {record_id}: {p}" for p in validate_record(record))
        records.append(record)
    if problems:
        raise MarkupError(f"{len(problems)} problem(s) in {path}:\n" + "\n".join(problems))
    return records


def to_jsonl(records: Iterable[GoldRecord]) -> str:
    return "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in records)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def stats(records: Sequence[GoldRecord]) -> tuple[Counter[str], int]:
    """Span counts per label and the number of messages without any span."""
    counts: Counter[str] = Counter(s.label for r in records for s in r.spans)
    empty = sum(1 for r in records if not r.spans)
    return counts, empty


def _print_stats(name: str, records: Sequence[GoldRecord]) -> None:
    counts, empty = stats(records)
    print(f"{name}: {len(records)} messages, {empty} without spans, {sum(counts.values())} spans")
    for label in sorted(LABELS):
        print(f"  {label:<15} {counts.get(label, 0):>4}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if the JSONL files are out of date")
    parser.add_argument("--lint", action="store_true", help="warn about unannotated PII-like text")
    parser.add_argument("--stats", action="store_true", help="print counts per label")
    names = [d[0] for d in ALL_DATASETS]
    parser.add_argument(
        "datasets", nargs="*", metavar="NAME", help=f"only these data sets (default: all: {', '.join(names)})"
    )
    args = parser.parse_args(argv)
    unknown = sorted(set(args.datasets) - set(names))
    if unknown:
        parser.error(f"unknown data set(s) {', '.join(unknown)}; choose from {', '.join(names)}")

    status = 0
    for name, corpus, out, prefix in ALL_DATASETS:
        if args.datasets and name not in args.datasets:
            continue
        if not corpus.exists():
            print(f"error: corpus file {corpus} is missing", file=sys.stderr)
            status = 1
            continue
        try:
            records = load_corpus(corpus, prefix)
        except MarkupError as exc:
            print(f"error: {exc}", file=sys.stderr)
            status = 1
            continue
        if args.lint:
            for record in records:
                for warning in lint_record(record):
                    print(f"lint: {corpus.name}:{record.line}: {record.id}: {warning}")
        if args.stats:
            _print_stats(name, records)
        content = to_jsonl(records)
        if args.check:
            current = out.read_text(encoding="utf-8") if out.exists() else ""
            if current != content:
                print(f"error: {out} is out of date; run python eval/build_gold.py", file=sys.stderr)
                status = 1
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(content, encoding="utf-8")
            print(f"wrote {len(records)} records to {out.relative_to(EVAL_DIR.parent)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
