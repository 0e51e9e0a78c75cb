"""Vectorised validators for long table columns (pyarrow.compute, no Python per cell).

Each returns ``(mask, normalised)``: which cells hold a valid value, and the value in
canonical form. They agree with the per-value validators (python-stdnum) they stand in
for; the tests check that on random input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from breachscope.detect.floats import whole_numbers

BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def holds_bytes(column: pa.ChunkedArray, needles: tuple[bytes, ...]) -> bool:
    """Whether one of ``needles`` stands anywhere in a string ``column``'s text (its data
    buffers searched as bytes: a table's columns mostly hold none, and one look at the
    bytes costs a tenth of a vectorised call); True for a column of another type."""
    if column.type != pa.string():
        return True
    for chunk in column.chunks:
        data = chunk.buffers()[2]
        if data is not None:
            raw = data.to_pybytes()
            if any(n in raw for n in needles):
                return True
    return False


def _digits_only(column: pa.Array, drop: str) -> pa.Array:
    text = pc.utf8_trim_whitespace(column.cast(pa.string()))
    return pc.replace_substring_regex(text, drop, "")


def elfproef(column: pa.Array, *, pad8: bool) -> tuple[pa.Array, pa.Array]:
    """BSN: digits (spaces, dots, dashes ignored); 8 digits left-padded when ``pad8``;
    weighted sum 9..2, -1 divisible by 11; never all zeros."""
    floats = whole_numbers(column.cast(pa.string()))  # (``506332433.0``: a float column)
    text = _digits_only(floats, r"[ .\-]")
    length = pc.utf8_length(text)
    ok_shape = pc.and_(
        pc.match_substring_regex(text, r"^[0-9]{8,9}$"),
        pc.equal(length, 9) if not pad8 else pc.greater_equal(length, 8),
    )
    ok_shape = pc.fill_null(ok_shape, False)
    padded = pc.utf8_lpad(pc.if_else(ok_shape, text, pa.scalar("000000000")), 9, "0")
    total = pa.repeat(pa.scalar(0, pa.int64()), len(padded))
    for pos, weight in enumerate(BSN_WEIGHTS):
        digit = pc.cast(pc.utf8_slice_codeunits(padded, pos, pos + 1), pa.int64())
        total = pc.add(total, pc.multiply(digit, weight))
    valid = pc.and_(ok_shape, pc.equal(pc.remainder(total, 11), 0))
    valid = pc.and_(valid, pc.not_equal(padded, "000000000"))
    return pc.fill_null(valid, False), padded


def postcode(column: pa.Array) -> tuple[pa.Array, pa.Array]:
    """Dutch postcode ``1234AB`` (space and case free); SA, SD, SS are never issued."""
    text = pc.utf8_upper(_digits_only(column, r"\s"))
    valid = pc.and_(
        pc.match_substring_regex(text, r"^[1-9][0-9]{3}[A-Z]{2}$"),
        pc.invert(pc.match_substring_regex(text, r"(SA|SD|SS)$")),
    )
    return pc.fill_null(valid, False), text


_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
_DMY = r"^[0-9]{2}-[0-9]{2}-[1-9][0-9]{3}$"
_ISO = r"^[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}$"


def common_dates(column: pa.Array) -> tuple[pa.Array, pa.Array]:
    """The two commonest date forms, ``dd-mm-yyyy`` and ``yyyy-mm-dd`` (nothing around
    them), read without Python: ``(covered, value)``. ``covered`` marks the cells in one
    of the forms; ``value`` is ``YYYY-MM-DD`` where such a cell is a real date in
    1880-2099 (as :func:`breachscope.detect.dates.parse_date` reads it), else null.
    Cells not covered are left to ``parse_date``."""
    text = column.cast(pa.string())
    dmy = pc.fill_null(pc.match_substring_regex(text, _DMY), False)
    iso = pc.fill_null(pc.match_substring_regex(text, _ISO), False)
    flipped = pc.binary_join_element_wise(
        pc.utf8_slice_codeunits(text, 6, 10),
        pc.utf8_slice_codeunits(text, 3, 5),
        pc.utf8_slice_codeunits(text, 0, 2),
        "-",
    )
    null = pa.scalar(None, pa.string())
    ymd = pc.if_else(dmy, flipped, pc.if_else(iso, text, null))

    def part(lo: int, hi: int) -> np.ndarray:
        digits = pc.fill_null(pc.utf8_slice_codeunits(ymd, lo, hi), "0")
        out: np.ndarray = pc.cast(digits, pa.int32()).to_numpy(zero_copy_only=False)
        return out

    y, m, d = part(0, 4), part(5, 7), part(8, 10)
    leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
    days = _MONTH_DAYS[np.clip(m, 0, 12)] + ((m == 2) & leap)
    real = (y >= 1880) & (y <= 2099) & (m >= 1) & (m <= 12) & (d >= 1) & (d <= days)
    value = pc.if_else(pa.array(real), ymd, null)
    return pc.or_(dmy, iso), value


# -- fixed-width fast paths ----------------------------------------------------------------
#
# The common cell shapes (9 digits, ``1234AB``, ``dd-mm-yyyy``) are read with numpy from the
# column's bytes as a ``(cells, width)`` matrix; cells of any other shape go through the
# Arrow versions above, so the results are those of the Arrow versions exactly.

Found = tuple[np.ndarray, pa.Array]
"""``(index, value)``: int64 positions of the valid cells (ascending) and their values."""


def _fixed(column: pa.Array, widths: tuple[int, ...]) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Per width: positions of the non-null cells exactly that many bytes long and their
    bytes as a ``(cells, width)`` uint8 matrix (a view when every cell has that width).
    Width 0 (asked for or not) holds the null and empty cells, which no validator takes."""
    if not pa.types.is_string(column.type) and not pa.types.is_large_string(column.type):
        column = column.cast(pa.string())
    n = len(column)
    _, off_buf, data_buf = column.buffers()
    if n == 0 or off_buf is None:
        return {}
    wide = np.int64 if pa.types.is_large_string(column.type) else np.int32
    offsets = np.frombuffer(off_buf, dtype=wide)[column.offset : column.offset + n + 1]
    data = np.frombuffer(data_buf if data_buf is not None else b"", dtype=np.uint8)
    lengths = np.diff(offsets)
    valid = column.is_valid().to_numpy(zero_copy_only=False) if column.null_count else None
    blank = lengths == 0 if valid is None else (lengths == 0) | ~valid
    out: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    if blank.any():
        out[0] = (np.flatnonzero(blank), np.zeros((int(blank.sum()), 0), dtype=np.uint8))
    for w in widths:
        hit = lengths == w
        if valid is not None:
            hit &= valid
        pos = np.flatnonzero(hit)
        if not len(pos):
            continue
        start = int(offsets[0])
        if len(pos) == n and int(offsets[-1]) - start == n * w:
            out[w] = (pos, data[start : start + n * w].reshape(n, w))
        else:
            windows = np.lib.stride_tricks.sliding_window_view(data, w)
            out[w] = (pos, windows[offsets[pos]])
    return out


