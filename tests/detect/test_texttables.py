"""Tables inside free text (a Word table, cells pasted from a spreadsheet into an e-mail)
are read as tables: their columns classified, their rows named by line, the block blanked
in the text so that it is read once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from breachscope.case import Case
from breachscope.config import Config
from breachscope.detect.detectorset import DetectorSet
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.detect.texttables import (
    _box_rows,
    _gapped_lines,
    _ruled_blocks,
    _separated_blocks,
    text_tables,
)
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.location import Location
from breachscope.pipeline import run_pipeline

LETTER = (
    "Geachte collega, hierbij de uitslagen van mevr. A. Bakker.\n"
    "Naam\tGeboortedatum\tBSN\tUitslag\n"
    "P.J. Jansen\t03-03-1978\t123456782\thrHPV negatief\n"
    "M. de Vries\t12-12-1965\t111222333\thrHPV positief, Pap 2\n"
    "Met collegiale groet,\n"
)


def _found(text: str, first_line: int = 1) -> list[tuple[str, str, str]]:
    unit = TextUnit(Location("brief.docx", "body"), text, 0, first_line)
    return [
        (f.data_class, f.value, str(f.location))
        for f in findings_from_arrow(detect_units([unit], Config(workers=1)))
    ]


def test_a_results_table_in_a_letter_is_read_as_a_table() -> None:
    found = _found(LETTER)
    rows = {(c, v, loc) for c, v, loc in found if "&row=" in loc}
    assert rows == {
        ("name", "P.J. Jansen", "brief.docx#part=body&row=3&col=Naam"),
        ("name", "M. de Vries", "brief.docx#part=body&row=4&col=Naam"),
        ("date_of_birth", "1978-03-03", "brief.docx#part=body&row=3&col=Geboortedatum"),
        ("date_of_birth", "1965-12-12", "brief.docx#part=body&row=4&col=Geboortedatum"),
        ("bsn", "123456782", "brief.docx#part=body&row=3&col=BSN"),
        ("bsn", "111222333", "brief.docx#part=body&row=4&col=BSN"),
        ("health", "hrHPV negatief", "brief.docx#part=body&row=3&col=Uitslag"),
        ("health", "hrHPV positief, Pap 2", "brief.docx#part=body&row=4&col=Uitslag"),
    }
    start = LETTER.index("A. Bakker")  # the prose around the table is still free text
    text = [(c, v, loc) for c, v, loc in found if "&row=" not in loc]
    assert text == [("name", "A. Bakker", f"brief.docx#part=body&start={start}&end={start + 9}")]


def test_rows_are_named_by_their_line_in_the_part() -> None:
    found = _found(LETTER, first_line=41)  # a slice of a long part: its first line is 41
    assert ("bsn", "123456782", "brief.docx#part=body&row=43&col=BSN") in found


def test_html_rows_with_blank_lines_between_them_are_one_table() -> None:
    text = "Uitslagen\n\n\tNaam\tBSN\n\n\tP.J. Jansen\t123456782\n\n\tM. de Vries\t111222333"
    found = _found(text)
    assert ("bsn", "123456782", "brief.docx#part=body&row=5&col=BSN") in found
    assert ("bsn", "111222333", "brief.docx#part=body&row=7&col=BSN") in found


@pytest.mark.parametrize(
    "text",
    [
        # a CSV export pasted into an e-mail
        "Zie hieronder:\nnaam;geboortedatum;bsn\nP.J. Jansen;03-03-1978;123456782\n",
        # a Markdown table
        "| Naam | Geboortedatum | BSN |\n|---|---|---|\n| P.J. Jansen | 03-03-1978 | 123456782 |\n",
        # an ASCII table with rules between its rows
        "+------+\n| Naam        | Geboortedatum | BSN       |\n+------+\n"
        "| P.J. Jansen | 03-03-1978    | 123456782 |\n+------+\n",
    ],
)
def test_tables_with_separators_in_text(text: str) -> None:
    found = {(c, v) for c, v, loc in _found(text) if "&row=" in loc}
    assert found == {
        ("name", "P.J. Jansen"),
        ("date_of_birth", "1978-03-03"),
        ("bsn", "123456782"),
    }


def test_an_ini_files_sample_records_under_its_fields() -> None:
    """A mapping's field names (``fields=id|achternaam|...``) head the sample records
    below its comment: their BSNs and birth dates are read by the header (two records
    are too few to read them by their values)."""
    text = (
        "[mapping]\ndelimiter=|\nfields=id|achternaam|voornaam|bsn|geboortedatum|huisarts\n"
        "; voorbeeldrecords voor mappingtest\n"
        "sample1=1042|Hermans|Ellen|123456782|1979-05-25|van Rooij\n"
        "sample2=1043|Boender|Rosalie|111222333|1986-10-03|Ouwehand\n"
    )
    found = {(c, v) for c, v, loc in _found(text) if "&row=" in loc}
    assert {("bsn", "123456782"), ("bsn", "111222333"), ("date_of_birth", "1979-05-25"),
            ("date_of_birth", "1986-10-03"), ("provider", "van Rooij"),
            ("name", "Hermans")} <= found  # fmt: skip
    assert ("name", "van Rooij") not in found


def test_a_line_is_read_at_its_first_separator_that_makes_a_table() -> None:
    text = "Naam\tBSN\tOpmerking\nP.J. Jansen\t123456782\tbelt; later; terug\n"
    rest, (table,) = text_tables(TextUnit(Location("m.eml"), text), _all)
    assert table.columns == ("Naam", "BSN", "Opmerking")
    assert len(rest.text) == len(text)


def test_a_headless_block_is_classified_by_its_values() -> None:
    bsns = ["123456782", "111222333", "230309215", "252860536", "995993300"]
    text = "Lijst:\n" + "".join(f"Naam{i}\t{b}\t1234 AB\n" for i, b in enumerate(bsns))
    found = _found(text)
    assert [(c, v) for c, v, _ in found if c == "bsn"] == [("bsn", b) for b in bsns]
    assert ("bsn", bsns[0], "brief.docx#part=body&row=2&col=column2") in found


def test_a_form_laid_out_as_a_table_keeps_its_labels() -> None:
    """No column of a label-value form is claimed: its cells stay text, each value read
    with the label in the cell before it."""
    text = (
        "Naam\tJansen\tVoorletters\tP.J.\n"
        "Geboortedatum\t03-03-1978\tBSN\t123456782\n"
        "Postcode\t1234 AB\tWoonplaats\tUtrecht\n"
    )
    found = _found(text)
    assert {(c, v) for c, v, _ in found} >= {
        ("date_of_birth", "1978-03-03"),
        ("bsn", "123456782"),
        ("address", "1234AB"),
    }
    assert not [loc for _, _, loc in found if "&row=" in loc]


def test_unclaimed_columns_stay_text_beside_the_claimed_ones() -> None:
    text = "Naam\tBSN\tOpmerking\nP.J. Jansen\t123456782\tbelt terug op 06-12345678\n"
    found = _found(text)
    start = text.index("06-12345678")
    phone = f"brief.docx#part=body&start={start}&end={start + 11}"
    assert ("phone", "+31612345678", phone) in found
    assert ("bsn", "123456782", "brief.docx#part=body&row=2&col=BSN") in found


@pytest.mark.parametrize(
    ("text", "tables"),
    [
        ("Naam\tJansen\nBSN\t123456782\n", 0),  # label and value: free text reads them
        ("Naam\tGeboortedatum\tBSN\n", 0),  # a header alone
        ("Jansen\t03-03-1978\t123456782\n", 0),  # one row without a header
        ("a\tb\tc\nd\te\n", 0),  # lines of unequal width are no block
        ("Naam\tBSN\tPostcode\r\nJansen\t123456782\t1234 AB\r\n", 1),  # CRLF lines
        ("x\ny\nNaam\tBSN\tPostcode\nJansen\t123456782\t1234 AB\nz\nA\tB\tC\nD\tE\tF\n", 2),
        ("Uitslagen 2024\t\t\nNaam\tBSN\tPostcode\nJansen\t123456782\t1234 AB\n", 1),  # title
        ("geen tabs hier, alleen tekst\n", 0),
        ("\tNaam\tBSN\tPostcode\n\n\tJansen\t123456782\t1234 AB\n", 1),  # HTML: blank lines
        ("Naam\tBSN\tPostcode\ntekst\nJansen\t123456782\t1234 AB\n", 0),  # text between
        # an INI file's comment between its fields and its sample records
        ("fields=naam|bsn|postcode\n; voorbeeld\nsample1=Jansen|123456782|1234 AB\n", 1),
        ("Naam|BSN|Postcode\n# kopje\nJansen|123456782|1234 AB\n", 0),  # no INI comment
        # labels padded to a colon in a column of its own: a list of values, no table
        (
            "  01.01.20  Burgerservicenummer   : 537934108\n"
            "  01.02.40  Geslachtsnaam         : Brouwer\n"
            "  01.03.10  Geboortedatum         : 19831227\n",
            0,
        ),
        (
            "Naam      BSN        Postcode\nJansen    123456782  1234 AB\n"
            "Bakker    : 11122   2345 BC\n",
            1,
        ),
    ],
)
def test_what_makes_a_table_block(text: str, tables: int) -> None:
    unit = TextUnit(Location("m.eml", "body"), text)
    rest, found = text_tables(unit, _all)
    assert len(found) == tables
    if not tables:
        assert rest is unit


@pytest.mark.parametrize(
    ("text", "tables"),
    [
        # comma-separated lines under a header of fields (a patch's hunk of a CSV file)
        (
            " id,bsn,voornaam,achternaam,postcode\n-1,123456782,Anna,Jansen,1234AB\n"
            "+1,111222333,Piet,Bakker,2345BC\n",
            1,
        ),
        # prose with as many commas; a header of too few cells; words that name no field
        ("Ik, jij, hij, zij, wij\nappels, peren, pruimen, kersen, bessen\n", 0),
        ("naam,bsn,postcode\nJansen,123456782,1234AB\nBakker,111222333,2345BC\n", 0),
        ("rood,groen,blauw,geel,paars\nJansen,123456782,1234AB,x,y\nBakker,1,2,3,4\n", 0),
    ],
)
def test_what_makes_a_comma_block(text: str, tables: int) -> None:
    dset = DetectorSet.build(Config(workers=1))
    unit = TextUnit(Location("m.eml", "body"), text)
    assert len(text_tables(unit, _all, dset.names_field, dset)[1]) == tables


def test_a_title_line_over_the_header_stays_text() -> None:
    text = "Uitslagen 2024\t\t\nNaam\tBSN\tPostcode\nJansen\t123456782\t1234 AB\n"
    rest, (table,) = text_tables(TextUnit(Location("m.eml"), text), _all)
    assert table.columns == ("Naam", "BSN", "Postcode")
    assert table.data.column("__row__").to_pylist() == [3]
    assert rest.text.startswith("Uitslagen 2024\t\t\n")


def test_crlf_cells_carry_no_carriage_return() -> None:
    text = "Naam\tBSN\tPostcode\r\nJansen\t123456782\t1234 AB\r\n"
    unit = TextUnit(Location("m.eml", "body"), text)
    _, (table,) = text_tables(unit, _all)
    assert table.columns == ("Naam", "BSN", "Postcode")
    assert table.data.column("c2").to_pylist() == ["1234 AB"]
    assert table.data.column("__row__").to_pylist() == [2]


def _all(table: TableUnit) -> range:
    return range(len(table.columns))


def _none(table: TableUnit) -> range:
    return range(0)


def test_a_table_on_its_side_in_text_is_read_turned() -> None:
    """Patients side by side, pasted into an e-mail: each record a column, each finding at
    its field's line under its record's column."""
    text = (
        "Hierbij de gegevens:\n\n"
        "Naam        Jansen, P.        de Vries, M.\n"
        "Geb.datum   03-03-1978        12-05-1980\n"
        "BSN         506332433         220269634\n"
        "Uitslag     Pap 2             Pap 1\n"
    )
    found = _found(text)
    assert {
        ("name", "P. Jansen", "brief.docx#part=body&row=3&col=column2"),
        ("date_of_birth", "1980-05-12", "brief.docx#part=body&row=4&col=column3"),
        ("bsn", "506332433", "brief.docx#part=body&row=5&col=column2"),
        ("health", "Pap 1", "brief.docx#part=body&row=6&col=column3"),
    } <= set(found)
    assert len(found) == 8  # (each cell once)


def test_a_table_on_its_side_whose_labels_a_name_column_would_take() -> None:
    """Standing, the block's first column (under ``Naam``) would be read as names
    (``Geb.datum``, ``Contactpersoon``); turned, detectors claim more of it."""
    text = (
        "Naam            Jansen, P.        de Vries, M.\n"
        "Geb.datum       03-03-1978        12-05-1980\n"
        "Contactpersoon  K. Jansen         B. de Vries\n"
        "Telefoon        0612345678        0687654321\n"
    )
    found = _found(text)
    assert ("phone", "+31687654321", "brief.docx#part=body&row=4&col=column3") in found
    assert [v for c, v, _ in found if c == "name" and v in ("Geb.datum", "Contactpersoon")] == []


@pytest.mark.parametrize(
    "text",
    [  # counts by test and year: a table that stands, its first column no fields' labels
        "Test        2023     2024\nhrHPV       1200     1300\nCytologie   800      750\n",
        # fields' labels down the first column, but no values of theirs
        "Naam            onbekend     onbekend\nBSN             n.v.t.       n.v.t.\n"
        "Geboortedatum   ontbreekt    ontbreekt\n",
        # a results form's sample and test lines: no fields' labels
        "Monster     S24-0001     S24-0002\nTest        hrHPV        cytologie\n"
        "Status      afgerond     afgerond\n",
    ],
)
def test_what_stands_in_text(text: str) -> None:
    unit = TextUnit(Location("m.eml", "body"), text)
    _, tables = text_tables(unit, _claimed, _names_field)
    assert tables == []


def _claimed(table: TableUnit) -> list[int]:
    from breachscope.detect.engine import claimed_columns, detector_set

    return list(claimed_columns(detector_set(Config(workers=1)), table))


def _names_field(text: str) -> bool:
    from breachscope.detect.engine import detector_set

    return detector_set(Config(workers=1)).names_field(text)


def test_a_block_no_detector_claims_stays_text() -> None:
    unit = TextUnit(Location("m.eml", "body"), "a\tb\tc\nd\te\tf\n")
    assert text_tables(unit, _none) == (unit, [])


REPORT = (
    "Uitslagenoverzicht week 12\n"
    "Achternaam          Voorletters   Geboortedatum   BSN\n"
    "Jansen              P.J.          03-03-1978      123456782\n"
    "De Vries            M.            12-12-1965      111222333\n"
)


def test_a_fixed_width_report_is_read_as_a_table() -> None:
    found = _found(REPORT)
    assert sorted(found) == sorted(
        [
            ("name", "Jansen", "brief.docx#part=body&row=3&col=Achternaam"),
            ("name", "de Vries", "brief.docx#part=body&row=4&col=Achternaam"),
            ("name", "P.J.", "brief.docx#part=body&row=3&col=Voorletters"),
            ("name", "M.", "brief.docx#part=body&row=4&col=Voorletters"),
            ("date_of_birth", "1978-03-03", "brief.docx#part=body&row=3&col=Geboortedatum"),
            ("date_of_birth", "1965-12-12", "brief.docx#part=body&row=4&col=Geboortedatum"),
            ("bsn", "123456782", "brief.docx#part=body&row=3&col=BSN"),
            ("bsn", "111222333", "brief.docx#part=body&row=4&col=BSN"),
        ]
    )  # and no header word ('Voorletters') read as a name


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("Naam    BSN        Postcode\nJansen  123456782  1234 AB\n", [2]),
        ("Naam    BSN        Postcode\n\nJansen  123456782  1234 AB\n", [3]),  # blank line
        ("Naam    BSN        Postcode\n             Jansen  123456782  1234 AB\n", []),  # shifted
        ("Naam    BSN        Postcode\nJansen             1234 AB\n", []),  # an empty cell
        ("Naam    BSN        Postcode\nJansen\t123456782\t1234 AB\n", []),  # tabs: other kind
        ("Eerste zin.  Tweede zin.  Derde zin.\n", []),  # one line
        # a row whose last cell alone is empty (an open episode): a row of the table
        (
            "ICPC   Omschrijving   Begin     Eind\n"
            "X86    Afwijkend      03-2016   08-2016\n"
            "P76    Depressie      11-2019\n"
            "W78    Zwangerschap   1989      1990\n",
            [2, 3, 4],
        ),
        # ... not where its cells run on under the last column, or too few are left
        (
            "ICPC   Omschrijving   Begin     Eind\n"
            "X86    Afwijkend      03-2016   08-2016\n"
            "P76    Depressie      11-2019 tot en met nu\n",
            [2],
        ),
        ("Naam    BSN        Postcode\nJansen  123456782  1234 AB\nBos  111222333\n", [2]),
    ],
)
def test_what_makes_an_aligned_block(text: str, rows: list[int]) -> None:
    _, found = text_tables(TextUnit(Location("r.txt"), text), _all)
    assert [r for t in found for r in t.data.column("__row__").to_pylist()] == rows


def test_a_cell_that_wrapped_to_the_line_below() -> None:
    """A narrow column's cell wraps in a PDF's table: the rows after it stay a table,
    and the part below joins its cell (after a hyphen, a comma, or before a small
    letter); a remark between two rows is left to the text."""
    text = (
        "Naam                Geboortedatum   BSN\n"
        "Van den Berg-       14-07-1982      840721961\n"
        "Schouten, A.C.\n"
        "Mulder, K.          02-02-1990      532170167\n"
        "Herhaling\n"
        "Visser, P.          05-05-1975      123456782\n"
    )
    rows = {(c, v, loc) for c, v, loc in _found(text) if "&row=" in loc}
    assert {
        ("name", "A.C. van den Berg-Schouten", "brief.docx#part=body&row=2&col=Naam"),
        ("bsn", "532170167", "brief.docx#part=body&row=4&col=BSN"),
        ("date_of_birth", "1990-02-02", "brief.docx#part=body&row=4&col=Geboortedatum"),
        ("name", "K. Mulder", "brief.docx#part=body&row=4&col=Naam"),
        ("bsn", "123456782", "brief.docx#part=body&row=6&col=BSN"),
        ("name", "P. Visser", "brief.docx#part=body&row=6&col=Naam"),
    } <= rows
    assert not [v for _, v, _ in rows if "Herhaling" in v]


def test_a_header_wrapped_over_two_lines() -> None:
    text = (
        "Geboorte-     Burgerservice-    Naam\n"
        "datum         nummer\n"
        "03-03-1978    116800720         mw. L. Groen\n"
        "15-09-1983    954355957         mw. E. Pauw\n"
    )
    rows = {(c, v, loc) for c, v, loc in _found(text) if "&row=" in loc}
    assert ("bsn", "954355957", "brief.docx#part=body&row=4&col=Burgerservice-nummer") in rows
    assert ("date_of_birth", "1978-03-03", "brief.docx#part=body&row=3&col=Geboorte-datum") in rows


def test_a_table_aligned_with_no_break_spaces_under_a_narrower_header() -> None:
    nb = "\u00a0" * 4
    text = (
        f"Naam{nb}Geb.datum{nb}BSN\n"
        f"Hoekstra,\u00a0S.{nb}08-08-1968{nb}405350041\n"
        f"Tuinman,\u00a0R.{nb}21-01-1976{nb}583796461\n"
    )
    rows = {(c, v, loc) for c, v, loc in _found(text)}
    assert ("bsn", "583796461", "brief.docx#part=body&row=3&col=BSN") in rows
    assert ("date_of_birth", "1976-01-21", "brief.docx#part=body&row=3&col=Geb.datum") in rows
    assert ("name", "R. Tuinman", "brief.docx#part=body&row=3&col=Naam") in rows
    assert not [v for c, v, _ in rows if v == "Geb"]  # (the header is no name)


def test_a_rule_of_dashes_under_the_header_keeps_it() -> None:
    """A header underlined (``------------ ----``) heads the rows below its rule."""
    for rule in ("------------ -------------- ---------", "============ ============== ====="):
        text = (
            "Naam         Geboortedatum  BSN\n"
            f"{rule}\n"
            "Y. Bulut     12-08-1983     217088612\n"
            "T. Mulder    07-07-1964     418176292\n"
        )
        rows = set(_found(text))
        assert ("bsn", "217088612", "brief.docx#part=body&row=3&col=BSN") in rows
        assert (
            "date_of_birth",
            "1964-07-07",
            "brief.docx#part=body&row=4&col=Geboortedatum",
        ) in rows
        assert ("name", "T. Mulder", "brief.docx#part=body&row=4&col=Naam") in rows


AGENDA = (
    "Tijd   Naam                  Geb.datum   Verwijzer (HA)\n"
    "{rule}"
    "08:30  Vermeer-Dekker, C.J.  16-03-1969  E.M. van Rooij\n"
    "08:50  Hoekstra-Bos, W.      13-01-1981  P.W. Hoogendoorn\n"
    "09:10           *** OVERLEG dr. Nieuwenhuis - MDO oncologie ***\n"
    "09:30  de Bruijn, A.M.       20-05-1976  K. de Graaf-Lammers\n"
    "09:50  Postma, I.            07-05-1963  J. Pronk\n"
    "10:10           -- vrij --\n"
    "\n"
    "Gemaakt door: secretariaat\n"
)
"""An agenda's print: a break between two rows fits no column."""


