"""JSON Lines: one JSON object per line, streamed line by line (never loaded whole).

The text is taken from `text_field` (default `text`; a dotted name such as `message.text` reaches
into nested objects; a Telegram-style list of strings and entities is joined). The id comes from
`id_field` (default `id`) and falls back to `<file>:<line>`. Other top-level scalar fields are kept
as metadata. A line that is not valid JSON, not an object, or lacks the text field is reported with
its `file:line` and skipped; blank lines and records with empty text are skipped silently.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from doxwacht.ingest.fields import MISSING, get_field, scalar_id
from doxwacht.ingest.records import Problem, Record
from doxwacht.ingest.sources import InputSource
from doxwacht.ingest.telegram import TextShapeError, flatten_text

FORMAT = "jsonl"


def read_jsonl(source: InputSource, *, text_field: str = "text", id_field: str = "id") -> Iterator[Record | Problem]:
    name = source.name
    for item in source.lines():
        if isinstance(item, Problem):
            yield item
            continue
        lineno, line = item
        if not line.strip():
            continue
        location = f"{name}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            yield Problem("malformed", name, location, f"ongeldige JSON ({err.msg}, kolom {err.colno}); regel overgeslagen")
            continue
        if not isinstance(obj, dict):
            yield Problem("malformed", name, location, "regel is geen JSON-object; regel overgeslagen")
            continue
        raw = get_field(obj, text_field)
        if raw is MISSING:
            yield Problem(
                "missing_field",
                name,
                location,
                f"veld '{text_field}' ontbreekt; regel overgeslagen (kies het tekstveld met --text-field)",
            )
            continue
        try:
            text = flatten_text(raw)
        except TextShapeError as err:
            yield Problem("malformed", name, location, f"{err}; regel overgeslagen")
            continue
        if not text or text.isspace():
            continue
        rid = get_field(obj, id_field)
        rid = scalar_id(rid) if rid is not MISSING and rid is not None else location
        meta = {
            k: v
            for k, v in obj.items()
            if k not in (text_field, id_field) and (v is None or isinstance(v, (str, int, float, bool)))
        }
        yield Record(id=rid, text=text, source=name, location=location, format=FORMAT, meta=meta)
