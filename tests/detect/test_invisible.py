"""Invisible characters (soft hyphens, zero-width spaces, direction marks) are read as
if they were not there, and every span still points into the text as written."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.config import Config
from breachscope.detect.heldback import held_back
from breachscope.detect.invisible import INVISIBLE
from breachscope.detect.typeset import has_typeset
from breachscope.extract.units import TextUnit
from breachscope.location import Location

from .helpers import read_findings

LETTER = (
    "Betreft: mw. J.M. de Vries-Jansen, geb. 03-03-1978, BSN 123456782.\n"
    "Adres: Kerkstraat 12, 3581 AB Utrecht. Tel. 06-12345678, p.jansen@ziggo.nl.\n"
    "Uitslag: hrHPV positief, Pap 3a2. Huisarts: dr. A. Bakker (AGB 01012345)."
)


def _found(text: str) -> list[tuple[str, str, str]]:
    return [(c, v, raw) for c, v, raw, _ in read_findings(text)]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(LETTER)), st.sampled_from(INVISIBLE)), max_size=12))
def test_invisible_characters_change_nothing_but_offsets(inserts: list[tuple[int, str]]) -> None:
    text = LETTER
    for at, c in sorted(inserts, reverse=True):
        text = text[:at] + c + text[at:]
    clean = _found(LETTER)
    found = _found(text)
    assert [(dc, v) for dc, v, _ in found] == [(dc, v) for dc, v, _ in clean]
    drop = str.maketrans(dict.fromkeys(INVISIBLE))
    assert [raw.translate(drop) for _, _, raw in found] == [raw for _, _, raw in clean]


def test_values_split_by_invisible_characters() -> None:
    assert _found("BSN: 123\u200b456\u200b782") == [("bsn", "123456782", "123\u200b456\u200b782")]
    assert [v for _, v, _ in _found("B\u200bS\u200bN: 123456782")] == ["123456782"]
    assert [v for _, v, _ in _found("Patiënt: Jan\u00adsen, P.")] == ["P. Jansen"]


def test_held_back_values_point_into_the_text() -> None:
    text = "Huisarts: dr. A. Ba\u00adkker (AGB 01012345)"  # no patient here: held back
    held = held_back([TextUnit(Location("t.txt"), text)], Config(workers=1))
    assert [h.value for h in held] == ["A. Bakker", "01012345"]
    for h in held:
        s, e = h.location.start, h.location.end
        assert s is not None and e is not None
        assert text[s:e].translate(str.maketrans(dict.fromkeys(INVISIBLE))) == h.value


_LATIN1_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(max_codepoint=0xFF), st.sampled_from(["\u00ad", "\u00a0", "\u00b4", "`"])
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(_LATIN1_TEXT)
def test_the_latin1_checks_agree_with_the_full_ones(text: str) -> None:
    """A caller that knows its text is latin-1 (a plain text) may look for the few
    typeset characters latin-1 has: it finds what the full scan finds."""
    assert has_typeset(text, latin1=True) is has_typeset(text)
