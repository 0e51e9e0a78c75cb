"""Building findings tables (:data:`~breachscope.detect.finding.FINDINGS_SCHEMA`) from
text spans, and for table units the pieces without a Python object per cell: constant
labels (dictionary arrays with zero indices), cell locations written with numpy straight
into Arrow buffers, and record dictionaries (:class:`RowStrings`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from breachscope.detect.finding import FINDINGS_SCHEMA, LABEL
from breachscope.location import Location


@lru_cache(maxsize=1)
def empty_findings() -> pa.Table:
    """A findings table of no rows (one table, shared: Arrow tables are immutable, and
    building one costs about 70 us). Built on first use, not on import: pyarrow loads
    pandas to build it, which a scan worker refuses once it runs (``engine.nopandas``)."""
    return FINDINGS_SCHEMA.empty_table()


def row_template(path: str, part: str | None, column: str | None) -> tuple[str, str]:
    """``(prefix, suffix)`` with ``prefix + str(row) + suffix == str(Location(path, part,
    row, column))`` for every row."""
    text = str(Location(path, part, 0, column))
    marker = "row=0&col=" if column is not None else "row=0"
    i = text.rindex(marker) + len("row=")
    return text[:i], text[i + 1 :]


@lru_cache(maxsize=4096)
def cell_suffix(column: str) -> str:
    """What follows a row's record in the location of its cell in ``column``
    (``&col=...``, quoted as :class:`~breachscope.location.Location` writes it)."""
    return row_template("-", None, column)[1]


_MAX_OFFSET = 2**31 - 1
_MAX_DIGITS = 8
"""Row numbers up to ``10**8 - 1`` go through numpy; larger ones through Arrow's join."""
_SMALL = 512
"""Below this many strings, formatting them in Python is cheaper than setting up numpy
blocks or an Arrow join (measured: 35 against 90 us for 100, 190 against 80 for 1000)."""


def label(value: str, n: int, zeros: pa.Array | None = None) -> pa.DictionaryArray:
    """``n`` copies of ``value`` as a :data:`~breachscope.detect.finding.LABEL` array
    (one dictionary entry, zero indices: no string per row). ``zeros`` (``n`` int32 zeros)
    may be shared by the labels of one chunk."""
    if zeros is None:
        zeros = pa.array(np.zeros(n, dtype=np.int32))
    return pa.DictionaryArray.from_arrays(zeros, _entry(value), safe=False)


@lru_cache(maxsize=4096)
def _entry(value: str) -> pa.Array:
    """The one-entry dictionary of a label (immutable, so shared: the same classes,
    kinds, detectors, paths and explanations label chunk after chunk, and ``pa.array``
    costs about 9 us a call)."""
    return pa.array([value], pa.string())


def as_label(values: pa.Array) -> pa.DictionaryArray:
    """``values`` (strings, or already dictionary-encoded) as a :data:`LABEL` array."""
    if pa.types.is_dictionary(values.type):
        out: pa.DictionaryArray = values.cast(LABEL)
        return out
    if not pa.types.is_string(values.type):
        values = values.cast(pa.string())
    encoded: pa.DictionaryArray = values.dictionary_encode()
    return encoded


def chunk_labels(
    parts: Sequence[str | pa.DictionaryArray], zeros: Sequence[pa.Array]
) -> pa.ChunkedArray:
    """Parts of a :data:`~breachscope.detect.finding.LABEL` column one after the other,
    a chunk each: a string stands for ``len(zeros[k])`` copies of itself (``zeros[k]``:
    that many int32 zeros, shared by the labels of one part), a dictionary array for its
    values. No index per finding is written for the constant labels."""
    return pa.chunked_array(
        [
            label(part, len(z), z)
            if isinstance(part, str)
            else (part if part.type == LABEL else part.cast(LABEL))
            for part, z in zip(parts, zeros, strict=True)
        ],
        LABEL,
    )


def label_mask(values: pa.DictionaryArray, wanted: Sequence[str]) -> np.ndarray:
    """Per-row flags: the (non-null) label is one of ``wanted``; decided per dictionary
    entry, so no string per row."""
    hit = np.array([v in wanted for v in values.dictionary.to_pylist()] + [False], dtype=bool)
    entries = hit[:-1]
    if not entries.any():
        return np.zeros(len(values), dtype=bool)
    if not values.null_count and entries.all():  # one answer for all
        return np.ones(len(values), dtype=bool)
    codes = values.indices.fill_null(-1).to_numpy(zero_copy_only=False)
    out: np.ndarray = hit[codes]
    return out


