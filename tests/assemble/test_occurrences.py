"""The index of a part's name occurrences finds what a scan of them in text order finds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from breachscope.assemble.text import _Occurrence, _Occurrences


@st.composite
def occurrences(draw: st.DrawFn) -> list[_Occurrence]:
    """Non-overlapping spans in text order, as ``_occurrences`` makes them."""
    out: list[_Occurrence] = []
    pos = 0
    for _ in range(draw(st.integers(0, 30))):
        start = pos + draw(st.integers(0, 40))
        end = start + draw(st.integers(1, 25))
        out.append(_Occurrence([], start, end))
        pos = end
    return out


@given(occurrences(), st.integers(-5, 1200))
def test_the_index_finds_what_a_scan_finds(occs: list[_Occurrence], pos: int) -> None:
    index = _Occurrences(occs)
    assert index.starting_by(pos) is next((o for o in reversed(occs) if o.start <= pos), None)
    assert index.starting_after(pos) is next((o for o in occs if o.start > pos), None)
    assert index.ended_by(pos) is next((o for o in reversed(occs) if o.end <= pos), None)
