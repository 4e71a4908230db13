"""`SerialEngine`: a scan engine shared by the web server's threads. The engine's scanners keep Hyperscan
scratch space (the prefilter's and the normaliser's, one per process) that must not be used by two threads
at once, so scans are serialised here, and only the scans: storing a report, its evidence and its audit
entries runs outside the lock, in parallel with other requests. Everything else is the wrapped engine's."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any


class SerialEngine:
    def __init__(self, engine: Any) -> None:
        self.wrapped = engine
        self._lock = threading.Lock()

    def scan(self, text: Any, *, id: Any = None) -> Any:
        with self._lock:
            return self.wrapped.scan(text, id=id)

    def scan_batch(self, docs: Sequence[Any]) -> list[Any]:
        with self._lock:
            return self.wrapped.scan_batch(docs)

    def scan_many(self, texts: Iterable[Any], batch_size: int = 256) -> Iterator[Any]:
        batch: list[Any] = []
        for t in texts:
            batch.append(t)
            if len(batch) >= batch_size:
                yield from self.scan_batch(batch)
                batch = []
        if batch:
            yield from self.scan_batch(batch)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)
