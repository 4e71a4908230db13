"""CSV with a header row, streamed row by row with the `csv` module.

The delimiter is sniffed from the header (`,`, `;`, `\\t` or `|`; `;` is what Dutch spreadsheet
programs write). The text column is `text_field` (exact, else case-insensitive); without it the
whole file is reported and skipped. The id column `id_field` is optional; the id falls back to
`<file>:<line>` (the line where the row starts). Other columns are kept as metadata. A row with a
different number of fields than the header is reported and skipped.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator

from doxwacht.ingest.records import Problem, Record
from doxwacht.ingest.sources import InputSource, csv_delimiter

FORMAT = "csv"
_FIELD_LIMIT = min(sys.maxsize, 2**31 - 1)


def _column(header: list[str], name: str) -> int | None:
    if name in header:
        return header.index(name)
    lowered = [h.lower() for h in header]
    if name.strip().lower() in lowered:
        return lowered.index(name.strip().lower())
    return None


def read_csv(source: InputSource, *, text_field: str = "text", id_field: str = "id") -> Iterator[Record | Problem]:
    name = source.name
    # Messages can be long; the engine's --max-chars limit, not the csv module's, decides.
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)
    pending: list[Problem] = []

    def text_lines() -> Iterator[str]:
        for item in source.lines():
            if isinstance(item, Problem):
                pending.append(item)
            else:
                yield item[1]

    lines = text_lines()
    first_line = ""
    header_lineno = 0
    for first_line in lines:
        header_lineno += 1
        if first_line.strip():
            break
    yield from pending
    pending.clear()
    header_text = first_line.rstrip("\r\n")
    if name.lower().endswith(".tsv"):
        delimiter = "\t"
    else:
        delimiter = csv_delimiter(header_text, text_field) or ","
    header = [h.strip() for h in next(csv.reader([header_text], delimiter=delimiter), [])]
    ti = _column(header, text_field)
    if ti is None:
        shown = ", ".join(repr(h) for h in header[:20]) or "geen"
        yield Problem(
            "missing_field",
            name,
            f"{name}:{header_lineno}",
            f"kolom '{text_field}' ontbreekt in de kopregel (kolommen: {shown}); bestand overgeslagen. "
            "Kies de tekstkolom met --text-field.",
        )
        return
    ii = _column(header, id_field)
    reader = csv.reader(lines, delimiter=delimiter)
    line_offset = header_lineno  # the header was read separately
    prev_end = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            yield from pending
            pending.clear()
            yield Problem("malformed", name, f"{name}:{line_offset + reader.line_num}", f"ongeldige CSV ({err}); rij overgeslagen")
            prev_end = reader.line_num
            continue
        yield from pending
        pending.clear()
        start = line_offset + prev_end + 1
        prev_end = reader.line_num
        location = f"{name}:{start}"
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != len(header):
            yield Problem(
                "malformed",
                name,
                location,
                f"rij heeft {len(row)} velden, de kopregel {len(header)}; rij overgeslagen",
            )
            continue
        text = row[ti]
        if not text or text.isspace():
            continue
        rid = row[ii] if ii is not None and row[ii].strip() else location
        meta = {h: v for j, (h, v) in enumerate(zip(header, row, strict=True)) if j not in (ti, ii)}
        yield Record(id=rid, text=text, source=name, location=location, format=FORMAT, meta=meta)
    yield from pending
