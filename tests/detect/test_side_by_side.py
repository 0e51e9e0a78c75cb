"""Two address blocks side by side (``breachscope.detect.sidebyside``): a letter's
addressee beside its sender's letterhead is read as two texts, each column with its own
neighbours."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import written_out
from breachscope.detect.sidebyside import side_by_side
from breachscope.extract.units import TextUnit
from breachscope.location import Location

LETTER = (
    "Mevrouw C. Brouwer                               Laboratorium Cytologie Westland B.V.\n"
    "Lindengracht 88                                  Treubstraat 17\n"
    "1015 KK  Amsterdam                               2288 EH  Rijswijk\n"
    "                                                 T 070 340 11 22\n"
    "                                                 KvK 27345678\n"
    "\n"
    "Rijswijk, 19 maart 2024\n"
    "\n"
    "Geachte mevrouw Brouwer,\n"
    "\n"
    "Uw uitstrijkje is onderzocht: Pap 1. Uw geboortedatum: 30-06-1989\n"
)


def _found(text: str) -> set[tuple[str, str]]:
    rows = written_out(detect_units([TextUnit(Location("brief.txt"), text)], Config()))
    return {(str(r["kind"]), str(r["value"])) for r in rows.to_pylist()}


def test_her_address_beside_the_labs_letterhead() -> None:
    """Her street is hers (the lab's ``B.V.`` on her line marked it the lab's), her town
    is a town (it ran into the lab's postcode); the lab's street, postcode and phone
    number are the lab's, no one's."""
    found = _found(LETTER)
    assert {
        ("full_name", "C. Brouwer"), ("street", "Lindengracht"), ("house_number", "88"),
        ("postcode", "1015KK"), ("city", "Amsterdam"), ("date_of_birth", "1989-06-30"),
    } <= found  # fmt: skip
    assert not {("street", "Treubstraat"), ("postcode", "2288EH"), ("phone", "+31703401122")} & (
        found
    )


def test_the_two_readings() -> None:
    """The text with the right column blanked, and the right column alone; offsets and
    lines as they were."""
    left, right = side_by_side(TextUnit(Location("brief.txt"), LETTER))
    assert len(left.text) == len(right.text) == len(LETTER)
    assert "Treubstraat" not in left.text and "Lindengracht 88" in left.text
    assert "Treubstraat 17" in right.text and "Lindengracht" not in right.text
    assert "Geachte" in left.text and "Geachte" not in right.text


@pytest.mark.parametrize(
    "text",
    [
        # a table's columns (more than two), a date block beside her address (no
        # postcode on the right), one line side by side, a narrow left column
        "Naam              Geboortedatum         BSN\n"
        "Jansen, P.        03-03-1978            123456782\n"
        "Bakker, K.        12-01-1965            111222333\n",
        "Mevr. A. Jansen                        Datum: 12 maart 2024\n"
        "Kerkstraat 1                           Kenmerk: 2024-001\n"
        "1234 AB  Utrecht\n",
        "Kerkstraat 1, 1234 AB Utrecht                 Treubstraat 17, 2288 EH Rijswijk\n",
        "A. Jansen        Lab Noord B.V.\n"
        "1234 AB Ede      2288 EH Rijswijk\n"
        "Kerkweg 1        Weg 2\n",
        # a form's labels beside their values, a two-cell table, a right column of two
        # lines, a column of single words, columns too far apart from line to line
        "Naam                                   Jansen, P.\n"
        "Geboortedatum                          03-03-1978\n"
        "Huisarts                               dr. Bos\n"
        "Uitslag                                Pap 1\n",
        "De uitslag van het onderzoek van mw. Bos   is verstuurd naar haar adres\n"
        "en de huisarts is ook ingelicht over alles  zodat die het weet en kan bellen\n",
        "Hoekstra woonde in Zwolle en later Deventer     Bos\n"
        "Jansen woonde in Utrecht en later Amersfoort    Smit\n"
        "Kok woonde in Arnhem en later in Nijmegen       Visser\n",
        "De uitslag van het onderzoek van mw. Bos   is verstuurd naar haar adres\n"
        "en de huisarts is ook ingelicht over alles                     zodat die het weet\n"
        "en kan bellen als er iets mis mocht zijn  met de uitslag of de brief\n",
    ],
)
def test_no_two_blocks(text: str) -> None:
    unit = TextUnit(Location("t.txt"), text)
    assert side_by_side(unit) == [unit]


@given(
    st.lists(
        st.tuples(st.text(alphabet="ab1 ", max_size=20), st.text(alphabet="cd2 ", max_size=20)),
        min_size=1,
        max_size=6,
    )
)
@example([("Kerkweg 1", "Weg 2"), ("1234 AB Ede", "2288 EH Rijswijk"), ("x", "y")])
@example(  # (two columns of prose)
    [("ab ab ab ab ab", "cd cd cd"), ("ab ab ab ab", "cd cd cd cd"), ("ab ab ab ab", "cd cd cd")]
)
def test_the_readings_share_out_the_characters(rows: list[tuple[str, str]]) -> None:
    """Each character but a space or a line break stands in exactly one reading, at its
    own offset."""
    text = "\n".join(f"{a:<30}{b}" if b.strip() else a for a, b in rows)
    readings = side_by_side(TextUnit(Location("t.txt"), text))
    for unit in readings:
        assert len(unit.text) == len(text)
        assert [i for i, c in enumerate(unit.text) if c == "\n"] == [
            i for i, c in enumerate(text) if c == "\n"
        ]
    for i, c in enumerate(text):
        if c not in " \n":
            assert sum(u.text[i] == c for u in readings) == 1


REPORT = (
    "                    Jaarverslag 2024, bijlage B: casussen\n"
    "\n"
    "Casus 4                                        nam zij contact op met de\n"
    "Mevrouw Ilse Hoekstra (geb. 02-11-1986) kreeg       huisarts (T.J. Brouwer), en\n"
    "een uitslag hrHPV positief met cytologie Pap      zij bleek zwanger (20 weken). De colpo-\n"
    "3a1. Na een herinnering per brief in juni      scopie volgde na de bevalling.\n"
    "en een tweede brief in augustus\n"
)


def test_a_page_in_two_columns_of_prose() -> None:
    """``pdftotext -layout`` sets a report's two columns side by side: each is read as a
    text of its own, so her pregnancy and her doctor in the right column are found."""
    found = _found(REPORT)
    assert {
        ("full_name", "Ilse Hoekstra"), ("date_of_birth", "1986-11-02"),
        ("provider_name", "T.J. Brouwer"), ("clinical", "zwanger (20 weken)"),
        ("pap", "Pap 3a1"),
    } <= found  # fmt: skip
    left, right = side_by_side(TextUnit(Location("r.txt"), REPORT))
    assert "huisarts" in right.text and "huisarts" not in left.text
    assert "Casus 4" in left.text and "Jaarverslag" in left.text and "Casus" not in right.text
