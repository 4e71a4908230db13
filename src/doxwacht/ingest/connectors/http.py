"""HTTP helpers shared by the feed and Mastodon connectors: one `httpx.Client`, bounded response bodies,
and what a failed response means (retry later, or report and skip)."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import httpx

from doxwacht import __version__
from doxwacht.ingest.connectors.base import ConnectorError

USER_AGENT = f"doxwacht/{__version__} (+https://github.com/doxwacht)"
MAX_BODY = 20 * 1024 * 1024


def make_client(timeout: float = 30.0, headers: Mapping[str, str] | None = None) -> httpx.Client:
    return httpx.Client(timeout=timeout, follow_redirects=True,
                        headers={"User-Agent": USER_AGENT, **(headers or {})})


def retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds to wait from Retry-After (seconds or HTTP date) or X-RateLimit-Reset (ISO 8601 or epoch)."""
    now = time.time() if now is None else now
    value = headers.get("retry-after")
    if value:
        if value.strip().isdigit():
            return float(value.strip())
        try:
            return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - now)
        except (TypeError, ValueError):
            pass
    reset = headers.get("x-ratelimit-reset")
    if reset:
        try:
            at = float(reset) if reset.replace(".", "", 1).isdigit() else \
                datetime.fromisoformat(reset).astimezone(UTC).timestamp()
            return max(0.0, at - now)
        except ValueError:
            return None
    return None


def safe_url(url: object, *, max_path: int = 40) -> str:
    """`url` fit to show in errors, logs and the database: scheme://host[:port]/path without userinfo, query
    or fragment (webhook and feed addresses often carry tokens there); the path only up to its first long
    segment (a token) and at most `max_path` chars, the rest shown as "…"."""
    try:
        parts = httpx.URL(str(url))
        host = parts.host
    except (httpx.InvalidURL, TypeError, ValueError):
        return "[ongeldig adres]"
    if not host:
        return "[adres]"
    port = f":{parts.port}" if parts.port else ""
    kept: list[str] = []
    segments = [seg for seg in (parts.path or "").split("/") if seg]
    for seg in segments:  # tokens are long segments: stop at the first one, or when the path gets long
        if len(seg) > 20 or sum(len(k) + 1 for k in kept) + len(seg) + 1 > max_path:
            break
        kept.append(seg)
    path = "".join("/" + k for k in kept) + ("/…" if len(kept) < len(segments) else "")
    more = "?…" if parts.query else ""
    return f"{parts.scheme}://{host}{port}{path}{more}"


class Unusable(Exception):
    """A response that retrying will not fix soon (404, 410, 401, a body too large): report and skip."""


def fetch(client: httpx.Client, url: str, *, headers: Mapping[str, str] | None = None,
          params: Mapping[str, Any] | None = None, now: float | None = None,
          max_body: int = MAX_BODY) -> tuple[httpx.Response, bytes]:
    """GET `url`; returns the response and its body (at most `max_body` bytes). Raises `ConnectorError`
    for passing failures (network, 5xx, 429, 408) and `Unusable` for other 4xx answers; their texts show
    the address only as `safe_url`."""
    shown = safe_url(url)
    try:
        with client.stream("GET", url, headers=headers, params=params) as resp:
            if resp.status_code in (408, 425, 429) or resp.status_code >= 500:
                raise ConnectorError(f"{shown}: server antwoordt {resp.status_code}",
                                     retry_after=retry_after(resp.headers, now))
            if resp.status_code >= 400:
                raise Unusable(f"{shown}: server antwoordt {resp.status_code}")
            body = bytearray()
            for chunk in resp.iter_bytes():
                body += chunk
                if len(body) > max_body:
                    raise Unusable(f"{shown}: antwoord groter dan {max_body // (1024 * 1024)} MB")
            return resp, bytes(body)
    except httpx.HTTPError as err:  # its text may hold the full address: only the kind is shown
        raise ConnectorError(f"{shown}: {type(err).__name__}") from err
