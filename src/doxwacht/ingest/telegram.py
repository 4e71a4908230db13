"""Telegram Desktop exports (`result.json`, "Export chat history" / "Export Telegram data" as
machine-readable JSON).

Two shapes are read:

* a single chat: `{"name", "type", "id", "messages": [...]}`;
* a whole account: `{"chats": {"list": [chat, ...]}, "left_chats": {"list": [...]}, ...}`.

A message's `text` is a string or a list of strings and entity objects (`{"type": "bold",
"text": "..."}`); the pieces are joined into the text Telegram shows, so finding spans index that
joined text. Service messages (`type != "message"`) and messages without text (media only) are
skipped silently. The record id is `<chat id>/<message id>`.

A message's photo and file (paths relative to the export folder, as Telegram writes them; its
"(File not included ...)" placeholders left out) are in `meta["media"]`. With `media=True`, messages
that have media but no text are yielded too, with text "" (the image scan takes its photos from
these records: one parse, the same ids as the text).

The export is one JSON document, so it is loaded whole into memory (Telegram writes one
`result.json` per export; even large chats stay in the tens of megabytes). JSONL and CSV inputs are
streamed instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from doxwacht.ingest.records import Problem, Record
from doxwacht.ingest.sources import InputSource

FORMAT = "telegram"


class TextShapeError(ValueError):
    pass


def flatten_text(value: Any) -> str | None:
    """Telegram `text` (a string, or a list of strings and `{"type", "text"}` entities) as one
    string; None for no text. Raises TextShapeError for anything else."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts: list[str] = []
        for i, piece in enumerate(value):
            if isinstance(piece, str):
                parts.append(piece)
            elif isinstance(piece, dict) and isinstance(piece.get("text"), str):
                parts.append(piece["text"])
            else:
                raise TextShapeError(f"tekstdeel {i} is geen tekst of entiteit met 'text'")
        return "".join(parts)
    raise TextShapeError(f"'text' is een {_json_type(value)}, verwacht tekst of een lijst")


def _json_type(value: Any) -> str:
    return {
        dict: "object",
        list: "lijst",
        str: "tekst",
        bool: "boolean",
        int: "getal",
        float: "getal",
        type(None): "null",
    }.get(type(value), type(value).__name__)


NOT_INCLUDED = "(File not included"  # Telegram's placeholder for media left out of the export


def media_paths(msg: dict[str, Any]) -> list[str]:
    """The message's `photo` and `file` paths (relative to the export folder) that were exported."""
    return [v for v in (msg.get("photo"), msg.get("file"))
            if isinstance(v, str) and v and not v.startswith(NOT_INCLUDED)]


def read_telegram(source: InputSource, *, media: bool = False) -> Iterator[Record | Problem]:
    name = source.name
    text, problem = source.read_text()
    if problem is not None:
        yield problem
    assert text is not None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        hint = ""
        if err.msg == "Extra data":
            hint = " Dit lijkt JSONL (één object per regel): gebruik --input-format jsonl."
        yield Problem(
            "malformed",
            name,
            f"{name}:{err.lineno}",
            f"ongeldige JSON ({err.msg}, kolom {err.colno}); bestand overgeslagen.{hint}",
        )
        return
    if isinstance(doc, dict) and isinstance(doc.get("messages"), list):
        yield from _read_chat(source, doc, "", 0, media)
        return
    if isinstance(doc, dict) and ("chats" in doc or "left_chats" in doc):
        for key in ("chats", "left_chats"):
            if key not in doc:
                continue
            section = doc[key]
            chats = section.get("list") if isinstance(section, dict) else None
            if not isinstance(chats, list):
                yield Problem("malformed", name, f"{name}:{key}", f"'{key}.list' ontbreekt of is geen lijst; overgeslagen")
                continue
            for i, chat in enumerate(chats):
                prefix = f"{key}.list[{i}]."
                if not isinstance(chat, dict):
                    yield Problem("malformed", name, f"{name}:{prefix[:-1]}", "chat is geen JSON-object; overgeslagen")
                    continue
                yield from _read_chat(source, chat, prefix, i, media)
        return
    yield Problem(
        "unsupported",
        name,
        name,
        "geen Telegram Desktop-export: 'messages' of 'chats' ontbreekt (kies het formaat met --input-format)",
    )


def _read_chat(
    source: InputSource, chat: dict[str, Any], prefix: str, index: int, media: bool = False
) -> Iterator[Record | Problem]:
    name = source.name
    messages = chat.get("messages")
    if messages is None:
        return  # account exports may list chats whose messages were not exported
    if not isinstance(messages, list):
        yield Problem("malformed", name, f"{name}:{prefix}messages", "'messages' is geen lijst; chat overgeslagen")
        return
    chat_id = chat.get("id")
    chat_key = chat_id if chat_id is not None else f"chat{index}"
    chat_meta = {"chat": chat.get("name"), "chat_id": chat_id, "chat_type": chat.get("type")}
    for i, msg in enumerate(messages):
        location = f"{name}:{prefix}messages[{i}]"
        if not isinstance(msg, dict):
            yield Problem("malformed", name, location, "bericht is geen JSON-object; overgeslagen")
            continue
        if msg.get("type", "message") != "message":
            continue  # service message: joined, pinned, renamed, ...
        try:
            text = flatten_text(msg.get("text"))
        except TextShapeError as err:
            yield Problem("malformed", name, location, f"{err}; bericht overgeslagen")
            continue
        files = media_paths(msg)
        if not text or text.isspace():
            if not (media and files):
                continue
            text = ""
        msg_id = msg.get("id", i)
        meta = {
            **chat_meta,
            "message_id": msg_id,
            "date": msg.get("date"),
            "from": msg.get("from"),
            "from_id": msg.get("from_id"),
        }
        if files:
            meta["media"] = files
        if msg.get("reply_to_message_id") is not None:
            meta["reply_to"] = f"{chat_key}/{msg['reply_to_message_id']}"
        yield Record(
            id=f"{chat_key}/{msg_id}",
            text=text,
            source=name,
            location=location,
            format=FORMAT,
            meta={k: v for k, v in meta.items() if v is not None},
        )
