"""Office Open XML properties and Word's document variables, read beside the text."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, Extractor, Note, Source
from breachscope.extract.docx import DocxExtractor
from breachscope.extract.officeprops import variable_lines
from breachscope.extract.spreadsheet import SpreadsheetExtractor
from breachscope.extract.units import TextUnit

from .samples import BSN, NAMES
from .zipedit import rewrite

pytestmark = pytest.mark.timeout(60)

CUSTOM = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
 xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">
<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="Patient">
<vt:lpwstr>{NAMES[0]}</vt:lpwstr></property>
<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="3" name="Geboortedatum">
<vt:filetime>1989-05-27T00:00:00Z</vt:filetime></property>
<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="4" name="Leeg"><vt:lpwstr/>
</property>
<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="5" name="Kinderen">
<vt:vector size="2" baseType="lpwstr"><vt:lpwstr>Jan</vt:lpwstr><vt:lpwstr>Piet</vt:lpwstr>
</vt:vector></property></Properties>"""

DOCVARS = (
    '<w:docVars><w:docVar w:name="PatNaam" w:val="mevr. W. van \'t Hof &amp; zn"/>'
    '<w:docVar w:name="Adres" w:val="Dorpsstraat 1&#13;&#10;1234 AB Hengelo"/>'
    '<w:docVar w:name="Leeg" w:val=""/>'
    f'<w:docVar w:name="Batch" w:val="A. Bakker|22-07-1960|{BSN[0]}|negatief;'
    f'B. Dekker|26-08-1991|{BSN[1]}|positief"/></w:docVars>'
)


def letter(custom: bytes | None = CUSTOM.encode(), docvars: str = DOCVARS) -> bytes:
    """A DOCX by python-docx with core properties, then custom properties and document
    variables added by the spec."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("Betreft: uitslag")
    doc.core_properties.author = "Ilse Boomkamp"
    doc.core_properties.title = f"Brief {NAMES[1]}"
    buf = io.BytesIO()
    doc.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as archive:
        settings = archive.read("word/settings.xml").decode()
    head, sep, tail = settings.partition("</w:settings>")
    changes = {"word/settings.xml": (head + docvars + sep + tail).encode()}
    if custom is not None:
        changes["docProps/custom.xml"] = custom
    return rewrite(buf.getvalue(), changes)


def run(extractor: Extractor, data: bytes, kind: str) -> list[Extracted]:
    source = Source(f"brief.{kind}", kind, len(data), lambda: io.BytesIO(data))
    return list(extractor.extract(source, Config()))


def parts(units: list[Extracted]) -> dict[str, str]:
    return {u.location.part or "": u.text for u in units if isinstance(u, TextUnit)}


def test_docx_properties_custom_properties_and_variables() -> None:
    found = parts(run(DocxExtractor(), letter(), "docx"))
    assert found["body"] == "Betreft: uitslag"
    assert "Ilse Boomkamp" not in found["properties"]  # (its author: staff, left out)
    assert f"title: Brief {NAMES[1]}" in found["properties"].split("\n")
    assert found["custom-properties"] == (
        f"Patient: {NAMES[0]}\nGeboortedatum: 1989-05-27T00:00:00Z\nKinderen: Jan; Piet"
    )
    assert found["document-variables"] == (
        "PatNaam: mevr. W. van 't Hof & zn\nAdres: Dorpsstraat 1\n1234 AB Hengelo\nBatch:\n"
        f"A. Bakker\t22-07-1960\t{BSN[0]}\tnegatief\nB. Dekker\t26-08-1991\t{BSN[1]}\tpositief"
    )


def test_variable_lines() -> None:
    assert variable_lines("X", "  ") == []
    assert variable_lines(" a  b ", "één") == ["a b: één"]
    assert variable_lines("R", "a|b\nc|d;") == ["R:", "a\tb", "c\td"]


def test_xlsx_custom_properties_by_openpyxl() -> None:
    from openpyxl import Workbook
    from openpyxl.packaging.custom import DateTimeProperty, StringProperty

    book = Workbook()
    book.active.append(["Naam", "BSN"])
    book.properties.creator = "R. Stol"
    book.custom_doc_props.append(StringProperty(name="Patient", value=NAMES[2]))
    book.custom_doc_props.append(
        DateTimeProperty(name="GebDat", value=dt.datetime(1970, 2, 1, tzinfo=dt.UTC))
    )
    buf = io.BytesIO()
    book.save(buf)
    found = parts(run(SpreadsheetExtractor(), buf.getvalue(), "xlsx"))
    assert "R. Stol" not in found["properties"] and "created: " in found["properties"]
    assert found["custom-properties"].startswith(f"Patient: {NAMES[2]}\nGebDat: 1970-02-01")


def test_broken_properties_noted_body_kept() -> None:
    broken = CUSTOM.encode()[:-200]
    units = run(DocxExtractor(), letter(custom=broken), "docx")
    found = parts(units)
    assert found["body"] == "Betreft: uitslag"
    assert found["custom-properties"] == f"Patient: {NAMES[0]}\nGeboortedatum: 1989-05-27T00:00:00Z"
    notes = [u for u in units if isinstance(u, Note)]
    assert [n.location.part for n in notes] == ["custom-properties"]
    assert "read in part" in notes[0].reason


def test_dtd_in_properties_refused_as_note() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE P [<!ENTITY a "aaaa">]><P>&a;</P>'
    units = run(DocxExtractor(), letter(custom=bomb), "docx")
    assert "custom-properties" not in parts(units)
    notes = [u for u in units if isinstance(u, Note)]
    assert notes and "DTD" in notes[0].reason
