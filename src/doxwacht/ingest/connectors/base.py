"""The connector protocol and the loop that runs one.

A connector reads from somewhere (a Telegram chat, a feed, a Mastodon timeline, a folder) and returns the
next `Batch` of records from `poll()`, together with the position it reaches once that batch is handed
over. The `Runner` puts the batch in the sink and only THEN calls `connector.commit(batch)`, which saves
the position. A crash between the two repeats at most one batch on restart, and the store drops repeats
by the record's identity (source, platform, channel, id): nothing is lost, nothing is stored twice.

Errors (network, rate limits, a sink that is down) are retried with exponential backoff and jitter, up
to `max_errors` in a row; then the runner gives up with `ConnectorFailed`. A `ConnectorConfigError`
(nothing a retry can fix) stops it at once. A failed `put` is retried
with the same batch, without polling again. Clock, sleep and randomness are injectable for tests, and
`stop()` ends the loop cleanly between batches (from a signal handler or another thread).
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from doxwacht.ingest.connectors.position import PositionStore
from doxwacht.ingest.records import Problem, Record
from doxwacht.ingest.sink import Sink

log = logging.getLogger("doxwacht.connect")


@dataclass
class Batch:
    """What one poll found: records to hand over, problems to report, and the position (a mapping of
    state-file keys to values) to save once the records are handed over. `more`: poll again at once."""

    records: list[Record] = field(default_factory=list)
    position: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    more: bool = False


class ConnectorError(RuntimeError):
    """A passing failure (network, server error, rate limit); the runner backs off and tries again.
    `retry_after`: seconds the source asked us to wait (Retry-After, rate-limit reset)."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ConnectorConfigError(ValueError):
    """A problem no retry will fix (a chat that does not exist, a folder that is gone): the runner stops
    at once and passes it on (message in Dutch, for the user)."""


class ConnectorFailed(RuntimeError):
    """Too many errors in a row; the runner stopped."""


@runtime_checkable
class Connector(Protocol):
    name: str

    def poll(self) -> Batch:
        """The next batch after the committed position; must not change the committed position."""
        ...

    def commit(self, batch: Batch) -> None:
        """The batch was handed over: save its position and advance."""
        ...


class PositionedConnector:
    """Base for connectors that keep their position in a `PositionStore` under keys of their own."""

    name = "connector"

    def __init__(self, positions: PositionStore) -> None:
        self.positions = positions

    def load(self, key: str, default: Any = None) -> Any:
        return self.positions.load(key, default)

    def commit(self, batch: Batch) -> None:
        if batch.position:
            self.positions.save(batch.position)
        self.committed(batch)

    def committed(self, batch: Batch) -> None:
        """Hook: advance in-memory state after the position was saved."""


class Backoff:
    """Exponential backoff with jitter: attempt n waits between (1 - jitter) and 1 times
    min(cap, base * factor ** (n - 1)) seconds."""

    def __init__(self, base: float = 1.0, cap: float = 300.0, factor: float = 2.0, jitter: float = 0.5,
                 rng: Callable[[], float] = random.random) -> None:
        if base <= 0 or cap < base or factor < 1 or not 0 <= jitter <= 1:
            raise ValueError("ongeldige backoff-instellingen")
        self.base, self.cap, self.factor, self.jitter, self.rng = base, cap, factor, jitter, rng

    def delay(self, attempt: int) -> float:
        raw = min(self.cap, self.base * self.factor ** max(0, attempt - 1))
        return raw * (1.0 - self.jitter * self.rng())


@dataclass
class RunStats:
    polls: int = 0
    batches: int = 0
    records: int = 0
    problems: int = 0
    errors: int = 0

    def to_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


class Runner:
    """Runs one connector into one sink until `stop()` (or, with `once=True`, until it has caught up)."""

    def __init__(self, connector: Connector, sink: Sink, *, interval: float = 60.0, backoff: Backoff | None = None,
                 max_errors: int = 10, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Any] | None = None,
                 on_problem: Callable[[Problem], Any] | None = None,
                 on_batch: Callable[[Batch], Any] | None = None,
                 on_error: Callable[[BaseException, float], Any] | None = None) -> None:
        if interval < 0:
            raise ValueError("interval mag niet negatief zijn")
        self.connector, self.sink = connector, sink
        self.interval = interval
        self.backoff = backoff or Backoff()
        self.max_errors = max_errors
        self.clock = clock
        self._stop = threading.Event()
        self.sleep = sleep or self._stop.wait
        self.on_problem, self.on_batch, self.on_error = on_problem, on_batch, on_error
        self.stats = RunStats()
        self._errors = 0

    # ------------------------------------------------------------------ control
    def stop(self) -> None:
        self._stop.set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def _failed(self, err: BaseException) -> None:
        """Count an error; back off (or give up after `max_errors` in a row)."""
        self._errors += 1
        self.stats.errors += 1
        if self._errors > self.max_errors:
            raise ConnectorFailed(f"{self.connector.name}: {self._errors - 1} fouten achter elkaar; gestopt "
                                  f"(laatste fout: {err})") from err
        delay = self.backoff.delay(self._errors)
        retry_after = getattr(err, "retry_after", None)
        if retry_after:
            delay = max(delay, float(retry_after))
        log.warning("%s: %s; nieuwe poging over %.1f s", self.connector.name, err, delay)
        if self.on_error:
            self.on_error(err, delay)
        if not self.stopped:
            self.sleep(delay)

    def _wait(self, seconds: float) -> None:
        if seconds <= 0 or self.stopped:
            return
        wait = getattr(self.connector, "wait", None)
        if callable(wait):
            wait(seconds, lambda: self.stopped)
        else:
            self.sleep(seconds)

    # ------------------------------------------------------------------ loop
    def step(self) -> Batch | None:
        """One poll, put and commit; None when the poll failed (after backing off) or the runner stopped."""
        self.stats.polls += 1
        try:
            batch = self.connector.poll()
        except ConnectorConfigError:
            raise
        except Exception as err:  # noqa: BLE001 - any other failure of the source is retried with backoff
            self._failed(err)
            return None
        for p in batch.problems:
            self.stats.problems += 1
            if self.on_problem:
                self.on_problem(p)
        while batch.records:
            try:
                self.sink.put(batch.records)
                break
            except Exception as err:  # noqa: BLE001 - a sink that is down is retried with the same batch
                self._failed(err)
                if self.stopped:
                    return None  # not committed: the next start repeats this batch
        self.connector.commit(batch)
        self._errors = 0
        self.stats.batches += 1
        self.stats.records += len(batch.records)
        if self.on_batch:
            self.on_batch(batch)
        return batch

    def run(self, *, once: bool = False) -> RunStats:
        """Poll, hand over, commit; repeat every `interval` seconds (at once while `more`). With `once`,
        return as soon as a poll has nothing more."""
        try:
            while not self.stopped:
                started = self.clock()
                batch = self.step()
                if batch is None:
                    continue
                if batch.more:
                    continue
                if once:
                    break
                self._wait(self.interval - (self.clock() - started))
        finally:  # also when it gives up (ConnectorFailed) or a setting is wrong: sockets, clients
            close = getattr(self.connector, "close", None)
            if callable(close):
                close()
        return self.stats

