"""`POST /api/ingest`: other systems (scrapers, a platform's safety tooling, connectors elsewhere) hand
messages to doxwacht over HTTP.

Authentication: `Authorization: Bearer <token>`; the server keeps only the token's SHA-256
(DOXWACHT_INGEST_TOKEN_SHA256, or `Settings.ingest_token_sha256`) and compares digests in constant time.
Without a configured hash the endpoint answers 503 (switched off). `doxwacht connect token` makes a token
and prints its hash.

Body: JSON, at most `max_bytes`: `{"messages": [...]}` or a bare list; each message
`{"id": "...", "text": "...", "platform"?, "channel"?, "date"?, "url"?, "author"?, "meta"?: {...}}`.
Each item is checked on its own: valid ones are handed to the sink together, invalid ones come back in
`errors` with their index and a Dutch reason. Answer: 202 `{"accepted", "rejected", "errors"}`. The sink
is the embedded default (scan and store at once, idempotent by platform/channel/id) or, with
DOXWACHT_INGEST_REDIS (and DOXWACHT_INGEST_STREAM), the Redis stream the workers read.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from doxwacht.ingest.records import Record
from doxwacht.ingest.sink import CallbackSink, Sink

TOKEN_HASH_ENV = "DOXWACHT_INGEST_TOKEN_SHA256"
REDIS_ENV = "DOXWACHT_INGEST_REDIS"
STREAM_ENV = "DOXWACHT_INGEST_STREAM"
MAX_BYTES = 5 * 1024 * 1024
MAX_ITEMS = 5000
MAX_TEXT = 100_000
SOURCE = "api"
_STR_FIELDS = ("platform", "channel", "date", "url", "author")


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _error(status: int, message: str, **headers: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers or None)


def validate(item: Any, index: int) -> Record | str:
    """The record an item describes, or the Dutch reason it is refused."""
    if not isinstance(item, dict):
        return "bericht is geen JSON-object"
    mid, text = item.get("id"), item.get("text")
    if isinstance(mid, bool) or not isinstance(mid, str | int) or not str(mid).strip():
        return "veld 'id' ontbreekt of is leeg (tekst of getal)"
    if len(str(mid)) > 200:
        return "veld 'id' is langer dan 200 tekens"
    if not isinstance(text, str):
        return "veld 'text' ontbreekt of is geen tekst"
    if not text.strip():
        return "veld 'text' is leeg"
    if len(text) > MAX_TEXT:
        return f"veld 'text' is langer dan {MAX_TEXT} tekens"
    meta = item.get("meta", {})
    if not isinstance(meta, dict):
        return "veld 'meta' is geen JSON-object"
    for k in _STR_FIELDS:
        v = item.get(k)
        if v is not None and not isinstance(v, str):
            return f"veld '{k}' is geen tekst"
    fields = {k: item[k] for k in _STR_FIELDS if item.get(k)}
    return Record(id=str(mid), text=text, source=SOURCE, location=f"api[{index}]", format="api",
                  meta={**meta, **fields})


def ingest_router(sink: Callable[[], Sink], token_hash: str | None, *, max_bytes: int = MAX_BYTES,
                  max_items: int = MAX_ITEMS) -> APIRouter:
    """The router; `sink()` gives the sink (built on first use), `token_hash` the token's SHA-256 hex."""
    router = APIRouter()
    lock = threading.Lock()  # one batch at a time into the sink (SQLite, one Ingestor)
    expected = (token_hash or "").strip().lower()

    def authorised(request: Request) -> bool:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            return False
        return hmac.compare_digest(token_sha256(given.strip()).encode(), expected.encode())

    @router.post("/api/ingest")
    async def ingest(request: Request) -> JSONResponse:
        if not expected:
            return _error(503, "ingest-API staat uit: stel DOXWACHT_INGEST_TOKEN_SHA256 in")
        if not authorised(request):
            return _error(401, "geen of ongeldig toegangstoken", **{"WWW-Authenticate": "Bearer"})
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > max_bytes):
            return _error(413, f"verzoek groter dan {max_bytes // 1024} kB")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > max_bytes:
                return _error(413, f"verzoek groter dan {max_bytes // 1024} kB")
        try:
            data = json.loads(bytes(body))
        except (json.JSONDecodeError, UnicodeDecodeError):
            return _error(400, "verzoek is geen geldige JSON (UTF-8)")
        items = data.get("messages") if isinstance(data, dict) else data
        if not isinstance(items, list):
            return _error(400, "verwacht een lijst berichten of {\"messages\": [...]}")
        if len(items) > max_items:
            return _error(413, f"hoogstens {max_items} berichten per verzoek")
        records: list[Record] = []
        errors: list[dict[str, Any]] = []
        for i, item in enumerate(items):
            res = validate(item, i)
            if isinstance(res, str):
                errors.append({"index": i, "id": item.get("id") if isinstance(item, dict) else None, "error": res})
            else:
                records.append(res)

        def put() -> int:
            with lock:
                return sink().put(records)

        if records:
            try:
                await run_in_threadpool(put)
            except Exception:  # noqa: BLE001 - the caller retries; the store drops repeats
                return _error(503, "berichten konden nu niet worden opgeslagen; probeer het later opnieuw",
                              **{"Retry-After": "30"})
        return JSONResponse({"accepted": len(records), "rejected": len(errors), "errors": errors}, status_code=202)

    return router


def mount_ingest(app: FastAPI, settings: Any, store: Any, engine: Callable[[], Any], evidence_dir: Path) -> None:
    """Add `POST /api/ingest` to the web app, with the sink and token from settings or the environment."""
    token_hash = getattr(settings, "ingest_token_sha256", None) or os.environ.get(TOKEN_HASH_ENV)
    built: list[Sink] = []

    def sink() -> Sink:
        if not built:
            given = getattr(settings, "ingest_sink", None)
            redis_url = os.environ.get(REDIS_ENV)
            if given is not None:
                built.append(given)
            elif redis_url:
                from doxwacht.live.stream import RedisStreamSink

                from doxwacht.ingest.sink import TaggingSink

                built.append(TaggingSink(RedisStreamSink(redis_url, os.environ.get(STREAM_ENV) or "doxwacht:in"),
                                         SOURCE))
            else:
                from doxwacht.cases.ingest import Ingestor

                built.append(CallbackSink(lambda batch: Ingestor(store, engine(), user=SOURCE, source=SOURCE,
                                                                 evidence_dir=evidence_dir).ingest(batch)))
        return built[0]

    app.include_router(ingest_router(sink, token_hash))
