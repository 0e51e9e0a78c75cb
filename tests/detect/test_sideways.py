"""Tables on their side (fields down the first column, a record per column) are read
turned, and each finding is placed where the file holds it."""

from __future__ import annotations

import io
from pathlib import Path

import pyarrow as pa
import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_units, detector_set
from breachscope.detect.files import units_of_file
from breachscope.detect.finding import findings_from_arrow
from breachscope.detect.sideways import ON_ITS_SIDE, SideTable, on_its_side
from breachscope.detect.tables import claimed_columns
from breachscope.extract.units import TableUnit
from breachscope.location import Location

CONFIG = Config(workers=1)


def _found(path: Path) -> list[tuple[str, str, str, str | None]]:
    """``(class, value, location, record)`` of the file's findings."""
    units = units_of_file(path, CONFIG)
    return sorted(
        (f.data_class, f.value, str(f.location).split("#")[1], f.record and f.record.split("#")[1])
        for f in findings_from_arrow(detect_units(units, CONFIG))
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a key,value export of one record
            "key,value\nnaam,P. Jansen\ngeboortedatum,03-03-1978\nbsn,506332433\n"
            "postcode,1234AB\n",
            [("address", "1234AB", "row=5&col=value", "col=value"),
             ("bsn", "506332433", "row=4&col=value", "col=value"),
             ("date_of_birth", "1978-03-03", "row=3&col=value", "col=value"),
             ("name", "P. Jansen", "row=2&col=value", "col=value")],
        ),
        (  # a form with no header: its first row is the first field, at its own row
            "Naam;P. Jansen\n\nGeboortedatum;03-03-1978\nBSN;506332433\n",
            [("bsn", "506332433", "row=4&col=column2", "col=column2"),
             ("date_of_birth", "1978-03-03", "row=3&col=column2", "col=column2"),
             ("name", "P. Jansen", "row=1&col=column2", "col=column2")],
        ),
        (  # patients side by side: a record per column
            "Veld;Patiënt 1;Patiënt 2\nNaam;Jansen, P.;de Vries, M.\n"
            "Geboortedatum;03-03-1978;12-05-1980\nBSN;506332433;220269634\n",
            [("bsn", "220269634", "row=4&col=Pati%C3%ABnt 2", "col=Pati%C3%ABnt 2"),
             ("bsn", "506332433", "row=4&col=Pati%C3%ABnt 1", "col=Pati%C3%ABnt 1"),
             ("date_of_birth", "1978-03-03", "row=3&col=Pati%C3%ABnt 1", "col=Pati%C3%ABnt 1"),
             ("date_of_birth", "1980-05-12", "row=3&col=Pati%C3%ABnt 2", "col=Pati%C3%ABnt 2"),
             ("name", "M. de Vries", "row=2&col=Pati%C3%ABnt 2", "col=Pati%C3%ABnt 2"),
             ("name", "P. Jansen", "row=2&col=Pati%C3%ABnt 1", "col=Pati%C3%ABnt 1")],
        ),
        (  # a pivot table, a column per patient: her name in the blank-headed header line
            # (its column of totals is no one's)
            ";Jansen, P.;de Vries, M.;Eindtotaal\nBSN;506332433;220269634;\n"
            "Geboortedatum;03-03-1978;12-05-1980;\nhrHPV;pos;neg;1 pos\n",
            [("bsn", "220269634", "row=2&col=column3", "col=column3"),
             ("bsn", "506332433", "row=2&col=column2", "col=column2"),
             ("date_of_birth", "1978-03-03", "row=3&col=column2", "col=column2"),
             ("date_of_birth", "1980-05-12", "row=3&col=column3", "col=column3"),
             ("health", "neg", "row=4&col=column3", "col=column3"),
             ("health", "pos", "row=4&col=column2", "col=column2"),
             ("name", "M. de Vries", "row=1&col=column3", "col=column3"),
             ("name", "P. Jansen", "row=1&col=column2", "col=column2")],
        ),
        (  # a table that stands, however short, stays standing
            "naam;geboortedatum;bsn\nJansen, P.;03-03-1978;506332433\n",
            [("bsn", "506332433", "row=2&col=bsn", "row=2"),
             ("date_of_birth", "1978-03-03", "row=2&col=geboortedatum", "row=2"),
             ("name", "P. Jansen", "row=2&col=naam", "row=2")],
        ),
    ],
)  # fmt: skip
def test_a_table_on_its_side_is_read_turned(
    tmp_path: Path, text: str, expected: list[tuple[str, str, str, str]]
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    assert _found(path) == expected


def test_each_finding_says_the_table_was_read_on_its_side(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Naam;P. Jansen\nBSN;506332433\n", encoding="utf-8")
    found = findings_from_arrow(detect_units(units_of_file(path, CONFIG), CONFIG))
    assert [f.data_class for f in found] == ["name", "bsn"]
    assert all(f.explanation.endswith(ON_ITS_SIDE) for f in found)


def test_a_form_sheet_is_read_turned(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Blad1"
    ws.append(["Naam", "mevr. P. Jansen"])
    ws.append(["Geboortedatum", "03-03-1978"])
    ws.append([])
    ws.append(["BSN", 506332433])
    buf = io.BytesIO()
    wb.save(buf)
    path = tmp_path / "formulier.xlsx"
    path.write_bytes(buf.getvalue())
    assert _found(path) == [
        ("bsn", "506332433", "part=Blad1&row=4&col=column2", "part=Blad1&col=column2"),
        ("date_of_birth", "1978-03-03", "part=Blad1&row=2&col=column2", "part=Blad1&col=column2"),
        ("name", "P. Jansen", "part=Blad1&row=1&col=column2", "part=Blad1&col=column2"),
    ]  # fmt: skip


def test_a_form_of_pairs_side_by_side_is_one_record(tmp_path: Path) -> None:
    """``Naam: | P. Jansen | BSN: | 506332433``: each value is the first filled cell
    right of its label, and the sheet is the record."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Blad1"
    ws.append(["Naam:", "P. Jansen", None, "BSN:", 506332433])
    ws.append(["Geboortedatum:", "03-03-1978", None, "Telefoon:", "0612345678"])
    ws.append(["Woonplaats:", "Utrecht", None, "Huisarts:", "dr. R. Visser"])
    buf = io.BytesIO()
    wb.save(buf)
    path = tmp_path / "formulier.xlsx"
    path.write_bytes(buf.getvalue())
    assert _found(path) == [
        ("bsn", "506332433", "part=Blad1&row=1&col=column5", "part=Blad1"),
        ("date_of_birth", "1978-03-03", "part=Blad1&row=2&col=column2", "part=Blad1"),
        ("name", "P. Jansen", "part=Blad1&row=1&col=column2", "part=Blad1"),
        ("phone", "+31612345678", "part=Blad1&row=2&col=column5", "part=Blad1"),
        ("provider", "R. Visser", "part=Blad1&row=3&col=column5", "part=Blad1"),
    ]  # (a town alone locates nobody)


def _unit(header: list[str], rows: list[list[str | None]], header_row: int | None = 1) -> TableUnit:
    cols = {f"c{i}": pa.array([r[i] for r in rows], pa.string()) for i in range(len(header))}
    cols["__row__"] = pa.array(range(2, len(rows) + 2), pa.int64())
    return TableUnit(Location("t.csv"), tuple(header), pa.table(cols), header_row)


def _side(unit: TableUnit) -> SideTable | None:
    dset = detector_set(CONFIG)
    return on_its_side(unit, dset.names_field, lambda t: claimed_columns(dset, t))


_STANDING: list[list[str | None]] = [
    [
        "de Ruiter",
        "S",
        "1972-06-23",
        "787861479",
        "3027ER",
        "4-bv",
        "234552449",
        "2023-01-11",
        "uitstrijkje",
        "hrHPV positief (HPV18), Pap 1",
        "K1 O1 P1 A1 C1 B1",
        "E. Schouten",
    ],
    [
        "Verkerk",
        "W",
        "1971-01-11",
        "379891530",
        "3072KW",
        "15",
        "249370253",
        "2024-03-08",
        "uitstrijkje",
        "hrHPV positief (HPV16), Pap 1",
        "K1 O1 P1 A1 C1 B1",
        "N. Teunse",
    ],
    [
        "Nowak-van Kamp",
        "S",
        "1982-11-21",
        "169688537",
        "1073NJ",
        "3",
        "222876860",
        "2022-09-18",
        "uitstrijkje",
        "hrHPV positief (HPV16), Pap 2",
        "K1 O1 P3 A1 C1 B2",
        "S.N. Timmermans",
    ],
    [
        "Bosman",
        "TC",
        "1959-08-05",
        "304310190",
        "5046EE",
        "7 II",
        "226345297",
        "2022-10-01",
        "uitstrijkje",
        "hrHPV positief (overig), Pap 2",
        "K3 O1 P2 A1 C1 B1",
        "S. Boer",
    ],
    [
        "Evers-de Bosch",
        "I",
        "1974-09-26",
        "889042615",
        "2901HK",
        "7",
        "233564725",
        "2023-09-01",
        "uitstrijkje",
        "hrHPV positief (overig), Pap 3b",
        "K1 O2 P6 A1 C2 B1",
        "A. de Lange",
    ],
    [
        "van der Sieen",
        "B",
        "1989-08-28",
        "811900514",
        "3991KV",
        "4",
        "226812392",
        "2022-07-06",
        "uitstrijkje",
        "hrHPV positief (overig), Pap 3a1",
        "K1 O1 P4 A1 C1 B1",
        "H.H.T. Valk",
    ],
    [
        "Bos",
        "JN",
        "1994-09-29",
        "872683515",
        "1825SN",
        "6-1",
        "222054592",
        "2022-02-25",
        "uitstrijkje",
        "hrHPV positief (overig), Pap 3a2",
        "K1 O1 P5 A2 C1 B1",
        "R.E. Sanders",
    ],
    [
        "te Hout",
        "LL",
        "1990-01-30",
        "676097716",
        "3046PK",
        "7",
        "236401258",
        "2023-07-30",
        "uitstrijkje",
        "hrHPV positief (HPV16), Pap 0",
        "K1 O1 P1 A1 C2 B3",
        "H. Pronk",
    ],
    [
        "van der Linden",
        "J",
        "1980-02-16",
        "635918419",
        "2015RZ",
        "3",
        "239627252",
        "2023-01-03",
        "uitstrijkje",
        "hrHPV positief (HPV18), Pap 2",
        "K1 O1 P3 A1 C1 B1",
        "H. Peeters",
    ],
    [
        "Peters",
        "M",
        "1988-08-05",
        None,
        "4822KB",
        "3",
        "220680156",
        "2022-12-08",
        "uitstrijkje",
        "hrHPV positief (HPV16), Pap 3a1",
        "K2 O3 P4 A1 C3 B1",
        "L.D. de Rooij",
    ],
    [
        "Hofinga-van den Berg",
        "I",
        "1988-03-22",
        "859322075",
        "2597XV",
        "4",
        "238274489",
        "2023-09-22",
        "uitstrijkje",
        "hrHPV positief (HPV16), Pap 3b",
        "K1 O1 P6 A1 C1 B1",
        "S.F.N. de Hoog",
    ],
    [
        "Molenaar",
        "J",
        "1975-05-08",
        None,
        "1062HR",
        "3",
        "237746096",
        "2023-10-04",
        "uitstrijkje",
        "hrHPV positief (HPV16), Pap 3a2",
        "K1 O6 P5 A1 C1 B1",
        "L.K.E. Hendriks",
    ],
    [
        "Dirksen",
        "I",
        "1980-04-23",
        None,
        "1102GT",
        "149-bv",
        "247922712",
        "2024-04-11",
        "zelfafnameset",
        "hrHPV positief (HPV16)",
        None,
        "S.N. Timmermans",
    ],
]
"""A results sheet of 13 rows (a synthetic report's ``Afwijkend`` sheet, seed 51051)."""


@pytest.mark.parametrize(
    ("header", "rows", "header_row"),
    [
        # a field twice: not one record per column
        (["veld", "waarde"], [["naam", "Jansen"], ["bsn", "506332433"], ["Naam", "Bakker"]], 1),
        # one label a detector knows
        (["veld", "waarde"], [["naam", "Jansen"], ["kleur", "rood"], ["maat", "M"]], 1),
        # labels a detector knows, but fewer than half of them
        (["veld", "waarde"],
         [["naam", "Jansen"], ["bsn", "506332433"], ["kleur", "rood"], ["maat", "M"],
          ["vorm", "rond"]], 1),
        # a row without its label
        (["veld", "waarde"], [["naam", "Jansen"], [None, "506332433"], ["bsn", "220269634"]], 1),
        # counts per test: the turned columns are claimed no more than those standing
        (["test", "aantal"], [["hrHPV", "120"], ["cytologie", "80"]], 1),
        # a standing table whose first column holds names
        (["naam", "bsn"], [["Jansen", "506332433"], ["Bakker", "220269634"]], 1),
        # a table that stands, a column of results last: words a detector knows
        (["naam", "geboortedatum", "bsn", "uitslag"],
         [["Jansen, A.", "03-03-1978", "471415200", "hrHPV negatief"],
          ["de Vries, B.", "12-05-1980", "268866582", "hrHPV positief"]], 1),
        # a table that stands, surnames first, results that name a test and a KOPAC-B
        # code right of them (read as a form of pairs before: the header names fields)
        (["Naam", "Voorletters", "Geb.datum", "BSN", "Postcode", "Huisnr", "Labnummer",
          "Afnamedatum", "Onderzoek", "Uitslag", "KOPAC-B", "Huisarts"], _STANDING, 4),
        # the header is a field, but its row is not known: too few fields are left
        (["Naam", "P. Jansen"], [["BSN", "506332433"]], None),
    ],
)  # fmt: skip
def test_what_is_not_on_its_side(
    header: list[str], rows: list[list[str | None]], header_row: int | None
) -> None:
    assert _side(_unit(header, rows, header_row)) is None


def test_the_turned_table_names_each_fields_row_and_each_records_column() -> None:
    side = _side(
        _unit(
            ["Naam", "P. Jansen", "M. de Vries", ""],
            [["Geboortedatum", "03-03-1978", "12-05-1980", None], ["BSN", "506332433", None, None]],
            header_row=7,
        )
    )
    assert side is not None
    assert side.columns == ("Naam", "Geboortedatum", "BSN")
    assert side.field_rows == (7, 2, 3)
    assert side.records == ("column2", "column3")  # the empty fourth column holds no record
    assert side.data.to_pylist() == [
        {"c0": "P. Jansen", "c1": "03-03-1978", "c2": "506332433", "__row__": 1},
        {"c0": "M. de Vries", "c1": "12-05-1980", "c2": None, "__row__": 2},
    ]


def test_the_check_asks_of_each_text_once_and_of_no_cell_of_a_standing_table() -> None:
    """A first column that repeats a label (an HL7 table's ``MSH-1``) ends the check
    before any other cell is asked about; otherwise each text is asked about once."""
    asked: list[str] = []
    dset = detector_set(CONFIG)

    def names_field(text: str) -> bool:
        asked.append(text)
        return dset.names_field(text)

    words = [["|", "Jansen", "Petra", "ja"] for _ in range(40)]
    on_its_side(_unit(["MSH-1", "PID-5.1", "PID-5.2", "x"], words), names_field, lambda t: [])
    assert asked == []
    rows = [[f"veld{i}", "Jansen", "Naam", "ja"] for i in range(40)]
    on_its_side(_unit(["Veld", "a", "b", "c"], rows), names_field, lambda t: [])
    assert len(asked) == len(set(asked))
