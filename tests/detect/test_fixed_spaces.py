"""Spaces that keep words together (no-break, figure, thin, narrow no-break: what a word
processor puts in ``J. Jansen`` or ``1234 AB``, what ``&nbsp;`` becomes in an HTML
e-mail) read as plain spaces, typeset dashes (non-breaking hyphen, en and em dash,
minus sign) as hyphens, and typeset apostrophes (Word's ``\u2019``) as plain ones: the
same findings, at the same places."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.detect.detectorset import DetectorSet
from breachscope.detect.names import normalise_name
from breachscope.detect.typeset import APOSTROPHES

GOLDEN = Path(__file__).parent / "golden"
TEXTS = sorted(
    {
        case["text"]
        for path in GOLDEN.glob("*.json")
        for case in json.loads(path.read_text())["cases"]
    }
)
FIXED = "\u00a0\u2007\u2009\u202f"
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"


def _hits(dset: DetectorSet, text: str) -> list[tuple[str, str, str, int, int]]:
    return [
        (h.detector.id, h.match.kind, h.match.value, h.match.start, h.match.end)
        for h in dset.text_hits(text)
    ]


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_fixed_spaces_read_as_spaces(dset: DetectorSet, data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(TEXTS))
    assert _hits(dset, _typeset(data, text, " ", FIXED)) == _hits(dset, text)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_typeset_dashes_read_as_hyphens(dset: DetectorSet, data: st.DataObject) -> None:
    text = data.draw(st.sampled_from([t for t in TEXTS if "-" in t]))
    assert _hits(dset, _typeset(data, text, "-", DASHES)) == _hits(dset, text)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_typeset_apostrophes_read_as_plain_ones(dset: DetectorSet, data: st.DataObject) -> None:
    text = data.draw(st.sampled_from([t for t in TEXTS if "'" in t]))
    assert _hits(dset, _typeset(data, text, "'", APOSTROPHES)) == _hits(dset, text)


def _typeset(data: st.DataObject, text: str, plain: str, forms: str) -> str:
    """``text`` with some of its ``plain`` characters written as one of ``forms``."""
    at = [i for i, c in enumerate(text) if c == plain]
    chosen = data.draw(st.dictionaries(st.sampled_from(at), st.sampled_from(forms))) if at else {}
    return "".join(chosen.get(i, c) for i, c in enumerate(text))


def test_a_letter_typeset_with_no_break_spaces(dset: DetectorSet) -> None:
    text = (
        "Patiënt:\u00a0J.\u00a0Jansen, Kerkstraat\u00a012, 1234\u00a0AB Utrecht, "
        "geb. 12\u00a0maart\u00a01975"
    )
    assert [(d, v) for d, _, v, _, _ in _hits(dset, text)] == [
        ("name", "J. Jansen"),
        ("address", "Kerkstraat"),
        ("address", "12"),
        ("address", "1234AB"),
        ("address", "Utrecht"),
        ("date_of_birth", "1975-03-12"),
    ]


def test_a_signature_typeset_with_dashes(dset: DetectorSet) -> None:
    text = "Mw. R. Bos, geb. 12\u201108\u20131975\nT 020 \u2013 123 45 67 | M 06\u201112345678"
    assert [(d, v) for d, _, v, _, _ in _hits(dset, text)] == [
        ("name", "R. Bos"),
        ("date_of_birth", "1975-08-12"),
        ("phone", "+31201234567"),
        ("phone", "+31612345678"),
    ]


def test_a_letter_typed_in_word(dset: DetectorSet) -> None:
    """Word turns each apostrophe into ``\u2019`` as it is typed: the names were lost."""
    text = (
        "Mevrouw E. van \u2019t Hof-\u015eahin\nKerkstraat 5\n\n"
        "mw. A. \u2019t Hart\nmw. K. O\u2019Brien"
    )
    assert [(d, v) for d, _, v, _, _ in _hits(dset, text)] == [
        ("name", "E. van 't Hof-\u015eahin"),
        ("address", "Kerkstraat"),
        ("address", "5"),
        ("name", "A. 't Hart"),
        ("name", "K. O'Brien"),
    ]


def test_a_cell_names_as_the_text_does() -> None:
    assert normalise_name("E. van \u2019t Hof") == "E. van 't Hof"
    assert normalise_name("K. O\u2019BRIEN") == "K. O'Brien"
    assert normalise_name("P. Jan\u00adsen") == "P. Jansen"
    assert normalise_name("J. d`Ancona") == "J. d'Ancona"
