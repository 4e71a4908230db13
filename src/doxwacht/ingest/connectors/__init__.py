"""Connectors: read from a live source and hand records to a `Sink`, keeping a position per source.

`base` (the `Connector` protocol, `Batch`, `Runner` with backoff), `position` (the JSON state file), and
one module per source: `telegram_live` (telethon), `feeds` (RSS/Atom), `mastodon` (public and hashtag
timelines), `folder` (a watched folder). The HTTP ingest endpoint is `doxwacht.web.ingest_api`. Source
modules import their third-party libraries (the `connectors` extra), so import them directly.
"""

from doxwacht.ingest.connectors.base import (
    Backoff,
    Batch,
    Connector,
    ConnectorConfigError,
    ConnectorError,
    ConnectorFailed,
    PositionedConnector,
    Runner,
    RunStats,
)
from doxwacht.ingest.connectors.position import PositionError, PositionStore

__all__ = ["Backoff", "Batch", "Connector", "ConnectorConfigError", "ConnectorError", "ConnectorFailed",
           "PositionError", "PositionStore", "PositionedConnector", "RunStats", "Runner"]
