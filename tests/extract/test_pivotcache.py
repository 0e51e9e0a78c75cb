"""An XLSX workbook's pivot cache: the rows behind a pivot table, kept in the file after
its source sheet is gone, read as a table of their own (shared items by index, dates,
numbers, missing values, a calculated field left out)."""

from __future__ import annotations

import io

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.extract.base import Extracted, Source
from breachscope.extract.pivotcache import pivot_caches
from breachscope.extract.spreadsheet import SpreadsheetExtractor
from breachscope.extract.units import TableUnit

from .zipedit import rewrite

_NS = (
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
DEFINITION = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotCacheDefinition {_NS} r:id="rId1" recordCount="3"><cacheSource type="worksheet">
<worksheetSource ref="A1:F4" sheet="Brondata"/></cacheSource><cacheFields count="6">
<cacheField name="Patiënt"><sharedItems count="3"><s v="Jansen-de Vries, M."/>
<s v="Yılmaz, Ö."/><s v="van der Berg, J.P."/></sharedItems></cacheField>
<cacheField name="BSN"><sharedItems containsNumber="1"/></cacheField>
<cacheField name="Geboortedatum"><sharedItems containsDate="1"/></cacheField>
<cacheField name="Uitslag"><sharedItems count="2"><s v="hrHPV positief"/><s v="Pap 2"/>
</sharedItems></cacheField>
<cacheField name="Telefoon"><sharedItems containsBlank="1"/></cacheField>
<cacheField name="Aandeel" formula="1/2" databaseField="0"><sharedItems/></cacheField>
</cacheFields></pivotCacheDefinition>"""
RECORDS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotCacheRecords {_NS} count="3">
<r><x v="0"/><n v="123456782"/><d v="1978-03-04T00:00:00"/><x v="0"/><s v="06-12345678"/></r>
<r><x v="1"/><n v="12345672.0"/><d v="1990-01-15T08:30:00"/><x v="1"/><m/></r>
<r><x v="2"/><e v="#N/A"/><d v="1985-11-30T00:00:00"/><x v="9"/><s v=""/></r>
</pivotCacheRecords>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="pivotCacheRecords1.xml"
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotCacheRecords"/>
</Relationships>"""
PART = "xl/pivotCache/pivotCacheRecords1.xml"


def _workbook(with_records: bool = True) -> bytes:
    """A report whose only sheet holds the pivot's counts, its source sheet deleted."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Draaitabel"
    sheet.append(["Rijlabels", "Aantal"])
    sheet.append(["Huisartsenpraktijk De Linde", 3])
    buf = io.BytesIO()
    book.save(buf)
    parts = {
        "xl/pivotCache/pivotCacheDefinition1.xml": DEFINITION,
        "xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels": RELS,
    }
    if with_records:
        parts[PART] = RECORDS
    return rewrite(buf.getvalue(), parts)


def _extract(data: bytes) -> list[Extracted]:
    source = Source("rapport.xlsx", "xlsx", len(data), lambda: io.BytesIO(data))
    return list(SpreadsheetExtractor().extract(source, Config(max_table_rows_per_unit=2)))


def test_the_cache_is_a_table_of_its_records() -> None:
    ((part, header, rows),) = pivot_caches(io.BytesIO(_workbook()))
    assert part == PART
    assert header == ["Patiënt", "BSN", "Geboortedatum", "Uitslag", "Telefoon"]
    assert rows == [
        ["Jansen-de Vries, M.", "123456782", "1978-03-04", "hrHPV positief", "06-12345678"],
        ["Yılmaz, Ö.", "12345672", "1990-01-15T08:30:00", "Pap 2", None],
        ["van der Berg, J.P.", None, "1985-11-30", None, None],  # (an error; an index past)
    ]
    assert list(pivot_caches(io.BytesIO(_workbook(with_records=False)))) == []
    assert list(pivot_caches(io.BytesIO(b"PK\x03\x04 not a zip"))) == []


def test_the_patients_behind_a_pivot_are_found() -> None:
    items = _extract(_workbook())
    parts = {u.location.part for u in items if isinstance(u, TableUnit)}
    assert parts == {"Draaitabel", PART}
    units = [u for u in items if isinstance(u, TableUnit)]
    found = {
        (f.location.part, f.location.row, f.data_class, f.value)
        for f in findings_from_arrow(detect_units(units, Config(workers=1)))
    }
    assert found >= {
        (PART, 1, "name", "M. Jansen-de Vries"),
        (PART, 1, "bsn", "123456782"),
        (PART, 1, "date_of_birth", "1978-03-04"),
        (PART, 1, "health", "hrHPV positief"),
        (PART, 2, "bsn", "012345672"),
        (PART, 3, "date_of_birth", "1985-11-30"),
    }
