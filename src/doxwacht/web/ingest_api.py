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
DOXWACHT_INGEST_REDIS (and DOXWACHT_INGEST_STREAM), the Redis stream the workers read. The caller's meta
cannot choose the store key: reserved keys are dropped and every record is tagged ingest_source "api".
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from doxwacht.cases.ingest import IDENTITY_META
from doxwacht.ingest.records import Record
from doxwacht.ingest.sink import Sink, TaggingSink

TOKEN_HASH_ENV = "DOXWACHT_INGEST_TOKEN_SHA256"
REDIS_ENV = "DOXWACHT_INGEST_REDIS"  # switches the API to Redis: a URL, or "1" for doxwacht.live.stream.redis_url()
STREAM_ENV = "DOXWACHT_INGEST_STREAM"  # default doxwacht.live.stream.DEFAULT_STREAM
MAX_BYTES = 5 * 1024 * 1024
MAX_ITEMS = 5000
MAX_TEXT = 100_000
SOURCE = "api"
log = logging.getLogger(__name__)
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
    # The caller may not set what the store key is made of: the keys `identity` reads are dropped from its
    # meta, and the sink (`TaggingSink(..., force=True)`) stamps ingest_source "api" on every record, so an
    # API message never shares a store key with a Telegram/RSS/... message.
    own = {k: v for k, v in meta.items() if k not in IDENTITY_META}
    return Record(id=str(mid), text=text, source=SOURCE, location=f"api[{index}]", format="api",
                  meta={**own, **fields})


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
                log.exception("ingest sink failed; %d records refused with 503", len(records))
                return _error(503, "berichten konden nu niet worden opgeslagen; probeer het later opnieuw",
                              **{"Retry-After": "30"})
        return JSONResponse({"accepted": len(records), "rejected": len(errors), "errors": errors}, status_code=202)

    return router


def _redis_target() -> tuple[str, str] | None:
    """(url, stream) when the API publishes into Redis: DOXWACHT_INGEST_REDIS holds the URL (or "1"/"true":
    the URL of DOXWACHT_REDIS_URL, as `doxwacht worker` uses); DOXWACHT_INGEST_STREAM the stream."""
    from doxwacht.live.stream import DEFAULT_STREAM, redis_url

    given = (os.environ.get(REDIS_ENV) or "").strip()
    if not given or given.lower() in ("0", "false", "nee", "no"):
        return None
    url = redis_url() if given.lower() in ("1", "true", "ja", "yes") else given
    return url, os.environ.get(STREAM_ENV) or DEFAULT_STREAM


def mount_ingest(app: FastAPI, settings: Any, store: Any, engine: Callable[[], Any], evidence_dir: Path) -> None:
    """Add `POST /api/ingest` to the web app, with the sink and token from settings or the environment.
    One sink per process (built on first use; on the embedded default one `Ingestor` with one open run),
    closed when the app shuts down."""
    token_hash = getattr(settings, "ingest_token_sha256", None) or os.environ.get(TOKEN_HASH_ENV)
    built: list[Sink] = []

    def sink() -> Sink:
        if not built:
            given = getattr(settings, "ingest_sink", None)
            target = _redis_target()
            if given is not None:
                inner: Sink = given
            elif target is not None:
                from doxwacht.live.stream import RedisStreamSink

                inner = RedisStreamSink(*target)
            else:
                from doxwacht.cases.ingest import StoringSink, storing_ingestor

                inner = StoringSink(storing_ingestor(store, engine(), user=SOURCE, source=SOURCE,
                                                     evidence_dir=evidence_dir))
            built.append(TaggingSink(inner, SOURCE, force=True))
        return built[0]

    def close() -> None:
        while built:
            close_sink = getattr(built.pop(), "close", None)
            if close_sink is not None:
                try:
                    close_sink()
                except Exception:  # shutting down: report, go on
                    log.exception("ingest sink not closed cleanly")

    app.include_router(ingest_router(sink, token_hash))
    app.router.add_event_handler("shutdown", close)
