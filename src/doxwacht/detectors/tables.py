"""Tables written as text ("naam | geb | bsn" above rows of values): the header cell above a value, so
that a column header can serve as the context of every value in its column."""

from __future__ import annotations

import re

from doxwacht.document.document import SEPARATOR

_CELL_SEPARATORS = "|\t;"
_WORD = re.compile(r"\w+")


def column_header(
    text: str, start: int, max_rows: int = 200, separators: str = _CELL_SEPARATORS
) -> str | None:
    """The header cell above position `start` when it stands in a table written as text (cells
    separated by '|', a tab or ';', the header the nearest line above without digits), else None.

    A comma in `separators` (CSV) counts only where the header line has as many cells as the row:
    prose has commas too."""
    # (the message's own bounds first: a batch joins many messages, few of them with line breaks)
    msg_start = text.rfind(SEPARATOR, 0, start) + 1
    msg_end = text.find(SEPARATOR, start)
    if msg_end < 0:
        msg_end = len(text)
    line_start = text.rfind("\n", msg_start, start) + 1 or msg_start
    line_end = text.find("\n", start, msg_end)
    line = text[line_start : line_end if line_end >= 0 else msg_end]
    sep = next((c for c in separators if c in line), None)
    if sep is None:
        return None
    column = text.count(sep, line_start, start)
    cells = line.count(sep)
    pos = line_start - 1  # the line break before this row
    for _ in range(max_rows):
        if pos < msg_start or text[pos] != "\n":
            return None
        above_start = text.rfind("\n", msg_start, pos) + 1 or msg_start
        above = text[above_start:pos]
        if sep not in above:
            return None
        if sep == "," and above.count(sep) != cells:
            return None
        if not any(c.isdigit() for c in above):
            header = above.split(sep)
            return header[column].strip().lower() if column < len(header) else None
        pos = above_start - 1
    return None


def in_cell(text: str, start: int, end: int, separators: str = _CELL_SEPARATORS) -> bool:
    """Whether `text[start:end]` stands in a cell: a cell separator right before or after it (spaces
    aside). A cheap test before `column_header`."""
    i = start - 1
    while i >= 0 and text[i] == " ":
        i -= 1
    if i >= 0 and text[i] in separators:
        return True
    n = len(text)
    while end < n and text[end] == " ":
        end += 1
    return end < n and text[end] in separators


def header_words(text: str, start: int, end: int, separators: str = _CELL_SEPARATORS) -> list[str]:
    """The words of the column header above the cell `text[start:end]`, lower case ([] when it stands in
    no cell of a table or has no header). `separators` may add ',' for CSV (see `column_header`)."""
    if not in_cell(text, start, end, separators):
        return []
    header = column_header(text, start, separators=separators)
    return _WORD.findall(header) if header else []
