"""A ``SIGALRM`` watchdog for reading a text with the standard-library regex twins.

The ``re`` engine takes no timeout, but it checks for signals while it matches: a
``SIGALRM`` handler that raises stops a runaway call where it runs. Signals reach only the
main thread, so the twins run only there, and only while such a handler is armed: the scan
worker's per-file deadline (``engine/deadline.py``) or the watchdog that
:func:`regex_watchdog` arms for one text. Elsewhere (another thread, or while someone
else's timer runs) the ``regex`` engine keeps its per-call timeouts."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

from breachscope.detect.context import REGEX_TIMEOUT_S, DetectionTimeoutError

SECONDS_PER_CHAR = 2e-6
"""The watchdog's allowance per character of the text, on top of :data:`REGEX_TIMEOUT_S`
(a whole text read takes about 0.7 us per character: never expected to fire)."""


class RaisingAlarm:
    """A ``SIGALRM`` handler that raises ``error()``: what the twins need armed."""

    def __init__(self, error: Callable[[], BaseException]) -> None:
        self.error = error

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        raise self.error()


def budget(chars: int) -> float:
    """Seconds the watchdog allows for reading a text of ``chars`` characters."""
    return REGEX_TIMEOUT_S + chars * SECONDS_PER_CHAR


def _usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def regex_watchdog(seconds: float) -> Iterator[bool]:
    """Yield whether the twins may run for the duration: True when a
    :class:`RaisingAlarm` is armed already (the scan's file deadline), or when one could be
    armed here for ``seconds`` (main thread, no timer running; handler and timer are put
    back afterwards); False otherwise."""
    if not _usable():
        yield False
        return
    current = signal.getsignal(signal.SIGALRM)
    left, _interval = signal.getitimer(signal.ITIMER_REAL)
    if left > 0:  # someone's timer runs: ours guards, another's is left alone
        yield isinstance(current, RaisingAlarm)
        return
    signal.signal(signal.SIGALRM, RaisingAlarm(DetectionTimeoutError))
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL if current is None else current)
