"""TextView helpers: windows, segments, lines, labels."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from breachscope.detect.context import MAX_WINDOW, SEGMENT_SEP, TextView


@given(st.lists(st.integers(0, 50_000), max_size=400), st.integers(0, 80), st.integers(0, 80))
def test_windows_cover_every_hit(ends: list[int], before: int, after: int) -> None:
    ends = sorted(ends)
    wins = list(TextView.windows(ends, before, after))
    assert all(a <= b and b - a <= MAX_WINDOW for a, b in wins)
    assert all(wins[i][0] < wins[i + 1][0] for i in range(len(wins) - 1))
    # windows overlap only where a long run of hits was split at MAX_WINDOW
    for i in range(len(wins) - 1):
        if wins[i][1] >= wins[i + 1][0]:
            assert wins[i + 1][1] - wins[i][0] > MAX_WINDOW
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


def test_markers_read_line_ends_and_tabs_as_spaces() -> None:
    text = "Lab Noord BV\r\nKamer\tvan koophandel 1234\nT 020 123 4567"
    view = TextView(text)
    second = text.index("Kamer")
    third = text.index("T 020")
    assert view.line_has(second, (" bv ",), 1)  # the line above ends in " BV"
    assert not view.line_has(second, (" bv ",), 0)
    assert view.line_has(second, ("kamer van koophandel",), 0)  # a tab reads as a space
    assert not view.line_has(third, ("kamer van koophandel",), 0)
    assert view.line_has(third, ("kamer van koophandel",), 1)
    assert not view.line_has(third, (" bv ", "kvk"), 1)  # " BV" is two lines up
    assert view.line_has(third, (" bv ", "kvk"), 2)
