"""Building findings tables (:data:`~breachscope.detect.finding.FINDINGS_SCHEMA`) from
text spans, and the location templates tables use for whole columns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from breachscope.detect.finding import FINDINGS_SCHEMA
from breachscope.location import Location


def empty_findings() -> pa.Table:
    return FINDINGS_SCHEMA.empty_table()


def row_template(path: str, part: str | None, column: str | None) -> tuple[str, str]:
    """``(prefix, suffix)`` with ``prefix + str(row) + suffix == str(Location(path, part,
    row, column))`` for every row."""
    text = str(Location(path, part, 0, column))
    marker = "row=0&col=" if column is not None else "row=0"
    i = text.rindex(marker) + len("row=")
    return text[:i], text[i + 1 :]


_POW10 = 10 ** np.arange(1, 19, dtype=np.int64)
_MAX_OFFSET = 2**31 - 1
_SMALL = 256
"""Below this many strings Arrow's join is cheaper than setting up numpy blocks."""


def const_strings(value: str, n: int) -> pa.Array:
    """``n`` copies of ``value`` as an Arrow string array, built straight into buffers."""
    raw = value.encode("utf-8")
    if len(raw) * n > _MAX_OFFSET:
        return pa.repeat(pa.scalar(value, pa.string()), n)
    offsets = np.arange(n + 1, dtype=np.int32) * np.int32(len(raw))
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(raw * n))


def numbered(prefix: str, numbers: pa.Array, suffix: str) -> pa.Array:
    """``prefix + str(k) + suffix`` for every ``k`` in ``numbers`` (row numbers), built
    with numpy straight into Arrow buffers: location strings for whole columns without
    a Python object per cell. Numbers must be non-negative; rows whose digit counts do
    not ascend (rare: rows are in source order) go through Arrow's string join."""
    if numbers.null_count:
        return pc.binary_join_element_wise(prefix, pc.cast(numbers, pa.string()), suffix, "")
    nums = numbers.to_numpy(zero_copy_only=False).astype(np.int64, copy=False)
    m = len(nums)
    digits = np.searchsorted(_POW10, nums, side="right") + 1 if m else nums
    pre, suf = prefix.encode("utf-8"), suffix.encode("utf-8")
    lengths = len(pre) + len(suf) + digits
    if (
        m < _SMALL
        or nums.min() < 0
        or (m > 1 and bool(np.any(np.diff(digits) < 0)))
        or int(lengths.sum()) > _MAX_OFFSET
    ):
        return pc.binary_join_element_wise(prefix, pc.cast(numbers, pa.string()), suffix, "")
    offsets = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    data = np.empty(int(offsets[-1]), dtype=np.uint8)
    bounds = np.flatnonzero(np.diff(digits)) + 1
    wide = np.uint32 if int(nums.max()) < 2**32 else np.uint64
    for a, b in zip(np.r_[0, bounds], np.r_[bounds, m], strict=True):
        d = int(digits[a])
        chars = np.empty((int(b - a), d), dtype=np.uint8)
        x = nums[a:b].astype(wide)
        for k in range(d - 1, -1, -1):
            q = x // 10
            chars[:, k] = x - q * 10 + 48
            x = q
        # this block's bytes as fixed-width records: prefix, digits, suffix
        fields = [(n, f"S{w}") for n, w in (("p", len(pre)), ("d", d), ("s", len(suf))) if w]
        rows = data[offsets[a] : offsets[b]].view(np.dtype(fields))
        rows["d"] = chars.view(f"S{d}").ravel()
        if pre:
            rows["p"] = pre
        if suf:
            rows["s"] = suf
    return pa.StringArray.from_buffers(
        m, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(data)
    )


@dataclass
class FindingsBuilder:
    """Accumulates findings (row lists for sparse text hits, Arrow chunks for columns)."""

    rows: dict[str, list[object]] = field(
        default_factory=lambda: {f.name: [] for f in FINDINGS_SCHEMA}
    )
    chunks: list[pa.Table] = field(default_factory=list)

    def add_spans(
        self,
        location: Location,
        spans: Sequence[tuple[str, str, str, str, int, int, float, str]],
        record: str | None = None,
        base_offset: int = 0,
    ) -> None:
        """Findings at character spans of one place: ``(data_class, kind, detector, value,
        start, end, confidence, explanation)``, offsets relative to ``base_offset``."""
        if not spans:
            return
        head = str(location)
        sep = "&" if "#" in head else "#"
        r = self.rows
        n = len(spans)
        r["data_class"].extend(t[0] for t in spans)
        r["kind"].extend(t[1] for t in spans)
        r["detector"].extend(t[2] for t in spans)
        r["value"].extend(t[3] for t in spans)
        r["path"].extend([location.path] * n)
        r["location"].extend(
            f"{head}{sep}start={base_offset + t[4]}&end={base_offset + t[5]}" for t in spans
        )
        r["confidence"].extend(t[6] for t in spans)
        r["explanation"].extend(t[7] for t in spans)
        r["record"].extend([record] * n)

    @property
    def pending(self) -> bool:
        """Whether anything was added."""
        return bool(self.chunks or self.rows["data_class"])

    def table(self) -> pa.Table:
        parts = list(self.chunks)
        if self.rows["data_class"]:
            parts.append(pa.table(self.rows, schema=FINDINGS_SCHEMA))
        if not parts:
            return empty_findings()
        return pa.concat_tables(parts) if len(parts) > 1 else parts[0]
