"""Column fast paths agree with the per-value code they stand in for: location and record
strings built with numpy, dictionary-encoded labels, and the vectorised common date forms."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from breachscope.config import Config
from breachscope.detect.base import share_at_least
from breachscope.detect.dates import american_only, parse_date
from breachscope.detect.engine import detector_set
from breachscope.detect.finding import LABEL
from breachscope.detect.rows import (
    RowStrings,
    as_label,
    chunk_labels,
    label,
    label_mask,
    numbered,
)
from breachscope.detect.vectors import common_dates
from breachscope.location import Location

ROWS = st.lists(st.integers(min_value=0, max_value=10**12), min_size=0, max_size=700)
AFFIX = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)


@settings(max_examples=60, deadline=None)
@given(ROWS, AFFIX, AFFIX, st.booleans())
def test_numbered_matches_format(rows: list[int], prefix: str, suffix: str, asc: bool) -> None:
    if asc:
        rows = sorted(rows)  # the fast path (ascending digit counts)
    got = numbered(prefix, pa.array(rows, pa.int64()), suffix).to_pylist()
    assert got == [f"{prefix}{r}{suffix}" for r in rows]


@pytest.mark.parametrize(
    ("prefix", "suffix"), [("", ""), ("x", ""), ("", "y"), ("#row=", "&col=é")]
)
def test_numbered_every_width_short_affixes(prefix: str, suffix: str) -> None:
    """Each row's digits go in as one 8-byte word (then the bytes that follow them in the
    template): rows shorter than a word, every digit count, the last row of the buffer."""
    rows = sorted([*range(600), *(10**k + j for k in range(3, 8) for j in (-1, 0, 1)), 10**8 - 1])
    for order in (rows, rows[::-1]):
        got = numbered(prefix, pa.array(order, pa.int64()), suffix)
        got.validate(full=True)
        assert got.to_pylist() == [f"{prefix}{r}{suffix}" for r in order]


def test_numbered_long_ascending_and_nulls() -> None:
    rows = [*range(0, 5000, 7), 10**9 + 3]
    got = numbered("f.csv#row=", pa.array(rows, pa.int64()), "&col=naam").to_pylist()
    assert got == [f"f.csv#row={r}&col=naam" for r in rows]
    with_null = numbered("p", pa.array([1, None] * 300, pa.int64()), "s").to_pylist()
    assert with_null == ["p1s", None] * 300


@pytest.mark.parametrize(("value", "n"), [("", 3), ("é x", 1000), ("kolom 'naam'", 0)])
def test_label(value: str, n: int) -> None:
    got = label(value, n)
    assert got.type == LABEL
    assert got.to_pylist() == [value] * n


def test_as_label_and_mask() -> None:
    plain = pa.array(["a", "b", None, "a"], pa.string())
    encoded = as_label(plain)
    assert encoded.type == LABEL
    assert encoded.to_pylist() == plain.to_pylist()
    assert as_label(plain.dictionary_encode()).to_pylist() == plain.to_pylist()
    assert label_mask(encoded, ("a",)).tolist() == [True, False, False, True]
    assert label_mask(label("x", 4), ("x",)).tolist() == [True] * 4
    assert label_mask(label("x", 4), ("y",)).tolist() == [False] * 4


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.tuples(st.sampled_from(["a", "b", "é"]), st.integers(0, 5)),
            st.lists(st.one_of(st.none(), st.sampled_from(["a", "c", ""])), max_size=6),
        ),
        max_size=6,
    )
)
def test_chunk_labels_read_as_the_parts_one_after_the_other(
    parts: list[tuple[str, int] | list[str | None]],
) -> None:
    labels: list[str | pa.DictionaryArray] = []
    sizes: list[int] = []
    expected: list[str | None] = []
    for part in parts:
        if isinstance(part, tuple):
            labels.append(part[0])
            sizes.append(part[1])
            expected += [part[0]] * part[1]
        else:
            labels.append(pa.array(part, pa.string()).dictionary_encode())
            sizes.append(len(part))
            expected += part
    got = chunk_labels(labels, [pa.array(np.zeros(n, dtype=np.int32)) for n in sizes])
    assert got.type == LABEL
    assert got.to_pylist() == expected


UNIT_ROWS = st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=600)
PARTS = st.one_of(st.none(), st.text(max_size=6))
COLUMN = st.text(max_size=8)


@settings(max_examples=60, deadline=None)
@given(UNIT_ROWS, PARTS, COLUMN, st.booleans(), st.data())
def test_row_strings_match_location(
    rows: list[int], part: str | None, column: str, asc: bool, data: st.DataObject
) -> None:
    if asc:
        rows = sorted(rows)
    names = RowStrings(Location("d/é f.csv", part), pa.array(rows, pa.int64()))
    picks = data.draw(st.lists(st.integers(0, len(rows) - 1), max_size=700))
    index = np.array(sorted(picks) if asc else picks, dtype=np.int64)
    cells = names.cells(index, column).to_pylist()
    assert cells == [str(Location("d/é f.csv", part, rows[i], column)) for i in index]
    drop = np.array([i % 3 == 0 for i in range(len(index))], dtype=bool)
    used = np.zeros(len(rows), dtype=bool)
    used[index] = True  # a dictionary of the rows with findings only
    compact = RowStrings(Location("d/é f.csv", part), pa.array(rows, pa.int64()), used)
    assert len(compact.records()) == int(used.sum())
    assert compact.record(index, drop).to_pylist() == names.record(index, drop).to_pylist()
    records = names.record(index, drop)
    assert records.type == LABEL
    assert records.to_pylist() == [
        None if d else str(Location("d/é f.csv", part, rows[i]))
        for i, d in zip(index, drop, strict=True)
    ]


@pytest.mark.parametrize("n", [1, 511, 512, 513, 3000, 9000])
def test_row_strings_either_side_of_the_python_limit(n: int) -> None:
    """Short inputs are formatted in Python, long ones written with numpy: the same."""
    rng = np.random.default_rng(n)
    rows = rng.integers(0, 10**8, size=n)
    names = RowStrings(Location("d/é f.csv", "p"), pa.array(rows, pa.int64()))
    for index in (np.arange(n), rng.integers(0, n, size=n + 7), rng.integers(0, n, size=50)):
        assert names.cells(index, "kol").to_pylist() == [
            str(Location("d/é f.csv", "p", int(rows[i]), "kol")) for i in index
        ]
    used = rng.random(n) < 0.5
    compact = RowStrings(Location("d/é f.csv", "p"), pa.array(rows, pa.int64()), used)
    assert compact.records().to_pylist() == [
        str(Location("d/é f.csv", "p", int(r))) for r in rows[used]
    ]
    assert numbered("x", pa.array(rows, pa.int64()), "y").to_pylist() == [f"x{r}y" for r in rows]


def test_row_strings_with_null_rows() -> None:
    names = RowStrings(Location("a.csv"), pa.array([3, None, 5] * 100, pa.int64()))
    index = np.arange(300, dtype=np.int64)
    assert names.cells(index, "c").to_pylist()[:3] == [
        "a.csv#row=3&col=c",
        None,
        "a.csv#row=5&col=c",
    ]


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


_ID_CELLS = st.one_of(
    st.sampled_from(
        [
            "123456782", "12345678", "123.456.782", "1234 56 782", "111222333", "000000000",
            "123456789", "023456780", "23456780", "9999999990", "12-345-6782",
            "123456782^^^NLMINBIZA^NNNLD", "x123456782", " 123456782",
            "01-02-1970", "1970-02-01", "1-2-1970", "01/02/1970", "31-02-1970",
            "1 februari 1970", "19700201", "329:19700201:102", "01-02-70", "",
        ]
    ),
    st.text(alphabet=st.sampled_from(list("0123456789 .-/^:abfe")), max_size=14),
)  # fmt: skip


@pytest.mark.parametrize("detector_id", ["bsn", "date_of_birth"])
@settings(max_examples=300, deadline=None)
@given(sample=st.lists(_ID_CELLS.map(str.strip).filter(bool), min_size=1, max_size=40))
def test_vectorised_sample_share_equals_validate(detector_id: str, sample: list[str]) -> None:
    """The header claim's vectorised sample check (BSN, date of birth) counts what
    :meth:`Detector.validate` (backed by the column) passes. A birth-date column reads
    more than its values one by one where they show a form of the whole column (bare
    five- and six-digit numbers in one compact form, days since 1970 some of them counted
    back, a date only month first): those
    samples are left to the tests of that reading (``test_tables.py``, ``test_normalisers.py``)."""
    if detector_id == "date_of_birth":
        assume(not any(len(v) in (5, 6) and v.isdigit() for v in sample))
        assume(not any(v.startswith("-") and v[1:].isdigit() and v != "-1" for v in sample))
        assume(not any("/" in v and american_only(v) for v in sample))
    det = next(d for d in detector_set(Config()).detectors if d.id == detector_id)
    for share in (0.5, 0.9):
        expected = share_at_least(sample, lambda v: det.validate(v, True) is not None, share)
        assert det.sample_share(sample, share) is expected
