"""The cyclic garbage collector, set for a long scan.

A scanning process holds a large heap that lives as long as it does (the detectors' compiled patterns and
word lists, the intent lexicons, the tone model's weights, the watchlist's arrays) and makes many short-lived
objects per message, which reference counting frees: almost none of them are in reference cycles. CPython's
cyclic collector still walks the whole heap in each full collection, and the caches that grow as new messages
come (the watchlist's word memo, the tone model's per-word sums) set full collections off again and again: over
a stream of new messages, about 15 µs a message in collections, a tenth of the whole scan (`eval/intent/
bench_intent.py --stream N --gc default` against the same without `--gc default`).

`StreamingGC`, once a scan has read `after` messages (a short scan is left as it is: the collection that starts
it costs tens of milliseconds), collects once, moves everything alive out of the collector's reach (`gc.freeze`:
the engine and the caches its first messages filled) and lets the youngest generation fill up to 50,000 new
container objects between collections instead of CPython's 700. On leaving, both are put back. What a scan makes
and frees is still freed at once by reference counting; cyclic garbage, which a scan hardly makes, is collected
later than before, never lost.

    with StreamingGC() as gc_settings:
        for item in scan_records(engine, records):
            gc_settings.seen()
            ...
"""

from __future__ import annotations

import gc
from types import TracebackType

# the youngest generation's threshold while scanning (CPython's default: 700)
STREAMING_GEN0 = 50_000
# messages read before the settings change: a short scan is left with CPython's own
STREAMING_AFTER = 2_000

_owner: StreamingGC | None = None  # the block that set the collector (nested blocks leave it to that one)


class StreamingGC:
    """The collector's settings for a long scan, from its `after`-th message (see the module's text). Nested
    blocks leave the settings to the block that set them first."""

    def __init__(self, *, after: int | None = None, gen0: int = STREAMING_GEN0) -> None:
        self.after = STREAMING_AFTER if after is None else after
        self.gen0 = gen0
        self.messages = 0
        self._waiting = False  # inside the block, its settings not made yet
        self._before: tuple[int, int, int] | None = None  # the thresholds to put back, where this block set them

    @property
    def started(self) -> bool:
        """Whether this block has set the collector."""
        return self._before is not None

    def __enter__(self) -> StreamingGC:
        self._waiting = True
        if self.after <= 0:
            self._start()
        return self

    def seen(self, n: int = 1) -> None:
        """`n` more messages read."""
        self.messages += n
        if self._waiting and self.messages >= self.after:
            self._start()

    def _start(self) -> None:
        global _owner
        self._waiting = False
        if _owner is not None:
            return  # an outer block has set it already
        before = gc.get_threshold()
        gc.collect()
        gc.freeze()
        gc.set_threshold(max(self.gen0, before[0]), before[1], before[2])
        self._before = before
        _owner = self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        global _owner
        self._waiting = False
        if self._before is not None:
            gc.set_threshold(*self._before)
            gc.unfreeze()
            self._before = None
            _owner = None