def _strings(rows: np.ndarray) -> pa.Array:
    """A ``(n, w)`` uint8 matrix as ``n`` strings of ``w`` bytes."""
    n, w = rows.shape
    offsets = np.arange(n + 1, dtype=np.int32) * np.int32(w)
    return pa.StringArray.from_buffers(
        n, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(rows))
    )


def _digits(rows: np.ndarray) -> list[np.ndarray]:
    """Per column of ``rows``: the byte minus ``'0'`` (uint8, so anything but a digit is
    ``>= 10``)."""
    return [rows[:, k] - np.uint8(48) for k in range(rows.shape[1])]


def _all_digits(digits: list[np.ndarray], columns: Iterable[int]) -> np.ndarray:
    ok = np.ones(len(digits[0]), dtype=bool)
    for k in columns:
        ok &= digits[k] < 10
    return ok


def _number(digits: list[np.ndarray], columns: Iterable[int]) -> np.ndarray:
    """Decimal value of the digit columns (checked by the caller)."""
    out = np.zeros(len(digits[0]), dtype=np.int32)
    for k in columns:
        out = out * 10 + digits[k]
    return out


def merge_found(parts: list[Found]) -> Found:
    """Found values of disjoint cell sets, in cell order."""
    parts = [p for p in parts if len(p[0])]
    if not parts:
        return np.zeros(0, dtype=np.int64), pa.array([], pa.string())
    if len(parts) == 1:
        return parts[0]
    index = np.concatenate([p[0] for p in parts])
    value = pa.chunked_array([p[1] for p in parts], pa.string()).combine_chunks()
    order = np.argsort(index, kind="stable")
    return index[order], pc.take(value, pa.array(order))


def _rest(column: pa.Array, done: list[np.ndarray]) -> np.ndarray:
    """Positions of the cells not in ``done``."""
    mask = np.ones(len(column), dtype=bool)
    for d in done:
        mask[d] = False
    return np.flatnonzero(mask)


