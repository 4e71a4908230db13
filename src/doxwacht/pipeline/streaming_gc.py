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

_active = 0  # `StreamingGC` blocks that have set the collector: only the first sets it, only it restores


class StreamingGC:
    """The collector's settings for a long scan, from its `after`-th message (see the module's text). Nested
    blocks leave the settings to the block that set them first."""

    def __init__(self, *, after: int | None = None, gen0: int = STREAMING_GEN0) -> None:
        self.after = STREAMING_AFTER if after is None else after
        self.gen0 = gen0
        self.messages = 0
        self.started = False  # this block set the collector
        self._before: tuple[int, int, int] | None = None
        self._entered = False

    def __enter__(self) -> StreamingGC:
        self._entered = True
        if self.after <= 0:
            self._start()
        return self

    def seen(self, n: int = 1) -> None:
        """`n` more messages read."""
        self.messages += n
        if self.messages >= self.after and not self.started and self._entered and self._before is None:
            self._start()

    def _start(self) -> None:
        global _active
        self._before = gc.get_threshold()  # (also marks this block as past its start, set or not)
        if _active:
            return  # an outer block has set it already
        gc.collect()
        gc.freeze()
        before = self._before
        gc.set_threshold(max(self.gen0, before[0]), before[1], before[2])
        _active = 1
        self.started = True

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        global _active
        self._entered = False
        if self.started:
            assert self._before is not None
            gc.set_threshold(*self._before)
            gc.unfreeze()
            _active = 0
            self.started = False
