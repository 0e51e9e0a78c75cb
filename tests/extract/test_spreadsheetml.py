"""Excel's XML Spreadsheet 2003: sheets read as workbooks, cells as a person reads them."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Note, Source
from breachscope.extract.spreadsheetml import SpreadsheetMLExtractor, cell_value
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

HEAD = (
    '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
    'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
)


def extracted(body: str, tail: str = "</Workbook>") -> list[Extracted]:
    data = (HEAD + body + tail).encode()
    source = Source("a.xml", "spreadsheetml", len(data), lambda: io.BytesIO(data))
    return list(SpreadsheetMLExtractor().extract(source, Config()))


def _cell(value: str, kind: str = "String", comment: str = "") -> str:
    note = f'<Comment ss:Author="A. Analist"><ss:Data>A. Analist:&#10;{comment}</ss:Data></Comment>'
    return f'<Cell><Data ss:Type="{kind}">{value}</Data>{note if comment else ""}</Cell>'


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("1968-11-14T00:00:00.000", "DateTime", "1968-11-14"),
        ("2024-05-06T09:14:22.000", "DateTime", "2024-05-06T09:14:22"),
        ("54641263", "Number", "54641263"),
        ("54641263.0", "Number", "54641263"),
        ("1.5", "Number", "1.5"),
        ("1E+20", "Number", "1E+20"),
        ("1", "Boolean", "TRUE"),
        ("0", "Boolean", "FALSE"),
        ("  Pap 2 ", "String", "Pap 2"),
        ("", "String", None),
    ],
)
def test_cell_values(text: str, kind: str, value: str | None) -> None:
    assert cell_value(text, kind) == value


def test_a_comment_on_the_header_is_a_titles_line_and_in_a_row_a_cell_of_its_own() -> None:
    rows = (
        "<Row>" + _cell("Naam", comment="bron: LIMS") + _cell("BSN") + "</Row>"
        "<Row>"
        + _cell("Jansen, P.")
        + _cell("123456782", "Number", "Gebruikt tamoxifen")
        + "</Row>"
    )
    items = extracted(f'<Worksheet ss:Name="Blad1"><Table>{rows}</Table></Worksheet>')
    texts = [u.text for u in items if isinstance(u, TextUnit)]
    tables = [u for u in items if isinstance(u, TableUnit)]
    assert texts == ["bron: LIMS\n"]
    assert tables[0].columns == ("Naam", "BSN", "BSN (opmerking)")
    assert tables[0].data.column("c2").to_pylist() == ["Gebruikt tamoxifen"]


def test_a_document_cut_short_is_read_up_to_its_end() -> None:
    rows = "<Row>" + _cell("Naam") + _cell("BSN") + "</Row><Row>" + _cell("Jansen, P.")
    items = extracted(f'<Worksheet ss:Name="Blad1"><Table>{rows}', tail="")
    assert any(isinstance(i, Note) and "cut short" in i.reason for i in items)
    assert [u.data.column("c0").to_pylist() for u in items if isinstance(u, TableUnit)] == [
        ["Jansen, P."]
    ]


def test_no_worksheet_and_entities_end_in_an_error_with_a_reason() -> None:
    with pytest.raises(ExtractError, match="without a worksheet"):
        extracted("")
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n'
        b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>'
    )
    source = Source("a.xml", "spreadsheetml", len(data), lambda: io.BytesIO(data))
    with pytest.raises(ExtractError, match="refused"):
        list(SpreadsheetMLExtractor().extract(source, Config()))


def test_sniffed_apart_from_xml() -> None:
    assert sniff_bytes((HEAD + "</Workbook>").encode(), "a.xml") == FileType.SPREADSHEETML
    plain = '<?xml version="1.0"?>\n<Workbook><Row/></Workbook>'
    assert sniff_bytes(plain.encode(), "a.xml") == FileType.XML