def _arrow_found(
    column: pa.Array, rest: np.ndarray, check: Callable[[pa.Array], tuple[pa.Array, pa.Array]]
) -> Found:
    """The Arrow validator ``check`` over the cells at ``rest``."""
    if not len(rest):
        return np.zeros(0, dtype=np.int64), pa.array([], pa.string())
    valid, value = check(pc.take(column, pa.array(rest)))
    hit = valid.to_numpy(zero_copy_only=False)
    return rest[hit], pc.filter(value, valid)


def bsn_found(column: pa.Array, *, pad8: bool) -> tuple[Found, np.ndarray]:
    """:func:`elfproef` as ``(found, rest)``: cells of 9 (or, with ``pad8``, 8) plain
    digits checked with numpy; ``rest`` holds the positions of the other cells, which the
    caller checks (:func:`elfproef` on them)."""
    parts: list[Found] = []
    done: list[np.ndarray] = []
    for w, (pos, rows) in _fixed(column, (9, 8) if pad8 else (9,)).items():
        if w == 0:
            done.append(pos)
            continue
        digits = _digits(rows)
        plain = _all_digits(digits, range(w))
        done.append(pos[plain])
        total = np.zeros(len(pos), dtype=np.int32)
        nonzero = np.zeros(len(pos), dtype=bool)
        for d, weight in zip(digits, BSN_WEIGHTS[9 - w :], strict=True):
            total += d.astype(np.int32) * weight
            nonzero |= d != 0
        keep = np.flatnonzero(plain & (total % 11 == 0) & nonzero)
        good = _take_rows(rows, keep)
        if w == 8:
            good = np.concatenate([np.full((len(good), 1), 48, dtype=np.uint8), good], axis=1)
        parts.append((pos[keep], _strings(good)))
    return merge_found(parts), _rest(column, done)


def elfproef_found(column: pa.Array, *, pad8: bool) -> Found:
    """The valid cells of :func:`elfproef` and their padded values."""
    found, rest = bsn_found(column, pad8=pad8)
    return merge_found([found, _arrow_found(column, rest, lambda c: elfproef(c, pad8=pad8))])


def postcode_found(column: pa.Array) -> Found:
    """The valid cells of :func:`postcode` and their values: ``1234AB`` and ``1234 AB``
    read with numpy, other shapes through :func:`postcode`."""
    parts: list[Found] = []
    done: list[np.ndarray] = []
    for w, (pos, rows) in _fixed(column, (6, 7)).items():
        if w == 0:
            done.append(pos)
            continue
        digits = _digits(rows)
        a, b = (4, 5) if w == 6 else (5, 6)  # the letters' columns
        upper = [rows[:, k] & np.uint8(0xDF) for k in (a, b)]  # ASCII letters upper-cased
        ok = (digits[0] >= 1) & _all_digits(digits, range(4))
        if w == 7:
            ok &= rows[:, 4] == 32
        for k, up in zip((a, b), upper, strict=True):
            ok &= (up >= 65) & (up <= 90) & (rows[:, k] >= 65)  # A-Z, a-z (not 0xC1..)
            ok &= rows[:, k] < 128
        ok &= ~((upper[0] == ord("S")) & np.isin(upper[1], np.frombuffer(b"ADS", np.uint8)))
        keep = np.flatnonzero(ok)
        done.append(pos[keep])
        good = np.stack([rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3], *upper], axis=1)
        parts.append((pos[keep], _strings(_take_rows(good, keep))))
    return merge_found([*parts, _arrow_found(column, _rest(column, done), postcode)])


def common_dates_found(column: pa.Array) -> tuple[np.ndarray, Found]:
    """The fixed-width date forms read with numpy: ``(covered, found)``, ``covered`` per
    cell (bool), ``found`` the real dates among them as ``YYYY-MM-DD``, exactly as
    :func:`breachscope.detect.dates.parse_date` reads them. Read here: ``dd-mm-yyyy``
    with ``-``, ``/``, ``.`` or a space (the same twice), ``yyyy-mm-dd`` with ``-``,
    ``/`` or ``.`` (years from 1000), and eight digits (``yyyymmdd`` where that is a
    date from a year 19xx or 20xx, else ``ddmmyyyy``); every other cell is left to
    ``parse_date``, a ten-character one that is no date day first too (``03/14/1962``
    may be American)."""
    covered = np.zeros(len(column), dtype=bool)
    fixed = _fixed(column, (8, 10))
    found: list[Found] = []
    if (ten := fixed.get(10)) is not None:
        found.append(_ten_wide(*ten, covered))
    if (eight := fixed.get(8)) is not None:
        found.append(_eight_digits(*eight, covered))
    return covered, merge_found(found)


