"""Tables whose cells only single spaces set apart (a list copied out of a PDF viewer into
an e-mail) are split by their header and read as tables; prose, forms and headers whose
rows do not split stay text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.config import Config
from breachscope.detect.engine import detect_units, detector_set
from breachscope.detect.finding import findings_from_arrow
from breachscope.detect.spacedtables import MAX_WORDS, SHAPE_WORDS, SHAPES, _split, spaced_blocks
from breachscope.extract.units import TextUnit
from breachscope.location import Location


def _rows(text: str) -> set[tuple[str, str, str]]:
    unit = TextUnit(Location("mail.eml", "body"), text, 0, 1)
    return {
        (f.data_class, f.value, str(f.location).removeprefix("mail.eml#part=body&"))
        for f in findings_from_arrow(detect_units([unit], Config(workers=1)))
        if "&row=" in str(f.location)
    }


POSITIVE = [
    (  # a name of words, then cells of a shape
        "Naam Geboortedatum BSN Postcode\n"
        "Jansen 03-03-1978 506332433 3722 GT\n"
        "de Vries, M. 12-11-1980 220269634 1011 AB\n",
        {
            ("name", "Jansen", "row=2&col=Naam"),
            ("name", "M. de Vries", "row=3&col=Naam"),
            ("date_of_birth", "1978-03-03", "row=2&col=Geboortedatum"),
            ("date_of_birth", "1980-11-12", "row=3&col=Geboortedatum"),
            ("bsn", "506332433", "row=2&col=BSN"),
            ("bsn", "220269634", "row=3&col=BSN"),
            ("address", "3722GT", "row=2&col=Postcode"),
            ("address", "1011AB", "row=3&col=Postcode"),
        },
    ),
    (  # fields of two words (one field each), a blank line between the rows, and two
        # fields of words side by side: one cell no header names, left to the text
        "Hierbij de lijst:\n"
        "Naam patiënt Geb. datum BSN Woonplaats Uitslag\n"
        "Jansen, P. 03-03-1978 506332433 Bilthoven hrHPV positief\n"
        "\n"
        "Bakker 12-11-1980 220269634 Den Haag hrHPV negatief\n"
        "Met vriendelijke groet,\n",
        {
            ("name", "P. Jansen", "row=3&col=Naam pati%C3%ABnt"),
            ("name", "Bakker", "row=5&col=Naam pati%C3%ABnt"),
            ("date_of_birth", "1978-03-03", "row=3&col=Geb. datum"),
            ("date_of_birth", "1980-11-12", "row=5&col=Geb. datum"),
            ("bsn", "506332433", "row=3&col=BSN"),
            ("bsn", "220269634", "row=5&col=BSN"),
        },
    ),
    (  # the rows' numbers under Nr.; a date with its month in words; a GP's title
        "Nr. Patiënt Geboren BSN Huisarts\n"
        "1 P. Jansen 03-03-1978 506332433 Dr. Bakker\n"
        "2 K. Yilmaz 3 maart 1980 220269634 huisarts De Wit\n",
        {
            ("name", "P. Jansen", "row=2&col=Pati%C3%ABnt"),
            ("name", "K. Yilmaz", "row=3&col=Pati%C3%ABnt"),
            ("date_of_birth", "1978-03-03", "row=2&col=Geboren"),
            ("date_of_birth", "1980-03-03", "row=3&col=Geboren"),
            ("bsn", "506332433", "row=2&col=BSN"),
            ("bsn", "220269634", "row=3&col=BSN"),
            ("provider", "Bakker", "row=2&col=Huisarts"),
            ("provider", "de Wit", "row=3&col=Huisarts"),
        },
    ),
    (  # a sex and an age, fields no detector claims, between a name and a date
        "Naam Geslacht Leeftijd Geboortedatum BSN\n"
        "P. Jansen V 47 03-03-1978 506332433\n"
        "M. de Vries vrouw 45 12-11-1980 220269634\n",
        {
            ("name", "P. Jansen", "row=2&col=Naam"),
            ("name", "M. de Vries", "row=3&col=Naam"),
            ("date_of_birth", "1978-03-03", "row=2&col=Geboortedatum"),
            ("date_of_birth", "1980-11-12", "row=3&col=Geboortedatum"),
            ("bsn", "506332433", "row=2&col=BSN"),
            ("bsn", "220269634", "row=3&col=BSN"),
        },
    ),
    (  # a surname, then its initials: a field of a shape ends the name
        "Achternaam Voorletters Geboortedatum\n"
        "van der Berg J.M. 01-02-1970\n"
        "Yilmaz A. 15-06-1985\n",
        {
            ("name", "van der Berg", "row=2&col=Achternaam"),
            ("name", "Yilmaz", "row=3&col=Achternaam"),
            ("name", "J.M.", "row=2&col=Voorletters"),
            ("name", "A.", "row=3&col=Voorletters"),
            ("date_of_birth", "1970-02-01", "row=2&col=Geboortedatum"),
            ("date_of_birth", "1985-06-15", "row=3&col=Geboortedatum"),
        },
    ),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_a_table_set_apart_by_single_spaces_is_read_by_its_header(
    text: str, expected: set[tuple[str, str, str]]
) -> None:
    assert _rows(text) == expected


def test_the_rows_unclaimed_cells_stay_text() -> None:
    """``Woonplaats Uitslag`` over ``Bilthoven hrHPV positief``: one cell no header names,
    so its result is read as free text, as before."""
    text = POSITIVE[1][0]
    unit = TextUnit(Location("mail.eml", "body"), text, 0, 1)
    found = {(f.data_class, f.value) for f in findings_from_arrow(detect_units([unit], Config()))}
    assert {("health", "hrHPV positief"), ("health", "hrHPV negatief")} <= found


NEGATIVE = [
    # prose, and a form's label and value
    "De patiënte is gezien op de poli\nen krijgt op 12-03-2024 een nieuwe afspraak.\n",
    "Naam Geboortedatum BSN\nZie het formulier van 12-03-2024 in de bijlage.\n",
    # every field a run of words: where one ends is anyone's guess
    "Naam Woonplaats Uitslag\nJansen Utrecht hrHPV 16 positief\n",
    # a header of two fields: a label and its value
    "Naam Geboortedatum\nJansen 03-03-1978\n",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_prose_forms_and_rows_that_do_not_split_stay_text(text: str) -> None:
    assert _rows(text) == set()


def test_a_row_that_does_not_split_ends_the_table() -> None:
    text = (
        "Naam Geboortedatum BSN\n"
        "Jansen 03-03-1978 506332433\n"
        "Zie ook de brief van 12-03-2024.\n"
        "Bakker 12-11-1980 220269634\n"
    )
    dset = detector_set(Config(workers=1))
    blocks = spaced_blocks(text, dset, set())
    assert [[line for line, _ in block] for block in blocks] == [[0, 1]]


def test_lines_another_table_took_are_left_alone() -> None:
    text = "Naam Geboortedatum BSN\nJansen 03-03-1978 506332433\n"
    dset = detector_set(Config(workers=1))
    assert spaced_blocks(text, dset, {1}) == []


class _Counted:
    """A cell shape that counts its calls."""

    def __init__(self, pattern: str) -> None:
        self.pattern = re.compile(pattern)
        self.calls = 0

    def fullmatch(self, text: str, pos: int, endpos: int) -> re.Match[str] | None:
        self.calls += 1
        return self.pattern.fullmatch(text, pos, endpos)


def test_a_hostile_row_costs_steps_bounded_by_its_words() -> None:
    """A row of many words that never splits, where every field without a shape may take
    any run of them and every shaped field matches many words: the split tries each
    (field, first word, last word) once, never every way to cut the row (a backtracking
    regex over it would)."""
    row = " ".join(["1234"] * MAX_WORDS)
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", row)]
    shapes: list[_Counted | None] = []
    for _ in range(5):
        shapes += [None, _Counted(SHAPES["house_number"])]
    shapes.append(_Counted(SHAPES["email"]))
    assert _split(row, words, shapes) is None  # type: ignore[arg-type]
    calls = sum(s.calls for s in shapes if s is not None)
    assert 0 < calls <= len(shapes) * len(words) * SHAPE_WORDS


_WORD = st.from_regex(r"[A-Z][a-z]{1,8}", fullmatch=True)
_NAME = st.lists(_WORD, min_size=1, max_size=3).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(
    names=st.lists(_NAME, min_size=1, max_size=4),
    days=st.lists(st.integers(1, 28), min_size=4, max_size=4),
)
def test_each_row_splits_into_the_cells_it_was_made_of(names: list[str], days: list[int]) -> None:
    """A row written as its cells joined by single spaces splits back into those cells
    (their spans in the text)."""
    rows = [(n, f"{d:02d}-03-1978", "506332433") for n, d in zip(names, days, strict=False)]
    text = "Naam Geboortedatum BSN\n" + "".join(" ".join(r) + "\n" for r in rows)
    dset = detector_set(Config(workers=1))
    (block,) = spaced_blocks(text, dset, set())
    cells = [[text[a:b] for a, b in spans] for _, spans in block[1:]]
    assert cells == [list(r) for r in rows]
