"""Workbooks: all sheets, header below titles, Excel row numbers, dates and numbers."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Source
from breachscope.extract.spreadsheet import SpreadsheetExtractor, cell_text, title_text
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.location import Location

from .samples import xlsx_sample


def extracted(data: bytes, kind: str = "xlsx", rows: int = 100_000) -> list[Extracted]:
    source = Source("a.xlsx", kind, len(data), lambda: io.BytesIO(data))
    return list(SpreadsheetExtractor().extract(source, Config(max_table_rows_per_unit=rows)))


def units(data: bytes, kind: str = "xlsx", rows: int = 100_000) -> list[TableUnit]:
    """The tables (title rows above a header, free text, left out)."""
    return [u for u in extracted(data, kind, rows) if isinstance(u, TableUnit)]


def test_title_rows_are_free_text() -> None:
    """The rows above a sheet's header are read as text, a line per row (row ``n`` is
    line ``n``, empty rows empty lines), cells apart by tabs: a name or date of birth
    in a title is not lost."""
    units = extracted(xlsx_sample().data)
    texts = [u for u in units if isinstance(u, TextUnit) and u.location.part != "properties"]
    assert [(t.location, t.text) for t in texts] == [
        (Location("a.xlsx", "Uitslagen 2024"), "Laboratorium NMDL - uitslagen\nvertrouwelijk\n")
    ]
    rows: list[tuple[int, list[str | None]]] = [
        (2, ["Uitslagen", None, "mevrouw P. Jansen"]),
        (4, ["geb. 03-03-1978"]),
    ]
    assert title_text(rows) == "\nUitslagen\t\tmevrouw P. Jansen\n\ngeb. 03-03-1978\n"
    assert title_text([]) == ""


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (12345678.0, "12345678"),
        (123456782, "123456782"),
        (1.5, "1.5"),
        (-0.0, "0"),
        (float("nan"), "nan"),
        (True, "TRUE"),
        (dt.date(1978, 3, 4), "1978-03-04"),
        (dt.datetime(1978, 3, 4), "1978-03-04"),
        (dt.datetime(2024, 1, 2, 9, 30), "2024-01-02T09:30:00"),
        (dt.time(9, 30), "09:30:00"),
        ("", None),
        ("Jansen", "Jansen"),
    ],
)
def test_cell_text(value: object, text: str | None) -> None:
    assert cell_text(value) == text


def test_sheets_headers_rows_and_values() -> None:
    got = units(xlsx_sample().data)
    by_sheet = {u.location.part: u for u in got}
    assert set(by_sheet) == {"Uitslagen 2024", "Personeel"}  # the empty sheet gives nothing
    first = by_sheet["Uitslagen 2024"]
    assert first.columns[:3] == ("BSN", "Naam", "Geboortedatum")
    rows = first.data.to_pylist()
    assert [r["__row__"] for r in rows] == [5, 6, 7]
    assert rows[0]["c0"] == "123456782" and rows[0]["c2"] == "1978-03-04"
    assert rows[0]["c3"] == "2024-01-02T09:30:00"
    assert rows[1]["c0"] == "12345672" and rows[1]["c2"] == "1985-11-30"
    assert rows[2]["c5"] == "TRUE"
    staff = by_sheet["Personeel"].data.to_pylist()
    assert staff == [
        {"c0": "P. Pietersen", "c1": "NL91ABNA0417164300", "c2": "111222333", "__row__": 2}
    ]


def test_the_first_unit_of_a_sheet_carries_the_headers_row() -> None:
    got = units(xlsx_sample().data, rows=2)
    assert [(u.location.part, u.header_row) for u in got] == [
        ("Uitslagen 2024", 4),
        ("Uitslagen 2024", None),
        ("Personeel", 1),
    ]


def test_units_cut_per_sheet() -> None:
    got = units(xlsx_sample().data, rows=2)
    assert [(u.location.part, u.num_rows) for u in got] == [
        ("Uitslagen 2024", 2),
        ("Uitslagen 2024", 1),
        ("Personeel", 1),
    ]


def test_truncated_and_encrypted_workbooks_fail_with_a_reason() -> None:
    data = xlsx_sample().data
    with pytest.raises(ExtractError, match="unreadable workbook"):
        units(data[: len(data) // 2])
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000
    with pytest.raises(ExtractError, match="encrypted"):
        units(ole)


def _ods() -> bytes:
    """A minimal OpenDocument spreadsheet written by hand (no ODS writer is installed)."""
    import zipfile

    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )

    def cell(value: str, kind: str = "string", attr: str = "") -> str:
        head = f'<table:table-cell office:value-type="{kind}" {attr}>'
        return f"{head}<text:p>{value}</text:p></table:table-cell>"

    rows = [
        cell("Overzicht"),
        "",
        cell("BSN") + cell("Geboren"),
        cell("12345678", "float", 'office:value="12345678"')
        + cell("04-03-1978", "date", 'office:date-value="1978-03-04"'),
    ]
    body = "".join(f"<table:table-row>{r or '<table:table-cell/>'}</table:table-row>" for r in rows)
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Blad1">{body}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        zf.writestr("content.xml", content)
        zf.writestr("META-INF/manifest.xml", manifest)
    return buf.getvalue()


def test_ods_sheet_with_title_row() -> None:
    (unit,) = units(_ods(), kind="ods")
    assert unit.location.part == "Blad1"
    assert unit.columns == ("BSN", "Geboren")
    assert unit.data.to_pylist() == [{"c0": "12345678", "c1": "1978-03-04", "__row__": 4}]


def test_a_zip_bomb_workbook_is_refused() -> None:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b" " * (8 * 1024**2))
    with pytest.raises(ExtractError, match="compressed more than"):
        units(buf.getvalue())
    source = Source(
        "a.xlsx", "xlsx", len(xlsx_sample().data), lambda: io.BytesIO(xlsx_sample().data)
    )
    with pytest.raises(ExtractError, match="expands to more than"):
        list(SpreadsheetExtractor().extract(source, Config(batch_bytes=1000)))


def test_cell_comments_are_cells_of_their_own_in_their_row() -> None:
    """Calamine gives no comments: they are read from the workbook's parts, each in a
    column after the sheet's named for the column it remarks on, without the author's
    name Excel writes first; a comment on the header is a title's line, and a sheet of
    comments only is read too."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    wb = Workbook()
    ws = wb.active
    ws.title = "Meldingen"
    ws["B2"], ws["C2"] = "Melder", "Uitslag"
    ws["B3"], ws["C3"] = "Ingrid Kuipers", "Pap 2"
    ws["B4"], ws["C4"] = "B.L. Zwart", "Pap 3a2"
    ws["C4"].comment = Comment("K. Hobma:\nbeller noemde ook haar BSN 794767527", "K. Hobma")
    ws["B2"].comment = Comment("alleen helpdesk", "K. Hobma")
    only = wb.create_sheet("Notities")
    only["A1"].comment = Comment("terugbellen mw. Jansen", "K. Hobma")
    buf = io.BytesIO()
    wb.save(buf)
    items = extracted(buf.getvalue())
    (table,) = [u for u in items if isinstance(u, TableUnit) and u.location.part == "Meldingen"]
    assert table.columns == ("Melder", "Uitslag", "Uitslag (opmerking)")
    assert table.data.column("c2").to_pylist() == [None, "beller noemde ook haar BSN 794767527"]
    texts = {u.location.part: u.text for u in items if isinstance(u, TextUnit)}
    assert texts["Meldingen"] == "\nalleen helpdesk\n"
    notes = [u for u in items if u.location.part == "Notities"]
    assert any(
        "terugbellen mw. Jansen" in (u.text if isinstance(u, TextUnit) else str(u.data.to_pylist()))
        for u in notes
    )


def test_a_sheet_of_one_row_is_read_not_taken_for_a_header() -> None:
    """A notes sheet with a single line: the row has no row under it to head, so its
    cells are read (they had been a header of nothing, lost)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "Gebeld met mw. Jansen, tel 0612345678"
    buf = io.BytesIO()
    book.save(buf)
    data = buf.getvalue()
    source = Source("n.xlsx", "xlsx", len(data), lambda: io.BytesIO(data))
    units = [
        u for u in SpreadsheetExtractor().extract(source, Config()) if isinstance(u, TableUnit)
    ]
    assert [u.data.column("c0").to_pylist() for u in units] == [
        ["Gebeld met mw. Jansen, tel 0612345678"]
    ]
