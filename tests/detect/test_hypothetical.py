"""The clause before a result, which decides whether a text gives the result or only
names it (``breachscope.detect.hypothetical``)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from breachscope.detect.hypothetical import clause_before, hypothetical


@given(st.text(alphabet="ab ,.:;(\n\r?!", max_size=200), st.integers(0, 200))
def test_the_clause_is_the_text_just_before(text: str, at: int) -> None:
    at = min(at, len(text))
    clause = clause_before(text, text.lower(), at)
    assert text.lower()[:at].endswith(clause)
    assert not any(c in clause for c in ",:;(\r")


def test_a_wrapped_line_continues_its_clause() -> None:
    text = "Bij een\nuitslag Pap 1"
    assert clause_before(text, text.lower(), text.index("Pap")) == "bij een\nuitslag "
    text = "Uitslag:\nPap 1"
    assert clause_before(text, text.lower(), text.index("Pap")) == ""


def _named(text: str, result: str, kind: str = "hpv") -> bool:
    start = text.index(result)
    return hypothetical(text, text.lower(), start, start + len(result), kind)


def test_conditions_ranges_and_general_statements() -> None:
    assert _named("Als de HPV-test positief is, hoeft u", "HPV-test positief")
    assert _named("Is de HPV-test positief, dan", "HPV-test positief")
    assert _named("Een uitslag Pap 2 of hoger", "Pap 2", "pap")
    assert _named("Een hrHPV-positieve uitslag betekent niet", "hrHPV-positieve")
    assert _named("kijkt naar afwijkende cellen", "afwijkende cellen", "cytology")
    assert not _named("Als gevolg van de uitslag: HPV-test positief", "HPV-test positief")
    assert not _named("werd als Pap 2 beoordeeld", "Pap 2", "pap")
    assert not _named("Er zijn afwijkende cellen gevonden", "afwijkende cellen", "cytology")
    assert not _named("Uw uitslag hrHPV positief betekent dat", "hrHPV positief")
