"""Timing inside a probe: repeat a pass until the measurement is long enough."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Passes:
    """Timings of repeated identical passes over the same input."""

    first_s: float
    best_s: float
    total_s: float
    count: int

    def to_json(self) -> dict[str, Any]:
        return {
            "first_pass_s": round(self.first_s, 6),
            "best_pass_s": round(self.best_s, 6),
            "total_s": round(self.total_s, 6),
            "passes": self.count,
        }


def repeat(
    fn: Callable[[], T],
    *,
    min_total_s: float = 1.0,
    min_passes: int = 1,
    max_passes: int = 50,
    before_each: Callable[[], object] | None = None,
) -> tuple[T, Passes]:
    """Run ``fn`` until ``min_total_s`` seconds and ``min_passes`` passes are reached.

    Returns the first pass's result and the timings. The best pass is the figure used
    for throughput: on a shared machine it is the least disturbed one. ``before_each``
    runs untimed before every pass (e.g. emptying memo caches, so that no pass profits
    from the one before).
    """
    times: list[float] = []
    results: list[T] = []
    while True:
        if before_each is not None:
            before_each()
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
        if not results:
            results.append(out)
        total = sum(times)
        if len(times) >= max_passes or (len(times) >= min_passes and total >= min_total_s):
            break
    return results[0], Passes(times[0], min(times), sum(times), len(times))


def since(t0: float) -> float:
    return time.perf_counter() - t0
