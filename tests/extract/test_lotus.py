"""Lotus 1-2-3 worksheets (``breachscope.extract.lotus``): cells by row and column, dates
by their format, labels in their code page."""

from __future__ import annotations

import io
import struct

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, Note, Source
from breachscope.extract.lotus import LotusExtractor, extended, serial_date, smallnum
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.ingest.filetype import sniff_bytes

from .samples import (
    DATE_FORMAT,
    lotus_record,
    wk1_file,
    wk1_integer,
    wk1_label,
    wk1_number,
)


def _read(data: bytes) -> list[Extracted]:
    source = Source("archief/LIJST.WK1", "lotus", len(data), lambda: io.BytesIO(data))
    return list(LotusExtractor().extract(source, Config()))


def _cells(items: list[Extracted]) -> dict[tuple[str | None, int, str], str]:
    out: dict[tuple[str | None, int, str], str] = {}
    for unit in items:
        if isinstance(unit, TableUnit):
            for row in unit.data.to_pylist():
                for i, name in enumerate(unit.columns):
                    if row[f"c{i}"] is not None:
                        out[(unit.location.part, row["__row__"], name)] = row[f"c{i}"]
    return out


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (1, "1900-01-01"),
        (59, "1900-02-28"),
        (60, None),  # (1-2-3's 29 February 1900)
        (61, "1900-03-01"),
        (28553, "1978-03-04"),
        (36892, "2001-01-01"),
        (0, None),
        (1.5, None),
        (2958466, None),
    ],
)
def test_serial_dates_count_1900_as_a_leap_year(serial: float, expected: str | None) -> None:
    assert serial_date(serial) == expected


def test_a_wk1_list_under_its_header() -> None:
    """Labels without their alignment prefixes, a date by its format, a number of a
    general format as written, a 16-bit integer, a title row as text."""
    data = wk1_file(
        wk1_label(0, 0, "PATIENTEN 1996"),
        wk1_label(0, 2, "NAAM"),
        wk1_label(1, 2, "GEBDAT"),
        wk1_label(2, 2, "BSN", prefix="^"),
        wk1_label(3, 2, "KAMER"),
        wk1_label(0, 3, "JANSEN", prefix='"'),
        wk1_number(1, 3, 28553, DATE_FORMAT),
        wk1_number(2, 3, 123456782),
        wk1_integer(3, 3, 12),
        wk1_label(0, 4, "DE VRIES"),
        wk1_number(1, 4, 28553, 0x02),  # (fixed, two decimals: no date)
        wk1_number(2, 4, 111222333, 0xFF),
    )
    assert sniff_bytes(data, "LIJST.WK1") == "lotus"
    items = _read(data)
    assert [u.text for u in items if isinstance(u, TextUnit)] == ["PATIENTEN 1996\n"]
    assert _cells(items) == {
        (None, 4, "NAAM"): "JANSEN",
        (None, 4, "GEBDAT"): "1978-03-04",
        (None, 4, "BSN"): "123456782",
        (None, 4, "KAMER"): "12",
        (None, 5, "NAAM"): "DE VRIES",
        (None, 5, "GEBDAT"): "28553",
        (None, 5, "BSN"): "111222333",
    }


@pytest.mark.parametrize(
    ("codec", "names"),
    [
        ("cp850", ["Ömer Yilmaz", "Hélène Müller"]),
        ("cp1252", ["Hélène Müller", "François Özdemir"]),
    ],
)
def test_labels_in_their_code_page(codec: str, names: list[str]) -> None:
    labels = [wk1_label(0, r, n, codec) for r, n in enumerate(names, 1)]
    data = wk1_file(wk1_label(0, 0, "NAAM"), *labels, version=0x0404)
    assert sniff_bytes(data, "OUD.WKS") == "lotus"
    found = _cells(_read(data))
    assert sorted(found.values()) == sorted(names)


def test_a_wk3_sheet() -> None:
    """Release 3's cells: a label, an extended float and a packed number, placed by row,
    sheet and column; each sheet its own part."""
    bof = lotus_record(0x00, struct.pack("<H", 0x1000) + bytes(24))

    def cell(kind: int, row: int, sheet: int, column: int, body: bytes) -> bytes:
        return lotus_record(kind, struct.pack("<HBB", row, sheet, column) + body)

    value = 123456782.0
    mantissa, exponent = int(value * 2**63 / 2**26), 16383 + 26
    data = (
        bof
        + cell(0x16, 0, 0, 0, b"'BSN\x00")
        + cell(0x17, 1, 0, 0, mantissa.to_bytes(8, "little") + exponent.to_bytes(2, "little"))
        + cell(0x18, 2, 0, 0, struct.pack("<h", 2023 << 1))
        + cell(0x16, 0, 1, 0, b"'tweede blad\x00")
        + lotus_record(0x01, b"")
    )
    assert sniff_bytes(data, "LIJST.WK3") == "lotus"
    items = _read(data)
    assert _cells(items) == {
        ("A", 2, "BSN"): "123456782",
        ("A", 3, "BSN"): "2023",
        ("B", 1, "column1"): "tweede blad",
    }


@pytest.mark.parametrize(
    ("packed", "expected"), [(2023 << 1, 2023.0), (-(7 << 1), -7.0), ((25 << 4) | 1, 125000.0)]
)
def test_packed_numbers(packed: int, expected: float) -> None:
    assert smallnum(packed) == expected


def test_extended_floats() -> None:
    assert extended((1 << 63).to_bytes(8, "little") + (16383).to_bytes(2, "little")) == 1.0
    assert (
        extended((3 << 62).to_bytes(8, "little") + (0x8000 | 16384).to_bytes(2, "little")) == -3.0
    )


def test_a_cut_worksheet_keeps_its_cells_before() -> None:
    data = wk1_file(wk1_label(0, 0, "NAAM"), wk1_label(0, 1, "JANSEN"), wk1_label(0, 2, "BAKKER"))
    items = _read(data[:-12])
    assert sorted(_cells(items).values()) == ["JANSEN"]
    notes = [n for n in items if isinstance(n, Note)]
    assert "passes the end" in notes[0].reason


@pytest.mark.parametrize(
    "head",
    [
        b"\x00\x00\x02\x00\x06\x04\xff\xff\x00\x00",  # (a next record type of none)
        b"\x00\x00\x02\x00\x07\x04\x08\x00\x03\x00",  # (an unknown version)
        b"\x00\x00\x04\x00\x06\x04\x00\x00",
    ],
)
def test_no_worksheet(head: bytes) -> None:
    assert sniff_bytes(head + bytes(40), "x.bin") != "lotus"
