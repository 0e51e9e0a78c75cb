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
from breachscope.detect.fixedrecords import _glued_cuts, record_blocks
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


@given(
    st.sampled_from(["REC9", "011657502111900849393"]),
    st.lists(st.text(alphabet="AB12 -.\r", max_size=40), min_size=2, max_size=6),
)
@example("REC9", ["REC1 A", "REC1  B"])
@example("011657502111900849393", ["AB 12", "A  1B"])
def test_cells_lie_in_their_lines_in_order(tag: str, bodies: list[str]) -> None:
    """Every cell is a stretch of its own line, without spaces around it, the cells in
    order (a location's offsets give back the cell's text); also where a mainframe's
    glued digits are cut."""
    text = "\n".join(tag + b.ljust(30, "x") for b in bodies)
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


def _record(*fields: tuple[str, int]) -> str:
    """A fixed-width record: each value padded to its width (right-aligned where the
    width is negative)."""
    return "".join(v.rjust(-w) if w < 0 else v.ljust(w) for v, w in fields)


def _mainframe(patient: str, bsn: str, surname: str, prefix: str, initials: str,
               dob: str, postcode: str, number: str, addition: str, phone: str,
               result: str, agb: str, gp: str) -> str:  # fmt: skip
    return _record(
        ("01", 2), (patient, 10), (bsn, 9), (surname, 25), (prefix, 7), (initials, 6),
        (dob, 8), ("V", 1), (postcode, 6), (" ", 1), (number, -3), (addition, 4), (" ", 1),
        (phone, 12), (result, 24), (agb, 8), (gp, 15),
    )  # fmt: skip


MAINFRAME = "\n".join(
    [
        _record(("00SCREENLAB PATEXP  20240115020014", 120)),
        _mainframe("4402918837", "725763863", "DIJKSTRA-OUDEJANS", "", "H.J.", "12041979",
                   "9711LM", "12", "", "0612003344", "HPV+ PAP2 K2O1E1", "01012345",
                   "MULDER K"),
        _mainframe("4402918838", "162275869", "BERG", "VAN DEN", "A.", "03111983", "3701AB",
                   "118", "", "0687654321", "HPV-", "01054321", "SMIT PJ"),
        _mainframe("4402918839", "192285142", "VISSER", "DE", "J.M.H.", "25061966", "2511CD",
                   "7", "BIS", "0644556677", "HPV+ PAP3A1 K3O1E1", "01012345", "MULDER K"),
        _mainframe("4402918840", "691682483", "EL AMRANI", "", "S.", "30091990", "1034EF",
                   "45", "A", "0655443322", "ONBEOORDEELBAAR", "01099887", "DE GROOT AM"),
        _record(("99000004", 120)),
        "",
    ]
)  # fmt: skip
"""A mainframe's export (rt8): record type ``01``, patient number and BSN glued, a
tussenvoegsel that fills its field glued to the initials (``VAN DENA.``), a house
number right-aligned after one filler space, a result code of letters and digits."""


def test_the_fields_of_a_mainframe_export() -> None:
    """The glued digits are cut around the BSN (the one stretch of nine that passes the
    elfproef in every line); the tussenvoegsel, which few lines fill, is a field of its
    own, and so are the initials it runs on into; the house number is cut from its
    postcode; the result code stays whole; the header and trailer are no rows."""
    assert _cells(MAINFRAME) == [
        ["014402918837", "725763863", "DIJKSTRA-OUDEJANS", "", "H.J.", "12041979", "V",
         "9711LM", "12", "", "0612003344", "HPV+ PAP2 K2O1E1", "01012345", "MULDER K"],
        ["014402918838", "162275869", "BERG", "VAN DEN", "A.", "03111983", "V", "3701AB",
         "118", "", "0687654321", "HPV-", "01054321", "SMIT PJ"],
        ["014402918839", "192285142", "VISSER", "DE", "J.M.H.", "25061966", "V", "2511CD",
         "7", "BIS", "0644556677", "HPV+ PAP3A1 K3O1E1", "01012345", "MULDER K"],
        ["014402918840", "691682483", "EL AMRANI", "", "S.", "30091990", "V", "1034EF",
         "45", "A", "0655443322", "ONBEOORDEELBAAR", "01099887", "DE GROOT AM"],
    ]  # fmt: skip


def test_a_mainframe_export_gives_its_people() -> None:
    rows = written_out(detect_units([TextUnit(Location("PATEXP.dat"), MAINFRAME)], Config()))
    found = {(str(r["data_class"]), str(r["kind"]), str(r["value"])) for r in rows.to_pylist()}
    for bsn, surname, initials, dob, postcode in [
        ("725763863", "Dijkstra-Oudejans", "H.J.", "1979-04-12", "9711LM"),
        ("162275869", "Berg", "A.", "1983-11-03", "3701AB"),
        ("192285142", "Visser", "J.M.H.", "1966-06-25", "2511CD"),
        ("691682483", "el Amrani", "S.", "1990-09-30", "1034EF"),
    ]:
        assert {
            ("bsn", "bsn", bsn), ("name", "surname", surname), ("name", "initials", initials),
            ("date_of_birth", "date_of_birth", dob), ("address", "postcode", postcode),
            ("phone", "phone", "+31" + {"725763863": "612003344", "162275869": "687654321",
                                        "192285142": "644556677", "691682483": "655443322"}[bsn]),
        } <= found  # fmt: skip
    assert ("name", "prefix", "van den") in found


@pytest.mark.parametrize(
    "text",
    [
        # lines that open with a phone number, a date or a BSN and no glued BSN: a call
        # list, a log, a list of numbers (no export)
        "0612345678 mevr. Jansen, terugbellen over uitslag\n"
        "0687654321 dhr. de Vries, vraagt nieuwe brief aan\n",
        "20240115020014 INFO export gestart door batchjob 17\n"
        "20240115020512 INFO export klaar, 120 records geschreven\n",
        "011657502111900849394JANSEN      M.E.  27071986\n"
        "011307073706324963593BERG        A.    02091984\n",
    ],
)
def test_numbered_lines_without_a_glued_bsn_are_no_block(text: str) -> None:
    assert record_blocks(text) == []


def test_a_code_of_letters_and_digits_is_one_field() -> None:
    """A code whose letters and digits take turns (``K2O1E1``) is not cut where its lines
    happen to change alike at one position."""
    text = (
        "REC628194821JANSEN      K2O1E1 X\n"
        "REC507529170BERG        K3O1E2 Y\n"
        "REC586628496ROOIJ       PAP3A1 Z\n"
    )
    assert [row[3] for row in _cells(text)] == ["K2O1E1", "K3O1E2", "PAP3A1"]


def test_glued_digits_are_cut_around_the_bsn_and_a_date() -> None:
    """Record type, BSN (the one stretch that passes the elfproef in every line), then a
    date of birth glued to a last digit: cut after the type, around the BSN and after
    the date."""
    cells = ["01123456782197803037", "01111222333196502159", "01010000008199012318"]
    assert _glued_cuts(cells) == [2, 11, 19]


def test_a_glued_bsn_beside_a_stretch_the_same_in_every_line() -> None:
    """A service record's BSN glued to the service's date, one day in every line: the
    stretch of the date and what follows passes the elfproef in every line too (it is
    one value), so the BSN is the stretch whose values differ."""
    same = "2024091203900"  # (a date and a code; "202409120" passes the elfproef)
    cells = [f"04{n:012d}{bsn}{same}" for n, bsn in enumerate(("123456782", "111222333"), 1)]
    assert _glued_cuts(cells) == [14, 23, 31]
