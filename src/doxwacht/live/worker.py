"""`StreamWorker`: one member of a Redis consumer group that scans, stores and alerts.

The loop, per batch of at most `batch` entries:

1. Entries come from, in this order: this consumer's own pending entries (delivered before a crash and
   never acknowledged; read once at start with `XREADGROUP ... 0`), entries other consumers left pending
   longer than `claim_idle_ms` (`XAUTOCLAIM`: a dead worker's batch), and new entries
   (`XREADGROUP ... >`, blocking up to `block_ms`).
2. Each entry is turned back into a `Record` (`record_from_fields`); a malformed one is reported, copied
   to the dead-letter stream with the reason, and acknowledged, so it never loops.
3. The records are scanned and stored by the idempotent `Ingestor` (one transaction per batch; messages
   already stored are skipped; the batch's evidence blobs are made durable with one `syncfs` before that
   transaction commits), then the alert outbox rows are written for them. `ingest_batch` returns the ids
   of the batch's stored messages, so no further query is needed.
4. Only then, with the rows committed and the evidence on disk, are the entries acknowledged and deleted
   (`XACK` and `XDEL`, together with the dead-letter `XADD`s in one MULTI/EXEC), so message text does not
   stay in Redis once it is stored. Deleting assumes one consumer group per stream (the default group
   `doxwacht`); a second group on the same stream would lose the entries. The dead-letter stream is capped
   (`XADD ... MAXLEN ~ dead_maxlen`, default `DEAD_MAXLEN`). A worker killed before this point leaves its entries pending: they are delivered again
   (to itself after a restart, to another worker after `claim_idle_ms`) and the store drops what it
   already has, so nothing is lost and nothing is stored or alerted twice.
5. The alerts are sent (`AlertOutbox.deliver`). A worker that runs until stopped sends them on a thread
   of its own (`AlertSender`), woken after each stored batch, so a slow or unreachable channel (a
   webhook that times out) never holds up reading, scanning and storing; the outbox row is the record
   of what is still to send, whichever thread or worker sends it.

A SIGTERM or SIGINT (`install_signal_handlers`) lets the current batch finish, then the worker stops.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from doxwacht.cases.ingest import Ingestor, identity
from doxwacht.ingest.records import Problem, Record
from doxwacht.ingest.sink import record_from_fields
from doxwacht.live.alerts import AlertOutbox
from doxwacht.live.stream import DEAD_MAXLEN, DEAD_STREAM, DEFAULT_GROUP, DEFAULT_STREAM

log = logging.getLogger(__name__)

Entry = tuple[Any, Any]  # (entry id, fields or None when the entry was deleted)


def default_consumer() -> str:
    """host-pid: unique per process; give a fixed name to let a restarted worker take back its own entries."""
    return f"{socket.gethostname()}-{os.getpid()}"


def _s(v: Any) -> str:
    return v.decode("utf-8", "replace") if isinstance(v, bytes | bytearray) else str(v)


@dataclass
class WorkerStats:
    entries: int = 0  # stream entries handled (acknowledged)
    stored: int = 0  # newly stored messages
    duplicates: int = 0  # entries whose message was already stored (a redelivery or a repeat)
    dead: int = 0  # entries dead-lettered
    claimed: int = 0  # entries taken over from other consumers
    batches: int = 0
    alerts: int = 0  # alert rows sent
    by_level: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class StreamWorker:
    """Consumes `stream` as `consumer` of `group`; see the module docstring for the guarantees."""

    def __init__(self, client: Any, ingestor: Ingestor, *, stream: str = DEFAULT_STREAM, group: str = DEFAULT_GROUP,
                 consumer: str | None = None, batch: int = 100, block_ms: int = 1000, claim_idle_ms: int = 60_000,
                 dead_stream: str = DEAD_STREAM, dead_maxlen: int | None = DEAD_MAXLEN, outbox: AlertOutbox | None = None,
                 on_problem: Callable[[Problem], None] | None = None,
                 on_batch: Callable[[WorkerStats], None] | None = None) -> None:
        if batch < 1:
            raise ValueError("batch moet minstens 1 zijn")
        self.client = client
        self.ingestor = ingestor
        self.stream, self.group = stream, group
        self.consumer = consumer or default_consumer()
        self.batch, self.block_ms, self.claim_idle_ms = batch, block_ms, claim_idle_ms
        if dead_maxlen is not None and dead_maxlen < 1:
            raise ValueError("dead_maxlen moet minstens 1 zijn")
        self.dead_stream = dead_stream
        self.dead_maxlen = dead_maxlen
        self.outbox = outbox
        self.on_problem = on_problem
        self.on_batch = on_batch
        self.stats = WorkerStats()
        self._stop = threading.Event()
        self._backlog = True  # own pending entries still to read (after a restart)
        self._claim_cursor = "0-0"
        self._next_claim = 0.0
        self._sender: AlertSender | None = None
        self._stats_lock = threading.Lock()

    # ------------------------------------------------------------------ control
    def ensure_group(self) -> None:
        """Create the consumer group (and the stream) when missing; the group starts at the stream's
        beginning, so entries published before the first worker started are not lost."""
        import redis

        try:
            self.client.xgroup_create(self.stream, self.group, id="0", mkstream=True)
        except redis.ResponseError as err:
            if "BUSYGROUP" not in str(err):
                raise

    def stop(self) -> None:
        """Stop after the current batch."""
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def install_signal_handlers(self) -> None:
        """SIGTERM and SIGINT stop the worker after its current batch (main thread only)."""
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: self.stop())

    # ------------------------------------------------------------------ loop
    def run(self, *, drain: bool = False) -> WorkerStats:
        """Work until `stop()` (or a signal); with `drain`, also stop once nothing is left to read, claim
        or alert now (alerts waiting for a retry stay in the outbox for the next worker)."""
        self.ensure_group()
        if self.outbox is not None:
            self.outbox.recover()
            if drain:
                self._count_alerts(self.outbox.deliver())
            else:
                self._sender = AlertSender(self.outbox, self._count_alerts)
                self._sender.start()
        try:
            while not self.stopping:
                handled = self.step()
                if handled == 0 and self.outbox is not None:
                    if self._sender is not None:
                        self._sender.wake()  # retries that have come due
                    else:
                        self._count_alerts(self.outbox.deliver())
                        if drain and self.outbox.pending(due_only=True) == 0:
                            break
                elif handled == 0 and drain:
                    break
        finally:
            if self._sender is not None:
                self._sender.stop()
                self._sender = None
            self.ingestor.close_run()
        self._leave_group()
        return self.stats

    def _count_alerts(self, sent: int) -> None:
        with self._stats_lock:
            self.stats.alerts += sent

    def _leave_group(self) -> None:
        """After a clean stop with nothing pending, remove this consumer from the group, so names of
        stopped workers (host-pid) do not pile up; XGROUP DELCONSUMER only drops an empty consumer here."""
        try:
            mine = self.client.xpending_range(self.stream, self.group, min="-", max="+", count=1,
                                              consumername=self.consumer)
            if not mine:
                self.client.xgroup_delconsumer(self.stream, self.group, self.consumer)
        except Exception as err:  # noqa: BLE001 - tidying up only
            log.info("consumer %s not removed: %s", self.consumer, err)

    def step(self) -> int:
        """Read and handle one batch; returns the number of entries handled (0: nothing came within block_ms)."""
        entries = self._read()
        if entries:
            self.handle(entries)
        return len(entries)

    def _read(self) -> list[Entry]:
        if self._backlog:
            got = self._xreadgroup("0", block=None)
            if got:
                return got
            self._backlog = False
        if time.monotonic() >= self._next_claim:
            got = self._claim()
            if got:
                return got
        return self._xreadgroup(">", block=self.block_ms)

    def _xreadgroup(self, last_id: str, block: int | None) -> list[Entry]:
        resp = self.client.xreadgroup(self.group, self.consumer, {self.stream: last_id}, count=self.batch, block=block)
        if not resp:
            return []
        _name, entries = resp[0]
        return list(entries)

    def _claim(self) -> list[Entry]:
        resp = self.client.xautoclaim(self.stream, self.group, self.consumer, min_idle_time=self.claim_idle_ms,
                                      start_id=self._claim_cursor, count=self.batch)
        cursor, entries = resp[0], resp[1]
        deleted = resp[2] if len(resp) > 2 else []
        self._claim_cursor = _s(cursor)
        if self._claim_cursor == "0-0":  # a full pass: look again after a while
            self._next_claim = time.monotonic() + max(self.claim_idle_ms / 2000.0, 0.5)
        if deleted:  # pending, but trimmed from the stream: nothing left to store
            for eid in deleted:
                self._report(Problem("missing", self.stream, f"{self.stream}#{_s(eid)}",
                                     "bericht was al uit de stroom verwijderd; niet verwerkt"))
            pipe = self.client.pipeline(transaction=True)
            pipe.xack(self.stream, self.group, *deleted)
            pipe.xdel(self.stream, *deleted)
            pipe.execute()
        self.stats.claimed += len(entries)
        return list(entries)

    # ------------------------------------------------------------------ one batch
    def handle(self, entries: list[Entry]) -> None:
        records: list[tuple[Any, Record]] = []
        dead: list[tuple[Any, Any, Problem]] = []
        for eid, fields in entries:
            where = f"{self.stream}#{_s(eid)}"
            if not fields:
                dead.append((eid, {}, Problem("missing", self.stream, where, "leeg of verwijderd bericht; overgeslagen")))
                continue
            item = record_from_fields(fields, where=where)
            if isinstance(item, Problem):
                dead.append((eid, fields, item))
            else:
                records.append((eid, item))
        stored_ids: list[int] = []
        if records:
            problems: list[Problem] = []
            before = (self.ingestor.stats.stored, self.ingestor.stats.duplicates)
            found = self.ingestor.ingest_batch([r for _, r in records], on_problem=problems.append)
            self.stats.stored += self.ingestor.stats.stored - before[0]
            self.stats.duplicates += self.ingestor.stats.duplicates - before[1]
            ing = self.ingestor
            idents = [identity(r, source=ing.source, platform=ing.platform, channel=ing.channel) for _, r in records]
            by_location = {p.location: p for p in problems}
            for (eid, rec), ident in zip(records, idents):
                if ident in found:
                    continue
                p = by_location.get(rec.location) or Problem("not_stored", self.stream, f"{self.stream}#{_s(eid)}",
                                                              "bericht niet opgeslagen")
                dead.append((eid, _fields_of(rec), Problem(p.kind, self.stream, f"{self.stream}#{_s(eid)}", p.message)))
            stored_ids = sorted(set(found.values()))
            if self.outbox is not None:
                self.outbox.record(stored_ids)
        self._ack(entries, dead)
        self.stats.entries += len(entries)
        self.stats.dead += len(dead)
        self.stats.batches += 1
        for _eid, _fields, problem in dead:
            self._report(problem)
        if self.outbox is not None and stored_ids:
            if self._sender is not None:
                self._sender.wake()
            else:
                self._count_alerts(self.outbox.deliver(stored_ids))
        if self.on_batch:
            self.on_batch(self.stats)

    def _ack(self, entries: list[Entry], dead: list[tuple[Any, Any, Problem]]) -> None:
        pipe = self.client.pipeline(transaction=True)
        now = datetime.now(UTC).isoformat(timespec="milliseconds")
        for eid, fields, problem in dead:
            entry = {_s(k): _s(v) for k, v in dict(fields or {}).items()}
            entry.update({"dead_kind": problem.kind, "dead_reason": problem.message, "dead_entry": _s(eid),
                          "dead_stream": self.stream, "dead_consumer": self.consumer, "dead_at": now})
            pipe.xadd(self.dead_stream, entry, maxlen=self.dead_maxlen, approximate=True)
        ids = [eid for eid, _ in entries]
        pipe.xack(self.stream, self.group, *ids)
        pipe.xdel(self.stream, *ids)  # stored: the plaintext leaves Redis (one consumer group per stream)
        pipe.execute()

    def _report(self, problem: Problem) -> None:
        if self.on_problem:
            self.on_problem(problem)
        else:
            log.warning("dead-lettered %s: %s: %s", problem.location, problem.kind, problem.message)


class AlertSender:
    """Sends the outbox's due alerts on a thread of its own: at once when woken (a batch was stored),
    else every `poll_s` seconds (retries coming due). `stop` lets a send in progress finish for at
    most `join_s` seconds; an alert claimed but not sent then is taken up again after its lease."""

    def __init__(self, outbox: AlertOutbox, on_sent: Callable[[int], None], *, poll_s: float = 1.0,
                 join_s: float = 5.0) -> None:
        self.outbox = outbox
        self.on_sent = on_sent
        self.poll_s, self.join_s = poll_s, join_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="doxwacht-alerts", daemon=True)

    def start(self) -> None:
        self._wake.set()  # alerts left by an earlier run go out first
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(self.join_s)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.poll_s)
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                self.on_sent(self.outbox.deliver())
            except Exception as err:  # noqa: BLE001 - the store may be busy or gone for a moment; try again later
                log.warning("alerts not sent this round: %s", type(err).__name__)


def _fields_of(record: Record) -> dict[str, str]:
    from doxwacht.ingest.sink import record_to_fields

    return record_to_fields(record)