@pytest.mark.parametrize(
    "rule", ["", "-----  --------------------  ----------  ----------------\n"]
)
def test_a_table_goes_on_past_a_line_between_its_rows(rule: str) -> None:
    """One line between two rows that fits no column (an agenda's break), opening under
    the first column, is text; the rows after it are the table's, their referrers the
    column's (not patients' names read as text); a free slot names no one."""
    found = set(_found(AGENDA.format(rule=rule)))
    first = 3 if rule else 2
    assert ("provider", "K. de Graaf-Lammers",
            f"brief.docx#part=body&row={first + 3}&col=Verwijzer (HA)") in found  # fmt: skip
    assert ("name", "A.M. de Bruijn", f"brief.docx#part=body&row={first + 3}&col=Naam") in found
    assert not [f for f in found if f[0] == "name" and f[1] in ("K. de Graaf-Lammers", "J. Pronk")]
    assert not [f for f in found if "vrij" in f[1]]


def test_a_report_whose_rule_sets_its_columns() -> None:
    """A fixed-width report (SQL*Plus, a LIMS worklist) whose first column's cells one
    space sets apart from the next: the runs of dashes under the header give the
    columns; the block ends at a blank line or at a line that crosses a gap."""
    text = (
        "Labnr      Naam                  Geb.datum   BSN        Uitslag\n"
        "---------- --------------------- ----------- ---------- -------------\n"
        "CY24-01187 GRAAF E DE            03-11-1976  191189479  hrHPV+ 16\n"
        "CY24-01188 Bulut, Y.             12-08-1983  217088612  hrHPV+ ovr, Pap 1\n"
        "CY24-01189                       07-07-1964  418176292  geen materiaal\n"
        "\n"
        "3 rows selected. Controle door mw. P. Smit op 12-03-2024\n"
    )
    rows = set(_found(text))
    assert {
        ("name", "Graaf E. de", "brief.docx#part=body&row=3&col=Naam"),
        ("bsn", "191189479", "brief.docx#part=body&row=3&col=BSN"),
        ("date_of_birth", "1976-11-03", "brief.docx#part=body&row=3&col=Geb.datum"),
        ("name", "Y. Bulut", "brief.docx#part=body&row=4&col=Naam"),
        ("bsn", "418176292", "brief.docx#part=body&row=5&col=BSN"),
    } <= rows
    assert not [loc for _, _, loc in rows if "row=7" in loc]  # (after the blank line: text)
    crossed = text.replace("217088612  hrHPV", "217088612 XhrHPV")
    assert [[line for line, _ in b] for b in _ruled_blocks(crossed)] == [[0, 2]]  # ends it


