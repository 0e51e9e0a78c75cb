"""TextView helpers: windows, segments, lines, labels."""

from __future__ import annotations

from hypothesis import given, settings
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


_CONTEXT = ["geb", "geboren", "datum", "afname", "afnamedatum", "bsn", "nr"]


def _labelled_by_context_hits(
    view: TextView, start: int, end: int, positive: tuple[str, ...], negative: tuple[str, ...],
    before: int, after: int,
) -> list[str]:  # fmt: skip
    """What ``labelled`` answers, from two ``context_hits`` calls (its definition)."""
    pos = view.context_hits(start, end, positive, before, after)
    if not pos:
        return []
    near = max(e if e <= start else -1 for _, _, e in pos)
    for _, a, b in view.context_hits(start, end, negative, before, 0):
        if not any(pa <= a and b <= pb for _, pa, pb in pos) and b > near:
            return []
    return [max(pos, key=lambda h: (h[2] if h[2] <= start else -h[1], h[2] - h[1]))[0]]


_PIECES = st.lists(
    st.sampled_from([*_CONTEXT, " ", " ", ": ", "12", "\n", SEGMENT_SEP]), max_size=8
)


@settings(max_examples=300)
@given(
    _PIECES,
    _PIECES,
    st.lists(st.sampled_from(_CONTEXT), min_size=1, max_size=3, unique=True),
    st.lists(st.sampled_from(_CONTEXT), max_size=3, unique=True),
    st.integers(0, 40),
    st.integers(0, 20),
    st.data(),
)
def test_labelled_reads_both_lists_in_one_window(
    left: list[str], right: list[str], positive: list[str], negative: list[str],
    before: int, after: int, data: st.DataObject,
) -> None:  # fmt: skip
    """A value (``1978``) with context pieces on either side, often a positive word right
    before it and a negative one right after: ``labelled`` reads both word lists in one
    window and answers what two ``context_hits`` calls give."""
    if data.draw(st.booleans()):
        left.append(data.draw(st.sampled_from(positive)) + data.draw(st.sampled_from([" ", ": "])))
    if negative and data.draw(st.booleans()):
        right.insert(0, data.draw(st.sampled_from(negative)))
    head = "".join(left)
    text = f"{head} 1978 {''.join(right)}"
    start, end = len(head) + 1, len(head) + 5
    got = TextView(text).labelled(start, end, tuple(positive), tuple(negative), before, after)
    ref = _labelled_by_context_hits(
        TextView(text), start, end, tuple(positive), tuple(negative), before, after
    )
    assert got == ref


def test_markers_are_word_starts() -> None:
    view = TextView("Rekening NL91 t.n.v. J. Jansen\nMedivance B.V.")
    assert not view.line_has(0, ("n.v.",), 0)
    assert view.line_has(len("Rekening NL91 t.n.v. J. Jansen\n") + 2, ("b.v.",), 0)
    # a person's initials are no company form, whatever letters they spell
    assert not TextView("mevr. N.V.M. van der Heuvel").line_has(0, ("n.v.",), 0)
    assert not TextView("mw. A.B.V. Jansen").line_has(0, ("b.v.",), 0)
    assert TextView("Lab Noord N.V., Utrecht").line_has(0, ("n.v.",), 0)
    assert not TextView("N.V. in 't Groen\nMauritsstraat 3").line_has(20, ("n.v.",), 1)
    assert not TextView("mevr. B.V. de Wit").line_has(0, ("b.v.",), 0)
    # ... nor after her family name and a comma (a lab's list of patients)
    text = "Mertens, B.V., geboren 13-2-1972\nAmbachtstraat 9"
    assert not TextView(text).line_has(text.index("Amb"), ("b.v.",), 1)
    assert not TextView("van der Berg, B.V.\nKerkstraat 1").line_has(20, ("b.v.",), 1)
    assert TextView("Cytolab B.V., Laboratoriumweg 14").line_has(20, ("b.v.",), 0)


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


def test_a_first_person_line_is_her_own() -> None:
    """An organisation's marker on the line above marks a value, unless the value's own
    line speaks in the first person (a web address she read, then her own number)."""
    text = "Ik las op https://www.bvo.nl dat het kan.\nMijn nummer is 06-12345678."
    pos = text.index("06-")
    markers = ("www.", "http")
    view = TextView(text)
    assert not view.line_has(pos, markers, 1)
    assert not view.lines_have(pos, pos + 11, markers, 1, 1)
    letterhead = "Lab Noord, www.labnoord.nl\nT 06-12345678"
    view = TextView(letterhead)
    at = letterhead.index("06-")
    assert view.line_has(at, markers, 1)
    assert view.lines_have(at, at + 11, markers, 1, 1)
    own = "Mijn nummer staat op www.mijnsite.nl: 06-12345678"
    view = TextView(own)
    assert view.line_has(own.index("06-"), markers, 1)  # (a marker on her own line)
