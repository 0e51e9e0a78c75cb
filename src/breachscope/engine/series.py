"""Series of files: files whose dump paths differ only in their digits (daily exports
``uitslagen_20240101_0001.csv``, numbered letters, monthly folders ``2024/03/``).

Files of one series usually share a header or a layout, so they cost less together: the
tables of a batch that share a header are detected as one table, their columns classified
once for all of them (:func:`breachscope.detect.tables.detect_merged`). Measured on the
benchmark's largest dump (best of 9): a small CSV export costs 20-24 ms of CPU alone, and
11-13 ms more for each further one of its series detected with it. Batches therefore keep
a run of one series together (:func:`breachscope.engine.store.pack_batches`), and count
each file after the first of a run at half the fixed cost.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_DIGITS = re.compile(r"[0-9]+")


def series_key(path: str) -> str:
    """The path with every run of ASCII digits replaced by ``#``."""
    return _DIGITS.sub("#", path)


def series_runs(paths: Iterable[str]) -> int:
    """How many runs of consecutive paths of one series ``paths`` (in batch order) make."""
    runs = 0
    last: str | None = None
    for path in paths:
        key = series_key(path)
        if key != last:
            runs += 1
            last = key
    return runs
