"""The Redis stream that live records travel through, and `RedisStreamSink`, the sink connectors publish into.

One stream entry is one record in the wire form of `doxwacht.ingest.sink` (`record_to_fields`). The entry
id Redis gives it (`<milliseconds>-<sequence>`) is its publication time. `maxlen` trims the stream
approximately (`XADD ... MAXLEN ~ n`); leave it off unless the workers keep up, because trimming can drop
entries no worker has read yet (pending entries already delivered stay claimable).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from doxwacht.ingest.records import Record
from doxwacht.ingest.sink import record_to_fields

DEFAULT_STREAM = "doxwacht:in"
DEAD_STREAM = "doxwacht:dead"
DEAD_MAXLEN = 10_000  # dead-letter entries kept (approximately); older ones, with their text, are trimmed
DEFAULT_GROUP = "doxwacht"
REDIS_ENV = "DOXWACHT_REDIS_URL"
DEFAULT_REDIS_URL = "redis://localhost:6379/0"
PIPELINE = 500  # entries per round trip when publishing


class LiveUnavailable(RuntimeError):
    """The `redis` package is missing (install the `live` extra)."""


def redis_url(url: str | None = None) -> str:
    """`url`, else DOXWACHT_REDIS_URL, else redis://localhost:6379/0."""
    return url or os.environ.get(REDIS_ENV) or DEFAULT_REDIS_URL


def connect(url: str | None = None, **kwargs: Any) -> Any:
    """A `redis.Redis` client for `url` (`redis://`, `rediss://` or `unix://`); bytes in, bytes out."""
    try:
        import redis
    except ImportError:  # pragma: no cover - depends on the installation
        raise LiveUnavailable("het pakket 'redis' ontbreekt; installeer doxwacht[live]") from None
    kwargs.setdefault("health_check_interval", 30)
    kwargs.setdefault("socket_connect_timeout", 10)
    return redis.Redis.from_url(redis_url(url), **kwargs)


class RedisStreamSink:
    """Publishes records into a Redis stream (`XADD`), one pipelined round trip per 500 records.

    `put` returns when Redis has taken every record; a connector saves its position after that. The
    store drops repeats by the record's identity, so publishing a record twice stores it once."""

    def __init__(self, url: str, stream: str = DEFAULT_STREAM, maxlen: int | None = None) -> None:
        if maxlen is not None and maxlen < 1:
            raise ValueError("maxlen moet minstens 1 zijn")
        self.url = url
        self.stream = stream
        self.maxlen = maxlen
        self.client = connect(url)
        self.last_ids: list[str] = []  # entry ids of the last `put`, in order

    def put(self, records: Iterable[Record]) -> int:
        self.last_ids = []
        n = 0
        pipe = self.client.pipeline(transaction=False)
        queued = 0
        for record in records:
            pipe.xadd(self.stream, record_to_fields(record), maxlen=self.maxlen, approximate=True)
            queued += 1
            if queued >= PIPELINE:
                n += self._flush(pipe)
                queued = 0
        if queued:
            n += self._flush(pipe)
        return n

    def _flush(self, pipe: Any) -> int:
        ids = pipe.execute()
        self.last_ids.extend(i.decode() if isinstance(i, bytes) else str(i) for i in ids)
        return len(ids)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> RedisStreamSink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"RedisStreamSink(stream={self.stream!r})"
