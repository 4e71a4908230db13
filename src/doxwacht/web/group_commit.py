"""`GroupCommit`: server threads that each have one item to store (a report from the form) hand it in here;
items that arrive while a batch is being stored wait and go together in the next batch, stored by one of
their threads (leader and followers, no timer: a lone item goes at once, alone). Each caller gets its own
outcome back only after its batch has run, so "stored" still means stored (committed) when `submit` returns.

Under load this turns N transactions, N `syncfs` calls and N scans of one message into one of each per batch,
which is what a report costs most (see docs/WEB.md, Performance)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_PENDING = object()


class _Slot(Generic[T]):
    __slots__ = ("item", "outcome")

    def __init__(self, item: T) -> None:
        self.item = item
        self.outcome: object = _PENDING


class GroupCommit(Generic[T, R]):
    """`submit(item)` -> the outcome of `run` for that item. `run(items)` stores a batch and returns one outcome
    per item, in order: a result, or an exception to raise in that item's caller. One batch at a time; at most
    `max_batch` items in one."""

    def __init__(self, run: Callable[[list[T]], Sequence[R | BaseException]], *, max_batch: int = 64) -> None:
        if max_batch < 1:
            raise ValueError("max_batch must be at least 1")
        self._run = run
        self.max_batch = max_batch
        self._cv = threading.Condition()
        self._queue: list[_Slot[T]] = []
        self._busy = False
        self.batches = 0  # how many batches ran, and how many items they held (for tests and benches)
        self.items = 0

    def submit(self, item: T) -> R:
        slot: _Slot[T] = _Slot(item)
        with self._cv:
            self._queue.append(slot)
        while True:
            with self._cv:
                while slot.outcome is _PENDING and self._busy:
                    self._cv.wait()
                if slot.outcome is not _PENDING:
                    return self._unwrap(slot.outcome)
                self._busy = True  # this thread stores the next batch: the oldest items (its own now or later)
                batch, self._queue = self._queue[:self.max_batch], self._queue[self.max_batch:]
            outcomes: Sequence[object] = [RuntimeError("group commit interrupted")] * len(batch)
            try:
                got = list(self._run([s.item for s in batch]))
                if len(got) != len(batch):
                    raise RuntimeError(f"group commit: {len(got)} outcomes for {len(batch)} items")
                outcomes = got
            except Exception as err:  # noqa: BLE001 - every waiter of the batch gets it, none hangs
                outcomes = [err] * len(batch)
            finally:
                with self._cv:
                    for s, o in zip(batch, outcomes):
                        s.outcome = o
                    self.batches += 1
                    self.items += len(batch)
                    self._busy = False
                    self._cv.notify_all()

    @staticmethod
    def _unwrap(outcome: object) -> R:
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome  # type: ignore[return-value]