def test_a_rule_under_the_header_words_only() -> None:
    """PowerShell's ``Format-Table``: its dashes underline each header's word, and a
    column's cells run on to the next one's start, one space before it."""
    text = (
        "PS C:\\Users\\hj> $p | Format-Table Naam, Geboortedatum, BSN, Uitslag -AutoSize\n"
        "\n"
        "Naam                  Geboortedatum BSN       Uitslag\n"
        "----                  ------------- ---       -------\n"
        "Ramdin, R.            24-02-1973    651041880 Chlamydia trachomatis PCR: positief\n"
        "Kuipers-de Boer, J.H. 24-01-1967    461138402 hrHPV positief; HPV 16; Pap 2\n"
        "Meijer, L.            16-08-1968              hrHPV positief\n"
    )
    rows = set(_found(text))
    assert {
        ("name", "R. Ramdin", "brief.docx#part=body&row=5&col=Naam"),
        ("bsn", "651041880", "brief.docx#part=body&row=5&col=BSN"),
        ("date_of_birth", "1973-02-24", "brief.docx#part=body&row=5&col=Geboortedatum"),
        ("bsn", "461138402", "brief.docx#part=body&row=6&col=BSN"),
        ("date_of_birth", "1968-08-16", "brief.docx#part=body&row=7&col=Geboortedatum"),
    } <= rows


