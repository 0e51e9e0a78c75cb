"""Tables stacked in one sheet or file are cut apart at the header below a blank row, and
each is read under its own header."""

from __future__ import annotations

import io
from pathlib import Path

import pyarrow as pa
import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_units, detector_set
from breachscope.detect.files import units_of_file
from breachscope.detect.finding import findings_from_arrow
from breachscope.detect.stacked import restacked
from breachscope.extract.units import TableUnit
from breachscope.location import Location

CONFIG = Config(workers=1)


def _found(path: Path) -> set[tuple[str, str, str]]:
    """``(class, value, location)`` of the file's findings."""
    units = units_of_file(path, CONFIG)
    return {
        (f.data_class, f.value, str(f.location).split("#")[1])
        for f in findings_from_arrow(detect_units(units, CONFIG))
    }


def test_two_exports_one_after_the_other(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "naam;geboortedatum;bsn\nJansen, P.;03-03-1978;506332433\n\n"
        "bsn;achternaam;voorletters;postcode\n220269634;de Vries;M.;1234AB\n"
        "471415200;Bakker;K.;2345BC\n",
        encoding="utf-8",
    )
    found = _found(path)
    assert {
        ("date_of_birth", "1978-03-03", "row=2&col=geboortedatum"),
        ("bsn", "506332433", "row=2&col=bsn"),
        ("bsn", "220269634", "row=5&col=bsn"),
        ("name", "de Vries", "row=5&col=achternaam"),
        ("address", "2345BC", "row=6&col=postcode"),
    } <= found


def test_a_title_above_the_second_export_is_no_record(tmp_path: Path) -> None:
    """``Aanvragers`` between a blank line and the GPs' header: a line of text, no name
    under the first export's ``naam``."""
    path = tmp_path / "export.csv"
    path.write_text(
        "naam;geboortedatum;bsn;uitslag\n"
        + "".join(f"Jansen, P.;0{i}-03-1978;506332433;hrHPV negatief\n" for i in range(1, 6))
        + "\nAanvragers\nhuisarts;agb;praktijk;plaats\n"
        + "dr. R. Visser;01012340;Praktijk Visser;Utrecht\n",
        encoding="utf-8",
    )
    found = _found(path)
    assert ("provider", "R. Visser", "row=10&col=huisarts") in found
    assert [f for f in found if "Aanvragers" in f[1]] == []


def _sheet(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Blad1"
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_a_sheet_of_a_form_its_results_and_the_gps(tmp_path: Path) -> None:
    """A form on its side, then the results under a header of which one word a detector
    knows (data stands under the others), then a title and the GPs who asked."""
    path = tmp_path / "patient.xlsx"
    path.write_bytes(
        _sheet(
            [
                ["Naam", "P. Jansen"],
                ["BSN", 506332433],
                ["Geboortedatum", "03-03-1978"],
                [],
                ["monster", "datum", "test", "uitslag"],
                ["24-1188", "2024-03-01", "hrHPV", "positief"],
                ["24-1189", "2024-03-01", "cytologie", "Pap 3a2"],
                [],
                ["Aanvragers"],
                ["huisarts", "agb", "plaats"],
                ["dr. R. Visser", "01034567", "Utrecht"],
            ]
        )
    )
    found = {(c, v, loc.removeprefix("part=Blad1&")) for c, v, loc in _found(path)}
    assert {
        ("bsn", "506332433", "row=2&col=column2"),
        ("date_of_birth", "1978-03-03", "row=3&col=column2"),
        ("health", "positief", "row=6&col=uitslag"),
        ("health", "Pap 3a2", "row=7&col=uitslag"),
        ("provider", "R. Visser", "row=11&col=huisarts"),
        ("provider", "01034567", "row=11&col=agb"),
    } <= found
    assert not any(v == "Aanvragers" for _, v, _ in found)  # the title is no name


def _unit(rows: list[tuple[int, list[str | None]]], header: list[str]) -> TableUnit:
    cols = {f"c{i}": pa.array([r[i] for _, r in rows], pa.string()) for i in range(len(header))}
    cols["__row__"] = pa.array([n for n, _ in rows], pa.int64())
    return TableUnit(Location("t.csv"), tuple(header), pa.table(cols), 1)


def _parts(unit: TableUnit) -> list[tuple[tuple[str, ...], list[int], int | None]]:
    names = detector_set(CONFIG).names_field
    return [
        (t.columns, t.data.column("__row__").to_pylist(), t.header_row)
        for t in restacked(unit, names)
    ]


def test_the_parts_of_a_stacked_table() -> None:
    unit = _unit(
        [
            (2, ["Jansen", "03-03-1978", "506332433"]),
            (4, ["Overzicht", None, None]),
            (5, ["bsn", "achternaam", None]),
            (6, ["220269634", "de Vries", None]),
        ],
        ["naam", "geboortedatum", "bsn"],
    )
    assert _parts(unit) == [
        (("naam", "geboortedatum", "bsn"), [2], 1),
        (("column1", "column2", "column3"), [4], None),  # the title
        (("bsn", "achternaam", "column3"), [6], 5),
    ]


def test_a_unit_that_does_not_start_under_its_header_may_start_with_one() -> None:
    """The rows of a CSV file's fast path wider than the header: a wider table's header
    and rows, in a unit with no header row of its own."""
    rows: list[tuple[int, list[str | None]]] = [
        (4, ["bsn", "achternaam", "postcode"]),
        (5, ["220269634", "de Vries", "1234AB"]),
    ]
    unit = _unit(rows, ["naam", "geboortedatum", "column3"])
    unit = TableUnit(unit.location, unit.columns, unit.data, None)
    assert _parts(unit) == [(("bsn", "achternaam", "postcode"), [5], 4)]


@pytest.mark.parametrize(
    "rows",
    [
        # a row of words after a blank row, no header word in it
        [(2, ["Jansen", "Petra", "negatief"]), (4, ["Bakker", "Kees", "positief"]),
         (5, ["Smit", "Anna", "negatief"])],
        # one header word, but words below it
        [(2, ["Jansen", "Petra", "negatief"]), (4, ["Bakker", "Huisarts", "Utrecht"]),
         (5, ["Smit", "Anna", "negatief"])],
        # data in the row: no header
        [(2, ["Jansen", "bsn", "506332433"]), (4, ["naam", "bsn", "220269634"]),
         (5, ["Smit", "Anna", "negatief"])],
        # no blank row above it
        [(2, ["Jansen", "Petra", "negatief"]), (3, ["naam", "bsn", "uitslag"]),
         (4, ["Smit", "220269634", "negatief"])],
        # only titles after the blank row
        [(2, ["Jansen", "Petra", "negatief"]), (4, ["Totaal", None, None])],
    ],
)  # fmt: skip
def test_what_is_no_stacked_table(rows: list[tuple[int, list[str | None]]]) -> None:
    unit = _unit(rows, ["naam", "voornaam", "uitslag"])
    assert restacked(unit, detector_set(CONFIG).names_field) == [unit]