def _digit_chars(nums: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(chars, widths)``: the decimal digits of each of ``nums`` (``0 <= k < 10**8``)
    left-aligned in a row of 8 bytes (``uint64``, so rows gather cheaply), and their count."""
    n = len(nums)
    widths = np.ones(n, dtype=np.int32)
    for k in range(1, _MAX_DIGITS):
        widths += nums >= 10**k
    chars = np.zeros((n, 8), dtype=np.uint8)
    ascending = n > 0 and bool(np.all(np.diff(widths) >= 0))
    for w in range(1, int(widths.max()) + 1 if n else 0):
        if ascending:  # rows in order: one slice per width
            lo, hi = np.searchsorted(widths, [w, w + 1])
            where: slice | np.ndarray = slice(int(lo), int(hi))
        else:
            where = np.flatnonzero(widths == w)
        x = nums[where].astype(np.int64)
        block = chars[where]
        for k in range(w - 1, -1, -1):
            block[:, k] = x % 10 + 48
            x //= 10
        chars[where] = block
    return chars.view(np.uint64).ravel(), widths


def _tile(flat: np.ndarray, template: bytes) -> None:
    """Fill ``flat`` (a multiple of ``len(template)`` long) with copies of ``template``."""
    w = len(template)
    flat[:w] = np.frombuffer(template, dtype=np.uint8)
    filled, total = w, len(flat)
    while filled < total:
        step = min(filled, total - filled)
        flat[filled : filled + step] = flat[:step]
        filled += step


def _affixed(prefix: bytes, chars: np.ndarray, widths: np.ndarray, suffix: bytes) -> pa.Array:
    """``prefix + digits + suffix`` per row from :func:`_digit_chars` output (any order),
    written straight into one Arrow buffer: blocks of equal width are fixed-width rows,
    tiled with their template; then each row's digits go in as one 8-byte word (the
    digits, then the template's bytes that follow them), a strided store per block."""
    m = len(widths)
    if m == 0:
        return pa.array([], pa.string())
    if m > 1 and bool(np.any(np.diff(widths) < 0)):  # rare: sort by width, build, reorder
        order = np.argsort(widths, kind="stable")
        built = _affixed(prefix, chars[order], widths[order], suffix)
        back = np.empty(m, dtype=np.int64)
        back[order] = np.arange(m)
        return pc.take(built, pa.array(back))
    lp, ls = len(prefix), len(suffix)
    offsets = np.zeros(m + 1, dtype=np.int32)  # the caller checked that they fit
    np.cumsum(widths + np.int32(lp + ls), dtype=np.int32, out=offsets[1:])
    size = int(offsets[-1])
    buf = pa.allocate_buffer(size + 8)  # Arrow's pool: no fresh pages per call; 8 bytes
    data = np.frombuffer(buf, dtype=np.uint8)  # of slack for the last row's word
    bounds = np.flatnonzero(np.diff(widths)) + 1
    for a, b in zip(np.r_[0, bounds], np.r_[bounds, m], strict=True):
        d = int(widths[a])
        template = prefix + b"0" * d + suffix
        start = int(offsets[a])
        _tile(data[start : int(offsets[b])], template)
        periodic = template * (8 // len(template) + 2)  # (short rows: the next row's too)
        after = np.frombuffer(bytes(d) + periodic[lp + d : lp + 8], dtype=np.uint64)[0]
        words = np.ndarray(  # each row's 8 bytes from its digits on (unaligned, strided)
            (int(b - a),), dtype=np.uint64, buffer=data, offset=start + lp, strides=(len(template),)
        )
        np.bitwise_or(chars[a:b], after, out=words)  # (a word spilling past the block is
        # tiled over by the next one)
    return pa.StringArray.from_buffers(m, pa.py_buffer(offsets), buf.slice(0, size))


def _listed(prefix: str, nums: np.ndarray, suffix: str) -> pa.Array:
    """``prefix + str(k) + suffix`` for every ``k`` in ``nums``, formatted in Python."""
    return pa.array([f"{prefix}{k}{suffix}" for k in nums.tolist()], pa.string())


def _room(n: int, affix_bytes: int) -> bool:
    """Whether ``n`` strings of ``affix_bytes`` plus a row number fit int32 offsets."""
    return (affix_bytes + _MAX_DIGITS) * n <= _MAX_OFFSET


def _small_numbers(nums: np.ndarray) -> bool:
    """Whether numpy can write these numbers: non-negative and below ``10**8``."""
    return len(nums) > 0 and int(nums.min()) >= 0 and int(nums.max()) < 10**_MAX_DIGITS


def numbered(prefix: str, numbers: pa.Array, suffix: str) -> pa.Array:
    """``prefix + str(k) + suffix`` for every ``k`` in ``numbers`` (row numbers), built
    with numpy straight into Arrow buffers: location strings for whole columns without
    a Python object per cell. Short arrays are formatted in Python; nulls, negative or
    huge numbers go through Arrow's string join."""
    pre, suf = prefix.encode("utf-8"), suffix.encode("utf-8")
    nums = numbers.to_numpy(zero_copy_only=False) if not numbers.null_count else None
    if nums is not None and len(nums) < _SMALL:
        return _listed(prefix, nums, suffix)
    if nums is None or not _small_numbers(nums) or not _room(len(nums), len(pre) + len(suf)):
        return pc.binary_join_element_wise(prefix, pc.cast(numbers, pa.string()), suffix, "")
    chars, widths = _digit_chars(nums.astype(np.int64, copy=False))
    return _affixed(pre, chars, widths, suf)


class RowStrings:
    """Record and cell-location strings of one table unit, from its ``__row__`` numbers:
    the digits of every row are written once; each column's locations are then gathered
    from them into one Arrow buffer, and ``record`` is a dictionary over the rows that
    have findings (``used``; all rows when not given)."""

    def __init__(self, location: Location, rows: pa.Array, used: np.ndarray | None = None) -> None:
        self.location = location
        self.rows = rows
        self.prefix, self.suffix = row_template(location.path, location.part, None)
        self.pre, self.suf = self.prefix.encode("utf-8"), self.suffix.encode("utf-8")
        nums = rows.to_numpy(zero_copy_only=False) if not rows.null_count else None
        self._nums = nums
        self.fast = nums is not None and _small_numbers(nums)
        self._digits: tuple[np.ndarray, np.ndarray] | None = None
        self._used = None if used is None or bool(used.all()) else used
        self._code = None if self._used is None else np.cumsum(self._used, dtype=np.int32) - 1
        """Row position -> record dictionary entry, when only ``used`` rows have one."""
        self._records: pa.Array | None = None

    def _digit_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """:func:`_digit_chars` of every row (``fast`` tables), written on first use."""
        if self._digits is None:
            assert self._nums is not None
            self._digits = _digit_chars(self._nums.astype(np.int64, copy=False))
        return self._digits

    def records(self) -> pa.Array:
        """Record strings of the (used) rows: the dictionary of :meth:`record`."""
        if self._records is None:
            used = self._used
            nums = self._nums
            if nums is not None and (len(nums) if used is None else int(used.sum())) < _SMALL:
                self._records = _listed(
                    self.prefix, nums if used is None else nums[used], self.suffix
                )
            elif self.fast and _room(len(self.rows), len(self.pre) + len(self.suf)):
                chars, widths = self._digit_rows()
                if used is not None:
                    chars, widths = chars[used], widths[used]
                self._records = _affixed(self.pre, chars, widths, self.suf)
            else:
                rows = self.rows if used is None else self.rows.filter(pa.array(used))
                self._records = numbered(self.prefix, rows, self.suffix)
        return self._records

    def record(self, index: np.ndarray, drop: np.ndarray | None = None) -> pa.DictionaryArray:
        """Records of the rows at ``index`` (positions into the unit; used rows), null
        where ``drop``."""
        codes = index.astype(np.int32) if self._code is None else self._code[index]
        return pa.DictionaryArray.from_arrays(
            pa.array(codes, mask=drop), self.records(), safe=False
        )

    def cells(self, index: np.ndarray, column: str) -> pa.Array:
        """Location strings of the cells of ``column`` in the rows at ``index``."""
        loc = self.location
        suffix = self.suffix + row_template(loc.path, loc.part, column)[1]
        suf = suffix.encode("utf-8")
        if self._nums is not None and len(index) < _SMALL:
            return _listed(self.prefix, self._nums[index], suffix)
        if not self.fast or not _room(len(index), len(self.pre) + len(suf)):
            return numbered(self.prefix, pc.take(self.rows, pa.array(index)), suffix)
        chars, widths = self._digit_rows()
        return _affixed(self.pre, chars[index], widths[index], suf)


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
        classes, kinds, detectors, values, starts, ends, confidences, explanations = zip(
            *spans, strict=True
        )  # one transpose, not a generator per column
        r["data_class"].extend(classes)
        r["kind"].extend(kinds)
        r["detector"].extend(detectors)
        r["value"].extend(values)
        r["path"].extend([location.path] * n)
        r["location"].extend(
            f"{head}{sep}start={base_offset + s}&end={base_offset + e}"
            for s, e in zip(starts, ends, strict=True)
        )
        r["confidence"].extend(confidences)
        r["explanation"].extend(explanations)
        r["record"].extend([record] * n)
        r["cell"].extend([None] * n)

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
