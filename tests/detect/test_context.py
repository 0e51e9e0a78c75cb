"""TextView helpers: windows, segments, lines, labels."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from breachscope.detect.context import SEGMENT_SEP, TextView


@given(st.lists(st.integers(0, 5000), max_size=50), st.integers(0, 80), st.integers(0, 80))
def test_windows_cover_every_hit(ends: list[int], before: int, after: int) -> None:
    ends = sorted(ends)
    wins = list(TextView.windows(ends, before, after))
    assert all(a < b or (a == b == 0) or a <= b for a, b in wins)
    assert all(wins[i][1] < wins[i + 1][0] for i in range(len(wins) - 1))
    for e in ends:
        assert any(a <= max(0, e - before) and e + after <= b for a, b in wins)


def test_segments_and_lines() -> None:
    view = TextView(f"ab{SEGMENT_SEP}cd\nef{SEGMENT_SEP}g")
    assert view.segment(0) == (0, 2)
    assert view.segment(4) == (3, 8)
    assert view.line_bounds(6, 1) == (3, 8)


def test_label_nearest_wins() -> None:
    view = TextView("Geboortedatum 03-03-1978   Afnamedatum 12-03-2024")
    words = ("geboortedatum",)
    negative = ("afnamedatum", "datum")
    assert view.labelled(14, 24, words, negative, 36) == ["geboortedatum"]
    assert view.labelled(40, 50, words, negative, 36) == []


def test_markers_are_word_starts() -> None:
    view = TextView("Rekening NL91 t.n.v. J. Jansen\nMedivance B.V.")
    assert not view.line_has(0, ("n.v.",), 0)
    assert view.line_has(len("Rekening NL91 t.n.v. J. Jansen\n") + 2, ("b.v.",), 0)
