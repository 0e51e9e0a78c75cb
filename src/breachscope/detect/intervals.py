"""Choosing non-overlapping spans, best first, in O(n log n)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence


def non_overlapping(spans: Iterable[tuple[int, int]]) -> list[int]:
    """Indexes of the spans kept when each, in the given (priority) order, is taken unless
    it overlaps one already taken. Empty spans never overlap."""
    starts: list[int] = []
    ends: list[int] = []
    kept: list[int] = []
    for i, (s, e) in enumerate(spans):
        j = bisect_left(starts, e)
        if j and ends[j - 1] > s:
            continue
        if j < len(starts) and starts[j] < e and s < ends[j]:
            continue
        starts.insert(j, s)
        ends.insert(j, e)
        kept.append(i)
    return kept


def take_best(items: Sequence[tuple[int, int]]) -> list[int]:
    """Indexes of non-overlapping spans, longest first (ties: earliest), in text order."""
    order = sorted(range(len(items)), key=lambda i: (items[i][0] - items[i][1], items[i][0]))
    kept = non_overlapping(items[i] for i in order)
    return sorted((order[k] for k in kept), key=lambda i: items[i][0])
