"""An XLSX workbook's links to other workbooks: the cells Excel keeps a copy of, read as
sheets of their own (a header below a title, rows by their references, an error cell
empty, a second cached sheet, a sheet id no name is given for)."""

from __future__ import annotations

import io

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.extract.base import Extracted, Source
from breachscope.extract.externallinks import column_index, link_caches
from breachscope.extract.spreadsheet import SpreadsheetExtractor
from breachscope.extract.units import TableUnit, TextUnit

from .rows import rows_by_part
from .zipedit import rewrite

_NS = (
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
LINK = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<externalLink {_NS}><externalBook r:id="rId1"><sheetNames><sheetName val="Patiënten"/>
<sheetName val="Leeg"/></sheetNames><sheetDataSet>
<sheetData sheetId="0">
<row r="1"><cell r="A1" t="str"><v>Terugbellijst april</v></cell></row>
<row r="3"><cell r="A3" t="str"><v>Naam</v></cell><cell r="B3" t="str"><v>BSN</v></cell>
<cell r="C3" t="str"><v>Geboortedatum</v></cell><cell r="D3" t="str"><v>Uitslag</v></cell>
</row>
<row r="4"><cell r="A4" t="str"><v>Jansen-de Vries, M.</v></cell><cell r="B4"><v>123456782</v>
</cell><cell r="C4"><v>28553.0</v></cell><cell r="D4" t="str"><v>hrHPV positief</v></cell></row>
<row r="6"><cell r="A6" t="str"><v>Yılmaz, Ö.</v></cell><cell r="B6" t="e"><v>#N/A</v></cell>
<cell r="D6" t="str"><v>Pap 2</v></cell></row>
</sheetData>
<sheetData sheetId="1"/>
<sheetData sheetId="4"><row r="2"><cell r="AB2" t="str"><v>los</v></cell></row></sheetData>
</sheetDataSet></externalBook></externalLink>"""
PART = "xl/externalLinks/externalLink1.xml"


def _workbook(link: str = LINK) -> bytes:
    """A report of counts whose formulas refer to a patient list on a network drive."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Overzicht"
    sheet.append(["Terugbelacties open", 2])
    buf = io.BytesIO()
    book.save(buf)
    return rewrite(buf.getvalue(), {PART: link})


def _extract(data: bytes) -> list[Extracted]:
    source = Source("rapport.xlsx", "xlsx", len(data), lambda: io.BytesIO(data))
    return list(SpreadsheetExtractor().extract(source, Config()))


def test_column_letters() -> None:
    assert [column_index(c) for c in ("A", "Z", "AA", "AB", "XFD")] == [0, 25, 26, 27, 16383]


def test_each_cached_sheet_is_read_as_a_sheet() -> None:
    caches = dict(link_caches(io.BytesIO(_workbook())))
    assert caches == {
        f"{PART}/Patiënten": {
            1: {0: "Terugbellijst april"},
            3: {0: "Naam", 1: "BSN", 2: "Geboortedatum", 3: "Uitslag"},
            4: {0: "Jansen-de Vries, M.", 1: "123456782", 2: "28553", 3: "hrHPV positief"},
            6: {0: "Yılmaz, Ö.", 3: "Pap 2"},
        },
        f"{PART}/sheet5": {2: {27: "los"}},
    }
    items = _extract(_workbook())
    rows = rows_by_part(items)
    assert rows[f"{PART}/Patiënten"] == {
        4: {"Naam": "Jansen-de Vries, M.", "BSN": "123456782", "Geboortedatum": "28553",
            "Uitslag": "hrHPV positief"},
        6: {"Naam": "Yılmaz, Ö.", "Uitslag": "Pap 2"},
    }  # fmt: skip
    titles = [u.text for u in items if isinstance(u, TextUnit)]
    assert "Terugbellijst april\n" in titles


def test_the_patients_in_a_links_cache_are_found() -> None:
    units = [u for u in _extract(_workbook()) if isinstance(u, TableUnit)]
    found = {
        (f.location.part, f.location.row, f.data_class, f.value)
        for f in findings_from_arrow(detect_units(units, Config(workers=1)))
    }
    part = f"{PART}/Patiënten"
    assert found >= {
        (part, 4, "name", "M. Jansen-de Vries"),
        (part, 4, "bsn", "123456782"),
        (part, 4, "date_of_birth", "1978-03-04"),
        (part, 4, "health", "hrHPV positief"),
    }


def test_a_link_that_does_not_parse_gives_nothing_and_the_cells_are_still_read() -> None:
    items = _extract(_workbook(LINK[:300]))
    assert set(rows_by_part(items)) == {"Overzicht"}
    entity = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><externalLink/>'
    assert list(link_caches(io.BytesIO(_workbook(entity)))) == []
