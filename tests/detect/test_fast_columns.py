"""Column fast paths agree with the per-value code they stand in for: location strings
built with numpy, constant columns, and the vectorised common date forms."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.detect.dates import parse_date
from breachscope.detect.rows import const_strings, numbered
from breachscope.detect.vectors import common_dates

ROWS = st.lists(st.integers(min_value=0, max_value=10**12), min_size=0, max_size=700)
AFFIX = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)


@settings(max_examples=60, deadline=None)
@given(ROWS, AFFIX, AFFIX, st.booleans())
def test_numbered_matches_format(rows: list[int], prefix: str, suffix: str, asc: bool) -> None:
    if asc:
        rows = sorted(rows)  # the fast path (ascending digit counts)
    got = numbered(prefix, pa.array(rows, pa.int64()), suffix).to_pylist()
    assert got == [f"{prefix}{r}{suffix}" for r in rows]


def test_numbered_long_ascending_and_nulls() -> None:
    rows = [*range(0, 5000, 7), 10**9 + 3]
    got = numbered("f.csv#row=", pa.array(rows, pa.int64()), "&col=naam").to_pylist()
    assert got == [f"f.csv#row={r}&col=naam" for r in rows]
    with_null = numbered("p", pa.array([1, None] * 300, pa.int64()), "s").to_pylist()
    assert with_null == ["p1s", None] * 300


@pytest.mark.parametrize(("value", "n"), [("", 3), ("é x", 1000), ("kolom 'naam'", 0)])
def test_const_strings(value: str, n: int) -> None:
    assert const_strings(value, n).to_pylist() == [value] * n


DAY = st.integers(min_value=0, max_value=39)
MONTH = st.integers(min_value=0, max_value=14)
YEAR = st.integers(min_value=0, max_value=9999)


@st.composite
def date_cells(draw: st.DrawFn) -> str | None:
    d, m, y = draw(DAY), draw(MONTH), draw(YEAR)
    return draw(
        st.sampled_from(
            [f"{d:02d}-{m:02d}-{y:04d}", f"{y:04d}-{m:02d}-{d:02d}", f"{d}-{m}-{y}", None]
        )
        | st.text(alphabet="0123456789-/. :", max_size=12)
    )


@settings(max_examples=80, deadline=None)
@given(st.lists(date_cells(), max_size=60))
def test_common_dates_match_parse_date(cells: list[str | None]) -> None:
    covered, value = common_dates(pa.array(cells, pa.string()))
    for cell, c, v in zip(cells, covered.to_pylist(), value.to_pylist(), strict=True):
        if c:
            assert cell is not None
            assert v == parse_date(cell)
        else:
            assert v is None


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("20-01-1969", "1969-01-20"),
        ("1969-01-20", "1969-01-20"),
        ("29-02-2000", "2000-02-29"),
        ("29-02-1900", None),
        ("30-02-1970", None),
        ("01-01-1879", None),
        ("01-01-2100", None),
    ],
)
def test_common_dates_cases(cell: str, expected: str | None) -> None:
    covered, value = common_dates(pa.array([cell]))
    assert covered.to_pylist() == [True]
    assert value.to_pylist() == [expected]