def _ten_wide(pos: np.ndarray, rows: np.ndarray, covered: np.ndarray) -> Found:
    """``dd-mm-yyyy`` and ``yyyy-mm-dd`` (and their other separators) among cells of 10
    bytes; their positions are marked in ``covered``."""
    c = _digits(rows)
    dmy = (c[2] == c[5]) & (c[6] >= 1) & _DMY_SEP[rows[:, 2]] & _all_digits(c, _DMY_DIGITS)
    iso = (c[4] == c[7]) & (c[0] >= 1) & _ISO_SEP[rows[:, 4]] & _all_digits(c, _ISO_DIGITS)
    either = dmy | iso
    y = np.where(dmy, _number(c, (6, 7, 8, 9)), _number(c, (0, 1, 2, 3)))
    m = np.where(dmy, _number(c, (3, 4)), _number(c, (5, 6)))
    d = np.where(dmy, _number(c, (0, 1)), _number(c, (8, 9)))
    keep = np.flatnonzero(either & _real(y, m, d))
    covered[pos[keep]] = True  # the others go to parse_date (03/14/1962 is American)
    out, flip = _take_rows(rows, keep), dmy[keep]
    if flip.all():
        out = out[:, _DMY_TO_ISO]
    elif flip.any():
        out = np.where(flip[:, None], out[:, _DMY_TO_ISO], out)
    if not (np.all(out[:, 4] == _DASH) and np.all(out[:, 7] == _DASH)):
        out = np.array(out)  # a copy: the rows may be the column's own buffer
        out[:, 4] = out[:, 7] = _DASH
    return pos[keep], _strings(out)


def _eight_digits(pos: np.ndarray, rows: np.ndarray, covered: np.ndarray) -> Found:
    """Eight digits among cells of 8 bytes (marked in ``covered``): ``yyyymmdd`` where
    that is a real date from a year 19xx or 20xx, else ``ddmmyyyy``, as ``parse_date``
    chooses (a year below 100 pivoted as ``full_year`` does)."""
    c = _digits(rows)
    digits = _all_digits(c, range(8))
    covered[pos[digits]] = True
    y, m, d = _number(c, (0, 1, 2, 3)), _number(c, (4, 5)), _number(c, (6, 7))
    ymd = _real(y, m, d) & np.isin(_number(c, (0, 1)), (19, 20))
    y2 = _full_year(_number(c, (4, 5, 6, 7)))
    m2, d2 = _number(c, (2, 3)), _number(c, (0, 1))
    y, m, d = np.where(ymd, y, y2), np.where(ymd, m, m2), np.where(ymd, d, d2)
    keep = np.flatnonzero(digits & _real(y, m, d))
    return pos[keep], _strings(_iso_bytes(y[keep], m[keep], d[keep]))


_DASH = ord("-")
_DMY_SEP = np.zeros(256, dtype=bool)
_DMY_SEP[list(b"-/. ")] = True
_ISO_SEP = np.zeros(256, dtype=bool)
_ISO_SEP[list(b"-/.")] = True
_DMY_TO_ISO = [6, 7, 8, 9, 5, 3, 4, 2, 0, 1]
"""Byte order that turns ``dd-mm-yyyy`` into ``yyyy-mm-dd`` (separators still to set)."""
_DMY_DIGITS = (0, 1, 3, 4, 6, 7, 8, 9)
_ISO_DIGITS = (0, 1, 2, 3, 5, 6, 8, 9)


def _full_year(y: np.ndarray) -> np.ndarray:
    """``full_year``: years below 100 pivot at 30 (``00``-``29`` are 20xx)."""
    out: np.ndarray = np.where(y < 100, y + np.where(y < 30, 2000, 1900), y)
    return out


def _real(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """A real date of 1880-2099 (what ``make_date`` accepts)."""
    leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
    days = _MONTH_DAYS[np.clip(m, 0, 12)] + ((m == 2) & leap)
    ok: np.ndarray = (y >= 1880) & (y <= 2099) & (m >= 1) & (m <= 12) & (d >= 1) & (d <= days)
    return ok


def _iso_bytes(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """``YYYY-MM-DD`` as a ``(n, 10)`` uint8 matrix."""
    out = np.empty((len(y), 10), dtype=np.uint8)
    for k, (value, scale) in enumerate(((y, 1000), (y, 100), (y, 10), (y, 1))):
        out[:, k] = value // scale % 10 + 48
    out[:, 4] = out[:, 7] = ord("-")
    out[:, 5], out[:, 6] = m // 10 + 48, m % 10 + 48
    out[:, 8], out[:, 9] = d // 10 + 48, d % 10 + 48
    return out


def _take_rows(rows: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """``rows[keep]`` (no copy when every row is kept)."""
    return rows if len(keep) == len(rows) else np.take(rows, keep, axis=0)
