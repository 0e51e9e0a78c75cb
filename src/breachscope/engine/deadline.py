"""A per-file wall-clock limit inside a worker (``SIGALRM``), pausable around yields."""

from __future__ import annotations

import signal
import threading

from breachscope.detect.watchdog import RaisingAlarm


class FileTimeoutError(BaseException):
    """Raised in the worker when a file exceeds its time limit.

    A BaseException, so an extractor's ``except Exception`` cannot swallow it.
    """


def timeout_reason(seconds: float) -> str:
    """The manifest reason for a file that ran out of time (same for worker and driver)."""
    return f"timeout after {seconds:g} s"


class Deadline:
    """Arms ``SIGALRM`` for the remaining time; :meth:`pause` disarms it (e.g. while the
    worker talks to the driver) and :meth:`resume` re-arms what was left. Its handler is a
    :class:`~breachscope.detect.watchdog.RaisingAlarm`: while it is armed, detection runs
    the standard-library regex twins, which it stops if one runs away."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.remaining = seconds
        self.usable = (
            seconds > 0
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        )
        self.armed = False
        self._previous: object = None

    def _expired(self) -> FileTimeoutError:
        self.armed = False
        self.remaining = 0.0
        signal.signal(signal.SIGALRM, self._previous)  # type: ignore[arg-type]
        return FileTimeoutError(timeout_reason(self.seconds))

    def resume(self) -> None:
        if not self.usable or self.armed:
            return
        if self.remaining <= 0:
            raise FileTimeoutError(timeout_reason(self.seconds))
        self._previous = signal.signal(signal.SIGALRM, RaisingAlarm(self._expired))
        signal.setitimer(signal.ITIMER_REAL, self.remaining)
        self.armed = True

    def pause(self) -> None:
        if not self.usable or not self.armed:
            return
        left, _interval = signal.setitimer(signal.ITIMER_REAL, 0)
        self.armed = False
        self.remaining = left if left > 0 else 0.0
        signal.signal(signal.SIGALRM, self._previous)  # type: ignore[arg-type]

    def __enter__(self) -> Deadline:
        self.resume()
        return self

    def __exit__(self, *exc: object) -> None:
        self.pause()