def test_prose_with_double_spaces_stays_text() -> None:
    text = (
        "De patiënt belde.  Zij vroeg naar de uitslag.  Die volgt.\n"
        "Mevr. A. Jansen is geboren 03-03-1978.  Ze woont in Utrecht.  Tot ziens.\n"
    )
    found = _found(text)
    assert ("date_of_birth", "1978-03-03") in {(c, v) for c, v, _ in found}
    assert not [loc for _, _, loc in found if "&row=" in loc]


CELLS = st.lists(st.text(alphabet="ab1 ", max_size=4), min_size=1, max_size=4)
LINE = st.sampled_from(["\t", "|", ";"]).flatmap(lambda sep: CELLS.map(sep.join))


ALIGNED = st.lists(st.text(alphabet="ab1 ", max_size=5), min_size=1, max_size=4).map("  ".join)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(LINE | ALIGNED, max_size=8), first=st.integers(1, 50))
@example(lines=["|  |  1", "a||", "|  |  1"], first=1)  # (spans that overlap: blanked once)
@example(lines=["1  1  1", "", "", "a", "1  1  1"], first=1)  # (no wrap after a blank line)
@example(lines=["", "1  1  1  1", "1  11 1  1"], first=1)  # (a cell that overflowed)
def test_blanking_keeps_offsets_and_rows_name_their_lines(lines: list[str], first: int) -> None:
    text = "\n".join(lines)
    unit = TextUnit(Location("m.eml", "body"), text, 0, first)
    rest, tables = text_tables(unit, _all)
    assert len(rest.text) == len(text)
    assert [i for i, c in enumerate(rest.text) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"
    ]
    kept = [a == b for a, b in zip(rest.text, text, strict=True)]
    blanked = {i for i, same in enumerate(kept) if not same}
    assert all(rest.text[i] == " " for i in blanked)
    for table in tables:
        for r, row in enumerate(table.data.column("__row__").to_pylist()):
            cells = [table.data.column(f"c{k}")[r].as_py() for k in range(len(table.columns))]
            line = lines[row - first]
            splits = [[c.strip(" \r") for c in line.split(sep)] for sep in "\t|;" if sep in line]
            aligned = re.findall(r"[^ \t\r]+(?: [^ \t\r]+)*", line)  # (when no separator splits)
            below = " ".join(" ".join(lines[row - first + 1 : row - first + 3]).split())
            overflowed = [  # (a cell wider than its column, split at its last space)
                [*aligned[:k], *c.rsplit(" ", 1), *aligned[k + 1 :]]
                for k, c in enumerate(aligned)
                if " " in c
            ]
            assert any(  # (each cell its line's, and the parts of it that wrapped below)
                len(cells) == len(expected)
                and all(c == e or (c.startswith(e) and " ".join(c[len(e) :].split()) in below)
                        for c, e in zip(cells, expected, strict=True))
                for expected in [*splits, aligned, [*aligned, ""], *overflowed]
            )  # fmt: skip
            line_start = sum(len(x) + 1 for x in lines[: row - first])
            left = rest.text[line_start : line_start + len(line)]
            assert not left.strip(" \t|;")  # the cells blanked, their separators kept


