"""Live intake: records published into a Redis stream, consumed by `doxwacht worker` (scan, store, alert).

- `stream`: `RedisStreamSink` (the `Sink` connectors publish into), the Redis connection and stream names.
- `worker`: `StreamWorker`, a consumer-group member that scans and stores through the idempotent
  `Ingestor`, acknowledges an entry only after it is stored (or dead-lettered), claims entries left
  pending by dead consumers, and stops cleanly on SIGTERM.
- `alerts`: alerts for doxing verdicts and strong watchlist matches, to the console, by e-mail and by a
  signed webhook, recorded in the store's outbox so a redelivered message never alerts twice.

Needs the `live` extra (`pip install 'doxwacht[live]'`).
"""

from doxwacht.live.stream import DEAD_STREAM, DEFAULT_STREAM, RedisStreamSink, connect

__all__ = ["DEAD_STREAM", "DEFAULT_STREAM", "RedisStreamSink", "connect"]
