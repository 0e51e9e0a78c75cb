"""Positional records (``breachscope.detect.fixedrecords``): a fixed-width export with no
separators and no header is cut into its fields by the shapes of its lines, and its
columns are read as a header-less table's."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import written_out
from breachscope.detect.fixedrecords import record_blocks
from breachscope.extract.units import TextUnit
from breachscope.location import Location

EXPORT = (
    "HDRSCREENIT  BVO-NL    20240312V2.1\n"
    "REC628194821VRIES-BAKKER        DE      M.J.  19780303V3511AB012 0612345678 POS16  3A2 \n"
    "REC507529170BERG                VAN DEN A.    19620715V7721AK004 0529431122 NEG        \n"
    "REC586628496ROOIJ               VAN     A.    19740822V7314CD015 0555211234 POS18  1   \n"
    "TRL000003\n"
)


def _cells(text: str) -> list[list[str]]:
    return [[text[a:b] for a, b in cells] for block in record_blocks(text) for _, cells in block]


def test_the_fields_of_a_positional_export() -> None:
    """Glued fields split where every line changes from digits to letters, padded ones
    where their values start; the words of one field stay together (``VAN DEN``), a
    filler between two numbers splits them, a postcode's digits and letters are one; the
    header and trailer records (other tags) are no rows."""
    assert _cells(EXPORT) == [
        ["REC", "628194821", "VRIES-BAKKER", "DE", "M.J.", "19780303", "V", "3511AB", "012",
         "0612345678", "POS", "16", "3A2"],
        ["REC", "507529170", "BERG", "VAN DEN", "A.", "19620715", "V", "7721AK", "004",
         "0529431122", "NEG", "", ""],
        ["REC", "586628496", "ROOIJ", "VAN", "A.", "19740822", "V", "7314CD", "015",
         "0555211234", "POS", "18", "1"],
    ]  # fmt: skip
    assert [index for block in record_blocks(EXPORT) for index, _ in block] == [1, 2, 3]


def test_a_positional_export_gives_its_people() -> None:
    """Its columns read as a header-less table's: BSN, name in its three parts, date of
    birth and postcode of each record."""
    rows = written_out(detect_units([TextUnit(Location("export.dat"), EXPORT)], Config()))
    found = {(str(r["data_class"]), str(r["kind"]), str(r["value"])) for r in rows.to_pylist()}
    for bsn, surname, prefix, dob, postcode in [
        ("628194821", "Vries-Bakker", "de", "1978-03-03", "3511AB"),
        ("507529170", "Berg", "van den", "1962-07-15", "7721AK"),
        ("586628496", "Rooij", "van", "1974-08-22", "7314CD"),
    ]:
        assert {
            ("bsn", "bsn", bsn), ("name", "surname", surname), ("name", "prefix", prefix),
            ("date_of_birth", "date_of_birth", dob), ("address", "postcode", postcode),
        } <= found  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        # one record line; lines of other tags; a shorter line; prose
        "REC628194821VRIES-BAKKER        DE      M.J.  19780303V3511AB012\n",
        "REC628194821VRIES-BAKKER        DE      M.J.  19780303V3511AB012\n"
        "ABC507529170BERG                VAN DEN A.    19620715V7721AK004\n",
        "REC628194821VRIES-BAKKER        DE      M.J.  19780303V3511AB012\nREC507529170\n",
        "De patiënt kwam op 12 maart.\nHet lab belde terug.\n",
    ],
)
def test_no_block(text: str) -> None:
    assert record_blocks(text) == []


@given(st.lists(st.text(alphabet="AB12 -.\r", max_size=40), min_size=2, max_size=6))
@example(["REC1 A", "REC1  B"])
def test_cells_lie_in_their_lines_in_order(bodies: list[str]) -> None:
    """Every cell is a stretch of its own line, without spaces around it, the cells in
    order (a location's offsets give back the cell's text)."""
    text = "\n".join("REC9" + b.ljust(30, "x") for b in bodies)
    lines = text.split("\n")
    starts = [sum(len(x) + 1 for x in lines[:i]) for i in range(len(lines))]
    for block in record_blocks(text):
        for index, cells in block:
            lo, hi = starts[index], starts[index] + len(lines[index])
            last = lo
            for a, b in cells:
                assert last <= a <= b <= hi
                assert text[a:b] == text[a:b].strip(" \t\r")
                last = b


def test_iban_lines_are_no_records() -> None:
    """Lines that open with an IBAN (two check digits after the country) are no records."""
    text = (
        "NL91ABNA0417164300 J. Jansen        huur januari   950,00\n"
        "NL20INGB0001234567 P. de Vries      huur januari   875,00\n"
    )
    assert record_blocks(text) == []
