"""Short columns are read value by value (``SMALL_COLUMN``); longer ones by Arrow and
NumPy. Both must find the same: a short column's findings equal those of the same cells
repeated until the column is long enough for the vectorised path (a column's distinct
values, which its column-wide readings look at, stay the same)."""

from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.config import Config
from breachscope.detect.base import (
    SMALL_COLUMN,
    CellFindings,
    ColumnVerdict,
    Detector,
    cells_by_value,
    distinct_cells,
)
from breachscope.detect.engine import detector_set


def _repeats(n: int) -> int:
    """How many copies of ``n`` cells make a column longer than ``SMALL_COLUMN``."""
    return SMALL_COLUMN // max(1, n) + 1


def _rows(found: CellFindings) -> list[tuple[object, ...]]:
    kinds = [None] * len(found.index) if found.kind is None else found.kind.to_pylist()
    return list(zip(found.index.to_pylist(), found.value.to_pylist(), kinds, strict=True))


def _tiled(found: CellFindings, n: int, copies: int) -> list[tuple[object, ...]]:
    """The rows of ``found`` (in a column of ``n`` cells) as the repeated column has them."""
    rows = _rows(found)
    return [(i + k * n, v, kind) for k in range(copies) for i, v, kind in rows]


def _same(short: list[str | None], read: Callable[[pa.Array], CellFindings]) -> None:
    copies = _repeats(len(short))
    small = read(pa.array(short, pa.string()))
    large = read(pa.array(short * copies, pa.string()))
    assert small.index.type == large.index.type == pa.int64()
    assert small.value.type == large.value.type == pa.string()
    assert (small.kind is None) == (large.kind is None)
    assert _tiled(small, len(short), copies) == _rows(large)


def _detector(detector_id: str) -> Detector:
    return next(d for d in detector_set(Config()).detectors if d.id == detector_id)


_TEXT = st.one_of(st.none(), st.text(alphabet=" abcXY1-", max_size=6))


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXT, min_size=0, max_size=SMALL_COLUMN))
def test_distinct_cells_by_value_equals_arrow(cells: list[str | None]) -> None:
    def read(u: str) -> str | None:
        return u.upper() if len(u) % 2 else None

    def kind_of(v: str) -> str:
        return "x" if "X" in v else "other"

    _same(cells, lambda c: distinct_cells(c, read))
    _same(cells, lambda c: distinct_cells(c, read, kind_of))
    assert _rows(cells_by_value(cells, read, kind_of)) == _rows(
        distinct_cells(pa.array(cells, pa.string()), read, kind_of)
    )


_IDS = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "123456782", "12345678", "123.456.782", "1234 56 782", "111222333", "000000000",
            "123456789", "023456780", "23456780", " 123456782 ", "12-345-6782",
            "123456782^^^NLMINBIZA^NNNLD", "999999990^^^OTHER^PI~123456782^^^NLMINBIZA^NNNLD",
            "x123456782", "",
        ]
    ),
    st.text(alphabet=st.sampled_from(list("0123456789 .-^")), max_size=12),
)  # fmt: skip


_DATES = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "03-03-1978", "3-3-1978", "1978-03-03", "03/03/1978", "03/14/1962", "14/03/1962",
            "03.03.1978", "03 03 1978", "19780303", "03031978", "030378", "28187",
            "3 maart 1978", "329:19780303:102", "31-02-1970", "01-01-1879", " 03-03-1978 ",
            "1978/03/03", "",
        ]
    ),
    st.text(alphabet="0123456789-/. ", max_size=11),
)  # fmt: skip


_PROVIDERS = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "Dr. T. Willems (AGB 01265372)", "Dr. B.M.T. Heijnen (AGB-code: 01677871) ",
            "K. de Vries (01012345)", "huisarts Jansen (0101234)", "J. Bakker (AGB 01265372) x",
            "(01265372)", "Praktijk De Linde (agb 01265372)", "Dr. P. Smit ((01265372))",
            "Dr. P. Smit (AGB 012653721)", "Huisartsenpraktijk Zuid", "",
        ]
    ),
    st.text(alphabet="Dr. (AGB0123456789)", max_size=16),
)  # fmt: skip


_CELLS = {"bsn": _IDS, "date_of_birth": _DATES, "provider": _PROVIDERS}
"""Cells for the detectors whose long columns take Arrow and NumPy paths; the others get
any text (their long columns go through :meth:`Detector.validate_column`, with the Arrow
fast paths of names and phone numbers)."""
_ANY = st.one_of(st.none(), st.text(max_size=20))


@pytest.mark.parametrize(
    "detector_id",
    ["bsn", "date_of_birth", "provider", "name", "health", "email", "phone", "iban"],
)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_cells_short_and_long(detector_id: str, data: st.DataObject) -> None:
    """A short column's cells by :meth:`Detector.validate` (or the detector's own reading
    value by value), a long one's by its column path. Compact numbers and month-first
    dates included: the column-wide readings of birth dates look at the distinct values,
    which repeating the cells keeps."""
    cells = data.draw(st.lists(_CELLS.get(detector_id, _ANY), min_size=1, max_size=SMALL_COLUMN))
    det = _detector(detector_id)
    kind = "provider_name" if detector_id == "provider" else det.kind
    verdict = ColumnVerdict(2.0, kind, 0.9, "test")
    _same(cells, lambda c: det.cells(c, verdict))


def test_short_means_at_most_small_column() -> None:
    """The repeated column of the tests above is long enough to take the other path."""
    assert _repeats(1) * 1 > SMALL_COLUMN
    assert _repeats(SMALL_COLUMN) * SMALL_COLUMN > SMALL_COLUMN
