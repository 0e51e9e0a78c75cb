"""dBase tables: sniffed by their header, read as a table of their records (those marked
deleted too), each field's type read as its text, the code page told; the patients in an
old practice system's table found."""

from __future__ import annotations

import io
import struct

import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.extract.base import Extracted, ExtractError, Note, Source
from breachscope.extract.dbf import DbfExtractor, value
from breachscope.extract.units import TableUnit
from breachscope.ingest.dbfheader import Field
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import rows_by_number
from .samples import dbf_bytes, dbf_sample

FIELDS = [("ACHTERNAAM", "C", 20), ("VOORL", "C", 6), ("GEBDAT", "D", 8), ("SOFINR", "C", 9)]


def extract(data: bytes) -> list[Extracted]:
    source = Source("DATA/PATIENT.DBF", "dbf", len(data), lambda: io.BytesIO(data))
    return list(DbfExtractor().extract(source, Config()))


def test_a_table_is_sniffed_by_its_header() -> None:
    assert sniff_bytes(dbf_sample().data, "PATIENT.DBF") is FileType.DBF
    assert sniff_bytes(dbf_sample().data[:-200], "PATIENT.DBF") is not FileType.DBF  # (cut)
    assert sniff_bytes(b"\x03" + bytes(63), "a.dbf") is not FileType.DBF
    assert sniff_bytes(b"\x03\x7c\x05\x0dJansen;Pieter\n" * 8, "a.dbf") is not FileType.DBF


def test_records_marked_deleted_are_read_and_the_code_page_named_is_used() -> None:
    records = [(False, ["Jansen", "P.", "19780304", "123456782"]),
               (True, ["Hoëlen", "A.", "19850101", "111222333"])]  # fmt: skip
    rows = rows_by_number(extract(dbf_bytes(FIELDS, records, driver=0x02)))
    assert rows[1] == {"ACHTERNAAM": "Jansen", "VOORL": "P.", "GEBDAT": "1978-03-04",
                       "SOFINR": "123456782"}  # fmt: skip
    assert rows[2]["ACHTERNAAM"] == "Hoëlen"  # (deleted, still in the file: read)
    windows = dbf_bytes(FIELDS, records, driver=0x57)  # (written as cp850, named cp1252)
    assert rows_by_number(extract(windows))[2]["ACHTERNAAM"] == "Ho\u2030len"


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        ("N", b"   42", "42"),
        ("N", b"*****", None),  # (a number too wide for its field)
        ("D", b"        ", None),
        ("D", b"19780231", "19780231"),  # (no such day: kept as written)
        ("L", b"?", None),
        ("I", struct.pack("<i", -7), "-7"),
        ("B", struct.pack("<d", 123456782.0), "123456782"),
        ("Y", struct.pack("<q", 123450), "12.345"),
        ("T", struct.pack("<ii", 2443572, 3600000), "1978-03-04T01:00:00"),
        ("M", b"        12", None),  # (a memo's block in another file)
    ],
)
def test_field_values(kind: str, raw: bytes, expected: str | None) -> None:
    assert value(Field("F", kind, 1, len(raw)), raw, "cp850") == expected


def test_a_table_cut_short_keeps_its_whole_records_with_a_note() -> None:
    records = [(False, ["Jansen", "P.", "19780304", "123456782"])] * 3
    items = extract(dbf_bytes(FIELDS, records)[:-40])
    assert sorted(rows_by_number(items)) == [1, 2]
    notes = [i for i in items if isinstance(i, Note)]
    assert len(notes) == 1 and "2 of its 3 records" in notes[0].reason


def test_a_file_whose_header_does_not_read_is_an_error() -> None:
    with pytest.raises(ExtractError, match="not a dBase table"):
        extract(b"\x03\x7c\x05\x0d" + bytes(60))


def test_the_patients_of_an_old_practice_system_are_found() -> None:
    units = [u for u in extract(dbf_sample().data) if isinstance(u, TableUnit)]
    found = {
        (f.location.row, f.data_class, f.value)
        for f in findings_from_arrow(detect_units(units, Config(workers=1)))
    }
    assert found >= {
        (1, "name", "Jansen-de Vries"),
        (1, "date_of_birth", "1978-03-04"),
        (1, "bsn", "123456782"),  # (in the old SOFINR field)
        (1, "phone", "+31612345678"),
        (2, "bsn", "111222333"),
        (3, "name", "Çelik"),
    }
