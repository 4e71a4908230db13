"""Field lookup shared by the JSONL and CSV readers."""

from __future__ import annotations

import json
from typing import Any

_MISSING = object()


def get_field(obj: dict[str, Any], name: str) -> Any:
    """`obj[name]`; a dotted name (`message.text`) walks nested objects when no key has that exact
    name. Returns the sentinel `MISSING` when absent."""
    if name in obj:
        return obj[name]
    if "." in name:
        cur: Any = obj
        for part in name.split("."):
            if not isinstance(cur, dict) or part not in cur:
                return _MISSING
            cur = cur[part]
        return cur
    return _MISSING


MISSING = _MISSING


def scalar_id(value: Any) -> Any:
    """Keep ids that are JSON scalars as they are; anything else becomes its JSON text."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
