"""The numpy fast paths for common cell shapes give exactly what the Arrow validators give
(:func:`elfproef`, :func:`postcode`, :func:`common_dates`), on the shapes they read and on
everything else (which they hand to the Arrow versions)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.detect.dates import parse_date
from breachscope.detect.vectors import (
    common_dates,
    common_dates_found,
    elfproef,
    elfproef_found,
    postcode,
    postcode_found,
)

NINE = st.text(alphabet="0123456789", min_size=8, max_size=9)
NOISE = st.text(alphabet="0123456789 .-^aé\t", max_size=12)
BSN_CELLS = st.lists(st.one_of(NINE, NOISE, st.none()), max_size=80)
PC_CELLS = st.lists(
    st.one_of(
        st.from_regex(r"[0-9]{4} ?[A-Za-z]{2}", fullmatch=True),
        st.text(alphabet="0123456789 ASDZasdzıé\t", max_size=8),
        st.none(),
    ),
    max_size=80,
)
_DAY = st.integers(0, 32).map("{:02d}".format)
_MONTH = st.integers(0, 13).map("{:02d}".format)
_YEAR = st.sampled_from([0, 99, 1879, 1880, 1900, 1969, 2000, 2024, 2099, 2100, 1996]).map(
    "{:04d}".format
) | st.integers(0, 9999).map("{:04d}".format)
_SEP = st.sampled_from(["-", "/", ".", " ", "x", "0"])
DATE_CELLS = st.lists(
    st.one_of(
        st.from_regex(r"[0-9]{2}-[0-9]{2}-[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
        st.builds(lambda d, s1, m, s2, y: f"{d}{s1}{m}{s2}{y}", _DAY, _SEP, _MONTH, _SEP, _YEAR),
        st.builds(lambda y, s1, m, s2, d: f"{y}{s1}{m}{s2}{d}", _YEAR, _SEP, _MONTH, _SEP, _DAY),
        st.builds(lambda a, b, c: a + b + c, _YEAR, _MONTH, _DAY),
        st.builds(lambda a, b, c: a + b + c, _DAY, _MONTH, _YEAR),
        st.from_regex(r"[0-9]{8}|[0-9]{2}[0-9]{2}00[0-9]{2}", fullmatch=True),
        st.text(alphabet="0123456789-/ .x", max_size=11),
        st.none(),
    ),
    max_size=80,
)


def _reference(valid: pa.Array, value: pa.Array) -> tuple[list[int], list[str]]:
    index = pc.indices_nonzero(valid).to_pylist()
    return index, pc.take(value, pa.array(index, pa.int64())).to_pylist()


def _as_lists(found: tuple[np.ndarray, pa.Array]) -> tuple[list[int], list[str]]:
    return found[0].tolist(), found[1].to_pylist()


@settings(max_examples=150, deadline=None)
@given(BSN_CELLS, st.booleans(), st.integers(min_value=0, max_value=3))
def test_bsn_fast_path_equals_elfproef(cells: list[str | None], pad8: bool, cut: int) -> None:
    column = pa.array(cells, pa.string()).slice(min(cut, len(cells)))  # sliced arrays too
    expected = _reference(*elfproef(column, pad8=pad8))
    assert _as_lists(elfproef_found(column, pad8=pad8)) == expected


@settings(max_examples=150, deadline=None)
@given(PC_CELLS)
def test_postcode_fast_path_equals_arrow(cells: list[str | None]) -> None:
    column = pa.array(cells, pa.string())
    assert _as_lists(postcode_found(column)) == _reference(*postcode(column))


@settings(max_examples=150, deadline=None)
@given(DATE_CELLS)
def test_dates_fast_path_reads_as_parse_date(cells: list[str | None]) -> None:
    """Every cell the numpy path covers is a date it reads as ``parse_date`` does (the
    others are left to ``parse_date``), and it reads at least the dates the Arrow version
    reads."""
    column = pa.array(cells, pa.string())
    fast_covered, found = common_dates_found(column)
    index, values = _as_lists(found)
    read = dict(zip(index, values, strict=True))
    assert set(read) <= {i for i in range(len(cells)) if fast_covered[i]}
    for i, c in enumerate(cells):
        if fast_covered[i]:
            assert read.get(i) == parse_date(c)
    covered, value = common_dates(column)
    arrow_read = np.asarray(pc.and_(covered, pc.is_valid(value)).to_pylist(), dtype=bool)
    assert not (arrow_read & ~fast_covered).any()


@pytest.mark.parametrize(
    ("cells", "index", "values"),
    [
        (["111222333", "", None, "11122201"], [0, 3], ["111222333", "011122201"]),
        (["111.222.333", "123456789"], [0], ["111222333"]),  # formatted: Arrow path
        (["000000000", "00000000"], [], []),
    ],
)
def test_bsn_found_cases(cells: list[str | None], index: list[int], values: list[str]) -> None:
    assert _as_lists(elfproef_found(pa.array(cells, pa.string()), pad8=True)) == (index, values)


def test_postcode_found_cases() -> None:
    cells = ["1234ab", "1234 AB", "1234SA", "0123AB", " 1234 ab ", "1234  AB", None, ""]
    assert _as_lists(postcode_found(pa.array(cells))) == (
        [0, 1, 4, 5],
        ["1234AB", "1234AB", "1234AB", "1234AB"],
    )


def test_large_string_columns() -> None:
    column = pa.array(["111222333", "20-01-1969", "1234AB"], pa.large_string())
    assert _as_lists(elfproef_found(column, pad8=False)) == ([0], ["111222333"])
    assert _as_lists(common_dates_found(column)[1]) == ([1], ["1969-01-20"])
    assert _as_lists(postcode_found(column)) == ([2], ["1234AB"])
