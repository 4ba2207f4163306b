"""A time budget for a piece of work: an alarm in the main thread, a check elsewhere."""
from __future__ import annotations

import contextlib
import signal
import threading
import time
from typing import Iterator


class OverBudget(Exception):
    """The work went past its time budget (raised by the alarm)."""


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise :class:`OverBudget` inside the block once ``seconds`` have passed.

    In the main thread an interval timer interrupts the work; in other threads (where
    signals cannot be used) the block runs to its end and the caller compares the time
    it took with the budget.
    """
    if seconds is None or not _can_alarm() or signal.getitimer(signal.ITIMER_REAL)[0]:
        yield
        return
    if seconds <= 0:
        raise OverBudget

    def ring(signum, frame):
        raise OverBudget

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


class Clock:
    """Seconds spent per item, against one budget per item."""

    def __init__(self, budget: float | None):
        self.budget = budget
        self.spent: dict[int, float] = {}

    def left(self, key: int) -> float | None:
        return None if self.budget is None else self.budget - self.spent.get(key, 0.0)

    def charge(self, key: int, seconds: float) -> None:
        self.spent[key] = self.spent.get(key, 0.0) + seconds

    def over(self, key: int) -> bool:
        return self.budget is not None and self.spent.get(key, 0.0) > self.budget

    @staticmethod
    def now() -> float:
        return time.monotonic()