def test_a_scan_makes_each_row_of_a_word_table_a_person(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    dump = tmp_path / "dump"
    dump.mkdir()
    doc = docx.Document()
    doc.add_paragraph("Geachte collega, hierbij de uitslagen:")
    rows = [line.split("\t") for line in LETTER.splitlines()[1:3]]
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for cells, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(cells.cells, values, strict=True):
            cell.text = value
    doc.save(str(dump / "brief.docx"))
    run_pipeline(dump, tmp_path / "case", Config(workers=1))
    with Case.open(tmp_path / "case", read_only=True) as case:
        mentions = case.con.execute(
            "SELECT record, surname, date_of_birth, bsn FROM mentions ORDER BY record"
        ).fetchall()
    assert mentions == [("brief.docx#part=body&row=3", "Jansen", "1978-03-03", "123456782")]


_RUN = re.compile(r"(?<=[^ \t\r\n]) {2,}(?=[^ \t\r\n])")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab \t\r\n", max_size=60))
def test_gapped_lines_are_the_lines_with_two_runs_of_spaces(text: str) -> None:
    expected = []
    pos = 0
    for line in text.split("\n"):
        if len(_RUN.findall(line)) >= 2:
            expected.append((pos, pos + len(line)))
        pos += len(line) + 1
    assert _gapped_lines(text) == expected


LAB_LETTER = (
    "Geachte collega,\n\n"
    "Naam\tGeboortedatum\tBSN\tPostcode/Woonplaats\tOnderzoek\n"
    "P.I.N. de Bruin\t18-06-1981\t9609.51.349\t9403JC  Assen\tUitstrijkje\n"
    "W. Wisniewska\t15-05-1967\t0579.18.004\t6228NH  Maastricht\tZAS\n"
)


def test_a_header_is_no_label_and_value_and_a_postcode_and_town_column_is_an_address() -> None:
    found = _found(LAB_LETTER)
    assert [(c, v) for c, v, loc in found if "&row=" not in loc] == []  # not 'Onderzoek'
    assert {(v, loc) for c, v, loc in found if c == "address"} == {
        ("9403JC", "brief.docx#part=body&row=4&col=Postcode/Woonplaats"),
        ("Assen", "brief.docx#part=body&row=4&col=Postcode/Woonplaats"),
        ("6228NH", "brief.docx#part=body&row=5&col=Postcode/Woonplaats"),
        ("Maastricht", "brief.docx#part=body&row=5&col=Postcode/Woonplaats"),
    }


def test_a_form_of_pairs_in_a_row_of_tabs_stays_text() -> None:
    """A request form's table of label and value pairs, two pairs a row (a Word or PDF
    table copied as text: ``Achternaam⇥Kuipers⇥Voorletters⇥J.H.``), is no table whose
    header is its first row (its patient was lost but for two labels read as a name):
    each value is read after its label."""
    text = (
        "Achternaam\tKuipers\tVoorletters\tJ.H.\n"
        "Geboortedatum\t17-10-1981\tBSN\t974754778\n"
        "Zwanger\tnee\tIUD\tja\n"
    )
    found = {(cls, value) for cls, value, _ in _found(text)}
    assert {
        ("name", "Kuipers"), ("name", "J.H."), ("date_of_birth", "1981-10-17"),
        ("bsn", "974754778"),
    } <= found  # fmt: skip
    assert ("name", "Zwanger") not in found


def test_an_episode_list_with_open_episodes_is_read_row_by_row() -> None:
    """A GP's episode list: the ICPC column is health data in every row, the open
    episode's (no end date) too."""
    text = (
        "Episodelijst - patiënt: Kramer, W.J. - BSN 448728679\n\n"
        "ICPC   Omschrijving                  Begin        Eind\n"
        "X86    Afwijkend cervixuitstrijkje   03-2016      08-2016\n"
        "P76    Depressie                     11-2019\n"
        "W78    Zwangerschap                  1989         1990\n"
    )
    health = [(v, loc.split("#")[1]) for c, v, loc in _found(text) if c == "health"]
    assert health == [
        ("X86", "part=body&row=4&col=ICPC"),
        ("P76", "part=body&row=5&col=ICPC"),
        ("W78", "part=body&row=6&col=ICPC"),
    ]


def test_a_cell_that_overflowed_its_column_keeps_its_row_and_the_rows_after_it() -> None:
    """A name wider than its column pushes the rest of its row one space apart and to the
    right: the row is read split at the overflowing cell's last space, and the table goes
    on (before, the row and the BSNs of every row after it were lost)."""
    text = (
        "Naam                 Geb.datum   BSN         Postcode\n"
        "Jansen, P.           12-03-1978  123456782   3512 AB\n"
        "Van Dijk-Hamers (01034427) 04-05-1980  012345672   1012 JS\n"
        "Bakker, A.           07-11-1988  111222333   5611 EM\n"
        "Vos, M.              21-02-1955  370747744   9711 LM\n"
    )
    found = {(c, v, loc.split("#")[1]) for c, v, loc in _found(text)}
    assert {
        ("date_of_birth", "1980-05-04", "part=body&row=3&col=Geb.datum"),
        ("bsn", "012345672", "part=body&row=3&col=BSN"),
        ("bsn", "111222333", "part=body&row=4&col=BSN"),
        ("bsn", "370747744", "part=body&row=5&col=BSN"),
        ("address", "1012JS", "part=body&row=3&col=Postcode"),
    } <= found
    assert ("name", "van Dijk-Hamers", "part=body&row=3&col=Naam&start=0&end=15") in found


BOX = (
    "+-----+---------------+-----------+------------+--------------+\n"
    "| Nr  | Patiënt       | BSN       | Geb.datum  | Uitslag      |\n"
    "+-----+---------------+-----------+------------+--------------+\n"
    "| 01  | Hoekstra, T.  | 840721961 | 14-07-1982 | hrHPV pos    |\n"
    "|     | Zwolle        |           |            | Pap 3a1      |\n"
    "| 02  | de Wit, R.    | 532170167 | 02-02-1990 | hrHPV neg    |\n"
    "|     | Gouda         |           |            |              |\n"
    "|     | (verhuisd)    |           |            |              |\n"
    "| 03  | Smits, L.     | 116800720 | 03-03-1978 | Pap 2        |\n"
    "+-----+---------------+-----------+------------+--------------+\n"
)


def test_a_boxs_rows_over_two_lines_are_one_row_each() -> None:
    """An OCR'd LIMS screen sets each row over two lines, the town under the name and
    the Pap class under the HPV result: the second line is more of the row above it
    (its findings that row's, at its line), never a patient of its own."""
    rows = {(c, v, loc) for c, v, loc in _found(BOX) if "&row=" in loc}
    names = {(v, loc) for c, v, loc in rows if c == "name"}
    assert names == {
        ("T. Hoekstra", "brief.docx#part=body&row=4&col=Pati%C3%ABnt"),
        ("R. de Wit", "brief.docx#part=body&row=6&col=Pati%C3%ABnt"),
        ("L. Smits", "brief.docx#part=body&row=9&col=Pati%C3%ABnt"),
    }
    health = {(v, loc.rsplit("&", 2)[1]) for c, v, loc in rows if c == "health"}
    assert ("row=4", "hrHPV pos Pap 3a1") in {(r, v) for v, r in health}
    assert ("bsn", "116800720", "brief.docx#part=body&row=9&col=BSN") in rows
    assert not [v for c, v, _ in _found(BOX) if c == "name" and v.split()[0] in ("Zwolle", "Gouda")]


@pytest.mark.parametrize(
    ("line", "joined"),
    [
        ("|     | Zwolle        |           |            | Pap 3a1      |", True),
        # most of its cells filled, its first empty: a row of its own (a column left empty)
        ("|     | Bos, E.       | 954355957 | 15-09-1983 | Pap 1        |", False),
        # the key's cell filled: a row
        ("| 02  | Zwolle        |           |            |              |", False),
    ],
)
def test_what_a_boxs_next_line_holds(line: str, joined: bool) -> None:
    text = "\n".join([*BOX.splitlines()[:4], line, *BOX.splitlines()[5:]]) + "\n"
    rows = {loc.split("&row=")[1].split("&")[0] for _, _, loc in _found(text) if "&row=" in loc}
    assert ("5" in rows) is not joined


def test_a_rule_between_them_keeps_two_lines_apart() -> None:
    """A box that draws a rule under every row: a line after the rule opens a row."""
    text = BOX.replace(
        "|     | Zwolle",
        "+-----+---------------+-----------+------------+------------+\n|     | Zwolle",
    )
    rows = {
        (c, v, loc.split("&row=")[1].split("&")[0]) for c, v, loc in _found(text) if "&row=" in loc
    }
    assert ("name", "T. Hoekstra", "4") in rows and ("health", "Pap 3a1", "6") in rows


def test_a_box_of_one_row_and_its_lines_stands_as_it_is() -> None:
    """Joined, a box of one row and the line below it would be no table of rows: it is
    read as its lines, and none of its cells is also kept as more of the row."""
    text = "| 01  | Hoekstra, T.  | 840721961 |\n|     | Zwolle        |           |\n"
    (block,) = _separated_blocks(text, "|")
    wrapped: dict[tuple[int, int], list[tuple[int, int]]] = {}
    broken: set[int] = set()
    assert _box_rows(text, block, wrapped, broken) == block
    assert not wrapped and not broken


def test_a_registers_extract_is_read_as_labels_and_values() -> None:
    """A BRP extract (GBA-V) lists each person's data elements by their numbers, labels
    padded to a colon: the values are found by their labels, and the elements' numbers
    (``01.03.10``) are no dates of birth."""
    text = (
        "Categorie 01 - Persoon\n"
        "  01.01.20  Burgerservicenummer                     : 537934108\n"
        "  01.02.10  Voornamen                               : Renée Wilhelmina\n"
        "  01.02.40  Geslachtsnaam                           : Brouwer\n"
        "  01.03.10  Geboortedatum                           : 19831227\n"
        "Categorie 08 - Verblijfplaats\n"
        "  08.11.10  Straatnaam                              : Ganzenmarkt\n"
        "  08.11.20  Huisnummer                              : 183\n"
        "  08.11.60  Postcode                                : 7577VD\n"
        "  08.11.70  Woonplaatsnaam                          : Oldenzaal\n"
    )
    units = [TextUnit(Location("gba.txt"), text)]
    found = {
        (f.data_class, f.value) for f in findings_from_arrow(detect_units(units, Config(workers=1)))
    }
    assert found >= {
        ("bsn", "537934108"),
        ("date_of_birth", "1983-12-27"),
        ("name", "Brouwer"),
        ("address", "Ganzenmarkt"),
        ("address", "183"),
        ("address", "7577VD"),
    }
    assert {v for c, v in found if c == "date_of_birth"} == {"1983-12-27"}
