"""Mastodon (and compatible ActivityPub servers: Pleroma, Akkoma, GoToSocial) public and hashtag
timelines through the REST API: `/api/v1/timelines/public` and `/api/v1/timelines/tag/:tag`.

The position per timeline (`mastodon:<host>/public`, `mastodon:<host>/tag:<tag>`) is the newest status
id handed over. A poll asks for statuses after it with `min_id` (oldest first, a page of `limit`); the
next `min_id` comes from the Link header's `prev` page when the server sends one, else from the page.
A full page means there is more: the runner polls again at once. Without a position the connector
starts at the newest page (it does not walk the server's whole history).

Rate limits: a 429 raises `ConnectorError` with the wait from Retry-After / X-RateLimit-Reset (the
runner backs off at least that long); when X-RateLimit-Remaining reaches 0 the connector pauses that
timeline until the reset. Status HTML becomes plain text. An access token (DOXWACHT_MASTODON_TOKEN, for
servers that require one for public timelines) is sent as a bearer header and never logged.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx

from doxwacht.ingest.connectors.base import Batch, ConnectorError, PositionedConnector
from doxwacht.ingest.connectors.html_text import html_to_text
from doxwacht.ingest.connectors.http import Unusable, fetch, make_client, retry_after
from doxwacht.ingest.connectors.position import PositionStore
from doxwacht.ingest.records import Problem, Record

FORMAT = "mastodon"
TOKEN_ENV = "DOXWACHT_MASTODON_TOKEN"


def instance_url(instance: str) -> str:
    """`mastodon.social` -> `https://mastodon.social`; an explicit http(s) URL is kept (without a path)."""
    raw = instance.strip().rstrip("/")
    if not raw:
        raise ValueError("geen Mastodon-server opgegeven")
    if "://" not in raw:
        raw = "https://" + raw
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"geen geldige Mastodon-server: {instance}")
    return f"{parts.scheme}://{parts.netloc}"


def _id_key(sid: str) -> tuple[int, str]:
    return (int(sid), sid) if sid.isdigit() else (0, sid)


def status_record(status: Mapping[str, Any], *, host: str, timeline: str) -> Record | Problem:
    where = f"{host}/{timeline}"
    raw_id = status.get("id")
    if not isinstance(raw_id, str | int) or not str(raw_id).strip():
        return Problem("missing_field", where, where, "status zonder id; overgeslagen")
    sid = str(raw_id)
    reblog = status.get("reblog")
    shown: Mapping[str, Any] = reblog if isinstance(reblog, Mapping) else status
    content = shown.get("content")
    if content is not None and not isinstance(content, str):
        return Problem("malformed", where, f"{where}#{sid}", "status heeft geen tekstinhoud; overgeslagen")
    spoiler = html_to_text(str(shown.get("spoiler_text") or ""))
    text = "\n\n".join(p for p in (spoiler, html_to_text(content or "")) if p)
    media = [m.get("description") for m in shown.get("media_attachments") or () if isinstance(m, Mapping)]
    text = "\n\n".join([text, *(d for d in media if d)]) if any(media) else text
    if not text:
        return Problem("empty", where, f"{where}#{sid}", "status zonder tekst; overgeslagen", skipped=False)
    acc = shown.get("account")
    account: Mapping[str, Any] = acc if isinstance(acc, Mapping) else {}
    meta = {"platform": "mastodon", "channel": host, "timeline": timeline, "url": shown.get("url") or shown.get("uri"),
            "date": shown.get("created_at"), "author": account.get("acct"), "language": shown.get("language"),
            "tags": [t.get("name") for t in shown.get("tags") or () if isinstance(t, Mapping)] or None,
            "media": [m.get("url") for m in shown.get("media_attachments") or () if isinstance(m, Mapping)] or None}
    return Record(id=sid, text=text, source=f"https://{host}", location=f"{where}#{sid}", format=FORMAT,
                  meta={k: v for k, v in meta.items() if v is not None})


class MastodonConnector(PositionedConnector):
    name = "mastodon"

    def __init__(self, instance: str, positions: PositionStore, *, tags: Iterable[str] = (), local: bool = False,
                 client: httpx.Client | None = None, limit: int = 40, token: str | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(positions)
        self.base = instance_url(instance)
        self.host = urlsplit(self.base).netloc
        self.timelines = [f"tag:{t.lstrip('#').strip()}" for t in tags if t.lstrip("#").strip()] or ["public"]
        self.local = local
        self.limit = max(1, min(40, limit))
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if client is None:
            client, self._own_client = make_client(headers=headers), True
        else:
            client.headers.update(headers)
            self._own_client = False
        self.client = client
        self.clock = clock
        self._not_before: dict[str, float] = {}

    def key(self, timeline: str) -> str:
        return f"mastodon:{self.host}/{timeline}"

    def _url(self, timeline: str) -> str:
        if timeline == "public":
            return f"{self.base}/api/v1/timelines/public"
        return f"{self.base}/api/v1/timelines/tag/{quote(timeline[4:], safe='')}"

    def poll(self) -> Batch:
        batch = Batch()
        failures: list[ConnectorError] = []
        tried = 0
        for tl in self.timelines:
            if self._not_before.get(tl, 0.0) > self.clock():
                continue
            tried += 1
            try:
                self._poll_timeline(tl, batch)
            except ConnectorError as err:
                failures.append(err)
                batch.problems.append(Problem("unreadable", self.host, self.key(tl),
                                              f"tijdlijn niet opgehaald ({err}); later opnieuw", skipped=False))
            except Unusable as err:
                batch.problems.append(Problem("unreadable", self.host, self.key(tl), f"tijdlijn overgeslagen: {err}"))
        if tried and len(failures) == tried:
            waits = [f.retry_after for f in failures if f.retry_after]
            raise ConnectorError(f"{self.host}: geen tijdlijn bereikbaar ({failures[-1]})",
                                 retry_after=min(waits) if waits else None)
        return batch

    def _poll_timeline(self, tl: str, batch: Batch) -> None:
        pos = self.load(self.key(tl), {}) or {}
        params: dict[str, Any] = {"limit": self.limit}
        if self.local and tl == "public":
            params["local"] = "true"
        if pos.get("min_id"):
            params["min_id"] = pos["min_id"]
        resp, body = fetch(self.client, self._url(tl), params=params, now=self.clock())
        remaining = resp.headers.get("x-ratelimit-remaining")
        if remaining is not None and remaining.strip() == "0":
            wait = retry_after({"x-ratelimit-reset": resp.headers.get("x-ratelimit-reset", "")}, self.clock())
            if wait:
                self._not_before[tl] = self.clock() + wait
        try:
            statuses = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise Unusable(f"{self.host}: antwoord is geen geldige JSON") from None
        if not isinstance(statuses, list):
            raise Unusable(f"{self.host}: antwoord is geen lijst van statussen")
        ids: list[str] = []
        records: list[Record] = []
        for st in statuses:
            item = status_record(st, host=self.host, timeline=tl) if isinstance(st, Mapping) else \
                Problem("malformed", self.host, self.key(tl), "status is geen JSON-object; overgeslagen")
            if isinstance(item, Problem):
                batch.problems.append(item)
            else:
                records.append(item)
            if isinstance(st, Mapping) and isinstance(st.get("id"), str | int):
                ids.append(str(st["id"]))
        records.sort(key=lambda r: _id_key(str(r.id)))
        batch.records.extend(records)
        newest = max(ids, key=_id_key) if ids else None
        prev = resp.links.get("prev", {}).get("url")
        if prev and ids:
            linked = parse_qs(urlsplit(prev).query).get("min_id")
            if linked and _id_key(linked[0]) >= _id_key(newest or "0"):
                newest = linked[0]
        if newest and newest != pos.get("min_id"):
            batch.position[self.key(tl)] = {"min_id": newest}
        if pos.get("min_id") and len(statuses) >= self.limit:
            batch.more = True

    def close(self) -> None:
        if self._own_client:
            self.client.close()
