"""Vectorised column validation with a per-value fallback: a detector's strict Arrow
fast path decides the common shapes of a column, and :meth:`Detector.validate` (once per
distinct value) decides every other cell; both are merged back in column order."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def string_bytes(text: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """A ``string`` array's value offsets (``len + 1`` of them, int32) and its data bytes,
    as NumPy views of its buffers (no copy; the data empty when there is none)."""
    offsets = np.frombuffer(
        text.buffers()[1], dtype=np.int32, count=len(text) + 1, offset=4 * text.offset
    )
    data = text.buffers()[2]
    return offsets, np.frombuffer(data, dtype=np.uint8) if data is not None else _NO_BYTES


_NO_BYTES = np.zeros(0, dtype=np.uint8)


def as_strings(values: pa.Array) -> pa.Array:
    """``values`` as a plain ``string`` array (large strings and dictionaries cast)."""
    return values if values.type == pa.string() else values.cast(pa.string())


def flags(mask: pa.Array) -> np.ndarray:
    """A boolean Arrow array as NumPy booleans, null as False (filled only where there
    are nulls: most masks have none)."""
    if mask.null_count:
        mask = pc.fill_null(mask, False)
    return np.asarray(mask.to_numpy(zero_copy_only=False), dtype=bool)


def merge_fallback(
    values: pa.Array,
    fast: pa.Array,
    normal: pa.Array,
    slow: Callable[[pa.Array], pa.Array],
) -> pa.Array:
    """``normal`` where ``fast`` (a boolean array without nulls) holds, else ``slow`` of
    the remaining ``values`` (called once, on those values only)."""
    rest = pc.invert(fast)
    mask = rest.to_numpy(zero_copy_only=False)
    if not mask.any():
        return normal
    slow_part = slow(values.take(pa.array(np.flatnonzero(mask), pa.int64())))
    return pc.replace_with_mask(normal, rest, slow_part.cast(pa.string()))


def by_distinct(
    values: pa.Array,
    decide: Callable[[pa.Array], tuple[pa.Array, pa.Array] | None],
    slow: Callable[[pa.Array], pa.Array],
    then: Callable[[pa.Array, pa.Array], pa.Array] | None = None,
) -> pa.Array:
    """A column validated per distinct value: ``decide`` gives ``(fast, normal)`` for the
    distinct values (or None where the fast path does not pay), ``slow`` validates the
    rest (or, without a fast path, every distinct value); ``then`` (distinct values,
    their results) gives the final results, still once per distinct value; expanded back
    to every cell."""
    enc = as_strings(values).dictionary_encode()
    distinct = enc.dictionary
    decided = decide(distinct)
    # (without a fast path: slow is element-wise, its distinct values are these)
    found = slow(distinct) if decided is None else merge_fallback(distinct, *decided, slow)
    return pc.take(found if then is None else then(distinct, found), enc.indices)
