"""Vectorised validators for long table columns (pyarrow.compute, no Python per cell).

Each returns ``(mask, normalised)``: which cells hold a valid value, and the value in
canonical form. They agree with the per-value validators (python-stdnum) they stand in
for; the tests check that on random input.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def _digits_only(column: pa.Array, drop: str) -> pa.Array:
    text = pc.utf8_trim_whitespace(column.cast(pa.string()))
    return pc.replace_substring_regex(text, drop, "")


def elfproef(column: pa.Array, *, pad8: bool) -> tuple[pa.Array, pa.Array]:
    """BSN: digits (spaces, dots, dashes ignored); 8 digits left-padded when ``pad8``;
    weighted sum 9..2, -1 divisible by 11; never all zeros."""
    text = _digits_only(column, r"[ .\-]")
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
