"""Vectorised validators agree with python-stdnum."""

from __future__ import annotations

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.nl import bsn, postcode

from breachscope.detect.vectors import elfproef
from breachscope.detect.vectors import postcode as vector_postcode

DIGITS = st.text(alphabet="0123456789", min_size=7, max_size=10)

# No deadlines: a module's first example pays one-time costs (Arrow's first compute
# calls, imports) that can exceed hypothesis's 200 ms when the file runs alone.


@settings(deadline=None)
@given(st.lists(DIGITS, min_size=1, max_size=40))
def test_elfproef_matches_stdnum(values: list[str]) -> None:
    valid, padded = elfproef(pa.array(values), pad8=False)
    for v, ok, p in zip(values, valid.to_pylist(), padded.to_pylist(), strict=True):
        expected = len(v) == 9 and bsn.is_valid(v) and v != "000000000"
        assert ok is expected
        if ok:
            assert p == v


@settings(deadline=None)
@given(st.lists(st.text(alphabet="0123456789", min_size=8, max_size=8), min_size=1))
def test_elfproef_pads_dropped_zero(values: list[str]) -> None:
    valid, padded = elfproef(pa.array(values), pad8=True)
    for v, ok, p in zip(values, valid.to_pylist(), padded.to_pylist(), strict=True):
        assert ok is (bsn.is_valid("0" + v) and v != "00000000")
        if ok:
            assert p == "0" + v


@settings(deadline=None)
@given(st.lists(st.from_regex(r"[0-9]{4} ?[A-Za-z]{2}", fullmatch=True), min_size=1))
def test_postcode_matches_stdnum(values: list[str]) -> None:
    valid, value = vector_postcode(pa.array(values))
    for v, ok, norm in zip(values, valid.to_pylist(), value.to_pylist(), strict=True):
        assert ok is postcode.is_valid(v)
        if ok:
            assert norm == postcode.compact(v).replace(" ", "").upper()


def test_nulls_and_noise() -> None:
    valid, _ = elfproef(pa.array([None, "", "abc", "1 2 3"]), pad8=True)
    assert valid.to_pylist() == [False, False, False, False]


@settings(deadline=None)
@given(st.lists(st.text(alphabet="0123456789", min_size=9, max_size=9), min_size=1, max_size=40))
def test_detector_elfproef_matches_stdnum(values: list[str]) -> None:
    """The BSN detector's memoised check (stdnum's checksum alone) answers as
    ``bsn.is_valid`` on the nine-digit strings it is given."""
    from breachscope.detect.detectors.bsn import _elfproef

    for v in [*values, "111222333", "123456782"]:
        if v != "000000000":
            assert _elfproef(v) is bsn.is_valid(v)
