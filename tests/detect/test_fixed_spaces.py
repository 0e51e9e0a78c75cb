"""Spaces that keep words together (no-break, figure, thin, narrow no-break: what a word
processor puts in ``J. Jansen`` or ``1234 AB``, what ``&nbsp;`` becomes in an HTML
e-mail) read as plain spaces: the same findings, at the same places."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.detect.detectorset import DetectorSet

GOLDEN = Path(__file__).parent / "golden"
TEXTS = sorted(
    {
        case["text"]
        for path in GOLDEN.glob("*.json")
        for case in json.loads(path.read_text())["cases"]
    }
)
FIXED = "\u00a0\u2007\u2009\u202f"


def _hits(dset: DetectorSet, text: str) -> list[tuple[str, str, str, int, int]]:
    return [
        (h.detector.id, h.match.kind, h.match.value, h.match.start, h.match.end)
        for h in dset.text_hits(text)
    ]


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_fixed_spaces_read_as_spaces(dset: DetectorSet, data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(TEXTS))
    spaces = [i for i, c in enumerate(text) if c == " "]
    chosen = (
        data.draw(st.dictionaries(st.sampled_from(spaces), st.sampled_from(FIXED)))
        if spaces
        else {}
    )
    fixed = "".join(chosen.get(i, c) for i, c in enumerate(text))
    assert _hits(dset, fixed) == _hits(dset, text)


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
