"""Location templates for whole columns, and a record's cell, round-trip through Location."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from breachscope.detect.rows import cell_suffix, row_template
from breachscope.location import Location

TEXT = st.text(min_size=1, max_size=20)


@given(TEXT, st.none() | TEXT, st.none() | TEXT, st.integers(0, 10**7))
def test_row_template(path: str, part: str | None, column: str | None, row: int) -> None:
    pre, suf = row_template(path, part, column)
    text = f"{pre}{row}{suf}"
    assert text == str(Location(path, part, row, column))
    assert Location.parse(text) == Location(path, part, row, column)


@given(TEXT, st.none() | TEXT, TEXT, st.integers(0, 10**7))
def test_a_record_and_its_cell_are_the_cell_location(
    path: str, part: str | None, column: str, row: int
) -> None:
    """Findings format 3 locates a whole cell by its record followed by its cell."""
    text = str(Location(path, part, row)) + cell_suffix(column)
    assert text == str(Location(path, part, row, column))
    assert Location.parse(text) == Location(path, part, row, column)
