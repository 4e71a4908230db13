"""RSS and Atom feeds (news, official sites) with `feedparser`, fetched with `httpx`.

Each poll fetches every feed with a conditional GET (If-None-Match / If-Modified-Since from the last
answer), so an unchanged feed costs a 304. New entries are those whose id (or link) is not among the
ids seen before; the position per feed (`rss:sha256:<hex of the url>`) holds the validators and the last `max_seen` ids
(bounded: old entries fall out of feeds long before they fall out of that list). Entry HTML becomes
plain text. A feed that fails is reported and skipped this round; when every feed fails, the poll raises
`ConnectorError` and the runner backs off.
"""

from __future__ import annotations

import calendar
import hashlib
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import feedparser  # type: ignore[import-untyped]
import httpx

from doxwacht.ingest.connectors.base import Batch, ConnectorError, PositionedConnector
from doxwacht.ingest.connectors.html_text import html_to_text
from doxwacht.ingest.connectors.http import Unusable, fetch, make_client, safe_url
from doxwacht.ingest.connectors.position import PositionStore
from doxwacht.ingest.records import Problem, Record

FORMAT = "rss"
MAX_SEEN = 2000


def entry_id(entry: Mapping[str, Any]) -> str:
    """The entry's own id, else its link, else a hash of its title and summary."""
    for k in ("id", "guid", "link"):
        v = entry.get(k)
        if isinstance(v, str) and v.strip():
            return v.strip()
    basis = f"{entry.get('title', '')}\n{entry.get('summary', '')}".encode()
    return "sha256:" + hashlib.sha256(basis).hexdigest()


def _date(entry: Mapping[str, Any]) -> str | None:
    for k in ("published_parsed", "updated_parsed"):
        t = entry.get(k)
        if t:
            try:
                return datetime.fromtimestamp(calendar.timegm(t), UTC).isoformat()
            except (TypeError, ValueError, OverflowError):
                continue
    return None


def entry_text(entry: Mapping[str, Any]) -> str:
    title = html_to_text(str(entry.get("title") or ""))
    body = ""
    for c in entry.get("content") or ():
        if isinstance(c, Mapping) and c.get("value"):
            body = str(c["value"])
            break
    body = html_to_text(body or str(entry.get("summary") or ""))
    return "\n\n".join(p for p in (title, body) if p)


class FeedConnector(PositionedConnector):
    name = "rss"

    def __init__(self, urls: Iterable[str], positions: PositionStore, *, client: httpx.Client | None = None,
                 max_seen: int = MAX_SEEN, clock: Callable[[], float] = time.time) -> None:
        super().__init__(positions)
        self.urls = list(dict.fromkeys(urls))
        if not self.urls:
            raise ValueError("geef minstens één feed-URL")
        for u in self.urls:
            if not u.startswith(("http://", "https://")):
                raise ValueError(f"geen http(s)-URL: {safe_url(u)}")
        self.client = client or make_client()
        self._own_client = client is None
        self.max_seen = max_seen
        self.clock = clock
        self._not_before: dict[str, float] = {}

    @staticmethod
    def key(url: str) -> str:
        """The position key: a SHA-256 of the full address, so tokens in it do not end up in the state file."""
        return "rss:sha256:" + hashlib.sha256(url.encode("utf-8")).hexdigest()

    @staticmethod
    def legacy_key(url: str) -> str:
        """The key of older versions (the address itself): read once, then removed."""
        return f"rss:{url}"

    def poll(self) -> Batch:
        batch = Batch()
        failures: list[ConnectorError] = []
        tried = 0
        now = self.clock()
        for url in self.urls:
            if self._not_before.get(url, 0.0) > now:
                continue
            tried += 1
            try:
                self._poll_feed(url, batch)
            except ConnectorError as err:
                failures.append(err)
                if err.retry_after:
                    self._not_before[url] = now + err.retry_after
                batch.problems.append(Problem("unreadable", safe_url(url), safe_url(url),
                                              f"feed niet opgehaald ({err}); later opnieuw", skipped=False))
            except Unusable as err:
                batch.problems.append(Problem("unreadable", safe_url(url), safe_url(url), f"feed overgeslagen: {err}"))
        if tried and len(failures) == tried:
            raise ConnectorError(f"geen enkele feed bereikbaar ({failures[-1]})",
                                 retry_after=min((f.retry_after or 0.0) for f in failures) or None)
        return batch

    def _poll_feed(self, url: str, batch: Batch) -> None:
        legacy = self.load(self.legacy_key(url))
        pos = self.load(self.key(url)) or legacy or {}
        headers = {}
        if pos.get("etag"):
            headers["If-None-Match"] = pos["etag"]
        if pos.get("modified"):
            headers["If-Modified-Since"] = pos["modified"]
        resp, body = fetch(self.client, url, headers=headers, now=self.clock())
        if resp.status_code == 304:
            return
        parsed = feedparser.parse(body, response_headers={"content-type": resp.headers.get("content-type", ""),
                                                          "content-location": str(resp.url)})
        if parsed.get("bozo") and not parsed.entries:
            raise Unusable(f"{safe_url(url)}: geen geldige RSS/Atom ({type(parsed.get('bozo_exception')).__name__})")
        seen = list(pos.get("seen") or [])
        known = set(seen)
        feed_title = html_to_text(str(parsed.feed.get("title") or "")) or url
        fresh: list[Record] = []
        for i, entry in enumerate(parsed.entries):
            eid = entry_id(entry)
            if eid in known:
                continue
            known.add(eid)
            seen.append(eid)
            text = entry_text(entry)
            if not text:
                batch.problems.append(Problem("empty", safe_url(url), f"{safe_url(url)}#{i}", "bericht zonder tekst; overgeslagen",
                                              skipped=False))
                continue
            meta = {"platform": "rss", "channel": url, "feed": feed_title, "url": entry.get("link"),
                    "title": html_to_text(str(entry.get("title") or "")) or None, "date": _date(entry),
                    "author": entry.get("author")}
            fresh.append(Record(id=eid, text=text, source=url, location=f"{url}#{eid}", format=FORMAT,
                                meta={k: v for k, v in meta.items() if v is not None}))
        fresh.sort(key=lambda r: r.meta.get("date") or "")
        batch.records.extend(fresh)
        batch.position[self.key(url)] = {"etag": resp.headers.get("etag"),
                                         "modified": resp.headers.get("last-modified"),
                                         "seen": seen[-self.max_seen:]}
        if legacy is not None:
            batch.position[self.legacy_key(url)] = None  # removed from the state file

    def close(self) -> None:
        if self._own_client:
            self.client.close()
