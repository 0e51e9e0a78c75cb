"""The peak of the memory Python allocates while a block runs (``tracemalloc``): what the
tests of readers that must stay within bounds compare."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager


class Peak:
    """The peak in bytes, set when the block ends (however it ends)."""

    bytes = 0


@contextmanager
def traced_peak() -> Iterator[Peak]:
    """Trace the memory allocated in the ``with`` block; its peak in the :class:`Peak`."""
    peak = Peak()
    tracemalloc.start()
    try:
        yield peak
    finally:
        peak.bytes = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
